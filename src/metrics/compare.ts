/**
 * A historical comparison cohort: the people the tier rules would have
 * notified before the program existed, against the people it did notify
 * (docs/methods.md#comparison-design). Pure: the launch, the windows and the
 * random source for the bootstrap are arguments; nothing is printed.
 */
import { quantileSorted } from 'simple-statistics';
import { addMonths, formatDay } from '../dates.js';
import { FLAG, levelName, type Cell, type Dataset, type Day, type LevelCode, type Table } from '../model.js';
import { explainPerson, type RuleSet } from '../classify/classify.js';
import { FeatureComputer } from '../classify/features.js';
import type { PersonIndex } from '../classify/person-index.js';
import { coxPh } from '../stats/cox-ph.js';
import { kaplanMeier } from '../stats/kaplan-meier.js';
import { newcombeInterval } from '../stats/newcombe-interval.js';
import { coverageNote, fmt, fmtP, leftOutMeta, leftOutNote, notifiedCohort, shownCount } from './common.js';
import { suppressTable, suppressionNotes, SUPPRESSED, type SuppressionDeclaration } from './suppression.js';

export interface CompareOptions {
  /** the program launch: the treated cohort is notified from it on, the comparison cohort lies wholly before it */
  launch: Day;
  /** pre/post window lengths W in months; one row each (default 12) */
  windows: number[];
  /** follow-up F in months for recidivism, Kaplan–Meier and the Cox model (default 12) */
  followUpMonths: number;
  /** bootstrap replicates for the difference-in-differences interval (default 2000; 0 = no interval) */
  bootstrap: number;
  /** uniform random numbers in [0, 1) for the bootstrap (seeded by the caller) */
  random: () => number;
  /** count only offense incidents (flags.offense) */
  offensesOnly?: boolean;
  confidence?: number;
  /** for publication: counts 1 … N − 1 read `<N`, and what would reveal them is hidden (docs/methods.md#suppression) */
  suppressBelow?: number;
}

/** Defaults of the options a caller may leave out (for a command or a report registry). */
export const COMPARE_DEFAULTS = {
  windows: [12],
  followUpMonths: 12,
  bootstrap: 2000,
  seed: 1,
  confidence: 0.95,
} as const;

export const COMPARE_COLUMNS = [
  'window_months',
  'treated_persons',
  'comparison_persons',
  'treated_pre',
  'treated_post',
  'comparison_pre',
  'comparison_post',
  'treated_rate_ratio',
  'comparison_rate_ratio',
  'did_ratio',
  'did_ci_low',
  'did_ci_high',
] as const;

/** One person in a cohort: the (pseudo-)notification day t0 and the level. */
export interface CohortEntry {
  person: number;
  t0: Day;
  level: LevelCode;
}

export interface Cohorts {
  windowMonths: number;
  treated: CohortEntry[];
  comparison: CohortEntry[];
  /** t0 of the treated lies in [launch, launch + span − 1]; pseudo-t0 of the comparison in [cut, cut + span − 1] */
  span: number;
  cut: Day;
  /** the look-back (months) the tier rules see when selecting either cohort */
  lookbackMonths: number;
  /** days from the qualifying raise to the notification, median per level code among the treated: the comparison's pseudo-t0 offset */
  lags: Map<number, number>;
  /** why the design cannot be built for this window (too little history before the launch, …) */
  problem?: string;
  /** persons left out: first notified before the launch; notified persons whose first notification does not answer their first raise from the launch on; comparison persons notified (a pilot) before their follow-up ended */
  notifiedBeforeLaunch: number;
  notAnswered: number;
  comparisonNotified: number;
}

/** A qualifying raise under the tier rules: the incident day the level rose to a notified level (D, C or B). */
export interface Raise {
  day: Day;
  level: LevelCode;
}

/** Levels at which a notification is due (docs/methods.md#parallel-responses: A is addressed with any legal means). */
const NOTIFIED_LEVELS = new Set<number>([1, 2, 3]);

/** The longest wait from a qualifying raise to the notification that answers it (days); later ones answer something else. */
export const MAX_LAG_DAYS = 90;

/**
 * Person p's first qualifying raise with from ≤ day < before: an incident day
 * d where the level as of d (docs/methods.md#classification, the rules of `set`) is D, C or B
 * and higher than the level as of d − 1. Null when none.
 */
export function firstRaise(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  fc: FeatureComputer,
  p: number,
  from: Day,
  before: Day,
): Raise | null {
  let last = Number.NaN;
  for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) {
    const d = ds.incidents.day[idx.incOrder[k]];
    if (d < from || d === last) continue;
    if (d >= before) break;
    last = d;
    const after = explainPerson(ds, idx, set, p, d, fc).level;
    if (!NOTIFIED_LEVELS.has(after)) continue;
    if (after > explainPerson(ds, idx, set, p, d - 1, fc).level) return { day: d, level: after as LevelCode };
  }
  return null;
}

/** Whole months from `a` forward to `b` (a ≤ b): the largest m with addMonths(a, m) ≤ b. */
function monthsBetween(a: Day, b: Day): number {
  let m = 0;
  while (addMonths(a, m + 1) <= b) m++;
  return m;
}

/**
 * The two cohorts for a window of W months (docs/methods.md#comparison-design).
 *
 * Both are selected by the same rule: a person's first qualifying raise on or
 * after a cut date (the launch; for the comparison a date before it), with
 * the tier rules seeing the same look-back H months in both (H = the history
 * the comparison has before its cut, or the config's lookback_months when
 * shorter), so neither cohort is picked with more history than the other.
 *
 * Treated: the raise q is answered by the person's first notification t0,
 * q ≤ t0 ≤ q + MAX_LAG_DAYS, and t0 falls in [launch, launch + span − 1] with
 * t0 − W ≥ coverage start and t0 + W ≤ coverage end. Level = the raise's.
 * Comparison: pseudo-t0 = q + the treated's median lag at that level, in
 * [cut, cut + span − 1], with pseudo-t0 − W ≥ coverage start, pseudo-t0 + W
 * before the launch and no notification up to pseudo-t0 + W. span = the
 * shorter of the two periods available, the comparison period ending W months
 * before the launch.
 */
export function compareCohorts(ds: Dataset, idx: PersonIndex, set: RuleSet, launch: Day, W: number): Cohorts {
  const { start, end } = ds.coverage;
  const treatedLast = addMonths(end, -W);
  const compLast = addMonths(launch, -W) - 1;
  const compFirst = addMonths(start, W);
  const span = Math.min(treatedLast - launch + 1, compLast - compFirst + 1);
  const cut = compLast - span + 1;
  const out: Cohorts = {
    windowMonths: W,
    treated: [],
    comparison: [],
    span,
    cut,
    lookbackMonths: 0,
    lags: new Map(),
    notifiedBeforeLaunch: 0,
    notAnswered: 0,
    comparisonNotified: 0,
  };
  if (launch <= start || launch > end) {
    out.problem = `the launch ${formatDay(launch)} is not inside the coverage, so there is no history before it to compare with`;
    return out;
  }
  if (span < 1) {
    out.problem = `±${W} months needs at least 2 × ${W} months of history before the launch and ${W} months after it (coverage ${formatDay(start)} to ${formatDay(end)}, launch ${formatDay(launch)})`;
    return out;
  }
  const H = Math.min(monthsBetween(start, cut), set.features.lookbackMonths ?? Infinity);
  out.lookbackMonths = H;
  const view: RuleSet = { ...set, features: { ...set.features, lookbackMonths: H } };
  const fc = new FeatureComputer(ds, idx, view.features);
  const { notifications: not } = ds;
  const lagsBy = new Map<number, number[]>();
  const { member } = notifiedCohort(ds, idx);
  for (let p = 0; p < idx.persons; p++) {
    const n0 = idx.notStart[p],
      n1 = idx.notStart[p + 1];
    // notified with no incident in the data: outside the evaluation cohort (docs/methods.md#cohort), said in the notes
    if (n1 > n0 && !member[p]) continue;
    const firstNot = n1 > n0 ? not.day[idx.notOrder[n0]] : Number.POSITIVE_INFINITY;
    if (firstNot < launch) {
      out.notifiedBeforeLaunch++;
      continue;
    }
    if (firstNot === Number.POSITIVE_INFINITY) continue;
    const q = firstRaise(ds, idx, view, fc, p, launch, end + 1);
    if (q === null || firstNot < q.day || firstNot > q.day + MAX_LAG_DAYS) {
      out.notAnswered++;
      continue;
    }
    const a = lagsBy.get(q.level) ?? [];
    lagsBy.set(q.level, a);
    a.push(firstNot - q.day);
    if (firstNot > launch + span - 1 || addMonths(firstNot, -W) < start || addMonths(firstNot, W) > end) continue;
    out.treated.push({ person: p, t0: firstNot, level: q.level });
  }
  const med = (xs: number[]) =>
    Math.round(
      quantileSorted(
        [...xs].sort((x, y) => x - y),
        0.5,
      ),
    );
  const all = [...lagsBy.values()].flat();
  for (const lv of NOTIFIED_LEVELS) out.lags.set(lv, lagsBy.has(lv) ? med(lagsBy.get(lv)!) : all.length ? med(all) : 0);
  for (let p = 0; p < idx.persons; p++) {
    const q = firstRaise(ds, idx, view, fc, p, cut, launch);
    if (q === null) continue;
    const t0 = q.day + out.lags.get(q.level)!;
    if (t0 > cut + span - 1 || addMonths(t0, -W) < start || addMonths(t0, W) >= launch) continue;
    if (idx.notStart[p + 1] > idx.notStart[p] && not.day[idx.notOrder[idx.notStart[p]]] <= addMonths(t0, W)) {
      out.comparisonNotified++;
      continue;
    }
    out.comparison.push({ person: p, t0, level: q.level });
  }
  return out;
}

/** Incidents in [t0 − W, t0] (pre; the notification day is pre) and in (t0, t0 + W] (post), as docs/methods.md#prepost. */
export function windowCounts(
  ds: Dataset,
  idx: PersonIndex,
  e: CohortEntry,
  W: number,
  offensesOnly = false,
): { pre: number; post: number } {
  const from = addMonths(e.t0, -W),
    to = addMonths(e.t0, W);
  let pre = 0,
    post = 0;
  for (let k = idx.incStart[e.person]; k < idx.incStart[e.person + 1]; k++) {
    const i = idx.incOrder[k];
    const d = ds.incidents.day[i];
    if (d > to) break;
    if (d < from || (offensesOnly && !(ds.incidents.flags[i] & FLAG.offense))) continue;
    if (d <= e.t0) pre++;
    else post++;
  }
  return { pre, post };
}

/** Days from t0 to the first incident after it, censored at t0 + F months. */
function timeToReoffense(ds: Dataset, idx: PersonIndex, e: CohortEntry, F: number): { time: number; event: boolean } {
  const limit = addMonths(e.t0, F) - e.t0;
  for (let k = idx.incStart[e.person]; k < idx.incStart[e.person + 1]; k++) {
    const d = ds.incidents.day[idx.incOrder[k]];
    if (d <= e.t0) continue;
    return d - e.t0 <= limit ? { time: d - e.t0, event: true } : { time: limit, event: false };
  }
  return { time: limit, event: false };
}

/** Per-person pre and post sums of the two cohorts (a person can be in both). */
export interface DidUnits {
  treatedPre: Float64Array;
  treatedPost: Float64Array;
  comparisonPre: Float64Array;
  comparisonPost: Float64Array;
}

/** (treated post / treated pre) / (comparison post / comparison pre); null when a denominator or the comparison post is 0. */
export function didRatio(tPre: number, tPost: number, cPre: number, cPost: number): number | null {
  if (tPre === 0 || cPre === 0 || cPost === 0) return null;
  return tPost / tPre / (cPost / cPre);
}

/**
 * Person-level cluster bootstrap interval of the difference-in-differences
 * ratio: B times, draw as many persons as there are, with replacement, from
 * the persons in either cohort (each brings all their counts, in both
 * cohorts), and recompute the ratio; the interval is the percentile interval
 * (quantiles as R type 7). Replicates whose ratio is undefined (a zero
 * denominator) are dropped and counted.
 *
 * @example
 * didBootstrap(units, 2000, rng, 0.95); // { low: 0.71…, high: 1.02…, dropped: 0 }
 */
export function didBootstrap(
  units: DidUnits,
  B: number,
  random: () => number,
  confidence = 0.95,
): { low: number | null; high: number | null; dropped: number } {
  const n = units.treatedPre.length;
  if (n === 0 || B < 1) return { low: null, high: null, dropped: 0 };
  const stats: number[] = [];
  let dropped = 0;
  for (let b = 0; b < B; b++) {
    let tPre = 0,
      tPost = 0,
      cPre = 0,
      cPost = 0;
    for (let k = 0; k < n; k++) {
      const j = Math.floor(random() * n);
      tPre += units.treatedPre[j];
      tPost += units.treatedPost[j];
      cPre += units.comparisonPre[j];
      cPost += units.comparisonPost[j];
    }
    const r = didRatio(tPre, tPost, cPre, cPost);
    if (r === null) dropped++;
    else stats.push(r);
  }
  if (stats.length < 0.5 * B) return { low: null, high: null, dropped };
  stats.sort((a, b) => a - b);
  const alpha = (1 - confidence) / 2;
  return { low: quantileSorted(stats, alpha), high: quantileSorted(stats, 1 - alpha), dropped };
}

function didUnits(
  ds: Dataset,
  idx: PersonIndex,
  c: Cohorts,
  offensesOnly: boolean,
): DidUnits & { sums: [number, number, number, number] } {
  const slot = new Map<number, number>();
  for (const e of [...c.treated, ...c.comparison]) if (!slot.has(e.person)) slot.set(e.person, slot.size);
  const n = slot.size;
  const u = {
    treatedPre: new Float64Array(n),
    treatedPost: new Float64Array(n),
    comparisonPre: new Float64Array(n),
    comparisonPost: new Float64Array(n),
  };
  const sums: [number, number, number, number] = [0, 0, 0, 0];
  const arms = [
    [c.treated, u.treatedPre, u.treatedPost, 0],
    [c.comparison, u.comparisonPre, u.comparisonPost, 2],
  ] as const;
  for (const [entries, preOf, postOf, at] of arms) {
    for (const e of entries) {
      const { pre, post } = windowCounts(ds, idx, e, c.windowMonths, offensesOnly);
      const k = slot.get(e.person)!;
      preOf[k] += pre;
      postOf[k] += post;
      sums[at] += pre;
      sums[at + 1] += post;
    }
  }
  return { ...u, sums };
}

/** One window's row of {@link compareTable} (cohorts, counts, rate ratios, DiD and its bootstrap interval), with its notes. */
export function compareWindow(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  options: CompareOptions,
  W: number,
): { row: Record<string, Cell>; problems: string[]; period?: string; cohorts: Cohorts } {
  const { launch } = options;
  const confidence = options.confidence ?? COMPARE_DEFAULTS.confidence;
  const offensesOnly = Boolean(options.offensesOnly);
  const problems: string[] = [];
  const c = compareCohorts(ds, idx, set, launch, W);
  const row: Record<string, Cell> = {
    window_months: W,
    treated_persons: c.treated.length,
    comparison_persons: c.comparison.length,
    treated_pre: null,
    treated_post: null,
    comparison_pre: null,
    comparison_post: null,
    treated_rate_ratio: null,
    comparison_rate_ratio: null,
    did_ratio: null,
    did_ci_low: null,
    did_ci_high: null,
  };
  let period: string | undefined;
  const done = () => ({ row, problems, period, cohorts: c });
  if (c.problem) {
    problems.push(`±${W} months: ${c.problem}, so no comparison`);
    return done();
  }
  period =
    `±${W}: treated t0 ${formatDay(launch)} to ${formatDay(launch + c.span - 1)}, comparison pseudo-t0 ${formatDay(c.cut)} to ${formatDay(c.cut + c.span - 1)}, ` +
    `rules' look-back ${c.lookbackMonths} months, pseudo-t0 = raise + ${[3, 2, 1].map((l) => `${levelName(l)} ${c.lags.get(l)}`).join(', ')} days`;
  const u = didUnits(ds, idx, c, offensesOnly);
  const [tPre, tPost, cPre, cPost] = u.sums;
  Object.assign(row, { treated_pre: tPre, treated_post: tPost, comparison_pre: cPre, comparison_post: cPost });
  if (c.treated.length === 0 || c.comparison.length === 0) {
    problems.push(
      `±${W} months: ${c.treated.length === 0 ? 'no treated' : 'no comparison'} person has the whole window inside the coverage, so no ratio`,
    );
    return done();
  }
  row.treated_rate_ratio = tPre > 0 ? tPost / tPre : null;
  row.comparison_rate_ratio = cPre > 0 ? cPost / cPre : null;
  row.did_ratio = didRatio(tPre, tPost, cPre, cPost);
  if (row.did_ratio === null) {
    problems.push(`±${W} months: a pre count or the comparison post count is 0, so no difference-in-differences ratio`);
    return done();
  }
  const bs = didBootstrap(u, options.bootstrap, options.random, confidence);
  row.did_ci_low = bs.low;
  row.did_ci_high = bs.high;
  if (bs.dropped > 0)
    problems.push(
      `±${W} months bootstrap: ${bs.dropped} of ${options.bootstrap} replicates had a zero denominator and were dropped${bs.low === null ? ' (more than half, so no interval)' : ''}`,
    );
  return done();
}

/** One level's recidivism in both cohorts, with the difference and its Newcombe interval (a cell reads `<N` or `suppressed` when hidden). */
export interface RecidivismDifference {
  level: string;
  treated_persons: Cell;
  treated_reoffenders: Cell;
  treated_rate: Cell;
  comparison_persons: Cell;
  comparison_reoffenders: Cell;
  comparison_rate: Cell;
  difference: Cell;
  diff_ci_low: Cell;
  diff_ci_high: Cell;
}

/**
 * What reveals what in the comparison table (docs/methods.md#suppression): a
 * cohort's pre and post counts are about its persons; each rate ratio is built
 * on its cohort's counts, the difference-in-differences and its interval on
 * all of them. Windows are separate cohorts: no margins.
 */
export const COMPARE_SUPPRESSION: SuppressionDeclaration = {
  counts: ['treated_persons', 'comparison_persons', 'treated_pre', 'treated_post', 'comparison_pre', 'comparison_post'],
  derived: {
    treated_pre: ['treated_persons'],
    treated_post: ['treated_persons'],
    comparison_pre: ['comparison_persons'],
    comparison_post: ['comparison_persons'],
    treated_rate_ratio: ['treated_persons', 'treated_pre', 'treated_post'],
    comparison_rate_ratio: ['comparison_persons', 'comparison_pre', 'comparison_post'],
    ...Object.fromEntries(
      ['did_ratio', 'did_ci_low', 'did_ci_high'].map((k) => [
        k,
        ['treated_persons', 'comparison_persons', 'treated_pre', 'treated_post', 'comparison_pre', 'comparison_post'],
      ]),
    ),
  },
};

/**
 * The recidivism-by-level rows of both cohorts, suppressed as one table: in
 * each cohort reoffenders ≤ persons (non-reoffenders a count too); rates are
 * built on their cohort's counts, the difference and its interval on both;
 * the levels B, C, D add up to "all".
 */
export const COMPARE_RECIDIVISM_SUPPRESSION: SuppressionDeclaration = {
  counts: ['treated_persons', 'treated_reoffenders', 'comparison_persons', 'comparison_reoffenders'],
  complements: { treated_reoffenders: 'treated_persons', comparison_reoffenders: 'comparison_persons' },
  derived: {
    treated_reoffenders: ['treated_persons'],
    comparison_reoffenders: ['comparison_persons'],
    treated_rate: ['treated_persons', 'treated_reoffenders'],
    comparison_rate: ['comparison_persons', 'comparison_reoffenders'],
    ...Object.fromEntries(
      ['difference', 'diff_ci_low', 'diff_ci_high'].map((k) => [
        k,
        ['treated_persons', 'treated_reoffenders', 'comparison_persons', 'comparison_reoffenders'],
      ]),
    ),
  },
  margins: [{ parts: [0, 1, 2], total: 3 }],
  // a cohort with no one at the level (0 persons: never hidden, a whole): no difference, so nothing to hide
  notApplicable: (_, row) =>
    row.treated_persons === 0 || row.comparison_persons === 0 ? ['difference', 'diff_ci_low', 'diff_ci_high'] : [],
};

/** A count for a note: `<N` when it is from 1 to N − 1 under suppression. */
const noteCount = shownCount;

/**
 * The comparison table (docs/methods.md#comparison-design): one row per window
 * with both cohorts' post/pre rate ratios and their ratio (the
 * difference-in-differences on the ratio scale) with a person-level cluster
 * bootstrap interval; in `meta` (and notes) the recidivism by level at the
 * follow-up with the treated − comparison difference and its Newcombe hybrid
 * score interval, Kaplan–Meier by cohort, and a Cox hazard ratio (treated vs
 * comparison, stratified by level, Efron ties).
 *
 * With `suppressBelow` (docs/methods.md#suppression): small counts read `<N`
 * and everything built on them `suppressed`, in the rows, `meta.recidivism`
 * (levels add up to "all"), `meta.survival` (a cohort whose persons or events
 * are hidden has no curve, median or S(F)) and the notes; the Cox model is
 * withheld when any recidivism count is hidden.
 *
 * Edge cases: a window the data cannot support (too little history before
 * the launch) → counts 0, statistics empty, with a note; a zero pre count or
 * zero comparison post count → empty ratio with a note. Never NaN.
 *
 * @example
 * compareTable(ds, idx, set, { launch, windows: [12], followUpMonths: 12, bootstrap: 2000, random }).rows[0];
 * // { window_months: 12, treated_persons: 412, comparison_persons: 398, …, did_ratio: 0.61…, did_ci_low: 0.5…, did_ci_high: 0.7… }
 */
export function compareTable(ds: Dataset, idx: PersonIndex, set: RuleSet, options: CompareOptions): Table {
  const { launch } = options;
  const confidence = options.confidence ?? COMPARE_DEFAULTS.confidence;
  const offensesOnly = Boolean(options.offensesOnly);
  const below = options.suppressBelow;
  const what = offensesOnly ? 'offense incidents' : 'incidents';
  const notes: string[] = [];
  const problems: string[] = [];
  const rows: Record<string, Cell>[] = [];
  const cohortNotes: string[] = [];

  for (const W of options.windows) {
    const w = compareWindow(ds, idx, set, options, W);
    rows.push(w.row);
    problems.push(...w.problems);
    if (w.period) cohortNotes.push(w.period);
  }

  // recidivism, Kaplan–Meier and Cox at the follow-up F, on the cohorts built with W = F
  const F = options.followUpMonths;
  const fc = compareCohorts(ds, idx, set, launch, F);
  const recidivism: RecidivismDifference[] = [];
  const obs: { time: number; event: boolean; treated: number; level: string }[] = [];
  if (fc.problem) problems.push(`recidivism at ${F} months: ${fc.problem}`);
  else {
    for (const [arm, entries] of [
      [1, fc.treated],
      [0, fc.comparison],
    ] as const) {
      for (const e of entries) obs.push({ ...timeToReoffense(ds, idx, e, F), treated: arm, level: levelName(e.level) });
    }
    for (const level of ['B', 'C', 'D', 'all']) {
      const sel = obs.filter((o) => level === 'all' || o.level === level);
      const t = sel.filter((o) => o.treated === 1),
        k = sel.filter((o) => o.treated === 0);
      const tx = t.filter((o) => o.event).length,
        kx = k.filter((o) => o.event).length;
      const nc = newcombeInterval(tx, t.length, kx, k.length, confidence);
      recidivism.push({
        level,
        treated_persons: t.length,
        treated_reoffenders: tx,
        treated_rate: t.length ? tx / t.length : null,
        comparison_persons: k.length,
        comparison_reoffenders: kx,
        comparison_rate: k.length ? kx / k.length : null,
        difference: nc.estimate,
        diff_ci_low: nc.low,
        diff_ci_high: nc.high,
      });
    }
  }
  const recSuppression = suppressTable(
    recidivism as unknown as Record<string, Cell>[],
    below,
    COMPARE_RECIDIVISM_SUPPRESSION,
  );
  // the row of the window W = F counts the same cohorts' persons as the "all" row: hidden there, hidden here
  const allRow = recSuppression.hidden[3];
  const linked = rows.flatMap((r, i) =>
    r.window_months === F && allRow
      ? (['treated_persons', 'comparison_persons'] as const)
          .filter((c) => allRow.has(c))
          .map((column) => ({ row: i, column }))
      : [],
  );
  // --bootstrap 0 turns the interval off: its empty cells do not apply, and stay empty
  const rowSuppression = suppressTable(
    rows,
    below,
    options.bootstrap < 1
      ? { ...COMPARE_SUPPRESSION, notApplicable: () => ['did_ci_low', 'did_ci_high'] }
      : COMPARE_SUPPRESSION,
    linked,
  );

  const survival = [1, 0].map((arm) => {
    const cohort = arm === 1 ? 'treated' : 'comparison';
    const all = recidivism[3];
    if (all && (typeof all[`${cohort}_persons`] !== 'number' || typeof all[`${cohort}_reoffenders`] !== 'number'))
      return { cohort, suppressed: true as const };
    const sel = obs.filter((o) => o.treated === arm);
    const km = kaplanMeier(
      sel.map((o) => o.time),
      sel.map((o) => o.event),
      confidence,
    );
    const lastRow = km.rows[km.rows.length - 1];
    return {
      cohort,
      n: km.n,
      events: km.events,
      median_days: km.median,
      survival_at_follow_up: km.rows.length ? lastRow.survival : km.n ? 1 : null,
      curve: km.rows.map((r) => ({ time: r.time, survival: r.survival, low: r.low, high: r.high })),
    };
  });
  const cox = coxPh(
    obs.map((o) => o.time),
    obs.map((o) => o.event),
    obs.map((o) => [o.treated]),
    obs.map((o) => o.level),
    confidence,
  );
  const coxOut = recSuppression.any
    ? { suppressed: true as const }
    : {
        hazard_ratio: cox.hazardRatio?.[0] ?? null,
        ci_low: cox.low?.[0] ?? null,
        ci_high: cox.high?.[0] ?? null,
        p: cox.p?.[0] ?? null,
        n: cox.n,
        events: cox.events,
        note: cox.note ?? null,
      };

  const shown = (x: Cell, f: (v: number) => string) => (typeof x === 'number' ? f(x) : x === null ? '—' : String(x));
  const pct = (x: Cell) => shown(x, (v) => `${fmt(100 * v, 1)}%`);
  const pts = (x: Cell) => shown(x, (v) => fmt(100 * v, 1));
  const count = (x: Cell) => shown(x, String);
  const { leftOut } = notifiedCohort(ds, idx);
  const conf = Math.round(confidence * 100);
  notes.push(
    `design: the treated cohort is the persons first notified on or after the launch ${formatDay(launch)}, t0 = the first notification; the comparison cohort is the persons the same tier rules would have notified before the launch, pseudo-t0 = the day their level first rose to D, C or B on or after a cut date, plus the treated's median days from that raise to the notification at the level; their whole follow-up lies before the launch. Both cohorts are selected by their first raise after their cut with the rules seeing the same look-back, and both qualify within the same number of days after it (docs/methods.md#comparison-design)`,
    `periods: ${cohortNotes.join('; ') || 'none'}`,
    `pre = ${what} dated t0 − W months to t0 inclusive, post = after t0 up to t0 + W months (docs/methods.md#prepost); rate ratio = post / pre summed over the cohort (equal exposure); did_ratio = treated rate ratio / comparison rate ratio, the effect of notification on the rate of ${what} if the cohorts would have changed alike without it (regression to the mean, ageing of careers and the selection on a recent incident are in both)`,
    `interval: ${conf}% person-level cluster bootstrap (${options.bootstrap} replicates, percentile; a person's incidents are resampled together, so repeat offending widens it as it should)`,
    `recidivism at ${F} months (an incident after t0 up to t0 + ${F} months, cohorts built with W = ${F}); difference = treated − comparison, ${conf}% Newcombe hybrid score interval:`,
    ...recidivism.map(
      (r) =>
        `  ${r.level}: treated ${count(r.treated_reoffenders)}/${count(r.treated_persons)} (${pct(r.treated_rate)}), comparison ${count(r.comparison_reoffenders)}/${count(r.comparison_persons)} (${pct(r.comparison_rate)}), difference ${pts(r.difference)} points (${pts(r.diff_ci_low)} to ${pts(r.diff_ci_high)})`,
    ),
    `Kaplan–Meier to the first incident after t0 (censored at ${F} months): ` +
      survival
        .map((s) =>
          'suppressed' in s
            ? `${s.cohort} ${SUPPRESSED}`
            : `${s.cohort} n ${s.n}, ${s.events} events, S(${F} months) ${fmt(s.survival_at_follow_up, 3)}, median ${s.median_days ?? 'not reached'}`,
        )
        .join('; '),
    'suppressed' in coxOut
      ? 'Cox hazard ratio: not shown, because it is computed from counts suppressed for publication'
      : coxOut.hazard_ratio === null
        ? `Cox hazard ratio: not computed (${coxOut.note})`
        : `Cox hazard ratio, treated vs comparison, stratified by level (Efron ties): ${fmt(coxOut.hazard_ratio, 3)} (${fmt(coxOut.ci_low, 3)} to ${fmt(coxOut.ci_high, 3)}), p ${fmtP(coxOut.p)}`,
    `left out (follow-up cohorts): ${noteCount(fc.notifiedBeforeLaunch, below)} persons first notified before the launch; ${noteCount(fc.notAnswered, below)} notified persons whose first notification does not answer their first qualifying raise from the launch on (within ${MAX_LAG_DAYS} days); ${noteCount(fc.comparisonNotified, below)} would-be comparison persons notified before their follow-up ended`,
    'assumptions: the same rules and the same reporting before and after the launch; no secular trend in offending between the two periods (check ipvi trend on the pre-launch months); notification, when due, does not depend on anything that also predicts re-offending (a notification missed for a reason tied to risk biases the treated cohort)',
    ...leftOutNote(leftOut, below),
    coverageNote(ds),
    ...problems,
    ...suppressionNotes({
      ...rowSuppression,
      cells: rowSuppression.cells + recSuppression.cells,
      any: rowSuppression.any || recSuppression.any,
    }),
  );

  const p = (key: string, decimals: number) => ({ key, decimals, kind: 'number' as const });
  return {
    title: `Notified cohort against a historical comparison cohort (${what}; launch ${formatDay(launch)})`,
    columns: [
      { key: 'window_months', kind: 'int' },
      { key: 'treated_persons', kind: 'int' },
      { key: 'comparison_persons', kind: 'int' },
      { key: 'treated_pre', kind: 'int' },
      { key: 'treated_post', kind: 'int' },
      { key: 'comparison_pre', kind: 'int' },
      { key: 'comparison_post', kind: 'int' },
      p('treated_rate_ratio', 3),
      p('comparison_rate_ratio', 3),
      p('did_ratio', 3),
      p('did_ci_low', 3),
      p('did_ci_high', 3),
    ],
    rows,
    notes,
    meta: {
      recidivism,
      survival,
      cox: coxOut,
      left_out: leftOutMeta(leftOut, below),
      options: {
        launch: formatDay(launch),
        windows: options.windows,
        follow_up_months: F,
        bootstrap: options.bootstrap,
        counted: what,
        confidence,
        suppress_below: below ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
