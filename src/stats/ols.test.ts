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

  it('names each guard exactly', () => {
    // no rows at all, and rows without columns: nothing to fit
    expect(ols([], []).note).toBe('X must be a non-empty rectangular matrix');
    expect(ols([[], []], [1, 2]).note).toBe('X must be a non-empty rectangular matrix');
    // a ragged X (second row short)
    expect(ols([[1, 1], [1]], [1, 2]).note).toBe('X must be a non-empty rectangular matrix');
    expect(ols([[1, 1], [1, 2], [1]], [1, 2, 3]).coefficients).toBeNull();
    // one non-finite entry in a later row of X is enough
    const nan = ols(
      [
        [1, 1],
        [1, Number.NaN],
        [1, 3],
      ],
      [1, 2, 3],
    );
    expect(nan.note).toBe('X and y must contain only finite numbers');
    expect(nan.coefficients).toBeNull();
    // dfResidual = n − p even when the fit fails: 3 − 2
    const collinear = ols(
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      [1, 2, 3],
    );
    expect(collinear.note).toBe('the columns of X are collinear (column 2 is a combination of the earlier ones)');
    expect(collinear.dfResidual).toBe(1);
  });

  it('detects collinearity hidden by rounding, relative to the column size', () => {
    // x3 = 3·x2 − 7 with x2 near 1e8: R lm() reports x3 as NA (aliased);
    // rounding leaves a residual column norm that is tiny relative to |x3| but not 0
    const x = [1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4];
    const fit = ols(
      x.map((v) => [1, v, 3 * v - 7]),
      [1, 2, 3, 5],
    );
    expect(fit.note).toBe('the columns of X are collinear (column 3 is a combination of the earlier ones)');
    // x3 = 7.3·x2 + 0.7 with x2 in the millions: the leftover norm (≈ 3e-9) is above 1e-10 in absolute
    // terms but below 1e-10 × |x3| (≈ 4.5e7), so the test must be relative to the column's size
    const big = [1.1e6 + 0.1, 2.3e6 + 0.1, 3.7e6 + 0.1, 4.2e6 + 0.1];
    expect(
      ols(
        big.map((v) => [1, v, 7.3 * v + 0.7]),
        [1, 2, 3, 5],
      ).note,
    ).toBe('the columns of X are collinear (column 3 is a combination of the earlier ones)');
    // the same with small values: x3 = 0.7 + 3·x2, x2 = 0.1..0.4
    const small = [0.1, 0.2, 0.3, 0.4];
    expect(
      ols(
        small.map((v) => [1, v, 0.7 + 3 * v]),
        [1, 2, 3, 5],
      ).note,
    ).toBe('the columns of X are collinear (column 3 is a combination of the earlier ones)');
  });

  it('constant y: estimates, zero standard errors, no t or p, both notes (by hand: β = (4, 0), residuals 0)', () => {
    const fit = ols(
      [
        [1, 1],
        [1, 2],
        [1, 3],
      ],
      [4, 4, 4],
    );
    expect(fit.r2).toBeNull();
    expect(fit.adjR2).toBeNull();
    expect(fit.sigma).toBe(0);
    expect(fit.coefficients).toEqual([
      { estimate: 4, stdErr: 0, t: null, p: null },
      { estimate: expect.closeTo(0, 12), stdErr: 0, t: null, p: null },
    ]);
    expect(fit.note).toBe('y is constant: R² is undefined; residuals are all 0 (perfect fit): t and p are undefined');
  });

  it('n = p: exact estimates only, with the note (by hand: line through (1,1), (2,3) is y = −1 + 2x)', () => {
    const fit = ols(
      [
        [1, 1],
        [1, 2],
      ],
      [1, 3],
    );
    expect(fit.dfResidual).toBe(0);
    expect(fit.coefficients).toEqual([
      { estimate: expect.closeTo(-1, 12), stdErr: null, t: null, p: null },
      { estimate: expect.closeTo(2, 12), stdErr: null, t: null, p: null },
    ]);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.note).toBe('no residual degrees of freedom (n = number of coefficients): standard errors are undefined');
  });

  it('a regular fit has no note', () => {
    const fit = ols(
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [1, 4],
      ],
      [2, 4, 5, 8],
    );
    expect(fit.note).toBeUndefined();
    expect('note' in fit).toBe(false);
  });
});
