import { normalCdf, normalSf } from './distributions.js';

/** Result of {@link wilcoxonSignedRank}. Fields are null when the test cannot be computed; `note` says why. */
export interface WilcoxonSignedRank {
  /** V: sum of the ranks of |x − y| over pairs with x − y > 0. */
  statistic: number | null;
  /** Number of pairs with a non-zero difference (zeros are dropped). */
  n: number;
  /** Two-sided p-value, capped at 1. */
  p: number | null;
  method: 'exact' | 'normal' | null;
  note?: string;
}

/**
 * Wilcoxon signed-rank test for paired samples, two-sided.
 *
 * d = x − y; pairs with d = 0 are dropped (Wilcoxon's method, R's default);
 * the |d| are ranked with average ranks for ties; V = Σ rank(|dᵢ|) over dᵢ > 0.
 *
 * - method 'exact' (n < 50, no tied |d| and no zero was dropped, as R):
 *   p = min(1, 2·P(V ≤ v)) if v ≤ n(n+1)/4, else min(1, 2·P(V ≥ v)), from the
 *   exact null distribution of V (all 2ⁿ sign patterns equally likely).
 * - method 'normal' otherwise: z = (V − n(n+1)/4 − sign·½) / σ with
 *   σ² = n(n+1)(2n+1)/24 − Σ(tⱼ³ − tⱼ)/48 over tie groups tⱼ, and
 *   p = 2·min(Φ(z), 1 − Φ(z)) (continuity correction ½ toward the mean).
 *
 * Reference: Wilcoxon F. (1945) Biometrics Bulletin 1:80–83; Hollander &
 * Wolfe (1973) Nonparametric Statistical Methods §3.1. Matches R
 * `wilcox.test(x, y, paired = TRUE)` (defaults `exact = NULL`, `correct = TRUE`).
 *
 * Edge cases: x and y of different lengths, non-finite values, or no non-zero
 * difference (n = 0) → statistic/p/method null with a note.
 *
 * @example
 * wilcoxonSignedRank(
 *   [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
 *   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
 * );
 * // { statistic: 40, n: 9, p: 0.0390625, method: 'exact' }
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): WilcoxonSignedRank {
  const fail = (note: string, n = 0): WilcoxonSignedRank => ({ statistic: null, n, p: null, method: null, note });
  if (x.length !== y.length) return fail(`x and y must have the same length (got ${x.length} and ${y.length})`);
  const all = x.map((xi, i) => xi - y[i]);
  if (all.some((d) => !Number.isFinite(d))) return fail('x and y must contain only finite numbers');
  const d = all.filter((v) => v !== 0);
  const zeros = all.length - d.length;
  const n = d.length;
  if (n === 0) {
    return fail(all.length === 0 ? 'no pairs' : 'every difference x − y is 0: nothing to test');
  }

  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  let v = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) v += ranks[i];
  const ties = tieSizes.some((t) => t > 1);
  const mean = (n * (n + 1)) / 4;
  const notes: string[] = [];
  if (zeros > 0) notes.push(`${zeros} zero difference(s) dropped`);

  if (n < 50 && !ties && zeros === 0) {
    const p = v > mean ? 2 * signedRankUpper(v - 1, n) : 2 * signedRankCdf(v, n);
    return { statistic: v, n, p: Math.min(1, p), method: 'exact' };
  }
  if (n < 50)
    notes.push(
      ties ? 'ties among |x − y|: normal approximation used' : 'normal approximation used because zeros were dropped',
    );

  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t * t * t - t;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const diff = v - mean;
  const z = (diff - Math.sign(diff) * 0.5) / sigma;
  const p = Math.min(1, 2 * Math.min(normalCdf(z), normalSf(z)));
  const result: WilcoxonSignedRank = { statistic: v, n, p, method: 'normal' };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/**
 * Average ranks (1-based) with sizes of the tie groups (in increasing value order), as R's
 * `rank(ties.method = "average")`. Small non-negative integers (counts: the paired
 * differences of prepost) are ranked by counting, without a sort; `counting: false` forces
 * the sort (the two give identical ranks, a test checks it).
 */
export function averageRanks(values: readonly number[], counting = true): { ranks: number[]; tieSizes: number[] } {
  const n = values.length;
  let max = 0;
  let small = counting;
  for (let i = 0; small && i < n; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= 0 && v <= 4 * n + 1024)) small = false;
    else if (v > max) max = v;
  }
  if (small) {
    const count = new Float64Array(max + 1);
    for (let i = 0; i < n; i++) count[values[i]]++;
    // average rank of each value: the group of value u spans sorted positions i..j (0-based)
    const rankOf = new Float64Array(max + 1);
    const tieSizes: number[] = [];
    let i = 0;
    for (let u = 0; u <= max; u++) {
      const c = count[u];
      if (c === 0) continue;
      const j = i + c - 1;
      rankOf[u] = (i + j + 2) / 2;
      tieSizes.push(c);
      i = j + 1;
    }
    const ranks = new Array<number>(n);
    for (let k = 0; k < n; k++) ranks[k] = rankOf[values[k]];
    return { ranks, tieSizes };
  }
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = avg;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/** Number of subsets of {1..n} with each possible sum 0..n(n+1)/2 (exact in doubles for n < 50). */
function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  }
  return counts;
}

/** P(V ≤ q) under H0 (R `psignrank(q, n)`). */
function signedRankCdf(q: number, n: number): number {
  const counts = signedRankCounts(n);
  let total = 0;
  for (let s = 0; s <= Math.min(Math.floor(q), counts.length - 1); s++) total += counts[s];
  return total / 2 ** n;
}

/** P(V > q) under H0 (R `psignrank(q, n, lower.tail = FALSE)`). */
function signedRankUpper(q: number, n: number): number {
  const counts = signedRankCounts(n);
  let total = 0;
  for (let s = Math.max(0, Math.floor(q) + 1); s < counts.length; s++) total += counts[s];
  return total / 2 ** n;
}
