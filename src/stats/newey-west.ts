import { tTwoSidedP } from './distributions.js';
import type { OlsCoefficient } from './ols.js';

/**
 * The Newey–West lag rule used by ipvi: L = ⌊4·(n/100)^(2/9)⌋ (Newey & West
 * 1994 rule of thumb for the Bartlett kernel), at least 1 when n ≥ 3 and at
 * most n − 2.
 *
 * @example
 * neweyWestLag(24);  // 2
 * neweyWestLag(60);  // 3
 * neweyWestLag(120); // 4
 */
export function neweyWestLag(n: number): number {
  if (!(n >= 3)) return 0;
  const l = Math.floor(4 * (n / 100) ** (2 / 9));
  return Math.min(Math.max(l, 1), n - 2);
}

/**
 * Newey–West heteroskedasticity- and autocorrelation-consistent (HAC)
 * covariance of OLS coefficients, Bartlett weights, no prewhitening, with the
 * small-sample factor n/(n − k):
 *
 *   V = n/(n − k) · (X'X)⁻¹ · [Σ_{l=0..L} w_l (Γ_l + Γ_l')] · (X'X)⁻¹ (the l = 0 term once),
 *   Γ_l = Σ_{t>l} u_t u_{t−l}',  u_t = x_t·e_t,  w_l = 1 − l/(L + 1).
 *
 * Reference: Newey & West (1987) Econometrica 55:703–708; Zeileis (2004)
 * J Stat Softw 11(10). Matches R `sandwich::NeweyWest(fit, lag = L,
 * prewhite = FALSE, adjust = TRUE)` (the Stata `newey` convention); rows of X
 * must be in time order.
 *
 * Edge cases: lag < 0 or not an integer, ragged or mismatched inputs,
 * n ≤ k → null.
 *
 * @example
 * // x = 1:8, y = c(2, 4, 3, 6, 5, 8, 9, 8): lm(y ~ x), lag 2
 * const fit = ols(x.map((v) => [1, v]), y);
 * neweyWestCovariance(x.map((v) => [1, v]), fit.residuals!, fit.xtxInverse!, 2);
 * // [[0.4158…, −0.0689…], [−0.0689…, 0.0139…]]
 */
export function neweyWestCovariance(
  x: readonly (readonly number[])[],
  residuals: readonly number[],
  xtxInverse: readonly (readonly number[])[],
  lag: number,
): number[][] | null {
  const n = x.length;
  const k = xtxInverse.length;
  if (residuals.length !== n || !Number.isInteger(lag) || lag < 0 || n <= k) return null;
  if (x.some((row) => row.length !== k)) return null;
  const u = x.map((row, t) => row.map((v) => v * residuals[t]));
  const meat = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let l = 0; l <= Math.min(lag, n - 1); l++) {
    const w = 1 - l / (lag + 1);
    for (let t = l; t < n; t++) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const g = u[t][i] * u[t - l][j];
          meat[i][j] += l === 0 ? w * g : w * (g + u[t - l][i] * u[t][j]);
        }
      }
    }
  }
  const adj = n / (n - k);
  const left = matMul(xtxInverse, meat);
  return matMul(left, xtxInverse).map((row) => row.map((v) => v * adj));
}

/**
 * Coefficients with Newey–West standard errors: se = √V_jj, t = β̂/se and a
 * two-sided p from Student t with the residual df (as R
 * `lmtest::coeftest(fit, vcov = NeweyWest(...))`).
 */
export function neweyWestCoefficients(
  estimates: readonly number[],
  covariance: readonly (readonly number[])[],
  dfResidual: number,
): OlsCoefficient[] {
  return estimates.map((estimate, j) => {
    const v = covariance[j][j];
    if (!(v > 0) || dfResidual <= 0) return { estimate, stdErr: v >= 0 ? Math.sqrt(v) : null, t: null, p: null };
    const stdErr = Math.sqrt(v);
    const t = estimate / stdErr;
    return { estimate, stdErr, t, p: tTwoSidedP(t, dfResidual) };
  });
}

function matMul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, m) => s + v * b[m][j], 0)));
}
