import { ols, type OlsCoefficient } from './ols.js';

/** Result of {@link segmentedRegression}. Fields are null when the model cannot be fitted; `note` says why. */
export interface SegmentedRegression {
  /** Level at t = 0 on the pre-launch line (R `(Intercept)`). */
  intercept: OlsCoefficient | null;
  /** Pre-launch slope per unit of t (R `t`). */
  time: OlsCoefficient | null;
  /** Level change at the launch time: post-launch line minus the projected pre-launch line at t[launchIndex] (R `post`). */
  levelChange: OlsCoefficient | null;
  /** Slope change after launch per unit of t (R `tsince`). */
  slopeChange: OlsCoefficient | null;
  n: number;
  /** Residual degrees of freedom, n − 4. */
  df: number;
  /** Residual standard error. */
  sigma: number | null;
  r2: number | null;
  adjR2: number | null;
  /** Design matrix rows [1, t, post, tsince, ...covariates] (null when the fit failed). */
  design: number[][] | null;
  /** Residuals in time order (null when the fit failed). */
  residuals: number[] | null;
  /** (X'X)⁻¹ of the design (null when the fit failed). */
  xtxInverse: number[][] | null;
  /** Coefficients of the extra covariate columns, in order (empty without covariates). */
  covariates: OlsCoefficient[];
  note?: string;
}

/**
 * Design rows of the segmented regression: [1, t, post, tsince, ...covariates[i]]
 * with post = 1 from launchIndex on and tsince = post·(t − t[launchIndex]).
 */
export function segmentedDesign(
  t: readonly number[],
  launchIndex: number,
  covariates?: readonly (readonly number[])[],
): number[][] {
  const tLaunch = t[launchIndex];
  return t.map((ti, i) => {
    const post = i >= launchIndex ? 1 : 0;
    return [1, ti, post, post * (ti - tLaunch), ...(covariates ? covariates[i] : [])];
  });
}

/**
 * Segmented regression for an interrupted time series (single interruption).
 *
 *   y = β₀ + β₁·t + β₂·post + β₃·tsince + ε
 *
 * with post = 1 for observations at index ≥ launchIndex (else 0) and
 * tsince = post·(t − t[launchIndex]) (0 at the launch observation, so β₂ is the
 * jump at the launch time itself). Fitted by OLS (see `ols.ts`); standard
 * errors from σ̂²(X'X)⁻¹, t statistics and two-sided p-values from Student t
 * with n − 4 df; R² = 1 − RSS/TSS. No autocorrelation correction (plain OLS).
 *
 * Reference: Wagner, Soumerai, Zhang & Ross-Degnan (2002) J Clin Pharm Ther
 * 27:299–309. Matches R `summary(lm(y ~ t + post + tsince))` with those
 * variables built as above.
 *
 * `covariates` (optional) adds columns to the model, one row per observation
 * — e.g. month-of-year indicators for seasonality (R `lm(y ~ t + post +
 * tsince + factor(month))`); the four segment coefficients keep their meaning,
 * now adjusted for them, and the residual df is n − 4 − (number of covariates).
 *
 * Edge cases: y and t of different lengths, non-finite values, t not
 * strictly increasing, launchIndex not an integer with at least 2
 * observations before and 2 from it on, or n < 5 → all coefficients null with
 * a note (n = 4 leaves no residual df; n = 5 works with 1 df).
 *
 * @example
 * const fit = segmentedRegression([12, 15, 11, 14, 16, 13, 22, 25, 21, 27], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 6);
 * fit.levelChange;
 * // { estimate: 7.4999999999999964, stdErr: 2.9118122868156853, t: 2.5757154861798752, p: 0.042010777955404054 }
 * fit.r2; // 0.8889486026968927
 */
export function segmentedRegression(
  y: readonly number[],
  t: readonly number[],
  launchIndex: number,
  covariates?: readonly (readonly number[])[],
): SegmentedRegression {
  const n = y.length;
  const extra = covariates && covariates.length > 0 ? covariates[0].length : 0;
  const fail = (note: string): SegmentedRegression => ({
    intercept: null,
    time: null,
    levelChange: null,
    slopeChange: null,
    n,
    df: n - 4 - extra,
    sigma: null,
    r2: null,
    adjR2: null,
    design: null,
    residuals: null,
    xtxInverse: null,
    covariates: [],
    note,
  });
  const problem = segmentedInputProblem(y, t, launchIndex, covariates);
  if (problem) return fail(problem);
  const x = segmentedDesign(t, launchIndex, covariates);
  const fit = ols(x, y);
  if (fit.coefficients === null) return fail(fit.note ?? 'the model could not be fitted');
  const [intercept, time, levelChange, slopeChange, ...cov] = fit.coefficients;
  const result: SegmentedRegression = {
    intercept,
    time,
    levelChange,
    slopeChange,
    n,
    df: fit.dfResidual,
    sigma: fit.sigma,
    r2: fit.r2,
    adjR2: fit.adjR2,
    design: x,
    residuals: fit.residuals,
    xtxInverse: fit.xtxInverse,
    covariates: cov,
  };
  if (fit.note) result.note = fit.note;
  return result;
}

/**
 * Why the inputs of a segmented regression (linear or count) cannot be
 * fitted, or null: lengths, finite values, strictly increasing t, at least 2
 * observations on each side of the launch, 1 residual df, covariate shape.
 */
export function segmentedInputProblem(
  y: readonly number[],
  t: readonly number[],
  launchIndex: number,
  covariates?: readonly (readonly number[])[],
): string | null {
  const n = y.length;
  const extra = covariates && covariates.length > 0 ? covariates[0].length : 0;
  if (t.length !== n) return `y and t must have the same length (got ${n} and ${t.length})`;
  if (y.some((v) => !Number.isFinite(v)) || t.some((v) => !Number.isFinite(v))) return 'y and t must be finite numbers';
  if (t.some((v, i) => i > 0 && !(v > t[i - 1]))) return 't must be strictly increasing';
  if (covariates && (covariates.length !== n || covariates.some((r) => r.length !== extra)))
    return 'covariates must have one row of equal length per observation';
  if (n < 5 + extra)
    return `need at least ${5 + extra} observations for ${4 + extra} coefficients and 1 residual df (got ${n})`;
  if (!Number.isInteger(launchIndex) || launchIndex < 2 || launchIndex > n - 2) {
    return 'launchIndex must leave at least 2 observations before the launch and 2 from it on';
  }
  return null;
}
