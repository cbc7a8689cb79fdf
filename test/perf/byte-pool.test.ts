/**
 * The reader's pools (src/ingest/byte-pool.ts BytePool: IDs as UTF-8 bytes,
 * interned from strings or straight from a cell's bytes) and the small cache of
 * decoded cells (src/ingest/row-decoder.ts KeyCache), against a Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytePool } from '../../src/ingest/byte-pool.js';
import { KeyCache } from '../../src/ingest/row-decoder.js';

/** Intern `value` from its bytes, placed at an offset inside a larger buffer (as a cell in a chunk). */
function viaBytes(pool: BytePool, value: string, h?: number): number {
  const cell = Buffer.from(value, 'utf8');
  const buf = Buffer.concat([Buffer.from('x,'), cell, Buffer.from(',y')]);
  return h === undefined ? pool.internBytes(buf, 2, 2 + cell.length) : pool.internBytes(buf, 2, 2 + cell.length, h);
}

describe('BytePool', () => {
  it('keeps 007 and 7 apart, gives indexes in order of first appearance, and one entry per value either way in', () => {
    const pool = new BytePool();
    expect(pool.intern('007')).toBe(0);
    expect(viaBytes(pool, '7')).toBe(1);
    expect(viaBytes(pool, '007')).toBe(0);
    expect(pool.intern('7')).toBe(1);
    expect(pool.intern('0007')).toBe(2);
    expect(pool.intern('')).toBe(3);
    expect(viaBytes(pool, '')).toBe(3);
    expect(pool.intern('é')).toBe(4);
    expect(viaBytes(pool, 'é')).toBe(4);
    // composed and decomposed é are different bytes (the reader normalises to NFC before interning)
    expect(pool.intern('e\u0301')).toBe(5);
    expect(pool.size).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => pool.value(i))).toEqual(['007', '7', '0007', '', 'é', 'e\u0301']);
    const finished = pool.finish();
    expect(finished.values).toEqual(['007', '7', '0007', '', 'é', 'e\u0301']);
    expect(finished.get('7')).toBe(1);
    expect(finished.get('07')).toBeUndefined();
  });

  it('finds without adding, gives each value its hash, and forgets the values added after a truncation (through a rehash)', () => {
    const pool = new BytePool();
    for (let i = 0; i < 100; i++) pool.intern(`old${i}`);
    const hashes = pool.hashes();
    const b = (v: string) => Buffer.from(v, 'utf8');
    for (let i = 0; i < 100; i++) expect(hashes[i]).toBe(BytePool.hash(b(`old${i}`), 0, b(`old${i}`).length));
    expect(pool.find(b('old7'), 0, 4)).toBe(7);
    expect(pool.find(b('new7'), 0, 4)).toBe(-1);
    expect(pool.size).toBe(100);
    pool.reserveValues(5000);
    for (let i = 0; i < 5000; i++) expect(pool.intern(`new${i}`)).toBe(100 + i);
    expect(pool.intern('old99')).toBe(99);
    pool.truncate(100);
    expect(pool.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(pool.find(b(`old${i}`), 0, b(`old${i}`).length)).toBe(i);
    expect(pool.find(b('new7'), 0, 4)).toBe(-1);
    expect(pool.intern('new4999')).toBe(100);
    expect(pool.finish().values.slice(98)).toEqual(['old98', 'old99', 'new4999']);
  });

  it('tells values with the same hash apart by their bytes (forced and real FNV-1a collisions)', () => {
    const pool = new BytePool();
    // every value given the same hash: the probe sequence and the byte comparison keep them apart
    const values = ['a', 'b', 'ab', 'ba', '7', '007', 'x'.repeat(40)];
    for (const [i, v] of values.entries()) expect(viaBytes(pool, v, 42)).toBe(i);
    for (const [i, v] of values.entries()) expect(viaBytes(pool, v, 42)).toBe(i);
    expect(pool.size).toBe(values.length);
    // a real collision of the 32-bit hash (found by a birthday search over P + base-36 numbers)
    const pair: [string, string] = ['P165zx', 'P1dpcd'];
    const hash = (v: string) => BytePool.hash(Buffer.from(v), 0, v.length);
    expect(hash(pair[0])).toBe(hash(pair[1]));
    const real = new BytePool();
    expect(real.intern(pair[0])).toBe(0);
    expect(viaBytes(real, pair[1])).toBe(1);
    expect(real.intern(pair[1])).toBe(1);
    expect(viaBytes(real, pair[0])).toBe(0);
    expect(real.finish().values).toEqual(pair);
  });

  it('equalsBytes compares length and bytes', () => {
    const pool = new BytePool();
    pool.intern('DIR-1');
    const b = Buffer.from('DIR-1,DIR-10,DIR-2');
    expect(pool.equalsBytes(0, b, 0, 5)).toBe(true);
    expect(pool.equalsBytes(0, b, 6, 12)).toBe(false);
    expect(pool.equalsBytes(0, b, 13, 18)).toBe(false);
  });

  it('agrees with a Map over many values, through growth of the block and the table', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('7', '007', 'é', '')), { maxLength: 3000 }),
        fc.array(fc.boolean(), { minLength: 1 }),
        (values, how) => {
          const pool = new BytePool();
          const map = new Map<string, number>();
          values.forEach((v, i) => {
            // strings from fast-check may hold lone surrogates; the reader never makes those (decoding never does)
            const w = Buffer.from(v, 'utf8').toString('utf8');
            const got = how[i % how.length] ? pool.intern(w) : viaBytes(pool, w);
            if (!map.has(w)) map.set(w, map.size);
            expect(got).toBe(map.get(w));
          });
          expect(pool.finish().values).toEqual([...map.keys()]);
        },
      ),
      { numRuns: 60 },
    );
    const pool = new BytePool();
    for (let i = 0; i < 200_000; i++) pool.intern(`DIR-${i}`);
    for (let i = 0; i < 200_000; i += 997) expect(viaBytes(pool, `DIR-${i}`)).toBe(i);
    expect(pool.size).toBe(200_000);
  });
});

describe('KeyCache', () => {
  it('gives back what was set, -1 for anything else, keys that differ only in high bits apart', () => {
    const c = new KeyCache(8);
    const keys = [0, 1, 2 ** 40, 2 ** 40 + 1, 2 ** 48 * 5 + 0x66616c7365, 2 ** 52 - 1];
    for (const [i, k] of keys.entries()) c.set(k, i);
    for (const [i, k] of keys.entries()) expect(c.get(k)).toBe(i);
    expect(c.get(2)).toBe(-1);
    expect(c.get(2 ** 41)).toBe(-1);
    c.set(1, -2);
    expect(c.get(1)).toBe(-2);
  });

  it('stops growing at its limit (later keys are simply not cached)', () => {
    const c = new KeyCache(4);
    for (let k = 0; k < 10; k++) c.set(k * 1000, k);
    expect([0, 1, 2, 3].map((k) => c.get(k * 1000))).toEqual([0, 1, 2, 3]);
    expect(c.get(4000)).toBe(-1);
    expect(c.get(9000)).toBe(-1);
  });
});
