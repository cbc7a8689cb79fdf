import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.js';

function close(actual: number | null, expected: number, rel = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

// [x, n, confidence, R estimate, low, high] from R 4.2.2:
// prop.test(x, n, correct = FALSE, conf.level = confidence) -> c(estimate, conf.int)
const CASES: Array<[number, number, number, number, number, number]> = [
  [0, 10, 0.95, 0, 0, 0.277532799862889], // prop.test(0, 10, correct=FALSE)
  [7, 20, 0.95, 0.35, 0.181191824101082, 0.567145723314764], // prop.test(7, 20, correct=FALSE)
  [20, 20, 0.95, 1, 0.838874841947181, 1], // prop.test(20, 20, correct=FALSE)
  [1, 1, 0.95, 1, 0.206549314377238, 1], // prop.test(1, 1, correct=FALSE)
  [45, 120, 0.95, 0.375, 0.293524297864468, 0.464230493740208], // prop.test(45, 120, correct=FALSE)
  [45, 120, 0.9, 0.375, 0.305816244600501, 0.449696023586281], // prop.test(45, 120, correct=FALSE, conf.level=0.9)
  [7, 20, 0.99, 0.35, 0.146393441376939, 0.628338178952687], // prop.test(7, 20, correct=FALSE, conf.level=0.99)
  [3, 1000, 0.95, 0.003, 0.00102078388113862, 0.00878301405350317], // prop.test(3, 1000, correct=FALSE)
];

describe('wilsonInterval', () => {
  it.each(CASES)('x=%i n=%i conf=%d matches R prop.test(correct=FALSE)', (x, n, conf, est, low, high) => {
    const r = wilsonInterval(x, n, conf);
    close(r.estimate, est);
    close(r.low, low);
    close(r.high, high);
    expect(r.note).toBeUndefined();
  });

  it('matches the JSDoc example', () => {
    expect(wilsonInterval(7, 20)).toEqual({ estimate: 0.35, low: 0.18119182410108203, high: 0.5671457233147638 });
  });

  it('fails usefully on degenerate input', () => {
    expect(wilsonInterval(0, 0)).toEqual({
      estimate: null,
      low: null,
      high: null,
      note: expect.stringContaining('n = 0'),
    });
    expect(wilsonInterval(5, 3).note).toMatch(/between 0 and n/);
    expect(wilsonInterval(1.5, 3).note).toMatch(/integer/);
    expect(wilsonInterval(1, 3, 1).note).toMatch(/confidence/);
  });

  it('the upper limit is exactly 1 when every trial succeeds (R prop.test(n, n, correct = FALSE)$conf.int[2] is 1)', () => {
    for (const n of [1, 3, 7, 10, 13, 29, 100, 333]) {
      expect(wilsonInterval(n, n).high).toBe(1);
      expect(wilsonInterval(n, n, 0.9).high).toBe(1);
      expect(wilsonInterval(0, n).low).toBe(0);
    }
  });
});
