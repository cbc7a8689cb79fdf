import { gammaQuantile } from './distributions.js';

/** Result of {@link poissonInterval}. Fields are null when the interval cannot be computed; `note` says why. */
export interface PoissonInterval {
  /** count / exposure (the count itself when exposure = 1). */
  estimate: number | null;
  low: number | null;
  high: number | null;
  note?: string;
}

/**
 * Exact (Garwood) confidence interval for a Poisson count or rate.
 *
 * Formula, with α = 1 − confidence and x the observed count:
 *
 *   low  = G⁻¹(α/2; x, 1) / T          (0 when x = 0)
 *   high = G⁻¹(1 − α/2; x + 1, 1) / T
 *
 * where G⁻¹(p; a, 1) is the gamma(shape a, scale 1) quantile, equivalently
 * χ²_{p}(2a)/2, and T the exposure (default 1: an interval for the count).
 *
 * Reference: Garwood F. (1936) Biometrika 28:437–442. Identical to R
 * `poisson.test(x, T, conf.level = confidence)$conf.int`.
 *
 * Edge cases: count 0 → low is exactly 0 (estimate 0); negative or
 * non-integer count, non-positive exposure or confidence outside (0, 1) →
 * nulls with a note.
 *
 * @example
 * poissonInterval(5);
 * // { estimate: 5, low: 1.62348639011842, high: 11.668332079322663 }
 */
export function poissonInterval(count: number, confidence = 0.95, exposure = 1): PoissonInterval {
  const fail = (note: string): PoissonInterval => ({ estimate: null, low: null, high: null, note });
  if (!Number.isInteger(count) || count < 0) return fail('count must be a non-negative integer');
  if (!(exposure > 0) || !Number.isFinite(exposure)) return fail('exposure must be a positive finite number');
  if (!(confidence > 0 && confidence < 1)) return fail('confidence must be strictly between 0 and 1');

  const alpha = 1 - confidence;
  const low = count === 0 ? 0 : gammaQuantile(alpha / 2, count) / exposure;
  const high = gammaQuantile(1 - alpha / 2, count + 1) / exposure;
  return { estimate: count / exposure, low, high };
}
