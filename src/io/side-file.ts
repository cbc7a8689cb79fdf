/**
 * Reading the small files a run depends on besides the exports — the
 * overrides file, the pseudonym key — with the limits a config has: a regular
 * file (never a device or a pipe, which could be endless or block), at most
 * `maxBytes`, opened without waiting on a FIFO. Returns the bytes and the
 * file's mode; throws `fail(message)` with a message naming the path only
 * (never the file's content).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** An overrides file is an analyst's list, not an export: 16 MiB is some 200,000 overrides (read by config/load.ts to hash it, and by ingest/overrides.ts). */
export const MAX_OVERRIDES_BYTES = 16 << 20;

export interface SideFile {
  bytes: Buffer;
  /** permission bits */
  mode: number;
}

export function readSideFile(path: string, what: string, maxBytes: number, fail: (message: string) => Error): SideFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    throw fail(`cannot read the ${what} ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail(`the ${what} ${path} is not a regular file (a device, pipe or folder cannot be one)`);
    if (st.size > maxBytes) throw fail(`the ${what} ${path} is ${st.size} bytes; at most ${maxBytes} are read`);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > maxBytes) throw fail(`the ${what} ${path} grew beyond ${maxBytes} bytes while being read`);
    return { bytes: buf.subarray(0, got), mode: st.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}
