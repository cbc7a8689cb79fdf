/**
 * The reader's duplicate-check table (src/ingest/line-table.ts LineTable: number
 * keys in typed arrays, other keys in a Map) against a Map; and the duplicate
 * findings it serves, with their lines, on files large enough that it grows
 * (src/ingest/parse.ts notificationRows, incidentRows duplicateOf).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { LineTable, mix } from '../../src/ingest/line-table.js';
import { parseInputs } from '../../src/ingest/parse.js';
import { INCIDENT_HEADER, NOTIFICATION_HEADER } from '../helpers/ingest-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-line-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `n` keys below 2^53 that all start in slot 0 of a table of `slots` slots (found by search). */
function collidingKeys(n: number, slots: number, from: number): number[] {
  const out: number[] = [];
  for (let k = from; out.length < n; k++) if ((mix(k) & (slots - 1)) === 0) out.push(k);
  return out;
}

describe('LineTable', () => {
  it('gives the line a key was set with, 0 for a key not held, and replaces a line set again', () => {
    const t = new LineTable();
    expect(t.get(8)).toBe(0);
    expect(t.has(8)).toBe(false);
    t.set(8, 2);
    t.set(2 ** 52 + 3, 3);
    t.set(0, 4);
    expect([t.get(8), t.get(2 ** 52 + 3), t.get(0), t.get(9), t.get(2 ** 52 + 2)]).toEqual([2, 3, 4, 0, 0]);
    expect(t.has(0)).toBe(true);
    t.set(8, 7);
    expect(t.get(8)).toBe(7);
    expect(t.size).toBe(3);
  });

  it('finds every key of a run that starts in one slot, past the others, and misses one that is not there', () => {
    const t = new LineTable(); // 16 slots: 8 keys fit before it grows
    const keys = collidingKeys(9, 16, 1);
    expect(t.slots).toBe(16);
    for (let i = 0; i < 7; i++) t.set(keys[i], 100 + i);
    expect(t.slots).toBe(16); // 7 of 16: still at most half full
    // all seven start in slot 0: six of them are found only by probing on from it
    expect(keys.slice(0, 7).map((k) => t.get(k))).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(t.get(keys[7])).toBe(0); // also starts in slot 0, probes past the run to the empty slot
    t.set(keys[7], 107); // the eighth: half full, not more
    expect(t.slots).toBe(16);
    t.set(keys[8], 108); // the ninth: more than half full, doubles
    expect(t.slots).toBe(32);
    expect(keys.map((k) => t.get(k))).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
  });

  it('grows by doubling and keeps every line; a reservation makes the room once', () => {
    const t = new LineTable();
    for (let i = 0; i < 5000; i++) t.set(i * 2 ** 27 + 3, i + 1);
    expect(t.slots).toBe(16384); // 5,000 keys at most half full: 10,000 → 16,384
    expect(t.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(t.get(i * 2 ** 27 + 3)).toBe(i + 1);
    expect(t.get(5000 * 2 ** 27 + 3)).toBe(0);

    const r = new LineTable(3);
    expect(r.slots).toBe(16);
    r.set(5, 1);
    r.reserve(3000); // 6,000 → 8,192 slots, the key held moved over
    expect(r.slots).toBe(8192);
    expect(r.get(5)).toBe(1);
    for (let i = 0; i < 3000; i++) r.set(i * 8 + 1000, i + 2);
    expect(r.slots).toBe(8192); // no growth within the reservation
    r.reserve(10); // smaller than its room: kept
    expect(r.slots).toBe(8192);
    expect(r.get(1000)).toBe(2);
    expect(r.get(2999 * 8 + 1000)).toBe(3001);
    expect(new LineTable(9).slots).toBe(32);
    expect(new LineTable(8).slots).toBe(16);
  });

  it('keeps keys that are not integers from 0 to 2^53 - 1 apart, in a Map, and counts them', () => {
    const t = new LineTable();
    t.set('3\u00000\u00001', 2);
    t.set(-8, 3);
    t.set(0.5, 4);
    t.set(2 ** 53, 5); // not exact in a double's neighbourhood: 2^53 + 1 is 2^53
    t.set(Number.MAX_SAFE_INTEGER, 6); // the largest that fits
    t.set(3, 7);
    expect(['3\u00000\u00001', -8, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, 3].map((k) => t.get(k))).toEqual([
      2, 3, 4, 5, 6, 7,
    ]);
    expect(t.get('3')).toBe(0); // the string '3' is not the number 3
    expect(t.get(-3)).toBe(0);
    expect(t.size).toBe(6);
    t.set(-8, 9);
    expect(t.get(-8)).toBe(9);
    expect(t.size).toBe(6);
  });

  it('takes only whole lines from 1 to 2^32 - 1', () => {
    const t = new LineTable();
    for (const bad of [0, -1, 1.5, 2 ** 32, Number.NaN])
      expect(() => t.set(1, bad)).toThrow(/a line is a whole number from 1 to 2\^32 - 1/);
    t.set(1, 2 ** 32 - 1);
    expect(t.get(1)).toBe(2 ** 32 - 1);
    expect(t.size).toBe(1);
  });

  it('hashes with the halves of the key folded in, then MurmurHash3 fmix32', () => {
    // fmix32 of lo ^ ((hi ^ hi >>> 16) · 0x45d9f3b mod 2^32), fmix32 as in smhasher's MurmurHash3; in Python
    // (imul = a·b & 0xffffffff): fmix32(0) = 0, fmix32(1) = 0x514e28b7, fmix32(0x45d9f3b) = 0xe97b222e;
    // key 2^32 has lo 0 and hi 1
    expect(mix(0)).toBe(0);
    expect(mix(1)).toBe(0x514e28b7);
    expect(mix(2 ** 32)).toBe(0xe97b222e);
    expect(mix(2 ** 32)).not.toBe(mix(1));
    // keys that differ only above bit 32 (another person, same day and level) spread over the slots
    const used = new Set<number>();
    for (let p = 0; p < 4096; p++) used.add(mix(p * 2 ** 27 + 8 * 2 ** 23 + 1) & 1023);
    expect(used.size).toBeGreaterThan(900);
  });

  it('answers as a Map does, for any mix of keys and lines', () => {
    const key = fc.oneof(
      fc.integer({ min: 0, max: 64 }),
      fc.integer({ min: 0, max: 2 ** 20 }).map((k) => k * 2 ** 27 + 5),
      fc.constantFrom(0, Number.MAX_SAFE_INTEGER, 2 ** 53, -1, 0.25, '1', '1\u00002'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 1, max: 2 ** 32 - 1 })), { maxLength: 300 }), (ops) => {
        const t = new LineTable();
        const m = new Map<number | string, number>();
        for (const [k, line] of ops) {
          expect(t.get(k)).toBe(m.get(k) ?? 0);
          t.set(k, line);
          m.set(k, line);
        }
        expect(t.size).toBe(m.size);
        for (const [k, line] of m) expect(t.get(k)).toBe(line);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the duplicate findings, on files where the table grows', () => {
  it('a notification entered again is counted once and named with the line it first was on', async () => {
    // 3,000 notifications of 1,500 persons; every 250th is entered again 1,000 rows later. The first chunk
    // (2 KB) holds long rows (a long type), so the estimate is short and the table grows while it is read.
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const type = i < 20 ? `letter${'x'.repeat(80)}` : 'letter';
      rows.push(`P${i % 1500},2021-0${1 + (i % 9)}-1${i % 10},${'DCBA'[i % 4]},${type},`);
    }
    const original = [...rows];
    for (let k = 0; k < 12; k++) rows.splice(1000 + 250 * k + k, 0, original[250 * k]);
    // the expected findings, by a plain scan: (person, date, level) already met → [line, its first line]
    const first = new Map<string, number>();
    const repeats: [number, number][] = [];
    rows.forEach((r, i) => {
      const key = r.split(',').slice(0, 3).join(',');
      const line = i + 2; // the header is line 1
      if (first.has(key)) repeats.push([line, first.get(key)!]);
      else first.set(key, line);
    });
    expect(repeats.length).toBe(12);
    expect(repeats[0]).toEqual([1002, 2]);
    const incidents = join(dir, 'i.csv');
    const notifications = join(dir, 'n.csv');
    writeFileSync(incidents, `${INCIDENT_HEADER}\nI1,2021-01-01,P1,V1,SP,,no,no,no,no,no,A\n`);
    writeFileSync(notifications, `${[NOTIFICATION_HEADER, ...rows].join('\n')}\n`);
    const p = await parseInputs({ incidents, notifications, config: loadConfig(), chunkBytes: 2048 });
    const found = p.log.warningList.filter((w) => w.code === 'duplicate_notification');
    expect(found.map((w) => [w.line, Number(/already on line (\d+)/.exec(w.message)![1])])).toEqual(repeats);
    expect(p.counts.notifications).toEqual({ read: 3012, accepted: 3000, rejected: 0, excluded: 12 });
    // every accepted row keeps its line (the last four repeats come after the last original row)
    expect(p.notifications.line[2999]).toBe(3009);
    expect(Array.from(p.notifications.line)).toEqual(original.map((r) => rows.indexOf(r) + 2));
  });

  it('an (incident, suspect) row again, for first and later suspects, is an error naming the first line', async () => {
    // 4,000 incidents, each with suspects S<i> and (every 3rd) T<i>; then the pairs again, first and second suspects
    const rows: string[] = [];
    const at = new Map<string, number>();
    const push = (id: string, suspect: string) => {
      rows.push(`${id},2021-01-0${1 + (rows.length % 9)},${suspect},V1,SP,,no,no,no,no,no,A`);
      if (!at.has(`${id} ${suspect}`)) at.set(`${id} ${suspect}`, rows.length + 1);
    };
    for (let i = 0; i < 4000; i++) {
      push(`I${i}`, `S${i}`);
      if (i % 3 === 0) push(`I${i}`, `T${i}`);
    }
    const again = [
      ['I0', 'S0'],
      ['I3999', 'T3999'],
      ['I2001', 'S2001'],
      ['I1500', 'T1500'],
      ['I1500', 'U1500'], // a third suspect: new, accepted
      ['I1500', 'U1500'],
    ];
    const expected: [number, string][] = [];
    for (const [id, s] of again) {
      const first = at.get(`${id} ${s}`);
      push(id, s);
      if (first !== undefined)
        expected.push([rows.length + 1, `incident ${id} with suspect ${s} already appears on line ${first}`]);
    }
    const incidents = join(dir, 'i2.csv');
    const notifications = join(dir, 'n2.csv');
    writeFileSync(incidents, `${[INCIDENT_HEADER, ...rows].join('\n')}\n`);
    writeFileSync(notifications, `${NOTIFICATION_HEADER}\n`);
    const p = await parseInputs({ incidents, notifications, config: loadConfig(), chunkBytes: 1024 });
    const found = p.log.errorList.filter((e) => e.code === 'duplicate_key');
    expect(found.map((e) => [e.line, e.message])).toEqual(expected);
    expect(expected.map(([line]) => line)).toEqual([5336, 5337, 5338, 5339, 5341]);
    expect(p.counts.incidents.accepted).toBe(5335);
  });
});
