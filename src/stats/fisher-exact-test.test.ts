import { describe, expect, it } from 'vitest';
import { fisherExactTest } from './fisher-exact-test.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(b)));

describe('fisherExactTest vs R fisher.test', () => {
  it('2 × 2', () => {
    // R: fisher.test(matrix(c(3, 1, 1, 3), 2, byrow = TRUE))$p.value = 0.48571428571428582
    close(
      fisherExactTest([
        [3, 1],
        [1, 3],
      ]).p,
      0.48571428571428582,
    );
  });

  it('4 × 2 with small expected counts (levels A–D × reoffended/not)', () => {
    // R: fisher.test(matrix(c(2, 3, 4, 1, 7, 20, 5, 30), 4, byrow = TRUE))$p.value = 0.011274451719138061
    //    (chisq.test(m, correct = FALSE)$p.value = 0.012729141369605663 with R's warning)
    close(
      fisherExactTest([
        [2, 3],
        [4, 1],
        [7, 20],
        [5, 30],
      ]).p,
      0.011274451719138061,
      1e-7,
    );
  });

  it('4 × 2, Kingston-sized', () => {
    // R: fisher.test(matrix(c(20, 21, 21, 19, 35, 55, 30, 80), 4, byrow = TRUE))$p.value = 0.011009329218812685
    close(
      fisherExactTest([
        [20, 21],
        [21, 19],
        [35, 55],
        [30, 80],
      ]).p,
      0.011009329218812685,
      1e-7,
    );
  });

  it('3 × 2 with a zero cell', () => {
    // R: fisher.test(matrix(c(1, 4, 0, 6, 3, 2), 3, byrow = TRUE))$p.value = 0.068681318681318798
    close(
      fisherExactTest([
        [1, 4],
        [0, 6],
        [3, 2],
      ]).p,
      0.068681318681318798,
      1e-9,
    );
  });

  it('empty rows are dropped and named; degenerate tables → null with a note', () => {
    const r = fisherExactTest(
      [
        [3, 1],
        [0, 0],
        [1, 3],
      ],
      ['A', 'B', 'C'],
    );
    close(r.p, 0.48571428571428582);
    expect(r.note).toBe('dropped empty row(s) B');
    expect(
      fisherExactTest([
        [0, 3],
        [0, 4],
      ]).p,
    ).toBeNull();
    expect(
      fisherExactTest([
        [1, 2, 3],
        [1, 2, 3],
      ]).note,
    ).toMatch(/2 columns/);
  });
});
