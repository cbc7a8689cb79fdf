/**
 * Pins for the historical comparison (src/metrics/compare.ts,
 * docs/methods.md#comparison-design), written for its first mutation run:
 * small hand-made data sets whose every output is worked by hand below —
 * the cohorts and their edges (the launch, the span, the 90-day lag, the
 * look-back, a pilot, a notification that answers nothing), the pre/post
 * counts and their window edges, the rate ratios, the difference-in-differences
 * and its bootstrap with a scripted random source, the recidivism list,
 * Kaplan–Meier, Cox, every note word for word, the columns and the meta, and
 * what `--suppress-below` hides. Everything of compare.ts is called inside
 * `it` (docs/testing.md, "Tests Stryker can see"); these tests take well under
 * a second each, so Stryker can run them per mutant.
 *
 * Default rules (rules/ipvi-default.yaml): D = any incident, C = an offense
 * (arrest), B = two offenses (or an offense after a C notification), A = a
 * serious incident and two offenses (or an offense after a B notification).
 * Level codes: D 1, C 2, B 3.
 */
import { describe, expect, it } from 'vitest';
import { compileRules, type RuleSet } from '../../src/classify/classify.js';
import { FeatureComputer } from '../../src/classify/features.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { formatDay } from '../../src/dates.js';
import {
  COMPARE_COLUMNS,
  COMPARE_DEFAULTS,
  MAX_LAG_DAYS,
  compareCohorts,
  compareTable,
  compareWindow,
  didBootstrap,
  didRatio,
  firstRaise,
  windowCounts,
  type CompareOptions,
  type Cohorts,
} from '../../src/metrics/compare.js';
import type { Cell, Dataset } from '../../src/model.js';
import { build, day, type IncidentRecord, type NotificationRecord } from '../helpers/spec.js';

const CONFIG = loadConfig();
const COVERAGE = { start: '2010-01-01', end: '2015-12-31' };
const LAUNCH = day('2013-01-01');

function setup(incidents: IncidentRecord[], notifications: NotificationRecord[] = [], coverage = COVERAGE) {
  const { ds, idx } = build({ incidents, notifications, coverage });
  return { ds, idx, set: buildRuleSet(CONFIG, ds) };
}

/** A random source that returns the values given, in turn (and again from the start). */
function scripted(values: number[]): () => number {
  let k = 0;
  return () => values[k++ % values.length];
}

const name = (ds: Dataset, p: number) => ds.persons.values[p];
const show = (ds: Dataset, es: { person: number; t0: number; level: number }[]) =>
  es.map((e) => `${name(ds, e.person)} ${formatDay(e.t0)} ${e.level}`);

/*
 * BASE, hand-worked: coverage 2010-01-01 … 2015-12-31, launch 2013-01-01, W = F = 12.
 * treatedLast = 2015-12-31 − 12 months = 2014-12-31; compLast = 2013-01-01 − 12 months − 1 day = 2011-12-31;
 * compFirst = 2010-01-01 + 12 months = 2011-01-01; span = min(2014-12-31 − 2013-01-01 + 1 = 730,
 * 2011-12-31 − 2011-01-01 + 1 = 365) = 365; cut = 2011-12-31 − 364 = 2011-01-01; look-back H = whole
 * months 2010-01-01 → 2011-01-01 = 12.
 * T1: D raise 2013-03-01, notified D 2013-03-11 (lag 10); incidents 06-01, 09-01 after → pre 1, post 2;
 *     first incident after t0 on day 82 (20 + 30 + 31 + 1) ≤ 365: an event.
 * T2: C raise 2013-05-01 (arrest), notified C 2013-05-13 (lag 12) → pre 1, post 0; censored at
 *     2014-05-13 − 2013-05-13 = 365 days.
 * Lags: D 10, C 12; B has none → the median over all levels, (10 + 12) / 2 = 11.
 * C1: D raise 2011-04-01 → pseudo-t0 2011-04-11; 2011-08-01 after → pre 1, post 1; event at day 112.
 * C2: C raise 2011-06-01 → pseudo-t0 2011-06-13; 2011-07-01, 10-01, 2012-01-01 after → pre 1, post 3;
 *     event at day 18.
 * X: first raise 2012-06-01 → pseudo-t0 2012-06-11 > 2011-12-31: in no cohort.
 * Treated 2 → 2 (rate ratio 1), comparison 2 → 4 (2): did_ratio = 1 / 2 = 0.5.
 */
const BASE_INCIDENTS: IncidentRecord[] = [
  { id: 'i1', date: '2013-03-01', suspect: 'T1' },
  { id: 'i2', date: '2013-06-01', suspect: 'T1' },
  { id: 'i3', date: '2013-09-01', suspect: 'T1' },
  { id: 'i4', date: '2013-05-01', suspect: 'T2', arrest: true },
  { id: 'i5', date: '2011-04-01', suspect: 'C1' },
  { id: 'i6', date: '2011-08-01', suspect: 'C1' },
  { id: 'i7', date: '2011-06-01', suspect: 'C2', arrest: true },
  { id: 'i8', date: '2011-07-01', suspect: 'C2' },
  { id: 'i9', date: '2011-10-01', suspect: 'C2' },
  { id: 'i10', date: '2012-01-01', suspect: 'C2' },
  { id: 'i11', date: '2012-06-01', suspect: 'X' },
];
const BASE_NOTIFICATIONS: NotificationRecord[] = [
  { person: 'T1', date: '2013-03-11', level: 'D' },
  { person: 'T2', date: '2013-05-13', level: 'C' },
];

const base = () => setup(BASE_INCIDENTS, BASE_NOTIFICATIONS);
const options = (o: Partial<CompareOptions> = {}): CompareOptions => ({
  launch: LAUNCH,
  windows: [12],
  followUpMonths: 12,
  bootstrap: 0,
  random: () => 0,
  ...o,
});

/*
 * The bootstrap of BASE, scripted: persons get slots in the order treated (T1 0, T2 1) then comparison
 * (C1 2, C2 3); units tPre [1,1,0,0], tPost [2,0,0,0], cPre [0,0,1,1], cPost [0,0,1,3]. A draw r picks
 * slot floor(4r). Replicates:
 *   1: slots 0,1,2,3 → (2/2) / (4/2) = 0.5
 *   2: slots 0,0,2,3 → (4/2) / (4/2) = 1
 *   3: slots 1,1,3,3 → (0/2) / (6/2) = 0
 *   4: slots 0,1,2,2 → (2/2) / (2/2) = 1
 *   5: slots 2,2,2,2 → treated pre 0: dropped
 * Sorted [0, 0.5, 1, 1]; R quantile(c(0, .5, 1, 1), c(.025, .975)) (type 7): 0.0375 (h = 3 · 0.025 = 0.075,
 * 0 + 0.075 · 0.5) and 1.
 */
const BASE_DRAWS = [
  [0, 0.25, 0.5, 0.75],
  [0, 0, 0.5, 0.75],
  [0.25, 0.25, 0.75, 0.75],
  [0, 0.25, 0.5, 0.5],
  [0.5, 0.5, 0.5, 0.5],
].flat();

/** The notes of every comparison table up to the recidivism list. */
function headNotes(o: { periods: string; what?: string; conf?: number; bootstrap: number; F?: number }) {
  const what = o.what ?? 'incidents';
  const conf = o.conf ?? 95;
  const F = o.F ?? 12;
  return [
    "design: the treated cohort is the persons first notified on or after the launch 2013-01-01, t0 = the first notification; the comparison cohort is the persons the same tier rules would have notified before the launch, pseudo-t0 = the day their level first rose to D, C or B on or after a cut date, plus the treated's median days from that raise to the notification at the level; their whole follow-up lies before the launch. Both cohorts are selected by their first raise after their cut with the rules seeing the same look-back, and both qualify within the same number of days after it (docs/methods.md#comparison-design)",
    `periods: ${o.periods}`,
    `pre = ${what} dated t0 − W months to t0 inclusive, post = after t0 up to t0 + W months (docs/methods.md#prepost); rate ratio = post / pre summed over the cohort (equal exposure); did_ratio = treated rate ratio / comparison rate ratio, the effect of notification on the rate of ${what} if the cohorts would have changed alike without it (regression to the mean, ageing of careers and the selection on a recent incident are in both)`,
    `interval: ${conf}% person-level cluster bootstrap (${o.bootstrap} replicates, percentile; a person's incidents are resampled together, so repeat offending widens it as it should)`,
    `recidivism at ${F} months (an incident after t0 up to t0 + ${F} months, cohorts built with W = ${F}); difference = treated − comparison, ${conf}% Newcombe hybrid score interval:`,
  ];
}
const ASSUMPTIONS =
  'assumptions: the same rules and the same reporting before and after the launch; no secular trend in offending between the two periods (check ipvi trend on the pre-launch months); notification, when due, does not depend on anything that also predicts re-offending (a notification missed for a reason tied to risk biases the treated cohort)';
const COVERAGE_NOTE = 'coverage: 2010-01-01 (set by option) to 2015-12-31 (set by option), both days inclusive';
const leftOutLine = (before: Cell, notAnswered: Cell, compNotified: Cell) =>
  `left out (follow-up cohorts): ${before} persons first notified before the launch; ${notAnswered} notified persons whose first notification does not answer their first qualifying raise from the launch on (within 90 days); ${compNotified} would-be comparison persons notified before their follow-up ended`;
const BASE_PERIOD =
  "±12: treated t0 2013-01-01 to 2013-12-31, comparison pseudo-t0 2011-01-01 to 2011-12-31, rules' look-back 12 months, pseudo-t0 = raise + B 11, C 12, D 10 days";

const COLUMNS = [
  { key: 'window_months', kind: 'int' },
  { key: 'treated_persons', kind: 'int' },
  { key: 'comparison_persons', kind: 'int' },
  { key: 'treated_pre', kind: 'int' },
  { key: 'treated_post', kind: 'int' },
  { key: 'comparison_pre', kind: 'int' },
  { key: 'comparison_post', kind: 'int' },
  { key: 'treated_rate_ratio', decimals: 3, kind: 'number' },
  { key: 'comparison_rate_ratio', decimals: 3, kind: 'number' },
  { key: 'did_ratio', decimals: 3, kind: 'number' },
  { key: 'did_ci_low', decimals: 3, kind: 'number' },
  { key: 'did_ci_high', decimals: 3, kind: 'number' },
];

/*
 * Newcombe hybrid score intervals from Wilson limits (z = 1.959964, z² = 3.841459); Wilson limits from
 * R prop.test(x, n, correct = FALSE)$conf.int: 0/1 [0, z²/(1 + z²) = 0.793451]; 1/1 [1/(1 + z²) = 0.206549, 1];
 * 2/2 [2/(2 + z²) = 0.342380, 1]; 1/2 [0.094531, 0.905469].
 * C: 0/1 − 1/1 = −1; L = −1 − √(0² + 0²) = −1; U = −1 + √(0.793451² + 0.793451²) = 0.122109.
 * D: 1/1 − 1/1 = 0; L = −√(0.793451² + 0²) = −0.793451; U = +0.793451.
 * all: 1/2 − 2/2 = −0.5; L = −0.5 − √(0.405469² + 0²) = −0.905469; U = −0.5 + √(0.405469² + 0.657620²) = 0.272573.
 * Kaplan–Meier (R survfit, log intervals): treated times 82 (event), 365 (censored): S(82) = 0.5,
 * Greenwood SE of log S = √(1/(2·1)) = 0.707107, low 0.5·exp(−1.959964·0.707107) = 0.125049, high min(1, …) = 1;
 * median 82. Comparison 18, 112 (both events): S 0.5 then 0; median: S is 0.5 from 18 to 112, so the midpoint 65.
 * Cox (strata D: T1 event 82 vs C1 112; C: C2 event 18 vs T2 censored 365): partial likelihood
 * e^β/(1 + e^β) · 1/(1 + e^β), maximal at β = 0: HR 1; information 1/4 + 1/4, SE √2,
 * interval exp(±1.959964·√2) = 0.062549 … 15.987508, Wald p 1. R:
 *   coxph(Surv(c(82,365,112,18), c(1,0,1,1)) ~ c(1,1,0,0) + strata(c("D","C","D","C")), ties = "efron")
 */
const BASE_RECIDIVISM = [
  {
    level: 'B',
    treated_persons: 0,
    treated_reoffenders: 0,
    treated_rate: null,
    comparison_persons: 0,
    comparison_reoffenders: 0,
    comparison_rate: null,
    difference: null,
    diff_ci_low: null,
    diff_ci_high: null,
  },
  {
    level: 'C',
    treated_persons: 1,
    treated_reoffenders: 0,
    treated_rate: 0,
    comparison_persons: 1,
    comparison_reoffenders: 1,
    comparison_rate: 1,
    difference: -1,
    diff_ci_low: -1,
    diff_ci_high: 0.122108720681942,
  },
  {
    level: 'D',
    treated_persons: 1,
    treated_reoffenders: 1,
    treated_rate: 1,
    comparison_persons: 1,
    comparison_reoffenders: 1,
    comparison_rate: 1,
    difference: 0,
    diff_ci_low: -0.7934506856227627,
    diff_ci_high: 0.7934506856227627,
  },
  {
    level: 'all',
    treated_persons: 2,
    treated_reoffenders: 1,
    treated_rate: 0.5,
    comparison_persons: 2,
    comparison_reoffenders: 2,
    comparison_rate: 1,
    difference: -0.5,
    diff_ci_low: -0.9054687942657693,
    diff_ci_high: 0.2725727851131816,
  },
];
const BASE_RECIDIVISM_NOTES = [
  '  B: treated 0/0 (—), comparison 0/0 (—), difference — points (— to —)',
  '  C: treated 0/1 (0%), comparison 1/1 (100%), difference -100 points (-100 to 12.2)',
  '  D: treated 1/1 (100%), comparison 1/1 (100%), difference 0 points (-79.3 to 79.3)',
  '  all: treated 1/2 (50%), comparison 2/2 (100%), difference -50 points (-90.5 to 27.3)',
];
const KM_LOW = 0.12504882662995312; // 0.5 · exp(−1.959964 · √0.5)

describe('compareTable on BASE: every cell, note and meta field', () => {
  it('the whole table, with a scripted bootstrap of 5 replicates (one dropped)', () => {
    const { ds, idx, set } = base();
    const t = compareTable(ds, idx, set, options({ bootstrap: 5, random: scripted(BASE_DRAWS) }));
    expect(t.title).toBe('Notified cohort against a historical comparison cohort (incidents; launch 2013-01-01)');
    expect(t.columns).toEqual(COLUMNS);
    expect(t.columns.map((c) => c.key)).toEqual([...COMPARE_COLUMNS]);
    expect(t.rows).toEqual([
      {
        window_months: 12,
        treated_persons: 2,
        comparison_persons: 2,
        treated_pre: 2,
        treated_post: 2,
        comparison_pre: 2,
        comparison_post: 4,
        treated_rate_ratio: 1,
        comparison_rate_ratio: 2,
        did_ratio: 0.5,
        did_ci_low: t.rows[0].did_ci_low,
        did_ci_high: 1,
      },
    ]);
    expect(t.rows[0].did_ci_low).toBeCloseTo(0.0375, 12);
    expect(t.notes).toEqual([
      ...headNotes({ periods: BASE_PERIOD, bootstrap: 5 }),
      ...BASE_RECIDIVISM_NOTES,
      'Kaplan–Meier to the first incident after t0 (censored at 12 months): treated n 2, 1 events, S(12 months) 0.5, median 82; comparison n 2, 2 events, S(12 months) 0, median 65',
      'Cox hazard ratio, treated vs comparison, stratified by level (Efron ties): 1 (0.063 to 15.988), p 1.0000',
      leftOutLine(0, 0, 0),
      ASSUMPTIONS,
      COVERAGE_NOTE,
      '±12 months bootstrap: 1 of 5 replicates had a zero denominator and were dropped',
    ]);
    expect(t.meta!.recidivism).toEqual(BASE_RECIDIVISM);
    expect(t.meta!.survival).toEqual([
      {
        cohort: 'treated',
        n: 2,
        events: 1,
        median_days: 82,
        survival_at_follow_up: 0.5,
        curve: [{ time: 82, survival: 0.5, low: KM_LOW, high: 1 }],
      },
      {
        cohort: 'comparison',
        n: 2,
        events: 2,
        median_days: 65,
        survival_at_follow_up: 0,
        curve: [
          { time: 18, survival: 0.5, low: KM_LOW, high: 1 },
          { time: 112, survival: 0, low: null, high: null },
        ],
      },
    ]);
    const cox = t.meta!.cox as Record<string, number | null>;
    expect(cox).toEqual({
      hazard_ratio: 1,
      ci_low: cox.ci_low,
      ci_high: cox.ci_high,
      p: 1,
      n: 4,
      events: 3,
      note: null,
    });
    expect(cox.ci_low).toBeCloseTo(Math.exp(-1.959963984540054 * Math.SQRT2), 9);
    expect(cox.ci_high).toBeCloseTo(Math.exp(1.959963984540054 * Math.SQRT2), 7);
    expect(t.meta!.left_out).toEqual({ noIncident: 0, ipvFiltered: 0 });
    expect(t.meta!.options).toEqual({
      launch: '2013-01-01',
      windows: [12],
      follow_up_months: 12,
      bootstrap: 5,
      counted: 'incidents',
      confidence: 0.95,
      suppress_below: null,
      coverage: { start: '2010-01-01', end: '2015-12-31' },
    });
  });

  it('the Newcombe limits are the hand-worked ones', () => {
    const { ds, idx, set } = base();
    const rec = compareTable(ds, idx, set, options()).meta!.recidivism as Record<string, number>[];
    expect(rec[1].diff_ci_high).toBeCloseTo(0.122109, 6);
    expect(rec[2].diff_ci_low).toBeCloseTo(-0.793451, 6);
    expect(rec[3].diff_ci_low).toBeCloseTo(-0.905469, 6);
    expect(rec[3].diff_ci_high).toBeCloseTo(0.272573, 6);
  });

  it('defaults: confidence 0.95, 2000 replicates, ±12 months, seed 1', () => {
    expect(COMPARE_DEFAULTS).toEqual({ windows: [12], followUpMonths: 12, bootstrap: 2000, seed: 1, confidence: 0.95 });
    expect(MAX_LAG_DAYS).toBe(90);
  });
});

describe('windowCounts: the ±W window edges and --offenses-only', () => {
  /*
   * E: t0 2013-03-15, W = 12 → pre [2012-03-15, 2013-03-15], post (2013-03-15, 2014-03-15].
   * 2012-03-14 out; 2012-03-15 pre (arrest); 2013-03-15 pre (the t0 day); 2013-03-16 post;
   * 2014-03-15 post (arrest); 2014-03-16 out. All: pre 2, post 2; offenses only: pre 1, post 1.
   * N, the next person, has incidents inside E's window: never counted for E.
   */
  const incidents: IncidentRecord[] = [
    { date: '2012-03-14', suspect: 'E', arrest: true },
    { date: '2012-03-15', suspect: 'E', arrest: true },
    { date: '2013-03-15', suspect: 'E' },
    { date: '2013-03-16', suspect: 'E' },
    { date: '2014-03-15', suspect: 'E', arrest: true },
    { date: '2014-03-16', suspect: 'E', arrest: true },
    { date: '2013-03-20', suspect: 'N', arrest: true },
    { date: '2013-03-21', suspect: 'N', arrest: true },
  ];
  it('counts the window ends and the t0 day as pre; nothing of the next person', () => {
    const { ds, idx } = setup(incidents);
    const e = { person: 0, t0: day('2013-03-15'), level: 1 as const };
    expect(name(ds, 0)).toBe('E');
    expect(windowCounts(ds, idx, e, 12)).toEqual({ pre: 2, post: 2 });
    expect(windowCounts(ds, idx, e, 12, false)).toEqual({ pre: 2, post: 2 });
    expect(windowCounts(ds, idx, e, 12, true)).toEqual({ pre: 1, post: 1 });
    // W = 1: pre [2013-02-15, 2013-03-15] holds only the t0 day; post (…, 2013-04-15] only 03-16
    expect(windowCounts(ds, idx, e, 1)).toEqual({ pre: 1, post: 1 });
    expect(windowCounts(ds, idx, e, 1, true)).toEqual({ pre: 0, post: 0 });
    // N alone: t0 2013-03-20 → pre 1 (its t0 day), post 1
    expect(windowCounts(ds, idx, { person: 1, t0: day('2013-03-20'), level: 2 }, 12)).toEqual({ pre: 1, post: 1 });
  });
});

describe('firstRaise: the first day the level rises to D, C or B in [from, before)', () => {
  /*
   * Default rules, no look-back. from 2013-01-01, before 2014-01-01.
   * R1: D 2012-12-31, D 2013-01-01 (D → D: no raise), arrest 2013-02-01 (D → C) → 2013-02-01, C.
   * R2: D on 2013-01-01 exactly (nothing → D) → 2013-01-01, D.
   * R3: arrest 2012-12-31 (C), D 2013-01-05 (C → C), arrest 2013-03-01 (two offenses: B) → 2013-03-01, B.
   * R4: arrest with a weapon and an arrest on 2013-04-01 (serious and two offenses: A, not notified) → none.
   * R5: D on 2014-01-01 (= before) → none. R6: D on 2013-12-31 → 2013-12-31, D.
   * R7: two arrests on 2013-06-01 (nothing → B in one day) → 2013-06-01, B.
   */
  const incidents: IncidentRecord[] = [
    { date: '2012-12-31', suspect: 'R1' },
    { date: '2013-01-01', suspect: 'R1' },
    { date: '2013-02-01', suspect: 'R1', arrest: true },
    { date: '2013-01-01', suspect: 'R2' },
    { date: '2012-12-31', suspect: 'R3', arrest: true },
    { date: '2013-01-05', suspect: 'R3' },
    { date: '2013-03-01', suspect: 'R3', arrest: true },
    { date: '2013-04-01', suspect: 'R4', arrest: true, weapon: true },
    { date: '2013-04-01', suspect: 'R4', arrest: true },
    { date: '2014-01-01', suspect: 'R5' },
    { date: '2013-12-31', suspect: 'R6' },
    { date: '2013-06-01', suspect: 'R7', arrest: true },
    { date: '2013-06-01', suspect: 'R7', arrest: true },
  ];
  it('each person', () => {
    const { ds, idx, set } = setup(incidents);
    const fc = new FeatureComputer(ds, idx, set.features);
    const raise = (p: number) => {
      const q = firstRaise(ds, idx, set, fc, p, LAUNCH, day('2014-01-01'));
      return q && `${formatDay(q.day)} ${q.level}`;
    };
    expect([0, 1, 2, 3, 4, 5, 6].map((p) => name(ds, p))).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    expect([0, 1, 2, 3, 4, 5, 6].map(raise)).toEqual([
      '2013-02-01 2',
      '2013-01-01 1',
      '2013-03-01 3',
      null,
      null,
      '2013-12-31 1',
      '2013-06-01 3',
    ]);
    // from one day later, R2's only incident is before `from`; before one day later, R5's counts
    expect(firstRaise(ds, idx, set, fc, 1, LAUNCH + 1, day('2014-01-01'))).toBeNull();
    expect(firstRaise(ds, idx, set, fc, 4, LAUNCH, day('2014-01-02'))).toEqual({ day: day('2014-01-01'), level: 1 });
    // R1 from 2012-12-31: nothing → D on that day
    expect(firstRaise(ds, idx, set, fc, 0, day('2012-12-31'), day('2014-01-01'))).toEqual({
      day: day('2012-12-31'),
      level: 1,
    });
  });
});

describe('didRatio and didBootstrap', () => {
  it('didRatio = (tPost / tPre) / (cPost / cPre); null on a zero denominator or a zero comparison post', () => {
    // (3 / 2) / (7 / 5) = 1.5 / 1.4 = 15/14
    expect(didRatio(2, 3, 5, 7)).toBeCloseTo(15 / 14, 14);
    expect(didRatio(2, 0, 5, 7)).toBe(0);
    expect(didRatio(0, 3, 5, 7)).toBeNull();
    expect(didRatio(2, 3, 0, 7)).toBeNull();
    expect(didRatio(2, 3, 5, 0)).toBeNull();
  });

  /*
   * Two persons: slot 0 treated (pre 1, post 2), slot 1 comparison (pre 2, post 1). A draw r picks slot floor(2r).
   * Replicate (0, 0.5): slots 0, 1 → (2/1) / (1/2) = 4. (0, 0): comparison pre 0 → dropped. (0.5, 0.5): treated pre 0 → dropped.
   */
  const units = {
    treatedPre: Float64Array.from([1, 0]),
    treatedPost: Float64Array.from([2, 0]),
    comparisonPre: Float64Array.from([0, 2]),
    comparisonPost: Float64Array.from([0, 1]),
  };
  it('exactly half the replicates dropped still gives an interval; more than half gives none', () => {
    expect(didBootstrap(units, 1, scripted([0, 0.5]))).toEqual({ low: 4, high: 4, dropped: 0 });
    expect(didBootstrap(units, 2, scripted([0, 0.5, 0, 0]))).toEqual({ low: 4, high: 4, dropped: 1 });
    expect(didBootstrap(units, 3, scripted([0, 0.5, 0, 0, 0.5, 0.5]))).toEqual({ low: null, high: null, dropped: 2 });
    expect(didBootstrap(units, 1, scripted([0, 0]))).toEqual({ low: null, high: null, dropped: 1 });
  });
  it('no persons or no replicates: no interval, nothing dropped', () => {
    const none = {
      treatedPre: new Float64Array(0),
      treatedPost: new Float64Array(0),
      comparisonPre: new Float64Array(0),
      comparisonPost: new Float64Array(0),
    };
    expect(didBootstrap(none, 10, scripted([0]))).toEqual({ low: null, high: null, dropped: 0 });
    expect(didBootstrap(units, 0, scripted([0, 0.5]))).toEqual({ low: null, high: null, dropped: 0 });
  });
  it('the percentile limits follow the confidence (R quantile type 7)', () => {
    /*
     * Three persons, each in one cohort: slot 0 treated pre 1 post 1, slot 1 treated pre 1 post 3,
     * slot 2 comparison pre 1 post 1. Draws of three slots (r → floor(3r)):
     *   0,1,2 → (4/2)/(1/1) = 2; 0,0,2 → 1; 1,1,2 → 3; 1,2,2 → (3/1)/(2/2) = 3; 0,1,2 → 2
     * sorted [1, 2, 2, 3, 3]. R: quantile(c(1,2,2,3,3), c(.025,.975)) → 1.1, 3;
     * quantile(c(1,2,2,3,3), c(.25,.75)) → 2, 3; quantile(..., c(.05, .95)) → 1.2, 3.
     */
    const u = {
      treatedPre: Float64Array.from([1, 1, 0]),
      treatedPost: Float64Array.from([1, 3, 0]),
      comparisonPre: Float64Array.from([0, 0, 1]),
      comparisonPost: Float64Array.from([0, 0, 1]),
    };
    const draws = [0, 0.4, 0.7, 0, 0, 0.7, 0.4, 0.4, 0.7, 0.4, 0.7, 0.7, 0, 0.4, 0.7];
    const r95 = didBootstrap(u, 5, scripted(draws));
    expect(r95.low).toBeCloseTo(1.1, 12);
    expect(r95).toMatchObject({ high: 3, dropped: 0 });
    expect(didBootstrap(u, 5, scripted(draws), 0.95)).toEqual(r95);
    expect(didBootstrap(u, 5, scripted(draws), 0.5)).toEqual({ low: 2, high: 3, dropped: 0 });
    const r90 = didBootstrap(u, 5, scripted(draws), 0.9);
    expect(r90.low).toBeCloseTo(1.2, 12);
    expect(r90.high).toBe(3);
  });
});

describe('compareCohorts: who is in, who is left out, and why (hand-worked edges)', () => {
  /*
   * Coverage and launch of BASE, W = 12: treated t0 in [2013-01-01, 2013-12-31], comparison pseudo-t0 in
   * [2011-01-01, 2011-12-31], look-back 12 months.
   * PG: notified 2012-06-01, no incident: outside the evaluation cohort, counted nowhere here.
   * PB: incident 2012-11-01, notified 2012-12-31: first notified before the launch (its raise's
   *     pseudo-t0 2012-11-11 is after the comparison period, so it is no comparison person either).
   * PL: incident and notification on the launch day (lag 0): treated, t0 2013-01-01.
   * P90: incident 2013-02-01, notified 2013-05-02: lag 27 + 31 + 30 + 2 = 90 → treated.
   * P91: incident 2013-02-01, notified 2013-05-03: lag 91 → does not answer the raise.
   * PE: notified 2013-02-01, before its raise 2013-03-01 → does not answer.
   * PN: incident 2012-12-01, notified 2013-03-01: no raise from the launch on → does not answer.
   * PS: incident 2013-12-21, notified 2013-12-31 (lag 10, t0 = the span's last day) → treated.
   * PT: incident 2013-12-22, notified 2014-01-01 (lag 10, past the span): not treated, its lag counts.
   * PZ: incident and notification on the coverage's last day (lag 0): it answers its raise (a raise on the last
   *     day is looked for), but t0 is past the span: not treated, not "not answered".
   * D lags [0, 90, 10, 10, 0] → sorted [0, 0, 10, 10, 90], median 10; C and B have none → the median over all, 10.
   * CN: D 2011-03-01 → pseudo-t0 2011-03-11; notified 2012-03-11 = pseudo-t0 + 12 months → a would-be
   *     comparison person notified before the follow-up ended (and first notified before the launch).
   * CM: the same, notified 2012-03-12 → comparison, t0 2011-03-11 (and first notified before the launch).
   * CC: D on the cut day 2011-01-01 → comparison, 2011-01-11.
   * CS: D 2011-12-21 → pseudo-t0 2011-12-31, the period's last day → comparison.
   * CT: D 2011-12-22 → 2012-01-01: past the period.
   * CL: D 2010-12-31 and 2011-01-05: D → D under the 12-month look-back, no raise from the cut on.
   * Left out: before the launch PB, CN, CM = 3; not answered P91, PE, PN = 3; comparison notified CN = 1.
   */
  const incidents: IncidentRecord[] = [
    { date: '2012-11-01', suspect: 'PB' },
    { date: '2013-01-01', suspect: 'PL' },
    { date: '2013-02-01', suspect: 'P90' },
    { date: '2013-02-01', suspect: 'P91' },
    { date: '2013-03-01', suspect: 'PE' },
    { date: '2012-12-01', suspect: 'PN' },
    { date: '2013-12-21', suspect: 'PS' },
    { date: '2013-12-22', suspect: 'PT' },
    { date: '2011-03-01', suspect: 'CN' },
    { date: '2011-03-01', suspect: 'CM' },
    { date: '2011-01-01', suspect: 'CC' },
    { date: '2011-12-21', suspect: 'CS' },
    { date: '2011-12-22', suspect: 'CT' },
    { date: '2010-12-31', suspect: 'CL' },
    { date: '2011-01-05', suspect: 'CL' },
    { date: '2015-12-31', suspect: 'PZ' },
  ];
  const notifications: NotificationRecord[] = [
    { person: 'PG', date: '2012-06-01', level: 'D' },
    { person: 'PB', date: '2012-12-31', level: 'D' },
    { person: 'PL', date: '2013-01-01', level: 'D' },
    { person: 'P90', date: '2013-05-02', level: 'D' },
    { person: 'P91', date: '2013-05-03', level: 'D' },
    { person: 'PE', date: '2013-02-01', level: 'D' },
    { person: 'PN', date: '2013-03-01', level: 'D' },
    { person: 'PS', date: '2013-12-31', level: 'D' },
    { person: 'PT', date: '2014-01-01', level: 'D' },
    { person: 'CN', date: '2012-03-11', level: 'D' },
    { person: 'CM', date: '2012-03-12', level: 'D' },
    { person: 'PZ', date: '2015-12-31', level: 'D' },
  ];
  const expected = (c: Cohorts, ds: Dataset) => {
    expect(show(ds, c.treated)).toEqual(['PL 2013-01-01 1', 'P90 2013-05-02 1', 'PS 2013-12-31 1']);
    expect(show(ds, c.comparison)).toEqual(['CM 2011-03-11 1', 'CC 2011-01-11 1', 'CS 2011-12-31 1']);
    expect([c.notifiedBeforeLaunch, c.notAnswered, c.comparisonNotified]).toEqual([3, 3, 1]);
    expect([...c.lags]).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect({ W: c.windowMonths, span: c.span, cut: formatDay(c.cut), H: c.lookbackMonths, problem: c.problem }).toEqual(
      { W: 12, span: 365, cut: '2011-01-01', H: 12, problem: undefined },
    );
  };
  it('the cohorts, the lags and the counts left out', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    expected(compareCohorts(ds, idx, set, LAUNCH, 12), ds);
  });
  it('the table says the same: rows, left-out note (with the person with no incident) and meta', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const w = compareWindow(ds, idx, set, options(), 12);
    expected(w.cohorts, ds);
    const t = compareTable(ds, idx, set, options());
    expect(t.rows[0]).toMatchObject({ treated_persons: 3, comparison_persons: 3 });
    expect(t.notes).toContain(leftOutLine(3, 3, 1));
    expect(t.notes).toContain(
      "1 notified person left out of the cohort because they have no incident in the data: 1 with no incident in the export (an ID that does not match the incidents' suspect IDs, e.g. one that lost its leading zeros, is one of these: `ipvi validate` names them). They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)",
    );
    expect(t.meta!.left_out).toEqual({ noIncident: 1, ipvFiltered: 0 });
  });
});

describe('the median lags and the pseudo-t0 they give', () => {
  /*
   * Treated (person order): LD1 D raise 2013-02-01, notified 03-03 (lag 27 + 3 = 30); LD2 D 02-01 → 02-11 (10);
   * LD3 D 02-01 → 02-14 (13); LC arrest 02-01 → C notification 02-04 (3).
   * D lags [30, 10, 13] → sorted [10, 13, 30], median 13; C [3] → 3; B none → all four sorted
   * [3, 10, 13, 30], median 11.5, rounded 12.
   * Comparison: KD D 2011-05-01 → 2011-05-14; KC arrest 2011-05-01 → 2011-05-04; KB two arrests 2011-05-01
   * (B) → 2011-05-13.
   */
  const incidents: IncidentRecord[] = [
    { date: '2013-02-01', suspect: 'LD1' },
    { date: '2013-02-01', suspect: 'LD2' },
    { date: '2013-02-01', suspect: 'LD3' },
    { date: '2013-02-01', suspect: 'LC', arrest: true },
    { date: '2011-05-01', suspect: 'KD' },
    { date: '2011-05-01', suspect: 'KC', arrest: true },
    { date: '2011-05-01', suspect: 'KB', arrest: true },
    { date: '2011-05-01', suspect: 'KB', arrest: true },
  ];
  const notifications: NotificationRecord[] = [
    { person: 'LD1', date: '2013-03-03', level: 'D' },
    { person: 'LD2', date: '2013-02-11', level: 'D' },
    { person: 'LD3', date: '2013-02-14', level: 'D' },
    { person: 'LC', date: '2013-02-04', level: 'C' },
  ];
  it('median per level (sorted, rounded), else over all levels', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    expect([c.lags.get(1), c.lags.get(2), c.lags.get(3)]).toEqual([13, 3, 12]);
    expect(show(ds, c.comparison)).toEqual(['KD 2011-05-14 1', 'KC 2011-05-04 2', 'KB 2011-05-13 3']);
    expect(show(ds, c.treated)).toEqual([
      'LD1 2013-03-03 1',
      'LD2 2013-02-11 1',
      'LD3 2013-02-14 1',
      'LC 2013-02-04 2',
    ]);
    const w = compareWindow(ds, idx, set, options(), 12);
    expect(w.period).toBe(
      "±12: treated t0 2013-01-01 to 2013-12-31, comparison pseudo-t0 2011-01-01 to 2011-12-31, rules' look-back 12 months, pseudo-t0 = raise + B 12, C 3, D 13 days",
    );
  });
  it('no treated person: every lag is 0, pseudo-t0 = the raise day, and no ratio', () => {
    const { ds, idx, set } = setup(incidents.slice(4));
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    expect([...c.lags.values()]).toEqual([0, 0, 0]);
    expect(show(ds, c.comparison)).toEqual(['KD 2011-05-01 1', 'KC 2011-05-01 2', 'KB 2011-05-01 3']);
    const w = compareWindow(ds, idx, set, options(), 12);
    expect(w.row).toEqual({
      window_months: 12,
      treated_persons: 0,
      comparison_persons: 3,
      treated_pre: 0,
      treated_post: 0,
      comparison_pre: 4,
      comparison_post: 0,
      treated_rate_ratio: null,
      comparison_rate_ratio: null,
      did_ratio: null,
      did_ci_low: null,
      did_ci_high: null,
    });
    expect(w.problems).toEqual(['±12 months: no treated person has the whole window inside the coverage, so no ratio']);
    expect(w.period).toMatch(/pseudo-t0 = raise \+ B 0, C 0, D 0 days$/);
  });
  it('no comparison person: the counts are given, no ratio', () => {
    const { ds, idx, set } = setup(incidents.slice(0, 4), notifications);
    const w = compareWindow(ds, idx, set, options(), 12);
    expect(w.row).toMatchObject({
      treated_persons: 4,
      comparison_persons: 0,
      treated_pre: 4,
      treated_post: 0,
      comparison_pre: 0,
      comparison_post: 0,
      treated_rate_ratio: null,
      did_ratio: null,
    });
    expect(w.problems).toEqual([
      '±12 months: no comparison person has the whole window inside the coverage, so no ratio',
    ]);
  });
});

describe('the look-back H both cohorts are selected with', () => {
  /*
   * Coverage 2010-01-01 … 2013-12-31, launch 2013-01-01, W = 6: treatedLast 2013-06-30 → 181 days;
   * compLast 2012-06-30, compFirst 2010-07-01 → 731 days; span 181, cut 2012-06-30 − 180 = 2012-01-02 (a leap
   * year); H = whole months 2010-01-01 → 2012-01-02 = 24 (from 2010-01-03: 23, as 2012-01-03 > the cut).
   * Y: D 2011-05-01 and D 2013-02-01, notified 2013-02-11. Seen with 24 months, 2011-05-01 is in view on
   * 2013-02-01 (after 2011-02-01): D → D, no raise, not answered. With a 6-month look-back it is not: a raise.
   */
  const incidents: IncidentRecord[] = [
    { date: '2011-05-01', suspect: 'Y' },
    { date: '2013-02-01', suspect: 'Y' },
  ];
  const notifications: NotificationRecord[] = [{ person: 'Y', date: '2013-02-11', level: 'D' }];
  const cov = { start: '2010-01-01', end: '2013-12-31' };
  it('H = whole months from the coverage start to the cut, or the rules’ look-back when shorter', () => {
    const { ds, idx, set } = setup(incidents, notifications, cov);
    const c = compareCohorts(ds, idx, set, LAUNCH, 6);
    expect({ span: c.span, cut: formatDay(c.cut), H: c.lookbackMonths }).toEqual({
      span: 181,
      cut: '2012-01-02',
      H: 24,
    });
    expect([c.treated.length, c.notAnswered]).toEqual([0, 1]);
    const longer: RuleSet = { ...set, features: { ...set.features, lookbackMonths: 30 } };
    expect(compareCohorts(ds, idx, longer, LAUNCH, 6).lookbackMonths).toBe(24);
    const shorter: RuleSet = { ...set, features: { ...set.features, lookbackMonths: 6 } };
    const s = compareCohorts(ds, idx, shorter, LAUNCH, 6);
    expect(s.lookbackMonths).toBe(6);
    expect([show(ds, s.treated), s.notAnswered]).toEqual([['Y 2013-02-11 1'], 0]);
    expect(compareWindow(ds, idx, shorter, options({ windows: [6] }), 6).period).toBe(
      "±6: treated t0 2013-01-01 to 2013-06-30, comparison pseudo-t0 2012-01-02 to 2012-06-30, rules' look-back 6 months, pseudo-t0 = raise + B 10, C 10, D 10 days",
    );
    const later = setup(incidents, notifications, { start: '2010-01-03', end: '2013-12-31' });
    expect(compareCohorts(later.ds, later.idx, later.set, LAUNCH, 6).lookbackMonths).toBe(23);
  });
});

describe('windows the data cannot support', () => {
  const problemRow = (W: number) => ({
    window_months: W,
    treated_persons: 0,
    comparison_persons: 0,
    treated_pre: null,
    treated_post: null,
    comparison_pre: null,
    comparison_post: null,
    treated_rate_ratio: null,
    comparison_rate_ratio: null,
    did_ratio: null,
    did_ci_low: null,
    did_ci_high: null,
  });
  it('a launch on the coverage start or after its end', () => {
    const { ds, idx, set } = base();
    const notInside = (launch: string) =>
      `the launch ${launch} is not inside the coverage, so there is no history before it to compare with`;
    for (const launch of ['2010-01-01', '2016-01-01', '2009-06-01']) {
      const c = compareCohorts(ds, idx, set, day(launch), 12);
      expect(c.problem).toBe(notInside(launch));
      expect([c.treated, c.comparison, c.lookbackMonths, c.lags.size]).toEqual([[], [], 0, 0]);
      const w = compareWindow(ds, idx, set, options({ launch: day(launch) }), 12);
      expect(w.row).toEqual(problemRow(12));
      expect(w.problems).toEqual([`±12 months: ${notInside(launch)}, so no comparison`]);
      expect(w.period).toBeUndefined();
    }
    // the launch on the coverage end is inside, but leaves no follow-up
    expect(compareCohorts(ds, idx, set, day('2015-12-31'), 12).problem).toBe(
      '±12 months needs at least 2 × 12 months of history before the launch and 12 months after it (coverage 2010-01-01 to 2015-12-31, launch 2015-12-31)',
    );
  });
  it('span 1 is enough; span 0 is not', () => {
    /*
     * W = 1, launch 2013-01-01. Coverage 2010-01-01 … 2013-02-01: treatedLast 2013-01-01 → span 1; compLast
     * 2012-11-30, cut 2012-11-30; H = whole months 2010-01-01 → 2012-11-30 = 34. Coverage ending 2013-01-31:
     * treatedLast 2012-12-31 → span 0.
     */
    const one = setup(BASE_INCIDENTS, BASE_NOTIFICATIONS, { start: '2010-01-01', end: '2013-02-01' });
    const c = compareCohorts(one.ds, one.idx, one.set, LAUNCH, 1);
    expect({ span: c.span, cut: formatDay(c.cut), H: c.lookbackMonths, problem: c.problem }).toEqual({
      span: 1,
      cut: '2012-11-30',
      H: 34,
      problem: undefined,
    });
    const zero = setup(BASE_INCIDENTS, BASE_NOTIFICATIONS, { start: '2010-01-01', end: '2013-01-31' });
    const z = compareCohorts(zero.ds, zero.idx, zero.set, LAUNCH, 1);
    expect([z.span, z.problem]).toEqual([
      0,
      '±1 months needs at least 2 × 1 months of history before the launch and 1 months after it (coverage 2010-01-01 to 2013-01-31, launch 2013-01-01)',
    ]);
  });
  it('the table: an empty row, "periods: none", and the follow-up cohorts’ problem', () => {
    const { ds, idx, set } = base();
    const t = compareTable(ds, idx, set, options({ windows: [36], followUpMonths: 36, bootstrap: 10 }));
    expect(t.rows).toEqual([problemRow(36)]);
    const need =
      '±36 months needs at least 2 × 36 months of history before the launch and 36 months after it (coverage 2010-01-01 to 2015-12-31, launch 2013-01-01)';
    expect(t.notes).toEqual([
      ...headNotes({ periods: 'none', bootstrap: 10, F: 36 }),
      'Kaplan–Meier to the first incident after t0 (censored at 36 months): treated n 0, 0 events, S(36 months) —, median not reached; comparison n 0, 0 events, S(36 months) —, median not reached',
      'Cox hazard ratio: not computed (no observations or no covariate)',
      leftOutLine(0, 0, 0),
      ASSUMPTIONS,
      COVERAGE_NOTE,
      `±36 months: ${need}, so no comparison`,
      `recidivism at 36 months: ${need}`,
    ]);
    expect(t.meta!.recidivism).toEqual([]);
    expect(t.meta!.survival).toEqual([
      { cohort: 'treated', n: 0, events: 0, median_days: null, survival_at_follow_up: null, curve: [] },
      { cohort: 'comparison', n: 0, events: 0, median_days: null, survival_at_follow_up: null, curve: [] },
    ]);
  });
});

describe('the confidence level reaches every interval', () => {
  /*
   * BASE at 90% (z = qnorm(0.95) = 1.644854). R:
   *   Newcombe from prop.test(x, n, conf.level = 0.9, correct = FALSE) Wilson limits, combined as above:
   *   C −1 … 0.032565; D −0.730134 … 0.730134; all −0.879134 … 0.188718.
   *   Kaplan–Meier low 0.5·exp(−z·√0.5) = 0.156260; Cox exp(±z·√2) = 0.097669 … 10.238696.
   *   quantile(c(0, .5, 1, 1), c(.05, .95)) = 0.075, 1.
   */
  it('90%: bootstrap, Newcombe, Kaplan–Meier, Cox and the notes', () => {
    const { ds, idx, set } = base();
    const t = compareTable(ds, idx, set, options({ bootstrap: 5, random: scripted(BASE_DRAWS), confidence: 0.9 }));
    expect(t.rows[0].did_ci_low).toBeCloseTo(0.075, 12);
    expect(t.rows[0].did_ci_high).toBe(1);
    const rec = t.meta!.recidivism as Record<string, number>[];
    expect([rec[1].diff_ci_low, rec[1].diff_ci_high]).toEqual([-1, expect.closeTo(0.03256547758, 9)]);
    expect([rec[2].diff_ci_low, rec[2].diff_ci_high]).toEqual([
      expect.closeTo(-0.730134051216, 9),
      expect.closeTo(0.730134051216, 9),
    ]);
    expect([rec[3].diff_ci_low, rec[3].diff_ci_high]).toEqual([
      expect.closeTo(-0.879133680578, 9),
      expect.closeTo(0.188717756652, 9),
    ]);
    const km = t.meta!.survival as { curve: { low: number }[] }[];
    expect(km[0].curve[0].low).toBeCloseTo(0.1562599465867, 9);
    const cox = t.meta!.cox as Record<string, number>;
    expect([cox.ci_low, cox.ci_high]).toEqual([
      expect.closeTo(0.0976686836292, 9),
      expect.closeTo(10.2386964054615, 8),
    ]);
    expect(t.meta!.options).toMatchObject({ confidence: 0.9 });
    expect(t.notes.slice(0, 5)).toEqual(headNotes({ periods: BASE_PERIOD, bootstrap: 5, conf: 90 }));
    expect(t.notes).toContain(
      'Cox hazard ratio, treated vs comparison, stratified by level (Efron ties): 1 (0.098 to 10.239), p 1.0000',
    );
    // compareWindow alone takes the confidence too
    const w = compareWindow(ds, idx, set, options({ bootstrap: 5, random: scripted(BASE_DRAWS), confidence: 0.9 }), 12);
    expect(w.row.did_ci_low).toBeCloseTo(0.075, 12);
  });
});

describe('zero counts, --offenses-only, and the bootstrap notes', () => {
  /*
   * SMALL: T: D 2013-03-01, notified D 2013-03-11, arrest 2013-06-01 (post, day 82 after t0).
   * C: D 2011-04-01 → pseudo-t0 2011-04-11 (lag 10), nothing later: censored at 2012-04-11 − 2011-04-11 = 366
   * days (2012 is a leap year).
   * All incidents: treated 1 → 1 (1), comparison 1 → 0 (0): no did_ratio (comparison post 0).
   * Offenses only: treated 0 → 1 (pre 0: no ratio), comparison 0 → 0.
   * Kaplan–Meier: the comparison has no event: no curve rows, S(F) = 1, median not reached.
   * Cox: one stratum, the only event in the treated: the likelihood e^β/(1 + e^β) grows without bound.
   */
  const incidents: IncidentRecord[] = [
    { date: '2013-03-01', suspect: 'T' },
    { date: '2013-06-01', suspect: 'T', arrest: true },
    { date: '2011-04-01', suspect: 'C' },
  ];
  const notifications: NotificationRecord[] = [{ person: 'T', date: '2013-03-11', level: 'D' }];
  const noDid = '±12 months: a pre count or the comparison post count is 0, so no difference-in-differences ratio';
  it('a zero comparison post count: rate ratios given, no did_ratio, a note', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ bootstrap: 3 }));
    expect(t.rows[0]).toEqual({
      window_months: 12,
      treated_persons: 1,
      comparison_persons: 1,
      treated_pre: 1,
      treated_post: 1,
      comparison_pre: 1,
      comparison_post: 0,
      treated_rate_ratio: 1,
      comparison_rate_ratio: 0,
      did_ratio: null,
      did_ci_low: null,
      did_ci_high: null,
    });
    expect(t.notes.at(-1)).toBe(noDid);
    expect(t.meta!.survival).toEqual([
      {
        cohort: 'treated',
        n: 1,
        events: 1,
        median_days: 82,
        survival_at_follow_up: 0,
        curve: [{ time: 82, survival: 0, low: null, high: null }],
      },
      { cohort: 'comparison', n: 1, events: 0, median_days: null, survival_at_follow_up: 1, curve: [] },
    ]);
    expect(t.notes).toContain(
      'Kaplan–Meier to the first incident after t0 (censored at 12 months): treated n 1, 1 events, S(12 months) 0, median 82; comparison n 1, 0 events, S(12 months) 1, median not reached',
    );
    const cox = t.meta!.cox as Record<string, unknown>;
    expect(cox).toMatchObject({ hazard_ratio: null, ci_low: null, ci_high: null, p: null, n: 2, events: 1 });
    expect(typeof cox.note).toBe('string');
    expect(t.notes).toContain(`Cox hazard ratio: not computed (${cox.note})`);
  });
  it('--offenses-only: a zero pre count, and the words of the title and notes', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ offensesOnly: true }));
    expect(t.title).toBe(
      'Notified cohort against a historical comparison cohort (offense incidents; launch 2013-01-01)',
    );
    expect(t.rows[0]).toMatchObject({
      treated_pre: 0,
      treated_post: 1,
      comparison_pre: 0,
      comparison_post: 0,
      treated_rate_ratio: null,
      comparison_rate_ratio: null,
      did_ratio: null,
    });
    expect(t.notes.slice(0, 5)).toEqual(
      headNotes({
        periods:
          "±12: treated t0 2013-01-01 to 2013-12-31, comparison pseudo-t0 2011-01-01 to 2011-12-31, rules' look-back 12 months, pseudo-t0 = raise + B 10, C 10, D 10 days",
        what: 'offense incidents',
        bootstrap: 0,
      }),
    );
    expect(t.notes.at(-1)).toBe(noDid);
    expect(t.meta!.options).toMatchObject({ counted: 'offense incidents' });
    // compareWindow alone counts offenses only too
    expect(compareWindow(ds, idx, set, options({ offensesOnly: true }), 12).row.treated_pre).toBe(0);
    expect(compareWindow(ds, idx, set, options({ offensesOnly: false }), 12).row.treated_pre).toBe(1);
  });
  it('more than half the replicates dropped: no interval, and the note says so', () => {
    const { ds, idx, set } = base();
    // replicates: slots 2,2,2,2 (dropped), 0,1,2,3 (0.5), 2,2,2,2 (dropped): 1 of 3 kept < 1.5
    const w = compareWindow(
      ds,
      idx,
      set,
      options({ bootstrap: 3, random: scripted([0.5, 0.5, 0.5, 0.5, 0, 0.25, 0.5, 0.75]) }),
      12,
    );
    expect([w.row.did_ratio, w.row.did_ci_low, w.row.did_ci_high]).toEqual([0.5, null, null]);
    expect(w.problems).toEqual([
      '±12 months bootstrap: 2 of 3 replicates had a zero denominator and were dropped (more than half, so no interval)',
    ]);
  });
  it('no replicate dropped: no bootstrap note', () => {
    const { ds, idx, set } = base();
    const w = compareWindow(ds, idx, set, options({ bootstrap: 1, random: scripted([0, 0.25, 0.5, 0.75]) }), 12);
    expect([w.row.did_ci_low, w.row.did_ci_high]).toEqual([0.5, 0.5]);
    expect(w.problems).toEqual([]);
  });
});

describe('a person in both cohorts is one bootstrap unit', () => {
  /*
   * P: D 2011-03-01 → comparison pseudo-t0 2011-03-11 (lag D 10, P's own); D 2011-06-01 (comparison post);
   * D 2013-04-01: a raise under the 12-month look-back (2011 is out of view) → notified 2013-04-11: treated;
   * D 2013-08-01 (treated post). P's first notification is after its comparison follow-up (2012-03-11).
   * Q: D 2011-05-01 → 2011-05-11; 2011-09-01 and 2011-10-01 after: comparison pre 1, post 2.
   * Slots: P 0 (both cohorts), Q 1. Treated 1 → 1, comparison 2 → 3: did = 1 / 1.5 = 2/3.
   * Every draw 0 → slot 0 = P: (2/2) / (2/2) = 1. Every draw 0.99 → slot 1 = Q: treated pre 0, all dropped.
   */
  const incidents: IncidentRecord[] = [
    { date: '2011-03-01', suspect: 'P' },
    { date: '2011-06-01', suspect: 'P' },
    { date: '2013-04-01', suspect: 'P' },
    { date: '2013-08-01', suspect: 'P' },
    { date: '2011-05-01', suspect: 'Q' },
    { date: '2011-09-01', suspect: 'Q' },
    { date: '2011-10-01', suspect: 'Q' },
  ];
  const notifications: NotificationRecord[] = [{ person: 'P', date: '2013-04-11', level: 'D' }];
  it('draws of slot 0 bring P’s counts of both cohorts', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    expect(show(ds, c.treated)).toEqual(['P 2013-04-11 1']);
    expect(show(ds, c.comparison)).toEqual(['P 2011-03-11 1', 'Q 2011-05-11 1']);
    const w = compareWindow(ds, idx, set, options({ bootstrap: 3, random: () => 0 }), 12);
    expect(w.row).toMatchObject({
      treated_pre: 1,
      treated_post: 1,
      comparison_pre: 2,
      comparison_post: 3,
      treated_rate_ratio: 1,
      comparison_rate_ratio: 1.5,
      did_ci_low: 1,
      did_ci_high: 1,
    });
    expect(w.row.did_ratio).toBeCloseTo(2 / 3, 14);
    expect(w.problems).toEqual([]);
    const q = compareWindow(ds, idx, set, options({ bootstrap: 3, random: () => 0.99 }), 12);
    expect([q.row.did_ci_low, q.row.did_ci_high]).toEqual([null, null]);
    expect(q.problems).toEqual([
      '±12 months bootstrap: 3 of 3 replicates had a zero denominator and were dropped (more than half, so no interval)',
    ]);
  });
});

describe('several windows', () => {
  it('one row and one period each, in the order given, drawing from one random stream', () => {
    /*
     * BASE at ±6 and ±12. ±6: treatedLast 2015-06-30 → 911 days; compLast 2012-06-30, compFirst 2010-07-01 →
     * 731 days (2012 is a leap year); span 731, cut 2010-07-01, H = 6; treated t0 up to 2013-01-01 + 730 = 2015-01-01. pseudo-t0 C1 2011-04-11, C2 2011-06-13, X 2012-06-11 (all in
     * [2010-07-01, 2012-06-30]). T1: pre [2012-09-11, 2013-03-11] 1, post (…, 2013-09-11] 2; T2 pre 1, post 0.
     * C1: pre 1, post (…, 2011-10-11] 1 (08-01); C2 pre 1, post (…, 2011-12-13] 2 (07-01, 10-01); X pre 1, post 0.
     * Treated 2 → 2, comparison 3 → 3: did 1.
     */
    const { ds, idx, set } = base();
    const draws: number[] = [];
    const random = () => {
      draws.push(draws.length);
      return 0;
    };
    const t = compareTable(ds, idx, set, options({ windows: [6, 12], bootstrap: 2, random }));
    expect(t.rows.map((r) => [r.window_months, r.treated_persons, r.comparison_persons])).toEqual([
      [6, 2, 3],
      [12, 2, 2],
    ]);
    expect(t.rows[0]).toMatchObject({
      treated_pre: 2,
      treated_post: 2,
      comparison_pre: 3,
      comparison_post: 3,
      did_ratio: 1,
    });
    // ±6 has 5 persons, ±12 4: 2 replicates each
    expect(draws.length).toBe(2 * 5 + 2 * 4);
    expect(t.notes[1]).toBe(
      "periods: ±6: treated t0 2013-01-01 to 2015-01-01, comparison pseudo-t0 2010-07-01 to 2012-06-30, rules' look-back 6 months, pseudo-t0 = raise + B 11, C 12, D 10 days; " +
        BASE_PERIOD,
    );
    expect(t.meta!.options).toMatchObject({ windows: [6, 12], follow_up_months: 12 });
  });
  it('the follow-up F builds its own cohorts (F = 6 here) and the recidivism note says so', () => {
    const { ds, idx, set } = base();
    const t = compareTable(ds, idx, set, options({ followUpMonths: 6 }));
    const rec = t.meta!.recidivism as Record<string, number>[];
    // ±6 cohorts: treated T1 (event day 82 ≤ 184), T2 (none); comparison C1 (event day 112 ≤ 183), C2 (day 18), X (none)
    expect(rec[3]).toMatchObject({
      treated_persons: 2,
      treated_reoffenders: 1,
      comparison_persons: 3,
      comparison_reoffenders: 2,
    });
    expect(t.notes[4]).toBe(
      'recidivism at 6 months (an incident after t0 up to t0 + 6 months, cohorts built with W = 6); difference = treated − comparison, 95% Newcombe hybrid score interval:',
    );
    expect(t.meta!.options).toMatchObject({ windows: [12], follow_up_months: 6 });
  });
});

describe('--suppress-below: what hides, what follows, and the notes', () => {
  /*
   * LINK, N = 3, windows ±6 and ±12, F = 12, launch 2013-01-01, coverage of BASE.
   * Treated: TD (D), TC (arrest: C), TB (two arrests: B), each raised 2013-03-01 and notified at its level
   * 2013-03-11 (lag 10), each with an incident 2013-04-01 (day 21 after t0: an event).
   * Comparison: K1, K2, K3: D 2011-03-01 → pseudo-t0 2011-03-11, each with an incident 2011-04-01 (day 21).
   * PB: incident 2012-11-01, notified 2012-12-31: first notified before the launch (1). PG: notified, no incident (1).
   * Both windows: treated 3 persons, pre 4 (TB's two), post 3; comparison 3, 3, 3; rate ratios 0.75 and 1,
   * did 0.75.
   * Recidivism: treated B 1/1, C 1/1, D 1/1, all 3/3; comparison B 0/0, C 0/0, D 3/3, all 3/3.
   * Suppression (docs/methods.md#suppression): treated persons 1, 1, 1 read <3; the margin B + C + D = all = 3
   * with each part in 1 … 2 pins every part at 1, and no shown non-zero part is left, so the total "all" is hidden
   * (complementary); the same for the treated reoffenders. Their rates and every difference and limit follow
   * (suppressed), except where the comparison has no one (B and C): there is no difference, and its empty
   * cells stay empty (notApplicable). The comparison's counts (0 or 3) all show.
   * The ±12 row (W = F) counts the same treated persons as "all": its treated_persons reads suppressed, and
   * its treated pre and post, treated rate ratio and did_ratio follow; with --bootstrap 0 there is no
   * interval, and its empty cells stay empty. The ±6 row is other cohorts: nothing hidden. Cells: ±12 row 5;
   * recidivism B and C 3 each (treated persons, reoffenders, rate), D and all 6 each (and the difference and
   * its limits) = 18; 23 in all. The treated Kaplan–Meier entry and the Cox model are withheld.
   * The left-out counts 1 read <3.
   */
  const incidents: IncidentRecord[] = [
    { date: '2013-03-01', suspect: 'TD' },
    { date: '2013-04-01', suspect: 'TD' },
    { date: '2013-03-01', suspect: 'TC', arrest: true },
    { date: '2013-04-01', suspect: 'TC' },
    { date: '2013-03-01', suspect: 'TB', arrest: true },
    { date: '2013-03-01', suspect: 'TB', arrest: true },
    { date: '2013-04-01', suspect: 'TB' },
    ...['K1', 'K2', 'K3'].flatMap((k): IncidentRecord[] => [
      { date: '2011-03-01', suspect: k },
      { date: '2011-04-01', suspect: k },
    ]),
    { date: '2012-11-01', suspect: 'PB' },
  ];
  const notifications: NotificationRecord[] = [
    { person: 'TD', date: '2013-03-11', level: 'D' },
    { person: 'TC', date: '2013-03-11', level: 'C' },
    { person: 'TB', date: '2013-03-11', level: 'B' },
    { person: 'PB', date: '2012-12-31', level: 'D' },
    { person: 'PG', date: '2012-06-01', level: 'D' },
  ];
  const S = 'suppressed';
  const shownRow = (W: number) => ({
    window_months: W,
    treated_persons: 3,
    comparison_persons: 3,
    treated_pre: 4,
    treated_post: 3,
    comparison_pre: 3,
    comparison_post: 3,
    treated_rate_ratio: 0.75,
    comparison_rate_ratio: 1,
    did_ratio: 0.75,
    did_ci_low: null,
    did_ci_high: null,
  });
  const hiddenTreated = (level: string, cPersons: number) => ({
    level,
    treated_persons: level === 'all' ? S : '<3',
    treated_reoffenders: level === 'all' ? S : '<3',
    treated_rate: S,
    comparison_persons: cPersons,
    comparison_reoffenders: cPersons,
    comparison_rate: cPersons ? 1 : null,
    difference: cPersons ? S : null,
    diff_ci_low: cPersons ? S : null,
    diff_ci_high: cPersons ? S : null,
  });
  it('without suppression everything shows', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ windows: [6, 12] }));
    expect(t.rows).toEqual([shownRow(6), shownRow(12)]);
    const rec = t.meta!.recidivism as Record<string, number>[];
    expect(
      rec.map((r) => [
        r.level,
        r.treated_persons,
        r.treated_reoffenders,
        r.comparison_persons,
        r.comparison_reoffenders,
      ]),
    ).toEqual([
      ['B', 1, 1, 0, 0],
      ['C', 1, 1, 0, 0],
      ['D', 1, 1, 3, 3],
      ['all', 3, 3, 3, 3],
    ]);
    expect(t.notes).toContain(leftOutLine(1, 0, 0));
    expect(t.meta!.left_out).toEqual({ noIncident: 1, ipvFiltered: 0 });
    expect(t.meta!.cox).toMatchObject({ n: 6, events: 6 });
  });
  it('N = 3: the margin, the linked ±12 row, Kaplan–Meier, Cox, and the notes', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ windows: [6, 12], suppressBelow: 3 }));
    expect(t.rows).toEqual([
      shownRow(6),
      {
        ...shownRow(12),
        treated_persons: S,
        treated_pre: S,
        treated_post: S,
        treated_rate_ratio: S,
        did_ratio: S,
      },
    ]);
    expect(t.meta!.recidivism).toEqual([
      hiddenTreated('B', 0),
      hiddenTreated('C', 0),
      hiddenTreated('D', 3),
      hiddenTreated('all', 3),
    ]);
    expect(t.meta!.survival).toEqual([
      { cohort: 'treated', suppressed: true },
      {
        cohort: 'comparison',
        n: 3,
        events: 3,
        median_days: 21,
        survival_at_follow_up: 0,
        curve: [{ time: 21, survival: 0, low: null, high: null }],
      },
    ]);
    expect(t.meta!.cox).toEqual({ suppressed: true });
    expect(t.meta!.left_out).toEqual({ noIncident: '<3', ipvFiltered: 0 });
    expect(t.meta!.options).toMatchObject({ suppress_below: 3 });
    expect(t.notes.slice(5)).toEqual([
      '  B: treated <3/<3 (suppressed), comparison 0/0 (—), difference — points (— to —)',
      '  C: treated <3/<3 (suppressed), comparison 0/0 (—), difference — points (— to —)',
      '  D: treated <3/<3 (suppressed), comparison 3/3 (100%), difference suppressed points (suppressed to suppressed)',
      '  all: treated suppressed/suppressed (suppressed), comparison 3/3 (100%), difference suppressed points (suppressed to suppressed)',
      'Kaplan–Meier to the first incident after t0 (censored at 12 months): treated suppressed; comparison n 3, 3 events, S(12 months) 0, median 21',
      'Cox hazard ratio: not shown, because it is computed from counts suppressed for publication',
      leftOutLine('<3', 0, 0),
      ASSUMPTIONS,
      "<3 notified persons left out of the cohort because they have no incident in the data: <3 with no incident in the export (an ID that does not match the incidents' suspect IDs, e.g. one that lost its leading zeros, is one of these: `ipvi validate` names them). They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)",
      COVERAGE_NOTE,
      'small counts suppressed for publication (docs/methods.md#suppression): counts from 1 to 2 are shown as "<3"; rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, are shown as "suppressed" (23 cells); zeros are shown',
    ]);
  });
  it('F = 6: the ±6 row is the one linked to "all"', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ windows: [6, 12], followUpMonths: 6, suppressBelow: 3 }));
    expect(t.rows.map((r) => r.treated_persons)).toEqual([S, 3]);
    expect(t.rows.map((r) => r.did_ratio)).toEqual([S, 0.75]);
  });
  it('N = 1 hides nothing', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options({ windows: [6, 12], suppressBelow: 1 }));
    expect(t.rows).toEqual([shownRow(6), shownRow(12)]);
    expect(t.meta!.cox).toMatchObject({ n: 6 });
    expect(t.notes).toContain(leftOutLine(1, 0, 0));
    expect(t.notes.join('\n')).not.toMatch(/suppressed for publication/);
  });

  /*
   * REOFF, N = 3: treated TD1–TD3, D raised 2013-03-01, notified 2013-03-11; only TD1 has an incident after
   * (2013-04-01). Comparison K1–K3 as in LINK. ±12 row: treated 3 persons, pre 3, post 1 → <3, so the treated
   * rate ratio and did follow; the comparison shows. Recidivism: treated D and all 3 persons, 1 reoffender: the
   * reoffenders read <3 (D = all: two unknowns in 1 … 2, not pinned). The treated "all" persons show but its
   * reoffenders do not, so the treated Kaplan–Meier entry is withheld (S(F) = 1 − reoffenders / persons); the
   * comparison's shows. Cells: row 3 (treated post, its rate ratio, did_ratio; no interval with --bootstrap 0);
   * recidivism D and all 5 each (reoffenders, rate, difference, limits) = 13.
   */
  it('a cohort whose "all" reoffenders alone are hidden has no Kaplan–Meier entry either', () => {
    const incs: IncidentRecord[] = [
      { date: '2013-03-01', suspect: 'TD1' },
      { date: '2013-04-01', suspect: 'TD1' },
      { date: '2013-03-01', suspect: 'TD2' },
      { date: '2013-03-01', suspect: 'TD3' },
      ...['K1', 'K2', 'K3'].flatMap((k): IncidentRecord[] => [
        { date: '2011-03-01', suspect: k },
        { date: '2011-04-01', suspect: k },
      ]),
    ];
    const nots: NotificationRecord[] = ['TD1', 'TD2', 'TD3'].map((person) => ({
      person,
      date: '2013-03-11',
      level: 'D',
    }));
    const { ds, idx, set } = setup(incs, nots);
    const t = compareTable(ds, idx, set, options({ suppressBelow: 3 }));
    expect(t.rows[0]).toEqual({
      window_months: 12,
      treated_persons: 3,
      comparison_persons: 3,
      treated_pre: 3,
      treated_post: '<3',
      comparison_pre: 3,
      comparison_post: 3,
      treated_rate_ratio: S,
      comparison_rate_ratio: 1,
      did_ratio: S,
      did_ci_low: null,
      did_ci_high: null,
    });
    const rec = t.meta!.recidivism as Record<string, Cell>[];
    expect(rec[3]).toEqual({
      level: 'all',
      treated_persons: 3,
      treated_reoffenders: '<3',
      treated_rate: S,
      comparison_persons: 3,
      comparison_reoffenders: 3,
      comparison_rate: 1,
      difference: S,
      diff_ci_low: S,
      diff_ci_high: S,
    });
    expect(rec[2]).toMatchObject({ treated_persons: 3, treated_reoffenders: '<3' });
    expect(
      (t.meta!.survival as { cohort: string }[]).map((s) => ('suppressed' in s ? `${s.cohort} hidden` : s.cohort)),
    ).toEqual(['treated hidden', 'comparison']);
    expect(t.meta!.cox).toEqual({ suppressed: true });
    expect(t.notes.at(-1)).toMatch(/are shown as "suppressed" \(13 cells\); zeros are shown$/);
  });
});

describe('rule sets', () => {
  it('rules that never give D, C or B select nobody: every notified person is "not answered"', () => {
    // one rule, A for any incident: A is not a notified level, so no day is a qualifying raise
    const { ds, idx, set } = base();
    const onlyA: RuleSet = { ...set, rules: compileRules([{ level: 'A', when: 'incidents >= 1' }], 'test') };
    const c = compareCohorts(ds, idx, onlyA, LAUNCH, 12);
    expect([c.treated, c.comparison, c.notAnswered, c.notifiedBeforeLaunch, c.comparisonNotified]).toEqual([
      [],
      [],
      2,
      0,
      0,
    ]);
    expect([...c.lags.values()]).toEqual([0, 0, 0]);
    const t = compareTable(ds, idx, onlyA, options());
    expect(t.rows[0]).toMatchObject({ treated_persons: 0, comparison_persons: 0, did_ratio: null });
    expect(t.notes).toContain(leftOutLine(0, 2, 0));
    expect(t.notes).toContain('±12 months: no treated person has the whole window inside the coverage, so no ratio');
  });
  it('a rule set that raises C at the first incident: the levels of both cohorts follow the rules', () => {
    // C for any incident: every BASE raise is a C raise; T1's lag 10 and T2's 12 are both C lags (median 11)
    const { ds, idx, set } = base();
    const allC: RuleSet = { ...set, rules: compileRules([{ level: 'C', when: 'incidents >= 1' }], 'test') };
    const c = compareCohorts(ds, idx, allC, LAUNCH, 12);
    expect(show(ds, c.treated)).toEqual(['T1 2013-03-11 2', 'T2 2013-05-13 2']);
    expect(show(ds, c.comparison)).toEqual(['C1 2011-04-12 2', 'C2 2011-06-12 2']);
    expect([...c.lags]).toEqual([
      [1, 11],
      [2, 11],
      [3, 11],
    ]);
  });
  it('the same rule set twice gives the same table', () => {
    const { ds, idx, set } = base();
    const a = compareTable(ds, idx, set, options({ bootstrap: 5, random: scripted(BASE_DRAWS) }));
    const b = compareTable(ds, idx, { ...set }, options({ bootstrap: 5, random: scripted(BASE_DRAWS) }));
    expect(b).toEqual(a);
  });
});

describe('the follow-up edges of recidivism and Kaplan–Meier', () => {
  /*
   * F = W = 12, BASE coverage and launch.
   * TA: D 2013-03-01, notified that day (lag 0): the incident on t0 is not an event; the next, 2014-03-01 =
   *     t0 + 12 months (day 365), is: an event at 365.
   * TB: D 2013-03-01, notified 2013-03-11 (lag 10); next incident 2014-03-12, one day past t0 + 12 months:
   *     censored at 2014-03-11 − 2013-03-11 = 365.
   * D lags [0, 10] → median 5. KA: D 2011-03-01 → pseudo-t0 2011-03-06; incident 2012-03-06 = t0 + 12 months
   *     (day 366, 2012 a leap year): an event. KB: D 2011-03-01 → 2011-03-06, an incident on 2011-03-06 (t0: not
   *     an event), nothing after: censored at 366.
   * Recidivism D and all: treated 1/2, comparison 1/2. Kaplan–Meier: treated S(365) = 1 − 1/2 = 0.5, the
   * median the last event time 365; comparison 0.5 at 366.
   * Rows: TA pre 1, post 1; TB pre 1, post 0; KA pre 1, post 1; KB pre 2, post 0 → treated 2 → 1 (0.5),
   * comparison 3 → 1 (1/3): did 1.5.
   */
  const incidents: IncidentRecord[] = [
    { date: '2013-03-01', suspect: 'TA' },
    { date: '2014-03-01', suspect: 'TA' },
    { date: '2013-03-01', suspect: 'TB' },
    { date: '2014-03-12', suspect: 'TB' },
    { date: '2011-03-01', suspect: 'KA' },
    { date: '2012-03-06', suspect: 'KA' },
    { date: '2011-03-01', suspect: 'KB' },
    { date: '2011-03-06', suspect: 'KB' },
  ];
  const notifications: NotificationRecord[] = [
    { person: 'TA', date: '2013-03-01', level: 'D' },
    { person: 'TB', date: '2013-03-11', level: 'D' },
  ];
  it('an incident on t0 is no event, one on t0 + F is, one a day later is censored at F', () => {
    const { ds, idx, set } = setup(incidents, notifications);
    const t = compareTable(ds, idx, set, options());
    expect(t.rows[0]).toMatchObject({
      treated_persons: 2,
      comparison_persons: 2,
      treated_pre: 2,
      treated_post: 1,
      comparison_pre: 3,
      comparison_post: 1,
      treated_rate_ratio: 0.5,
    });
    expect(t.rows[0].comparison_rate_ratio).toBeCloseTo(1 / 3, 14);
    expect(t.rows[0].did_ratio).toBeCloseTo(1.5, 14);
    const rec = t.meta!.recidivism as Record<string, number>[];
    expect(
      rec.map((r) => [
        r.level,
        r.treated_persons,
        r.treated_reoffenders,
        r.comparison_persons,
        r.comparison_reoffenders,
      ]),
    ).toEqual([
      ['B', 0, 0, 0, 0],
      ['C', 0, 0, 0, 0],
      ['D', 2, 1, 2, 1],
      ['all', 2, 1, 2, 1],
    ]);
    const km = t.meta!.survival as {
      cohort: string;
      n: number;
      events: number;
      median_days: number;
      survival_at_follow_up: number;
      curve: { time: number; survival: number }[];
    }[];
    expect(
      km.map((s) => [
        s.cohort,
        s.n,
        s.events,
        s.median_days,
        s.survival_at_follow_up,
        s.curve.map((r) => [r.time, r.survival]),
      ]),
    ).toEqual([
      ['treated', 2, 1, 365, 0.5, [[365, 0.5]]],
      ['comparison', 2, 1, 366, 0.5, [[366, 0.5]]],
    ]);
    expect((t.meta!.cox as { n: number; events: number }).n).toBe(4);
    expect((t.meta!.cox as { n: number; events: number }).events).toBe(2);
  });
});

describe('month-end edges of the comparison period', () => {
  it('launch 2013-03-31, ±1: pseudo-t0 2013-02-28 is past the period although its follow-up ends before the launch', () => {
    /*
     * No treated person: every lag 0, pseudo-t0 = the raise day. compLast = 2013-03-31 − 1 month − 1 day =
     * 2013-02-27, the period's last day (cut + span − 1). KB's 2013-02-28 + 1 month = 2013-03-28 is before the
     * launch, so only the period's end leaves it out.
     */
    const { ds, idx, set } = setup([
      { date: '2013-02-27', suspect: 'KA' },
      { date: '2013-02-28', suspect: 'KB' },
    ]);
    const c = compareCohorts(ds, idx, set, day('2013-03-31'), 1);
    expect(formatDay(c.cut + c.span - 1)).toBe('2013-02-27');
    expect(show(ds, c.comparison)).toEqual(['KA 2013-02-27 1']);
  });
  it('coverage from 2010-01-31: a pseudo-t0 whose window starts before the coverage is left out', () => {
    /*
     * ±1, launch 2010-06-01: compFirst = 2010-01-31 + 1 month = 2010-02-28 (clamped), compLast 2010-04-30,
     * span 62, cut 2010-02-28. KC: 2010-02-28 − 1 month = 2010-01-28, before the coverage: out. KD 2010-03-01
     * (→ 2010-02-01) and KE 2010-03-31 (→ 2010-02-28): in.
     * ±2, launch 2010-08-01: compFirst = cut = 2010-03-31, compLast 2010-05-31. KE: 2010-03-31 − 2 months =
     * 2010-01-31, the coverage start itself: in. KC and KD have no incident from the cut on.
     */
    const cov = { start: '2010-01-31', end: '2015-12-31' };
    const { ds, idx, set } = setup(
      [
        { date: '2010-02-28', suspect: 'KC' },
        { date: '2010-03-01', suspect: 'KD' },
        { date: '2010-03-31', suspect: 'KE' },
      ],
      [],
      cov,
    );
    const one = compareCohorts(ds, idx, set, day('2010-06-01'), 1);
    expect([formatDay(one.cut), one.span, one.lookbackMonths]).toEqual(['2010-02-28', 62, 1]);
    expect(show(ds, one.comparison)).toEqual(['KD 2010-03-01 1', 'KE 2010-03-31 1']);
    const two = compareCohorts(ds, idx, set, day('2010-08-01'), 2);
    expect([formatDay(two.cut), two.span, two.lookbackMonths]).toEqual(['2010-03-31', 62, 2]);
    expect(show(ds, two.comparison)).toEqual(['KE 2010-03-31 1']);
  });
});

describe('loops stop at the person’s own records', () => {
  it('firstRaise does not look at the next person’s incident day (rules where time alone raises a level)', () => {
    /*
     * Rules: C when days_since_first_incident >= 400, D for any incident. P's only incident is 2012-06-01, before
     * `from`; Q's first is 2013-07-06 = 2012-06-01 + 400 days, the day P's level would rise to C. P has no
     * incident in [2013-01-01, 2014-01-01), so no raise is looked at there.
     */
    const { ds, idx, set } = setup([
      { date: '2012-06-01', suspect: 'P' },
      { date: '2013-07-06', suspect: 'Q' },
    ]);
    const rules: RuleSet = {
      ...set,
      rules: compileRules(
        [
          { level: 'C', when: 'days_since_first_incident >= 400' },
          { level: 'D', when: 'incidents >= 1' },
        ],
        'test',
      ),
    };
    const fc = new FeatureComputer(ds, idx, rules.features);
    expect(firstRaise(ds, idx, rules, fc, 0, LAUNCH, day('2014-01-01'))).toBeNull();
    // from P's own incident on: D that day
    expect(firstRaise(ds, idx, rules, fc, 0, day('2012-01-01'), day('2014-01-01'))).toEqual({
      day: day('2012-06-01'),
      level: 1,
    });
  });
  it('the time to reoffense does not take the next person’s incident', () => {
    /*
     * T: D 2013-03-01, notified 2013-03-11, nothing after: censored at 365. Z (next in order, never notified, raised
     * after the launch: in no cohort) has an incident 2013-06-01, inside T's follow-up. K: comparison, D 2011-03-01
     * → 2011-03-11, nothing after. Recidivism: treated 0/1, comparison 0/1.
     */
    const { ds, idx, set } = setup(
      [
        { date: '2013-03-01', suspect: 'T' },
        { date: '2013-06-01', suspect: 'Z' },
        { date: '2011-03-01', suspect: 'K' },
      ],
      [{ person: 'T', date: '2013-03-11', level: 'D' }],
    );
    const t = compareTable(ds, idx, set, options());
    expect((t.meta!.recidivism as Record<string, number>[])[3]).toMatchObject({
      treated_persons: 1,
      treated_reoffenders: 0,
      comparison_persons: 1,
      comparison_reoffenders: 0,
    });
    expect(t.meta!.survival).toEqual([
      { cohort: 'treated', n: 1, events: 0, median_days: null, survival_at_follow_up: 1, curve: [] },
      { cohort: 'comparison', n: 1, events: 0, median_days: null, survival_at_follow_up: 1, curve: [] },
    ]);
  });
});

describe('periods of several windows, one of them impossible', () => {
  it('the impossible window adds no period', () => {
    const { ds, idx, set } = base();
    const t = compareTable(ds, idx, set, options({ windows: [12, 36] }));
    expect(t.notes[1]).toBe(`periods: ${BASE_PERIOD}`);
    expect(t.rows.map((r) => r.window_months)).toEqual([12, 36]);
  });
});

describe('--suppress-below: each declared dependency', () => {
  type Kind = 'D' | 'C' | 'B';
  /**
   * Treated persons: raised on 2013-03-01 at their level (D: an incident; C: an arrest; B: two arrests), notified
   * at it on 2013-03-11 (lag 10), then `post` arrests on 2013-03-31, 04-01, …; comparison persons: raised
   * 2011-03-01 (pseudo-t0 2011-03-11), then `post` arrests from 2011-03-31. Everything is inside ±12 months and the
   * follow-up, so post > 0 makes a reoffender.
   */
  function cohorts(treated: [Kind, number][], comparison: [Kind, number][]) {
    const incidents: IncidentRecord[] = [];
    const notifications: NotificationRecord[] = [];
    const add = (id: string, kind: Kind, post: number, raise: string, after: string) => {
      const arrests = kind === 'D' ? 0 : kind === 'C' ? 1 : 2;
      incidents.push({ date: raise, suspect: id, arrest: arrests > 0 });
      if (arrests === 2) incidents.push({ date: raise, suspect: id, arrest: true });
      for (let k = 0; k < post; k++) incidents.push({ date: day(after) + k, suspect: id, arrest: true });
    };
    treated.forEach(([kind, post], i) => {
      add(`T${i}`, kind, post, '2013-03-01', '2013-03-31');
      notifications.push({ person: `T${i}`, date: '2013-03-11', level: kind });
    });
    comparison.forEach(([kind, post], i) => {
      add(`K${i}`, kind, post, '2011-03-01', '2011-03-31');
    });
    return setup(incidents, notifications);
  }
  const S = 'suppressed';
  const table = (c: ReturnType<typeof cohorts>, o: Partial<CompareOptions> = {}) =>
    compareTable(c.ds, c.idx, c.set, options({ suppressBelow: 3, ...o }));
  const rec = (t: ReturnType<typeof table>, level: number) => (t.meta!.recidivism as Record<string, Cell>[])[level];
  const row = (o: Record<string, Cell>) => ({
    window_months: 12,
    did_ci_low: null,
    did_ci_high: null,
    ...o,
  });

  it('BASE at N = 5: every count of the row is small, each reads <5 (the comparison post 4 too)', () => {
    const { ds, idx, set } = base();
    // one replicate (slots 0, 1, 2, 3: 0.5), so the interval has values to hide
    const t = compareTable(
      ds,
      idx,
      set,
      options({ suppressBelow: 5, bootstrap: 1, random: scripted([0, 0.25, 0.5, 0.75]) }),
    );
    expect(t.rows).toEqual([
      row({
        treated_persons: '<5',
        comparison_persons: '<5',
        treated_pre: '<5',
        treated_post: '<5',
        comparison_pre: '<5',
        comparison_post: '<5',
        treated_rate_ratio: S,
        comparison_rate_ratio: S,
        did_ratio: S,
        did_ci_low: S,
        did_ci_high: S,
      }),
    ]);
    // one replicate, dropped (slots 2, 2, 2, 2: treated pre 0): the interval is on but empty, and its emptiness
    // comes from the hidden counts, so it reads suppressed; with --bootstrap 0 it would stay empty
    const dropped = compareTable(ds, idx, set, options({ suppressBelow: 5, bootstrap: 1, random: () => 0.5 }));
    expect([dropped.rows[0].did_ci_low, dropped.rows[0].did_ci_high]).toEqual([S, S]);
    const off = compareTable(ds, idx, set, options({ suppressBelow: 5, bootstrap: 0 }));
    expect([off.rows[0].did_ci_low, off.rows[0].did_ci_high]).toEqual([null, null]);
    // recidivism: all persons 2 and 2 and the reoffenders 1 and 2 are small; C and D (1 each) too; B's zeros show.
    // The margin C + D = all, each in 1 … 4, pins nothing (all could be 2, 3 or 4), so "all" reads <5, not suppressed
    expect(rec(t, 3)).toMatchObject({
      treated_persons: '<5',
      treated_reoffenders: '<5',
      comparison_persons: '<5',
      comparison_reoffenders: '<5',
      treated_rate: S,
      difference: S,
    });
    expect(rec(t, 1)).toMatchObject({ treated_persons: '<5', comparison_persons: '<5', comparison_reoffenders: '<5' });
    expect(rec(t, 0)).toMatchObject({ treated_persons: 0, comparison_persons: 0 });
  });

  it('comparison persons small (2), their pre and post (3 each) follow', () => {
    // treated 3 D persons with one arrest after each; comparison a B person (two raise arrests) and a D person, 3 arrests after in all
    const t = table(
      cohorts(
        [
          ['D', 1],
          ['D', 1],
          ['D', 1],
        ],
        [
          ['B', 2],
          ['D', 1],
        ],
      ),
    );
    expect(t.rows).toEqual([
      row({
        treated_persons: 3,
        comparison_persons: '<3',
        treated_pre: 3,
        treated_post: 3,
        comparison_pre: S,
        comparison_post: S,
        treated_rate_ratio: 1,
        comparison_rate_ratio: S,
        did_ratio: S,
        did_ci_low: null,
        did_ci_high: null,
      }),
    ]);
    // recidivism: comparison B 1, D 1, all 2 persons: small
    expect(rec(t, 3)).toMatchObject({ comparison_persons: S, comparison_reoffenders: S, comparison_rate: S });
    // B: no treated person, so no difference: it stays empty (notApplicable), not suppressed
    expect(rec(t, 0)).toMatchObject({
      treated_persons: 0,
      comparison_persons: '<3',
      comparison_reoffenders: '<3',
      difference: null,
      diff_ci_low: null,
      diff_ci_high: null,
    });
  });

  it('the comparison post count alone small (1): its rate ratio and did follow; reoffenders 1 of 4 read <3', () => {
    const t = table(
      cohorts(
        [
          ['D', 1],
          ['D', 1],
          ['D', 1],
        ],
        [
          ['D', 1],
          ['D', 0],
          ['D', 0],
          ['D', 0],
        ],
      ),
    );
    expect(t.rows).toEqual([
      row({
        treated_persons: 3,
        comparison_persons: 4,
        treated_pre: 3,
        treated_post: 3,
        comparison_pre: 4,
        comparison_post: '<3',
        treated_rate_ratio: 1,
        comparison_rate_ratio: S,
        did_ratio: S,
        did_ci_low: null,
        did_ci_high: null,
      }),
    ]);
    // D and all: comparison 4 persons, 1 reoffender (4 − 1 = 3 shows): only the reoffenders are small
    for (const level of [2, 3])
      expect(rec(t, level)).toMatchObject({
        treated_persons: 3,
        treated_reoffenders: 3,
        treated_rate: 1,
        comparison_persons: 4,
        comparison_reoffenders: '<3',
        comparison_rate: S,
        difference: S,
        diff_ci_low: S,
        diff_ci_high: S,
      });
    expect((t.meta!.survival as { cohort: string }[]).map((s) => 'suppressed' in s)).toEqual([false, true]);
  });

  it('complements: 3 reoffenders of 4 persons are hidden, since the 1 non-reoffender would show', () => {
    const t = table(
      cohorts(
        [
          ['D', 1],
          ['D', 1],
          ['D', 1],
          ['D', 0],
        ],
        [
          ['D', 1],
          ['D', 1],
          ['D', 1],
          ['D', 0],
        ],
      ),
    );
    expect(t.rows).toEqual([
      row({
        treated_persons: 4,
        comparison_persons: 4,
        treated_pre: 4,
        treated_post: 3,
        comparison_pre: 4,
        comparison_post: 3,
        treated_rate_ratio: 0.75,
        comparison_rate_ratio: 0.75,
        did_ratio: 1,
      }),
    ]);
    for (const level of [2, 3])
      expect(rec(t, level)).toMatchObject({
        treated_persons: 4,
        treated_reoffenders: S,
        treated_rate: S,
        comparison_persons: 4,
        comparison_reoffenders: S,
        comparison_rate: S,
        difference: S,
      });
  });

  it('persons hidden by the margin: their reoffenders and rate follow, even when not small', () => {
    /*
     * Both cohorts: one B person (1 arrest after), one C person (none after), four D persons (1 each after).
     * Persons B 1, C 1 read <3; B + C + D = all (6) with D 4 shown would pin B and C at 1, so D, the smallest
     * shown non-zero part, is hidden too (complementary). D's reoffenders (4 of 4: no complement) and rate follow
     * their persons; C's 0 reoffenders too. "all": 6 persons, 5 reoffenders (6 − 5 = 1: a complement).
     */
    const mix: [Kind, number][] = [
      ['B', 1],
      ['C', 0],
      ['D', 1],
      ['D', 1],
      ['D', 1],
      ['D', 1],
    ];
    const t = table(cohorts(mix, mix));
    for (const arm of ['treated', 'comparison']) {
      expect(rec(t, 0)).toMatchObject({ [`${arm}_persons`]: '<3', [`${arm}_reoffenders`]: '<3', [`${arm}_rate`]: S });
      expect(rec(t, 1)).toMatchObject({ [`${arm}_persons`]: '<3', [`${arm}_reoffenders`]: S, [`${arm}_rate`]: S });
      expect(rec(t, 2)).toMatchObject({ [`${arm}_persons`]: S, [`${arm}_reoffenders`]: S, [`${arm}_rate`]: S });
      expect(rec(t, 3)).toMatchObject({ [`${arm}_persons`]: 6, [`${arm}_reoffenders`]: S, [`${arm}_rate`]: S });
    }
  });

  it('--offenses-only: the treated pre count alone small (2 offenses) hides the treated rate ratio and did', () => {
    // treated: two C persons (their raise arrest is pre) and a D person (no offense before); comparison three C persons
    const c = cohorts(
      [
        ['C', 1],
        ['C', 1],
        ['D', 1],
      ],
      [
        ['C', 1],
        ['C', 1],
        ['C', 1],
      ],
    );
    const t = table(c, { offensesOnly: true });
    expect(t.rows).toEqual([
      row({
        treated_persons: 3,
        comparison_persons: 3,
        treated_pre: '<3',
        treated_post: 3,
        comparison_pre: 3,
        comparison_post: 3,
        treated_rate_ratio: S,
        comparison_rate_ratio: 1,
        did_ratio: S,
        did_ci_low: null,
        did_ci_high: null,
      }),
    ]);
  });

  it('--offenses-only: the comparison pre count alone small hides the comparison rate ratio and did', () => {
    const c = cohorts(
      [
        ['C', 1],
        ['C', 1],
        ['C', 1],
      ],
      [
        ['C', 1],
        ['C', 1],
        ['D', 1],
      ],
    );
    const t = table(c, { offensesOnly: true });
    expect(t.rows).toEqual([
      row({
        treated_persons: 3,
        comparison_persons: 3,
        treated_pre: 3,
        treated_post: 3,
        comparison_pre: '<3',
        comparison_post: 3,
        treated_rate_ratio: 1,
        comparison_rate_ratio: S,
        did_ratio: S,
        did_ci_low: null,
        did_ci_high: null,
      }),
    ]);
  });
});

describe('the treated window may end on the coverage end', () => {
  it('t0 + W = the coverage end: treated', () => {
    /*
     * Coverage 2010-01-01 … 2014-12-31, launch 2013-01-01, ±12: treatedLast = 2013-12-31, both periods 365 days.
     * PS: D 2013-12-21, notified 2013-12-31: t0 + 12 months = 2014-12-31, the coverage's last day: in.
     */
    const { ds, idx, set } = setup(
      [{ date: '2013-12-21', suspect: 'PS' }],
      [{ person: 'PS', date: '2013-12-31', level: 'D' }],
      { start: '2010-01-01', end: '2014-12-31' },
    );
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    expect(c.span).toBe(365);
    expect(show(ds, c.treated)).toEqual(['PS 2013-12-31 1']);
  });
});

describe('a would-be comparison person is checked against their own notifications only', () => {
  it('the next person’s early notification does not leave them out', () => {
    /*
     * No treated person: every lag 0. K: D 2011-03-01 → pseudo-t0 2011-03-01, never notified: comparison.
     * N (next in order): D 2011-05-01 → pseudo-t0 2011-05-01, notified 2011-06-01, before 2012-05-01: a would-be
     * comparison person notified before the follow-up ended (and first notified before the launch).
     */
    const { ds, idx, set } = setup(
      [
        { date: '2011-03-01', suspect: 'K' },
        { date: '2011-05-01', suspect: 'N' },
      ],
      [{ person: 'N', date: '2011-06-01', level: 'D' }],
    );
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    expect(show(ds, c.comparison)).toEqual(['K 2011-03-01 1']);
    expect([c.comparisonNotified, c.notifiedBeforeLaunch]).toEqual([1, 1]);
  });
});
