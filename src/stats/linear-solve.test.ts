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
});
