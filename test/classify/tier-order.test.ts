/**
 * The tier list's order (docs/methods.md#tier-list): level A first, most recent
 * incident first, then person id; a level pinned with no incident in view last
 * within its level. The packed numeric sort holds up to PACKED_SORT_ROWS rows;
 * past that the comparison sort must give the same order (no silent limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKED_SORT_ROWS, tierOrder as orderOfColumns } from '../../src/classify/tier-list.js';
import { NO_DAY } from '../../src/model.js';

interface Row {
  person: number;
  level: number;
  lastIncident: number;
}
const row = (person: number, level: number, lastIncident: number): Row => ({ person, level, lastIncident });

/** tierOrder of these rows, made into the list's columns, as an array of positions. */
const tierOrder = (rows: Row[], names: readonly string[], packedRows?: number): number[] =>
  Array.from(
    orderOfColumns(
      {
        length: rows.length,
        person: Int32Array.from(rows, (r) => r.person),
        level: Uint8Array.from(rows, (r) => r.level),
        lastIncident: Int32Array.from(rows, (r) => r.lastIncident),
      },
      names,
      packedRows,
    ),
  );

describe('tierOrder', () => {
  const names = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
  const rows = [row(0, 2, 100), row(1, 4, 50), row(2, 2, 200), row(3, 2, 100), row(4, 2, NO_DAY), row(5, 1, 300)];
  const expected = [1, 2, 0, 3, 4, 5]; // A; then B by day desc (200, 100 p0 before p3, pinned p4 last); then D

  it('orders by level, most recent incident, person id; pinned without an incident last in its level', () => {
    expect(tierOrder(rows, names)).toEqual(expected);
  });

  it("past the packed sort's row limit the comparison sort gives the same order", () => {
    expect(PACKED_SORT_ROWS).toBe(2 ** 23);
    expect(tierOrder(rows, names, rows.length - 1)).toEqual(expected);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            level: fc.integer({ min: 1, max: 4 }),
            day: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(NO_DAY)),
          }),
          { maxLength: 40 },
        ),
        (spec) => {
          const many = spec.map((s, i) => row(i, s.level, s.day));
          const ids = spec.map((_, i) => `id${(i * 7) % 13}-${i}`);
          expect(tierOrder(many, ids, 0)).toEqual(tierOrder(many, ids));
        },
      ),
    );
  });

  it('ids rank as `<` compares them (UTF-16 code units, not locale), also past the BMP and with repeated ids', () => {
    // U+E000 sorts after a surrogate pair's high half (U+D83D) by code units, before it by code points
    const unit = fc.constantFrom('a', 'b', 'A', '0', 'é', '\uFF21', '\uD83D\uDE00', '\uE000', ' ');
    const id = fc.array(unit, { maxLength: 4 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            level: fc.integer({ min: 1, max: 4 }),
            day: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(NO_DAY)),
          }),
          { maxLength: 40 },
        ),
        fc.boolean(),
        fc.infiniteStream(id),
        (spec, distinct, ids) => {
          const names: string[] = [];
          const seen = new Set<string>();
          for (const s of ids) {
            if (names.length === spec.length) break;
            if (distinct && seen.has(s)) continue;
            seen.add(s);
            names.push(s);
          }
          const many = spec.map((s, i) => row(i, s.level, s.day));
          const key = (r: Row) => [-r.level, r.lastIncident === NO_DAY ? Infinity : -r.lastIncident];
          const expected = many
            .map((_, i) => i)
            .sort((a, b) => {
              const [la, da] = key(many[a]);
              const [lb, db] = key(many[b]);
              return (
                la - lb ||
                (da === db ? 0 : da < db ? -1 : 1) ||
                (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b)
              );
            });
          expect(tierOrder(many, names)).toEqual(expected);
        },
      ),
    );
  });
});
