import { describe, expect, it } from 'vitest';
import { glmLogLink, poissonDeviance, poissonRegression, rateRatioInterval } from './poisson-regression.js';
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

  it('counts with zeros (R glm), converged with no note', () => {
    // R: y <- c(0, 3, 0, 7, 2, 0, 12, 5, 0, 9, 1, 15); x <- 1:12
    //    g <- glm(y ~ x, family = poisson, control = glm.control(epsilon = 1e-14, maxit = 100))
    //    coef(summary(g)); deviance(g); sum(residuals(g, "pearson")^2) / df.residual(g); fitted(g)[1:3]
    const y = [0, 3, 0, 7, 2, 0, 12, 5, 0, 9, 1, 15];
    const fit = poissonRegression(
      y.map((_, i) => [1, i + 1]),
      y,
    );
    const want = [
      [0.30215713693741914, 0.38354971686972561, 0.78779131791159207, 0.43081878030255794],
      [0.16166700061197845, 0.043127488678664054, 3.74858368908361728, 0.00017783599731345648],
    ];
    expect(fit.coefficients).toHaveLength(2);
    fit.coefficients!.forEach((c, j) => {
      // R stops at a relative deviance change of 1e-14, so its last digits move by ~2e-9
      close(c.estimate, want[j][0], 1e-8);
      close(c.stdErr, want[j][1], 1e-8);
      close(c.z, want[j][2], 1e-8);
      close(c.p, want[j][3], 1e-8);
    });
    close(fit.deviance, 55.320754346596203);
    close(fit.dispersion, 4.6419681813018929);
    close(fit.fitted![0], 1.5901432993515054);
    close(fit.fitted![2], 2.1971435684705423);
    expect(fit.dfResidual).toBe(10);
    expect(fit.converged).toBe(true);
    expect(fit.note).toBeUndefined();
  });

  it('rate ratio interval: both ends, and another confidence level', () => {
    const r = rateRatioInterval({ estimate: Math.log(2), stdErr: 0.1, z: 0, p: 1 });
    close(r.high, 2 * Math.exp(0.1 * 1.959963984540054)); // qnorm(0.975) = 1.959963984540054
    const r90 = rateRatioInterval({ estimate: 0, stdErr: 1, z: 0, p: 1 }, 0.9);
    close(r90.low, Math.exp(-1.6448536269514722)); // qnorm(0.95) = 1.6448536269514722
    close(r90.high, Math.exp(1.6448536269514722));
  });

  it('each bad input gets its own note and an empty fit', () => {
    const empty = (note: string, dfResidual: number) => ({
      coefficients: null,
      fitted: null,
      pearsonResiduals: null,
      deviance: null,
      dfResidual,
      dispersion: null,
      iterations: 0,
      converged: false,
      note,
    });
    const shape = 'X must be a non-empty matrix with one row per count';
    expect(poissonRegression([], [])).toStrictEqual(empty(shape, 0));
    expect(poissonRegression([[1], [1]], [1, 2, 3])).toStrictEqual(empty(shape, 2));
    expect(poissonRegression([[], [], []], [1, 2, 3])).toStrictEqual(empty(shape, 3));
    expect(poissonRegression([[1, 2], [1], [1, 3]], [1, 2, 3])).toStrictEqual(empty(shape, 1));
    expect(poissonRegression([[1], [1], [1, 3]], [1, 2, 3])).toStrictEqual(empty(shape, 2));
    const counts = 'counts must be finite and non-negative';
    for (const bad of [-1, Number.NaN, Infinity]) {
      expect(poissonRegression([[1], [1], [1]], [1, bad, 2])).toStrictEqual(empty(counts, 2));
    }
    expect(
      poissonRegression(
        [
          [1, 2],
          [1, 3],
        ],
        [1, 2],
      ),
    ).toStrictEqual(empty('need more observations (2) than coefficients (2)', 0));
    expect(poissonRegression([[1, 2]], [1])).toStrictEqual(
      empty('need more observations (1) than coefficients (2)', -1),
    );
  });

  it('a fitted mean that underflows to 0 stops the fit with a note', () => {
    // Worked by hand: counts 100, 1, 0 at x = 0, 1, 200: the maximum fits the first two exactly,
    // slope log(1/100) = −4.605, so the mean at x = 200 is 100·e^(−921), below the smallest double; the
    // steps reach it and μ = 0 would put log 0 and 0/0 into the next step.
    // (R: glm(c(100, 1, 0) ~ c(0, 1, 200), family = poisson) warns "fitted rates numerically 0 occurred".)
    expect(
      poissonRegression(
        [
          [1, 0],
          [1, 1],
          [1, 200],
        ],
        [100, 1, 0],
      ),
    ).toStrictEqual({
      coefficients: null,
      fitted: null,
      pearsonResiduals: null,
      deviance: null,
      dfResidual: 1,
      dispersion: null,
      iterations: 0,
      converged: false,
      note: 'the fit diverged (a fitted mean is 0 or too large)',
    });
  });

  it('a large deviance converges on the relative change (R glm)', () => {
    // deviance 1947.9: the stopping rule is |ΔD| / (|D| + 0.1) < 1e-12, relative, so rounding in D (ulp 2.3e-13)
    // does not hold it up.
    // R: y <- c(469, 392, 8, 37, 146, 49, 55, 82, 346, 492, 198, 322, 69, 121); x <- 0:13
    //    g <- glm(y ~ x, family = poisson, control = glm.control(epsilon = 1e-14)); coef(summary(g)); deviance(g)
    const y = [469, 392, 8, 37, 146, 49, 55, 82, 346, 492, 198, 322, 69, 121];
    const fit = poissonRegression(
      y.map((_, i) => [1, i]),
      y,
    );
    expect(fit.converged).toBe(true);
    expect(fit.note).toBeUndefined();
    close(fit.coefficients![0].estimate, 5.397193860703596968);
    close(fit.coefficients![1].estimate, -0.016315528925852359);
    close(fit.coefficients![1].stdErr, 0.0047059975528216348);
    close(fit.deviance, 1947.8953517058396);
  });

  it('IRLS that has not converged in 100 steps says so and keeps the last estimates', () => {
    // Worked by hand: for the two zero counts the working response is η + (0 − μ)/μ = η − 1, so a start of
    // η = 80 there falls by exactly 1 a step; after 100 steps η = 80 − 100 = −20 there and the deviance
    // (≈ 4e^−20) still changes by more than 1e-12 relative. The other group fits log 5 from the first step.
    // (R: glm(y ~ g, family = poisson, etastart = c(80, 80, log(5), log(5)), control = glm.control(maxit = 100))
    //  warns "glm.fit: algorithm did not converge" the same way.)
    const x = [
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
    ];
    const fit = glmLogLink(x, [0, 0, 5, 5], (m) => m, poissonDeviance, [80, 80, Math.log(5), Math.log(5)]);
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(100);
    expect(fit.note).toBe('IRLS did not converge in 100 iterations');
    close(fit.fitted![0], Math.exp(-20));
    close(fit.fitted![3], 5);
    // the estimates are the ones behind those fitted means (log μ = β₀ + β₁g), not one step further (β₀ = −21)
    close(fit.coefficients![0].estimate, -20);
    close(fit.coefficients![1].estimate, Math.log(5) + 20);
    close(fit.linearPredictor![0], fit.coefficients![0].estimate);
    // (the other group adds ~1e-15 of rounding to a deviance of 8e-9)
    close(fit.deviance! / (4 * Math.exp(-20)), 1, 1e-6);
  });
});
