/**
 * Program fidelity: is the program keeping its promises? The NNSC 2023 IPVI presentation's "follow
 * up: keep your promises", "swift response" and "no implementation until
 * victim safety is satisfied" (docs/methods.md#classification, #parallel-responses, #tier-list), measured per level.
 */
import { quantile } from 'simple-statistics';
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Cell, type Dataset, type Day, type LevelCode, type Table } from '../model.js';
import { explainPerson, type RuleSet } from '../classify/classify.js';
import { FeatureComputer } from '../classify/features.js';
import type { PersonIndex } from '../classify/person-index.js';
import { highestNotified } from '../classify/tier-list.js';
import {
  coverageNote,
  isSmallCount,
  leftOutMeta,
  leftOutNote,
  notifiedCohort,
  suppressionNote,
  suppressRow,
} from './common.js';
import { SUPPRESSED } from './suppression.js';

export interface FidelityOptions {
  /** only people whose level was set in this period, and notifications dated in it (default: the coverage) */
  period?: { first: Day; last: Day; label: string };
  /** program launch: only levels set and notifications delivered on or after it count (nothing was owed before the program existed) */
  launch?: Day;
  /** levels whose notification must follow victim contact (docs/methods.md#parallel-responses; config victim_contact_first, default B) */
  contactFirst: readonly number[];
  suppressBelow?: number;
}

/** One person reaching one level: the incident day that set it, and the notification that answered it. */
export interface LevelEvent {
  person: number;
  level: LevelCode;
  /** the first incident day at which the level as of that day was this level */
  setDay: Day;
  /** notified at this level or higher before the set day */
  alreadyNotified: boolean;
  /** the first notification at this level or higher on or after the set day (NO_DAY when none by the coverage end) */
  notifiedDay: Day;
}

/**
 * For each person, the first incident day at which their level (as of that
 * day, docs/methods.md#classification, via `explainPerson`) equals each level, and the first
 * notification at that level or higher on or after it. Levels are evaluated
 * only at incident days up to the coverage end; a level a person skips
 * (none → B) is not reached.
 */
export function levelEvents(ds: Dataset, idx: PersonIndex, set: RuleSet): LevelEvent[] {
  const { incidents: inc, notifications: not, coverage } = ds;
  const fc = new FeatureComputer(ds, idx, set.features);
  const out: LevelEvent[] = [];
  const setDay = new Int32Array(5);
  for (let p = 0; p < idx.persons; p++) {
    setDay.fill(NO_DAY);
    let last = NO_DAY;
    for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) {
      const d = inc.day[idx.incOrder[k]];
      if (d > coverage.end) break;
      if (d === last) continue;
      last = d;
      const lv = explainPerson(ds, idx, set, p, d, fc).level;
      if (lv && setDay[lv] === NO_DAY) setDay[lv] = d;
    }
    for (let lv = 1; lv <= 4; lv++) {
      const s = setDay[lv];
      if (s === NO_DAY) continue;
      const already = highestNotified(ds, idx, p, s - 1) >= lv;
      let notifiedDay = NO_DAY;
      if (!already) {
        for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) {
          const j = idx.notOrder[k];
          const d = not.day[j];
          if (d > coverage.end) break;
          if (d >= s && not.level[j] >= lv) {
            notifiedDay = d;
            break;
          }
        }
      }
      out.push({ person: p, level: lv as LevelCode, setDay: s, alreadyNotified: already, notifiedDay });
    }
  }
  return out;
}

/**
 * Fidelity per level D, C, B (and A, where no notification is promised):
 *
 * - `reached`: persons whose level was first set to L by an incident in the
 *   period (and, with `launch`, on or after the launch: nothing was owed
 *   before the program existed; notifications count from it too);
 * - `owed`: of those, persons not already notified at L or higher the day before;
 * - `notified`: owed persons notified at L or higher by the coverage end;
 *   `never_notified` = owed − notified (as of the coverage end);
 * - `median_days`, `p90_days`: days from the set day to that notification,
 *   among the notified (quantile type 7, R's default);
 * - `within_7`, `within_30`: share of owed persons notified within 7 / 30
 *   days, among those whose set day is at least 7 / 30 days before the
 *   coverage end (so everyone in the denominator had the full time);
 * - `notifications`: notifications delivered at L in the period;
 *   `victim_contact_first`: for levels that require it (docs/methods.md#parallel-responses, default B), the
 *   share of those with a victim contact dated on or before the notification.
 *
 * A-level persons are addressed by enforcement, not notification (docs/methods.md#parallel-responses), so
 * the A row only counts `reached` and `notifications`.
 *
 * Edge cases: no one owed → empty delays and shares with a note; delays
 * among the notified only are biased short when many are still waiting (the
 * note gives `never_notified`). Never NaN.
 *
 * @example
 * // test/metrics/small-fixtures.ts fidelitySpec: B set on 2023-03-01 and 2023-02-10, notified 2 and 38 days later
 * fidelityTable(ds, idx, set, { contactFirst: [3] }).rows[1];
 * // { level: 'B', reached: 2, owed: 2, notified: 2, never_notified: 0, median_days: 20, p90_days: 34.4,
 * //   within_7: 0.5, within_30: 0.5, notifications: 2, victim_contact_first: 0.5 }
 */
/**
 * The period a fidelity table counts, in words that agree with its dates: "the whole coverage, 2019-01-02
 * to 2024-06-28", "from the launch to the coverage end, 2021-01-01 to 2024-06-28", "2023-06, 2023-06-01 to
 * 2023-06-30", "2023-06 from the launch, 2023-06-15 to 2023-06-30".
 */
export function periodLabel(options: FidelityOptions, coverageStart: Day, first: Day, last: Day): string {
  const clipped = first > (options.period?.first ?? coverageStart);
  const what = options.period
    ? `${options.period.label}${clipped ? ' from the launch' : ''}`
    : clipped
      ? 'from the launch to the coverage end'
      : 'the whole coverage';
  return `${what}, ${formatDay(first)} to ${formatDay(last)}`;
}

/** The notification-delay columns: built on `reached`, empty in the A row. */
const DELAY_COLUMNS = ['owed', 'notified', 'never_notified', 'median_days', 'p90_days', 'within_7', 'within_30'];

/** The empty columns that do not apply to a level's row (docs/methods.md#suppression: they stay empty under suppression). */
function notApplicable(lv: LevelCode, contactFirst: readonly number[]): string[] {
  return [...(lv === 4 ? DELAY_COLUMNS : []), ...(contactFirst.includes(lv) ? [] : ['victim_contact_first'])];
}

export function fidelityTable(ds: Dataset, idx: PersonIndex, set: RuleSet, options: FidelityOptions): Table {
  const { coverage, notifications: not } = ds;
  const first = Math.max(options.period?.first ?? coverage.start, options.launch ?? -Infinity);
  const last = options.period?.last ?? coverage.end;
  const events = levelEvents(ds, idx, set).filter((e) => e.setDay >= first && e.setDay <= last);
  // notifications of persons outside the evaluation cohort (no incident in the data) are not counted (docs/methods.md#cohort)
  const cohort = notifiedCohort(ds, idx);
  const rows: Record<string, Cell>[] = [];
  const problems: string[] = [];
  let replaced = 0;
  for (let lv = 1 as LevelCode; lv <= 4; lv = (lv + 1) as LevelCode) {
    const name = levelName(lv);
    const evs = events.filter((e) => e.level === lv);
    let notifications = 0,
      contactFirst = 0;
    for (let j = 0; j < not.length; j++) {
      if (not.level[j] !== lv || not.day[j] < first || not.day[j] > last || !cohort.member[not.person[j]]) continue;
      notifications++;
      const c = not.victimContactDay[j];
      if (c !== NO_DAY && c <= not.day[j]) contactFirst++;
    }
    // each share's numerator and base: counts the share gives back with its row (docs/methods.md#suppression);
    // `late`: with the notified shown, the notified left out of the numerator, when that is one group of persons
    const shares: { column: string; part: number; base: number; whole: number; late: number }[] = [];
    // why an empty cell is empty, said in a note unless the cell is hidden (the note would give its value away)
    const empty: { column: string; text: string }[] = [];
    const row: Record<string, Cell> = {
      level: name,
      reached: evs.length,
      owed: null,
      notified: null,
      never_notified: null,
      median_days: null,
      p90_days: null,
      within_7: null,
      within_30: null,
      notifications,
      victim_contact_first: null,
    };
    if (options.contactFirst.includes(lv)) {
      if (notifications > 0) {
        row.victim_contact_first = contactFirst / notifications;
        shares.push({
          column: 'victim_contact_first',
          part: contactFirst,
          base: notifications,
          whole: notifications,
          late: 0,
        });
      } else
        empty.push({
          column: 'victim_contact_first',
          text: `${name}: no ${name}-level notification in the period, so no victim-contact share`,
        });
    }
    if (lv < 4) {
      const owed = evs.filter((e) => !e.alreadyNotified);
      const done = owed.filter((e) => e.notifiedDay !== NO_DAY);
      const delays = done.map((e) => e.notifiedDay - e.setDay).sort((a, b) => a - b);
      row.owed = owed.length;
      row.notified = done.length;
      row.never_notified = owed.length - done.length;
      if (delays.length) {
        row.median_days = quantile(delays, 0.5);
        row.p90_days = quantile(delays, 0.9);
      } else if (owed.length)
        empty.push({ column: 'median_days', text: `${name}: no one owed a notification was notified, so no delay` });
      for (const limit of [7, 30] as const) {
        const base = owed.filter((e) => e.setDay + limit <= coverage.end);
        if (base.length) {
          const part = base.filter((e) => e.notifiedDay !== NO_DAY && e.notifiedDay - e.setDay <= limit).length;
          row[`within_${limit}`] = part / base.length;
          // everyone owed in the base: notified − numerator = those notified more than `limit` days after
          const late = base.length === owed.length ? done.length - part : 0;
          shares.push({ column: `within_${limit}`, part, base: base.length, whole: owed.length, late });
        } else if (owed.length)
          empty.push({
            column: `within_${limit}`,
            text: `${name}: no one owed a notification had ${limit} days of follow-up before the coverage end, so no within_${limit} share`,
          });
      }
    }
    replaced += suppressRow(
      row,
      options.suppressBelow,
      [
        { count: 'reached', derived: DELAY_COLUMNS },
        { count: 'owed', derived: ['notified', 'never_notified', 'median_days', 'p90_days', 'within_7', 'within_30'] },
        // within_k's numerator is at most notified, and the rest of its base at most never_notified
        { count: 'notified', derived: ['median_days', 'p90_days', 'within_7', 'within_30'] },
        { count: 'never_notified', derived: ['within_7', 'within_30'] },
        { count: 'notifications', derived: ['victim_contact_first'] },
      ],
      notApplicable(lv, options.contactFirst),
    );
    // a share strictly between 0 and 1 with its whole shown gives its numerator and base back (5/6 of owed 7
    // can only be 5 of 6): hidden when the numerator, the rest of the base, the part of the whole (owed)
    // left out of the base or, with all owed in the base, the notified later is a small count
    // (docs/methods.md#suppression)
    type Share = (typeof shares)[number];
    const givesBase = (s: Share | undefined): s is Share =>
      s !== undefined && typeof row[s.column] === 'number' && s.part > 0 && s.part < s.base;
    const small = (n: number) => isSmallCount(n, options.suppressBelow);
    for (const share of shares)
      if (givesBase(share) && [share.part, share.base - share.part, share.whole - share.base, share.late].some(small)) {
        row[share.column] = SUPPRESSED;
        replaced++;
      }
    // within_30's base lies inside within_7's: both given back, they give back the owed set 7 to 29 days before
    // the coverage end (the difference of the bases) and, over one base, those notified 8 to 30 days after the
    // set day (the difference of the numerators); within_30 is hidden when that is a small count
    const [w7, w30] = ['within_7', 'within_30'].map((c) => shares.find((s) => s.column === c));
    if (givesBase(w7) && givesBase(w30))
      if (small(w7.base - w30.base) || (w7.base === w30.base && small(w30.part - w7.part))) {
        row.within_30 = SUPPRESSED;
        replaced++;
      }
    // a hidden cell's reason would say that it is empty (no one notified: notified 0 behind a `suppressed`)
    for (const { column, text } of empty) if (row[column] === null) problems.push(text);
    rows.push(row);
  }
  rows.reverse(); // A, B, C, D as in the other tables

  const period = periodLabel(options, coverage.start, first, last);
  const periodWords =
    period +
    (options.launch !== undefined
      ? `; launch ${formatDay(options.launch)}: a level set before the launch was owed nothing and is not counted`
      : "; no launch date (--launch or the config's launch:), so a level set before the program existed counts as owed and lengthens the delays");
  const notes = [
    `period: ${periodWords}; reached = persons whose level first became L by an incident dated in the period (levels as docs/methods.md#classification, evaluated at each incident day with the rules below; a level skipped on the way up is not reached)`,
    'owed = reached and not already notified at that level or higher the day before; notified = owed and later given a notification at that level or higher, up to the coverage end; never_notified = the rest, as of the coverage end (some may simply be recent)',
    'median_days, p90_days: days from the incident that set the level to that notification, among the notified only (quantiles as R type 7); a long wait with no notification yet is not in them, so read them with never_notified',
    'within_7, within_30: share of the owed notified within 7 / 30 days, among those whose level was set at least 7 / 30 days before the coverage end',
    `notifications: delivered at that level in the period to persons with an incident in the data; victim_contact_first: share of them with the victim contacted on or before the notification day (required at level(s) ${options.contactFirst.map(levelName).join(', ') || 'none'}, docs/methods.md#parallel-responses: "no implementation until victim safety is satisfied"); a missing contact date counts as not first`,
    'A-level persons are addressed with any legal means, not a notification (docs/methods.md#parallel-responses), so the A row has no notification-delay columns',
    ...leftOutNote(cohort.leftOut, options.suppressBelow),
    coverageNote(ds),
    ...problems,
    ...suppressionNote(options.suppressBelow, replaced),
  ];

  return {
    title: `Program fidelity by level: ${period}`,
    columns: [
      { key: 'level' },
      { key: 'reached', kind: 'int' },
      { key: 'owed', kind: 'int' },
      { key: 'notified', kind: 'int' },
      { key: 'never_notified', kind: 'int' },
      { key: 'median_days', kind: 'number', decimals: 1 },
      { key: 'p90_days', kind: 'number', decimals: 1 },
      { key: 'within_7', kind: 'percent', decimals: 1 },
      { key: 'within_30', kind: 'percent', decimals: 1 },
      { key: 'notifications', kind: 'int' },
      { key: 'victim_contact_first', kind: 'percent', decimals: 1 },
    ],
    rows,
    notes,
    meta: {
      left_out: leftOutMeta(cohort.leftOut, options.suppressBelow),
      options: {
        period: options.period ? options.period.label : null,
        launch: options.launch === undefined ? null : formatDay(options.launch),
        victim_contact_first_levels: options.contactFirst.map(levelName),
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(coverage.start), end: formatDay(coverage.end) },
      },
    },
  };
}
