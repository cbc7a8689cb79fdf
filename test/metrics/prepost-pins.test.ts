/**
 * Pins for the pre/post table (docs/methods.md#prepost) that the mutation run
 * of 2026-11-30 showed unchecked: every note and meta field, each option
 * branch (offenses only, index incident excluded and its tie-breaks,
 * suppression and what each hidden count takes with it), the edge cases (no
 * pre incidents, no incident at all in the window, no post incidents) and the
 * switch of the Wilcoxon p from exact to the normal approximation at
 * WILCOXON_EXACT_BELOW = 50 non-zero differences. Every table is built inside
 * `it` (docs/testing.md, "Tests Stryker can see").
 */
import { describe, expect, it } from 'vitest';
import { prePostCounts, prePostTable, WILCOXON_EXACT_BELOW } from '../../src/metrics/prepost.js';
import type { Cell } from '../../src/model.js';
import { build, day, type IncidentRecord, type NotificationRecord } from '../helpers/spec.js';

const T0 = '2020-06-15';
const COVERAGE = { start: '2019-01-01', end: '2021-12-31' };
const COVERAGE_NOTE = 'coverage: 2019-01-01 (set by option) to 2021-12-31 (set by option), both days inclusive';

/**
 * One person per [pre, post] pair, all notified on T0 (level C): `pre`
 * incidents dated T0, T0 − 10, T0 − 20, … (the first on the notification day,
 * so it is pre) and `post` incidents dated T0 + 1, T0 + 11, … — all inside
 * ±12 months. A person with [0, 0] gets one incident two years before T0
 * (outside the window, but in the data, so still in the cohort).
 */
function pairs(counts: [number, number][]) {
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  counts.forEach(([pre, post], i) => {
    const id = `S${String(i).padStart(3, '0')}`;
    notifications.push({ person: id, date: T0, level: 'C' });
    for (let k = 0; k < pre; k++) incidents.push({ date: day(T0) - 10 * k, suspect: id });
    for (let k = 0; k < post; k++) incidents.push({ date: day(T0) + 1 + 10 * k, suspect: id });
    if (pre === 0 && post === 0) incidents.push({ date: '2018-06-15', suspect: id });
  });
  return build({ incidents, notifications, coverage: COVERAGE });
}

const zip = (pre: number[], post: number[]) => pre.map((x, i): [number, number] => [x, post[i]]);

/** The notes every pre/post table has, in order, before the per-window notes (what = 'incidents' or 'offense incidents'). */
function fixedNotes(o: { what: string; eligibility: string; offensesOnly?: boolean; excludeIndex?: boolean }) {
  return [
    `t0 = each person's earliest notification (any level); pre = ${o.what} dated t0 − W months to t0 inclusive (an incident on the notification day is pre), post = dated after t0 up to t0 + W months inclusive (docs/methods.md#prepost)`,
    "months are calendar months clamped to the month's last day (2020-03-31 − 1 month = 2020-02-29)",
    `eligibility: a person is in the ±W row only when the whole window lies inside the coverage (t0 − W ≥ coverage start and t0 + W ≤ coverage end); ${o.eligibility}`,
    COVERAGE_NOTE,
    `counted: ${o.offensesOnly ? 'offense incidents only (flags.offense)' : 'every incident (one per incident and suspect)'}; rate = ${o.what} per offender in the window`,
    o.excludeIndex
      ? "index incident excluded: each person's latest incident on or before t0 (the one that led to the notification) is not counted as pre. People are selected for notification because of a recent incident, so part of any pre/post drop is regression to the mean; excluding it removes the most obvious part, not all of it"
      : 'index incident included in the pre count (the default of docs/methods.md#prepost: an incident on the notification day is pre). People are selected for notification because of a recent incident, so part of any pre/post drop is regression to the mean, not an effect of the notification; --exclude-index leaves that incident out',
    'rate ratio = post rate / pre rate with equal exposure (offenders × W person-months each side): it answers "did the cohort\'s total number of incidents change?". 95% interval and p (rr_ci_low, rr_ci_high, rr_p): exact conditional Poisson test (R poisson.test), which assumes independent Poisson counts; repeat offending makes counts overdispersed, so it is too narrow. rr_robust_low/rr_robust_high: person-level cluster-robust 95% interval of the same ratio (sandwich variance with each person as a cluster, R sandwich::vcovCL), which allows for repeat offending — read this one',
    `Wilcoxon signed-rank test (paired, two-sided, on each person's post and pre counts; V = sum of ranks of post > pre, zero differences dropped; exact below 50 non-zero differences, ties included, else the normal approximation): it answers "did a typical person's count go down?", a different question from the rate ratio. Because people are notified after a recent incident, almost every pre count is at least 1, so a typical person's count falls even with no effect (regression to the mean): its p is inflated by selection and is not evidence of an effect on its own`,
    'there is no comparison group: the table describes change among notified people, it does not estimate the effect of notification',
  ];
}

const EXACT = 'exact p (permutation distribution of the signs, ties allowed)';
const NORMAL = 'p from the normal approximation with continuity correction';

const COLUMNS = [
  { key: 'window_months', kind: 'int' },
  { key: 'offenders', kind: 'int' },
  { key: 'pre_incidents', kind: 'int' },
  { key: 'pre_rate', decimals: 2, kind: 'number' },
  { key: 'post_incidents', kind: 'int' },
  { key: 'post_rate', decimals: 2, kind: 'number' },
  { key: 'change', decimals: 2, kind: 'number' },
  { key: 'percent_change', decimals: 1, kind: 'percent' },
  { key: 'rate_ratio', decimals: 2, kind: 'number' },
  { key: 'rr_ci_low', decimals: 2, kind: 'number' },
  { key: 'rr_ci_high', decimals: 2, kind: 'number' },
  { key: 'rr_p', kind: 'pvalue' },
  { key: 'rr_robust_low', decimals: 2, kind: 'number' },
  { key: 'rr_robust_high', decimals: 2, kind: 'number' },
  { key: 'wilcoxon_n', kind: 'int' },
  { key: 'wilcoxon_v', decimals: 1, kind: 'number' },
  { key: 'wilcoxon_p', kind: 'pvalue' },
];

const DEFINITIONS = {
  t0: 'earliest notification, any level',
  pre: 't0 - W months <= incident_date <= t0',
  post: 't0 < incident_date <= t0 + W months',
  eligibility: 't0 - W months >= coverage_start and t0 + W months <= coverage_end',
};

const near = (x: number) => expect.closeTo(x, 12);

describe('prepost pins: the whole table', () => {
  it('default options: title, columns, every note, meta, and the row worked in R', () => {
    // pre 3,2,4,1,2,5 (17) and post 0,1,1,1,0,2 (5), six persons, ±12 months
    const { ds, idx } = pairs(zip([3, 2, 4, 1, 2, 5], [0, 1, 1, 1, 0, 2]));
    const t = prePostTable(ds, idx, { windows: [12] });
    expect(t.title).toBe('Offending pre and post first notification (incidents)');
    expect(t.columns).toEqual(COLUMNS);
    expect(t.rows).toEqual([
      {
        window_months: 12,
        offenders: 6,
        pre_incidents: 17,
        pre_rate: 17 / 6,
        post_incidents: 5,
        post_rate: 5 / 6,
        change: 5 / 6 - 17 / 6,
        percent_change: (5 - 17) / 17,
        // R 4.2.2: poisson.test(c(5, 17), c(72, 72)): 0.294117647058824, 0.0848413880330187 0.8305082063760781, p 0.0169005393981934
        rate_ratio: near(0.294117647058824),
        rr_ci_low: near(0.0848413880330187),
        rr_ci_high: near(0.8305082063760781),
        rr_p: near(0.0169005393981934),
        // R: sandwich::vcovCL(glm(y ~ period, family = poisson), cluster = ~id, type = "HC0") (prepost.test.ts)
        rr_robust_low: near(0.15777136065452518),
        rr_robust_high: near(0.54829463314877214),
        // coin::wilcoxsign_test(post ~ pre, zero.method = "Wilcoxon", distribution = "exact"): one zero dropped, V = 0, p = 2/2^5
        wilcoxon_n: 5,
        wilcoxon_v: 0,
        wilcoxon_p: 0.0625,
      },
    ]);
    expect(t.notes).toEqual([
      ...fixedNotes({ what: 'incidents', eligibility: '6 notified persons with an incident; ±12: 6 in, 0 out' }),
      `±12 months Wilcoxon: ${EXACT}; 1 zero difference(s) dropped`,
    ]);
    expect(t.meta).toEqual({
      left_out: { noIncident: 0, ipvFiltered: 0 },
      definitions: DEFINITIONS,
      options: {
        windows: [12],
        counted: 'incidents',
        index_incident: 'included',
        suppress_below: null,
        coverage: { start: '2019-01-01', end: '2021-12-31' },
      },
    });
  });

  it('offenses only and index excluded: title, counted note, index note, meta; the other window outside the coverage', () => {
    // P1: offense 2020-06-01 (the index incident: excluded), offense 2020-05-01 (pre), no-offense 2020-04-01 (not counted),
    //     offense 2020-07-01 (post). ±12: pre 1, post 1. ±24: t0 − 24 months = 2018-06-15 < 2019-01-01: out.
    const { ds, idx } = build({
      incidents: [
        { date: '2020-06-01', suspect: 'P1', arrest: true },
        { date: '2020-05-01', suspect: 'P1', arrest: true },
        { date: '2020-04-01', suspect: 'P1' },
        { date: '2020-07-01', suspect: 'P1', arrest: true },
      ],
      notifications: [{ person: 'P1', date: T0, level: 'C' }],
      coverage: COVERAGE,
    });
    const t = prePostTable(ds, idx, { windows: [12, 24], offensesOnly: true, excludeIndex: true });
    expect(t.title).toBe('Offending pre and post first notification (offense incidents)');
    expect(t.rows.map((r) => [r.window_months, r.offenders, r.pre_incidents, r.post_incidents])).toEqual([
      [12, 1, 1, 1],
      [24, 0, 0, 0],
    ]);
    expect(t.notes).toEqual([
      ...fixedNotes({
        what: 'offense incidents',
        eligibility: '1 notified persons with an incident; ±12: 1 in, 0 out; ±24: 0 in, 1 out',
        offensesOnly: true,
        excludeIndex: true,
      }),
      // one person: no cluster-robust variance (src/stats/cluster-robust-rate-ratio.ts)
      '±12 months robust interval: needs at least 2 persons',
      // one pair, pre = post: no non-zero difference, so the normal-approximation branch says why there is no test (no "exact p")
      '±12 months Wilcoxon: every difference x − y is 0: nothing to test',
      '±24 months: no notified person has the whole window inside the coverage, so no rate or test',
    ]);
    expect(t.meta?.options).toEqual({
      windows: [12, 24],
      counted: 'offense incidents',
      index_incident: 'excluded',
      suppress_below: null,
      coverage: { start: '2019-01-01', end: '2021-12-31' },
    });
  });
});

describe('prepost pins: the index incident and its tie-breaks (offenses only, index excluded)', () => {
  const counts = (incidents: IncidentRecord[]) => {
    const { ds, idx } = build({
      incidents,
      notifications: [{ person: 'P1', date: '2020-02-01', level: 'C' }],
      coverage: { start: '2018-01-01', end: '2022-12-31' },
    });
    const [w] = prePostCounts(ds, idx, { windows: [12], offensesOnly: true, excludeIndex: true });
    return [w.pre[0], w.post[0]];
  };

  it('same day: the greater incident_id is the index incident even when it is not an offense and comes later in the file', () => {
    // I-A (offense, first row) and I-B (no offense, second row) on 2020-01-20: the index incident is I-B, which is not
    // counted anyway, so nothing is removed: pre = 1 (I-A). Taking the first row, or preferring the offense row, gives 0.
    expect(
      counts([
        { id: 'I-A', date: '2020-01-20', suspect: 'P1', arrest: true },
        { id: 'I-B', date: '2020-01-20', suspect: 'P1' },
      ]),
    ).toEqual([1, 0]);
  });

  it('a later day beats a greater incident_id', () => {
    // I-Z (offense) 2020-01-10, I-A (offense) 2020-01-20: the index incident is I-A (later), so pre = 1 either way;
    // with I-A not an offense the index incident is still I-A and I-Z stays: pre = 1.
    expect(
      counts([
        { id: 'I-A', date: '2020-01-20', suspect: 'P1' },
        { id: 'I-Z', date: '2020-01-10', suspect: 'P1', arrest: true },
      ]),
    ).toEqual([1, 0]);
  });

  it('two rows of one incident: the offense row is the index incident, whichever comes first in the file', () => {
    // I-E offense row first, then the same incident without the offense flag: the offense row is excluded: pre = 0
    expect(
      counts([
        { id: 'I-E', date: '2020-01-05', suspect: 'P1', arrest: true },
        { id: 'I-E', date: '2020-01-05', suspect: 'P1' },
        { id: 'I-F', date: '2020-04-05', suspect: 'P1', arrest: true },
      ]),
    ).toEqual([0, 1]);
    expect(
      counts([
        { id: 'I-E', date: '2020-01-05', suspect: 'P1' },
        { id: 'I-E', date: '2020-01-05', suspect: 'P1', arrest: true },
      ]),
    ).toEqual([0, 0]);
  });
});

describe('prepost pins: edge cases and their notes', () => {
  it('no pre incident, post > 0: no percent change, the rate-ratio note, no robust-interval note', () => {
    // two persons, pre 0 0, post 1 1: R 4.2.2 poisson.test(c(2, 0), c(24, 24)): estimate Inf, conf.int 0.187809110777866 Inf, p 0.5
    const { ds, idx } = pairs([
      [0, 1],
      [0, 1],
    ]);
    const t = prePostTable(ds, idx, { windows: [12] });
    expect(t.rows[0]).toMatchObject({
      offenders: 2,
      pre_incidents: 0,
      post_incidents: 2,
      pre_rate: 0,
      post_rate: 1,
      change: 1,
      percent_change: null,
      rate_ratio: null,
      rr_ci_high: null,
      rr_p: near(0.5),
      rr_robust_low: null,
      rr_robust_high: null,
      // both differences +1: V = 1.5 + 1.5 = 3, exact p = 2 · 1/4 = 0.5
      wilcoxon_n: 2,
      wilcoxon_v: 3,
      wilcoxon_p: 0.5,
    });
    expect(t.rows[0].rr_ci_low).toBeCloseTo(0.187809110777866, 9);
    expect(t.notes.slice(fixedNotes({ what: '', eligibility: '' }).length)).toEqual([
      '±12 months rate ratio: pre-period count is 0: the rate ratio and its upper limit are infinite',
      '±12 months: no pre incidents, so no percent change',
      `±12 months Wilcoxon: ${EXACT}`,
    ]);
  });

  it('no incident in the window at all: empty statistics, no percent-change or robust note, the Wilcoxon reason', () => {
    const { ds, idx } = pairs([[0, 0]]);
    const t = prePostTable(ds, idx, { windows: [12], offensesOnly: true });
    expect(t.rows[0]).toEqual({
      window_months: 12,
      offenders: 1,
      pre_incidents: 0,
      pre_rate: 0,
      post_incidents: 0,
      post_rate: 0,
      change: 0,
      percent_change: null,
      rate_ratio: null,
      rr_ci_low: null,
      rr_ci_high: null,
      rr_p: null,
      rr_robust_low: null,
      rr_robust_high: null,
      wilcoxon_n: 0,
      wilcoxon_v: null,
      wilcoxon_p: null,
    });
    expect(t.notes.slice(fixedNotes({ what: '', eligibility: '' }).length)).toEqual([
      '±12 months rate ratio: both counts are 0: the rate ratio is undefined',
      // nonZero = 0 takes the normal-approximation branch, whose method is null: no "exact p" in front
      '±12 months Wilcoxon: every difference x − y is 0: nothing to test',
    ]);
  });

  it('no post incident: the robust interval cannot be built and says so (pre > 0)', () => {
    // pre 2 and 1, post 0 and 0: R 4.2.2 poisson.test(c(0, 3), c(24, 24)): estimate 0, conf.int 0 2.41995189335339, p 0.25
    const { ds, idx } = pairs([
      [2, 0],
      [1, 0],
    ]);
    const t = prePostTable(ds, idx, { windows: [12] });
    expect(t.rows[0]).toMatchObject({
      rate_ratio: 0,
      rr_ci_low: 0,
      rr_ci_high: near(2.41995189335339),
      rr_p: near(0.25),
      percent_change: -1,
    });
    const notes = t.notes.slice(fixedNotes({ what: '', eligibility: '' }).length);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe('±12 months robust interval: no post counts: the log ratio is undefined');
    // differences −2, −1: ranks 2, 1, V = 0, exact p = 2 · 1/4 = 0.5
    expect(notes[1]).toBe(`±12 months Wilcoxon: ${EXACT}`);
    expect(t.rows[0]).toMatchObject({ wilcoxon_n: 2, wilcoxon_v: 0, wilcoxon_p: 0.5 });
  });

  it('a person notified on the last day the window allows is in; one day later is out', () => {
    // ±12 from 2020-12-31 ends 2021-12-31 = coverage end: in. From 2021-01-01 it ends 2022-01-01: out.
    const { ds, idx } = build({
      incidents: [
        { date: '2020-12-31', suspect: 'P1' },
        { date: '2021-01-01', suspect: 'P2' },
      ],
      notifications: [
        { person: 'P1', date: '2020-12-31', level: 'D' },
        { person: 'P2', date: '2021-01-01', level: 'D' },
      ],
      coverage: COVERAGE,
    });
    const [w] = prePostCounts(ds, idx, { windows: [12] });
    expect(w.persons.map((p) => ds.persons.values[p])).toEqual(['P1']);
    expect([w.pre, w.post, w.outsideCoverage]).toEqual([[1], [0], 1]);
  });
});

describe(`prepost pins: the Wilcoxon p is exact below ${WILCOXON_EXACT_BELOW} non-zero differences`, () => {
  it('WILCOXON_EXACT_BELOW is 50', () => expect(WILCOXON_EXACT_BELOW).toBe(50));

  it('49 persons whose count fell by one and 11 unchanged: exact, with the zeros named', () => {
    const counts: [number, number][] = [
      ...Array.from({ length: 49 }, (): [number, number] => [2, 1]),
      ...Array.from({ length: 11 }, (): [number, number] => [1, 1]),
    ];
    const { ds, idx } = pairs(counts);
    const t = prePostTable(ds, idx, { windows: [12] });
    // every non-zero difference is −1: V = 0, and the exact two-sided p = 2 · (1/2)^49
    expect(t.rows[0]).toMatchObject({ offenders: 60, wilcoxon_n: 49, wilcoxon_v: 0, wilcoxon_p: near(2 * 0.5 ** 49) });
    expect(t.notes.at(-1)).toBe(`±12 months Wilcoxon: ${EXACT}; 11 zero difference(s) dropped`);
  });

  it('50 non-zero differences: the normal approximation, as R wilcox.test', () => {
    // R 4.2.2: wilcox.test(rep(1, 50), rep(2, 50), paired = TRUE) → V = 0, p-value = 1.60013474347538e-12
    //   (ties: exact = FALSE; z = (0 − 637.5 + 0.5) / sqrt(50·51·101/24 − (50³ − 50)/48) = −7.06554; p = 2·pnorm(z))
    const { ds, idx } = pairs(Array.from({ length: 50 }, (): [number, number] => [2, 1]));
    const t = prePostTable(ds, idx, { windows: [12] });
    expect(t.rows[0]).toMatchObject({ wilcoxon_n: 50, wilcoxon_v: 0 });
    expect((t.rows[0].wilcoxon_p as number) / 1.60013474347538e-12).toBeCloseTo(1, 6);
    // no zero difference and n ≥ 50: no note from the test itself, only how the p was found
    expect(t.notes.at(-1)).toBe(`±12 months Wilcoxon: ${NORMAL}`);
  });
});

describe('prepost pins: suppression, what each hidden count takes with it (below 5)', () => {
  /** The hidden cells of the row, by column. */
  const hidden = (row: Record<string, Cell>) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v === '<5' || v === 'suppressed'));
  const ALL_STATS = {
    pre_rate: 'suppressed',
    post_rate: 'suppressed',
    change: 'suppressed',
    percent_change: 'suppressed',
    rate_ratio: 'suppressed',
    rr_ci_low: 'suppressed',
    rr_ci_high: 'suppressed',
    rr_p: 'suppressed',
    rr_robust_low: 'suppressed',
    rr_robust_high: 'suppressed',
    wilcoxon_v: 'suppressed',
    wilcoxon_p: 'suppressed',
  };

  it('few offenders: every count and statistic of the row, and its notes', () => {
    // 3 offenders with pre 4+4+4 = 12 and post 2+2+2 = 6 (both ≥ 5, hidden because the offenders are)
    const { ds, idx } = pairs([
      [4, 2],
      [4, 2],
      [4, 2],
    ]);
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 5 });
    expect(hidden(t.rows[0])).toEqual({
      offenders: '<5',
      pre_incidents: 'suppressed',
      post_incidents: 'suppressed',
      wilcoxon_n: '<5',
      ...ALL_STATS,
    });
    // the row's own notes (Wilcoxon) are left out with its counts
    const notes = t.notes.join('\n');
    expect(notes).toContain('3 notified persons with an incident; ±12: suppressed in, suppressed out');
    expect(notes).not.toContain('±12 months Wilcoxon');
    expect(notes).not.toContain('Stryker');
    expect(t.meta?.options).toMatchObject({ suppress_below: 5 });
  });

  it('small pre count only: what is built on the pre count', () => {
    // 6 persons, pre 1,1,1,0,0,0 (3) and post 0,0,0,3,3,4 (10): 6 non-zero differences, offenders 6
    const { ds, idx } = pairs(zip([1, 1, 1, 0, 0, 0], [0, 0, 0, 3, 3, 4]));
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 5 });
    expect(hidden(t.rows[0])).toEqual({
      pre_incidents: '<5',
      pre_rate: 'suppressed',
      change: 'suppressed',
      percent_change: 'suppressed',
      rate_ratio: 'suppressed',
      rr_ci_low: 'suppressed',
      rr_ci_high: 'suppressed',
      rr_p: 'suppressed',
      rr_robust_low: 'suppressed',
      rr_robust_high: 'suppressed',
      wilcoxon_n: 'suppressed',
      wilcoxon_v: 'suppressed',
      wilcoxon_p: 'suppressed',
    });
    expect(t.rows[0]).toMatchObject({ offenders: 6, post_incidents: 10, post_rate: 10 / 6 });
  });

  it('small post count only: what is built on the post count', () => {
    // 6 persons, pre 2 each (12), post 0,0,0,1,1,1 (3)
    const { ds, idx } = pairs(zip([2, 2, 2, 2, 2, 2], [0, 0, 0, 1, 1, 1]));
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 5 });
    expect(hidden(t.rows[0])).toEqual({
      post_incidents: '<5',
      post_rate: 'suppressed',
      change: 'suppressed',
      percent_change: 'suppressed',
      rate_ratio: 'suppressed',
      rr_ci_low: 'suppressed',
      rr_ci_high: 'suppressed',
      rr_p: 'suppressed',
      rr_robust_low: 'suppressed',
      rr_robust_high: 'suppressed',
      wilcoxon_n: 'suppressed',
      wilcoxon_v: 'suppressed',
      wilcoxon_p: 'suppressed',
    });
    expect(t.rows[0]).toMatchObject({ offenders: 6, pre_incidents: 12, pre_rate: 2 });
  });

  it('wilcoxon_n close to the offenders (its complement small): the Wilcoxon test only', () => {
    // 10 persons, pre 2 each (20), post 1 for eight and 2 for two (12): 8 changed, 10 − 8 = 2 unchanged (small)
    const { ds, idx } = pairs(zip(Array(10).fill(2), [1, 1, 1, 1, 1, 1, 1, 1, 2, 2]));
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 5 });
    expect(hidden(t.rows[0])).toEqual({
      wilcoxon_n: 'suppressed',
      wilcoxon_v: 'suppressed',
      wilcoxon_p: 'suppressed',
    });
    expect(t.rows[0]).toMatchObject({ offenders: 10, pre_incidents: 20, post_incidents: 12, rate_ratio: near(0.6) });
  });

  it('small wilcoxon_n only: the Wilcoxon test only', () => {
    // 10 persons, pre 2 each (20), post 2 for six and 1 for... no: post 1,1,1,4,2,2,2,2,2,2 (19): 4 changed (small), 6 not
    const { ds, idx } = pairs(zip(Array(10).fill(2), [1, 1, 1, 4, 2, 2, 2, 2, 2, 2]));
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 5 });
    expect(hidden(t.rows[0])).toEqual({
      wilcoxon_n: '<5',
      wilcoxon_v: 'suppressed',
      wilcoxon_p: 'suppressed',
    });
  });
});
