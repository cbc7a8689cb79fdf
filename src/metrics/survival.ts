/**
 * Time to reoffense after the first notification, by level: Kaplan–Meier
 * curves and the log-rank test (docs/methods.md#survival).
 */
import { formatDay } from '../dates.js';
import type { Cell, Dataset, Day, Table } from '../model.js';
import type { PersonIndex } from '../classify/person-index.js';
import { kaplanMeier, type KaplanMeier } from '../stats/kaplan-meier.js';
import { logRankTest } from '../stats/log-rank.js';
import { survivalAt } from '../stats/survival-at.js';
import {
  LEVELS_HIGH_FIRST,
  coverageNote,
  firstNotifications,
  fmt,
  fmtP,
  leftOutMeta,
  leftOutNote,
  notifiedCohort,
} from './common.js';
import { suppressTable, suppressionNotes, SUPPRESSED, type SuppressionDeclaration } from './suppression.js';

/**
 * Suppression in the survival table is by level (docs/methods.md#suppression):
 * a level's persons (n) and events (persons with a new incident) are its
 * counts, n − events (censored persons) a count too, and the levels add up to
 * "all". A level whose n or events is hidden has no curve, median or log-rank
 * detail; a shown level's curve is shown whole (its steps are its event
 * counts, which S(t) gives back by design).
 */
export const SURVIVAL_SUPPRESSION: SuppressionDeclaration = {
  counts: ['n', 'events'],
  complements: { events: 'n' },
  derived: { events: ['n'], median: ['n', 'events'], median_low: ['n', 'events'], median_high: ['n', 'events'] },
  margins: [{ parts: [0, 1, 2, 3], total: 4 }],
};

export interface SurvivalOptions {
  /** censor follow-up at this many days (in addition to the coverage end) */
  maxDays?: number;
  suppressBelow?: number;
  /** fixed horizons in days (e.g. 180, 365, 730): S(t) with its 95% interval per level, in the notes and `meta.at` */
  at?: number[];
}

/** Survival of one level at one fixed horizon (`meta.at`). */
export interface SurvivalAtRow {
  level: string;
  days: number;
  /** persons still followed at that day; `"<N"` when suppressed */
  n_risk: number | string | null;
  survival: number | string | null;
  ci_low: number | string | null;
  ci_high: number | string | null;
  note: string | null;
}

/** One person's observation: days from t0 to the first incident after t0, or to censoring. */
export interface SurvivalObservation {
  person: number;
  level: string;
  t0: Day;
  time: number;
  event: boolean;
}

/**
 * Observations (docs/methods.md#survival): t0 and level as cohort "first" (docs/methods.md#recidivism). time =
 * days from t0 to the first incident dated after t0 (event), if that is
 * within the follow-up; otherwise censored at the follow-up limit
 * min(coverage_end − t0, maxDays). Persons with no follow-up
 * (t0 ≥ coverage end) are left out and counted.
 */
export function survivalObservations(
  ds: Dataset,
  idx: PersonIndex,
  options: SurvivalOptions,
): { obs: SurvivalObservation[]; noFollowUp: number } {
  const obs: SurvivalObservation[] = [];
  let noFollowUp = 0;
  for (const e of firstNotifications(ds, idx)) {
    let limit = ds.coverage.end - e.day;
    if (options.maxDays !== undefined) limit = Math.min(limit, options.maxDays);
    if (limit <= 0) {
      noFollowUp++;
      continue;
    }
    let time = limit,
      event = false;
    for (let k = idx.incStart[e.person]; k < idx.incStart[e.person + 1]; k++) {
      const d = ds.incidents.day[idx.incOrder[k]];
      if (d <= e.day) continue;
      if (d - e.day <= limit) {
        time = d - e.day;
        event = true;
      }
      break;
    }
    obs.push({ person: e.person, level: LEVELS_HIGH_FIRST[4 - e.level], t0: e.day, time, event });
  }
  return { obs, noFollowUp };
}

/**
 * Kaplan–Meier estimate of the time to the first new incident after the
 * first notification, by level: one row per level and event time with the
 * number at risk, events, censorings since the previous event time, S(t) and
 * its pointwise 95% interval (Greenwood variance, log transform: R survival's
 * default `conf.type = "log"`), via `kaplanMeier`. The medians (with the
 * Brookmeyer–Crowley interval) and the log-rank test across levels
 * (`logRankTest`, R `survdiff`) go in the notes and in `meta.medians` /
 * `meta.logrank`. With `at` (days), the estimate at each fixed horizon per
 * level and overall with its 95% interval (`survivalAt`, R
 * `summary(survfit, times = at)`) goes in a note and in `meta.at`.
 *
 * Edge cases: a level with no person has no rows; with no event a level has
 * no rows and its median is empty (note); the log-rank test needs two levels
 * with people and at least one event (otherwise empty with a note). Once
 * S(t) = 0 the interval is empty (note). Never NaN.
 *
 * @example
 * // B: events at 5, 5 and 40 days, censored at 30 and 60 (test/metrics/small-fixtures.ts survivalSpec)
 * survivalTable(ds, idx, {}).rows[0];
 * // { level: 'B', time: 5, n_risk: 5, events: 2, censored: 0, survival: 0.6, ci_low: 0.2933164316383264, ci_high: 1 }
 */
export function survivalTable(ds: Dataset, idx: PersonIndex, options: SurvivalOptions): Table {
  const { obs, noFollowUp } = survivalObservations(ds, idx, options);
  const rows: Record<string, Cell>[] = [];
  const problems: string[] = [];
  const medians: Record<string, { n: Cell; events: Cell; median: Cell; low: Cell; high: Cell; note: string | null }> =
    {};
  const fits: [string, KaplanMeier][] = [];
  const LEVELS = [...LEVELS_HIGH_FIRST, 'all'];
  const groups = LEVELS.map((level) => (level === 'all' ? obs : obs.filter((o) => o.level === level)));
  // the per-level counts, suppressed as one small table (levels add up to "all")
  const summary: Record<string, Cell>[] = groups.map((g) => ({
    n: g.length,
    events: g.filter((o) => o.event).length,
    median: null,
    median_low: null,
    median_high: null,
  }));
  const suppression = suppressTable(summary, options.suppressBelow, SURVIVAL_SUPPRESSION);
  const levelHidden = (i: number) => suppression.isHidden(i, 'n') || suppression.isHidden(i, 'events');
  LEVELS.forEach((level, i) => {
    const group = groups[i];
    if (group.length === 0) {
      medians[level] = { n: 0, events: 0, median: null, low: null, high: null, note: 'no person' };
      return;
    }
    if (levelHidden(i)) {
      medians[level] = {
        n: summary[i].n,
        events: summary[i].events,
        median: SUPPRESSED,
        low: SUPPRESSED,
        high: SUPPRESSED,
        note: null,
      };
      if (level !== 'all') {
        rows.push({
          level,
          time: SUPPRESSED,
          n_risk: SUPPRESSED,
          events: SUPPRESSED,
          censored: SUPPRESSED,
          survival: SUPPRESSED,
          ci_low: SUPPRESSED,
          ci_high: SUPPRESSED,
        });
      }
      return;
    }
    const km = kaplanMeier(
      group.map((o) => o.time),
      group.map((o) => o.event),
    );
    fits.push([level, km]);
    medians[level] = {
      n: km.n,
      events: km.events,
      median: km.median,
      low: km.medianLow,
      high: km.medianHigh,
      note: km.note ?? null,
    };
    if (km.note) problems.push(`level ${level}: ${km.note}`);
    if (level === 'all') return;
    for (const r of km.rows) {
      rows.push({
        level,
        time: r.time,
        n_risk: r.nRisk,
        events: r.nEvent,
        censored: r.nCensor,
        survival: r.survival,
        ci_low: r.low,
        ci_high: r.high,
      });
    }
  });
  const hiddenLevels = LEVELS.filter((_, i) => levelHidden(i));

  const atRows: SurvivalAtRow[] = [];
  if (options.at && options.at.length > 0) {
    for (const level of [...LEVELS_HIGH_FIRST, 'all']) {
      const group = level === 'all' ? obs : obs.filter((o) => o.level === level);
      if (group.length === 0) continue;
      for (const r of survivalAt(
        group.map((o) => o.time),
        group.map((o) => o.event),
        options.at,
      )) {
        const row: SurvivalAtRow = {
          level,
          days: r.time,
          n_risk: r.nRisk,
          survival: r.survival,
          ci_low: r.low,
          ci_high: r.high,
          note: r.note ?? null,
        };
        const N = options.suppressBelow;
        // a suppressed row keeps no note either: "beyond the longest follow-up (d)" would give the small group's longest follow-up away
        if (hiddenLevels.includes(level)) {
          row.n_risk = row.survival = row.ci_low = row.ci_high = SUPPRESSED;
          row.note = null;
        } else if (
          N !== undefined &&
          ((r.nRisk !== null && r.nRisk > 0 && r.nRisk < N) || (group.length > 0 && group.length < N))
        ) {
          row.n_risk = `<${N}`;
          row.survival = row.ci_low = row.ci_high = SUPPRESSED;
          row.note = null;
        }
        atRows.push(row);
      }
    }
  }
  const atText =
    atRows.length === 0
      ? []
      : [
          `survival at ${options.at!.join(', ')} days (share with no new incident yet, 95% interval as R summary(survfit, times = …), n still followed): ` +
            [...new Set(atRows.map((r) => r.level))]
              .map(
                (level) =>
                  `${level} ` +
                  atRows
                    .filter((r) => r.level === level)
                    .map((r) =>
                      typeof r.survival === 'number'
                        ? `${r.days}d ${fmt(r.survival, 3)} (${r.ci_low === null ? '—' : fmt(r.ci_low as number, 3)} to ${r.ci_high === null ? '—' : fmt(r.ci_high as number, 3)}; n ${r.n_risk})`
                        : `${r.days}d ${r.survival === null ? `— (${r.note})` : r.survival}`,
                    )
                    .join(', '),
              )
              .join('; '),
        ];

  const lr = logRankTest(
    obs.map((o) => o.time),
    obs.map((o) => o.event),
    obs.map((o) => o.level),
  );
  const lrText = suppression.any
    ? 'log-rank test across levels: not shown, because it is computed from counts suppressed for publication (its details would reveal them)'
    : lr.statistic === null
      ? `log-rank test across levels: not computed (${lr.note})`
      : `log-rank test across levels: chi-square = ${fmt(lr.statistic, 3)}, df = ${lr.df}, p = ${fmtP(lr.p)}` +
        ` (observed/expected events: ${lr.groups.map((g, i) => `${g} ${lr.observed[i]}/${fmt(lr.expected[i], 1)}`).join(', ')})` +
        (lr.note ? `; ${lr.note}` : '');
  const medianText =
    'median days to the first new incident (95% interval): ' +
    [
      ...fits.map(
        ([l, km]) =>
          `${l} ${km.median === null ? 'not reached' : fmt(km.median, 1)} (${km.medianLow === null ? 'not reached' : fmt(km.medianLow, 1)} to ${km.medianHigh === null ? 'not reached' : fmt(km.medianHigh, 1)}; n ${km.n}, events ${km.events})`,
      ),
      ...hiddenLevels.map((l) => `${l} ${SUPPRESSED}`),
    ].join('; ');
  const limit =
    options.maxDays !== undefined
      ? `the earlier of the coverage end and ${options.maxDays} days after t0`
      : 'the coverage end';

  const { leftOut } = notifiedCohort(ds, idx);
  const notes = [
    "t0 and level: each person's earliest notification and its level (two on that day: the higher level counts), as in the recidivism table (docs/methods.md#recidivism, #survival)",
    `time = days from t0 to the first incident dated after t0; a person with none by ${limit} is censored there`,
    `${summary[4].n} persons followed, ${summary[4].events} with a new incident${noFollowUp ? `; ${noFollowUp} left out because they were notified on or after the coverage end (no follow-up)` : ''}`,
    ...leftOutNote(leftOut, options.suppressBelow),
    coverageNote(ds),
    'survival = Kaplan–Meier estimate of the share with no new incident yet; 95% pointwise interval from Greenwood\'s variance on the log scale (R survival conf.type = "log"); censored counts those censored after the previous event time up to this one',
    medianText + ' — median interval by Brookmeyer & Crowley (as R print(survfit))',
    lrText,
    ...atText,
    ...problems,
    ...suppressionNotes(suppression),
  ];

  return {
    title: 'Time to first new incident after the first notification (Kaplan–Meier, by level)',
    columns: [
      { key: 'level' },
      { key: 'time', kind: 'int' },
      { key: 'n_risk', kind: 'int' },
      { key: 'events', kind: 'int' },
      { key: 'censored', kind: 'int' },
      { key: 'survival', kind: 'number', decimals: 4 },
      { key: 'ci_low', kind: 'number', decimals: 4 },
      { key: 'ci_high', kind: 'number', decimals: 4 },
    ],
    rows,
    notes,
    meta: {
      logrank: suppression.any
        ? { suppressed: true }
        : {
            statistic: lr.statistic,
            df: lr.df,
            p: lr.p,
            groups: lr.groups,
            n: lr.n,
            observed: lr.observed,
            expected: lr.expected,
            note: lr.note ?? null,
          },
      medians,
      left_out: leftOutMeta(leftOut, options.suppressBelow),
      ...(options.at ? { at: atRows } : {}),
      definitions: {
        t0: 'earliest notification; highest level on ties',
        time: 'days from t0 to the first incident dated after t0',
        censoring: options.maxDays !== undefined ? `min(coverage_end - t0, ${options.maxDays})` : 'coverage_end - t0',
        confidence_interval: 'log transform (R conf.type = "log"), Greenwood variance, 95%',
      },
      options: {
        max_days: options.maxDays ?? null,
        ...(options.at ? { at: options.at } : {}),
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
