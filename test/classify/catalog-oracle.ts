/**
 * Oracle for the whole rule-language catalog (src/classify/features.ts,
 * FEATURE_CATALOG; docs/config.md lists it): every feature and every catalog
 * function, computed as plainly as possible from the catalog's descriptions
 * over plain records with ISO date strings. Like oracle.ts it shares no code
 * with src/classify nor src/dates (filters over arrays, Date.UTC day counts).
 */
import type { IncidentRec, LevelName, NotificationRec } from '../helpers/records.js';
import { addDaysIso, addMonthsIso, isOffense, isSerious, type History } from './oracle.js';

const LEVELS: LevelName[] = ['D', 'C', 'B', 'A'];

/** Whole days from ISO day a to ISO day b (b − a). */
export function daysBetween(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** Incidents in view as of T: on or before T and, with a look-back, after T − look-back months. */
export function incidentsInView(h: History, T: string, lookbackMonths?: number | null): IncidentRec[] {
  const from = lookbackMonths ? addMonthsIso(T, -lookbackMonths) : '';
  return h.incidents.filter((i) => i.incident_date <= T && i.incident_date > from);
}

/** Every catalog feature by name, as of T. NaN where the catalog says so. */
export function catalogFeatures(h: History, T: string, lookbackMonths?: number | null): Record<string, number> {
  const seen = incidentsInView(h, T, lookbackMonths);
  // the same (date, level) entered twice is one notification (docs/methods.md#data: duplicates count once)
  const once = new Set<string>();
  const nots: NotificationRec[] = h.notifications.filter((n) => {
    const key = `${n.notification_date}|${n.level}`;
    if (n.notification_date > T || once.has(key)) return false;
    once.add(key);
    return true;
  });
  const out: Record<string, number> = {};
  out.incidents = seen.length;
  out.offenses = seen.filter(isOffense).length;
  out.serious = seen.filter(isSerious).length;
  out.arrests = seen.filter((i) => i.arrest === true).length;
  out.injuries = seen.filter((i) => i.injury === true).length;
  out.victims = new Set(seen.map((i) => i.victim_id ?? '').filter((v) => v !== '')).size;
  for (const L of LEVELS) {
    const firstL = nots
      .filter((n) => n.level === L)
      .map((n) => n.notification_date)
      .sort()[0];
    out[`notified_${L}`] = firstL === undefined ? 0 : 1;
    out[`offenses_after_${L}`] =
      firstL === undefined ? 0 : seen.filter((i) => isOffense(i) && i.incident_date > firstL).length;
    out[`incidents_after_${L}`] = firstL === undefined ? 0 : seen.filter((i) => i.incident_date > firstL).length;
  }
  const notDates = nots.map((n) => n.notification_date).sort();
  out.notifications = nots.length;
  out.notified = nots.length > 0 ? 1 : 0;
  out.highest_notified_level = Math.max(0, ...nots.map((n) => LEVELS.indexOf(n.level) + 1));
  out.offenses_after_notification =
    notDates.length === 0 ? 0 : seen.filter((i) => isOffense(i) && i.incident_date > notDates[0]).length;
  const incDates = seen.map((i) => i.incident_date).sort();
  out.days_since_last_incident = incDates.length ? daysBetween(incDates[incDates.length - 1], T) : NaN;
  out.days_since_first_incident = incDates.length ? daysBetween(incDates[0], T) : NaN;
  out.days_since_last_notification = notDates.length ? daysBetween(notDates[notDates.length - 1], T) : NaN;
  return out;
}

export const CATALOG_FUNCTIONS = [
  'incidents_within_months',
  'offenses_within_months',
  'serious_within_months',
  'incidents_within_days',
  'offenses_within_days',
  'serious_within_days',
] as const;

/**
 * A catalog function as of T: incidents in view dated after (T − n months, or
 * T − n days) of the kind named; n is truncated to a whole number; a negative
 * or non-finite n gives NaN.
 */
export function catalogFunction(
  name: (typeof CATALOG_FUNCTIONS)[number],
  n: number,
  h: History,
  T: string,
  lookbackMonths?: number | null,
): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  const whole = Math.floor(n);
  const since = name.endsWith('_months') ? addMonthsIso(T, -whole) : addDaysIso(T, -whole);
  const kind = name.split('_')[0];
  const keep = kind === 'incidents' ? () => true : kind === 'offenses' ? isOffense : isSerious;
  return incidentsInView(h, T, lookbackMonths).filter((i) => i.incident_date > since && keep(i)).length;
}
