/**
 * Edge cases of the rate ratio, Wilson interval, Kaplan–Meier and log-rank
 * statistics that the R comparisons in their own test files leave open
 * (input validation at the exact limits, label ordering, ties, a median of
 * exactly 0.5 at the last event). Reference values from R 4.x, survival 3.x;
 * the R call is in the comment beside each.
 */
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from './kaplan-meier.js';
import { logRankTest } from './log-rank.js';
import { rateRatio } from './rate-ratio.js';
import { wilsonInterval } from './wilson-interval.js';

function close(actual: number | null | undefined, expected: number, rel = 1e-10): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

describe('rateRatio at the limits', () => {
  it('poisson.test(c(3, 7), c(2.5, 4), conf.level = 0.8)', () => {
    const r = rateRatio(3, 2.5, 7, 4, 0.8);
    close(r.estimate, 0.685714285714286);
    close(r.low, 0.209597085556421);
    close(r.high, 1.969284072129569);
    close(r.p, 0.750422338598581);
  });

  it('swapping the periods inverts the ratio, same p: poisson.test(c(7, 3), c(4, 2.5))', () => {
    const r = rateRatio(7, 4, 3, 2.5);
    close(r.estimate, 1.458333333333333);
    close(r.low, 0.332923626117239);
    close(r.high, 8.739767421438824);
    close(r.p, 0.750422338598581);
  });

  it('equal exposures, a lopsided split: poisson.test(c(2, 8), c(1, 1))', () => {
    const r = rateRatio(2, 1, 8, 1);
    close(r.estimate, 0.25);
    close(r.low, 0.0258627449108413);
    close(r.high, 1.2527366023301052);
    close(r.p, 0.1093749999999999, 1e-9);
  });

  it('x just above n·π, where the outcome below the mean is less likely than x: poisson.test(c(6, 4), c(11, 9)) → p 1', () => {
    // π = 11/20; dbinom(5, 10, 0.55) = 0.234032707592578 ≤ dbinom(6, 10, 0.55) = 0.238366646622070, so 5 counts as "no more likely"
    const r = rateRatio(6, 11, 4, 9);
    close(r.estimate, 1.227272727272727, 1e-12);
    close(r.low, 0.291033881940256);
    close(r.high, 5.912929810984694);
    close(r.p, 1, 1e-12);
  });

  it('rejects a confidence of exactly 0 or 1, infinite or NaN exposures, fractional counts', () => {
    for (const conf of [0, 1, -0.5, Number.NaN])
      expect(rateRatio(1, 1, 1, 1, conf).note, `confidence ${conf}`).toBe(
        'confidence must be strictly between 0 and 1',
      );
    for (const e of [Number.POSITIVE_INFINITY, Number.NaN, -1, 0]) {
      expect(rateRatio(1, e, 1, 1).note, `exposure ${e}`).toBe('exposures must be positive finite numbers');
      expect(rateRatio(1, 1, 1, e).note, `exposure ${e}`).toBe('exposures must be positive finite numbers');
    }
    expect(rateRatio(1.5, 1, 1, 1).note).toBe('counts must be non-negative integers');
    expect(rateRatio(1, 1, -1, 1).note).toBe('counts must be non-negative integers');
  });

  it('a post count of 0 is valid: poisson.test(c(0, 4), c(2, 1)) → 0, [0, 0.7574334296829351], p 0.0123456790123457', () => {
    const r = rateRatio(0, 2, 4, 1);
    expect(r.estimate).toBe(0);
    expect(r.low).toBe(0);
    close(r.high, 0.7574334296829351);
    close(r.p, 0.0123456790123457, 1e-9);
    expect(r.note).toBeUndefined();
  });

  it('a 99.9% interval: poisson.test(c(1, 1), c(1, 1), conf.level = 0.999) → 1, [2.50093789079598e-04, 3.99849993748561e+03], p 1', () => {
    const r = rateRatio(1, 1, 1, 1, 0.999);
    close(r.low, 2.50093789079598e-4, 1e-9);
    close(r.high, 3.99849993748561e3, 1e-9);
    expect(r.p).toBe(1);
  });
});

describe('wilsonInterval at the limits', () => {
  it('rejects bad n, successes and confidence with the matching note', () => {
    expect(wilsonInterval(0, -1).note).toBe('n must be a non-negative integer');
    expect(wilsonInterval(0, 2.5).note).toBe('n must be a non-negative integer');
    expect(wilsonInterval(-1, 3).note).toBe('successes must be an integer between 0 and n');
    expect(wilsonInterval(4, 3).note).toBe('successes must be an integer between 0 and n');
    for (const conf of [0, 1, Number.NaN])
      expect(wilsonInterval(1, 3, conf).note, `confidence ${conf}`).toBe('confidence must be strictly between 0 and 1');
  });

  it('x = n and x = 0 are valid (prop.test(3, 3, correct = FALSE)$conf.int: 0.438502968244955, 1)', () => {
    const r = wilsonInterval(3, 3);
    expect(r.estimate).toBe(1);
    close(r.low, 0.438502968244955, 1e-12);
    expect(r.high).toBe(1);
    expect(wilsonInterval(0, 3)).toMatchObject({ estimate: 0, low: 0 });
  });
});

describe('kaplanMeier edge cases', () => {
  it('S = 0.5 exactly at the last event time: that time is the median (print(survfit(Surv(1:6, c(1,1,1,0,0,0)) ~ 1)): median 3, LCL 2, UCL NA)', () => {
    const r = kaplanMeier([1, 2, 3, 4, 5, 6], [true, true, true, false, false, false]);
    expect(r.rows.map((x) => x.survival)).toEqual(
      [5 / 6, 4 / 6, 0.5].map((v, i) => (i === 2 ? 0.5 : expect.closeTo(v, 14))),
    );
    expect([r.median, r.medianLow, r.medianHigh]).toEqual([3, 2, null]);
    expect(r.note).toBe('upper confidence limit of the median not reached');
  });

  it('unsorted times, an event and a censoring tied at 3', () => {
    // s <- summary(survfit(Surv(c(5, 1, 3, 3, 2, 8, 7), c(1, 1, 0, 1, 1, 0, 1)) ~ 1)); print(survfit(...)): median 5, LCL 2, UCL NA
    const r = kaplanMeier([5, 1, 3, 3, 2, 8, 7], [1, 1, 0, 1, 1, 0, 1].map(Boolean));
    expect(r.rows.map((x) => [x.time, x.nRisk, x.nEvent, x.nCensor])).toEqual([
      [1, 7, 1, 0],
      [2, 6, 1, 0],
      [3, 5, 1, 1],
      [5, 3, 1, 0],
      [7, 2, 1, 0],
    ]);
    const surv = [0.857142857142857, 0.714285714285714, 0.571428571428572, 0.380952380952381, 0.19047619047619];
    const seLog = [0.132260014253222, 0.170746944190628, 0.187043905916565, 0.199340235608489, 0.167555131083094].map(
      (se, i) => se / surv[i],
    );
    const low = [0.6334465290121496, 0.4470909479277737, 0.3008436463897868, 0.1366042031562546, 0.0339679211974565];
    r.rows.forEach((row, i) => {
      close(row.survival, surv[i], 1e-12);
      close(
        row.stdErr,
        [0.132260014253222, 0.170746944190628, 0.187043905916565, 0.199340235608489, 0.167555131083094][i],
        1e-12,
      );
      close(row.stdErrLog, seLog[i], 1e-12);
      close(row.low, low[i], 1e-12);
      expect(row.high).toBe(1);
    });
    expect([r.n, r.events, r.median, r.medianLow, r.medianHigh]).toEqual([7, 5, 5, 2, null]);
  });

  it('notes: invalid confidence, infinite times, median not reached, the curve reaching 0', () => {
    for (const conf of [0, 1])
      expect(kaplanMeier([1, 2], [true, true], conf).note).toBe('confidence must be strictly between 0 and 1');
    expect(kaplanMeier([1, Number.POSITIVE_INFINITY], [true, true]).note).toBe('times must be finite numbers');
    expect(kaplanMeier([1, 2], [true]).note).toBe('times and events must have the same length (got 2 and 1)');
    expect(kaplanMeier([1, 2, 3, 4], [true, false, false, false]).note).toBe(
      'median not reached: survival never falls to 0.5',
    );
    const zero = kaplanMeier([1, 2], [true, true]);
    expect(zero.rows.map((x) => [x.survival, x.stdErr, x.stdErrLog, x.low, x.high])).toEqual([
      [0.5, 0.5 * Math.sqrt(1 / 2), Math.sqrt(1 / 2), expect.any(Number), 1],
      [0, null, null, null, null],
    ]);
    expect(zero.note).toBe(
      'survival reaches 0 at time 2: the Greenwood SE and log-scale limits are undefined (null) from there on; upper confidence limit of the median not reached',
    );
    // all-censored: n counted, no events
    expect(kaplanMeier([1, 2], [false, false])).toMatchObject({ n: 2, events: 0, rows: [] });
  });
});

describe('logRankTest edge cases', () => {
  it('numeric labels sort numerically (2 before 10), as R factor levels', () => {
    // d <- data.frame(time = 1:6, status = c(1,1,0,1,0,1), g = c(10,2,10,2,10,2)); survdiff(Surv(time, status) ~ g, data = d)
    // obs 3 1; exp 2.76666666666667 1.23333333333333; chisq 0.0764430577223089; p 0.782176825525589
    const r = logRankTest([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 0, 1].map(Boolean), [10, 2, 10, 2, 10, 2]);
    expect(r.groups).toEqual([2, 10]);
    expect(r.observed).toEqual([3, 1]);
    expect(r.n).toEqual([3, 3]);
    close(r.expected[0], 2.76666666666667, 1e-12);
    close(r.expected[1], 1.23333333333333, 1e-12);
    close(r.statistic, 0.0764430577223089, 1e-10);
    close(r.p, 0.782176825525589, 1e-10);
    expect(r.df).toBe(1);
    expect(r.note).toBeUndefined();
    // the same data with string labels sorts as strings: '10' before '2'
    expect(
      logRankTest([1, 2, 3, 4, 5, 6], [1, 1, 0, 1, 0, 1].map(Boolean), ['10', '2', '10', '2', '10', '2']).groups,
    ).toEqual(['10', '2']);
  });

  it('fewer than 2 groups with expected events, a singular variance, non-finite times', () => {
    // group z is censored before the only event: only a has expected events
    const few = logRankTest([1, 2, 3], [false, true, false], ['z', 'a', 'a']);
    expect(few).toMatchObject({
      statistic: null,
      df: null,
      p: null,
      groups: ['a', 'z'],
      observed: [1, 0],
      expected: [1, 0],
    });
    expect(few.note).toBe(
      'group(s) z have 0 expected events and are left out of the statistic and df (as R survdiff); fewer than 2 groups have expected events',
    );
    // both die at the same time: D = N, the variance is 0
    const sing = logRankTest([1, 1], [true, true], ['a', 'b']);
    expect(sing).toMatchObject({
      statistic: null,
      p: null,
      observed: [1, 1],
      expected: [1, 1],
      note: 'variance matrix is singular',
    });
    expect(logRankTest([1, Number.NaN], [true, true], ['a', 'b']).note).toBe('times must be finite numbers');
    expect(logRankTest([1, 2], [true, true], ['a']).note).toBe('times, events and groups must have the same length');
    expect(logRankTest([1, 2, 3], [true, true, false], ['a', 'a', 'a']).note).toBe('need at least 2 groups (got 1)');
  });
});
