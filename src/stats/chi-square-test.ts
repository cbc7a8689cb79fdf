import { chiSquareSf } from './distributions.js';

/** Result of {@link chiSquareTest}. Fields are null when the test cannot be computed; `note` says why. */
export interface ChiSquareTest {
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Smallest expected count E = row total × column total / N (after dropping empty rows/columns). */
  minExpected: number | null;
  /** Set when rows/columns were dropped, when some expected count is < 5, or when the test cannot be computed. */
  note?: string;
}

/**
 * Pearson's chi-square test of independence for an r × c contingency table,
 * without continuity correction.
 *
 *   X² = Σᵢⱼ (Oᵢⱼ − Eᵢⱼ)² / Eᵢⱼ,  Eᵢⱼ = (row i total)(column j total) / N,
 *   df = (r − 1)(c − 1),  p = P(χ²_df ≥ X²).
 *
 * Reference: Pearson K. (1900) Phil. Mag. 50:157–175; Agresti (2013)
 * Categorical Data Analysis §3.2. Matches R `chisq.test(m, correct = FALSE)`
 * (R's own warning "Chi-squared approximation may be incorrect" is raised
 * when some E < 5; here that is a `note`).
 *
 * Edge cases: rows and columns whose counts are all zero are dropped (R
 * would return NaN) and the note says which (by `rowNames` when given, e.g.
 * the levels, else by 1-based position); fewer than 2 non-empty rows or
 * columns, negative or non-finite counts, ragged rows → nulls with a note.
 *
 * @example
 * chiSquareTest([[12, 7], [5, 9]]);
 * // { statistic: 2.4305755196815575, df: 1, p: 0.11898920553214465, minExpected: 6.787878787878788 }
 */
export function chiSquareTest(table: readonly (readonly number[])[], rowNames?: readonly string[]): ChiSquareTest {
  const fail = (note: string): ChiSquareTest => ({ statistic: null, df: null, p: null, minExpected: null, note });
  if (table.length === 0) return fail('empty table');
  const cols = table[0].length;
  if (table.some((row) => row.length !== cols)) return fail('all rows must have the same number of columns');
  if (table.some((row) => row.some((v) => !Number.isFinite(v) || v < 0))) {
    return fail('counts must be finite and non-negative');
  }

  const notes: string[] = [];
  const rowKeep = table.map((row) => row.some((v) => v > 0));
  const colKeep = Array.from({ length: cols }, (_, j) => table.some((row) => row[j] > 0));
  const droppedRows = rowKeep.flatMap((k, i) => (k ? [] : [rowNames?.[i] ?? String(i + 1)]));
  const droppedCols = colKeep.flatMap((k, j) => (k ? [] : [j + 1]));
  if (droppedRows.length > 0) notes.push(`dropped all-zero row(s) ${droppedRows.join(', ')}`);
  if (droppedCols.length > 0) notes.push(`dropped all-zero column(s) ${droppedCols.join(', ')}`);
  const m = table.filter((_, i) => rowKeep[i]).map((row) => row.filter((_, j) => colKeep[j]));
  const r = m.length;
  const c = r > 0 ? m[0].length : 0;
  if (r < 2 || c < 2) {
    return fail([...notes, `need at least 2 non-empty rows and 2 non-empty columns (have ${r} × ${c})`].join('; '));
  }

  const rowTotals = m.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: c }, (_, j) => m.reduce((a, row) => a + row[j], 0));
  const total = rowTotals.reduce((a, b) => a + b, 0);
  let statistic = 0;
  let minExpected = Infinity;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = (rowTotals[i] * colTotals[j]) / total;
      minExpected = Math.min(minExpected, e);
      statistic += (m[i][j] - e) ** 2 / e;
    }
  }
  const df = (r - 1) * (c - 1);
  if (minExpected < 5) notes.push('some expected counts are below 5: the chi-square approximation may be incorrect');
  const result: ChiSquareTest = { statistic, df, p: chiSquareSf(statistic, df), minExpected };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}
