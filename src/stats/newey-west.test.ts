import { describe, expect, it } from 'vitest';
import { neweyWestCoefficients, neweyWestCovariance, neweyWestLag } from './newey-west.js';
import { ols } from './ols.js';
import { ITS_X, ITS_Y } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('neweyWestCovariance vs R sandwich::NeweyWest', () => {
  it('segmented regression, lag 2', () => {
    // R: y <- c(21,25,19,30,28,24,33,29,27,35,31,26,30,22,27,20,24,18,25,21,19,23,17,22)
    //    t <- 0:23; post <- as.numeric(t >= 12); tsince <- post * (t - 12); fit <- lm(y ~ t + post + tsince)
    //    V <- sandwich::NeweyWest(fit, lag = 2, prewhite = FALSE, adjust = TRUE); lmtest::coeftest(fit, vcov = V)
    const fit = ols(ITS_X, ITS_Y);
    const v = neweyWestCovariance(ITS_X, fit.residuals!, fit.xtxInverse!, 2)!;
    const want = [
      [2.06945412368645654, -0.324905883388897365, 2.34332474569816718, 0.256207387179746837],
      [-0.32490588338889753, 0.066209410536265015, -0.62321684455404369, -0.045673254600597499],
      [2.34332474569816807, -0.623216844554043581, 8.67658826409868311, 0.173724312399393455],
      [0.25620738717974778, -0.045673254600597638, 0.17372431239939382, 0.063743672947467106],
    ];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) close(v[i][j], want[i][j]);
    const c = neweyWestCoefficients(
      fit.coefficients!.map((x) => x.estimate),
      v,
      fit.dfResidual,
    );
    close(c[2].stdErr, 2.945604906313588);
    close(c[2].t, -2.28265, 1e-5);
    close(c[2].p, 0.0335303, 1e-5);
    close(c[3].p, 3.1213e-5, 1e-4);
  });

  it('simple regression, lag 2: x = 1:8, y = c(2, 4, 3, 6, 5, 8, 9, 8)', () => {
    // R: NeweyWest(lm(y ~ x), lag = 2, prewhite = FALSE, adjust = TRUE)
    const x = [1, 2, 3, 4, 5, 6, 7, 8].map((v) => [1, v]);
    const fit = ols(x, [2, 4, 3, 6, 5, 8, 9, 8]);
    const v = neweyWestCovariance(x, fit.residuals!, fit.xtxInverse!, 2)!;
    close(v[0][0], 0.134654542088944063);
    close(v[0][1], -0.026104574482854283);
    close(v[1][1], 0.006974170998709367);
  });

  it('lag rule floor(4 (n/100)^(2/9)), at least 1, at most n − 2', () => {
    expect([neweyWestLag(5), neweyWestLag(24), neweyWestLag(60), neweyWestLag(100), neweyWestLag(120)]).toEqual([
      2, 2, 3, 4, 4,
    ]);
    expect(neweyWestLag(2)).toBe(0);
  });

  it('lag 0 is the HC1 (White) covariance; a bad lag gives null', () => {
    // R: sandwich::vcovHC(fit, type = "HC1")[3, 3] = 7.6148098998868... checked through NeweyWest(fit, lag = 0, prewhite = FALSE, adjust = TRUE)
    const fit = ols(ITS_X, ITS_Y);
    const hc = neweyWestCovariance(ITS_X, fit.residuals!, fit.xtxInverse!, 0)!;
    const e = fit.residuals!;
    // direct HC1: n/(n-k) (X'X)^-1 X' diag(e²) X (X'X)^-1, element [3][3] by hand
    const inv = fit.xtxInverse!;
    const row = inv[3];
    let s = 0;
    for (let t = 0; t < 24; t++) {
      const a = ITS_X[t].reduce((acc, xv, j) => acc + row[j] * xv, 0);
      s += a * a * e[t] * e[t];
    }
    close(hc[3][3], (24 / 20) * s);
    expect(neweyWestCovariance(ITS_X, fit.residuals!, fit.xtxInverse!, -1)).toBeNull();
    expect(neweyWestCovariance(ITS_X, fit.residuals!, fit.xtxInverse!, 1.5)).toBeNull();
  });

  it('lag rule at the small end: 1 from n = 3, 0 below or for a non-number', () => {
    // floor(4 · 0.03^(2/9)) = floor(1.83) = 1
    expect(neweyWestLag(3)).toBe(1);
    expect(neweyWestLag(1)).toBe(0);
    expect(neweyWestLag(Number.NaN)).toBe(0);
  });

  it('null on mismatched or too-short input', () => {
    const x = [1, 2, 3, 4].map((v) => [1, v]);
    const inv = [
      [1.5, -0.5],
      [-0.5, 0.2],
    ];
    expect(neweyWestCovariance(x, [0.1, -0.2, 0.3], inv, 1)).toBeNull();
    expect(neweyWestCovariance([[1, 1], [1], [1, 3], [1, 4]], [0.1, -0.2, 0.3, -0.2], inv, 1)).toBeNull();
    // n = k: no residual df
    expect(
      neweyWestCovariance(
        [
          [1, 1],
          [1, 2],
        ],
        [0, 0],
        inv,
        1,
      ),
    ).toBeNull();
    expect(neweyWestCovariance(x, [0.1, -0.2, 0.3, -0.2], inv, 1)).not.toBeNull();
  });

  it('coefficients: t and p only with a positive variance and residual df', () => {
    // R: 2 * pt(-4, 5) = 0.010323415480831452; 2 * pt(-1.5, 3) = 0.23058386524482283
    const c = neweyWestCoefficients(
      [2, -3],
      [
        [0.25, 0],
        [0, 4],
      ],
      5,
    );
    expect(c[0]).toMatchObject({ estimate: 2, stdErr: 0.5, t: 4 });
    close(c[0].p!, 0.010323415480831452);
    const d = neweyWestCoefficients([1.5], [[1]], 3);
    close(d[0].p!, 0.23058386524482283);
    expect(neweyWestCoefficients([2], [[0]], 5)).toEqual([{ estimate: 2, stdErr: 0, t: null, p: null }]);
    expect(neweyWestCoefficients([2], [[-1e-18]], 5)).toEqual([{ estimate: 2, stdErr: null, t: null, p: null }]);
    expect(neweyWestCoefficients([2], [[0.25]], 0)).toEqual([{ estimate: 2, stdErr: 0.5, t: null, p: null }]);
  });
});
