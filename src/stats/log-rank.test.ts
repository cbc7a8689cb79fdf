import { describe, expect, it } from 'vitest';
import { logRankTest } from './log-rank.js';
import {
  AML_GROUP,
  AML_STATUS,
  AML_TIME,
  LUNG_PH_ECOG,
  LUNG_SEX,
  LUNG_STATUS,
  LUNG_TIME,
  OVARIAN_RX,
  OVARIAN_STATUS,
  OVARIAN_TIME,
} from './survival-datasets.fixture.js';

function close(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );
}

interface Expected {
  groups: (string | number)[];
  n: number[];
  observed: number[];
  expected: number[];
  statistic: number;
  df: number;
  p: number;
}

function check(got: ReturnType<typeof logRankTest>, want: Expected): void {
  expect(got.groups).toEqual(want.groups);
  expect(got.n).toEqual(want.n);
  expect(got.observed).toEqual(want.observed);
  got.expected.forEach((e, i) => close(e, want.expected[i]));
  close(got.statistic, want.statistic);
  expect(got.df).toBe(want.df);
  close(got.p, want.p);
}

const isDead = (s: number) => s === 1;

describe('logRankTest vs R survdiff (survival 3.5-3, R 4.2.2)', () => {
  it('aml: survdiff(Surv(time, status) ~ x, data = aml)', () => {
    check(logRankTest(AML_TIME, AML_STATUS.map(isDead), AML_GROUP), {
      groups: ['Maintained', 'Nonmaintained'],
      n: [11, 12],
      observed: [7, 11],
      expected: [10.68933599230072, 7.31066400769928],
      statistic: 3.3963886989776,
      df: 1,
      p: 0.0653393220405051,
    });
  });

  it('ovarian: survdiff(Surv(futime, fustat) ~ rx, data = ovarian)', () => {
    check(logRankTest(OVARIAN_TIME, OVARIAN_STATUS.map(isDead), OVARIAN_RX), {
      groups: [1, 2],
      n: [13, 13],
      observed: [7, 5],
      expected: [5.23353101714994, 6.76646898285006],
      statistic: 1.06273986129141,
      df: 1,
      p: 0.302591116989095,
    });
  });

  it('lung: survdiff(Surv(time, status) ~ sex, data = lung)', () => {
    check(
      logRankTest(
        LUNG_TIME,
        LUNG_STATUS.map((s) => s === 2),
        LUNG_SEX,
      ),
      {
        groups: [1, 2],
        n: [138, 90],
        observed: [112, 53],
        expected: [91.5817390295728, 73.4182609704272],
        statistic: 10.3267419548856,
        df: 1,
        p: 0.00131116452035549,
      },
    );
  });

  it('lung, 4 groups: survdiff(Surv(time, status) ~ ph.ecog, data = lung) (the NA row dropped)', () => {
    const keep = LUNG_PH_ECOG.map((g, i) => (g === null ? -1 : i)).filter((i) => i >= 0);
    check(
      logRankTest(
        keep.map((i) => LUNG_TIME[i]),
        keep.map((i) => LUNG_STATUS[i] === 2),
        keep.map((i) => LUNG_PH_ECOG[i] as number),
      ),
      {
        groups: [0, 1, 2, 3],
        n: [63, 113, 50, 1],
        observed: [37, 82, 44, 1],
        expected: [54.152697018922929, 83.527564575081882, 26.147353065330211, 0.172385340664962],
        statistic: 21.962131682476,
        df: 3,
        p: 6.64253535580017e-5,
      },
    );
  });

  it('3 groups with ties and censoring at event times', () => {
    // d <- data.frame(time = c(1,2,2,2,3,4,4,5,6,7,2,3,3,5,8), status = c(1,1,0,1,0,1,0,1,1,0,1,1,0,1,1),
    //                 g = rep(c("a","b","c"), each = 5)); survdiff(Surv(time, status) ~ g, data = d)
    check(
      logRankTest(
        [1, 2, 2, 2, 3, 4, 4, 5, 6, 7, 2, 3, 3, 5, 8],
        [1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1].map(isDead),
        ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'c'],
      ),
      {
        groups: ['a', 'b', 'c'],
        n: [5, 5, 5],
        observed: [3, 3, 4],
        expected: [1.29047619047619, 4.48571428571429, 4.22380952380952],
        statistic: 3.75639331371442,
        df: 2,
        p: 0.15286552634203,
      },
    );
  });

  it('a group with 0 expected events is left out of the df, as R does', () => {
    // d3 <- data.frame(time = c(1,2,3,0.5,0.7,4,5), status = c(1,1,1,0,0,1,0), g = c("a","a","a","z","z","b","b"))
    // survdiff(Surv(time, status) ~ g, data = d3): chisq 3.44617784711388, df 1, p 0.063398218659931
    const r = logRankTest([1, 2, 3, 0.5, 0.7, 4, 5], [1, 1, 1, 0, 0, 1, 0].map(isDead), [
      'a',
      'a',
      'a',
      'z',
      'z',
      'b',
      'b',
    ]);
    check(r, {
      groups: ['a', 'b', 'z'],
      n: [3, 2, 2],
      observed: [3, 1, 0],
      expected: [1.43333333333333, 2.56666666666667, 0],
      statistic: 3.44617784711388,
      df: 1,
      p: 0.063398218659931,
    });
    expect(r.note).toMatch(/z have 0 expected/);
  });

  it('matches the JSDoc example: survdiff(Surv(time, status) ~ g) with time 1:6, status c(1,1,1,0,0,0), g c(1,1,1,2,2,2)', () => {
    const r = logRankTest([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0].map(isDead), [1, 1, 1, 2, 2, 2]);
    close(r.statistic, 5.05166051660517);
    close(r.p, 0.0246023499536417);
    expect(r).toEqual({
      statistic: 5.051660516605167,
      df: 1,
      p: 0.02460234995364171,
      groups: [1, 2],
      n: [3, 3],
      observed: [3, 0],
      expected: [1.15, 1.85],
    });
  });

  it('fails usefully on degenerate input', () => {
    const one = logRankTest([1, 2, 3], [true, true, false], ['a', 'a', 'a']);
    expect(one).toMatchObject({
      statistic: null,
      df: null,
      p: null,
      note: expect.stringContaining('at least 2 groups'),
    });
    const none = logRankTest([1, 2, 3, 4], [false, false, false, false], [1, 1, 2, 2]);
    expect(none).toMatchObject({
      statistic: null,
      p: null,
      observed: [0, 0],
      note: expect.stringContaining('no events'),
    });
    expect(logRankTest([], [], [])).toMatchObject({ statistic: null, note: expect.any(String) });
    expect(logRankTest([1, 2], [true], [1, 2]).note).toMatch(/same length/);
  });

  it('says exactly what is wrong, with empty per-group lists on bad input', () => {
    const empty = { statistic: null, df: null, p: null, groups: [], n: [], observed: [], expected: [] };
    expect(logRankTest([1, 2], [true], [1, 2])).toEqual({
      ...empty,
      note: 'times, events and groups must have the same length',
    });
    expect(logRankTest([1, 2], [true, true], [1])).toEqual({
      ...empty,
      note: 'times, events and groups must have the same length',
    });
    expect(logRankTest([1, Number.NaN], [true, true], [1, 2])).toEqual({
      ...empty,
      note: 'times must be finite numbers',
    });
    expect(logRankTest([1, 2, 3], [true, true, false], ['a', 'a', 'a']).note).toBe('need at least 2 groups (got 1)');
    expect(logRankTest([1, 2, 3, 4], [false, false, false, false], [1, 1, 2, 2]).note).toBe(
      'no events: the log-rank test is undefined',
    );
  });

  it('a group censored before every event: exact note, and fewer than 2 groups left', () => {
    const r = logRankTest([1, 2, 0.5], [true, true, false], ['a', 'a', 'z']);
    expect(r.statistic).toBeNull();
    expect(r.note).toBe(
      'group(s) z have 0 expected events and are left out of the statistic and df (as R survdiff); fewer than 2 groups have expected events',
    );
    const three = logRankTest([1, 2, 3, 0.5, 0.7, 4, 5], [1, 1, 1, 0, 0, 1, 0].map(isDead), [
      'a',
      'a',
      'a',
      'z',
      'z',
      'b',
      'b',
    ]);
    expect(three.note).toBe(
      'group(s) z have 0 expected events and are left out of the statistic and df (as R survdiff)',
    );
  });

  it('every event at a time when all at risk die: the variance is 0 (by hand: factor d(N − d) / N(N − 1) = 0)', () => {
    const r = logRankTest([1, 1], [true, true], ['a', 'b']);
    expect(r.statistic).toBeNull();
    expect(r.expected).toEqual([1, 1]);
    expect(r.note).toBe('variance matrix is singular');
  });

  it('sorts group labels: numbers numerically, anything else as strings', () => {
    const times = [1, 2, 3, 4, 5, 6];
    const events = [true, false, true, true, false, true];
    expect(logRankTest(times, events, ['c', 'c', 'b', 'b', 'a', 'a']).groups).toEqual(['a', 'b', 'c']);
    expect(logRankTest(times, events, [10, 10, 9, 9, 1, 1]).groups).toEqual([1, 9, 10]);
    // mixed: compared as strings, so '10' < '9' < 'a'
    expect(logRankTest(times, events, ['a', 'a', 9, 9, 10, 10]).groups).toEqual([10, 9, 'a']);
    // 7 and '7' are distinct groups that compare equal as strings: they keep the order first seen
    expect(logRankTest(times, events, ['7', '7', 'b', 'b', 7, 7]).groups).toEqual(['7', 7, 'b']);
  });
});
