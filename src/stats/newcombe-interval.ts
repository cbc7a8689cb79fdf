import { wilsonInterval } from './wilson-interval.js';

/** Result of {@link newcombeInterval}. Fields are null when the interval cannot be computed; `note` says why. */
export interface NewcombeInterval {
  /** p1 − p2 = x1/n1 − x2/n2 */
  estimate: number | null;
  low: number | null;
  high: number | null;
  note?: string;
}

/**
 * Newcombe's hybrid score interval for the difference of two independent
 * proportions, p1 − p2 (Newcombe 1998, method 10: the Wilson score intervals
 * of each proportion, without continuity correction, combined by the
 * "square-and-add" rule).
 *
 * With p̂ᵢ = xᵢ/nᵢ and Wilson limits (lᵢ, uᵢ) at the same confidence:
 *
 *   L = (p̂₁ − p̂₂) − √((p̂₁ − l₁)² + (u₂ − p̂₂)²)
 *   U = (p̂₁ − p̂₂) + √((u₁ − p̂₁)² + (p̂₂ − l₂)²)
 *
 * Reference: Newcombe R.G. (1998) Interval estimation for the difference
 * between independent proportions: comparison of eleven methods. Statistics
 * in Medicine 17:873–890, method 10 (Table II gives worked examples). The same
 * as R `DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score")`.
 *
 * Edge cases: n1 or n2 = 0, counts that are not integers in 0…n, or a
 * confidence outside (0, 1) → nulls with a note. The limits stay in [−1, 1].
 *
 * @example
 * newcombeInterval(56, 70, 48, 80);
 * // { estimate: 0.2, low: 0.05243147…, high: 0.33386…} (Newcombe 1998 Table II, example (a): 0.0524, 0.3339)
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): NewcombeInterval {
  const w1 = wilsonInterval(x1, n1, confidence);
  const w2 = wilsonInterval(x2, n2, confidence);
  const bad = w1.note ?? w2.note;
  if (bad !== undefined || w1.estimate === null || w2.estimate === null) {
    return {
      estimate: null,
      low: null,
      high: null,
      note: `${w1.note ? 'first' : 'second'} proportion: ${bad ?? 'undefined'}`,
    };
  }
  const p1 = w1.estimate,
    p2 = w2.estimate;
  const d = p1 - p2;
  const low = d - Math.hypot(p1 - w1.low!, w2.high! - p2);
  const high = d + Math.hypot(w1.high! - p1, p2 - w2.low!);
  return { estimate: d, low: Math.max(-1, low), high: Math.min(1, high) };
}
