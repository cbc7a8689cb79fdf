import { describe, expect, it } from 'vitest';
import { ols } from './ols.js';

function close(actual: number | null | undefined, expected: number, rel = 1e-9, abs = 0): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(abs, rel * Math.abs(expected)),
  );
}

describe('ols vs R lm', () => {
  it('simple regression: summary(lm(y ~ x)), x = 1:4, y = c(2, 4, 5, 8)', () => {
    const fit = ols(
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ],
      [2, 4, 5, 8],
    );
    const c = fit.coefficients!;
    close(c[0].estimate, 0, 0, 1e-12); // R: 1.77635683940025e-15
    close(c[0].stdErr, 0.724568837309472);
    close(c[1].estimate, 1.9);
    close(c[1].stdErr, 0.264575131106459);
    close(c[1].t, 7.18132498717532);
    close(c[1].p, 0.0188442189607877);
    close(c[0].p, 0.9999999999999982, 1e-9);
    close(fit.r2, 0.962666666666667);
    close(fit.adjR2, 0.944);
    close(fit.sigma, 0.591607978309961);
    expect(fit.dfResidual).toBe(2);
  });

  it('two predictors: summary(lm(y ~ x1 + x2)), x1 = 1:6, x2 = c(2,1,4,3,6,5), y = c(3.1,3.9,7.2,7.8,11.5,11.9)', () => {
    const x1 = [1, 2, 3, 4, 5, 6];
    const x2 = [2, 1, 4, 3, 6, 5];
    const fit = ols(
      x1.map((v, i) => [1, v, x2[i]]),
      [3.1, 3.9, 7.2, 7.8, 11.5, 11.9],
    );
    const want = [
      [0.391666666666664, 0.1287403358472942, 3.0422995566148, 0.055765907368508408],
      [1.325, 0.0569275042553311, 23.2752167398225, 0.000173744486522254],
      [0.725, 0.0569275042553311, 12.7354959519784, 0.001044399625653006],
    ];
    fit.coefficients!.forEach((c, j) => {
      close(c.estimate, want[j][0]);
      close(c.stdErr, want[j][1]);
      close(c.t, want[j][2]);
      close(c.p, want[j][3]);
    });
    close(fit.r2, 0.999213759213759);
    close(fit.adjR2, 0.998689598689599);
    close(fit.sigma, 0.133333333333333);
  });

  it('matches the JSDoc example', () => {
    const fit = ols(
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ],
      [2, 4, 5, 8],
    );
    expect(fit.coefficients?.map((c) => c.estimate)).toEqual([1.7763568394002505e-15, 1.8999999999999995]);
    expect(fit.r2).toBe(0.9626666666666667);
  });

  it('fails usefully', () => {
    expect(
      ols(
        [
          [1, 1],
          [1, 2],
          [1, 3],
        ],
        [1, 2],
      ).note,
    ).toMatch(/rows/);
    expect(
      ols(
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ],
        [1, 2, 3],
      ).note,
    ).toMatch(/collinear/);
    expect(
      ols(
        [
          [1, 1, 2],
          [1, 2, 4],
          [1, 3, 6],
          [1, 4, 8],
        ],
        [1, 2, 3, 5],
      ).coefficients,
    ).toBeNull();
    expect(
      ols(
        [
          [1, 1],
          [1, 2],
        ],
        [1, 3],
      ).note,
    ).toMatch(/no residual degrees of freedom/);
    expect(ols([[1, 1]], [1]).note).toMatch(/at least as many observations/);
    expect(
      ols(
        [
          [1, 1],
          [1, 2],
          [1, 3],
        ],
        [4, 4, 4],
      ).r2,
    ).toBeNull();
    expect(
      ols(
        [
          [1, 1],
          [1, 2],
        ],
        [1, Number.NaN],
      ).note,
    ).toMatch(/finite/);
  });
});
