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
});
