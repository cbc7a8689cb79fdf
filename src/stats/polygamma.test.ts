import { describe, expect, it } from 'vitest';
import { digamma, trigamma } from './polygamma.js';

describe('digamma and trigamma vs R', () => {
  it('matches R digamma/trigamma at 1, 0.3, 7.5, 123.4', () => {
    // R: c(digamma(1), digamma(0.3), digamma(7.5), digamma(123.4)); c(trigamma(1), trigamma(0.3), trigamma(7.5), trigamma(123.4))
    const d = [-0.5772156649015323104, -3.5025242222001322645, 1.9467574842460870777, 4.8113737751162775069];
    const t = [1.6449340668482264061, 12.2453645461077318402, 0.1426158966967038255, 0.0081366516108652628];
    [1, 0.3, 7.5, 123.4].forEach((x, i) => {
      expect(Math.abs(digamma(x) - d[i])).toBeLessThan(1e-13 * Math.max(1, Math.abs(d[i])));
      expect(Math.abs(trigamma(x) - t[i]) / t[i]).toBeLessThan(1e-13);
    });
    expect(digamma(0)).toBeNaN();
  });

  it('starts the asymptotic series at x = 10 without recursion (R digamma, trigamma)', () => {
    // R: c(digamma(10), digamma(10.5)); c(trigamma(10), trigamma(10.5), trigamma(13))
    // tolerance 4e-15: the series truncation error there is below 1e-16, and each dropped term is larger than 1e-14
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(digamma(10), 2.251752589066721377)).toBeLessThan(4e-15);
    expect(rel(digamma(10.5), 2.3030010342976861)).toBeLessThan(4e-15);
    expect(rel(trigamma(10), 0.105166335681685721)).toBeLessThan(4e-15);
    expect(rel(trigamma(10.5), 0.09991695605912676)).toBeLessThan(4e-15);
    expect(rel(trigamma(13), 0.079957428427323951)).toBeLessThan(4e-15);
  });

  it('NaN outside x > 0 and for non-finite x', () => {
    for (const x of [0, -1, -0.5, Number.NaN, Infinity]) {
      expect(digamma(x)).toBeNaN();
      expect(trigamma(x)).toBeNaN();
    }
  });
});
