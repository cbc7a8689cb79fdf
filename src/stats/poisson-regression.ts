import { normalQuantile, normalSf } from './distributions.js';
import { ols } from './ols.js';

/** One coefficient of a log-link count model, on the log scale; z test and Wald interval. */
export interface GlmCoefficient {
  estimate: number;
  stdErr: number;
  /** estimate / stdErr */
  z: number;
  /** two-sided p from the standard normal */
  p: number;
}

/** Result of {@link poissonRegression} (and of the negative binomial fit). */
export interface GlmFit {
  /** null when the fit failed; `note` says why */
  coefficients: GlmCoefficient[] | null;
  /** fitted means */
  fitted: number[] | null;
  /** Pearson residuals (y − μ)/√V(μ) */
  pearsonResiduals: number[] | null;
  deviance: number | null;
  /** residual df n − p */
  dfResidual: number;
  /** Pearson X² / (n − p): about 1 for Poisson counts, above 1 when overdispersed (the quasi-Poisson dispersion) */
  dispersion: number | null;
  iterations: number;
  converged: boolean;
  note?: string;
}

/** Variance function of a log-link count model: V(μ). */
export type VarianceFunction = (mu: number) => number;

/**
 * Iteratively reweighted least squares for a log-link GLM with variance V(μ)
 * (Poisson: V = μ; negative binomial with known θ: V = μ + μ²/θ). Each step
 * solves the weighted least squares of the working response
 * z = η + (y − μ)/μ on X with weights w = μ²/V(μ), through the QR `ols`.
 * Starts from μ = y + 0.1 as R `glm`, or from `start` (linear predictor);
 * stops when |ΔD|/(|D| + 0.1) < 1e-12 (R's rule with a tighter ε), or after
 * 100 steps (not converged, note). A step that leaves a fitted mean at 0, or
 * so large (beyond ~1e154) that its weight overflows, ends the fit with a note.
 * Covariance (X'WX)⁻¹ (dispersion 1).
 * `deviance` is computed by `devianceOf`.
 */
export function glmLogLink(
  x: readonly (readonly number[])[],
  y: readonly number[],
  variance: VarianceFunction,
  devianceOf: (y: readonly number[], mu: readonly number[]) => number,
  start?: readonly number[],
): GlmFit & { linearPredictor: number[] | null } {
  const n = y.length;
  const k = x.length > 0 ? x[0].length : 0;
  const fail = (note: string): GlmFit & { linearPredictor: null } => ({
    coefficients: null,
    fitted: null,
    pearsonResiduals: null,
    deviance: null,
    dfResidual: n - k,
    dispersion: null,
    iterations: 0,
    converged: false,
    note,
    linearPredictor: null,
  });
  if (x.length !== n || k === 0 || x.some((r) => r.length !== k))
    return fail('X must be a non-empty matrix with one row per count');
  if (y.some((v) => !Number.isFinite(v) || v < 0)) return fail('counts must be finite and non-negative');
  if (n <= k) return fail(`need more observations (${n}) than coefficients (${k})`);
  let eta = start ? [...start] : y.map((v) => Math.log(v + 0.1));
  let mu = eta.map(Math.exp);
  let dev = devianceOf(y, mu);
  let it = 0,
    converged = false;
  let fit: ReturnType<typeof ols> | null = null;
  // the estimates behind the current μ (the last step's); null until a step is taken
  let beta: number[] | null = null;
  for (it = 1; it <= 100; it++) {
    const w = mu.map((m) => (m * m) / variance(m));
    const sw = w.map(Math.sqrt);
    const z = eta.map((e, i) => e + (y[i] - mu[i]) / mu[i]);
    fit = ols(
      x.map((row, i) => row.map((v) => v * sw[i])),
      z.map((v, i) => v * sw[i]),
    );
    if (fit.coefficients === null) return fail(fit.note ?? 'the weighted least squares step failed');
    beta = fit.coefficients.map((c) => c.estimate);
    const b = beta;
    eta = x.map((row) => row.reduce((s, v, j) => s + v * b[j], 0));
    mu = eta.map(Math.exp);
    // the next step's weight μ²/V(μ) must be a number: it is not for μ = 0 (0/0) nor for a μ so large that μ² overflows
    // (beyond ~1e154; ols would then refuse the weighted rows as if the input were not finite)
    if (mu.some((m) => !Number.isFinite((m * m) / variance(m))))
      return fail('the fit diverged (a fitted mean is 0 or too large)');
    const newDev = devianceOf(y, mu);
    const change = Math.abs(newDev - dev) / (Math.abs(newDev) + 0.1);
    dev = newDev;
    if (change < 1e-12) {
      converged = true;
      break;
    }
  }
  // the covariance at the final μ: (X'WX)⁻¹ depends on the weights only. The estimates are the last step's,
  // the ones μ was computed from: the weighted least squares below would take one step more, which a fit
  // that has not converged would report ahead of its fitted means, deviance and residuals.
  const w = mu.map((m) => (m * m) / variance(m));
  const sw = w.map(Math.sqrt);
  const z = eta.map((e, i) => e + (y[i] - mu[i]) / mu[i]);
  fit = ols(
    x.map((row, i) => row.map((v) => v * sw[i])),
    z.map((v, i) => v * sw[i]),
  );
  if (fit.coefficients === null || fit.xtxInverse === null)
    return fail(fit.note ?? 'the covariance could not be computed');
  const inv = fit.xtxInverse;
  const estimates = beta!;
  const coefficients = estimates.map((estimate, j) => {
    const stdErr = Math.sqrt(inv[j][j]);
    const zz = estimate / stdErr;
    return { estimate, stdErr, z: zz, p: Math.min(1, 2 * normalSf(Math.abs(zz))) };
  });
  const pearsonResiduals = y.map((v, i) => (v - mu[i]) / Math.sqrt(variance(mu[i])));
  const pearson = pearsonResiduals.reduce((s, r) => s + r * r, 0);
  const result: GlmFit & { linearPredictor: number[] } = {
    coefficients,
    fitted: mu,
    pearsonResiduals,
    deviance: dev,
    dfResidual: n - k,
    dispersion: pearson / (n - k),
    // a loop that ran out leaves with it = 101 after 100 steps
    iterations: converged ? it : it - 1,
    converged,
    linearPredictor: eta,
  };
  if (!converged) result.note = 'IRLS did not converge in 100 iterations';
  return result;
}

/** Poisson deviance 2 Σ [y log(y/μ) − (y − μ)] (the y log term is 0 when y = 0). */
export function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) : 0) - (y[i] - mu[i]));
  return d;
}

/**
 * Poisson regression with a log link, fitted by IRLS (Fisher scoring):
 * log E[y] = Xβ. Standard errors from (X'WX)⁻¹ with W = diag(μ), z tests and
 * two-sided normal p-values, the residual deviance, and the Pearson
 * dispersion X²/(n − p) (quasi-Poisson φ: well above 1 means the Poisson
 * standard errors are too small).
 *
 * Reference: McCullagh & Nelder (1989) Generalized Linear Models §2.5, §6.2.
 * Matches R `summary(glm(y ~ X - 1, family = poisson))`.
 *
 * Edge cases: negative or non-finite counts, n ≤ p, collinear X (e.g. a
 * column of zeros), divergence (all counts 0 in a segment) → coefficients null
 * with a note. Not converged in 100 steps → estimates with a note.
 *
 * @example
 * // y = c(2, 3, 6, 7, 8, 9, 10, 12, 15), x = 1:9
 * poissonRegression([1..9].map((v) => [1, v]), y).coefficients;
 * // [{ estimate: 0.9776…, stdErr: 0.2719…, … }, { estimate: 0.1658…, stdErr: 0.0409…, … }]
 */
export function poissonRegression(x: readonly (readonly number[])[], y: readonly number[]): GlmFit {
  const { linearPredictor: _eta, ...fit } = glmLogLink(x, y, (m) => m, poissonDeviance);
  return fit;
}

/** Wald interval exp(β ± z·se) of a log-scale coefficient, as a rate ratio. */
export function rateRatioInterval(c: GlmCoefficient, confidence = 0.95): { ratio: number; low: number; high: number } {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    ratio: Math.exp(c.estimate),
    low: Math.exp(c.estimate - z * c.stdErr),
    high: Math.exp(c.estimate + z * c.stdErr),
  };
}
