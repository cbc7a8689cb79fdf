import { normalCdf } from './distributions.js';

/** Result of {@link durbinWatson}. */
export interface DurbinWatson {
  /** DW = Σ(e_t − e_{t−1})² / Σ e_t²; null when undefined. */
  statistic: number | null;
  /** One-sided p for positive first-order autocorrelation (normal approximation); null when undefined. */
  p: number | null;
  note?: string;
}

/**
 * Durbin–Watson test for first-order autocorrelation of OLS residuals,
 * alternative "true autocorrelation is greater than 0":
 *
 *   DW = Σ_{t≥2}(e_t − e_{t−1})² / Σ e_t².
 *
 * The p-value uses the normal approximation with the exact mean and variance
 * of DW under H0 given the design X (Durbin & Watson 1971): with A the
 * first-difference matrix (DW = e'Ae / e'e), M = I − X(X'X)⁻¹X', P = tr(MA),
 * Q = tr(MAMA), E = P/(n − k), Var = 2(Q − P·E)/((n − k)(n − k + 2)),
 * p = Φ((DW − E)/√Var). DW near 2 means no autocorrelation; well below 2
 * means positive autocorrelation (standard errors of plain OLS too small).
 *
 * Reference: Durbin & Watson (1950, 1951, 1971) Biometrika. Matches R
 * `lmtest::dwtest(fit, exact = FALSE)` (alternative "greater").
 *
 * Edge cases: mismatched sizes, n ≤ k, all residuals 0 → null with a note.
 *
 * @example
 * // x = 1:8, y = c(2, 4, 3, 6, 5, 8, 9, 8): lm(y ~ x)
 * durbinWatson(fit.residuals!, x.map((v) => [1, v]), fit.xtxInverse!);
 * // { statistic: 2.6474…, p: 0.7697… }
 */
export function durbinWatson(
  residuals: readonly number[],
  x: readonly (readonly number[])[],
  xtxInverse: readonly (readonly number[])[],
): DurbinWatson {
  const n = residuals.length;
  const k = xtxInverse.length;
  if (x.length !== n || n <= k + 1 || x.some((r) => r.length !== k))
    return { statistic: null, p: null, note: 'needs more observations than coefficients + 1' };
  let num = 0,
    den = 0;
  for (let t = 0; t < n; t++) {
    den += residuals[t] * residuals[t];
    if (t > 0) num += (residuals[t] - residuals[t - 1]) ** 2;
  }
  if (!(den > 0)) return { statistic: null, p: null, note: 'residuals are all 0' };
  const dw = num / den;
  // AX: A applied to each column of X (A = tridiagonal first-difference matrix, diag 1,2,…,2,1)
  const ax = x.map((row, t) =>
    row.map((_, j) => {
      const prev = t > 0 ? x[t - 1][j] : null;
      const next = t < n - 1 ? x[t + 1][j] : null;
      let v = 0;
      if (prev !== null) v += x[t][j] - prev;
      if (next !== null) v += x[t][j] - next;
      return v;
    }),
  );
  // tr(MA) = tr(A) − tr((X'X)⁻¹ X'AX); tr(MAMA) = tr(A²) − 2 tr((X'X)⁻¹ (AX)'(AX)) + tr(((X'X)⁻¹ X'AX)²)
  const xtax = gram(x, ax);
  const axax = gram(ax, ax);
  const b = matMul(xtxInverse, xtax);
  const trA = 2 * (n - 1);
  const trA2 = 2 * (3 * n - 4);
  const p = trA - trace(b);
  const q = trA2 - 2 * trace(matMul(xtxInverse, axax)) + trace(matMul(b, b));
  const mean = p / (n - k);
  const variance = (2 / ((n - k) * (n - k + 2))) * (q - p * mean);
  if (!(variance > 0)) return { statistic: dw, p: null, note: 'the variance of DW under H0 is not positive' };
  return { statistic: dw, p: normalCdf((dw - mean) / Math.sqrt(variance)) };
}

function gram(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const k = a[0].length,
    m = b[0].length;
  const out = Array.from({ length: k }, () => new Array<number>(m).fill(0));
  for (let t = 0; t < a.length; t++)
    for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) out[i][j] += a[t][i] * b[t][j];
  return out;
}
function matMul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, m) => s + v * b[m][j], 0)));
}
function trace(a: readonly (readonly number[])[]): number {
  return a.reduce((s, row, i) => s + row[i], 0);
}
