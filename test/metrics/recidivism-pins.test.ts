/**
 * Pins for src/metrics/recidivism.ts (docs/methods.md#recidivism): every note,
 * the meta block (chi-square, Fisher, differences, definitions, options), the
 * title and columns, the option branches (cohort first / level-entry, follow-up
 * months, contrasts, suppression) and the edge cases (a level with no eligible
 * person as the first or the second of a difference, only one level with
 * persons, an expected count of exactly 5, persons notified before the
 * coverage start), on small data sets built here. Each table is built inside
 * `it`, so that mutation testing sees it (docs/testing.md).
 *
 * Reference values: R 4.2.2 (calls in the comments), with
 *   w  <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int
 *   nc <- function(x1, n1, x2, n2) { p1 <- x1/n1; p2 <- x2/n2; a <- w(x1, n1); b <- w(x2, n2); d <- p1 - p2
 *         c(d, d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2)) }
 * (Newcombe's hybrid score interval, as in test/metrics/recidivism.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Level } from '../../src/model.js';
import { publishedRecidivismNote } from '../../src/metrics/benchmarks.js';
import { fisherClause, type RecidivismOptions, recidivismTable } from '../../src/metrics/recidivism.js';
import { fisherExactTest } from '../../src/stats/fisher-exact-test.js';
import { close } from '../helpers/close.js';
import { build, type IncidentRecord, type NotificationRecord, type Spec } from '../helpers/spec.js';

/**
 * Per [level, persons, reoffenders]: each person notified on 2020-03-01 at that level, with the incident that led
 * to it on 2020-02-20; the first `reoffenders` of them have a new incident on 2020-08-01 (within 6 and 12 months).
 * Coverage 2019-01-01 (or `start`) to 2022-12-31: everyone is eligible.
 */
function cohortSpec(groups: [Level, number, number][], start = '2019-01-01'): Spec {
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  for (const [level, persons, reoffenders] of groups)
    for (let i = 0; i < persons; i++) {
      const id = `${level}${i}`;
      notifications.push({ person: id, date: '2020-03-01', level });
      incidents.push({ date: '2020-02-20', suspect: id });
      if (i < reoffenders) incidents.push({ date: '2020-08-01', suspect: id });
    }
  return { incidents, notifications, coverage: { start, end: '2022-12-31' } };
}

const FIRST: RecidivismOptions = { followUpMonths: 12, cohort: 'first' };
const COHORT_FIRST =
  'cohort "first": each notified person once; t0 = the earliest notification and level = its level (two notifications on that day: the higher level counts) (docs/methods.md#recidivism)';
const COHORT_ENTRY =
  'cohort "level-entry": each person once per level they were notified at; t0 = the first notification at that level. A person can be in several rows; the "all" row counts entries, not persons, and its interval ignores that one person\'s entries are related (docs/methods.md#recidivism)';
const followUp = (F: number, who: string) =>
  `follow-up: ${F} months; eligible when t0 + ${F} months ≤ coverage end; 0 ${who} left out because their follow-up runs past the coverage end`;
const reoffended = (F: number) =>
  `reoffended: at least one incident (any incident, one per incident and suspect) dated after t0 up to t0 + ${F} months inclusive; an incident on the notification day does not count`;
const COVERAGE_NOTE = 'coverage: 2019-01-01 (set by option) to 2022-12-31 (set by option), both days inclusive';
const RATE =
  'rate = reoffenders / persons; 95% interval: Wilson score (no continuity correction, R prop.test(x, n, correct = FALSE))';
const DIFF =
  'differences between levels (first − second, in percentage points; 95% Newcombe hybrid score interval, docs/methods.md#recidivism): ';
const CHI = 'chi-square test of equal rates across levels (Pearson, no continuity correction): ';
const SMALL_E = 'some expected counts are below 5: the chi-square approximation may be incorrect';
const ENTRY_CHI =
  'chi-square test across levels: not computed, because in the level-entry cohort one person can be in several level rows, so the rows are not independent samples';
const ENTRY_DIFF =
  'differences between levels: not computed, because in the level-entry cohort one person can be in several level rows (the Newcombe interval needs independent groups)';
const COLUMNS = [
  { key: 'level' },
  { key: 'persons', kind: 'int' },
  { key: 'reoffenders', kind: 'int' },
  { key: 'rate', kind: 'percent', decimals: 1 },
  { key: 'ci_low', kind: 'percent', decimals: 1 },
  { key: 'ci_high', kind: 'percent', decimals: 1 },
];
const DEFINITIONS = (t0: string) => ({
  t0,
  eligible: 't0 + F months <= coverage_end',
  reoffended: 'at least one incident with t0 < incident_date <= t0 + F months',
});
const COVERAGE = { start: '2019-01-01', end: '2022-12-31' };

/*
 * Q: A nobody, B 2 of 4, C 1 of 4, D 3 of 4 reoffended.
 * R: m <- matrix(c(2,2, 1,3, 3,1), 3, byrow = TRUE)
 *    chisq.test(m, correct = FALSE)  # X-squared 2, df 2, p 0.36787944117144233, min expected 2 (each row 4·6/12)
 *    fisher.test(m)$p.value          # 0.7662337662337656
 *    nc(2,4,1,4)  # 0.25 -0.31955725151330316 0.65528666034910477
 *    nc(1,4,3,4)  # -0.5 -0.78908326808475571 0.13548840058295131
 *    nc(3,4,2,4)  # 0.25 -0.31955725151330316 0.65528666034910488 (D − B)
 *    w(2,4) 0.15003898915214955 0.84996101084785047; w(6,12) 0.25378159763370611 0.74621840236629389
 */
const Q: [Level, number, number][] = [
  ['B', 4, 2],
  ['C', 4, 1],
  ['D', 4, 3],
];

describe('recidivism table, pinned: a level with no eligible person', () => {
  it('title, columns, rows (Wilson intervals as R prop.test)', () => {
    const { ds, idx } = build(cohortSpec(Q));
    const t = recidivismTable(ds, idx, FIRST);
    expect(t.title).toBe('Recidivism by classification level (12-month follow-up, cohort first)');
    expect(t.columns).toEqual(COLUMNS);
    expect(t.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 0, 0],
      ['B', 4, 2],
      ['C', 4, 1],
      ['D', 4, 3],
      ['all', 12, 6],
    ]);
    expect(t.rows[0]).toStrictEqual({
      level: 'A',
      persons: 0,
      reoffenders: 0,
      rate: null,
      ci_low: null,
      ci_high: null,
    });
    close(t.rows[1].ci_low, 0.15003898915214955);
    close(t.rows[1].ci_high, 0.84996101084785047);
    close(t.rows[4].ci_low, 0.25378159763370611);
    close(t.rows[4].ci_high, 0.74621840236629389);
  });

  it('every note, in order; chi-square with its note and Fisher with its note in meta', () => {
    const { ds, idx } = build(cohortSpec(Q));
    const t = recidivismTable(ds, idx, FIRST);
    expect(t.notes).toEqual([
      COHORT_FIRST,
      followUp(12, 'notified person(s)'),
      reoffended(12),
      COVERAGE_NOTE,
      RATE,
      `${CHI}X² = 2, df = 2, p = 0.3679 (dropped all-zero row(s) A; ${SMALL_E}); because an expected count is below 5, read Fisher's exact test instead (two-sided, R fisher.test): p = 0.7662`,
      `${DIFF}A − B not computed (A: no eligible person); B − C 25 (-32 to 65.5); C − D -50 (-78.9 to 13.5)`,
      'level A: no eligible person, so no rate',
      publishedRecidivismNote(),
    ]);
    const chi = t.meta!.chi_square as Record<string, unknown>;
    close(chi.statistic, 2);
    close(chi.p, 0.36787944117144233, 1e-12);
    expect(chi).toMatchObject({ df: 2, min_expected: 2, note: `dropped all-zero row(s) A; ${SMALL_E}` });
    const fisher = t.meta!.fisher_exact as Record<string, unknown>;
    close(fisher.p, 0.7662337662337656, 1e-12);
    expect(fisher.note).toBe('dropped empty row(s) A');
  });

  it('differences: an empty first level is "not computed" with its name; the others as R', () => {
    const { ds, idx } = build(cohortSpec(Q));
    const d = recidivismTable(ds, idx, FIRST).meta!.differences as Record<string, unknown>[];
    expect(d[0]).toStrictEqual({
      first: 'A',
      second: 'B',
      difference: null,
      ci_low: null,
      ci_high: null,
      note: 'A: no eligible person',
    });
    expect(d.slice(1).map((x) => [x.first, x.second, x.note])).toEqual([
      ['B', 'C', null],
      ['C', 'D', null],
    ]);
    close(d[1].difference, 0.25);
    close(d[1].ci_low, -0.31955725151330316);
    close(d[1].ci_high, 0.65528666034910477);
    close(d[2].difference, -0.5);
    close(d[2].ci_low, -0.78908326808475571);
    close(d[2].ci_high, 0.13548840058295131);
  });

  it('contrasts: an empty second level is named; the pairs asked for are listed in options', () => {
    const { ds, idx } = build(cohortSpec(Q));
    const t = recidivismTable(ds, idx, {
      ...FIRST,
      contrasts: [
        ['B', 'A'],
        ['D', 'B'],
      ],
    });
    const d = t.meta!.differences as Record<string, unknown>[];
    expect(d[0]).toMatchObject({ first: 'B', second: 'A', difference: null, note: 'A: no eligible person' });
    close(d[1].difference, 0.25);
    close(d[1].ci_high, 0.65528666034910488);
    expect(t.notes[6]).toBe(`${DIFF}B − A not computed (A: no eligible person); D − B 25 (-32 to 65.5)`);
    expect(t.meta!.options).toStrictEqual({
      follow_up_months: 12,
      cohort: 'first',
      contrasts: ['B,A', 'D,B'],
      suppress_below: null,
      coverage: COVERAGE,
    });
    expect(t.meta!.definitions).toStrictEqual(DEFINITIONS('earliest notification; highest level on ties'));
  });

  it('cohort level-entry: its wording in every note, no chi-square, Fisher or differences, its t0 definition', () => {
    const { ds, idx } = build(cohortSpec(Q));
    const t = recidivismTable(ds, idx, { followUpMonths: 6, cohort: 'level-entry' });
    expect(t.title).toBe('Recidivism by classification level (6-month follow-up, cohort level-entry)');
    expect(t.notes).toEqual([
      COHORT_ENTRY,
      followUp(6, 'entries'),
      reoffended(6),
      COVERAGE_NOTE,
      RATE,
      ENTRY_CHI,
      ENTRY_DIFF,
      'level A: no eligible entry, so no rate',
      publishedRecidivismNote(),
    ]);
    expect([t.meta!.chi_square, t.meta!.fisher_exact, t.meta!.differences]).toEqual([null, null, null]);
    expect(t.meta!.definitions).toStrictEqual(DEFINITIONS('first notification at each level'));
    expect(t.meta!.options).toStrictEqual({
      follow_up_months: 6,
      cohort: 'level-entry',
      contrasts: ['A,B', 'B,C', 'C,D'],
      suppress_below: null,
      coverage: COVERAGE,
    });
  });
});

describe('recidivism table, pinned: the chi-square and Fisher branches', () => {
  it('every expected count exactly 5: chi-square without a note, no Fisher test', () => {
    // 5 of 10 at each level: expected 10·20/40 = 5 in every cell, X² = 0, p = 1
    // R: chisq.test(matrix(rep(c(5,5),4), 4, byrow = TRUE), correct = FALSE)  # 0, df 3, p 1; nc(5,10,5,10) 0 -0.37251362381991421 0.37251362381991421
    const { ds, idx } = build(
      cohortSpec([
        ['A', 10, 5],
        ['B', 10, 5],
        ['C', 10, 5],
        ['D', 10, 5],
      ]),
    );
    const t = recidivismTable(ds, idx, FIRST);
    expect(t.meta!.chi_square).toStrictEqual({ statistic: 0, df: 3, p: 1, min_expected: 5, note: null });
    expect(t.meta!.fisher_exact).toBeNull();
    expect(t.notes[5]).toBe(`${CHI}X² = 0, df = 3, p = 1.0000`);
    expect(t.notes[6]).toBe(`${DIFF}A − B 0 (-37.3 to 37.3); B − C 0 (-37.3 to 37.3); C − D 0 (-37.3 to 37.3)`);
    expect(t.notes).toHaveLength(8); // no level without persons, no suppression
    expect(t.notes[7]).toBe(publishedRecidivismNote());
  });

  it('small expected counts with every level present: Fisher without a note', () => {
    // R: m <- matrix(c(1,4, 2,3, 3,2, 4,1), 4, byrow = TRUE)
    //    chisq.test(m, correct = FALSE)  # X-squared 4, df 3, p 0.26146412994911072, min expected 2.5
    //    fisher.test(m)$p.value          # 0.4587455887765442
    const { ds, idx } = build(
      cohortSpec([
        ['A', 5, 1],
        ['B', 5, 2],
        ['C', 5, 3],
        ['D', 5, 4],
      ]),
    );
    const t = recidivismTable(ds, idx, FIRST);
    const chi = t.meta!.chi_square as Record<string, unknown>;
    expect(chi).toMatchObject({ statistic: 4, df: 3, min_expected: 2.5, note: SMALL_E });
    close(chi.p, 0.26146412994911072, 1e-12);
    const fisher = t.meta!.fisher_exact as Record<string, unknown>;
    expect(Object.keys(fisher)).toEqual(['p', 'note']);
    close(fisher.p, 0.4587455887765442, 1e-12);
    expect(fisher.note).toBeNull();
    expect(t.notes[5]).toBe(
      `${CHI}X² = 4, df = 3, p = 0.2615 (${SMALL_E}); because an expected count is below 5, read Fisher's exact test instead (two-sided, R fisher.test): p = 0.4587`,
    );
  });

  it('one level with persons: chi-square not computed (with why), no Fisher, every difference not computed', () => {
    const { ds, idx } = build(cohortSpec([['C', 5, 1]]));
    const t = recidivismTable(ds, idx, FIRST);
    const why = 'dropped all-zero row(s) A, B, D; need at least 2 non-empty rows and 2 non-empty columns (have 1 × 2)';
    expect(t.meta!.chi_square).toStrictEqual({ statistic: null, df: null, p: null, min_expected: null, note: why });
    expect(t.meta!.fisher_exact).toBeNull();
    expect(t.notes.slice(5)).toEqual([
      `chi-square test of equal rates across levels: not computed (${why})`,
      `${DIFF}A − B not computed (A: no eligible person); B − C not computed (B: no eligible person); C − D not computed (D: no eligible person)`,
      'level A: no eligible person, so no rate',
      'level B: no eligible person, so no rate',
      'level D: no eligible person, so no rate',
      publishedRecidivismNote(),
    ]);
  });
});

describe('recidivism table, pinned: notified before the coverage start', () => {
  /*
   * Coverage from 2020-03-01. X: notified at C and at B on 2020-02-29 (the day before the start), new incident
   * 2020-05-01. D0, D1: notified on 2020-03-01 (the start itself: not before), D0 reoffends.
   * Cohort first: X once (at B): 1 person before the start. Level-entry: X's B and C entries: 2.
   */
  const spec = (): Spec => {
    const s = cohortSpec([['D', 2, 1]], '2020-03-01');
    s.notifications.push(
      { person: 'X', date: '2020-02-29', level: 'C' },
      { person: 'X', date: '2020-02-29', level: 'B' },
    );
    s.incidents.push({ date: '2020-02-29', suspect: 'X' }, { date: '2020-05-01', suspect: 'X' });
    return s;
  };

  it('cohort first: one person, counted in a note', () => {
    const { ds, idx } = build(spec());
    const t = recidivismTable(ds, idx, FIRST);
    expect(t.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 0, 0],
      ['B', 1, 1],
      ['C', 0, 0],
      ['D', 2, 1],
      ['all', 3, 2],
    ]);
    expect(t.notes.slice(7, 10)).toEqual([
      '1 eligible person(s) were notified before the coverage start; incidents before the coverage start may be missing from the export, but their follow-up is inside it',
      'level A: no eligible person, so no rate',
      'level C: no eligible person, so no rate',
    ]);
    expect(t.notes[6]).toBe(
      `${DIFF}A − B not computed (A: no eligible person); B − C not computed (C: no eligible person); C − D not computed (C: no eligible person)`,
    );
  });

  it('cohort level-entry: two entries', () => {
    const { ds, idx } = build(spec());
    const t = recidivismTable(ds, idx, { ...FIRST, cohort: 'level-entry' });
    expect(t.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 0, 0],
      ['B', 1, 1],
      ['C', 1, 1],
      ['D', 2, 1],
      ['all', 4, 3],
    ]);
    expect(t.notes[7]).toBe(
      '2 eligible entries were notified before the coverage start; incidents before the coverage start may be missing from the export, but their follow-up is inside it',
    );
  });

  it('nobody before the start: no such note', () => {
    const { ds, idx } = build(cohortSpec(Q));
    expect(recidivismTable(ds, idx, FIRST).notes.some((n) => n.includes('before the coverage start'))).toBe(false);
  });
});

describe('recidivism table, pinned: suppression (docs/methods.md#suppression)', () => {
  /*
   * Below 3: A 5 of 10, B 5 of 10, C 9 of 10, D 0 of 2 reoffended.
   * By hand: D's persons (2) are a small count: "<3"; its reoffenders (0) leave 2 − 0 = 2 non-reoffenders, a small
   * count: hidden. C: 10 − 9 = 1 did not reoffend: C's reoffenders hidden. The levels' persons add up to all's (32),
   * so D's would follow from the others: A's persons (smallest shown, first on the tie with B and C) are hidden too,
   * and A's reoffenders with them (they are built on A's persons; the reoffenders' own total, 19, leaves A, C and D
   * open). Cells: A 2 + rate and interval 3; C 1 + 3; D 2 + 3 = 14.
   */
  it('a small level, a small complement and a level hidden through the total; tests and differences hidden', () => {
    const { ds, idx } = build(
      cohortSpec([
        ['A', 10, 5],
        ['B', 10, 5],
        ['C', 10, 9],
        ['D', 2, 0],
      ]),
    );
    const t = recidivismTable(ds, idx, { ...FIRST, suppressBelow: 3 });
    const hidden = { rate: 'suppressed', ci_low: 'suppressed', ci_high: 'suppressed' };
    expect(t.rows[0]).toStrictEqual({ level: 'A', persons: 'suppressed', reoffenders: 'suppressed', ...hidden });
    expect(t.rows[1]).toMatchObject({ level: 'B', persons: 10, reoffenders: 5, rate: 0.5 });
    expect(t.rows[2]).toStrictEqual({ level: 'C', persons: 10, reoffenders: 'suppressed', ...hidden });
    expect(t.rows[3]).toStrictEqual({ level: 'D', persons: '<3', reoffenders: 'suppressed', ...hidden });
    // R: w(19, 32) 0.42260024875382868 0.74480365157334560
    expect(t.rows[4]).toMatchObject({ level: 'all', persons: 32, reoffenders: 19, rate: 19 / 32 });
    close(t.rows[4].ci_low, 0.42260024875382868);
    close(t.rows[4].ci_high, 0.7448036515733456);
    expect(t.meta!.chi_square).toStrictEqual({ suppressed: true });
    expect(t.meta!.fisher_exact).toStrictEqual({ suppressed: true });
    expect(t.meta!.differences).toStrictEqual([
      { first: 'A', second: 'B', suppressed: true },
      { first: 'B', second: 'C', suppressed: true },
      { first: 'C', second: 'D', suppressed: true },
    ]);
    expect(t.meta!.options).toMatchObject({ suppress_below: 3 });
    expect(t.notes.slice(5)).toEqual([
      'chi-square test of equal rates across levels: not shown, because it is computed from counts suppressed for publication (its statistic would reveal them)',
      `${DIFF}A − B suppressed; B − C suppressed; C − D suppressed`,
      publishedRecidivismNote(),
      'small counts suppressed for publication (docs/methods.md#suppression): counts from 1 to 2 are shown as "<3"; rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, are shown as "suppressed" (14 cells); zeros are shown',
    ]);
  });

  /** A none, B 2 of 2, C 5 of 10, D 4 of 10. */
  const EMPTY_A_SMALL_B: [Level, number, number][] = [
    ['A', 0, 0],
    ['B', 2, 2],
    ['C', 10, 5],
    ['D', 10, 4],
  ];

  it('a difference with a level of no eligible person (0, shown) is not computed, not "suppressed"', () => {
    // Below 3: A none, B 2 of 2 (small: hidden), C 5 of 10, D 4 of 10. A − B does not exist (A is empty), whatever
    // B hides: it reads as without suppression; B − C exists and is built on B's hidden counts: suppressed.
    const { ds, idx } = build(cohortSpec(EMPTY_A_SMALL_B));
    const t = recidivismTable(ds, idx, { ...FIRST, suppressBelow: 3 });
    expect(t.rows[0]).toMatchObject({ level: 'A', persons: 0, reoffenders: 0, rate: null });
    expect(t.rows[1]).toMatchObject({ level: 'B', persons: '<3' });
    expect((t.meta!.differences as unknown[]).slice(0, 2)).toStrictEqual([
      { first: 'A', second: 'B', difference: null, ci_low: null, ci_high: null, note: 'A: no eligible person' },
      { first: 'B', second: 'C', suppressed: true },
    ]);
    expect(t.notes.find((n) => n.startsWith(DIFF))).toMatch(
      /^.*A − B not computed \(A: no eligible person\); B − C suppressed; C − D /,
    );
  });

  it('the same with the hidden level first: B − A is not computed (A: no eligible person), not "suppressed"', () => {
    // The data set above, contrast B − A: B (2 of 2, "<3") is hidden and A (0) is empty, so there is no difference
    // to hide.
    const { ds, idx } = build(cohortSpec(EMPTY_A_SMALL_B));
    const t = recidivismTable(ds, idx, { ...FIRST, suppressBelow: 3, contrasts: [['B', 'A']] });
    expect(t.meta!.differences).toStrictEqual([
      { first: 'B', second: 'A', difference: null, ci_low: null, ci_high: null, note: 'A: no eligible person' },
    ]);
    expect(t.notes).toContain(`${DIFF}B − A not computed (A: no eligible person)`);
  });
});

describe('recidivism table, pinned: the Fisher clause of the chi-square note', () => {
  it('with a p-value: read Fisher instead, p to 4 decimals', () => {
    // R: fisher.test(matrix(c(3,1, 1,3), 2, byrow = TRUE))$p.value  # 0.4857142857142857
    expect(
      fisherClause(
        fisherExactTest([
          [3, 1],
          [1, 3],
        ]),
      ),
    ).toBe(
      "; because an expected count is below 5, read Fisher's exact test instead (two-sided, R fisher.test): p = 0.4857",
    );
  });

  it('not computed, with why: more tables with these margins than the limit', () => {
    // Margins (2, 2), column totals (2, 2): 3 tables (first cell 0, 1 or 2), more than the limit of 2. The real limit,
    // FISHER_MAX_TABLES (20 000 000), takes thousands of persons, too slow for a pin.
    expect(
      fisherClause(
        fisherExactTest(
          [
            [1, 1],
            [1, 1],
          ],
          ['A', 'B'],
          2,
        ),
      ),
    ).toBe("; Fisher's exact test: not computed (more than 2 tables with these margins: not computed)");
  });
});
