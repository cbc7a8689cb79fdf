/**
 * The reader's columns sized once from an estimate of the rows (src/ingest/parse.ts
 * estimateRows, src/ingest/growable.ts Growable.reserve), growing past a short
 * estimate, and handed out as views rather than copies (Growable.finish,
 * BytePool.finish); a pool's hash table let go and rebuilt (BytePool.release).
 * The datasets read this way are compared with the reference reader's.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BytePool } from '../../src/ingest/byte-pool.js';
import { Growable } from '../../src/ingest/growable.js';
import { estimateRows, parseInputs } from '../../src/ingest/parse.js';
import { facts, INCIDENT_HEADER, NOTIFICATION_HEADER } from '../helpers/ingest-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-sizing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Growable', () => {
  it('takes the reserved room at once, grows past it when the estimate is short, and finishes as an exact view', () => {
    const g = new Growable(Int32Array, 4);
    g.reserve(10);
    expect(g.capacity).toBe(10);
    for (let i = 0; i < 10; i++) g.push(i * 3 - 5);
    expect(g.capacity).toBe(10); // no growth within the reservation
    g.push(99); // the estimate was short: doubles
    expect(g.capacity).toBe(20);
    const out = g.finish();
    expect(out.length).toBe(11);
    expect(Array.from(out)).toEqual([-5, -2, 1, 4, 7, 10, 13, 16, 19, 22, 99]);
    // a view of the store, not a copy: the room past it is still there, unwritten
    expect(out.buffer.byteLength).toBe(20 * 4);
    expect(Array.from(new Int32Array(out.buffer, 44, 9))).toEqual(new Array(9).fill(0));
  });

  it('keeps what it holds when a reservation is smaller than its room, and finishes a full store as itself', () => {
    const g = new Growable(Uint8Array, 2);
    g.push(7);
    g.push(8);
    g.reserve(1);
    expect(g.capacity).toBe(2);
    expect(g.finish().buffer.byteLength).toBe(2);
    expect(Array.from(g.finish())).toEqual([7, 8]);
    g.reserve(5);
    expect(g.capacity).toBe(5);
    g.append([1, 2, 3, 4]); // past the reservation: exactly what is appended
    expect(g.capacity).toBe(6);
    expect(Array.from(g.finish())).toEqual([7, 8, 1, 2, 3, 4]);
  });
});

describe('estimateRows', () => {
  it('scales the rows read by the bytes, 5% more, capped by the rows a file of width-cell rows can hold', () => {
    // 10 rows in the first 100 of 1,000 bytes: 100 rows at that rate, 105 with the margin (cap 1000/5 + 1 = 201)
    expect(estimateRows(1000, 100, 10, 5)).toBe(105);
    // 90 rows in 100 bytes would be 945: no row of 5 cells is shorter than 5 bytes, so at most 201
    expect(estimateRows(1000, 100, 90, 5)).toBe(201);
    // the whole file read: its rows and the margin (7 · 1.05 = 7.35 → 8)
    expect(estimateRows(300, 300, 7, 12)).toBe(8);
    expect(estimateRows(1000, 0, 10, 5)).toBe(0);
    expect(estimateRows(1000, 100, 0, 5)).toBe(0);
    expect(estimateRows(1000, 100, 10, 0)).toBe(0);
  });
});

describe('BytePool.release', () => {
  it('lets go of the table; the next lookup rebuilds it and every value keeps its index', () => {
    const pool = new BytePool();
    for (let i = 0; i < 3000; i++) pool.intern(`P${i}`);
    const hashes = Array.from(pool.hashes());
    pool.release();
    const b = (v: string) => Buffer.from(v, 'utf8');
    expect(pool.find(b('P2999'), 0, 5)).toBe(2999);
    expect(pool.find(b('Q1'), 0, 2)).toBe(-1);
    pool.release();
    expect(pool.intern('P17')).toBe(17);
    expect(pool.intern('new')).toBe(3000);
    pool.release();
    expect(Array.from(pool.hashes()).slice(0, 3000)).toEqual(hashes);
    pool.release();
    pool.truncate(2000);
    expect(pool.intern('P2500')).toBe(2000);
    pool.release();
    pool.reserveValues(10);
    expect(pool.intern('P0')).toBe(0);
    const finished = pool.finish();
    // the block and offsets are views of the pool's own (64 KB block, 4,096 offsets), not exact copies
    const { bytes, offsets } = finished.encode();
    expect(finished.values.slice(1998)).toEqual(['P1998', 'P1999', 'P2500']);
    expect(bytes.length).toBe(offsets[2001]);
    expect(bytes.buffer.byteLength).toBe(1 << 16);
    expect(offsets.length).toBe(2002);
    expect(offsets.buffer.byteLength).toBe(4096 * 4);
  });
});

/** An incident row: `pad` makes its agency cell long. */
const incident = (i: number, pad: number) =>
  `I${i},2021-0${1 + (i % 9)}-1${i % 10},S${i % 97},V${i % 13},SP,,no,no,no,no,no,A${'x'.repeat(pad)}`;
const notification = (i: number) => `S${i % 97},2021-0${1 + (i % 9)}-2${i % 10},${'DCBA'[i % 4]},letter,`;

async function read(rows: string[], chunkBytes: number) {
  const incidents = join(dir, `i-${rows.length}-${chunkBytes}-${rows[0].length}.csv`);
  const notifications = join(dir, 'n.csv');
  writeFileSync(incidents, `${[INCIDENT_HEADER, ...rows].join('\n')}\n`);
  writeFileSync(
    notifications,
    `${[NOTIFICATION_HEADER, ...Array.from({ length: 40 }, (_, i) => notification(i))].join('\n')}\n`,
  );
  const config = loadConfig();
  const fast = await parseInputs({ incidents, notifications, config, chunkBytes });
  const reference = await parseInputs({ incidents, notifications, config, reader: 'reference' });
  return { fast, reference, bytes: statSync(incidents).size };
}

describe('the reader sizes the columns from the first chunk', () => {
  it('a file of even rows: the columns are made once, about 5% larger than the rows (not doubled to 8,192)', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => incident(i, 0));
    const { fast, reference } = await read(rows, 4096);
    expect(facts(fast)).toEqual(facts(reference));
    expect(fast.incidents.length).toBe(5000);
    const room = fast.incidents.day.buffer.byteLength / 4;
    expect(room).toBeGreaterThanOrEqual(5000);
    expect(room).toBeLessThan(5600);
  });

  it('short rows first, long rows after (the estimate too high): the same dataset, room left unwritten', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => incident(i, i < 300 ? 0 : 60));
    const { fast, reference, bytes } = await read(rows, 2048);
    expect(facts(fast)).toEqual(facts(reference));
    expect(fast.incidents.length).toBe(3000);
    // sized from the short rows: far more room than rows (all of it zero past the rows)
    const room = fast.incidents.line.buffer.byteLength / 4;
    expect(room).toBeGreaterThan(5000);
    expect(room).toBeLessThanOrEqual(Math.floor(bytes / 12) + 1);
    expect(Array.from(fast.incidents.line.subarray(2995))).toEqual([2997, 2998, 2999, 3000, 3001]);
  });

  it('long rows first, short rows after (the estimate too low): the columns grow past it, the same dataset', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => incident(i, i < 300 ? 200 : 0));
    const { fast, reference, bytes } = await read(rows, 2048);
    expect(facts(fast)).toEqual(facts(reference));
    expect(fast.incidents.length).toBe(6000);
    // the first 2,048 bytes hold the header and the whole rows before the first cut one: the estimate
    // from them is short, and the columns double from it (not from the 1,024 they start with)
    const firstChunk = `${[INCIDENT_HEADER, ...rows].join('\n')}\n`.slice(0, 2048);
    const rowsInFirstChunk = firstChunk.split('\n').length - 2;
    let room = estimateRows(bytes, 2048, rowsInFirstChunk, 12);
    expect(room).toBeGreaterThan(1024);
    expect(room).toBeLessThan(3000);
    while (room < 6000) room *= 2;
    expect(fast.incidents.line.buffer.byteLength / 4).toBe(room);
    expect(Array.from(fast.incidents.line.subarray(0, 3))).toEqual([2, 3, 4]);
    expect(fast.incidents.line[5999]).toBe(6001);
  });

  it('a file of one row, read in one chunk', async () => {
    const { fast, reference } = await read([incident(1, 0)], 1 << 20);
    expect(facts(fast)).toEqual(facts(reference));
    expect(fast.incidents.length).toBe(1);
    expect(fast.incidentIds.values).toEqual(['I1']);
  });
});
