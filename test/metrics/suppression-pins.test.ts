/**
 * Pins for small-count suppression (docs/methods.md#suppression):
 * src/metrics/suppression.ts (`suppressTable`, `disclosed`, `suppressionNotes`)
 * and the helpers in src/metrics/common.ts that show counts in notes and JSON
 * (`shownCount`, `leftOutNote`, `leftOutMeta`, `suppressRow`,
 * `suppressionNote`, `notifiedCohort`'s left-out counts).
 *
 * Every table here is small and hand-made; the expected cells, reasons and
 * notes are worked out by hand in the comments from the rules of
 * docs/methods.md#suppression:
 *   1. a count 1 … B−1 reads `<B` (reason `small`); zeros are shown;
 *   2. a part whose whole − part is 1 … B−1 is hidden (`complement`);
 *   3. a column built on a hidden cell is hidden (`derived`);
 *   4. in a margin (rows or columns adding up to a total) no hidden cell may
 *      have a single possible value, knowing that `<B` lies in 1 … B−1, a
 *      complementary cell is ≥ B and any other hidden cell is ≥ 0: else the
 *      smallest shown non-zero part is hidden (`complementary`), or the total
 *      when no part is left;
 *   and cells hidden in a linked table are hidden here (`linked`).
 * Everything is computed INSIDE `it` so that mutation testing sees it
 * (docs/testing.md, "Tests Stryker can see").
 */
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import {
  leftOutMeta,
  leftOutNote,
  notifiedCohort,
  shownCount,
  suppressionNote,
  suppressRow,
} from '../../src/metrics/common.js';
import {
  disclosed,
  SUPPRESSED,
  suppressionNotes,
  suppressTable,
  type HiddenReason,
  type Suppression,
} from '../../src/metrics/suppression.js';
import { RECIDIVISM_SUPPRESSION } from '../../src/metrics/recidivism.js';
import type { Cell } from '../../src/model.js';
import { buildDataset } from '../helpers/dataset.js';
import { inc, note } from '../helpers/records.js';

const S = SUPPRESSED;
/** The reasons as plain objects, one per row, for toEqual. */
const reasons = (s: Suppression): Record<string, HiddenReason>[] => s.hidden.map((m) => Object.fromEntries(m));
const col = (rows: Record<string, Cell>[], c: string) => rows.map((r) => r[c]);

describe('suppressTable: the threshold', () => {
  it('below undefined, 0 or 1 hides nothing, not even preset cells, and says so', () => {
    for (const below of [undefined, 0, 1]) {
      const make = (): Record<string, Cell>[] => [
        { n: 3, x: 2, rate: 0.67 },
        { n: 40, x: 1, rate: 0.025 },
        { n: 43, x: 3, rate: 0.07 },
      ];
      const rows = make();
      const s = suppressTable(
        rows,
        below,
        {
          counts: ['n', 'x'],
          derived: { rate: ['n', 'x'] },
          complements: { x: 'n' },
          margins: [{ parts: [0, 1], total: 2 }],
          columnSums: [{ parts: ['x'], total: 'n' }],
        },
        [{ row: 1, column: 'n' }],
      );
      expect(rows, `below ${below}`).toEqual(make());
      expect(s.below).toBe(below);
      expect(s.cells).toBe(0);
      expect(s.any).toBe(false);
      expect(reasons(s)).toEqual([{}, {}, {}]);
      expect(s.isHidden(0, 'n')).toBe(false);
      expect(s.isHidden(1, 'n')).toBe(false);
      expect(suppressionNotes(s)).toEqual([]);
    }
  });

  it('below 2 hides only 1; below 5 hides 1 … 4 (4 = below − 1) and shows 5; zero and text are never hidden', () => {
    const rows: Record<string, Cell>[] = [{ n: 0 }, { n: 1 }, { n: 2 }];
    const s = suppressTable(rows, 2, { counts: ['n'] });
    expect(col(rows, 'n')).toEqual([0, '<2', 2]);
    expect(reasons(s)).toEqual([{}, { n: 'small' }, {}]);
    expect([s.cells, s.any]).toEqual([1, true]);
    expect([s.isHidden(0, 'n'), s.isHidden(1, 'n'), s.isHidden(1, 'other'), s.isHidden(7, 'n')]).toEqual([
      false,
      true,
      false,
      false, // a row the table does not have: not hidden, and no error
    ]);

    // '3' is text (a count already formatted), not a count: left as it is; so are null and booleans
    const five: Record<string, Cell>[] = [
      { n: 0 },
      { n: 1 },
      { n: 4 },
      { n: 5 },
      { n: 6 },
      { n: '3' },
      { n: null },
      { n: true },
    ];
    const s5 = suppressTable(five, 5, { counts: ['n'] });
    expect(col(five, 'n')).toEqual([0, '<5', '<5', 5, 6, '3', null, true]);
    expect(s5.cells).toBe(2);
  });

  it('a table with nothing small: no cell replaced, `any` false, and the note says 0 cells', () => {
    const rows: Record<string, Cell>[] = [
      { n: 0, rate: 0 },
      { n: 7, rate: 0.5 },
    ];
    const s = suppressTable(rows, 5, { counts: ['n'], derived: { rate: ['n'] } });
    expect(rows).toEqual([
      { n: 0, rate: 0 },
      { n: 7, rate: 0.5 },
    ]);
    expect([s.cells, s.any]).toEqual([0, false]);
    expect(suppressionNotes(s)).toEqual([
      'small counts suppressed for publication (docs/methods.md#suppression): counts from 1 to 4 are shown as "<5"; ' +
        'rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, are shown as "suppressed" (0 cells); zeros are shown',
    ]);
  });
});

describe('suppressTable: complements, derived and preset cells', () => {
  it('a part is hidden when whole − part is 1 … below − 1 (B = 5)', () => {
    const rows: Record<string, Cell>[] = [
      { persons: 12, reoff: 10 }, // 12 − 10 = 2: reoff hidden (complement)
      { persons: 12, reoff: 8 }, // 12 − 8 = 4 = B − 1: hidden
      { persons: 12, reoff: 7 }, // 12 − 7 = 5 = B: shown
      { persons: 12, reoff: 12 }, // 12 − 12 = 0: shown (zero is not small)
      { persons: 6, reoff: 3 }, // reoff itself small: `<5` (reason small, not complement)
      { persons: 3, reoff: 0 }, // persons small; 3 − 0 = 3 is small too, so the 0 is hidden as well
      { persons: '14', reoff: 12 }, // a text whole is no count: nothing to subtract
      { persons: 14, reoff: '12' }, // a text part: nothing to hide
    ];
    const s = suppressTable(rows, 5, { counts: ['persons', 'reoff'], complements: { reoff: 'persons' } });
    expect(rows).toEqual([
      { persons: 12, reoff: S },
      { persons: 12, reoff: S },
      { persons: 12, reoff: 7 },
      { persons: 12, reoff: 12 },
      { persons: 6, reoff: '<5' },
      { persons: '<5', reoff: S },
      { persons: '14', reoff: 12 },
      { persons: 14, reoff: '12' },
    ]);
    expect(reasons(s)).toEqual([
      { reoff: 'complement' },
      { reoff: 'complement' },
      {},
      {},
      { reoff: 'small' },
      { persons: 'small', reoff: 'complement' },
      {},
      {},
    ]);
    expect(s.cells).toBe(5);
  });

  it('derived columns follow their counts, also through another derived column (a second pass)', () => {
    // ci is built on rate, rate on n and x. ci is declared first, so the first pass sees rate
    // still shown; rate is hidden in that pass, and the second pass hides ci.
    const rows: Record<string, Cell>[] = [
      { n: 3, x: 0, other: 9, ci: 0.2, rate: 0 }, // n small → rate → ci
      { n: 20, x: 6, other: 1, ci: 0.5, rate: 0.3 }, // other small; nothing is built on it
    ];
    const s = suppressTable(rows, 5, { counts: ['n', 'x', 'other'], derived: { ci: ['rate'], rate: ['n', 'x'] } });
    expect(rows).toEqual([
      { n: '<5', x: 0, other: 9, ci: S, rate: S },
      { n: 20, x: 6, other: '<5', ci: 0.5, rate: 0.3 },
    ]);
    expect(reasons(s)).toEqual([{ n: 'small', rate: 'derived', ci: 'derived' }, { other: 'small' }]);
    expect(s.cells).toBe(4);
  });

  it('preset cells (hidden in a linked table) read suppressed, a small one stays `<B`, what is built on them follows', () => {
    const rows: Record<string, Cell>[] = [
      { n: 40, x: 12, rate: 0.3 }, // n preset → suppressed; rate follows
      { n: 3, x: 0, rate: 0 }, // n preset but small: `<5` (reason small); rate follows
      { n: 0, x: 0, rate: null }, // x preset: even a zero is hidden (the other table hid it); rate follows
    ];
    const s = suppressTable(rows, 5, { counts: ['n', 'x'], derived: { rate: ['n', 'x'] } }, [
      { row: 0, column: 'n' },
      { row: 1, column: 'n' },
      { row: 2, column: 'x' },
      { row: 7, column: 'n' }, // a row this table does not have: ignored
    ]);
    expect(rows).toEqual([
      { n: S, x: 12, rate: S },
      { n: '<5', x: 0, rate: S },
      { n: 0, x: S, rate: S },
    ]);
    expect(reasons(s)).toEqual([
      { n: 'linked', rate: 'derived' },
      { n: 'small', rate: 'derived' },
      { x: 'linked', rate: 'derived' },
    ]);
    expect(s.cells).toBe(6);
  });
});

describe('suppressTable: cells that do not apply (notApplicable)', () => {
  it('an empty cell that does not apply stays empty; an empty cell that is not declared, or a declared one with a value, is hidden', () => {
    // Row 0: n = 3 is small; delay is built on it and does not apply (null) → stays null, not `suppressed`.
    // rate is built on n and is null too, but is not declared: its emptiness could come from the hidden count
    // (a rate with a base of 0 or 1), so it is hidden. share is declared but holds a value: hidden as any cell.
    // Row 1: nothing declared for it; its null delay follows its small n.
    const rows: Record<string, Cell>[] = [
      { n: 3, delay: null, rate: null, share: 0.5 },
      { n: 2, delay: null, rate: 0.5, share: null },
    ];
    const asked: number[] = [];
    const s = suppressTable(rows, 5, {
      counts: ['n'],
      derived: { delay: ['n'], rate: ['n'], share: ['n'] },
      notApplicable: (r, row) => {
        asked.push(r);
        expect(row).toBe(rows[r]);
        return r === 0 ? ['delay', 'share'] : [];
      },
    });
    expect(rows).toEqual([
      { n: '<5', delay: null, rate: S, share: S },
      { n: '<5', delay: S, rate: S, share: S },
    ]);
    expect(reasons(s)).toEqual([
      { n: 'small', rate: 'derived', share: 'derived' },
      { n: 'small', delay: 'derived', rate: 'derived', share: 'derived' },
    ]);
    expect(s.isHidden(0, 'delay')).toBe(false);
    expect(s.cells).toBe(7);
    expect(asked).toEqual([0, 1]);
  });

  it('a preset (linked) cell that does not apply and is empty stays empty; nothing derived through it', () => {
    const rows: Record<string, Cell>[] = [{ n: 40, m: null, rate: null }];
    const s = suppressTable(rows, 5, { counts: ['n', 'm'], derived: { rate: ['m'] }, notApplicable: () => ['m'] }, [
      { row: 0, column: 'm' },
    ]);
    expect(rows).toEqual([{ n: 40, m: null, rate: null }]);
    expect(s.any).toBe(false);
    // without the declaration the linked cell and what is built on it are hidden
    const again: Record<string, Cell>[] = [{ n: 40, m: null, rate: null }];
    suppressTable(again, 5, { counts: ['n', 'm'], derived: { rate: ['m'] } }, [{ row: 0, column: 'm' }]);
    expect(again).toEqual([{ n: 40, m: S, rate: S }]);
  });

  it('changes nothing else: margins and complementary cells are audited as without the declaration', () => {
    // the recidivism declaration on 3 + 10 + 7 = 20 (persons), with an extra empty column that does not apply:
    // the same cells hidden for the same reasons, and the extra column empty in every row
    const make = (): Record<string, Cell>[] =>
      [3, 10, 7, 0, 20].map((persons, i) => ({
        persons,
        reoffenders: [1, 4, 2, 0, 7][i],
        rate: persons ? 0.1 : null,
        ci_low: persons ? 0 : null,
        ci_high: persons ? 0.9 : null,
        extra: null,
      }));
    const plain = make(),
      declared = make();
    const a = suppressTable(plain, 5, {
      ...RECIDIVISM_SUPPRESSION,
      derived: { ...RECIDIVISM_SUPPRESSION.derived, extra: ['persons'] },
    });
    const b = suppressTable(declared, 5, {
      ...RECIDIVISM_SUPPRESSION,
      derived: { ...RECIDIVISM_SUPPRESSION.derived, extra: ['persons'] },
      notApplicable: () => ['extra', 'ci_high'],
    });
    const without = (rows: Record<string, Cell>[]) => rows.map(({ extra, ...rest }) => rest);
    expect(without(declared)).toEqual(without(plain));
    expect(col(declared, 'extra')).toEqual([null, null, null, null, null]);
    expect(col(plain, 'extra')).toEqual([S, null, S, null, null]);
    expect(reasons(b)).toEqual(
      reasons(a).map((m) => Object.fromEntries(Object.entries(m).filter(([c]) => c !== 'extra'))),
    );
    expect(col(plain, 'persons')).toEqual(['<5', 10, S, 0, 20]);
  });

  it('below undefined or 1: the declaration is not even asked', () => {
    for (const below of [undefined, 1]) {
      const rows: Record<string, Cell>[] = [{ n: 3, d: null }];
      const s = suppressTable(rows, below, {
        counts: ['n'],
        derived: { d: ['n'] },
        notApplicable: () => {
          throw new Error('asked');
        },
      });
      expect(s.cells).toBe(0);
    }
  });

  it('suppressRow passes its not-applicable columns on', () => {
    const row: Record<string, Cell> = { n: 2, rate: null, share: null };
    expect(suppressRow(row, 5, [{ count: 'n', derived: ['rate', 'share'] }], ['share'])).toBe(2);
    expect(row).toEqual({ n: '<5', rate: S, share: null });
  });
});

describe('suppressTable: margins (rows adding up to a total row)', () => {
  const margin = (xs: Cell[], below = 5, preset: { row: number; column: string }[] = []) => {
    const rows: Record<string, Cell>[] = xs.map((x) => ({ x }));
    const n = xs.length - 1;
    const s = suppressTable(
      rows,
      below,
      { counts: ['x'], margins: [{ parts: Array.from({ length: n }, (_, i) => i), total: n }] },
      preset,
    );
    return { x: col(rows, 'x'), why: reasons(s).map((r) => r.x ?? '-'), cells: s.cells };
  };

  it('one hidden part takes the next-smallest shown part with it', () => {
    // 3 + 10 + 7 = 20: 3 is small, and 20 − 10 − 7 gives it back, so the smallest shown part (7) goes.
    // Then x0 + x2 = 10 with x0 in 1…4 and x2 ≥ 5: x0 in 1…4, x2 in 6…9 — nothing pinned.
    expect(margin([3, 10, 7, 20])).toEqual({
      x: ['<5', 10, S, 20],
      why: ['small', '-', 'complementary', '-'],
      cells: 2,
    });
  });

  it('a complementary cell counts as ≥ B: when that pins the pair, a third part goes (several passes)', () => {
    // 1 + 5 + 9 = 15. Pass 1: x0 = 15 − 5 − 9 = 1 pinned → hide 5 (smallest shown).
    // Pass 2: x0 + x1 = 6, x0 in 1…4, x1 ≥ 5 → x0 ≤ 1 → x0 = 1 pinned → hide 9.
    // Pass 3: x0 + x1 + x2 = 15: x0 in 1…4, x1 and x2 in 5…9 — nothing pinned.
    expect(margin([1, 5, 9, 15])).toEqual({
      x: ['<5', S, S, 15],
      why: ['small', 'complementary', 'complementary', '-'],
      cells: 3,
    });
  });

  it('two small cells whose sum pins them (4 + 4 = 8 with each ≤ 4): a third part goes', () => {
    // x0 + x1 = 17 − 9 = 8, each in 1…4 → both 4. Hide 9. Then x0 + x1 + x2 = 17 with x2 ≥ 5:
    // x0, x1 in 1…4, x2 in 9…15.
    expect(margin([4, 4, 9, 17])).toEqual({
      x: ['<5', '<5', S, 17],
      why: ['small', 'small', 'complementary', '-'],
      cells: 3,
    });
    // 3 + 4 = 7 is not pinned (x0 in 3…4): nothing more is hidden
    expect(margin([3, 4, 9, 16])).toEqual({ x: ['<5', '<5', 9, 16], why: ['small', 'small', '-', '-'], cells: 2 });
  });

  it('zero parts are never taken; equal parts: the first one goes', () => {
    // 3 + 0 + 7 + 7 + 10 = 27: x0 pinned; the candidates are the shown non-zero parts 7, 7, 10: the first 7.
    expect(margin([3, 0, 7, 7, 10, 27])).toEqual({
      x: ['<5', 0, S, 7, 10, 27],
      why: ['small', '-', 'complementary', '-', '-', '-'],
      cells: 2,
    });
  });

  it('equal parts: the lowest row goes, whatever order the parts are declared in', () => {
    // parts [2, 1, 0]: 3 (row 2) is small and pinned (17 − 7 − 7); the candidates 7 (row 1) and 7 (row 0) tie: row 0
    // goes. Then x0 + x2 = 10, x0 ≥ 5 and x2 in 1…4: x0 in 6…9 — nothing pinned.
    const rows: Record<string, Cell>[] = [7, 7, 3, 17].map((x) => ({ x }));
    const s = suppressTable(rows, 5, { counts: ['x'], margins: [{ parts: [2, 1, 0], total: 3 }] });
    expect(col(rows, 'x')).toEqual([S, 7, '<5', 17]);
    expect(reasons(s)).toEqual([{ x: 'complementary' }, {}, { x: 'small' }, {}]);
  });

  it('a linked (preset) cell counts as ≥ 0, not ≥ B like a complementary one', () => {
    // 5 + 5 + 9 = 19, x0 linked. Pass 1: x0 = 19 − 5 − 9 = 5 pinned → hide the smallest shown part, 5 (row 1).
    // Pass 2: x0 + x1 = 10 with x0 ≥ 0 and x1 ≥ 5: x0 in 0…5, x1 in 5…10 — nothing pinned, 9 stays. (Were x0 taken
    // as ≥ 5, both would be 5 and 9 would go too.)
    expect(margin([5, 5, 9, 19], 5, [{ row: 0, column: 'x' }])).toEqual({
      x: [S, S, 9, 19],
      why: ['linked', 'complementary', '-', '-'],
      cells: 2,
    });
  });

  it('text cells are no part of the equation and are never taken', () => {
    // '8' is text: the equation is x0 + 10 = 13, x0 = 3 pinned; the only candidate is 10.
    expect(margin([3, '8', 10, 13])).toEqual({
      x: ['<5', '8', S, 13],
      why: ['small', '-', 'complementary', '-'],
      cells: 2,
    });
  });

  it('no shown non-zero part left: the total goes', () => {
    // x0 + x1 = 8 pins both at 4; no part left (both hidden) → the total 8 goes.
    // Then x0 + x1 = x2 with x2 ≥ 5: x0 = x2 − x1 in 1…4 — nothing pinned.
    expect(margin([4, 4, 8])).toEqual({ x: ['<5', '<5', S], why: ['small', 'small', 'complementary'], cells: 3 });
    // a preset cell alone in the margin is pinned (x0 = 10 − 0); the zero is not taken, the total is
    expect(margin([10, 0, 10], 5, [{ row: 0, column: 'x' }])).toEqual({
      x: [S, 0, S],
      why: ['linked', '-', 'complementary'],
      cells: 2,
    });
  });

  it('every cell hidden and still pinned: the total reads suppressed instead of `<B` (masked)', () => {
    // B = 3: 1 + 1 = 2, all three small. Shown as `<3` each, the total lies in 1…2 and is x0 + x1 ≥ 2:
    // so it is 2 and both parts are 1. The total is shown as `suppressed` (0…∞): then it is x0 + x1 in 2…4,
    // and x0 = total − x1 in 1…2 — nothing pinned.
    expect(margin([1, 1, 0, 2], 3)).toEqual({
      x: ['<3', '<3', 0, S],
      why: ['small', 'small', '-', 'masked'],
      cells: 3,
    });
    // B = 5, four levels of 1 and "all" 4: the same
    expect(margin([1, 1, 1, 1, 4])).toEqual({
      x: ['<5', '<5', '<5', '<5', S],
      why: ['small', 'small', 'small', 'small', 'masked'],
      cells: 5,
    });
    // the recidivism table's own declaration: levels A and B with one person each, C and D none, "all" 2
    const rec: Record<string, Cell>[] = [1, 1, 0, 0, 2].map((persons) => ({
      persons,
      reoffenders: 0,
      rate: persons ? 0 : null,
      ci_low: persons ? 0 : null,
      ci_high: persons ? 0.8 : null,
    }));
    suppressTable(rec, 3, RECIDIVISM_SUPPRESSION);
    expect(col(rec, 'persons')).toEqual(['<3', '<3', 0, 0, S]);
    // 2 + 2 = 4 with B = 3 (each part 1…2, so both are 2) and a total that is not small: the total goes (complementary)
    expect(margin([2, 2, 4], 3)).toEqual({ x: ['<3', '<3', S], why: ['small', 'small', 'complementary'], cells: 3 });
    // B = 2: a `<2` cell is 1, pinned by its own bounds whatever else is hidden. 1 + 5 = 6: 5 goes, then the total
    // (complementary), then nothing is left to hide; the total, not a small count, keeps its reason (only a `<B`
    // total is masked) and reads suppressed either way.
    expect(margin([1, 5, 6], 2)).toEqual({
      x: ['<2', S, S],
      why: ['small', 'complementary', 'complementary'],
      cells: 3,
    });
  });

  it('an equation needs two numbers: a hidden cell alone is not audited; with the total it is', () => {
    // only x0 is a number: nothing to solve, the empty total stays empty
    expect(margin([7, null, null], 5, [{ row: 0, column: 'x' }])).toEqual({
      x: [S, null, null],
      why: ['linked', '-', '-'],
      cells: 1,
    });
    // x0 = total: the total goes
    expect(margin([7, null, 7], 5, [{ row: 0, column: 'x' }])).toEqual({
      x: [S, null, S],
      why: ['linked', '-', 'complementary'],
      cells: 2,
    });
  });

  it('every count column has its own equation, and derived cells follow complementary ones', () => {
    const rows: Record<string, Cell>[] = [
      { n: 3, x: 20, rate: 0.5 }, // n: 3 + 10 + 7 = 20 → n of row 2 goes; x: 20 + 30 + 2 = 52 → x of row 0 goes (20 < 30)
      { n: 10, x: 30, rate: 0.1 },
      { n: 7, x: 2, rate: 0.2 },
      { n: 20, x: 52, rate: 0.3 },
    ];
    const s = suppressTable(rows, 5, {
      counts: ['n', 'x'],
      derived: { rate: ['n', 'x'] },
      margins: [{ parts: [0, 1, 2], total: 3 }],
    });
    expect(rows).toEqual([
      { n: '<5', x: S, rate: S },
      { n: 10, x: 30, rate: 0.1 },
      { n: S, x: '<5', rate: S },
      { n: 20, x: 52, rate: 0.3 },
    ]);
    expect(reasons(s)).toEqual([
      { n: 'small', x: 'complementary', rate: 'derived' },
      {},
      { x: 'small', n: 'complementary', rate: 'derived' },
      {},
    ]);
    expect(s.cells).toBe(6);
  });
});

describe('suppressTable: column sums within a row', () => {
  it('one hidden part takes the next-smallest shown non-zero part (or the total) with it; derived cells follow', () => {
    const rows: Record<string, Cell>[] = [
      // a = 20 − 0 − 10 − 8 = 2 pinned → d (8, smallest shown non-zero; b is 0) goes; rd follows d (second pass)
      { all: 20, a: 2, b: 0, c: 10, d: 8, rd: 0.4 },
      // b is text, d empty: a = 13 − 10 = 3 pinned → c goes (b is never taken)
      { all: 13, a: 3, b: '8', c: 10, d: null, rd: null },
      // a + b = 8 pins both at 4; c, d are 0 → the total goes
      { all: 8, a: 4, b: 4, c: 0, d: 0, rd: 0 },
      // nothing hidden: nothing to audit
      { all: 6, a: 6, b: 0, c: 0, d: 0, rd: 0 },
      // a preset, the only number: nothing to solve
      { all: null, a: 7, b: null, c: null, d: null, rd: null },
      // a preset, and the total: a = all → the total goes
      { all: 7, a: 7, b: null, c: null, d: null, rd: null },
    ];
    const s = suppressTable(
      rows,
      5,
      {
        counts: ['all', 'a', 'b', 'c', 'd'],
        derived: { rd: ['d'] },
        columnSums: [{ parts: ['a', 'b', 'c', 'd'], total: 'all' }],
      },
      [
        { row: 4, column: 'a' },
        { row: 5, column: 'a' },
      ],
    );
    expect(rows).toEqual([
      { all: 20, a: '<5', b: 0, c: 10, d: S, rd: S },
      { all: 13, a: '<5', b: '8', c: S, d: null, rd: null },
      { all: S, a: '<5', b: '<5', c: 0, d: 0, rd: 0 },
      { all: 6, a: 6, b: 0, c: 0, d: 0, rd: 0 },
      { all: null, a: S, b: null, c: null, d: null, rd: null },
      { all: S, a: S, b: null, c: null, d: null, rd: null },
    ]);
    expect(reasons(s)).toEqual([
      { a: 'small', d: 'complementary', rd: 'derived' },
      { a: 'small', c: 'complementary' },
      { a: 'small', b: 'small', all: 'complementary' },
      {},
      { a: 'linked' },
      { a: 'linked', all: 'complementary' },
    ]);
    expect(s.cells).toBe(11);
  });

  it('every cell of the row hidden and still pinned: the total reads suppressed (masked)', () => {
    // 1 + 1 + 1 + 1 = 4 with B = 5: each `<5` part is ≥ 1, so a `<5` total would have to be 4
    const rows: Record<string, Cell>[] = [
      { all: 4, a: 1, b: 1, c: 1, d: 1 },
      { all: 3, a: 1, b: 1, c: 1, d: 0 },
    ];
    const s = suppressTable(rows, 5, {
      counts: ['all', 'a', 'b', 'c', 'd'],
      columnSums: [{ parts: ['a', 'b', 'c', 'd'], total: 'all' }],
    });
    // the second row is not pinned: the total lies in 3…4 as far as the parts say
    expect(rows).toEqual([
      { all: S, a: '<5', b: '<5', c: '<5', d: '<5' },
      { all: '<5', a: '<5', b: '<5', c: '<5', d: 0 },
    ]);
    expect(reasons(s)[0].all).toBe('masked');
  });

  it('a complementary part counts as ≥ B: 1 + 5 + 9 = 15 loses 5, then 9', () => {
    const rows: Record<string, Cell>[] = [{ all: 15, a: 1, b: 5, c: 9 }];
    suppressTable(rows, 5, { counts: ['all', 'a', 'b', 'c'], columnSums: [{ parts: ['a', 'b', 'c'], total: 'all' }] });
    expect(rows).toEqual([{ all: 15, a: '<5', b: S, c: S }]);
  });
});

describe('disclosed: one equation Σ sign·x = 0, interval reasoning', () => {
  const shown = (value: number, sign = 1) => ({
    hidden: false,
    value,
    bounds: [0, Infinity] as [number, number],
    sign,
  });
  const hid = (value: number, bounds: [number, number], sign = 1) => ({ hidden: true, value, bounds, sign });
  it('nothing hidden: nothing disclosed', () => {
    expect(disclosed([])).toBe(false);
    expect(disclosed([shown(3), shown(4), shown(7, -1)])).toBe(false);
  });
  it('one hidden part or one hidden total is pinned', () => {
    expect(disclosed([hid(3, [1, 4]), shown(10), shown(7), shown(20, -1)])).toBe(true);
    expect(disclosed([shown(3), shown(4), hid(7, [0, Infinity], -1)])).toBe(true);
    expect(disclosed([shown(3), shown(4), hid(7, [5, Infinity], -1)])).toBe(true);
  });
  it('two hidden parts: pinned only when the bounds leave one value', () => {
    // x0 + x1 = 8, each in 1…4 → 4 and 4
    expect(disclosed([hid(4, [1, 4]), hid(4, [1, 4]), shown(9), shown(17, -1)])).toBe(true);
    // x0 + x1 = 7: x0 in 3…4
    expect(disclosed([hid(3, [1, 4]), hid(4, [1, 4]), shown(9), shown(16, -1)])).toBe(false);
    // x0 + x1 = 6, x0 in 1…4, x1 ≥ 5 → x0 = 1, x1 = 5
    expect(disclosed([hid(1, [1, 4]), hid(5, [5, Infinity]), shown(9), shown(15, -1)])).toBe(true);
    // x0 + x1 = 10, x0 in 1…4, x1 ≥ 5: x0 in 1…4, x1 in 6…9
    expect(disclosed([hid(3, [1, 4]), hid(7, [5, Infinity]), shown(10), shown(20, -1)])).toBe(false);
  });
  it('a hidden total with hidden parts', () => {
    // x0 + 10 = t, x0 in 1…4, t ≥ 5: t in 11…14, x0 in 1…4
    expect(disclosed([hid(2, [1, 4]), shown(10), hid(12, [5, Infinity], -1)])).toBe(false);
    // x0 + x1 = t, all in 1…2 (B = 3): t ≥ 2 and ≤ 2 → t = 2, x0 = x1 = 1
    expect(disclosed([hid(1, [1, 2]), hid(1, [1, 2]), hid(2, [1, 2], -1)])).toBe(true);
    // x0 + 1 = t, x0 in 1…4, t ≥ 5 → t = 5, x0 = 4
    expect(disclosed([hid(4, [1, 4]), shown(1), hid(5, [5, Infinity], -1)])).toBe(true);
    // x0 + 3 = t, x0 in 0…∞ (suppressed), t in 1…4 → x0 in 0…1: not pinned
    expect(disclosed([hid(1, [0, Infinity]), shown(3), hid(4, [1, 4], -1)])).toBe(false);
    // x0 + 4 = t, x0 in 0…∞, t in 1…4 → x0 = 0
    expect(disclosed([hid(0, [0, Infinity]), shown(4), hid(4, [1, 4], -1)])).toBe(true);
  });
  it('any signs: two hidden terms of sign −1 (a + b = c + d)', () => {
    // 10 = t0 + t1 with both ≥ 5 → both 5
    expect(disclosed([shown(10), hid(5, [5, Infinity], -1), hid(5, [5, Infinity], -1)])).toBe(true);
    // 12 = t0 + t1 with both ≥ 5: each in 5…7
    expect(disclosed([shown(12), hid(5, [5, Infinity], -1), hid(7, [5, Infinity], -1)])).toBe(false);
    // x0 = t with both in 0…∞: not pinned
    expect(disclosed([hid(5, [0, Infinity]), hid(5, [0, Infinity], -1)])).toBe(false);
  });
});

describe('suppressionNotes', () => {
  it('pins the note, its limits and the singular', () => {
    const note = (below: number, cells: string) =>
      'small counts suppressed for publication (docs/methods.md#suppression): ' +
      `counts from 1 to ${below - 1} are shown as "<${below}"; ` +
      'rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, ' +
      `are shown as "suppressed" (${cells}); zeros are shown`;
    const rows: Record<string, Cell>[] = [{ n: 1, r: 0.1 }];
    expect(suppressionNotes(suppressTable(rows, 2, { counts: ['n'] }))).toEqual([note(2, '1 cell')]);
    const two: Record<string, Cell>[] = [{ n: 4, r: 0.1 }];
    expect(suppressionNotes(suppressTable(two, 5, { counts: ['n'], derived: { r: ['n'] } }))).toEqual([
      note(5, '2 cells'),
    ]);
    for (const below of [undefined, 0, 1])
      expect(suppressionNotes({ below, hidden: [], cells: 3, any: true, isHidden: () => true })).toEqual([]);
  });
});

describe('counts in notes and JSON (common.ts)', () => {
  it('shownCount: 1 … below − 1 read `<below`; 0, below and up, and any count without a threshold as they are', () => {
    expect([0, 1, 4, 5, 12].map((n) => shownCount(n, 5))).toEqual(['0', '<5', '<5', '5', '12']);
    expect([0, 1].map((n) => shownCount(n, 2))).toEqual(['0', '<2']);
    expect([shownCount(3, undefined), shownCount(1, 1), shownCount(0, 1), shownCount(1, 0)]).toEqual([
      '3',
      '1',
      '0',
      '1',
    ]);
  });

  it('leftOutNote and leftOutMeta: counts, parts and the sentence, without a threshold', () => {
    const tail = 'They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)';
    const other =
      "with no incident in the export (an ID that does not match the incidents' suspect IDs, e.g. one that lost its leading zeros, is one of these: `ipvi validate` names them)";
    const ipv = 'whose incidents were all excluded by the IPV relationship filter';
    expect(leftOutNote({ noIncident: 0, ipvFiltered: 0 })).toEqual([]);
    expect(leftOutNote({ noIncident: 25, ipvFiltered: 21 })).toEqual([
      `25 notified persons left out of the cohort because they have no incident in the data: 21 ${ipv}; 4 ${other}. ${tail}`,
    ]);
    // everyone IPV-filtered: no "0 with no incident" part
    expect(leftOutNote({ noIncident: 7, ipvFiltered: 7 })).toEqual([
      `7 notified persons left out of the cohort because they have no incident in the data: 7 ${ipv}. ${tail}`,
    ]);
    // one person, none IPV-filtered: the singular, and no "0 whose incidents" part
    expect(leftOutNote({ noIncident: 1, ipvFiltered: 0 })).toEqual([
      `1 notified person left out of the cohort because they have no incident in the data: 1 ${other}. ${tail}`,
    ]);
    expect(leftOutMeta({ noIncident: 25, ipvFiltered: 21 })).toEqual({ noIncident: 25, ipvFiltered: 21 });
  });

  it('leftOutNote and leftOutMeta under a threshold: a hidden part hides the other one when the total is shown', () => {
    const tail = 'They are not counted as non-reoffenders, or at all (docs/methods.md#cohort)';
    const other =
      "with no incident in the export (an ID that does not match the incidents' suspect IDs, e.g. one that lost its leading zeros, is one of these: `ipvi validate` names them)";
    const ipv = 'whose incidents were all excluded by the IPV relationship filter';
    // 25 = 21 + 4: 4 is small; 25 − 21 would give it back, so both parts read suppressed
    expect(leftOutNote({ noIncident: 25, ipvFiltered: 21 }, 5)).toEqual([
      `25 notified persons left out of the cohort because they have no incident in the data: suppressed ${ipv}; suppressed ${other}. ${tail}`,
    ]);
    expect(leftOutMeta({ noIncident: 25, ipvFiltered: 21 }, 5)).toEqual({ noIncident: 25, ipvFiltered: 'suppressed' });
    // 12 = 5 + 7 with below 6: the IPV part (5) is small: both parts suppressed
    expect(leftOutMeta({ noIncident: 12, ipvFiltered: 5 }, 6)).toEqual({ noIncident: 12, ipvFiltered: 'suppressed' });
    // with below 5 nothing is small
    expect(leftOutNote({ noIncident: 12, ipvFiltered: 5 }, 5)).toEqual([
      `12 notified persons left out of the cohort because they have no incident in the data: 5 ${ipv}; 7 ${other}. ${tail}`,
    ]);
    expect(leftOutMeta({ noIncident: 12, ipvFiltered: 5 }, 5)).toEqual({ noIncident: 12, ipvFiltered: 5 });
    // 3 = 1 + 2: the total is hidden too, so the parts read <5 (the total gives nothing back)
    expect(leftOutNote({ noIncident: 3, ipvFiltered: 1 }, 5)).toEqual([
      `<5 notified persons left out of the cohort because they have no incident in the data: <5 ${ipv}; <5 ${other}. ${tail}`,
    ]);
    expect(leftOutMeta({ noIncident: 3, ipvFiltered: 1 }, 5)).toEqual({ noIncident: '<5', ipvFiltered: '<5' });
    // one person left out, hidden: "<5 notified persons", never the singular that would say it is 1
    expect(leftOutNote({ noIncident: 1, ipvFiltered: 0 }, 5)).toEqual([
      `<5 notified persons left out of the cohort because they have no incident in the data: <5 ${other}. ${tail}`,
    ]);
    expect(leftOutNote({ noIncident: 1, ipvFiltered: 1 }, 2)).toEqual([
      `<2 notified persons left out of the cohort because they have no incident in the data: <2 ${ipv}. ${tail}`,
    ]);
    // zeros are shown: 10 = 0 + 10
    expect(leftOutMeta({ noIncident: 10, ipvFiltered: 0 }, 5)).toEqual({ noIncident: 10, ipvFiltered: 0 });
    expect(leftOutNote({ noIncident: 10, ipvFiltered: 0 }, 5)).toEqual([
      `10 notified persons left out of the cohort because they have no incident in the data: 10 ${other}. ${tail}`,
    ]);
  });

  it('notifiedCohort counts the notified persons with no incident, and those the IPV filter emptied', () => {
    const ds = buildDataset(
      [inc('p', '2020-01-01')],
      [note('p', '2020-02-01', 'D'), note('ghost', '2020-02-01', 'C'), note('gone', '2020-03-01', 'D')],
    );
    const idx = buildPersonIndex(ds);
    // the dataset was read without an IPV filter (no ipvExcluded set)
    expect(notifiedCohort(ds, idx).leftOut).toEqual({ noIncident: 2, ipvFiltered: 0 });
    expect(notifiedCohort({ ...ds, ipvExcluded: new Set(['gone']) }, idx).leftOut).toEqual({
      noIncident: 2,
      ipvFiltered: 1,
    });
  });

  it('suppressRow and suppressionNote: the count, what is built on it, and the exact note', () => {
    const row: Record<string, Cell> = { n: 2, x: 0, rate: 0, ci: 0.3, m: 9 };
    expect(
      suppressRow(row, 5, [
        { count: 'n', derived: ['rate', 'ci'] },
        { count: 'x', derived: ['rate'] },
        { count: 'm', derived: [] },
      ]),
    ).toBe(3);
    expect(row).toEqual({ n: '<5', x: 0, rate: S, ci: S, m: 9 });
    expect(suppressionNote(5, 1)).toEqual([
      'small counts suppressed for publication: counts from 1 to 4 are shown as "<5" and the rates and intervals built on them as "suppressed" (1 cell); zeros are shown; ' +
        'rows are suppressed one by one, so a hidden cell may still be recoverable from a total (docs/methods.md#suppression)',
    ]);
    expect(suppressionNote(2, 0)[0]).toContain(
      'counts from 1 to 1 are shown as "<2" and the rates and intervals built on them as "suppressed" (0 cells);',
    );
    expect([suppressionNote(undefined, 2), suppressionNote(1, 2), suppressionNote(0, 2)]).toEqual([[], [], []]);
  });
});
