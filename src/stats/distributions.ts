/**
 * Distribution functions used by the statistics in `src/stats/`.
 *
 * Plain-English name: CDFs, tail probabilities and quantiles of the normal,
 * chi-square, gamma, beta, Student t and binomial distributions.
 *
 * How: quantiles start from `jstat`'s inverse functions and are then polished
 * with safeguarded Newton iterations on the CDFs below (on the log of the tail
 * while it is more than a factor e from the target, so that far tails such as
 * qgamma(1e-300, 300) converge), because jstat's own
 * incomplete beta continued fraction stops at a relative change of 3e-7 and
 * its normal CDF (`0.5 * (1 + erf)`) underflows to 0 in the lower tail. The
 * CDFs here are computed from the regularized incomplete gamma function
 * (series / Lentz continued fraction, Numerical Recipes §6.2) and the
 * regularized incomplete beta function (continued fraction, NR §6.4), both
 * iterated to full double precision, with a Lanczos (g = 7, n = 9) log-gamma.
 * Upper tails are computed directly (never as `1 - cdf`) so that small
 * p-values keep their relative precision. Tested against R 4.2 (`qnorm`,
 * `pnorm`, `qchisq`, `pchisq`, `qgamma`, `qbeta`, `pt`, `pbinom`, `dbinom`)
 * to about 1e-12 relative error.
 *
 * Edge cases: every function returns NaN only for invalid parameters
 * (e.g. df ≤ 0, p outside [0, 1]); callers in this folder validate their
 * inputs first and never pass such values through to their results. A gamma
 * or beta quantile whose root lies below the smallest positive double is 0,
 * as in R; one in the subnormal range (e.g. qbeta(0.49, 0.001, 1), 1.6e-310)
 * is not resolved and comes out near 2^-200. For p > 0.5 a beta quantile is
 * solved on the upper tail, so a root below about 1e-16 stalls near 2^-54
 * (qbeta(0.87232, 0.0013067, 267.91): 5.55e-17, R 8.3e-49); the one caller,
 * rate-ratio.ts (shapes of at least 1, p = 1 − α/2), would need more than
 * 1e16 events to ask for such a root.
 *
 * @example
 * normalQuantile(0.975);             // 1.9599639845400547
 * chiSquareSf(3.841458820694124, 1); // 0.05000000000000013
 * betaQuantile(0.025, 3, 8);         // 0.06673951117773456
 */
import jStat from 'jstat';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const EPS = 1e-16;
const MAX_ITER = 100_000;
const TINY = 1e-300;

/** Natural log of the gamma function, x > 0 (Lanczos approximation, g = 7). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // Reflection formula keeps precision for small x.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log B(a, b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Series for P(a, x); converges quickly for x < a + 1. */
function gammaPSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Continued fraction (modified Lentz) for Q(a, x); for x ≥ a + 1. */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a). */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? gammaPSeries(a, x) : 1 - gammaQContinuedFraction(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - gammaPSeries(a, x) : gammaQContinuedFraction(a, x);
}

/** Continued fraction for the incomplete beta function (NR betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) (the Beta(a, b) CDF at x). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * Solve tail(x) = target for x in (lo, hi) where `tail` is monotone
 * (increasing when `increasing`), starting from `guess`, by Newton steps
 * (derivative ±density) that fall back to bisection when they leave the bracket.
 */
function solveMonotone(
  tail: (x: number) => number,
  density: (x: number) => number,
  target: number,
  increasing: boolean,
  guess: number,
  lo: number,
  hi: number,
): number {
  // A root below the smallest positive double (R answers 0): the tail already reaches the target there.
  if (lo === 0 && increasing && tail(Number.MIN_VALUE) >= target) return 0;
  let x = Number.isFinite(guess) && guess > lo && guess < hi ? guess : Number.isFinite(hi) ? (lo + hi) / 2 : lo + 1;
  for (let i = 0; i < 200; i++) {
    const t = tail(x);
    const f = t - target;
    if (f === 0) return x;
    // Value too small on an increasing function → root is to the right.
    if (f < 0 === increasing) lo = x;
    else hi = x;
    const slope = increasing ? density(x) : -density(x);
    let next = slope !== 0 && Number.isFinite(slope) ? x - f / slope : NaN;
    // Far from the target (the tail off by more than a factor e), a Newton step on the tail itself
    // moves x by only about x/shape (qgamma(1e-300, 300)); a Newton step on log(tail) against
    // log|x| is exact for a tail that behaves like a power of x. NaN (t = 0) bisects below.
    if (Math.abs(Math.log(t / target)) > 1) {
      next = x * Math.exp(-Math.log(t / target) / ((x * slope) / t));
    }
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(hi) ? (lo + hi) / 2 : Math.max(2 * x, lo + 1);
    }
    if (Math.abs(next - x) <= 4 * Number.EPSILON * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

function checkProbability(p: number): boolean {
  return p >= 0 && p <= 1;
}

/** Standard normal CDF Φ(x), accurate in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const half = 0.5 * regularizedGammaQ(0.5, (x * x) / 2);
  return x < 0 ? half : 1 - half;
}

/** Standard normal upper tail 1 − Φ(x), computed without cancellation. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal quantile Φ⁻¹(p) (R `qnorm(p)`). */
export function normalQuantile(p: number): number {
  if (!checkProbability(p)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  const guess = jStat.normal.inv(p, 0, 1);
  return solveMonotone(normalCdf, normalPdf, p, true, guess, -40, 0);
}

function gammaPdf(x: number, shape: number): number {
  if (x <= 0) return 0;
  return Math.exp((shape - 1) * Math.log(x) - x - logGamma(shape));
}

/**
 * Gamma(shape, scale) quantile (R `qgamma(p, shape, scale = scale)`).
 */
export function gammaQuantile(p: number, shape: number, scale = 1): number {
  if (!checkProbability(p) || !(shape > 0) || !(scale > 0)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  let guess = jStat.gammapinv(p, shape);
  if (p <= 0.5) {
    // Far in the lower tail jStat's guess can be off by many orders of magnitude, and Newton
    // steps from the right on P ≈ x^a / Γ(a + 1) shrink x only by a factor (1 − 1/a) each.
    // Start from the root of that leading term instead when it is closer (on the log scale).
    const lead = Math.exp((Math.log(p) + logGamma(shape + 1)) / shape);
    const miss = (v: number) => Math.abs(Math.log(regularizedGammaP(shape, v) / p));
    if (lead > 0 && Number.isFinite(lead) && !(miss(guess) <= miss(lead))) guess = lead;
  }
  const pdf = (x: number) => gammaPdf(x, shape);
  const x =
    p <= 0.5
      ? solveMonotone((v) => regularizedGammaP(shape, v), pdf, p, true, guess, 0, Infinity)
      : solveMonotone((v) => regularizedGammaQ(shape, v), pdf, 1 - p, false, guess, 0, Infinity);
  return x * scale;
}

/** Chi-square CDF with `df` degrees of freedom (R `pchisq(x, df)`). */
export function chiSquareCdf(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  return regularizedGammaP(df / 2, x / 2);
}

/** Chi-square upper tail P(X > x) (R `pchisq(x, df, lower.tail = FALSE)`). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Chi-square quantile (R `qchisq(p, df)`). */
export function chiSquareQuantile(p: number, df: number): number {
  if (!(df > 0)) return NaN;
  return 2 * gammaQuantile(p, df / 2);
}

/** Beta(a, b) quantile (R `qbeta(p, a, b)`). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!checkProbability(p) || !(a > 0) || !(b > 0)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lb = logBeta(a, b);
  const pdf = (x: number) => (x <= 0 || x >= 1 ? 0 : Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb));
  const guess = jStat.ibetainv(p, a, b);
  return p <= 0.5
    ? solveMonotone((v) => regularizedBeta(v, a, b), pdf, p, true, guess, 0, 1)
    : solveMonotone((v) => regularizedBeta(1 - v, b, a), pdf, 1 - p, false, guess, 0, 1);
}

/** Student t CDF with `df` degrees of freedom (R `pt(t, df)`). */
export function tCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return NaN;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** Two-sided p-value P(|T| ≥ |t|) for Student t (R `2 * pt(-abs(t), df)`). */
export function tTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Binomial probability mass P(X = k), X ~ Bin(n, p) (R `dbinom(k, n, p)`). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logC = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Binomial CDF P(X ≤ k) (R `pbinom(k, n, p)`), via I_{1−p}(n − k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  k = Math.floor(k);
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - p, n - k, k + 1);
}

/** Binomial upper tail P(X > k) (R `pbinom(k, n, p, lower.tail = FALSE)`), via I_p(k + 1, n − k). */
export function binomialSf(k: number, n: number, p: number): number {
  k = Math.floor(k);
  if (k < 0) return 1;
  if (k >= n) return 0;
  return regularizedBeta(p, k + 1, n - k);
}
