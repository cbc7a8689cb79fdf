// No quantile.ts: simple-statistics' `quantile` already implements R's default
// (type 7, linear interpolation between order statistics), which is what the
// delay summaries need. This test pins that behaviour against R so that a
// change in the library is noticed.
import { describe, expect, it } from 'vitest';
import { median, quantile } from 'simple-statistics';

describe('simple-statistics quantile = R quantile(type = 7)', () => {
  it('odd n: quantile(c(3,1,14,7,2,30,5,9,4,11,6), c(0.5, 0.9)) = 6, 14', () => {
    const x = [3, 1, 14, 7, 2, 30, 5, 9, 4, 11, 6];
    expect(median(x)).toBe(6);
    expect(quantile(x, 0.9)).toBe(14);
  });

  it('even n: quantile(c(2,8,1,40,3,5,13,21,0,6), c(0.5, 0.9)) = 5.5, 22.9', () => {
    const y = [2, 8, 1, 40, 3, 5, 13, 21, 0, 6];
    expect(median(y)).toBe(5.5);
    expect(quantile(y, 0.9)).toBeCloseTo(22.9, 12);
  });
});
