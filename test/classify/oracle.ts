/**
 * The test oracle: docs/methods.md#flags, #classification (default IPVI rules) and #tier-list (monthly
 * tier list) re-implemented as plainly as possible, over plain record
 * objects with ISO date strings (which compare correctly as strings).
 * Deliberately shares no code with src/classify (nor src/dates): filters
 * and maps over arrays, written straight from the spec's tables.
 */
import type { IncidentRec, LevelName, NotificationRec } from '../helpers/records.js';

export type OracleLevel = LevelName | '';

const RANK: Record<OracleLevel, number> = { '': 0, D: 1, C: 2, B: 3, A: 4 };
export const rank = (l: OracleLevel): number => RANK[l];

/** §2: an offense incident is one with an arrest or a non-empty offense code. */
export function isOffense(i: IncidentRec): boolean {
  return i.arrest === true || (i.offense ?? '') !== '';
}
/** §2: a serious incident has a weapon, strangulation or a felony. */
export function isSerious(i: IncidentRec): boolean {
  return i.weapon === true || i.strangulation === true || i.felony === true;
}

export interface History {
  id: string;
  incidents: IncidentRec[];
  notifications: NotificationRec[];
}

/** Every person named in either file, with their rows. */
export function histories(incidents: IncidentRec[], notifications: NotificationRec[]): Map<string, History> {
  const out = new Map<string, History>();
  const get = (id: string) => {
    let h = out.get(id);
    if (!h) out.set(id, (h = { id, incidents: [], notifications: [] }));
    return h;
  };
  for (const i of incidents) get(i.suspect_id).incidents.push(i);
  for (const n of notifications) get(n.person_id).notifications.push(n);
  return out;
}

/** Deliberately wrong variants, used to show that the test data can tell them apart. */
export interface Mutation {
  /** count an offense on the notification day as "after" it */
  afterInclusive?: boolean;
  /** drop the serious-incident shortcut to A */
  noSeriousShortcut?: boolean;
  /** use the last notification at L instead of the first */
  lastNotification?: boolean;
  /** ignore incidents dated exactly T */
  incidentsBeforeT?: boolean;
}

/** Settings the spec makes configurable. */
export interface OracleOptions extends Mutation {
  /** only incidents dated after (T − this many calendar months) count (§9 look-back) */
  lookbackMonths?: number | null;
}

export interface OracleFeatures {
  incidents: number;
  offenses: number;
  serious: number;
  notified: Record<LevelName, boolean>;
  offensesAfter: Record<LevelName, number>;
}

/** §3 features as of T. */
export function oracleFeatures(h: History, T: string, mut: OracleOptions = {}): OracleFeatures {
  const from = mut.lookbackMonths ? addMonthsIso(T, -mut.lookbackMonths) : '';
  const seen = h.incidents.filter(
    (i) => (mut.incidentsBeforeT ? i.incident_date < T : i.incident_date <= T) && i.incident_date > from,
  );
  const nots = h.notifications.filter((n) => n.notification_date <= T);
  const notified = {} as Record<LevelName, boolean>;
  const offensesAfter = {} as Record<LevelName, number>;
  for (const L of ['A', 'B', 'C', 'D'] as LevelName[]) {
    const dates = nots
      .filter((n) => n.level === L)
      .map((n) => n.notification_date)
      .sort();
    notified[L] = dates.length > 0;
    const first = mut.lastNotification ? dates[dates.length - 1] : dates[0];
    offensesAfter[L] =
      first === undefined
        ? 0
        : seen.filter((i) => isOffense(i) && (mut.afterInclusive ? i.incident_date >= first : i.incident_date > first))
            .length;
  }
  return {
    incidents: seen.length,
    offenses: seen.filter(isOffense).length,
    serious: seen.filter(isSerious).length,
    notified,
    offensesAfter,
  };
}

/** §3 default rules as of T: A, then B, C, D; no incident seen → no level. */
export function oracleLevel(h: History, T: string, mut: OracleOptions = {}): OracleLevel {
  const f = oracleFeatures(h, T, mut);
  if (f.incidents === 0) return '';
  const shortcut = !mut.noSeriousShortcut && f.serious >= 1 && f.offenses >= 2;
  if ((f.notified.B && f.offensesAfter.B >= 1) || shortcut) return 'A';
  if (f.offenses >= 2 || (f.notified.C && f.offensesAfter.C >= 1)) return 'B';
  if (f.offenses >= 1) return 'C';
  if (f.incidents >= 1) return 'D';
  return '';
}

// ------------------------------------------------------------ dates (plain)

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Last day of month `yyyy-MM`. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return iso(new Date(Date.UTC(y, m, 0))); // day 0 of the next month
}
/** `yyyy-MM` of the month after `month`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return iso(new Date(Date.UTC(y, m, 1))).slice(0, 7);
}
/** `yyyy-MM` of the month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return iso(new Date(Date.UTC(y, m - 2, 1))).slice(0, 7);
}
/** Calendar months added, clamped to the month's last day (2020-03-31 − 1 month = 2020-02-29). */
export function addMonthsIso(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))));
}
/** ISO day + n days. */
export function addDaysIso(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return iso(new Date(Date.UTC(y, m - 1, d + n)));
}

// ------------------------------------------------------------ §9 tier list

export interface OracleTierRow {
  person_id: string;
  level: LevelName;
  previous_level: OracleLevel;
  change: 'new' | 'escalated' | 'unchanged' | 'lowered';
  notification_due: boolean;
  enforcement_review: boolean;
  last_incident_date: string;
  incidents: number;
  offenses: number;
  last_notified_level: OracleLevel;
  last_notified_date: string;
}

/**
 * §9 for month `yyyy-MM` under the default rules. Sorted A..D, most recent
 * incident first, then id. `dropped`: persons with an incident on or before T
 * but none inside the look-back.
 */
export function oracleTierListWithDropped(
  all: Map<string, History>,
  month: string,
  opts: OracleOptions = {},
): { rows: OracleTierRow[]; dropped: number } {
  const T = monthEnd(month);
  const P = monthEnd(previousMonth(month));
  const from = opts.lookbackMonths ? addMonthsIso(T, -opts.lookbackMonths) : '';
  const rows: OracleTierRow[] = [];
  let dropped = 0;
  for (const h of all.values()) {
    const level = oracleLevel(h, T, opts);
    if (level === '') {
      if (h.incidents.some((i) => i.incident_date <= T)) dropped++;
      continue;
    }
    const previous = oracleLevel(h, P, opts);
    const seen = h.incidents.filter((i) => i.incident_date <= T && i.incident_date > from);
    const nots = h.notifications.filter((n) => n.notification_date <= T);
    const lastDate =
      nots
        .map((n) => n.notification_date)
        .sort()
        .pop() ?? '';
    const onLastDay = nots.filter((n) => n.notification_date === lastDate).map((n) => n.level);
    const lastLevel = onLastDay.sort((a, b) => rank(b) - rank(a))[0] ?? '';
    const highest = Math.max(0, ...nots.map((n) => rank(n.level)));
    rows.push({
      person_id: h.id,
      level,
      previous_level: previous,
      change:
        previous === ''
          ? 'new'
          : rank(level) > rank(previous)
            ? 'escalated'
            : rank(level) < rank(previous)
              ? 'lowered'
              : 'unchanged',
      notification_due: level !== 'A' && highest < rank(level),
      enforcement_review: level === 'A',
      last_incident_date: seen
        .map((i) => i.incident_date)
        .sort()
        .pop()!,
      incidents: seen.length,
      offenses: seen.filter(isOffense).length,
      last_notified_level: lastLevel,
      last_notified_date: lastDate,
    });
  }
  rows.sort(
    (a, b) =>
      rank(b.level) - rank(a.level) ||
      (a.last_incident_date < b.last_incident_date ? 1 : a.last_incident_date > b.last_incident_date ? -1 : 0) ||
      (a.person_id < b.person_id ? -1 : a.person_id > b.person_id ? 1 : 0),
  );
  return { rows, dropped };
}

export function oracleTierList(all: Map<string, History>, month: string, opts: OracleOptions = {}): OracleTierRow[] {
  return oracleTierListWithDropped(all, month, opts).rows;
}
