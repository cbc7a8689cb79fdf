/**
 * Which text encoding an input file is in (docs/config.md#encoding): a byte
 * order mark decides (UTF-8, UTF-16LE, UTF-16BE); otherwise the file is read
 * through once and is UTF-8 when every byte sequence is valid UTF-8. A file
 * that is not is, with `encoding: auto` (the default), read as Windows-1252
 * (the usual encoding of Windows exports; Latin-1's superset) and the reader
 * warns; with `encoding: utf-8` configured, the first invalid byte is an error
 * with its line and column.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

export interface EncodingGuess {
  /** the encoding to read the file with */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** how it was decided */
  by: 'bom' | 'scan';
  /** the first byte that is not valid UTF-8 (1-based line and character), when the scan found one */
  invalid?: { line: number; column: number; byte: number };
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid (or cut off by the end of `buf`, with `complete`). */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i];
  if (b < 0x80) return 1;
  let n: number;
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) n = 3;
  else if (b >= 0xf0 && b <= 0xf4) n = 4;
  else return 0;
  if (i + n > buf.length) return -1; // cut off
  for (let k = 1; k < n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return 0;
  if (b === 0xe0 && buf[i + 1] < 0xa0) return 0; // overlong
  if (b === 0xed && buf[i + 1] >= 0xa0) return 0; // surrogate
  if (b === 0xf0 && buf[i + 1] < 0x90) return 0; // overlong
  if (b === 0xf4 && buf[i + 1] >= 0x90) return 0; // past U+10FFFF
  return n;
}

/** The offset of the first invalid UTF-8 sequence in `buf` (a cut-off sequence at the end counts only when `last`), or -1. */
export function firstInvalidUtf8(buf: Buffer, last: boolean): number {
  for (let i = 0; i < buf.length; ) {
    const n = sequenceLength(buf, i);
    if (n === 0 || (n === -1 && last)) return i;
    if (n === -1) return -1;
    i += n;
  }
  return -1;
}

/** Where `offset` of `buf` is (1-based line and character), given the line and characters already seen before `buf`. */
function position(buf: Buffer, offset: number, lines: number, column: number): { line: number; column: number } {
  let line = lines,
    col = column;
  for (let i = 0; i < offset; i++) {
    const b = buf[i];
    if (b === 0x0a) {
      line++;
      col = 0;
    } else if ((b & 0xc0) !== 0x80) col++;
  }
  return { line, column: col + 1 };
}

/** position(buf, buf.length, lines, column), counting the line breaks natively and the characters after the last one. */
function endPosition(buf: Buffer, lines: number, column: number): { line: number; column: number } {
  const last = buf.lastIndexOf(0x0a);
  if (last < 0) return position(buf, buf.length, lines, column);
  let breaks = 0;
  for (let i = buf.indexOf(0x0a); i >= 0 && i <= last; i = buf.indexOf(0x0a, i + 1)) breaks++;
  const tail = buf.subarray(last + 1);
  return position(tail, tail.length, lines + breaks, 0);
}

/** Detect the encoding of `path` (see the file comment). One extra read of the file when it has no BOM. */
export async function detectEncoding(path: string): Promise<EncodingGuess> {
  let lines = 1,
    column = 0;
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) return { encoding: 'utf-8', by: 'bom' };
      if (raw[0] === 0xff && raw[1] === 0xfe) return { encoding: 'utf-16le', by: 'bom' };
      if (raw[0] === 0xfe && raw[1] === 0xff) return { encoding: 'utf-16be', by: 'bom' };
    }
    const chunk = carry.length ? Buffer.concat([carry, raw]) : raw;
    // the last up-to-3 bytes may be the start of a sequence the next chunk completes
    let cut = chunk.length;
    for (let k = 1; k <= 3 && k <= chunk.length; k++) {
      const b = chunk[chunk.length - k];
      if ((b & 0xc0) === 0xc0) {
        cut = chunk.length - k;
        break;
      }
      if ((b & 0xc0) !== 0x80) break;
    }
    const body = chunk.subarray(0, cut);
    if (!isUtf8(body)) {
      const at = firstInvalidUtf8(body, true);
      const where = position(body, at, lines, column);
      return { encoding: 'utf-8', by: 'scan', invalid: { ...where, byte: body[at] } };
    }
    const where = endPosition(body, lines, column);
    lines = where.line;
    column = where.column - 1;
    carry = Buffer.from(chunk.subarray(cut));
  }
  if (carry.length) {
    const at = firstInvalidUtf8(carry, true);
    if (at >= 0) {
      const where = position(carry, at, lines, column);
      return { encoding: 'utf-8', by: 'scan', invalid: { ...where, byte: carry[at] } };
    }
  }
  return { encoding: 'utf-8', by: 'scan' };
}
