import { describe, expect, it } from 'vitest';
import { invertMatrix, solveLinear } from './linear-solve.js';

describe('solveLinear / invertMatrix', () => {
  it('solves a small system (R: solve(matrix(c(2, 1, 1, 3), 2), c(3, 5)) = c(0.8, 1.4))', () => {
    const x = solveLinear(
      [
        [2, 1],
        [1, 3],
      ],
      [3, 5],
    )!;
    expect(x[0]).toBeCloseTo(0.8, 14);
    expect(x[1]).toBeCloseTo(1.4, 14);
  });

  it('needs pivoting', () => {
    const x = solveLinear(
      [
        [0, 1, 2],
        [1, 0, 3],
        [4, -3, 8],
      ],
      [1, 2, 3],
    )!;
    // R: solve(rbind(c(0,1,2), c(1,0,3), c(4,-3,8)), c(1,2,3)) = c(5, 3, -1)
    [5, 3, -1].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it('inverts', () => {
    expect(
      invertMatrix([
        [2, 0],
        [0, 4],
      ]),
    ).toEqual([
      [0.5, 0],
      [0, 0.25],
    ]);
  });

  it('returns null for singular or malformed input', () => {
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
    expect(solveLinear([[1, 2]], [1])).toBeNull();
    expect(solveLinear([], [])).toBeNull();
    expect(invertMatrix([[0]])).toBeNull();
  });

  it('judges a pivot against the largest entry of its column', () => {
    // after eliminating, the second pivot is 1e-11: tiny next to 100 in its column, though not next to 1e-6
    expect(
      invertMatrix([
        [100, 100],
        [1e-6, 1e-6 + 1e-11],
      ]),
    ).toBeNull();
    expect(
      solveLinear(
        [
          [100, 100],
          [1e-6, 1e-6 + 1e-11],
        ],
        [1, 2],
      ),
    ).toBeNull();
    // the same shape with a clear pivot is solved: det = 100·2e-6 − 100·1e-6 = 1e-4
    const inv = invertMatrix([
      [100, 100],
      [1e-6, 2e-6],
    ])!;
    expect(inv[0][0]).toBeCloseTo(2e-6 / 1e-4, 9);
    expect(inv[1][1]).toBeCloseTo(100 / 1e-4, 6);
  });

  it('null for NaN entries and for rows of the wrong length', () => {
    expect(
      solveLinear(
        [
          [Number.NaN, 1],
          [1, 1],
        ],
        [1, 1],
      ),
    ).toBeNull();
    // a zero last pivot is singular on its own: the column's scale, max(|NaN|, 0), is not a number and
    // |0| <= 1e-12 · NaN is false, so only the pv === 0 test says so (else the answer is [NaN, Infinity])
    expect(
      solveLinear(
        [
          [1, Number.NaN],
          [0, 0],
        ],
        [1, 1],
      ),
    ).toBeNull();
    expect(
      invertMatrix([
        [1, 2],
        [3, 4, 5],
      ]),
    ).toBeNull();
    expect(
      solveLinear(
        [
          [1, 2],
          [3, 4, 5],
        ],
        [1, 2],
      ),
    ).toBeNull();
  });
});
