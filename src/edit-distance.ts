/**
 * Edit distance between two strings (UTF-16 code units): the number of
 * single-character insertions, deletions and substitutions that turn `a`
 * into `b` (Levenshtein), and with `transpositions` also swaps of two
 * adjacent characters, each counted as one edit (optimal string alignment:
 * no substring is edited twice). Used for "did you mean" suggestions and for
 * matching export headers to field names. Imports nothing.
 *
 * @example
 * editDistance('kitten', 'sitting') // 3
 * editDistance('arrset', 'arrest') // 2
 * editDistance('arrset', 'arrest', { transpositions: true }) // 1
 */
export function editDistance(a: string, b: string, options: { transpositions?: boolean } = {}): number {
  const swaps = options.transpositions === true;
  const n = b.length;
  // three rolling rows of the (a.length + 1) × (b.length + 1) table: i - 2, i - 1, i
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[n];
}
