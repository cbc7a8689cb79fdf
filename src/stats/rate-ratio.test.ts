import { describe, expect, it } from 'vitest';
import { rateRatio } from './rate-ratio.js';

function close(actual: number | null, expected: number, rel = 1e-10): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

// [x1, T1, x2, T2, confidence, R estimate, low, high, p-value] from R 4.2.2:
// poisson.test(c(x1, x2), c(T1, T2), conf.level = confidence) -> c(estimate, conf.int, p.value)
const CASES: Array<[number, number, number, number, number, number, number, number, number]> = [
  // poisson.test(c(12, 30), c(10, 20))
  [12, 10, 30, 20, 0.95, 0.8, 0.373018213668358, 1.609058180072247, 0.62407427074513],
  // poisson.test(c(25, 40), c(6, 12), conf.level = 0.9)
  [25, 6, 40, 12, 0.9, 1.25, 0.790802193850404, 1.952844373332263, 0.429833188117886],
  // poisson.test(c(400, 350), c(12, 12))
  [400, 12, 350, 12, 0.95, 1.1428571428571428, 0.9876402418723628, 1.3229491601058947, 0.0735077740584357],
  // poisson.test(c(0, 5), c(5, 5))
  [0, 5, 5, 5, 0.95, 0, 0, 1.09127910518255, 0.0625],
  // poisson.test(c(3, 3), c(1, 1))
  [3, 1, 3, 1, 0.95, 1, 0.13393758817773, 7.46616400672407, 1],
  // poisson.test(c(14, 9), c(11.5, 12))
  [14, 11.5, 9, 12, 0.95, 1.623188405797102, 0.654391000499405, 4.251311647808845, 0.299547586711396],
];

describe('rateRatio', () => {
  it.each(CASES)('%i/%d vs %i/%d (conf %d) matches R poisson.test', (x1, t1, x2, t2, conf, est, low, high, p) => {
    const r = rateRatio(x1, t1, x2, t2, conf);
    close(r.estimate, est);
    close(r.low, low);
    close(r.high, high);
    close(r.p, p);
    expect(r.note).toBeUndefined();
  });

  it('pre count 0: R gives estimate Inf, conf.int [0.91635585731546, Inf], p 0.0625 (poisson.test(c(5, 0), c(5, 5)))', () => {
    const r = rateRatio(5, 5, 0, 5);
    expect(r.estimate).toBeNull();
    expect(r.high).toBeNull();
    close(r.low, 0.91635585731546);
    close(r.p, 0.0625);
    expect(r.note).toMatch(/infinite/);
  });

  it('matches the JSDoc example', () => {
    expect(rateRatio(12, 10, 30, 20)).toEqual({
      estimate: 0.7999999999999999,
      low: 0.3730182136683579,
      high: 1.6090581800722479,
      p: 0.6240742707451268,
    });
  });

  it('fails usefully on degenerate input', () => {
    expect(rateRatio(0, 1, 0, 1)).toEqual({
      estimate: null,
      low: null,
      high: null,
      p: null,
      note: expect.stringMatching(/both counts are 0/),
    });
    expect(rateRatio(1, 0, 1, 1).note).toMatch(/exposures/);
    expect(rateRatio(-1, 1, 1, 1).note).toMatch(/counts/);
    expect(rateRatio(1, 1, 1, 1, 1.2).note).toMatch(/confidence/);
  });
});
