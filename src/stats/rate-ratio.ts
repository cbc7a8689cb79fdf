import { betaQuantile, binomialCdf, binomialPmf, binomialSf } from './distributions.js';

/** Result of {@link rateRatio}. Fields are null when they cannot be computed (or are infinite); `note` says why. */
export interface RateRatio {
  /** (countPost / exposurePost) / (countPre / exposurePre). */
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Two-sided exact p-value for H0: rate ratio = 1. */
  p: number | null;
  note?: string;
}

/**
 * Exact conditional test and confidence interval for the ratio of two Poisson
 * rates (post-period rate over pre-period rate).
 *
 * Conditional on the total N = x₁ + x₂, the post count x₁ is binomial with
 * π = R·T₁ / (R·T₁ + T₂), R the rate ratio. So:
 *
 *   estimate = (x₁/T₁) / (x₂/T₂)
 *   [π_L, π_U] = Clopper–Pearson interval for x₁ out of N:
 *                π_L = B⁻¹(α/2; x₁, N − x₁ + 1) (0 if x₁ = 0),
 *                π_U = B⁻¹(1 − α/2; x₁ + 1, N − x₁) (1 if x₁ = N)
 *   [low, high] = π/(1 − π) · T₂/T₁ at π_L and π_U
 *   p = exact two-sided binomial p-value of x₁ ~ Bin(N, T₁/(T₁ + T₂)),
 *       summing outcomes no more likely than x₁ (relative tolerance 1e-7).
 *
 * Reference: Clopper & Pearson (1934) Biometrika 26:404; Breslow & Day (1987)
 * Statistical Methods in Cancer Research II §4.5. Exactly what R
 * `poisson.test(c(x1, x2), c(T1, T2))` returns (via `binom.test`).
 *
 * Edge cases: both counts 0 → all null with a note; countPre = 0 → estimate
 * and high are infinite in R, returned here as null with a note (low and p
 * are still given); negative/non-integer counts, non-positive exposures or
 * confidence outside (0, 1) → nulls with a note.
 *
 * @example
 * rateRatio(12, 10, 30, 20);
 * // { estimate: 0.7999999999999999, low: 0.3730182136683579, high: 1.6090581800722479, p: 0.6240742707451268 }
 */
export function rateRatio(
  countPost: number,
  exposurePost: number,
  countPre: number,
  exposurePre: number,
  confidence = 0.95,
): RateRatio {
  const fail = (note: string): RateRatio => ({ estimate: null, low: null, high: null, p: null, note });
  for (const c of [countPost, countPre]) {
    if (!Number.isInteger(c) || c < 0) return fail('counts must be non-negative integers');
  }
  for (const e of [exposurePost, exposurePre]) {
    if (!(e > 0) || !Number.isFinite(e)) return fail('exposures must be positive finite numbers');
  }
  if (!(confidence > 0 && confidence < 1)) return fail('confidence must be strictly between 0 and 1');
  const n = countPost + countPre;
  if (n === 0) return fail('both counts are 0: the rate ratio is undefined');

  const x = countPost;
  const alpha = 1 - confidence;
  const piLow = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
  const piHigh = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
  const toRatio = (pi: number) => (pi / (1 - pi)) * (exposurePre / exposurePost);
  const p = binomialTwoSidedP(x, n, exposurePost / (exposurePost + exposurePre));

  if (countPre === 0) {
    return {
      estimate: null,
      low: toRatio(piLow),
      high: null,
      p,
      note: 'pre-period count is 0: the rate ratio and its upper limit are infinite',
    };
  }
  return {
    estimate: countPost / exposurePost / (countPre / exposurePre),
    low: toRatio(piLow),
    high: toRatio(piHigh),
    p,
  };
}

/** Two-sided exact binomial p-value exactly as R's `binom.test` computes it (0 < prob < 1). */
function binomialTwoSidedP(x: number, n: number, prob: number): number {
  const relErr = 1 + 1e-7;
  const d = binomialPmf(x, n, prob);
  const m = n * prob;
  let pval: number;
  if (x === m) {
    pval = 1;
  } else if (x < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (binomialPmf(i, n, prob) <= d * relErr) y++;
    pval = binomialCdf(x, n, prob) + binomialSf(n - y, n, prob);
  } else {
    let y = 0;
    for (let i = 0; i <= Math.floor(m); i++) if (binomialPmf(i, n, prob) <= d * relErr) y++;
    pval = binomialCdf(y - 1, n, prob) + binomialSf(x - 1, n, prob);
  }
  return Math.min(1, pval);
}
