/**
 * Small-count suppression that holds (docs/methods.md#suppression): one
 * function applied to a table's rows with a declaration of which columns are
 * counts, which columns are computed from (and so reveal) which counts, and
 * which rows add up to which. A new column declares its dependency and is
 * hidden with the counts it is built on; nothing else has to change.
 *
 * 1. **Primary**: a count from 1 to below − 1 is hidden and shown as `<below`
 *    (zeros are shown).
 * 2. **Complements**: a count `part` with a `whole` in the same row (reoffenders
 *    of persons) is hidden when whole − part — itself a count — is small.
 * 3. **Derived**: a column computed from a hidden count (a rate, an interval,
 *    a test, another count) is hidden and shown as `suppressed`.
 * 4. **Complementary**: in every margin (parts that add up to a total, per
 *    count column), no hidden cell may be recoverable: when the hidden cells
 *    of an equation leave one of them with a single possible value — one
 *    hidden cell alone, or small cells whose sum pins them — the smallest
 *    shown non-zero part is hidden too (shown as `suppressed`), or the total
 *    when no part is left. When every cell is hidden already (1 + 1 = 2 with
 *    below 3: all three read `<3`, yet the total can only be 2), the total
 *    is shown as `suppressed` instead of `<below` (`masked`), which takes its
 *    bounds away. Steps 3 and 4 repeat until nothing changes.
 *
 * Cells that do not apply to their row (`notApplicable`) and hold no value are
 * left as they are: they stay empty rather than read `suppressed`.
 *
 * An attacker's knowledge is taken as: a `<below` cell lies in 1 … below − 1;
 * a `suppressed` count lies anywhere from 0 up (a complementary cell is in
 * fact ≥ below, and is audited with that tighter bound).
 */
import type { Cell } from '../model.js';

export interface SuppressionDeclaration {
  /** count columns: a value 1 … below − 1 is hidden */
  counts: string[];
  /** column → the count columns it is computed from; hidden when any of them is hidden in its row */
  derived?: Record<string, string[]>;
  /** part → whole in the same row: part ≤ whole, and whole − part is a count too (a small difference hides the part) */
  complements?: Record<string, string>;
  /** row indices whose count cells add up to another row's, in every count column */
  margins?: { parts: number[]; total: number }[];
  /** count columns that add up to another count column in every row (new + escalated + unchanged + lowered = persons) */
  columnSums?: { parts: string[]; total: string }[];
  /**
   * The cells of row `index` that do not apply to it: the A row's notification delays in `fidelity`, a
   * victim-contact share at a level that does not require it, an interval turned off by an option. Such a cell,
   * when it holds no value (null), is never hidden and keeps its null: there is nothing to hide, and `suppressed`
   * would tell a reader that a value exists. Declare only what the table's layout and options decide, or a count
   * of 0 that is always shown (a whole such as persons: zeros are never small, never a complement, never taken as
   * complementary; not with a preset cell), never what a hidden count decides (a rate left empty because its hidden
   * base is 0 or 1 must read `suppressed`). A declared cell that holds a value is suppressed like any other.
   * docs/methods.md#suppression.
   */
  notApplicable?: (index: number, row: Record<string, Cell>) => readonly string[];
}

/**
 * Why a cell is hidden. `masked`: a small count shown as `suppressed` rather than `<below`, because every cell
 * of one of its margins is hidden and the `<below` bounds alone would still pin a value.
 */
export type HiddenReason = 'small' | 'complement' | 'complementary' | 'derived' | 'linked' | 'masked';

export interface Suppression {
  below: number | undefined;
  /** per row: hidden column → why */
  hidden: Map<string, HiddenReason>[];
  /** cells replaced */
  cells: number;
  /** is this row's column hidden */
  isHidden(row: number, column: string): boolean;
  /** does any hidden cell exist */
  any: boolean;
}

/** The word shown for a hidden cell that is not itself a small count. */
export const SUPPRESSED = 'suppressed';

/** True when `count` is a small count to hide: 1 ≤ count ≤ below − 1. Zero is never hidden. */
function small(v: Cell, below: number): boolean {
  return typeof v === 'number' && v >= 1 && v < below;
}

/**
 * Apply the declaration to `rows` in place; returns what was hidden. With `below` undefined or ≤ 1 nothing is hidden.
 * `preset`: cells hidden because another table that shows the same count hid them (they read `suppressed`, and
 * what is derived from them follows).
 */
export function suppressTable(
  rows: Record<string, Cell>[],
  below: number | undefined,
  decl: SuppressionDeclaration,
  preset: { row: number; column: string }[] = [],
): Suppression {
  const hidden = rows.map(() => new Map<string, HiddenReason>());
  const result: Suppression = {
    below,
    hidden,
    cells: 0,
    any: false,
    isHidden: (r, c) => hidden[r]?.has(c) ?? false,
  };
  if (below === undefined || below <= 1) return result;
  const B = below;
  const value = (r: number, c: string) => rows[r][c];
  // empty cells that do not apply to their row: nothing to hide, so never marked hidden
  const empty = rows.map((row, r) => {
    const cols = decl.notApplicable?.(r, row) ?? [];
    return new Set(cols.filter((c) => row[c] === null));
  });

  for (const { row, column } of preset)
    if (rows[row] && !small(rows[row][column], B) && !empty[row].has(column)) hidden[row].set(column, 'linked');
  rows.forEach((row, r) => {
    for (const c of decl.counts) if (small(row[c], B)) hidden[r].set(c, 'small');
    for (const [part, whole] of Object.entries(decl.complements ?? {})) {
      const p = row[part],
        w = row[whole];
      if (typeof p === 'number' && typeof w === 'number' && small(w - p, B) && !hidden[r].has(part))
        hidden[r].set(part, 'complement');
    }
  });

  const bounds = (r: number, c: string): [number, number] => {
    const why = hidden[r].get(c);
    if (why === 'small') return [1, B - 1];
    if (why === 'complementary') return [B, Infinity];
    return [0, Infinity];
  };

  /**
   * A disclosed equation with nothing left to hide: show its total, when it reads `<B`, as `suppressed`, so
   * that its known range is 0 … ∞ rather than 1 … B − 1. (With the total at 0 … ∞ no part can be pinned, and a
   * total that is not small is taken as complementary before this.) Widening a bound discloses nothing new, so
   * no further pass is needed.
   */
  const mask = (r: number, c: string) => {
    if (hidden[r].get(c) === 'small') hidden[r].set(c, 'masked');
  };

  for (let changed = true; changed; ) {
    changed = false;
    // derived columns follow their counts
    rows.forEach((_, r) => {
      for (const [col, sources] of Object.entries(decl.derived ?? {})) {
        if (!hidden[r].has(col) && !empty[r].has(col) && sources.some((s) => hidden[r].has(s))) {
          hidden[r].set(col, 'derived');
          changed = true;
        }
      }
    });
    // complementary suppression in every margin equation
    for (const m of decl.margins ?? []) {
      for (const c of decl.counts) {
        const cells = [...m.parts.map((r) => ({ r, sign: 1 })), { r: m.total, sign: -1 }].filter(
          ({ r }) => typeof value(r, c) === 'number',
        );
        if (cells.length < 2) continue;
        if (
          !disclosed(
            cells.map(({ r, sign }) => ({
              sign,
              hidden: hidden[r].has(c),
              value: value(r, c) as number,
              bounds: bounds(r, c),
            })),
          )
        )
          continue;
        // hide the smallest shown non-zero part, else the total
        const candidates = m.parts.filter(
          (r) => !hidden[r].has(c) && typeof value(r, c) === 'number' && (value(r, c) as number) > 0,
        );
        candidates.sort((a, b) => (value(a, c) as number) - (value(b, c) as number) || a - b);
        const pick = candidates[0] ?? (!hidden[m.total].has(c) ? m.total : undefined);
        if (pick === undefined) {
          mask(m.total, c);
          continue;
        }
        hidden[pick].set(c, 'complementary');
        changed = true;
      }
    }
    // and in every row's column sums
    for (const m of decl.columnSums ?? []) {
      rows.forEach((row, r) => {
        const cols = [...m.parts.map((c) => ({ c, sign: 1 })), { c: m.total, sign: -1 }].filter(
          ({ c }) => typeof row[c] === 'number',
        );
        if (cols.length < 2) return;
        if (
          !disclosed(
            cols.map(({ c, sign }) => ({
              sign,
              hidden: hidden[r].has(c),
              value: row[c] as number,
              bounds: bounds(r, c),
            })),
          )
        )
          return;
        const candidates = m.parts.filter(
          (c) => !hidden[r].has(c) && typeof row[c] === 'number' && (row[c] as number) > 0,
        );
        candidates.sort((a, b) => (row[a] as number) - (row[b] as number) || m.parts.indexOf(a) - m.parts.indexOf(b));
        const pick = candidates[0] ?? (!hidden[r].has(m.total) ? m.total : undefined);
        if (pick === undefined) {
          mask(r, m.total);
          return;
        }
        hidden[r].set(pick, 'complementary');
        changed = true;
      });
    }
  }

  rows.forEach((row, r) => {
    for (const [c, why] of hidden[r]) row[c] = why === 'small' ? `<${B}` : SUPPRESSED;
    result.cells += hidden[r].size;
  });
  result.any = result.cells > 0;
  return result;
}

interface Term {
  sign: number;
  hidden: boolean;
  value: number;
  bounds: [number, number];
}

/**
 * Σ sign·x = 0 over the terms: with the shown terms known and each hidden one
 * within its bounds, does any hidden term have exactly one possible value?
 * (Interval reasoning: the range of x_i is what the others' bounds leave.)
 */
export function disclosed(terms: Term[]): boolean {
  const h = terms.filter((t) => t.hidden);
  if (h.length === 0) return false;
  const known = terms.filter((t) => !t.hidden).reduce((a, t) => a + t.sign * t.value, 0);
  for (let i = 0; i < h.length; i++) {
    // sign_i x_i = −known − Σ_{j≠i} sign_j x_j
    let lo = -known,
      hi = -known;
    for (let j = 0; j < h.length; j++) {
      if (j === i) continue;
      const [a, b] = h[j].bounds;
      if (h[j].sign > 0) {
        lo -= b;
        hi -= a;
      } else {
        lo += a;
        hi += b;
      }
    }
    let [xlo, xhi] = h[i].sign > 0 ? [lo, hi] : [-hi, -lo];
    xlo = Math.max(xlo, h[i].bounds[0]);
    xhi = Math.min(xhi, h[i].bounds[1]);
    if (xlo === xhi) return true;
  }
  return false;
}

/** The note printed under a table when --suppress-below is in force. */
export function suppressionNotes(s: Suppression): string[] {
  if (s.below === undefined || s.below <= 1) return [];
  const B = s.below;
  return [
    `small counts suppressed for publication (docs/methods.md#suppression): counts from 1 to ${B - 1} are shown as "<${B}"; ` +
      `rates, intervals, tests and other counts that would reveal them, and further cells chosen so that no hidden count can be recovered from the totals, are shown as "${SUPPRESSED}" (${s.cells} cell${s.cells === 1 ? '' : 's'}); zeros are shown`,
  ];
}
