/**
 * Solve the linear system A·x = b, or invert A, by Gauss–Jordan elimination
 * with partial pivoting.
 *
 * Plain-English name: small dense linear solver (for the log-rank variance
 * matrix and the OLS normal equations).
 *
 * Reference: Golub & Van Loan, Matrix Computations §3.2 (Gaussian elimination
 * with partial pivoting).
 *
 * Edge cases: returns null when A is not square, sizes disagree, or A is
 * singular to working precision (a pivot smaller than 1e-12 times the largest
 * absolute entry of its column in the original matrix, or exactly 0).
 *
 * @example
 * solveLinear([[2, 1], [1, 3]], [3, 5]); // [0.8, 1.4]
 * invertMatrix([[2, 0], [0, 4]]);        // [[0.5, 0], [0, 0.25]]
 */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] | null {
  const k = a.length;
  if (b.length !== k) return null;
  const result = gaussJordan(
    a,
    b.map((v) => [v]),
  );
  return result === null ? null : result.map((row) => row[0]);
}

/** Inverse of a square matrix (see {@link solveLinear}); null when singular. */
export function invertMatrix(a: readonly (readonly number[])[]): number[][] | null {
  const k = a.length;
  const identity = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  return gaussJordan(a, identity);
}

/** Reduce [A | B] to [I | A⁻¹B]. */
function gaussJordan(a: readonly (readonly number[])[], b: number[][]): number[][] | null {
  const k = a.length;
  if (k === 0 || a.some((row) => row.length !== k) || b.length !== k) return null;
  const m = a.map((row) => [...row]);
  const rhs = b.map((row) => [...row]);
  const scale = Array.from({ length: k }, (_, j) => Math.max(...a.map((row) => Math.abs(row[j]))));
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    const pv = m[pivot][col];
    if (pv === 0 || !Number.isFinite(pv) || Math.abs(pv) <= 1e-12 * scale[col]) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    [rhs[col], rhs[pivot]] = [rhs[pivot], rhs[col]];
    for (let j = 0; j < k; j++) m[col][j] /= pv;
    for (let j = 0; j < rhs[col].length; j++) rhs[col][j] /= pv;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r][col];
      if (f === 0) continue;
      for (let j = 0; j < k; j++) m[r][j] -= f * m[col][j];
      for (let j = 0; j < rhs[r].length; j++) rhs[r][j] -= f * rhs[col][j];
    }
  }
  return rhs;
}
