/**
 * Recidivism by classification level: the Kingston table "Recidivism by
 * Classification Level" (docs/methods.md#recidivism).
 */
import { addMonths, formatDay } from '../dates.js';
import type { Cell, Dataset, Table } from '../model.js';
import type { PersonIndex } from '../classify/person-index.js';
import { chiSquareTest } from '../stats/chi-square-test.js';
import { fisherExactTest, type FisherExactTest } from '../stats/fisher-exact-test.js';
import { newcombeInterval } from '../stats/newcombe-interval.js';
import { wilsonInterval } from '../stats/wilson-interval.js';
import { PUBLISHED_RECIDIVISM, publishedRecidivismNote } from './benchmarks.js';
import {
  LEVELS_HIGH_FIRST,
  coverageNote,
  firstNotifications,
  fmt,
  fmtP,
  levelEntries,
  leftOutMeta,
  leftOutNote,
  shownCount,
  notifiedCohort,
  type IndexNotification,
} from './common.js';
import { suppressTable, suppressionNotes, type SuppressionDeclaration } from './suppression.js';

/**
 * What reveals what in the recidivism table (docs/methods.md#suppression):
 * reoffenders ≤ persons with persons − reoffenders a count too; the rate and
 * its interval are built on both; the level rows add up to the "all" row.
 */
export const RECIDIVISM_SUPPRESSION: SuppressionDeclaration = {
  counts: ['persons', 'reoffenders'],
  complements: { reoffenders: 'persons' },
  derived: {
    reoffenders: ['persons'],
    rate: ['persons', 'reoffenders'],
    ci_low: ['persons', 'reoffenders'],
    ci_high: ['persons', 'reoffenders'],
  },
  margins: [{ parts: [0, 1, 2, 3], total: 4 }],
};

export type Cohort = 'first' | 'level-entry';

export interface RecidivismOptions {
  /** follow-up F in months (default 12) */
  followUpMonths: number;
  /** 'first': each notified person once, at the earliest notification; 'level-entry': once per level first notified at */
  cohort: Cohort;
  suppressBelow?: number;
  /**
   * the pairs of levels whose difference in recidivism is given with a
   * Newcombe interval, each [first, second] as first − second (default: each
   * level against the next lower one, A − B, B − C, C − D)
   */
  contrasts?: [string, string][];
}

/** The default contrasts: each level against the next lower one (docs/methods.md#recidivism). */
export const ADJACENT_CONTRASTS: [string, string][] = [
  ['A', 'B'],
  ['B', 'C'],
  ['C', 'D'],
];

/** One difference between two levels' recidivism: first − second, with its 95% Newcombe hybrid score interval. */
export type LevelDifference =
  | {
      first: string;
      second: string;
      difference: number | null;
      ci_low: number | null;
      ci_high: number | null;
      note: string | null;
    }
  | { first: string; second: string; suppressed: true };

/**
 * The differences between levels' recidivism rates, first − second, with
 * Newcombe's hybrid score interval (`newcombeInterval`; Newcombe 1998
 * method 10, the Wilson limits of each rate combined by square-and-add). A
 * pair with a level whose rate is hidden for publication is `suppressed`,
 * unless a level of it shows no eligible person (0, never hidden): then there
 * is no difference to hide, and it is not computed, as without suppression.
 */
function levelDifferences(
  counts: Map<string, RecidivismCount>,
  rows: Record<string, Cell>[],
  contrasts: [string, string][],
): LevelDifference[] {
  return contrasts.map(([first, second]) => {
    const row = (l: string) => rows.find((x) => x.level === l)!;
    const shown = (l: string) => typeof row(l).persons === 'number' && typeof row(l).reoffenders === 'number';
    const empty = [first, second].find((l) => row(l).persons === 0);
    if (empty !== undefined && (!shown(first) || !shown(second)))
      return { first, second, difference: null, ci_low: null, ci_high: null, note: `${empty}: no eligible person` };
    if (!shown(first) || !shown(second)) return { first, second, suppressed: true as const };
    const a = counts.get(first)!,
      b = counts.get(second)!;
    const nc = newcombeInterval(a.reoffenders, a.persons, b.reoffenders, b.persons);
    return {
      first,
      second,
      difference: nc.estimate,
      ci_low: nc.low,
      ci_high: nc.high,
      note: nc.note === undefined ? null : `${a.persons === 0 ? first : second}: no eligible person`,
    };
  });
}

/**
 * What the chi-square note adds when an expected count is below 5 (docs/methods.md#recidivism): Fisher's exact
 * p-value, to read instead, or why it was not computed (`fisherExactTest` gives up past `FISHER_MAX_TABLES` tables
 * with the table's margins, which takes thousands of persons with an expected count still below 5).
 *
 * @example
 * fisherClause(fisherExactTest([[3, 1], [1, 3]]));
 * // "; because an expected count is below 5, read Fisher's exact test instead (two-sided, R fisher.test): p = 0.4857"
 */
export function fisherClause(fisher: FisherExactTest): string {
  return fisher.p === null
    ? `; Fisher's exact test: not computed (${fisher.note})`
    : `; because an expected count is below 5, read Fisher's exact test instead (two-sided, R fisher.test): p = ${fmtP(fisher.p)}`;
}

export interface RecidivismCount {
  level: string;
  persons: number;
  reoffenders: number;
}

/** Did the entry reoffend: an incident with t0 < date ≤ t0 + F? Null when not eligible (t0 + F > coverage end). */
export function reoffended(
  ds: Dataset,
  idx: PersonIndex,
  e: IndexNotification,
  followUpMonths: number,
): boolean | null {
  const until = addMonths(e.day, followUpMonths);
  if (until > ds.coverage.end) return null;
  for (let k = idx.incStart[e.person]; k < idx.incStart[e.person + 1]; k++) {
    const d = ds.incidents.day[idx.incOrder[k]];
    if (d > until) break;
    if (d > e.day) return true;
  }
  return false;
}

/**
 * Recidivism per level and for all levels: eligible persons (t0 + F months ≤
 * coverage end), reoffenders (at least one incident with t0 < date ≤ t0 + F),
 * rate = reoffenders / persons with a 95% Wilson score interval
 * (`wilsonInterval`, R `prop.test(x, n, correct = FALSE)`), and Pearson's
 * chi-square test of equal rates across the levels (`chiSquareTest` on the
 * levels × {reoffended, not} table, R `chisq.test(m, correct = FALSE)`); when
 * an expected count is below 5, also Fisher's exact test on the same table
 * (`fisherExactTest`, R `fisher.test(m)`), in the note and `meta.fisher_exact`.
 *
 * t0 and level (cohort 'first'): the earliest notification; on a tie the
 * highest level that day. Cohort 'level-entry': each (person, level) at the
 * first notification at that level; a person can then be in several rows, so
 * the chi-square test is not computed (its rows would not be independent).
 *
 * Differences between levels (`contrasts`, default each level against the
 * next lower: A − B, B − C, C − D): first − second with Newcombe's hybrid
 * score interval (R: the Wilson limits of prop.test combined by
 * square-and-add, = DescTools::BinomDiffCI(method = "score")), in a note and
 * `meta.differences`; cohort 'first' only (level-entry rows share persons).
 *
 * Published figures (Kingston by level, High Point, Olympia, Rhode Island)
 * go in a note and in `meta.benchmarks`, never into the rows.
 *
 * Edge cases: a level with no eligible person → persons 0 and empty rate and
 * interval, with a note. Never NaN.
 *
 * @example
 * // the Kingston fixture: A 20/41, B 21/40, C 35/90, D 30/110
 * recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first' }).rows.map((r) => r.rate);
 * // [0.4878…, 0.525, 0.3888…, 0.2727…, 0.3772…] (A, B, C, D, all: 106/281)
 */
export function recidivismTable(ds: Dataset, idx: PersonIndex, options: RecidivismOptions): Table {
  const F = options.followUpMonths;
  const entries = options.cohort === 'first' ? firstNotifications(ds, idx) : levelEntries(ds, idx);
  const counts = new Map<string, RecidivismCount>(
    LEVELS_HIGH_FIRST.map((l) => [l, { level: l, persons: 0, reoffenders: 0 }]),
  );
  let notEligible = 0,
    beforeStart = 0;
  for (const e of entries) {
    const r = reoffended(ds, idx, e, F);
    if (r === null) {
      notEligible++;
      continue;
    }
    if (e.day < ds.coverage.start) beforeStart++;
    const c = counts.get(LEVELS_HIGH_FIRST[4 - e.level])!;
    c.persons++;
    if (r) c.reoffenders++;
  }
  const levels = [...counts.values()];
  const all: RecidivismCount = {
    level: 'all',
    persons: levels.reduce((a, c) => a + c.persons, 0),
    reoffenders: levels.reduce((a, c) => a + c.reoffenders, 0),
  };

  const problems: string[] = [];
  const rows: Record<string, Cell>[] = [];
  for (const c of [...levels, all]) {
    const w = wilsonInterval(c.reoffenders, c.persons);
    const row: Record<string, Cell> = {
      level: c.level,
      persons: c.persons,
      reoffenders: c.reoffenders,
      rate: w.estimate,
      ci_low: w.low,
      ci_high: w.high,
    };
    if (c.persons === 0)
      problems.push(`level ${c.level}: no eligible ${options.cohort === 'first' ? 'person' : 'entry'}, so no rate`);
    rows.push(row);
  }
  // the level-entry cohort's "all" row counts entries, and entries add up all the same
  const suppression = suppressTable(rows, options.suppressBelow, RECIDIVISM_SUPPRESSION);

  let chi: ReturnType<typeof chiSquareTest> | null = null;
  let fisher: FisherExactTest | null = null;
  let chiNote: string;
  if (suppression.any) {
    chiNote =
      'chi-square test of equal rates across levels: not shown, because it is computed from counts suppressed for publication (its statistic would reveal them)';
  } else if (options.cohort === 'first') {
    const table = levels.map((c) => [c.reoffenders, c.persons - c.reoffenders]);
    const names = levels.map((c) => c.level);
    chi = chiSquareTest(table, names);
    chiNote =
      chi.statistic === null
        ? `chi-square test of equal rates across levels: not computed (${chi.note})`
        : `chi-square test of equal rates across levels (Pearson, no continuity correction): X² = ${fmt(chi.statistic, 3)}, df = ${chi.df}, p = ${fmtP(chi.p)}` +
          (chi.note ? ` (${chi.note})` : '');
    if (chi.minExpected !== null && chi.minExpected < 5) {
      fisher = fisherExactTest(table, names);
      chiNote += fisherClause(fisher);
    }
  } else {
    chiNote =
      'chi-square test across levels: not computed, because in the level-entry cohort one person can be in several level rows, so the rows are not independent samples';
  }
  const contrasts = options.contrasts ?? ADJACENT_CONTRASTS;
  const differences = options.cohort === 'first' ? levelDifferences(counts, rows, contrasts) : null;
  const pts = (x: number | null) => (x === null ? '—' : fmt(100 * x, 1));
  const differenceNote =
    differences === null
      ? 'differences between levels: not computed, because in the level-entry cohort one person can be in several level rows (the Newcombe interval needs independent groups)'
      : `differences between levels (first − second, in percentage points; 95% Newcombe hybrid score interval, docs/methods.md#recidivism): ${differences
          .map((d) =>
            'suppressed' in d
              ? `${d.first} − ${d.second} suppressed`
              : d.difference === null
                ? `${d.first} − ${d.second} not computed (${d.note})`
                : `${d.first} − ${d.second} ${pts(d.difference)} (${pts(d.ci_low)} to ${pts(d.ci_high)})`,
          )
          .join('; ')}`;

  const cohortWords =
    options.cohort === 'first'
      ? 'cohort "first": each notified person once; t0 = the earliest notification and level = its level (two notifications on that day: the higher level counts)'
      : 'cohort "level-entry": each person once per level they were notified at; t0 = the first notification at that level. A person can be in several rows; the "all" row counts entries, not persons, and its interval ignores that one person\'s entries are related';
  const { leftOut } = notifiedCohort(ds, idx);
  const notes = [
    cohortWords + ' (docs/methods.md#recidivism)',
    `follow-up: ${F} months; eligible when t0 + ${F} months ≤ coverage end; ${shownCount(notEligible, options.suppressBelow)} ${options.cohort === 'first' ? 'notified person(s)' : 'entries'} left out because their follow-up runs past the coverage end`,
    `reoffended: at least one incident (any incident, one per incident and suspect) dated after t0 up to t0 + ${F} months inclusive; an incident on the notification day does not count`,
    coverageNote(ds),
    'rate = reoffenders / persons; 95% interval: Wilson score (no continuity correction, R prop.test(x, n, correct = FALSE))',
    chiNote,
    differenceNote,
    ...leftOutNote(leftOut, options.suppressBelow),
    ...(beforeStart
      ? [
          `${beforeStart} eligible ${options.cohort === 'first' ? 'person(s)' : 'entries'} were notified before the coverage start; incidents before the coverage start may be missing from the export, but their follow-up is inside it`,
        ]
      : []),
    ...problems,
    publishedRecidivismNote(),
    ...suppressionNotes(suppression),
  ];

  return {
    title: `Recidivism by classification level (${F}-month follow-up, cohort ${options.cohort})`,
    columns: [
      { key: 'level' },
      { key: 'persons', kind: 'int' },
      { key: 'reoffenders', kind: 'int' },
      { key: 'rate', kind: 'percent', decimals: 1 },
      { key: 'ci_low', kind: 'percent', decimals: 1 },
      { key: 'ci_high', kind: 'percent', decimals: 1 },
    ],
    rows,
    notes,
    meta: {
      chi_square: suppression.any
        ? { suppressed: true }
        : chi
          ? { statistic: chi.statistic, df: chi.df, p: chi.p, min_expected: chi.minExpected, note: chi.note ?? null }
          : null,
      fisher_exact: suppression.any ? { suppressed: true } : fisher ? { p: fisher.p, note: fisher.note ?? null } : null,
      differences,
      left_out: leftOutMeta(leftOut, options.suppressBelow),
      benchmarks: PUBLISHED_RECIDIVISM.map((b) => ({ ...b })),
      definitions: {
        t0:
          options.cohort === 'first'
            ? 'earliest notification; highest level on ties'
            : 'first notification at each level',
        eligible: 't0 + F months <= coverage_end',
        reoffended: 'at least one incident with t0 < incident_date <= t0 + F months',
      },
      options: {
        follow_up_months: F,
        cohort: options.cohort,
        contrasts: contrasts.map(([a, b]) => `${a},${b}`),
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
