/** Result of {@link wilcoxonSignedRankExact}. Null fields when the test cannot be computed; `note` says why. */
export interface WilcoxonSignedRankExact {
  /** V: sum of the (average) ranks of |x − y| over pairs with x − y > 0. */
  statistic: number | null;
  /** Number of pairs with a non-zero difference (zeros are dropped). */
  n: number;
  /** Two-sided exact p from the permutation (sign-flip) distribution of V given the ranks, capped at 1. */
  p: number | null;
  note?: string;
}

/** Largest n for which the exact distribution is computed (the work grows as n³). */
export const WILCOXON_EXACT_MAX_N = 400;

/**
 * Exact conditional Wilcoxon signed-rank test for paired samples, two-sided,
 * valid with ties and zeros (a permutation test).
 *
 * d = x − y; pairs with d = 0 are dropped (Wilcoxon's method); the |d| are
 * ranked with average ranks for ties; V = Σ rank(|dᵢ|) over dᵢ > 0. Under H0
 * (the distribution of each difference is symmetric about 0) every one of the
 * 2ⁿ sign patterns of the observed ranks is equally likely; their
 * distribution of V is computed exactly by dynamic programming over the
 * doubled ranks (integers), so ties do not need a normal approximation. The
 * distribution is symmetric about n(n+1)/4, and
 * p = min(1, 2·min(P(V ≤ v), P(V ≥ v))).
 *
 * Without ties this is R's exact `wilcox.test(x, y, paired = TRUE)`; with
 * ties it is `coin::wilcoxsign_test(x ~ y, zero.method = "Wilcoxon",
 * distribution = "exact")`, and the tests check it against a brute-force
 * enumeration of all sign patterns. Reference: Pratt & Gibbons (1981)
 * Concepts of Nonparametric Theory §5.7; Hothorn et al. (2008) J Stat Softw 28(8).
 *
 * Edge cases: x and y of different lengths, non-finite values, no non-zero
 * difference, or n > WILCOXON_EXACT_MAX_N → statistic/p null with a note.
 * `maxN` lowers that limit (tests: the limit's logic without an n = 400 distribution).
 *
 * @example
 * // five people, each one incident fewer after than before
 * wilcoxonSignedRankExact([0, 0, 0, 0, 0], [1, 1, 1, 1, 1]);
 * // { statistic: 0, n: 5, p: 0.0625 }  (R's normal approximation gives 0.0369)
 */
export function wilcoxonSignedRankExact(
  x: readonly number[],
  y: readonly number[],
  maxN: number = WILCOXON_EXACT_MAX_N,
): WilcoxonSignedRankExact {
  const fail = (note: string, n = 0): WilcoxonSignedRankExact => ({ statistic: null, n, p: null, note });
  if (x.length !== y.length) return fail(`x and y must have the same length (got ${x.length} and ${y.length})`);
  const all = x.map((xi, i) => xi - y[i]);
  if (all.some((d) => !Number.isFinite(d))) return fail('x and y must contain only finite numbers');
  const d = all.filter((v) => v !== 0);
  const n = d.length;
  if (n === 0) return fail(all.length === 0 ? 'no pairs' : 'every difference x − y is 0: nothing to test');
  if (n > maxN) return fail(`more than ${maxN} non-zero differences: exact distribution not computed`, n);
  const doubled = doubledAverageRanks(d.map(Math.abs));
  let v2 = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) v2 += doubled[i];
  const dist = signFlipDistribution(doubled);
  let lower = 0,
    upper = 0;
  for (let s = 0; s < dist.length; s++) {
    if (s <= v2) lower += dist[s];
    if (s >= v2) upper += dist[s];
  }
  const result: WilcoxonSignedRankExact = { statistic: v2 / 2, n, p: Math.min(1, 2 * Math.min(lower, upper)) };
  const zeros = all.length - n;
  if (zeros > 0) result.note = `${zeros} zero difference(s) dropped`;
  return result;
}

/** 2 × average ranks (1-based), so that tied ranks are integers. */
function doubledAverageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = i + j + 2; // 2 × (i + j + 2)/2
    i = j + 1;
  }
  return ranks;
}

/** P(Σ of a random subset of the scores = s) for each s, each score in the subset with probability ½. */
function signFlipDistribution(scores: readonly number[]): Float64Array {
  const total = scores.reduce((a, b) => a + b, 0);
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const sc of scores) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= reach; s++) {
      const p = dist[s];
      if (p === 0) continue;
      next[s] += p / 2;
      next[s + sc] += p / 2;
    }
    reach += sc;
    dist = next;
  }
  return dist;
}
