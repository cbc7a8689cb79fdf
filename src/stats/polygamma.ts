/**
 * Digamma ψ(x) = d/dx log Γ(x) and trigamma ψ′(x), x > 0, for the negative
 * binomial likelihood (`negative-binomial-regression.ts`).
 *
 * How: shift x up by the recurrences ψ(x) = ψ(x + 1) − 1/x and
 * ψ′(x) = ψ′(x + 1) + 1/x² until x ≥ 10, then the asymptotic (Stirling)
 * series in 1/x² (Abramowitz & Stegun 6.3.18, 6.4.12), accurate to about
 * 1e-15 relative there. Matches R `digamma`, `trigamma` to ~1e-14.
 *
 * Edge cases: x ≤ 0 or non-finite → NaN (callers pass only x > 0).
 *
 * @example
 * digamma(1);  // -0.5772156649015329 (−γ)
 * trigamma(1); // 1.6449340668482264 (π²/6)
 */
export function digamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return NaN;
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series =
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return r + Math.log(x) - 0.5 / x - series;
}

/** Trigamma ψ′(x), x > 0 (see {@link digamma}). */
export function trigamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return NaN;
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  // 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹) + 5/(66x¹¹) − 691/(2730x¹³) + 7/(6x¹⁵)
  const series =
    (1 + f * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66 - f * (691 / 2730 - f * (7 / 6)))))))) / x;
  return r + series + 0.5 * f;
}
