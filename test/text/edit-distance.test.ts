/**
 * editDistance against hand-worked values and against the full-table
 * definitions (Levenshtein; optimal string alignment with transpositions).
 * kitten → sitting = 3 is the textbook example (R: adist("kitten", "sitting"));
 * ca → abc is 3 under optimal string alignment and 2 under unrestricted Damerau.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/edit-distance.js';

function table(a: string, b: string, swaps: boolean): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('editDistance', () => {
  it('Levenshtein by default', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('arrset', 'arrest')).toBe(2);
  });
  it('counts an adjacent swap as one edit with transpositions (optimal string alignment)', () => {
    expect(editDistance('arrset', 'arrest', { transpositions: true })).toBe(1);
    expect(editDistance('ab', 'ba', { transpositions: true })).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(2);
    // OSA, not Damerau: 'ca' → 'abc' is 3 (the swapped pair cannot be edited again)
    expect(editDistance('ca', 'abc', { transpositions: true })).toBe(3);
  });
  it('equals the full dynamic-programming table on random strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 9 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 9 }),
        fc.boolean(),
        (a, b, swaps) => {
          expect(editDistance(a, b, { transpositions: swaps })).toBe(table(a, b, swaps));
        },
      ),
    );
  });
});
