import { describe, expect, it } from 'vitest';
import { FISHER_MAX_TABLES, fisherExactTest } from './fisher-exact-test.js';

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

  it('counts the tables it enumerates (by hand: the ways to place the first-column total within the row totals)', () => {
    // 2 × 2, row totals 4 and 4, first column 4: x = 0..4 → 5 tables
    const two = fisherExactTest([
      [3, 1],
      [1, 3],
    ]);
    expect(two.tables).toBe(5);
    expect('note' in two).toBe(false);
    // 3 × 2, row totals 5, 6, 5, first column 4: every split of 4 into 3 parts fits → C(6, 2) = 15
    expect(
      fisherExactTest([
        [1, 4],
        [0, 6],
        [3, 2],
      ]).tables,
    ).toBe(15);
    // 3 × 2, row totals 1, 1, 4, first column 4: (x1, x2) ∈ {0,1}², x3 = 4 − x1 − x2 ≤ 4 → 4 tables
    expect(
      fisherExactTest([
        [1, 0],
        [1, 0],
        [2, 2],
      ]).tables,
    ).toBe(4);
  });

  it('names each guard exactly', () => {
    expect(
      fisherExactTest([
        [1, 2],
        [1, 2, 3],
      ]).note,
    ).toBe('the table must have exactly 2 columns');
    const whole = 'counts must be non-negative whole numbers';
    expect(
      fisherExactTest([
        [1, 2],
        [1.5, 2],
      ]).note,
    ).toBe(whole);
    expect(
      fisherExactTest([
        [1, 2],
        [-1, 3],
      ]).note,
    ).toBe(whole);
    expect(
      fisherExactTest([
        [1, 2],
        [3, 2],
      ]).p,
    ).not.toBeNull();
    // unnamed rows are numbered from 1
    const unnamed = fisherExactTest([
      [3, 1],
      [0, 0],
      [1, 3],
    ]);
    expect(unnamed.note).toBe('dropped empty row(s) 2');
    close(unnamed.p, 0.48571428571428582);
    expect(unnamed.tables).toBe(5);
    expect(
      fisherExactTest([
        [3, 1],
        [0, 0],
      ]).note,
    ).toBe('dropped empty row(s) 2; needs at least 2 non-empty rows');
    expect(fisherExactTest([[3, 1]]).note).toBe('needs at least 2 non-empty rows');
    const oneColumn = fisherExactTest(
      [
        [3, 0],
        [0, 0],
        [4, 0],
      ],
      ['A', 'B', 'C'],
    );
    expect(oneColumn.note).toBe('dropped empty row(s) B; one column is empty: nothing to test');
    expect(oneColumn.p).toBeNull();
    expect(
      fisherExactTest([
        [0, 3],
        [0, 4],
      ]).note,
    ).toBe('one column is empty: nothing to test');
  });

  // enumerates 2·10⁷ tables: left out of mutation runs (a minute per mutant under instrumentation); the next test checks the cap's logic
  it.skipIf(process.env.IPVI_MUTATING)(
    'stops after FISHER_MAX_TABLES tables with a note (30 rows of one each, first column 15: C(30, 15) ≈ 1.55e8 tables)',
    () => {
      const table = Array.from({ length: 30 }, (_, i) => (i % 2 ? [1, 0] : [0, 1]));
      table.push([0, 0]);
      const r = fisherExactTest(table);
      expect(r.p).toBeNull();
      expect(r.tables).toBe(FISHER_MAX_TABLES);
      expect(r.note).toBe('dropped empty row(s) 31; more than 20000000 tables with these margins: not computed');
    },
  );

  it('a lower cap stops at exactly that many tables: 1 more than the cap fails, the cap itself computes', () => {
    // 2 × 2 with margins rows (3, 3), first column 3: x = 0..3, so 4 tables
    const t = [
      [3, 0],
      [0, 3],
    ];
    const atCap = fisherExactTest(t, undefined, 4);
    expect(atCap.tables).toBe(4);
    expect(atCap.p).toBeCloseTo(0.1, 12); // R: fisher.test(matrix(c(3,0,0,3), 2))$p.value = 0.10000000000000003
    expect(fisherExactTest(t, ['x', 'y'], 3)).toEqual({
      p: null,
      tables: 3,
      note: 'more than 3 tables with these margins: not computed',
    });
    const r = fisherExactTest([...t, [0, 0]], ['x', 'y', 'z'], 2);
    expect(r).toEqual({
      p: null,
      tables: 2,
      note: 'dropped empty row(s) z; more than 2 tables with these margins: not computed',
    });
  });
});
