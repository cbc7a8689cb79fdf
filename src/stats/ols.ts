import { tTwoSidedP } from './distributions.js';

/** One fitted coefficient of {@link ols}. Null fields when there are no residual degrees of freedom. */
export interface OlsCoefficient {
  estimate: number;
  stdErr: number | null;
  /** estimate / stdErr. */
  t: number | null;
  /** Two-sided p-value from Student t with the residual df. */
  p: number | null;
}

/** Result of {@link ols}. `coefficients` is null when the fit is impossible; `note` says why. */
export interface OlsResult {
  /** One entry per column of X, in order; null when the fit failed. */
  coefficients: OlsCoefficient[] | null;
  n: number;
  /** Residual degrees of freedom n − p. */
  dfResidual: number;
  /** Residual standard error √(RSS / (n − p)); null when n − p = 0. */
  sigma: number | null;
  /** R² = 1 − RSS/TSS (TSS about the mean: X is assumed to contain an intercept column). */
  r2: number | null;
  /** Adjusted R² = 1 − (1 − R²)(n − 1)/(n − p). */
  adjR2: number | null;
  /** Residuals y − Xβ̂; null when the fit failed. */
  residuals: number[] | null;
  /** (X'X)⁻¹ (unscaled covariance); multiply by σ² for Var(β̂). Null when the fit failed. */
  xtxInverse: number[][] | null;
  note?: string;
}

/**
 * Ordinary least squares: β̂ = (X'X)⁻¹X'y, Var(β̂) = σ̂²(X'X)⁻¹ with
 * σ̂² = RSS/(n − p); t = β̂ / se(β̂); two-sided p from t with n − p df.
 *
 * Computed through a Householder QR decomposition X = QR (so (X'X)⁻¹ =
 * R⁻¹R⁻ᵀ) rather than by forming X'X, which keeps full accuracy when a
 * column has a large offset (e.g. times in days since 1970), like R's `lm`.
 * Reference: Golub & Van Loan §5.3; R `summary(lm(y ~ ...))`.
 *
 * Edge cases: X must include the intercept column if one is wanted (R² is
 * computed about the mean of y). n < p, ragged X, non-finite values, or
 * collinear columns (rank-deficient X, where R would report NA coefficients)
 * → coefficients null with a note. n = p → estimates only (stdErr/t/p,
 * sigma, adjR2 null) with a note. TSS = 0 (constant y) → r2/adjR2 null with a note.
 *
 * @example
 * const fit = ols([[1, 1], [1, 2], [1, 3], [1, 4]], [2, 4, 5, 8]);
 * fit.coefficients?.map((c) => c.estimate); // [1.7763568394002505e-15, 1.8999999999999995]
 * fit.r2;                                    // 0.9626666666666667
 */
export function ols(x: readonly (readonly number[])[], y: readonly number[]): OlsResult {
  const n = y.length;
  const p = x.length > 0 ? x[0].length : 0;
  const fail = (note: string): OlsResult => ({
    coefficients: null,
    n,
    dfResidual: n - p,
    sigma: null,
    r2: null,
    adjR2: null,
    residuals: null,
    xtxInverse: null,
    note,
  });
  if (x.length !== n) return fail(`X has ${x.length} rows but y has ${n} values`);
  if (p === 0 || x.some((row) => row.length !== p)) return fail('X must be a non-empty rectangular matrix');
  if (n < p) return fail(`need at least as many observations (${n}) as coefficients (${p})`);
  if (y.some((v) => !Number.isFinite(v)) || x.some((row) => row.some((v) => !Number.isFinite(v)))) {
    return fail('X and y must contain only finite numbers');
  }

  // Householder QR on a copy of X, applying the reflections to y as well.
  const a = x.map((row) => [...row]);
  const qty = [...y];
  const colNorms = Array.from({ length: p }, (_, j) => Math.sqrt(a.reduce((s, row) => s + row[j] * row[j], 0)));
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i][k] * a[i][k];
    norm = Math.sqrt(norm);
    if (norm <= 1e-10 * colNorms[k] || norm === 0) {
      return fail(`the columns of X are collinear (column ${k + 1} is a combination of the earlier ones)`);
    }
    const alpha = a[k][k] > 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    v[k] = a[k][k] - alpha;
    for (let i = k + 1; i < n; i++) v[i] = a[i][k];
    const vv = v.reduce((s, vi, i) => (i >= k ? s + vi * vi : s), 0);
    if (vv > 0) {
      for (let j = k; j < p; j++) {
        let dot = 0;
        for (let i = k; i < n; i++) dot += v[i] * a[i][j];
        const f = (2 * dot) / vv;
        for (let i = k; i < n; i++) a[i][j] -= f * v[i];
      }
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * qty[i];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) qty[i] -= f * v[i];
    }
  }

  // Back-substitution R β = (Q'y)[0..p); R⁻¹ for the covariance.
  const beta = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = qty[i];
    for (let j = i + 1; j < p; j++) s -= a[i][j] * beta[j];
    beta[i] = s / a[i][i];
  }
  const rInv = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    rInv[j][j] = 1 / a[j][j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += a[i][k] * rInv[k][j];
      rInv[i][j] = -s / a[i][i];
    }
  }
  const xtxInverse = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += rInv[i][k] * rInv[j][k];
      return s;
    }),
  );

  const residuals = y.map((yi, i) => yi - x[i].reduce((s, xij, j) => s + xij * beta[j], 0));
  const rss = residuals.reduce((s, r) => s + r * r, 0);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const tss = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const dfResidual = n - p;
  const notes: string[] = [];
  const r2 = tss > 0 ? 1 - rss / tss : null;
  if (r2 === null) notes.push('y is constant: R² is undefined');

  if (dfResidual === 0) {
    notes.push('no residual degrees of freedom (n = number of coefficients): standard errors are undefined');
    return {
      coefficients: beta.map((estimate) => ({ estimate, stdErr: null, t: null, p: null })),
      n,
      dfResidual,
      sigma: null,
      r2,
      adjR2: null,
      residuals,
      xtxInverse,
      note: notes.join('; '),
    };
  }
  const sigma2 = rss / dfResidual;
  const coefficients = beta.map((estimate, j) => {
    const stdErr = Math.sqrt(sigma2 * xtxInverse[j][j]);
    if (stdErr === 0) return { estimate, stdErr, t: null, p: null };
    const t = estimate / stdErr;
    return { estimate, stdErr, t, p: tTwoSidedP(t, dfResidual) };
  });
  if (coefficients.some((c) => c.t === null)) notes.push('residuals are all 0 (perfect fit): t and p are undefined');
  const result: OlsResult = {
    coefficients,
    n,
    dfResidual,
    sigma: Math.sqrt(sigma2),
    r2,
    adjR2: r2 === null ? null : 1 - ((1 - r2) * (n - 1)) / dfResidual,
    residuals,
    xtxInverse,
  };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}
