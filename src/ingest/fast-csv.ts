/**
 * The fast CSV reader: one pass over the bytes of each chunk, a field string
 * made only once its bounds are known (no per-byte buffering). It reads what
 * csv-parse reads with the options of `readCsv` (src/ingest/csv-source.ts):
 * quoted fields with doubled quotes, delimiters and line breaks inside them,
 * LF or CR LF records (the first line break outside quotes decides, as
 * csv-parse's auto-discovery does), a UTF-8 BOM at the start, and a last
 * record without a line break.
 *
 * Anything else — a quote inside an unquoted field, text after a closing
 * quote, a lone CR record separator or a line break of the other kind outside
 * quotes, an unclosed quote, a record near the size limit — is "irregular":
 * `feed` stops at the start of that record and returns its bytes, and the
 * caller hands them (and the rest of the file) to csv-parse, which produces
 * exactly the records and diagnostics it always has. csv-parse's state at a
 * record boundary is empty, so the switch changes nothing about the result;
 * test/perf/fast-csv.test.ts checks both readers give the same records, lines
 * and errors on fixtures and on random and hostile input.
 */
import { isAscii } from 'node:buffer';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** V8 copies a substring up to 12 characters; a longer one would point into (and keep) the whole chunk */
const SHORT = 12;

/** How records end: not seen yet, LF, or CR LF. */
const Rd = { Unknown: 0, Lf: 1, CrLf: 2 } as const;

/** A record as read: its fields, and whether a quoted field held a line break (the record spans several lines). */
export type EmitRecord = (fields: string[], multiLine: boolean) => void;

/**
 * A record without quotes, as bytes: field k is `buf[starts[k] .. ends[k])` (UTF-8), for
 * `count` fields; valid only during the call (the arrays are reused for the next record).
 */
export type EmitCells = (buf: Buffer, starts: Int32Array, ends: Int32Array, count: number) => void;

export class FastCsvScanner {
  private pending: Buffer | null = null;
  private rd: number = Rd.Unknown;
  /** field bounds of the current record without quotes (EmitCells) */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** whether the start of the input was looked at for a BOM (csv-parse: the first 3 bytes) */
  bomChecked = false;

  constructor(
    private readonly delimiter: number,
    /** a record longer than this (bytes) goes to csv-parse, which owns the size-limit error */
    private readonly maxRecordBytes: number,
    /** reading from a record boundary mid-file (src/ingest/split.ts): the separator already found, no BOM looked for */
    resume?: '\n' | '\r\n',
  ) {
    this.stop[delimiter] = this.stop[LF] = this.stop[CR] = this.stop[QUOTE] = 1;
    if (resume) {
      this.rd = resume === '\n' ? Rd.Lf : Rd.CrLf;
      this.bomChecked = true;
    }
  }

  /** Whether the input so far was read up to a record boundary: nothing pending, the BOM looked for. */
  atRecordStart(): boolean {
    return this.bomChecked && this.pending === null;
  }

  /** stop[c]: byte c ends an unquoted field (the delimiter, a line break) or makes it irregular (a quote) */
  private readonly stop = new Uint8Array(256);

  /**
   * Scan `chunk` (after what is pending from the last call). Calls `emit` for
   * every complete record. Returns null when the input so far was read (an
   * incomplete last record stays pending until the next call), or the bytes
   * from the start of the first irregular record on, for csv-parse.
   * `end`: no more input follows (the pending record ends at the end of the file).
   * With `emitCells`, a record without quotes that ends in this chunk is handed over as
   * byte ranges (no string made); every other record goes to `emit` as strings.
   */
  feed(chunk: Buffer | undefined, end: boolean, emit: EmitRecord, emitCells?: EmitCells): Buffer | null {
    let b: Buffer;
    if (this.pending === null) b = chunk ?? Buffer.alloc(0);
    else if (chunk === undefined || chunk.length === 0) b = this.pending;
    else b = Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let p = 0;
    if (!this.bomChecked) {
      if (b.length < 3 && !end) {
        this.pending = b;
        return null;
      }
      this.bomChecked = true;
      if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3;
    }
    const len = b.length;
    // an ASCII buffer is made one string (when a field is first needed) and short fields are cut
    // from it (a copy, no call into the runtime); longer fields are made from the bytes, so no field
    // keeps the chunk's string alive
    let text: string | null = null;
    const chunkText = () => {
      if (text === null) text = b.latin1Slice(0, len);
      return text;
    };
    const decode =
      emitCells === undefined && isAscii(b)
        ? (a: number, e: number) => (e - a <= SHORT ? chunkText().substring(a, e) : b.latin1Slice(a, e))
        : (a: number, e: number) => b.utf8Slice(a, e);
    const delim = this.delimiter;
    const max = this.maxRecordBytes;

    records: while (p < len) {
      const start = p;
      if (emitCells !== undefined) {
        const after = this.plainRecord(b, p, len);
        if (after > 0) {
          emitCells(b, this.starts, this.ends, this.count);
          p = after;
          continue;
        }
      }
      const fields: string[] = [];
      let multi = false;
      for (;;) {
        if (p - start > max) return b.subarray(start);
        if (p >= len) {
          // after a delimiter: the record's last field is empty
          if (!end) {
            p = start;
            break records;
          }
          fields.push('');
          emit(fields, multi);
          p = len;
          break records;
        }
        if (b[p] === QUOTE) {
          let q = p + 1;
          let value = '';
          let k: number;
          let next: number;
          for (;;) {
            k = b.indexOf(QUOTE, q);
            if (k < 0 || k - start > max) {
              if (!end && k < 0 && len - start <= max) {
                p = start;
                break records;
              }
              return b.subarray(start); // never closed, or too long: csv-parse says which
            }
            if (k + 1 >= len) {
              if (!end) {
                p = start; // a doubled quote or the end: the next chunk says
                break records;
              }
              next = -1;
              break;
            }
            next = b[k + 1];
            if (next !== QUOTE) break;
            value += decode(q, k + 1); // up to and including one quote of the pair
            q = k + 2;
          }
          value += decode(q, k);
          if (!multi) {
            for (let i = p + 1; i < k; i++) {
              const x = b[i];
              if (x === LF || x === CR) {
                multi = true;
                break;
              }
            }
          }
          fields.push(value);
          if (next === -1) {
            emit(fields, multi);
            p = len;
            break records;
          }
          if (next === delim) {
            p = k + 2;
            continue;
          }
          const after = this.recordEnd(b, k + 1, end);
          if (after === -2) {
            p = start; // the next chunk tells
            break records;
          }
          if (after < 0) return b.subarray(start);
          emit(fields, multi);
          p = after;
          continue records;
        }
        // unquoted: up to the delimiter or the line break
        let k = p;
        let c = 0;
        while (k < len) {
          c = b[k];
          if (c === delim || c === LF || c === CR || c === QUOTE) break;
          k++;
        }
        if (k - start > max) return b.subarray(start);
        if (k >= len) {
          if (!end) {
            p = start;
            break records;
          }
          fields.push(decode(p, k));
          emit(fields, multi);
          p = len;
          break records;
        }
        if (c === QUOTE) return b.subarray(start); // a quote inside an unquoted field
        fields.push(decode(p, k));
        if (c === delim) {
          p = k + 1;
          continue;
        }
        const after = this.recordEnd(b, k, end);
        if (after === -2) {
          p = start;
          break records;
        }
        if (after < 0) return b.subarray(start);
        emit(fields, multi);
        p = after;
        continue records;
      }
    }
    if (p < len) this.pending = b.subarray(p);
    return null;
  }

  /** fields of the record plainRecord read */
  private count = 0;

  /**
   * A record from `start` with no quote that ends (with this file's record separator) in
   * `b[start..len)` and is within the size limit: its field bounds into starts/ends/count
   * and the offset after it; -1 for anything else (the string path reads it, and says
   * whether it is irregular or incomplete).
   */
  private plainRecord(b: Buffer, start: number, len: number): number {
    const delim = this.delimiter;
    const stop = this.stop;
    const limit = Math.min(len, start + this.maxRecordBytes);
    let p = start;
    let n = 0;
    for (;;) {
      let k = p;
      let c = 0;
      while (k < limit) {
        c = b[k];
        if (stop[c] !== 0) break;
        k++;
      }
      if (k >= limit || c === QUOTE) return -1;
      if (n === this.starts.length) {
        const s = new Int32Array(n * 2);
        s.set(this.starts);
        this.starts = s;
        const e = new Int32Array(n * 2);
        e.set(this.ends);
        this.ends = e;
      }
      this.starts[n] = p;
      this.ends[n] = k;
      n++;
      if (c === delim) {
        p = k + 1;
        continue;
      }
      const after = this.recordEnd(b, k, false);
      if (after < 0) return -1;
      this.count = n;
      return after;
    }
  }

  /**
   * At `k` a record separator is expected: the offset after it, -1 when the
   * bytes there are not this file's separator (irregular), -2 when the chunk
   * ends before it can be told.
   */
  private recordEnd(b: Buffer, k: number, end: boolean): number {
    const c = b[k];
    if (c === LF) {
      if (this.rd === Rd.CrLf) return -1;
      this.rd = Rd.Lf;
      return k + 1;
    }
    if (c === CR) {
      if (this.rd === Rd.Lf) return -1;
      if (k + 1 >= b.length) return end ? -1 : -2;
      if (b[k + 1] !== LF) return -1;
      this.rd = Rd.CrLf;
      return k + 2;
    }
    return -1;
  }

  /** The record separator seen so far ('' before the first), for csv-parse when it takes over mid-file. */
  get recordDelimiter(): string {
    return this.rd === Rd.Lf ? '\n' : this.rd === Rd.CrLf ? '\r\n' : '';
  }

  /** Bytes not yet read (an incomplete record), handed to csv-parse when the reader switches mid-file. */
  takePending(): Buffer | null {
    const p = this.pending;
    this.pending = null;
    return p;
  }
}

declare module 'node:buffer' {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    utf8Slice(start: number, end: number): string;
  }
}
