import { describe, expect, it } from 'vitest';
import { durbinWatson } from './durbin-watson.js';
import { ols } from './ols.js';
import { ITS_X, ITS_Y } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('durbinWatson vs R lmtest::dwtest(fit, exact = FALSE)', () => {
  it('segmented regression (24 months)', () => {
    // R: fit <- lm(y ~ t + post + tsince) on the series of its-helpers.fixture.ts
    //    dwtest(fit, exact = FALSE): DW = 3.09995119375441, p-value = 0.98677574370334886
    const fit = ols(ITS_X, ITS_Y);
    const dw = durbinWatson(fit.residuals!, ITS_X, fit.xtxInverse!);
    close(dw.statistic, 3.09995119375441);
    close(dw.p, 0.98677574370334886);
  });

  it('simple regression: x = 1:8, y = c(2, 4, 3, 6, 5, 8, 9, 8)', () => {
    // R: dwtest(lm(y ~ x), exact = FALSE): DW = 3.0693717277486914, p = 0.90654136570356081
    const x = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => [1, v]);
    const fit = ols(x, [2, 4, 3, 6, 5, 8, 9, 8]);
    const dw = durbinWatson(fit.residuals!, x, fit.xtxInverse!);
    close(dw.statistic, 3.0693717277486914);
    close(dw.p, 0.90654136570356081);
  });

  it('positively autocorrelated residuals give DW well below 2 and a small p', () => {
    const x = Array.from({ length: 20 }, (_, t) => [1, t]);
    const y = x.map(([, t]) => t + 3 * Math.sin(t / 3));
    const fit = ols(x, y);
    const dw = durbinWatson(fit.residuals!, x, fit.xtxInverse!);
    expect(dw.statistic!).toBeLessThan(0.5);
    expect(dw.p!).toBeLessThan(0.001);
  });

  it('a perfect fit has no statistic', () => {
    const x = [1, 2, 3, 4].map((v) => [1, v]);
    const fit = ols(x, [1, 2, 3, 4]);
    expect(durbinWatson(fit.residuals!, x, fit.xtxInverse!).statistic).toBeNull();
  });

  it('says exactly what is wrong with the input', () => {
    const few = { statistic: null, p: null, note: 'needs more observations than coefficients + 1' };
    const inv = [
      [1, 0],
      [0, 1],
    ];
    const x4 = [1, 2, 3, 4].map((v) => [1, v]);
    // x has 3 rows for 4 residuals
    expect(durbinWatson([0.1, -0.2, 0.3, -0.2], x4.slice(0, 3), inv)).toEqual(few);
    // n = k + 1
    expect(durbinWatson([0.1, -0.2, 0.1], x4.slice(0, 3), inv)).toEqual(few);
    // a ragged row
    expect(durbinWatson([0.1, -0.2, 0.3, -0.2], [[1, 1], [1], [1, 3], [1, 4]], inv)).toEqual(few);
    // n = k + 2 is enough
    expect(durbinWatson([0.1, -0.2, 0.3, -0.2], x4, inv).statistic).not.toBeNull();
    expect(durbinWatson([0, 0, 0, 0], x4, inv)).toEqual({ statistic: null, p: null, note: 'residuals are all 0' });
  });
});
