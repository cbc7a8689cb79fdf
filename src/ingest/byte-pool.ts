/**
 * The string pool used while reading (persons, victims, incident IDs): values
 * kept as UTF-8 in one growing byte block with offsets — no JS string per
 * value — and interned either from a string or straight from the bytes of a
 * CSV cell, so a cell that needs no decoding (plain ASCII, see
 * RowDecoder.plainId) is interned without ever becoming a string. A string is
 * made only when a message needs one (`value`).
 *
 * Both ways of interning hash the UTF-8 bytes (FNV-1a) and compare bytes, so
 * a value interned from a string and the same value met as bytes are one
 * entry. UTF-8 is one-to-one for the strings read from a file (decoding never
 * yields a lone surrogate), so equal bytes are equal strings: `007` and `7`
 * stay two values. Indexes are given in order of first appearance, as
 * StringPool gives them; `finish` hands the block to StringPool.fromEncoded,
 * which decodes the strings only when a command asks for them.
 */
import { StringPool } from '../model.js';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class BytePool {
  private bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** value i = bytes[offsets[i] .. offsets[i + 1]) */
  private offsets = new Uint32Array(1024);
  private count = 0;
  /** per slot: the hash of its value at 2·slot, index + 1 at 2·slot + 1 (0 = empty); one cache line per probe */
  private table: Int32Array | null = new Int32Array(2 * 1024);

  get size(): number {
    return this.count;
  }

  /** The FNV-1a hash of `src[a..e)` that internBytes uses. */
  static hash(src: Uint8Array, a: number, e: number): number {
    let h = FNV_OFFSET;
    for (let i = a; i < e; i++) h = Math.imul(h ^ src[i], FNV_PRIME);
    return h ^ (h >>> 15);
  }

  /** The index of `src[a..e)` (UTF-8 bytes), added when new; `h` is its BytePool.hash when known. */
  internBytes(src: Uint8Array, a: number, e: number, h = BytePool.hash(src, a, e)): number {
    const table = this.table ?? this.rebuild();
    const mask = (table.length >> 1) - 1;
    let slot = h & mask;
    for (;;) {
      const at = table[2 * slot + 1];
      if (at === 0) break;
      if (table[2 * slot] === h && this.equalsBytes(at - 1, src, a, e)) return at - 1;
      slot = (slot + 1) & mask;
    }
    const n = e - a;
    this.reserve(n);
    const bytes = this.bytes;
    const at = this.used;
    if (src !== bytes) for (let k = 0; k < n; k++) bytes[at + k] = src[a + k];
    return this.add(slot, h, n);
  }

  /** The index of `src[a..e)` (UTF-8 bytes), or -1 when it is not in the pool. */
  find(src: Uint8Array, a: number, e: number, h = BytePool.hash(src, a, e)): number {
    const table = this.table ?? this.rebuild();
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const at = table[2 * slot + 1];
      if (at === 0) return -1;
      if (table[2 * slot] === h && this.equalsBytes(at - 1, src, a, e)) return at - 1;
    }
  }

  /** The index of `value`, added when new (its UTF-8 bytes are written at the end of the block, kept when new). */
  intern(value: string): number {
    this.reserve(value.length * 3);
    const at = this.used;
    const n = this.bytes.write(value, at, this.bytes.length - at, 'utf8');
    return this.internBytes(this.bytes, at, at + n);
  }

  /** Whether value i is the bytes `src[a..e)`. */
  equalsBytes(i: number, src: Uint8Array, a: number, e: number): boolean {
    const s = this.offsets[i];
    const n = this.offsets[i + 1] - s;
    if (n !== e - a) return false;
    const bytes = this.bytes;
    for (let k = 0; k < n; k++) if (bytes[s + k] !== src[a + k]) return false;
    return true;
  }

  /** Value i as a string (for messages). */
  value(i: number): string {
    return this.bytes.utf8Slice(this.offsets[i], this.offsets[i + 1]);
  }

  /**
   * The values as a StringPool (strings decoded on first use): views of the
   * block and offsets, not copies — the room past the filled part was never
   * written, so it takes no memory (see Growable.finish). The pool must not
   * take more values after this.
   */
  finish(): StringPool {
    return StringPool.fromEncoded(this.bytes.subarray(0, this.used), this.offsets.subarray(0, this.count + 1));
  }

  /**
   * Let go of the hash table (the largest part of a big pool: 8 bytes a slot,
   * two to four slots a value) while the pool is not being added to; the
   * values stay. The next call that needs the table rebuilds it from the
   * values, so the pool works as before, only slower once.
   */
  release(): void {
    this.table = null;
  }

  /** Make the table big enough for `extra` more values at once (one rehash instead of several while they come). */
  reserveValues(extra: number): void {
    const table = this.table ?? this.rebuild();
    let cap = table.length >> 1;
    while ((this.count + extra) * 2 > cap) cap *= 2;
    if (cap !== table.length >> 1) this.rehash(cap);
  }

  /** Each value's hash (BytePool.hash), by index: what internBytes takes to skip hashing again. */
  hashes(): Int32Array {
    const out = new Int32Array(this.count);
    const table = this.table ?? this.rebuild();
    for (let s = 0; s < table.length; s += 2) if (table[s + 1] !== 0) out[table[s + 1] - 1] = table[s];
    return out;
  }

  /** Drop the values from index `size` on (those added since the pool had `size` values). */
  truncate(size: number): void {
    if (size >= this.count) return;
    const slots = (this.table ?? this.rebuild()).length >> 1;
    this.count = size;
    this.used = this.offsets[size];
    // rebuilt: a rehash since then may have put older values' probe paths through dropped slots
    this.rebuild(slots);
  }

  /** A new table of the values (at least `slots` slots, at most half full), from their bytes. */
  private rebuild(slots = 1024): Int32Array {
    let cap = slots;
    while (this.count * 2 > cap) cap *= 2;
    const table = new Int32Array(2 * cap);
    const mask = cap - 1;
    for (let i = 0; i < this.count; i++) {
      const h = BytePool.hash(this.bytes, this.offsets[i], this.offsets[i + 1]);
      let slot = h & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = i + 1;
    }
    this.table = table;
    return table;
  }

  /** Room for `n` more bytes at the end of the block. */
  private reserve(n: number): void {
    if (this.used + n <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.used + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.bytes.copy(next, 0, 0, this.used);
    this.bytes = next;
  }

  /** Append the value of `n` bytes just written at `used`, in `slot`. */
  private add(slot: number, h: number, n: number): number {
    const i = this.count++;
    if (this.count + 1 > this.offsets.length) {
      const next = new Uint32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.used += n;
    this.offsets[i + 1] = this.used;
    const table = this.table!;
    table[2 * slot] = h;
    table[2 * slot + 1] = i + 1;
    if (this.count * 4 > table.length) this.rehash(table.length);
    return i;
  }

  /** Rebuild the table with `cap` slots. */
  private rehash(cap: number): void {
    const table = new Int32Array(2 * cap);
    const mask = cap - 1;
    const old = this.table!;
    for (let s = 0; s < old.length; s += 2) {
      const at = old[s + 1];
      if (at === 0) continue;
      const h = old[s];
      let slot = h & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = at;
    }
    this.table = table;
  }
}
