import { logGamma } from './distributions.js';

/** Result of {@link fisherExactTest}. `p` is null when the test cannot be computed; `note` says why. */
export interface FisherExactTest {
  p: number | null;
  /** number of tables with the observed margins that were enumerated */
  tables: number;
  note?: string;
}

/** Tables with the observed margins beyond which the enumeration stops (the test is then not computed). */
export const FISHER_MAX_TABLES = 20_000_000;

const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * Fisher's exact test of independence for an r × 2 table (rows: groups, columns:
 * e.g. reoffended / not), two-sided.
 *
 * Given the margins, the first-column counts follow the multivariate
 * hypergeometric distribution P(x) = Πᵢ C(nᵢ, xᵢ) / C(N, c₁). Every table with
 * the observed margins is enumerated; p = Σ P(x) over the tables with
 * P(x) ≤ P(observed)·(1 + 10⁻⁷) (R's tolerance for ties in probability).
 *
 * Reference: Fisher R.A. (1935) J R Stat Soc 98:39–82; Freeman & Halton (1951)
 * Biometrika 38:141–149. Matches R `fisher.test(m)$p.value` for an r × 2 matrix.
 *
 * Edge cases: all-zero rows are dropped (as `chiSquareTest`; `rowNames` name
 * them in the note); fewer than 2 non-empty rows or an all-zero column → p = 1
 * is not claimed: p null with a note; more than FISHER_MAX_TABLES tables → p
 * null with a note (use the chi-square test, whose approximation is then good).
 * Negative, non-integer or non-finite counts, or rows that are not pairs → null.
 * `maxTables` lowers the cap (tests: the cap's logic without enumerating 2·10⁷ tables).
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]).p; // 0.48571428571428565
 */
export function fisherExactTest(
  table: readonly (readonly number[])[],
  rowNames?: readonly string[],
  maxTables: number = FISHER_MAX_TABLES,
): FisherExactTest {
  const fail = (note: string, tables = 0): FisherExactTest => ({ p: null, tables, note });
  if (table.some((row) => row.length !== 2)) return fail('the table must have exactly 2 columns');
  if (table.some((row) => row.some((v) => !Number.isInteger(v) || v < 0)))
    return fail('counts must be non-negative whole numbers');
  const notes: string[] = [];
  const keep = table.map((row) => row[0] + row[1] > 0);
  const dropped = keep.flatMap((k, i) => (k ? [] : [rowNames?.[i] ?? String(i + 1)]));
  if (dropped.length) notes.push(`dropped empty row(s) ${dropped.join(', ')}`);
  const m = table.filter((_, i) => keep[i]);
  if (m.length < 2) return fail([...notes, 'needs at least 2 non-empty rows'].join('; '));
  const n = m.map((row) => row[0] + row[1]);
  const c1 = m.reduce((a, row) => a + row[0], 0);
  const N = n.reduce((a, b) => a + b, 0);
  if (c1 === 0 || c1 === N) return fail([...notes, 'one column is empty: nothing to test'].join('; '));
  const r = m.length;
  const lc = n.map((ni) => Array.from({ length: ni + 1 }, (_, x) => logChoose(ni, x)));
  const logDen = logChoose(N, c1);
  const obs = m.reduce((s, row, i) => s + lc[i][row[0]], 0);
  const threshold = obs + Math.log1p(1e-7);
  // maximum first-column count still placeable in rows i..r-1
  const capAfter = new Array<number>(r + 1).fill(0);
  for (let i = r - 1; i >= 0; i--) capAfter[i] = capAfter[i + 1] + n[i];
  let p = 0;
  let tables = 0;
  let tooMany = false;
  const visit = (i: number, remaining: number, acc: number): void => {
    if (tooMany) return;
    if (i === r - 1) {
      tables++;
      if (tables > maxTables) {
        tooMany = true;
        return;
      }
      const d = acc + lc[i][remaining];
      if (d <= threshold) p += Math.exp(d - logDen);
      return;
    }
    const lo = Math.max(0, remaining - capAfter[i + 1]);
    const hi = Math.min(n[i], remaining);
    for (let x = lo; x <= hi; x++) visit(i + 1, remaining - x, acc + lc[i][x]);
  };
  visit(0, c1, 0);
  if (tooMany)
    return fail([...notes, `more than ${maxTables} tables with these margins: not computed`].join('; '), maxTables);
  const result: FisherExactTest = { p: Math.min(1, p), tables };
  if (notes.length) result.note = notes.join('; ');
  return result;
}
