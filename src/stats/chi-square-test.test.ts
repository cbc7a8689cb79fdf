import { describe, expect, it } from 'vitest';
import { chiSquareTest } from './chi-square-test.js';

function close(actual: number | null, expected: number, rel = 1e-10): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );
}

// [R call, table (rows), R statistic, df, p, min(expected)] — R 4.2.2: chisq.test(m, correct = FALSE)
// (R's matrix(c(...), nrow) fills by column; the tables below are written by rows.)
const CASES: Array<[string, number[][], number, number, number, number]> = [
  [
    'matrix(c(12, 5, 7, 9), 2)',
    [
      [12, 7],
      [5, 9],
    ],
    2.430575519681557,
    1,
    0.118989205532145,
    6.787878787878788,
  ],
  [
    'matrix(c(20,15,30,25,10,12), 2)',
    [
      [20, 30, 10],
      [15, 25, 12],
    ],
    0.783216783216784,
    2,
    0.675968777180684,
    10.214285714285714,
  ],
  [
    'matrix(c(3,1,4,2,6,1,0,2,5), 3)',
    [
      [3, 2, 0],
      [1, 6, 2],
      [4, 1, 5],
    ],
    9.6952380952380945,
    4,
    0.0458864932636029,
    1.4583333333333333,
  ],
  [
    'matrix(c(150,30,120,60,80,90), 3)',
    [
      [150, 60],
      [30, 80],
      [120, 90],
    ],
    57.339356295878,
    2,
    3.53929679164031e-13,
    47.7358490566038,
  ],
];

describe('chiSquareTest vs R chisq.test(m, correct = FALSE)', () => {
  it.each(CASES)('%s', (_call, table, stat, df, p, minE) => {
    const r = chiSquareTest(table);
    close(r.statistic, stat);
    expect(r.df).toBe(df);
    close(r.p, p);
    close(r.minExpected, minE);
    if (minE < 5) expect(r.note).toMatch(/below 5/);
    else expect(r.note).toBeUndefined();
  });

  it('drops an all-zero row and says so (same as chisq.test(matrix(c(10,8,5,9), 2), correct = FALSE))', () => {
    const r = chiSquareTest([
      [10, 5],
      [0, 0],
      [8, 9],
    ]);
    close(r.statistic, 1.24494242141301);
    expect(r.df).toBe(1);
    close(r.p, 0.264520650428825);
    close(r.minExpected, 6.5625);
    expect(r.note).toMatch(/dropped all-zero row\(s\) 2/);
    expect(
      chiSquareTest(
        [
          [10, 5],
          [0, 0],
          [8, 9],
        ],
        ['A', 'B', 'C'],
      ).note,
    ).toBe('dropped all-zero row(s) B');
  });

  it('drops an all-zero column', () => {
    const r = chiSquareTest([
      [10, 0, 5],
      [8, 0, 9],
    ]);
    close(r.statistic, 1.24494242141301);
    expect(r.note).toMatch(/column\(s\) 2/);
  });

  it('matches the JSDoc example', () => {
    const r = chiSquareTest([
      [12, 7],
      [5, 9],
    ]);
    expect(r).toEqual({ statistic: 2.4305755196815575, df: 1, p: 0.11898920553214465, minExpected: 6.787878787878788 });
  });

  it('fails usefully on degenerate input', () => {
    expect(chiSquareTest([])).toEqual({ statistic: null, df: null, p: null, minExpected: null, note: 'empty table' });
    expect(chiSquareTest([[1, 2, 3]]).note).toMatch(/at least 2 non-empty rows/);
    expect(
      chiSquareTest([
        [1, 0],
        [2, 0],
      ]).note,
    ).toMatch(/dropped all-zero column.*at least 2/);
    expect(
      chiSquareTest([
        [0, 0],
        [0, 0],
      ]).statistic,
    ).toBeNull();
    expect(chiSquareTest([[1, 2], [3]]).note).toMatch(/same number of columns/);
    expect(
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]).note,
    ).toMatch(/non-negative/);
  });

  it('expected counts of exactly 5 give no warning; notes are joined with "; "', () => {
    // R: chisq.test(matrix(c(5, 5, 5, 5), 2), correct = FALSE) gives X-squared = 0, p = 1 and no warning
    expect(
      chiSquareTest([
        [5, 5],
        [5, 5],
      ]),
    ).toEqual({ statistic: 0, df: 1, p: 1, minExpected: 5 });
    expect(
      chiSquareTest([
        [1, 0, 2],
        [0, 0, 0],
        [3, 0, 4],
      ]).note,
    ).toBe(
      'dropped all-zero row(s) 2; dropped all-zero column(s) 2; some expected counts are below 5: the chi-square approximation may be incorrect',
    );
    expect(chiSquareTest([[1, 2, 3]]).note).toBe('need at least 2 non-empty rows and 2 non-empty columns (have 1 × 3)');
    expect(
      chiSquareTest([
        [1, 0],
        [2, 0],
      ]).note,
    ).toBe('dropped all-zero column(s) 2; need at least 2 non-empty rows and 2 non-empty columns (have 2 × 1)');
  });
});
