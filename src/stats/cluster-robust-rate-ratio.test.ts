import { describe, expect, it } from 'vitest';
import { clusterRobustRateRatio } from './cluster-robust-rate-ratio.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('clusterRobustRateRatio vs R glm + sandwich::vcovCL', () => {
  it('six persons', () => {
    // R: pre <- c(3, 2, 4, 1, 2, 5); post <- c(0, 1, 1, 1, 0, 2)
    //    d <- data.frame(id = rep(1:6, 2), y = c(pre, post), period = rep(0:1, each = 6))
    //    fit <- glm(y ~ period, family = poisson, data = d); V <- sandwich::vcovCL(fit, cluster = ~id, type = "HC0")
    //    se = sqrt(V[2, 2]) = 0.31777775089187227; exp(coef ± qnorm(0.975) se) = 0.15777136065452518, 0.54829463314877214
    //    2 * pnorm(-abs(coef / se)) = 0.00011761637472439975
    const r = clusterRobustRateRatio([0, 1, 1, 1, 0, 2], [3, 2, 4, 1, 2, 5]);
    close(r.estimate, 0.2941176470588861);
    close(r.stdErrLog, 0.31777775089187227, 1e-11 / 0.3);
    close(r.low, 0.15777136065452518);
    close(r.high, 0.54829463314877214);
    close(r.p, 0.00011761637472439975, 1e-8);
  });

  it('thirty overdispersed persons: wider than a Poisson interval would be', () => {
    // R: set.seed(3); pre <- rnbinom(30, size = 0.8, mu = 2) + 1; post <- rnbinom(30, size = 0.8, mu = 1.5)
    //    same glm + vcovCL: se 0.26847476994085961, interval 0.33395609781606977 0.95662484237327738
    const pre = [1, 3, 3, 1, 2, 3, 2, 2, 1, 1, 2, 4, 5, 2, 3, 1, 5, 1, 5, 5, 3, 1, 2, 4, 1, 1, 1, 1, 2, 1];
    const post = [3, 0, 0, 0, 1, 4, 2, 0, 0, 0, 5, 1, 0, 0, 4, 3, 2, 4, 0, 0, 5, 2, 2, 0, 0, 0, 0, 0, 1, 0];
    const r = clusterRobustRateRatio(post, pre);
    close(r.stdErrLog, 0.26847476994085961, 1e-9);
    close(r.low, 0.33395609781606977);
    close(r.high, 0.95662484237327738);
  });

  it('edge cases: no pre, no post, one person', () => {
    expect(clusterRobustRateRatio([1, 2], [0, 0])).toMatchObject({ estimate: null, low: null });
    expect(clusterRobustRateRatio([0, 0], [1, 2])).toMatchObject({ estimate: 0, low: null });
    expect(clusterRobustRateRatio([1], [2]).note).toMatch(/at least 2/);
  });

  it('names each problem exactly', () => {
    expect(clusterRobustRateRatio([1, 2], [1])).toEqual({
      estimate: null,
      stdErrLog: null,
      low: null,
      high: null,
      p: null,
      note: 'post and pre must have the same length (got 2 and 1)',
    });
    const counts = 'counts must be finite and non-negative';
    expect(clusterRobustRateRatio([1, 2], [1, -1]).note).toBe(counts);
    expect(clusterRobustRateRatio([1, Number.NaN], [1, 2]).note).toBe(counts);
    expect(clusterRobustRateRatio([1, 2], [1, Number.POSITIVE_INFINITY]).note).toBe(counts);
    expect(clusterRobustRateRatio([1, 2], [0, 0]).note).toBe('no pre counts: the ratio is undefined');
    expect(clusterRobustRateRatio([0, 0], [1, 2]).note).toBe('no post counts: the log ratio is undefined');
    expect(clusterRobustRateRatio([1], [2])).toMatchObject({ estimate: 0.5, note: 'needs at least 2 persons' });
    // post/pre split 1:2 for everyone: every score term is 0
    expect(clusterRobustRateRatio([1, 2], [2, 4])).toMatchObject({
      estimate: 0.5,
      stdErrLog: null,
      note: 'every person has the same post/pre split: the robust standard error is 0',
    });
  });

  it('two persons, by hand', () => {
    // post (1, 3), pre (2, 1): q = 4, p = 3, terms (1/4 − 2/3)² = (3/4 − 1/3)² = 25/144,
    // se = √(2/1 · 50/144) = 10/12; estimate 4/3; z = qnorm(0.975)
    const r = clusterRobustRateRatio([1, 3], [2, 1]);
    const z = 1.959963984540054;
    close(r.estimate, 4 / 3);
    close(r.stdErrLog, 10 / 12);
    close(r.low, Math.exp(Math.log(4 / 3) - z * (10 / 12)));
    close(r.high, Math.exp(Math.log(4 / 3) + z * (10 / 12)));
    expect(r.note).toBeUndefined();
  });

  it('groups equal (post, pre) pairs alike whether the counts are small whole numbers, fractions or beyond 2^26', () => {
    // the same two-person case as "by hand" above, each person repeated: post (1, 3, 1, 3), pre (2, 1, 2, 1):
    // q = 8, p = 6, every term (1/8 − 2/6)² = (3/8 − 1/6)² = 25/576, se = √(4/3 · 4 · 25/576) = √(400/1728)
    const z = 1.959963984540054;
    const se = Math.sqrt(400 / 1728);
    const whole = clusterRobustRateRatio([1, 3, 1, 3], [2, 1, 2, 1]);
    close(whole.stdErrLog, se);
    close(whole.high, Math.exp(Math.log(4 / 3) + z * se));
    // scaled by 1/2 (fractions, keyed by their text) and by 2^26 (too large for the number key): the ratio and
    // its standard error do not change with the scale, so a pair split or merged wrongly would show
    const half = clusterRobustRateRatio([0.5, 1.5, 0.5, 1.5], [1, 0.5, 1, 0.5]);
    const large = clusterRobustRateRatio(
      [2 ** 26, 3 * 2 ** 26, 2 ** 26, 3 * 2 ** 26],
      [2 ** 27, 2 ** 26, 2 ** 27, 2 ** 26],
    );
    for (const r of [half, large]) {
      close(r.estimate, 4 / 3);
      close(r.stdErrLog, se);
    }
    // 0 and −0 are one count
    expect(clusterRobustRateRatio([0, -0, 2], [1, 1, 1]).stdErrLog).toBe(
      clusterRobustRateRatio([0, 0, 2], [1, 1, 1]).stdErrLog,
    );
  });

  it('never merges two different (post, pre) pairs, whatever key they are grouped under', () => {
    // Worked by hand: the persons (s, 0), (0, X), (2s, X/2) have q = 3s, p = 3X/2 and terms
    // (1/3)² = 1/9, (0 − 2/3)² = 4/9, (2/3 − 1/3)² = 1/9, so se = √(3/2 · 6/9) = 1 for every s, X > 0.
    // Each case below puts two different pairs on one number key if the key rule is loosened: a merged pair
    // counts the first one twice and gives se = √(3/2 · 3/9) = √(1/2) instead.
    const family = (s: number, x: number) => clusterRobustRateRatio([s, 0, 2 * s], [0, x, x / 2]);
    // (1, 0) and (0, 2^26): 1·2^26 + 0 = 0·2^26 + 2^26 if pre = 2^26 got a number key
    close(family(1, 2 ** 26).stdErrLog, 1);
    // (0.5, 0) and (0, 2^25): 0.5·2^26 = 2^25 if a fraction got a number key
    close(family(0.5, 2 ** 25).stdErrLog, 1);
    // (0.5, 0), (0, 0.5), (1, 0.25): three fractions, three different text keys
    close(family(0.5, 0.5).stdErrLog, 1);
    // (2^27, 0) and (2^27, 1): 2^27·2^26 + 1 = 2^53 + 1 rounds to 2^53 if post ≥ 2^26 got a number key;
    // with (0, 1): q = 2^28, p = 2, terms 1/4, 0, 1/4, se = √(3/2 · 1/2) = √3/2 (merged: √(3/2 · 3/4))
    close(clusterRobustRateRatio([2 ** 27, 2 ** 27, 0], [0, 1, 1]).stdErrLog, Math.sqrt(3) / 2);
    // (1, 2^26) and (0, 2^27): both 2^27 if pre ≥ 2^26 got a number key; with (2, 0): q = 3, p = 3·2^26,
    // terms 0, 4/9, 4/9, se = √(3/2 · 8/9) = 2/√3 (merged: √(3/2 · 4/9))
    close(clusterRobustRateRatio([1, 0, 2], [2 ** 26, 2 ** 27, 0]).stdErrLog, 2 / Math.sqrt(3));
  });

  it('is bit-identical whatever the order of the persons', () => {
    const post = [
      0, 6, 2, 3, 2, 3, 1, 4, 2, 5, 2, 0, 1, 0, 4, 7, 6, 3, 6, 7, 1, 7, 2, 7, 0, 2, 4, 4, 2, 6, 6, 8, 6, 1, 4, 3, 8, 8,
      4, 0,
    ];
    const pre = [
      5, 4, 5, 0, 0, 0, 3, 2, 4, 0, 2, 5, 1, 5, 4, 5, 5, 0, 1, 0, 3, 3, 1, 2, 2, 6, 4, 5, 4, 2, 0, 4, 1, 2, 1, 5, 2, 3,
      1, 6,
    ];
    const r = clusterRobustRateRatio(post, pre);
    // a plain sum in this order differs from the sorted sum in the last bit
    const orders = [
      [
        10, 20, 21, 0, 1, 32, 39, 14, 5, 34, 7, 27, 33, 26, 23, 35, 11, 9, 19, 38, 12, 16, 2, 24, 37, 13, 25, 8, 28, 17,
        29, 36, 31, 18, 22, 4, 6, 30, 15, 3,
      ],
      [
        5, 35, 11, 34, 23, 29, 0, 30, 10, 19, 31, 20, 7, 21, 22, 15, 14, 37, 28, 25, 13, 24, 26, 9, 39, 12, 3, 4, 17,
        33, 1, 2, 6, 18, 16, 27, 32, 8, 36, 38,
      ],
      post.map((_, i) => post.length - 1 - i),
    ];
    for (const order of orders) {
      const s = clusterRobustRateRatio(
        order.map((i) => post[i]),
        order.map((i) => pre[i]),
      );
      expect(s.stdErrLog).toBe(r.stdErrLog);
      expect(s.low).toBe(r.low);
    }
  });
});
