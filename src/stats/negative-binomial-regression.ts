import { logGamma } from './distributions.js';
import { digamma, trigamma } from './polygamma.js';
import { glmLogLink, poissonDeviance, type GlmFit } from './poisson-regression.js';

/** Result of {@link negativeBinomialRegression}: the GLM fit at the ML θ, with θ and its standard error. */
export interface NegativeBinomialFit extends GlmFit {
  /** ML estimate of θ (Var y = μ + μ²/θ); null when the fit failed or θ → ∞ */
  theta: number | null;
  thetaStdErr: number | null;
  /** maximised log-likelihood */
  logLik: number | null;
}

/** Negative binomial deviance 2 Σ [y log(y/μ) − (y + θ) log((y + θ)/(μ + θ))]. */
function nbDeviance(theta: number) {
  return (y: readonly number[], mu: readonly number[]): number => {
    let d = 0;
    for (let i = 0; i < y.length; i++) {
      d +=
        2 *
        ((y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) : 0) - (y[i] + theta) * Math.log((y[i] + theta) / (mu[i] + theta)));
    }
    return d;
  };
}

function nbLogLik(theta: number, mu: readonly number[], y: readonly number[]): number {
  let l = 0;
  for (let i = 0; i < y.length; i++) {
    l +=
      logGamma(theta + y[i]) -
      logGamma(theta) -
      logGamma(y[i] + 1) +
      theta * Math.log(theta) +
      (y[i] > 0 ? y[i] * Math.log(mu[i]) : 0) -
      (theta + y[i]) * Math.log(theta + mu[i]);
  }
  return l;
}

/** Score dℓ/dθ and observed information −d²ℓ/dθ² of the NB log-likelihood in θ, for fixed μ. */
function thetaScore(t: number, y: readonly number[], mu: readonly number[]): { score: number; info: number } {
  let score = 0;
  let info = 0;
  for (let i = 0; i < y.length; i++) {
    score += digamma(t + y[i]) - digamma(t) + Math.log(t) + 1 - Math.log(t + mu[i]) - (y[i] + t) / (mu[i] + t);
    info += -trigamma(t + y[i]) + trigamma(t) - 1 / t + 2 / (mu[i] + t) - (y[i] + t) / (mu[i] + t) ** 2;
  }
  return { score, info };
}

/** Newton on the score from `start` (MASS `theta.ml`); null when θ runs past 1e8 or stops being a number. */
function newtonTheta(
  y: readonly number[],
  mu: readonly number[],
  start: number,
): { theta: number; info: number } | null {
  let t = start;
  let info = NaN;
  for (let it = 0; it < 200; it++) {
    t = Math.abs(t);
    const s = thetaScore(t, y, mu);
    info = s.info;
    const del = s.score / info;
    t += del;
    if (!Number.isFinite(t) || t > 1e8) return null;
    if (Math.abs(del) <= 1e-12 * Math.max(1, Math.abs(t))) break;
  }
  return { theta: t, info };
}

/** The root of the score between lo (score > 0) and hi (score ≤ 0), by bisection on log θ to 1e-13 relative. */
function bisectScore(lo: number, hi: number, y: readonly number[], mu: readonly number[]): number {
  while (hi - lo > 1e-13 * hi) {
    const mid = Math.sqrt(lo * hi);
    if (mid <= lo || mid >= hi) break;
    if (thetaScore(mid, y, mu).score > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/**
 * A root of the score where it falls through 0 (a maximum), by bisection on log θ between a θ where the score is
 * positive and one where it is negative, each found from `start` in steps of 10 within [1e-8, 1e8]; null when no
 * such pair is found.
 */
function bracketedTheta(y: readonly number[], mu: readonly number[], start: number): number | null {
  let lo = start;
  while (thetaScore(lo, y, mu).score <= 0) {
    lo /= 10;
    if (lo < 1e-8) return null;
  }
  let hi = Math.max(start, lo);
  while (thetaScore(hi, y, mu).score >= 0) {
    hi *= 10;
    if (hi > 1e8) return null;
  }
  return bisectScore(lo, hi, y, mu);
}

/**
 * The highest local maximum of the likelihood in θ on [1e-8, 1e8]: the score's sign is read on a grid of four points
 * per factor of 10, and each fall from positive to non-positive is bisected on log θ. Null when there is none.
 */
function gridMaximum(y: readonly number[], mu: readonly number[]): number | null {
  let best: number | null = null;
  let bestLl = Number.NEGATIVE_INFINITY;
  let prev = 1e-8;
  let prevScore = thetaScore(prev, y, mu).score;
  for (let k = 1; k <= 64; k++) {
    const t = 1e-8 * 10 ** (k / 4);
    const score = thetaScore(t, y, mu).score;
    if (prevScore > 0 && score <= 0) {
      const root = bisectScore(prev, t, y, mu);
      const ll = nbLogLik(root, mu, y);
      if (ll > bestLl) {
        best = root;
        bestLl = ll;
      }
    }
    prev = t;
    prevScore = score;
  }
  return best;
}

/**
 * ML θ for fixed μ: Newton's method on the score (MASS `theta.ml`), from the moment start n / Σ(y/μ − 1)².
 * At θ = ∞ (α = 1/θ = 0) the slope of the log-likelihood in α is ½ Σ[(y − μ)² − y]:
 * - when it is ≤ 0 (or within rounding of 0) the likelihood falls as θ comes down from infinity: θ is null (read as
 *   infinity: no overdispersion) unless a maximum's log-likelihood beats the Poisson one (the θ → ∞ limit) by more
 *   than rounding: Newton's root if it is a maximum, else the highest maximum on a grid scan of the score
 *   (`gridMaximum`; the likelihood can dip and rise again). Far out, the score is a difference of large terms and
 *   its roots are rounding noise.
 * - when it is > 0 the likelihood rises as θ comes down, so it has a finite maximum. Newton from the moment start
 *   can run off past 1e8 or stop at a minimum; θ is then found by bisection on the sign of the score
 *   (`bracketedTheta`). MASS `theta.ml` instead returns its last iterate with "iteration limit reached".
 */
export function thetaMl(y: readonly number[], mu: readonly number[]): { theta: number | null; stdErr: number | null } {
  const n = y.length;
  const start = n / y.reduce((s, v, i) => s + (v / mu[i] - 1) ** 2, 0);
  if (!Number.isFinite(start) || start <= 0) return { theta: null, stdErr: null };
  const newton = newtonTheta(y, mu, start);
  let slope = 0;
  let size = 0;
  let llPoisson = 0;
  for (let i = 0; i < n; i++) {
    slope += (y[i] - mu[i]) ** 2 - y[i];
    size += (y[i] - mu[i]) ** 2 + y[i];
    llPoisson += (y[i] > 0 ? y[i] * Math.log(mu[i]) : 0) - mu[i] - logGamma(y[i] + 1);
  }
  const withSe = (theta: number, info: number) => ({ theta, stdErr: info > 0 ? Math.sqrt(1 / info) : null });
  // a slope within rounding of 0 (its two sums cancel) counts as 0: the likelihood is flat to first order at infinity
  if (slope <= 1e-12 * size) {
    const beatsPoisson = (t: number) => nbLogLik(t, mu, y) - llPoisson > 1e-6 * (1 + Math.abs(llPoisson));
    if (newton !== null && newton.info > 0 && beatsPoisson(newton.theta)) return withSe(newton.theta, newton.info);
    // the likelihood can dip below the Poisson limit and rise again to an interior maximum that Newton missed
    const found = gridMaximum(y, mu);
    if (found !== null && beatsPoisson(found)) return withSe(found, thetaScore(found, y, mu).info);
    return { theta: null, stdErr: null };
  }
  if (newton !== null && newton.info > 0) return withSe(newton.theta, newton.info);
  const root = bracketedTheta(y, mu, start);
  // no sign change in [1e-8, 1e8]: with every count 0 the likelihood rises as θ → 0, and there is no maximum to report
  if (root === null) return { theta: null, stdErr: null };
  return withSe(root, thetaScore(root, y, mu).info);
}

/**
 * Negative binomial (NB2) regression with a log link: log E[y] = Xβ,
 * Var y = μ + μ²/θ, with θ estimated by maximum likelihood. As MASS
 * `glm.nb`: a Poisson fit first, then alternate θ = ML θ given μ
 * (`thetaMl`, Newton on the score with digamma/trigamma) and the IRLS fit of
 * β given θ (weights μ/(1 + μ/θ)), until θ and the log-likelihood stop
 * changing (the log-likelihood by 1e-10 relative; θ by 1e-10 of itself, or,
 * where the likelihood is too flat in θ for that, until θ's steps stop
 * shrinking while below 1e-8 of its standard error). Coefficient standard errors from (X'WX)⁻¹ at the
 * final θ (dispersion 1), z tests; θ's standard error 1/√(observed information).
 *
 * Reference: Venables & Ripley (2002) MASS §7.4; Lawless (1987). Matches R
 * `summary(MASS::glm.nb(y ~ ...))` (estimates, SE, z, p, theta, SE theta,
 * 2 × log-likelihood).
 *
 * Edge cases: the Poisson start fails → its note; no overdispersion (θ runs to
 * infinity) → coefficients of the Poisson fit are not returned, theta null,
 * with a note advising the Poisson model; not converged in 100 rounds → note.
 * With counts of about 1e5 or more the IRLS stopping rule (deviance change
 * below 1e-12 relative) can be at rounding level, and with about 1e9 or more
 * the log-likelihood jitters by rounding
 * (about 2e-5) above the stopping rule's 1e-10 relative change, so the fit is
 * marked not converged although its estimates match R's.
 *
 * @example
 * // y = c(2, 9, 4, 14, 5, 20, 8, 3, 25, 11), x = 1:10
 * negativeBinomialRegression([1..10].map((v) => [1, v]), y).theta; // 3.29…
 */
export function negativeBinomialRegression(
  x: readonly (readonly number[])[],
  y: readonly number[],
): NegativeBinomialFit {
  const pois = glmLogLink(x, y, (m) => m, poissonDeviance);
  const fail = (note: string): NegativeBinomialFit => ({
    coefficients: null,
    fitted: null,
    pearsonResiduals: null,
    deviance: null,
    dfResidual: pois.dfResidual,
    dispersion: null,
    iterations: 0,
    converged: false,
    theta: null,
    thetaStdErr: null,
    logLik: null,
    note,
  });
  if (pois.coefficients === null || pois.fitted === null || pois.linearPredictor === null)
    return fail(pois.note ?? 'the Poisson start failed');
  let mu = pois.fitted;
  let eta = pois.linearPredictor;
  let th = thetaMl(y, mu);
  if (th.theta === null)
    return fail(
      'no overdispersion: the ML theta runs to infinity (the negative binomial reduces to the Poisson model; use --model poisson)',
    );
  let theta = th.theta;
  let ll = nbLogLik(theta, mu, y);
  let lastStep = Number.POSITIVE_INFINITY;
  let fit: ReturnType<typeof glmLogLink> | null = null;
  let converged = false;
  let rounds = 0;
  for (rounds = 1; rounds <= 100; rounds++) {
    const t = theta;
    fit = glmLogLink(x, y, (m) => m + (m * m) / t, nbDeviance(t), eta);
    if (fit.coefficients === null || fit.fitted === null || fit.linearPredictor === null)
      return fail(fit.note ?? 'the negative binomial fit failed');
    mu = fit.fitted;
    eta = fit.linearPredictor;
    th = thetaMl(y, mu);
    if (th.theta === null)
      return fail(
        'no overdispersion: the ML theta runs to infinity (the negative binomial reduces to the Poisson model; use --model poisson)',
      );
    const newLl = nbLogLik(th.theta, mu, y);
    // θ has settled when it moves by at most 1e-10 of itself, or when its steps have stopped shrinking while they
    // are below 1e-8 of its standard error: where the likelihood is very flat in θ (standard error many times θ),
    // rounding in μ moves the root of the score by more than 1e-10 of θ, and the steps wander at that floor.
    const step = Math.abs(th.theta - theta);
    const atFloor = step >= lastStep && th.stdErr !== null && step <= 1e-8 * th.stdErr;
    const done = Math.abs(newLl - ll) <= 1e-10 * (Math.abs(ll) + 1) && (step <= 1e-10 * theta || atFloor);
    lastStep = step;
    theta = th.theta;
    ll = newLl;
    if (done) {
      converged = true;
      break;
    }
  }
  // final β at the final θ
  const t = theta;
  fit = glmLogLink(x, y, (m) => m + (m * m) / t, nbDeviance(t), eta);
  if (fit.coefficients === null || fit.fitted === null) return fail(fit.note ?? 'the negative binomial fit failed');
  const { linearPredictor: _eta, ...rest } = fit;
  const result: NegativeBinomialFit = {
    ...rest,
    // a loop that ran out leaves with rounds = 101 after 100 rounds
    iterations: converged ? rounds : rounds - 1,
    converged: converged && fit.converged,
    theta,
    thetaStdErr: th.stdErr,
    logLik: nbLogLik(theta, fit.fitted, y),
  };
  if (!result.converged)
    result.note = converged
      ? 'the negative binomial fit did not converge (its estimates did not settle)'
      : 'the negative binomial fit did not converge in 100 rounds';
  return result;
}
