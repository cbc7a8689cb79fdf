/**
 * The line a key was first met on, for the reader's duplicate checks (the same
 * notification twice, the same (incident, suspect) twice): an open-addressing
 * hash table of typed arrays — a Float64Array of keys and a Uint32Array of
 * lines, linear probing, a power-of-two number of slots, at most half full —
 * instead of a JS Map, which at millions of keys spends its time on a heap
 * number per key, its own growth and the garbage collector. Sized once from
 * the reader's estimate of the rows (`reserve`, src/ingest/parse.ts
 * estimateRows) it never rehashes while a file is read.
 *
 * Number keys that are integers from 0 to 2^53 − 1 (exact in a double) go in
 * the table; any other key (a string, a negative or fractional number) goes
 * in a Map, so a caller can fall back to a string key when its parts do not
 * fit in one number. Lines are whole numbers from 1 to 2^32 − 1 (0 marks an
 * empty slot).
 */
import { fmix32 } from '../random.js';

export class LineTable {
  private keys: Float64Array;
  private lines: Uint32Array;
  private count = 0;
  /** keys that are not integers in [0, 2^53) */
  private readonly other = new Map<number | string, number>();

  /** A table with room for `keys` keys before it grows (at least 16 slots). */
  constructor(keys = 0) {
    const slots = slotsFor(keys);
    this.keys = new Float64Array(slots);
    this.lines = new Uint32Array(slots);
  }

  /** How many keys are held. */
  get size(): number {
    return this.count + this.other.size;
  }

  /** The table's slots (a power of two; for tests and memory accounting). */
  get slots(): number {
    return this.lines.length;
  }

  /** The line `key` was set with, or 0 when it is not held. */
  get(key: number | string): number {
    if (!fits(key)) return this.other.get(key) ?? 0;
    const { keys, lines } = this;
    const mask = lines.length - 1;
    for (let slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
      const line = lines[slot];
      if (line === 0) return 0;
      if (keys[slot] === key) return line;
    }
  }

  /** Whether `key` is held. */
  has(key: number | string): boolean {
    return this.get(key) !== 0;
  }

  /** Hold `key` with `line` (replacing its line when it is held). */
  set(key: number | string, line: number): void {
    if (!(line >= 1 && line <= 0xffffffff && line === Math.floor(line)))
      throw new RangeError(`LineTable: a line is a whole number from 1 to 2^32 - 1, not ${line}`);
    if (!fits(key)) {
      this.other.set(key, line);
      return;
    }
    const { keys, lines } = this;
    const mask = lines.length - 1;
    let slot = mix(key) & mask;
    while (lines[slot] !== 0) {
      if (keys[slot] === key) {
        lines[slot] = line;
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    lines[slot] = line;
    if (++this.count * 2 > lines.length) this.rehash(lines.length * 2);
  }

  /** Room for `keys` keys in all (the held ones included) with no rehash while they come. */
  reserve(keys: number): void {
    const slots = slotsFor(keys);
    if (slots > this.lines.length) this.rehash(slots);
  }

  private rehash(slots: number): void {
    const oldKeys = this.keys;
    const oldLines = this.lines;
    const keys = new Float64Array(slots);
    const lines = new Uint32Array(slots);
    const mask = slots - 1;
    for (let s = 0; s < oldLines.length; s++) {
      const line = oldLines[s];
      if (line === 0) continue;
      const key = oldKeys[s];
      let slot = mix(key) & mask;
      while (lines[slot] !== 0) slot = (slot + 1) & mask;
      keys[slot] = key;
      lines[slot] = line;
    }
    this.keys = keys;
    this.lines = lines;
  }
}

/** The slots for `keys` keys at most half full: a power of two, at least 16. */
function slotsFor(keys: number): number {
  let slots = 16;
  while (keys * 2 > slots) slots *= 2;
  return slots;
}

/** Whether `key` goes in the typed table: an integer from 0 to 2^53 − 1. */
function fits(key: number | string): key is number {
  return typeof key === 'number' && key >= 0 && key <= Number.MAX_SAFE_INTEGER && key === Math.floor(key);
}

/**
 * A 32-bit hash of an integer key below 2^53: its high and low 32 bits folded
 * together, then MurmurHash3's finalizer (fmix32), so that keys differing only
 * in their high bits (another person, same day and level) or only in their low
 * bits spread over the slots alike.
 */
export function mix(key: number): number {
  const lo = key >>> 0;
  const hi = (key / 4294967296) >>> 0;
  return fmix32(lo ^ Math.imul(hi ^ (hi >>> 16), 0x45d9f3b));
}
