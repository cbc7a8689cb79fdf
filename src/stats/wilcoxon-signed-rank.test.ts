import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { averageRanks, wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

function close(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.max(Math.abs(expected), 1e-300),
  );
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// [description / R call, x, y, R V, R p-value, method] — R 4.2.2: wilcox.test(x, y, paired = TRUE)
const CASES: Array<[string, number[], number[], number, number, 'exact' | 'normal']> = [
  [
    'R help example (exact): x = c(1.83,...), y = c(0.878,...)',
    [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
    [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
    40,
    0.0390625,
    'exact',
  ],
  [
    'zeros and ties: x = c(5,3,6,2,8,4,7,1,9), y = c(5,1,3,2,4,6,2,0,5)',
    [5, 3, 6, 2, 8, 4, 7, 1, 9],
    [5, 1, 3, 2, 4, 6, 2, 0, 5],
    25.5,
    0.0620391766238497,
    'normal',
  ],
  [
    'zeros, no ties (normal, as R): x = c(3,5,8,4,10,7,2), y = c(3,4,6,7,5,1,2)',
    [3, 5, 8, 4, 10, 7, 2],
    [3, 4, 6, 7, 5, 1, 2],
    12,
    0.280712665268496,
    'normal',
  ],
  [
    'ties, no zeros: x = c(10,12,15,11,14,13,16,9), y = c(8,10,15.5,12,10,11,12,10)',
    [10, 12, 15, 11, 14, 13, 16, 9],
    [8, 10, 15.5, 12, 10, 11, 12, 10],
    30,
    0.104740216647179,
    'normal',
  ],
  ['ties, n = 3: x = c(1,2,3), y = c(2,1,0)', [1, 2, 3], [2, 1, 0], 4.5, 0.58621368107314, 'normal'],
  ['n = 1: x = 4, y = 1', [4], [1], 1, 1, 'exact'],
  [
    'all positive, n = 6: x = c(2,4,6,8,10,12), y = 1:6',
    [2, 4, 6, 8, 10, 12],
    [1, 2, 3, 4, 5, 6],
    21,
    0.03125,
    'exact',
  ],
  [
    'exact n = 45: x = c(-(1:8), 9:45), y = 0',
    [...range(1, 8).map((v) => -v), ...range(9, 45)],
    zeros(45),
    999,
    2.82966539089103e-10,
    'exact',
  ],
  [
    'exact n = 49: x = c(-(1:20), 21:49), y = 0',
    [...range(1, 20).map((v) => -v), ...range(21, 49)],
    zeros(49),
    1015,
    2.73416311138419e-5,
    'exact',
  ],
  [
    'normal at n = 50: x = c(-(1:20), 21:50), y = 0',
    [...range(1, 20).map((v) => -v), ...range(21, 50)],
    zeros(50),
    1065,
    3.75678762034075e-5,
    'normal',
  ],
  [
    'p capped at 1: x = c(-(1:20), 21:40) * c(1, -1), y = 0',
    [...range(1, 20).map((v) => -v), ...range(21, 40)].map((v, i) => (i % 2 === 0 ? v : -v)),
    zeros(40),
    410,
    1,
    'exact',
  ],
  [
    'normal n = 60, no ties: d <- (((1:60)*37) %% 101) - 49.75; wilcox.test(d, rep(0, 60), paired = TRUE)',
    range(1, 60).map((i) => ((i * 37) % 101) - 49.75),
    zeros(60),
    960,
    0.743220675480475,
    'normal',
  ],
];

describe('wilcoxonSignedRank vs R wilcox.test(x, y, paired = TRUE)', () => {
  it.each(CASES)('%s', (_label, x, y, v, p, method) => {
    const r = wilcoxonSignedRank(x, y);
    expect(r.statistic).toBe(v);
    expect(r.method).toBe(method);
    close(r.p, p);
  });

  it('counts only non-zero pairs in n and says zeros were dropped', () => {
    const r = wilcoxonSignedRank([5, 3, 6, 2, 8, 4, 7, 1, 9], [5, 1, 3, 2, 4, 6, 2, 0, 5]);
    expect(r.n).toBe(7);
    expect(r.note).toMatch(/2 zero difference/);
  });

  it('matches the JSDoc example', () => {
    expect(
      wilcoxonSignedRank(
        [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3],
        [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
      ),
    ).toEqual({ statistic: 40, n: 9, p: 0.0390625, method: 'exact' });
  });

  it('fails usefully on degenerate input', () => {
    expect(wilcoxonSignedRank([], [])).toEqual({ statistic: null, n: 0, p: null, method: null, note: 'no pairs' });
    expect(wilcoxonSignedRank([1, 2], [1, 2]).note).toMatch(/every difference/);
    expect(wilcoxonSignedRank([1, 2], [1]).note).toMatch(/same length/);
    expect(wilcoxonSignedRank([1, Number.NaN], [0, 0]).note).toMatch(/finite/);
  });
});

describe('averageRanks: counting (small non-negative integers) and sorting give the same ranks', () => {
  it('matches the sort on random counts, ties and large values included, and R rank() on a hand case', () => {
    // R: rank(c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)) → 4.5 1.5 6 1.5 8 11 3 10 8 4.5 8
    const hand = averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    expect(hand.ranks).toEqual([4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8]);
    expect(hand.tieSizes).toEqual([2, 1, 2, 1, 3, 1, 1]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 300 }), fc.nat({ max: 1e6 }), (xs, big) => {
        expect(averageRanks(xs)).toEqual(averageRanks(xs, false));
        // a value past the counting range, a fraction: the sort decides, alike
        const mixed = [...xs, big, 0.5];
        expect(averageRanks(mixed)).toEqual(averageRanks(mixed, false));
      }),
      { numRuns: 300 },
    );
  });
});

describe('wilcoxonSignedRank: notes and branches, word for word', () => {
  it('names each guard exactly', () => {
    expect(wilcoxonSignedRank([1, 2], [1])).toEqual({
      statistic: null,
      n: 0,
      p: null,
      method: null,
      note: 'x and y must have the same length (got 2 and 1)',
    });
    expect(wilcoxonSignedRank([1, 2, 3], [0, Number.NaN, 1]).note).toBe('x and y must contain only finite numbers');
    expect(wilcoxonSignedRank([1, 2], [1, 2]).note).toBe('every difference x − y is 0: nothing to test');
  });

  it('exact lower tail: R wilcox.test(c(-1, -2, -3, 4, -5)) → V = 4, p = 0.4375', () => {
    // by hand: 2 · #{subsets of 1..5 with sum ≤ 4} / 2⁵ = 2 · 7 / 32
    const r = wilcoxonSignedRank([-1, -2, -3, 4, -5], [0, 0, 0, 0, 0]);
    expect(r).toEqual({ statistic: 4, n: 5, p: 0.4375, method: 'exact' });
  });

  it('says why it used the normal approximation below n = 50', () => {
    const tied = wilcoxonSignedRank([1, -1, 2, 3, 4], [0, 0, 0, 0, 0]);
    expect(tied.method).toBe('normal');
    expect(tied.note).toBe('ties among |x − y|: normal approximation used');
    const zero = wilcoxonSignedRank([1, -2, 3, 4, 5, 0], [0, 0, 0, 0, 0, 0]);
    expect(zero.method).toBe('normal');
    expect(zero.note).toBe('1 zero difference(s) dropped; normal approximation used because zeros were dropped');
  });

  it('from n = 50 the normal approximation is the rule and needs no note: R wilcox.test(d, exact = FALSE)', () => {
    // R: d <- (1:50) * rep(c(1, -1, 1), length.out = 50); wilcox.test(d, exact = FALSE) → V = 833, p = 0.05978317200666
    const d = Array.from({ length: 50 }, (_, i) => (i + 1) * (i % 3 === 1 ? -1 : 1));
    const r = wilcoxonSignedRank(
      d,
      d.map(() => 0),
    );
    expect(r.statistic).toBe(833);
    expect(r.method).toBe('normal');
    close(r.p, 0.05978317200666);
    expect('note' in r).toBe(false);
    // with a tie at n = 50: still no note
    const tied = [...d.slice(0, 49), 49];
    expect(
      wilcoxonSignedRank(
        tied,
        tied.map(() => 0),
      ).note,
    ).toBeUndefined();
  });

  it('averageRanks by sorting (non-integers): R rank(c(2.5, 1.5, 2.5)) → 2.5 1 2.5', () => {
    expect(averageRanks([2.5, 1.5, 2.5])).toEqual({ ranks: [2.5, 1, 2.5], tieSizes: [1, 2] });
    expect(averageRanks([2, 1, 2], false)).toEqual({ ranks: [2.5, 1, 2.5], tieSizes: [1, 2] });
  });
});
