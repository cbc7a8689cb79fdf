/**
 * Pins for src/metrics/survival.ts (docs/methods.md#survival): every note, the
 * meta block (medians, log-rank, `at`, definitions, options), the option
 * branches (max days, `at`, suppression) and the edge cases (a level with no
 * person, a level with no event, a group with 0 expected events in the
 * log-rank test, a horizon beyond the follow-up, S = 0), on small data sets
 * built with survivalSpec (test/metrics/small-fixtures.ts). Each table is
 * built inside `it`, so that mutation testing sees it (docs/testing.md).
 *
 * Numbers are worked by hand in the comments and checked against R 4.2.2,
 * survival 3.5-3 (the calls are in the comments).
 */
import { describe, expect, it } from 'vitest';
import type { Level } from '../../src/model.js';
import { survivalObservations, survivalTable } from '../../src/metrics/survival.js';
import { close } from '../helpers/close.js';
import { build } from '../helpers/spec.js';
import { survivalSpec } from './small-fixtures.js';

type Case = [Level, number, boolean];
const rep = (level: Level, n: number, time: number, event: boolean): Case[] =>
  Array.from({ length: n }, () => [level, time, event]);

const NOTE_T0 =
  "t0 and level: each person's earliest notification and its level (two on that day: the higher level counts), as in the recidivism table (docs/methods.md#recidivism, #survival)";
const NOTE_COVERAGE = 'coverage: 2019-01-01 (set by option) to 2020-12-31 (set by option), both days inclusive';
const NOTE_KM =
  'survival = Kaplan–Meier estimate of the share with no new incident yet; 95% pointwise interval from Greenwood\'s variance on the log scale (R survival conf.type = "log"); censored counts those censored after the previous event time up to this one';
const NO_EVENTS = 'no events (all observations censored): survival stays at 1 and the median is not reached';
const COLUMNS = [
  { key: 'level' },
  { key: 'time', kind: 'int' },
  { key: 'n_risk', kind: 'int' },
  { key: 'events', kind: 'int' },
  { key: 'censored', kind: 'int' },
  { key: 'survival', kind: 'number', decimals: 4 },
  { key: 'ci_low', kind: 'number', decimals: 4 },
  { key: 'ci_high', kind: 'number', decimals: 4 },
];
const DEFINITIONS = {
  t0: 'earliest notification; highest level on ties',
  time: 'days from t0 to the first incident dated after t0',
  censoring: 'coverage_end - t0',
  confidence_interval: 'log transform (R conf.type = "log"), Greenwood variance, 95%',
};
const COVERAGE = { start: '2019-01-01', end: '2020-12-31' };

/*
 * P: A 20 persons, 16 with a new incident on day 3 and 4 censored at 30; B 3 censored at 5, 12 and 20 (no event);
 * C nobody; D 2 censored at day 1, before the first event time.
 *
 * By hand: A at t = 3: n at risk 20, 16 events, S = 4/20 = 0.2; Greenwood var(log S) = 16/(20·4) = 0.2, so the
 * interval is 0.2·exp(∓1.959964·√0.2) = 0.0832 … 0.4805: S and its upper limit are ≤ 0.5 at 3, so the median and both
 * limits are 3. All: at t = 3 D has left (censored at 1), n at risk 23, S = 7/23 = 0.3043, var = 16/(23·7),
 * upper 0.3043·exp(1.96·0.3153) = 0.5646 > 0.5: median 3 (3 to not reached).
 * Log-rank: one event time (3), 23 at risk, d = 16: expected A 16·20/23 = 13.913, B 16·3/23 = 2.087, D 0 (left out).
 * V_BB = d(N−d)/(N(N−1))·3·20/23 = (112/506)(60/23); X² = (0 − 48/23)²/V_BB = 7.542857, df 1.
 *
 * R: time <- c(rep(3,16), rep(30,4), 5, 12, 20, 1, 1); status <- c(rep(1,16), rep(0,9))
 *    g <- c(rep("A",20), rep("B",3), rep("D",2))
 *    summary(survfit(Surv(time, status) ~ g))  # A 3 20 16 0.2 0.083245562652745353 0.48050609216082746
 *    print(survfit(Surv(time, status) ~ g))    # A median 3 (3, 3); B, D NA
 *    print(survfit(Surv(time, status) ~ 1))    # 25 16 median 3 (3, NA)
 *    summary(survfit(Surv(time, status) ~ 1), times = c(2, 3, 30))  # 23 1 | 23 0.304347826087 0.1640717787341 0.5645553425368 | 4 …
 *    survdiff(Surv(time, status) ~ g)  # chisq 7.5428571428571409, expected 13.913043478260869 2.0869565217391304 0, p 0.0060248430158091268
 */
const P: Case[] = [
  ...rep('A', 16, 3, true),
  ...rep('A', 4, 30, false),
  ['B', 5, false],
  ['B', 12, false],
  ['B', 20, false],
  ...rep('D', 2, 1, false),
];
const MEDIANS_P =
  'median days to the first new incident (95% interval): A 3 (3 to 3; n 20, events 16); B not reached (not reached to not reached; n 3, events 0); D not reached (not reached to not reached; n 2, events 0); all 3 (3 to not reached; n 25, events 16) — median interval by Brookmeyer & Crowley (as R print(survfit))';
const LOGRANK_P =
  'log-rank test across levels: chi-square = 7.543, df = 1, p = 0.0060 (observed/expected events: A 16/13.9, B 0/2.1, D 0/0); group(s) D have 0 expected events and are left out of the statistic and df (as R survdiff)';
/** The notes of P's table, with `more` (the --at note) before the per-level problems. */
const notesP = (...more: string[]) => [
  NOTE_T0,
  'time = days from t0 to the first incident dated after t0; a person with none by the coverage end is censored there',
  '25 persons followed, 16 with a new incident',
  NOTE_COVERAGE,
  NOTE_KM,
  MEDIANS_P,
  LOGRANK_P,
  ...more,
  ...PROBLEMS_P,
];
const PROBLEMS_P = [
  `level B: ${NO_EVENTS}`,
  `level D: ${NO_EVENTS}`,
  'level all: upper confidence limit of the median not reached',
];

describe('survival table, pinned: a level with no person, levels with no event, a group with 0 expected events', () => {
  it('rows, title and columns', () => {
    const { ds, idx } = build(survivalSpec(P));
    const t = survivalTable(ds, idx, {});
    expect(t.title).toBe('Time to first new incident after the first notification (Kaplan–Meier, by level)');
    expect(t.columns).toEqual(COLUMNS);
    // only A has an event time; B and D (no event) and C (nobody) have no rows
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]).toMatchObject({ level: 'A', time: 3, n_risk: 20, events: 16, censored: 0 });
    close(t.rows[0].survival, 0.2);
    close(t.rows[0].ci_low, 0.083245562652745353);
    close(t.rows[0].ci_high, 0.48050609216082746);
  });

  it('every note, in order', () => {
    const { ds, idx } = build(survivalSpec(P));
    expect(survivalTable(ds, idx, {}).notes).toEqual(notesP());
  });

  it('meta: medians per level (C: no person), the log-rank test with its note, definitions, options', () => {
    const { ds, idx } = build(survivalSpec(P));
    const meta = survivalTable(ds, idx, {}).meta!;
    expect(meta.medians).toStrictEqual({
      A: { n: 20, events: 16, median: 3, low: 3, high: 3, note: null },
      B: { n: 3, events: 0, median: null, low: null, high: null, note: NO_EVENTS },
      C: { n: 0, events: 0, median: null, low: null, high: null, note: 'no person' },
      D: { n: 2, events: 0, median: null, low: null, high: null, note: NO_EVENTS },
      all: {
        n: 25,
        events: 16,
        median: 3,
        low: 3,
        high: null,
        note: 'upper confidence limit of the median not reached',
      },
    });
    const lr = meta.logrank as Record<string, unknown>;
    expect(Object.keys(lr)).toEqual(['statistic', 'df', 'p', 'groups', 'n', 'observed', 'expected', 'note']);
    close(lr.statistic, 7.5428571428571409, 1e-12);
    expect(lr.df).toBe(1);
    close(lr.p, 0.0060248430158091268, 1e-9);
    expect([lr.groups, lr.n, lr.observed]).toEqual([
      ['A', 'B', 'D'],
      [20, 3, 2],
      [16, 0, 0],
    ]);
    (lr.expected as number[]).forEach((e, i) => {
      close(e, [13.913043478260869, 2.0869565217391304, 0][i]);
    });
    expect(lr.note).toBe('group(s) D have 0 expected events and are left out of the statistic and df (as R survdiff)');
    expect(meta.left_out).toStrictEqual({ noIncident: 0, ipvFiltered: 0 });
    expect(meta.definitions).toStrictEqual(DEFINITIONS);
    expect(meta.options).toStrictEqual({ max_days: null, suppress_below: null, coverage: COVERAGE });
    expect('at' in meta).toBe(false);
  });

  it('--max-days: the censoring limit in the notes, definitions and options', () => {
    const { ds, idx } = build(survivalSpec(P));
    const t = survivalTable(ds, idx, { maxDays: 10 });
    // A's 4 censored at 30 and B's at 12 and 20 are censored at 10 instead: the one event time is unchanged
    expect(survivalObservations(ds, idx, { maxDays: 10 }).obs.map((o) => [o.level, o.time, o.event])).toEqual(
      P.map(([l, time, e]) => [l, Math.min(time, 10), e]),
    );
    expect(t.notes[1]).toBe(
      'time = days from t0 to the first incident dated after t0; a person with none by the earlier of the coverage end and 10 days after t0 is censored there',
    );
    expect(t.meta!.definitions).toStrictEqual({ ...DEFINITIONS, censoring: 'min(coverage_end - t0, 10)' });
    expect(t.meta!.options).toStrictEqual({ max_days: 10, suppress_below: null, coverage: COVERAGE });
  });

  it('--at: every horizon per level with people (not C), beyond the follow-up as a dash with its reason', () => {
    const { ds, idx } = build(survivalSpec(P));
    const t = survivalTable(ds, idx, { at: [2, 3, 30, 31] });
    const at = t.meta!.at as Record<string, unknown>[];
    const beyond = (level: string, days: number, max: number) => ({
      level,
      days,
      n_risk: null,
      survival: null,
      ci_low: null,
      ci_high: null,
      note: `beyond the longest follow-up (${max})`,
    });
    const one = (level: string, days: number, n: number) => ({
      level,
      days,
      n_risk: n,
      survival: 1,
      ci_low: 1,
      ci_high: 1,
      note: null,
    });
    // before the first event S = 1 with [1, 1]; A from day 3 on: 0.2 (n at risk = time ≥ h: 20 at 3, 4 at 30)
    expect(at.map((r) => [r.level, r.days])).toEqual(
      ['A', 'B', 'D', 'all'].flatMap((l) => [2, 3, 30, 31].map((d) => [l, d])),
    );
    expect(at[0]).toStrictEqual(one('A', 2, 20));
    expect(at[1]).toMatchObject({ level: 'A', days: 3, n_risk: 20, note: null });
    expect(at[2]).toMatchObject({ level: 'A', days: 30, n_risk: 4, note: null });
    close(at[2].survival, 0.2);
    close(at[2].ci_low, 0.083245562652745353);
    expect(at[3]).toStrictEqual(beyond('A', 31, 30));
    expect(at.slice(4, 8)).toStrictEqual([one('B', 2, 3), one('B', 3, 3), beyond('B', 30, 20), beyond('B', 31, 20)]);
    expect(at.slice(8, 12)).toStrictEqual([2, 3, 30, 31].map((d) => beyond('D', d, 1)));
    // all (R summary(survfit(Surv(time, status) ~ 1), times = c(2, 3, 30))): 23 1 1 1 | 23 0.304347826087 0.1640717787341 0.5645553425368 | 4 …
    expect(at[12]).toStrictEqual(one('all', 2, 23));
    close(at[13].survival, 7 / 23);
    close(at[13].ci_low, 0.1640717787341, 1e-12 * 1e3);
    close(at[13].ci_high, 0.5645553425368, 1e-12 * 1e3);
    expect(at[14].n_risk).toBe(4);
    expect(at[15]).toStrictEqual(beyond('all', 31, 30));
    expect(t.notes).toEqual(
      notesP(
        'survival at 2, 3, 30, 31 days (share with no new incident yet, 95% interval as R summary(survfit, times = …), n still followed): ' +
          'A 2d 1 (1 to 1; n 20), 3d 0.2 (0.083 to 0.481; n 20), 30d 0.2 (0.083 to 0.481; n 4), 31d — (beyond the longest follow-up (30)); ' +
          'B 2d 1 (1 to 1; n 3), 3d 1 (1 to 1; n 3), 30d — (beyond the longest follow-up (20)), 31d — (beyond the longest follow-up (20)); ' +
          'D 2d — (beyond the longest follow-up (1)), 3d — (beyond the longest follow-up (1)), 30d — (beyond the longest follow-up (1)), 31d — (beyond the longest follow-up (1)); ' +
          'all 2d 1 (1 to 1; n 23), 3d 0.304 (0.164 to 0.565; n 23), 30d 0.304 (0.164 to 0.565; n 4), 31d — (beyond the longest follow-up (30))',
      ),
    );
    expect(t.meta!.options).toStrictEqual({
      max_days: null,
      at: [2, 3, 30, 31],
      suppress_below: null,
      coverage: COVERAGE,
    });
  });

  it('--at with no horizon: no note, an empty list', () => {
    const { ds, idx } = build(survivalSpec(P));
    const t = survivalTable(ds, idx, { at: [] });
    expect(t.meta!.at).toEqual([]);
    expect(t.notes).toHaveLength(7 + PROBLEMS_P.length);
    expect(t.notes.some((n) => n.startsWith('survival at'))).toBe(false);
  });
});

describe('survival table, pinned: the hand-built fixture (SURVIVAL_CASES, R values in small-fixtures.ts)', () => {
  it('notes: the log-rank test without a note, medians, S = 0 at a horizon (interval a dash)', () => {
    const { ds, idx } = build(survivalSpec());
    const t = survivalTable(ds, idx, { at: [120] });
    // R summary(survfit(Surv(time, status) ~ g), times = 120): C 1 0 NA NA | D 2 0.625 0.31999216186285406 1 (B: after its last time, 60)
    expect(t.notes).toEqual([
      NOTE_T0,
      'time = days from t0 to the first incident dated after t0; a person with none by the coverage end is censored there',
      '17 persons followed, 9 with a new incident',
      NOTE_COVERAGE,
      NOTE_KM,
      'median days to the first new incident (95% interval): B 40 (5 to not reached; n 5, events 3); C 50 (30 to not reached; n 6, events 4); D not reached (100 to not reached; n 6, events 2); all 100 (40 to not reached; n 17, events 9) — median interval by Brookmeyer & Crowley (as R print(survfit))',
      'log-rank test across levels: chi-square = 3.464, df = 2, p = 0.1769 (observed/expected events: B 3/1.5, C 4/3, D 2/4.4)',
      'survival at 120 days (share with no new incident yet, 95% interval as R summary(survfit, times = …), n still followed): B 120d — (beyond the longest follow-up (60)); C 120d 0 (— to —; n 1); D 120d 0.625 (0.32 to 1; n 2); all 120d 0.301 (0.11 to 0.828; n 3)',
      'level B: upper confidence limit of the median not reached',
      'level C: survival reaches 0 at time 120: the Greenwood SE and log-scale limits are undefined (null) from there on; upper confidence limit of the median not reached',
      'level D: median not reached: survival never falls to 0.5',
      'level all: upper confidence limit of the median not reached',
    ]);
    const lr = t.meta!.logrank as Record<string, unknown>;
    expect(lr.note).toBeNull();
    expect((t.meta!.medians as Record<string, unknown>).A).toStrictEqual({
      n: 0,
      events: 0,
      median: null,
      low: null,
      high: null,
      note: 'no person',
    });
  });

  it('persons with no follow-up are counted in the third note', () => {
    const spec = survivalSpec();
    spec.notifications.push({ person: 'LATE', date: '2020-12-31', level: 'C' });
    spec.incidents.push({ date: '2020-12-30', suspect: 'LATE' });
    const { ds, idx } = build(spec);
    expect(survivalTable(ds, idx, {}).notes[2]).toBe(
      '17 persons followed, 9 with a new incident; 1 left out because they were notified on or after the coverage end (no follow-up)',
    );
  });
});

describe('survival table, pinned: one level only', () => {
  it('the log-rank test is not computed, with the reason in the note and meta', () => {
    const { ds, idx } = build(survivalSpec([...rep('A', 16, 3, true), ...rep('A', 4, 30, false)]));
    const t = survivalTable(ds, idx, {});
    expect(t.notes[6]).toBe('log-rank test across levels: not computed (need at least 2 groups (got 1))');
    expect(t.meta!.logrank).toStrictEqual({
      statistic: null,
      df: null,
      p: null,
      groups: ['A'],
      n: [20],
      observed: [0],
      expected: [0],
      note: 'need at least 2 groups (got 1)',
    });
  });
});

/*
 * M (suppress below 3): A 10 (5 events on day 2, 5 censored at 40), B 10 (5 events on day 4, censored at 10, 10, 20,
 * 30, 30), C 10 (2 events on day 6, 8 censored at 8), D 3 (censored at 50). Events per level 5, 5, 2, 0; all 33 and 12.
 * By hand: C's 2 events are a small count ("<3"). The levels' events add up to all's (12), so C's would follow from
 * the others: the smallest shown non-zero part is hidden too (A, 5, before B on the tie). A and C therefore have no
 * curve, median or log-rank; cells: 2 events + 3 medians each = 8. D (n 3, no event, 3 censored) is shown.
 * --at 15, 25, 35: B is followed by 3 at 15 (shown: 3 is not below 3), by 2 at 25 ("<3", survival hidden), and
 * nobody at 35 (beyond its longest follow-up, 30: a dash, not a hidden count).
 * R: time <- c(rep(2,5), rep(40,5), rep(4,5), 10,10,20,30,30, 6,6, rep(8,8), 50,50,50)
 *    status <- c(rep(1,5), rep(0,5), rep(1,5), rep(0,5), 1,1, rep(0,8), 0,0,0)
 *    summary(survfit(Surv(time[11:20], status[11:20]) ~ 1), times = 15)  # 3 0.5 0.2690273550635 0.9292735303477
 *    summary(survfit(Surv(time, status) ~ 1), times = c(15, 25, 35))     # 11|10|8 0.6363636363636 0.491694618709 0.8235979453043
 *    print(survfit(Surv(time, status) ~ 1))  # 33 12 NA 6 NA
 */
const M: Case[] = [
  ...rep('A', 5, 2, true),
  ...rep('A', 5, 40, false),
  ...rep('B', 5, 4, true),
  ...rep('B', 2, 10, false),
  ['B', 20, false],
  ...rep('B', 2, 30, false),
  ...rep('C', 2, 6, true),
  ...rep('C', 8, 8, false),
  ...rep('D', 3, 50, false),
];
const HIDDEN_ROW = (level: string) => ({
  level,
  time: 'suppressed',
  n_risk: 'suppressed',
  events: 'suppressed',
  censored: 'suppressed',
  survival: 'suppressed',
  ci_low: 'suppressed',
  ci_high: 'suppressed',
});
const suppressionNote = (below: number, cells: number) =>
  `small counts suppressed for publication (docs/methods.md#suppression): counts from 1 to ${below - 1} are shown as "<${below}"; rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, are shown as "suppressed" (${cells} cells); zeros are shown`;
const hiddenMedian = (n: number | string, events: number | string) => ({
  n,
  events,
  median: 'suppressed',
  low: 'suppressed',
  high: 'suppressed',
  note: null,
});

describe('survival table, pinned: suppression (docs/methods.md#suppression)', () => {
  it('a small event count and the level hidden to protect it through the total', () => {
    const { ds, idx } = build(survivalSpec(M));
    const t = survivalTable(ds, idx, { suppressBelow: 3 });
    expect(t.rows.map((r) => r.level)).toEqual(['A', 'B', 'C']);
    expect(t.rows[0]).toStrictEqual(HIDDEN_ROW('A'));
    expect(t.rows[2]).toStrictEqual(HIDDEN_ROW('C'));
    // B's one event time, as R (5 of 10 on day 4)
    expect(t.rows[1]).toMatchObject({ level: 'B', time: 4, n_risk: 10, events: 5, censored: 0, survival: 0.5 });
    expect(t.meta!.medians).toStrictEqual({
      A: hiddenMedian(10, 'suppressed'),
      B: { n: 10, events: 5, median: 4, low: 4, high: null, note: 'upper confidence limit of the median not reached' },
      C: hiddenMedian(10, '<3'),
      D: { n: 3, events: 0, median: null, low: null, high: null, note: NO_EVENTS },
      all: {
        n: 33,
        events: 12,
        median: null,
        low: 6,
        high: null,
        note: 'median not reached: survival never falls to 0.5',
      },
    });
    expect(t.meta!.logrank).toStrictEqual({ suppressed: true });
    expect(t.meta!.options).toStrictEqual({ max_days: null, suppress_below: 3, coverage: COVERAGE });
    expect(t.notes).toEqual([
      NOTE_T0,
      'time = days from t0 to the first incident dated after t0; a person with none by the coverage end is censored there',
      '33 persons followed, 12 with a new incident',
      NOTE_COVERAGE,
      NOTE_KM,
      'median days to the first new incident (95% interval): B 4 (4 to not reached; n 10, events 5); D not reached (not reached to not reached; n 3, events 0); all not reached (6 to not reached; n 33, events 12); A suppressed; C suppressed — median interval by Brookmeyer & Crowley (as R print(survfit))',
      'log-rank test across levels: not shown, because it is computed from counts suppressed for publication (its details would reveal them)',
      'level B: upper confidence limit of the median not reached',
      `level D: ${NO_EVENTS}`,
      'level all: median not reached: survival never falls to 0.5',
      suppressionNote(3, 8),
    ]);
  });

  it('--at under suppression: hidden levels hidden, a small number still followed hidden, n = N shown', () => {
    const { ds, idx } = build(survivalSpec(M));
    const t = survivalTable(ds, idx, { suppressBelow: 3, at: [15, 25, 35] });
    const at = t.meta!.at as Record<string, unknown>[];
    const hidden = { n_risk: 'suppressed', survival: 'suppressed', ci_low: 'suppressed', ci_high: 'suppressed' };
    // a hidden level's rows keep no note: "beyond the longest follow-up (d)" would give its longest follow-up away
    for (const r of at.filter((x) => x.level === 'A' || x.level === 'C'))
      expect(r).toMatchObject({ ...hidden, note: null });
    const b = at.filter((x) => x.level === 'B');
    expect(b[0]).toMatchObject({ days: 15, n_risk: 3, survival: 0.5, note: null });
    close(b[0].ci_low, 0.2690273550635, 1e-9);
    close(b[0].ci_high, 0.9292735303477, 1e-9);
    expect(b[1]).toStrictEqual({ level: 'B', days: 25, ...hidden, n_risk: '<3', note: null });
    expect(b[2]).toStrictEqual({
      level: 'B',
      days: 35,
      n_risk: null,
      survival: null,
      ci_low: null,
      ci_high: null,
      note: 'beyond the longest follow-up (30)',
    });
    // D: 3 followed at every horizon (n = 3 is not below 3), no event: S = 1
    expect(at.filter((x) => x.level === 'D')).toStrictEqual(
      [15, 25, 35].map((days) => ({ level: 'D', days, n_risk: 3, survival: 1, ci_low: 1, ci_high: 1, note: null })),
    );
    expect(at.filter((x) => x.level === 'all').map((r) => r.n_risk)).toEqual([11, 10, 8]);
    expect(t.notes[7]).toBe(
      'survival at 15, 25, 35 days (share with no new incident yet, 95% interval as R summary(survfit, times = …), n still followed): ' +
        'A 15d suppressed, 25d suppressed, 35d suppressed; ' +
        'B 15d 0.5 (0.269 to 0.929; n 3), 25d suppressed, 35d — (beyond the longest follow-up (30)); ' +
        'C 15d suppressed, 25d suppressed, 35d suppressed; ' +
        'D 15d 1 (1 to 1; n 3), 25d 1 (1 to 1; n 3), 35d 1 (1 to 1; n 3); ' +
        'all 15d 0.636 (0.492 to 0.824; n 11), 25d 0.636 (0.492 to 0.824; n 10), 35d 0.636 (0.492 to 0.824; n 8)',
    );
  });

  /*
   * N (suppress below 3): A 10 (5 events), B 10 (5 events), C 10 (9 events, 1 censored), D 2 (censored, no event).
   * By hand: D's n (2) is small: "<3"; its events (0) are built on it: "suppressed". The levels' n add up to all's
   * (32), so A's n (smallest shown, first on the tie) is hidden too, and A's events with it. C: 10 − 9 = 1 censored
   * is a small count, so C's events are hidden ("suppressed"; C's n stays). B is shown.
   * Cells: A n, events + 3 medians; C events + 3; D n, events + 3 = 14.
   */
  it('a small level, a small complement (censored = n − events) and a level hidden through the n total', () => {
    const N: Case[] = [
      ...rep('A', 5, 2, true),
      ...rep('A', 5, 40, false),
      ...rep('B', 5, 4, true),
      ...rep('B', 5, 30, false),
      ...rep('C', 9, 6, true),
      ['C', 8, false],
      ...rep('D', 2, 50, false),
    ];
    const { ds, idx } = build(survivalSpec(N));
    const t = survivalTable(ds, idx, { suppressBelow: 3 });
    const m = t.meta!.medians as Record<string, unknown>;
    expect([m.A, m.C, m.D]).toStrictEqual([
      hiddenMedian('suppressed', 'suppressed'),
      hiddenMedian(10, 'suppressed'),
      hiddenMedian('<3', 'suppressed'),
    ]);
    expect(m.B).toMatchObject({ n: 10, events: 5, median: 4 });
    expect(m.all).toMatchObject({ n: 32, events: 19 });
    expect(t.rows.map((r) => r.level)).toEqual(['A', 'B', 'C', 'D']);
    for (const i of [0, 2, 3]) expect(t.rows[i]).toStrictEqual(HIDDEN_ROW(['A', 'B', 'C', 'D'][i]));
    expect(t.notes[2]).toBe('32 persons followed, 19 with a new incident');
    expect(t.notes[5]).toContain('; A suppressed; C suppressed; D suppressed — median interval');
    expect(t.notes.at(-1)).toBe(suppressionNote(3, 14));
  });

  it('when "all" itself is a small count it is hidden too, without a row of its own', () => {
    const { ds, idx } = build(survivalSpec(rep('D', 2, 50, false)));
    const t = survivalTable(ds, idx, { suppressBelow: 3, at: [10] });
    expect(t.rows).toStrictEqual([HIDDEN_ROW('D')]);
    const m = t.meta!.medians as Record<string, unknown>;
    expect([m.D, m.all]).toStrictEqual([hiddenMedian('<3', 'suppressed'), hiddenMedian('<3', 'suppressed')]);
    expect(t.notes[2]).toBe('<3 persons followed, suppressed with a new incident');
    expect(t.meta!.at).toStrictEqual(
      ['D', 'all'].map((level) => ({
        level,
        days: 10,
        n_risk: 'suppressed',
        survival: 'suppressed',
        ci_low: 'suppressed',
        ci_high: 'suppressed',
        note: null,
      })),
    );
  });
});
