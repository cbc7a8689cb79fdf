import { describe, expect, it } from 'vitest';
import { ljungBox } from './ljung-box.js';
import { ols } from './ols.js';
import { ITS_X, ITS_Y } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('ljungBox vs R Box.test(type = "Ljung-Box")', () => {
  it('a short series, lag 3', () => {
    // R: Box.test(c(1, 3, 2, 5, 4, 6, 5, 8, 7, 9), lag = 3, type = "Ljung-Box")
    //    X-squared = 6.4690476190476218, df = 3, p-value = 0.090891214609607029
    const r = ljungBox([1, 3, 2, 5, 4, 6, 5, 8, 7, 9], 3);
    close(r.statistic, 6.4690476190476218);
    close(r.p, 0.090891214609607029);
    expect(r.df).toBe(3);
  });

  it('segmented-regression residuals, lag 4', () => {
    // R: Box.test(residuals(lm(y ~ t + post + tsince)), lag = 4, type = "Ljung-Box")
    //    X-squared = 12.06569013941642, p-value = 0.016869403500026858
    const fit = ols(ITS_X, ITS_Y);
    const r = ljungBox(fit.residuals!, 4);
    close(r.statistic, 12.06569013941642);
    close(r.p, 0.016869403500026858);
  });

  it('bad lag or constant series → null with a note', () => {
    expect(ljungBox([1, 2, 3], 3).statistic).toBeNull();
    expect(ljungBox([2, 2, 2, 2], 1).note).toMatch(/constant/);
    expect(ljungBox([1, 2, 3, 4, 5], 2, 2).p).toBeNull();
  });

  it('says exactly what is wrong', () => {
    expect(ljungBox([1, 2, 3], 3)).toEqual({
      statistic: null,
      df: 3,
      lag: 3,
      p: null,
      note: 'the lag must be a whole number from 1 to n − 1 (lag 3, n 3)',
    });
    expect(ljungBox([1, 3, 2, 5], 0).note).toBe('the lag must be a whole number from 1 to n − 1 (lag 0, n 4)');
    expect(ljungBox([1, 3, 2, 5], 1.5).note).toBe('the lag must be a whole number from 1 to n − 1 (lag 1.5, n 4)');
    expect(ljungBox([1, 2, 3, 4, 5], 2, 2).note).toBe('lag − fitdf must be at least 1');
    expect(ljungBox([1, Number.NaN, 3, 4, 5], 2).note).toBe('x must contain only finite numbers');
    expect(ljungBox([2, 2, 2, 2], 1).note).toBe('the series is constant: autocorrelations are undefined');
  });
});
