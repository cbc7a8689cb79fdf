import { describe, expect, it } from 'vitest';
import { poissonRegression, rateRatioInterval } from './poisson-regression.js';
import { ITS_X, ITS_Y, ITS_Y_OVERDISPERSED } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('poissonRegression vs R glm(family = poisson)', () => {
  it('segmented Poisson regression', () => {
    // R: glm(y ~ t + post + tsince, family = poisson, control = glm.control(epsilon = 1e-14, maxit = 100))
    //    (series of its-helpers.fixture.ts); summary(g)$coefficients; deviance(g)
    const fit = poissonRegression(ITS_X, ITS_Y);
    const want = [
      [3.149794009162401043, 0.108631410983015722, 28.9952416217337401],
      [0.027939313195922261, 0.016040304256746803, 1.7418194037167687, 8.1540050293677516e-2],
      [-0.238213966777371611, 0.158218428182647392, -1.5056019043646254, 1.3216939932210736e-1],
      [-0.054285458909338127, 0.023916280807619674, -2.2698119053712942, 2.3218997918663404e-2],
    ];
    fit.coefficients!.forEach((c, j) => {
      close(c.estimate, want[j][0]);
      close(c.stdErr, want[j][1]);
      close(c.z, want[j][2]);
      if (j > 0) close(c.p, want[j][3]);
    });
    close(fit.deviance, 10.696200782056222);
    // sum(residuals(g, "pearson")^2) / df.residual(g)
    close(fit.dispersion, 0.53018617227250731);
    expect(fit.converged).toBe(true);
  });

  it('overdispersion shows in the Pearson dispersion', () => {
    // R: g <- glm(y ~ t + post + tsince, family = poisson) on the overdispersed series; sum(residuals(g, "pearson")^2)/df.residual(g)
    close(poissonRegression(ITS_X, ITS_Y_OVERDISPERSED).dispersion, 5.834309765093705);
  });

  it('rate ratio interval is exp(β ± 1.96 se)', () => {
    const r = rateRatioInterval({ estimate: Math.log(2), stdErr: 0.1, z: 0, p: 1 });
    close(r.ratio, 2);
    close(r.low, 2 * Math.exp(-0.1 * 1.959963984540054));
  });

  it('bad input → null with a note', () => {
    expect(poissonRegression([[1], [1]], [1, -1]).coefficients).toBeNull();
    expect(
      poissonRegression(
        [
          [1, 0],
          [1, 0],
          [1, 0],
        ],
        [1, 2, 3],
      ).note,
    ).toMatch(/collinear/);
  });
});
