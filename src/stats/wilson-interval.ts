import { normalQuantile } from './distributions.js';

/** Result of {@link wilsonInterval}. Fields are null when the interval cannot be computed; `note` says why. */
export interface WilsonInterval {
  /** Observed proportion successes / n. */
  estimate: number | null;
  low: number | null;
  high: number | null;
  note?: string;
}

/**
 * Wilson score confidence interval for a binomial proportion (no continuity
 * correction).
 *
 * Formula, with p̂ = x/n and z = Φ⁻¹((1 + confidence)/2):
 *
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)
 *
 * Reference: Wilson E.B. (1927) JASA 22:209–212. Identical to R
 * `prop.test(x, n, correct = FALSE)$conf.int` (which sets the lower limit to
 * exactly 0 when x = 0 and the upper limit to exactly 1 when x = n) and to
 * statsmodels `proportion_confint(x, n, method = 'wilson')`.
 *
 * Edge cases: n = 0 → all fields null with a note; x or n not a non-negative
 * integer, x > n, or confidence outside (0, 1) → nulls with a note.
 *
 * @example
 * wilsonInterval(7, 20);
 * // { estimate: 0.35, low: 0.18119182410108203, high: 0.5671457233147638 }
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): WilsonInterval {
  const fail = (note: string): WilsonInterval => ({ estimate: null, low: null, high: null, note });
  if (!Number.isInteger(n) || n < 0) return fail('n must be a non-negative integer');
  if (n === 0) return fail('n = 0: no observations, the proportion is undefined');
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    return fail('successes must be an integer between 0 and n');
  }
  if (!(confidence > 0 && confidence < 1)) return fail('confidence must be strictly between 0 and 1');

  const p = successes / n;
  const z = normalQuantile((1 + confidence) / 2);
  const z22n = (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const denom = 1 + 2 * z22n;
  // As R's prop.test: the limits are exactly 0 / 1 at the boundaries.
  const low = p <= 0 ? 0 : (p + z22n - half) / denom;
  const high = p >= 1 ? 1 : (p + z22n + half) / denom;
  return { estimate: p, low, high };
}
