import { describe, expect, it } from 'vitest';
import { poissonInterval } from './poisson-interval.js';

function close(actual: number | null, expected: number, rel = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

// [count, confidence, R low, R high] from R 4.2.2: poisson.test(count, conf.level = confidence)$conf.int
const CASES: Array<[number, number, number, number]> = [
  [0, 0.95, 0, 3.68887945411394], // poisson.test(0)
  [1, 0.95, 0.0253178079842899, 5.5716433909388989], // poisson.test(1)
  [5, 0.95, 1.62348639011842, 11.66833207932267], // poisson.test(5)
  [17, 0.95, 9.90312646960729, 27.21864681590661], // poisson.test(17)
  [100, 0.95, 81.3639912509232, 121.6267937924264], // poisson.test(100)
  [17, 0.9, 10.832140356276, 25.4992300828553], // poisson.test(17, conf.level=0.9)
  [3, 0.99, 0.337863388727733, 10.977477495329765], // poisson.test(3, conf.level=0.99)
];

describe('poissonInterval', () => {
  it.each(CASES)('count=%i conf=%d matches R poisson.test', (count, conf, low, high) => {
    const r = poissonInterval(count, conf);
    expect(r.estimate).toBe(count);
    close(r.low, low);
    close(r.high, high);
  });

  it('count 0 gives a lower limit of exactly 0', () => {
    expect(poissonInterval(0).low).toBe(0);
  });

  it('divides by the exposure: poisson.test(17, 4.5) -> 3.77777777777778 [2.20069477102384, 6.04858818131258]', () => {
    const r = poissonInterval(17, 0.95, 4.5);
    close(r.estimate, 3.77777777777778);
    close(r.low, 2.20069477102384);
    close(r.high, 6.04858818131258);
  });

  it('matches the JSDoc example', () => {
    expect(poissonInterval(5)).toEqual({ estimate: 5, low: 1.62348639011842, high: 11.668332079322663 });
  });

  it('fails usefully on degenerate input', () => {
    expect(poissonInterval(-1)).toMatchObject({ estimate: null, low: null, high: null, note: expect.any(String) });
    expect(poissonInterval(2.5).note).toMatch(/integer/);
    expect(poissonInterval(2, 0.95, 0).note).toMatch(/exposure/);
    expect(poissonInterval(2, 0).note).toMatch(/confidence/);
  });

  it('confidence 1 or above is refused with its note', () => {
    for (const confidence of [1, 1.5, 0, -0.1, Number.NaN]) {
      expect(poissonInterval(5, confidence)).toStrictEqual({
        estimate: null,
        low: null,
        high: null,
        note: 'confidence must be strictly between 0 and 1',
      });
    }
  });
});
