import { describe, expect, it } from 'vitest';
import { newcombeInterval } from './newcombe-interval.js';

/*
 * Reference values: R 4.2 (no DescTools on Debian), method 10 hand-worked from
 * Wilson limits:
 *   w  <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int   # lower 0 when x = 0, upper 1 when x = n
 *   nc <- function(x1, n1, x2, n2) { p1 <- x1/n1; p2 <- x2/n2; a <- w(x1, n1); b <- w(x2, n2); d <- p1 - p2
 *         c(d, d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2)) }
 * (= DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score")). The published
 * column is Newcombe (1998) Stat Med 17:873, Table II, method 10, 4 decimals.
 */
const CASES: [number, number, number, number, number, number, number, [number, number]][] = [
  [56, 70, 48, 80, 0.2, 0.0524314724023649, 0.333872654036906, [0.0524, 0.3339]],
  [9, 10, 3, 10, 0.6, 0.170522723934503, 0.809017973535488, [0.1705, 0.809]],
  [6, 7, 2, 7, 0.571428571428571, 0.0582279274823123, 0.806249637524228, [0.0582, 0.8062]],
  [5, 56, 0, 29, 0.0892857142857143, -0.0381371479035369, 0.192560013855112, [-0.0381, 0.1926]],
  [0, 10, 0, 20, 0, -0.161125158052819, 0.277532799862889, [-0.1611, 0.2775]],
  [0, 10, 0, 10, 0, -0.277532799862889, 0.277532799862889, [-0.2775, 0.2775]],
  [10, 10, 0, 20, 1, 0.679086037141915, 1, [0.6791, 1]],
  [10, 10, 0, 10, 1, 0.607509350430524, 1, [0.6075, 1]],
];

describe('newcombeInterval (hybrid score, Newcombe 1998 method 10)', () => {
  it.each(CASES)(
    '%i/%i − %i/%i matches R to 1e-9 and Table II to 4 decimals',
    (x1, n1, x2, n2, d, lo, hi, published) => {
      const r = newcombeInterval(x1, n1, x2, n2);
      expect(r.note).toBeUndefined();
      expect(r.estimate!).toBeCloseTo(d, 12);
      expect(Math.abs(r.low! - lo)).toBeLessThan(1e-9);
      expect(Math.abs(r.high! - hi)).toBeLessThan(1e-9);
      expect(Math.abs(r.low! - published[0])).toBeLessThan(5e-5);
      expect(Math.abs(r.high! - published[1])).toBeLessThan(5e-5);
    },
  );

  it('is antisymmetric: swapping the groups negates and swaps the limits', () => {
    const a = newcombeInterval(56, 70, 48, 80),
      b = newcombeInterval(48, 80, 56, 70);
    expect(b.estimate!).toBeCloseTo(-a.estimate!, 12);
    expect(b.low!).toBeCloseTo(-a.high!, 12);
    expect(b.high!).toBeCloseTo(-a.low!, 12);
  });

  it('gives nulls and a note for an empty group', () => {
    const r = newcombeInterval(3, 10, 0, 0);
    expect(r).toMatchObject({ estimate: null, low: null, high: null });
    expect(r.note).toMatch(/second proportion/);
  });

  it('names the group and passes on its reason word for word', () => {
    expect(newcombeInterval(3, 10, 0, 0).note).toBe(
      'second proportion: n = 0: no observations, the proportion is undefined',
    );
    expect(newcombeInterval(0, 0, 3, 10)).toEqual({
      estimate: null,
      low: null,
      high: null,
      note: 'first proportion: n = 0: no observations, the proportion is undefined',
    });
    expect(newcombeInterval(11, 10, 3, 10).note).toBe('first proportion: successes must be an integer between 0 and n');
  });
});
