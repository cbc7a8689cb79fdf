/**
 * What the evaluation tables share: the index notification of each person
 * (docs/methods.md#prepost, #recidivism, #survival: t0 and level), the coverage note printed under every
 * table, and small-count suppression for tables that will be published.
 * Pure: no I/O, no clock.
 */
import { SUPPRESSED, suppressTable } from './suppression.js';
import { formatDay } from '../dates.js';
import { LEVELS, type Cell, type Dataset, type Day, type Level, type LevelCode } from '../model.js';
import type { PersonIndex } from '../classify/person-index.js';

/** Levels in the order the Kingston tables list them: A first. */
export const LEVELS_HIGH_FIRST: readonly Level[] = [...LEVELS].reverse();

/** One person's index notification: the day t0 and the level it was delivered at. */
export interface IndexNotification {
  person: number;
  day: Day;
  level: LevelCode;
}

/**
 * The evaluation cohort (docs/methods.md#cohort): the notified persons with at
 * least one incident in the data, and how many notified persons are left out
 * because they have none (of those, how many had every incident removed by
 * the IPV relationship filter). The one place every evaluation table
 * (prepost, recidivism, survival, fidelity, compare) takes its people from:
 * a notified person with no incident is never counted as a non-reoffender.
 */
export interface NotifiedCohort {
  /** person indexes, ascending: notified at least once and with at least one incident */
  persons: number[];
  /** member[p] = 1 when person p is in `persons` */
  member: Uint8Array;
  leftOut: LeftOut;
}

/** Notified persons left out of the evaluation cohort. */
export interface LeftOut {
  /** notified persons with no incident in the data (every one of them, whatever the reason) */
  noIncident: number;
  /** of `noIncident`, persons whose incidents were all excluded by the IPV relationship filter */
  ipvFiltered: number;
}

export function notifiedCohort(ds: Dataset, idx: PersonIndex): NotifiedCohort {
  const persons: number[] = [];
  const member = new Uint8Array(idx.persons);
  const leftOut: LeftOut = { noIncident: 0, ipvFiltered: 0 };
  for (let p = 0; p < idx.persons; p++) {
    if (idx.notStart[p + 1] === idx.notStart[p]) continue;
    if (idx.incStart[p + 1] > idx.incStart[p]) {
      persons.push(p);
      member[p] = 1;
      continue;
    }
    leftOut.noIncident++;
    // (no IPV filter: the persons' texts are not needed, and not decoded)
    if (ds.ipvExcluded?.size && ds.ipvExcluded.has(ds.persons.values[p])) leftOut.ipvFiltered++;
  }
  return { persons, member, leftOut };
}

/**
 * A count as a note or JSON field shows it under --suppress-below N: 1..N−1
 * read `<N` (docs/methods.md#suppression: no small count is readable from a
 * note or a JSON field); 0 and N or more as they are.
 */
export function shownCount(n: number, below: number | undefined): string {
  return below !== undefined && below > 1 && n >= 1 && n < below ? `<${below}` : String(n);
}

/**
 * The two reasons a notified person is left out (IPV-filtered, no incident in
 * the export) as shown: when either is hidden and the total is not, both read
 * `suppressed`, since total − one part would give the other back.
 */
function leftOutParts(l: LeftOut, below: number | undefined): { ipv: string; other: string } {
  const other = l.noIncident - l.ipvFiltered;
  const [ipv, rest, total] = [l.ipvFiltered, other, l.noIncident].map((x) => shownCount(x, below));
  const partHidden = ipv !== String(l.ipvFiltered) || rest !== String(other);
  return partHidden && total === String(l.noIncident)
    ? { ipv: 'suppressed', other: 'suppressed' }
    : { ipv, other: rest };
}

/** The left-out counts for the JSON (`left_out`): numbers, or `<N` / `suppressed` strings when suppressed. */
export function leftOutMeta(l: LeftOut, below?: number): Record<keyof LeftOut, number | string> {
  const total = shownCount(l.noIncident, below);
  const { ipv } = leftOutParts(l, below);
  return {
    noIncident: total === String(l.noIncident) ? l.noIncident : total,
    ipvFiltered: ipv === String(l.ipvFiltered) ? l.ipvFiltered : ipv,
  };
}

/**
 * The note under every evaluation table that says who was left out of the
 * cohort and why (nothing when no one was).
 *
 * @example
 * leftOutNote({ noIncident: 25, ipvFiltered: 21 });
 * // ['25 notified persons left out of the cohort because they have no incident in the data: 21 whose incidents were all excluded by the IPV relationship filter; 4 with no incident in the export (…). They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)']
 */
export function leftOutNote(l: LeftOut, below?: number): string[] {
  if (l.noIncident === 0) return [];
  const other = l.noIncident - l.ipvFiltered;
  const n = (x: number) => shownCount(x, below);
  const parts = leftOutParts(l, below);
  const why = [
    ...(l.ipvFiltered ? [`${parts.ipv} whose incidents were all excluded by the IPV relationship filter`] : []),
    ...(other
      ? [
          `${parts.other} with no incident in the export (an ID that does not match the incidents' suspect IDs, e.g. one that lost its leading zeros, is one of these: \`ipvi validate\` names them)`,
        ]
      : []),
  ];
  return [
    `${n(l.noIncident)} notified person${n(l.noIncident) === '1' ? '' : 's'} left out of the cohort because they have no incident in the data: ${why.join('; ')}. ` +
      'They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)',
  ];
}

/**
 * Cohort "first" (docs/methods.md#recidivism): one entry per person of the
 * evaluation cohort (`notifiedCohort`), t0 = the earliest notification; when
 * a person has several notifications on that day the highest level counts
 * (the person index sorts a person's notifications by day, then level
 * descending, so it is the first one).
 *
 * @example
 * // person 0 notified D and C on 2020-01-05 and B on 2020-03-01
 * firstNotifications(ds, idx); // [{ person: 0, day: <2020-01-05>, level: 2 }]
 */
export function firstNotifications(ds: Dataset, idx: PersonIndex): IndexNotification[] {
  return notifiedCohort(ds, idx).persons.map((p) => {
    const j = idx.notOrder[idx.notStart[p]];
    return { person: p, day: ds.notifications.day[j], level: ds.notifications.level[j] as LevelCode };
  });
}

/**
 * Cohort "level-entry": one entry per (person, level) the person was ever
 * notified at, dated at the first notification at that level; persons of the
 * evaluation cohort (`notifiedCohort`) only.
 */
export function levelEntries(ds: Dataset, idx: PersonIndex): IndexNotification[] {
  const out: IndexNotification[] = [];
  for (const p of notifiedCohort(ds, idx).persons) {
    const seen = new Set<number>();
    for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) {
      const j = idx.notOrder[k];
      const lv = ds.notifications.level[j];
      if (seen.has(lv)) continue;
      seen.add(lv);
      out.push({ person: p, day: ds.notifications.day[j], level: lv as LevelCode });
    }
  }
  return out;
}

/** "coverage: 2015-01-01 (option) to 2020-12-31 (data), both days inclusive". */
export function coverageNote(ds: Dataset): string {
  const c = ds.coverage;
  return `coverage: ${formatDay(c.start)} (${sourceWords(c.startSource)}) to ${formatDay(c.end)} (${sourceWords(c.endSource)}), both days inclusive`;
}

function sourceWords(s: 'data' | 'option' | 'config'): string {
  return s === 'data' ? 'from the data' : s === 'option' ? 'set by option' : 'set in the config';
}

/** The marker that replaces a small count: `<N`. */
export function suppressionMarker(below: number): string {
  return `<${below}`;
}

/** True when `count` is a small count to hide: 1 ≤ count ≤ below − 1. Zero is never hidden. */
export function isSmallCount(count: Cell, below: number | undefined): boolean {
  return below !== undefined && below > 1 && typeof count === 'number' && count >= 1 && count < below;
}

/**
 * One row through `suppressTable` (src/metrics/suppression.ts), for tables
 * whose rows have no margin: each rule names a count cell and the cells
 * derived from it; a count 1 … below−1 reads `<below`, what is built on it
 * `suppressed`. Cells named in `notApplicable` that are empty (null) do not
 * apply to this row and stay empty (`SuppressionDeclaration.notApplicable`).
 * Returns how many cells were replaced.
 */
export function suppressRow(
  row: Record<string, Cell>,
  below: number | undefined,
  rules: { count: string; derived: string[] }[],
  notApplicable: readonly string[] = [],
): number {
  const derived: Record<string, string[]> = {};
  for (const r of rules) for (const d of r.derived) (derived[d] ??= []).push(r.count);
  return suppressTable([row], below, { counts: rules.map((r) => r.count), derived, notApplicable: () => notApplicable })
    .cells;
}

/** The note printed under a table suppressed row by row (`suppressRow`): no margins are declared, so it says so. */
export function suppressionNote(below: number | undefined, replaced: number): string[] {
  if (below === undefined || below <= 1) return [];
  return [
    `small counts suppressed for publication: counts from 1 to ${below - 1} are shown as "${suppressionMarker(below)}" and the rates and intervals built on them as "${SUPPRESSED}" (${replaced} cell${replaced === 1 ? '' : 's'}); zeros are shown; ` +
      'rows are suppressed one by one, so a hidden cell may still be recoverable from a total (docs/methods.md#suppression)',
  ];
}

/** Format a number for a note: up to `digits` decimals, trailing zeros trimmed. */
export function fmt(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return String(Number(x.toFixed(digits)));
}

/** Format a p-value for a note: 4 significant decimals, or "< 0.0001". */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
