/**
 * Reading a large file on two cores (docs/performance.md#parsing-on-both-cores):
 * where to cut it, and running the second part (in a worker thread, or in this
 * thread for tests). parse.ts reads the first part itself, checks the cut
 * afterwards and merges the second part — or, when anything is not exactly
 * what one thread would have read, reads the second part itself as one thread
 * would (the worker's result is dropped).
 *
 * What is decided here, before the read, is only where to try: a line break
 * near the middle of the file (CUT_SHARE) that is followed by a line that looks like a
 * whole record (no quote, the header's number of delimiters). Whether the cut
 * really is a record boundary is proved by the first part's reader
 * (CsvReader.boundary): it stopped there with nothing pending.
 */
import { existsSync, openSync, readSync, closeSync, createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Files smaller than this are read on one thread (see docs/performance.md#parsing-on-both-cores). */
export const SPLIT_MIN_BYTES = 32 << 20;
/** How far past the aimed point a cut is looked for. */
const CUT_WINDOW = 1 << 20;
/**
 * Where the cut is aimed, as a share of the file: a little before the middle, because this
 * thread also hashes the second part and merges it (about a fifth of the time it takes to
 * read it) while the worker starts up first (docs/performance.md#parsing-on-both-cores).
 */
export const CUT_SHARE = 0.45;

/**
 * The threads a read uses unless told (LoadOptions.threads, --threads, IPVI_THREADS): one.
 * Two is not the default yet: on the shared 2-core machine it was measured on (load 9–10)
 * the two-part read was no faster, took 10–20% more CPU and up to 90 MB more memory at 1M
 * rows (docs/performance.md#parsing-on-both-cores); `TWO_BY_DEFAULT` makes it 2 on a
 * machine with two cores or more once a quiet machine shows the gain.
 */
export function defaultThreads(): number {
  return TWO_BY_DEFAULT ? Math.min(2, availableParallelism()) : 1;
}
const TWO_BY_DEFAULT = false;

/** Where to try the cut, and what the second part's reader needs to know before it starts. */
export interface SplitPlan {
  /** the second part starts at this byte (just after a line break) */
  cut: number;
  /** the header's fields (read from the first line, which has no quote) */
  header: string[];
  recordDelimiter: '\n' | '\r\n';
}

function readAt(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The plan for a UTF-8 file of `size` bytes with a single-byte `delimiter`, or null when
 * the file is not one to cut: its first line (the header) holds a quote or a lone CR, or
 * no line after the middle looks like a whole record.
 */
export function planSplit(
  path: string,
  size: number,
  delimiter: number,
  /** tests: try the cut from this fraction of the file on */ at?: number,
): SplitPlan | null {
  const head = readAt(path, 0, Math.min(size, 64 * 1024));
  const lf = head.indexOf(0x0a);
  if (lf < 0) return null;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const crlf = lf > bom && head[lf - 1] === 0x0d;
  const line = head.subarray(bom, crlf ? lf - 1 : lf);
  if (line.length === 0 || line.includes(0x22) || line.includes(0x0d)) return null;
  const header: string[] = [];
  for (let a = 0; ; ) {
    const k = line.indexOf(delimiter, a);
    header.push(line.toString('utf8', a, k < 0 ? line.length : k));
    if (k < 0) break;
    a = k + 1;
  }
  const recordDelimiter = crlf ? '\r\n' : '\n';
  if (at !== undefined) {
    // tests: the first line break from `at` on, wherever it is (in a quoted field, before a bad row)
    at = Math.floor(at * size);
    const rest = readAt(path, at, size - at);
    const k = at < lf + 1 ? -1 : rest.indexOf(0x0a);
    return k < 0 || at + k + 1 >= size ? null : { cut: at + k + 1, header, recordDelimiter };
  }
  const mid = Math.floor(size * CUT_SHARE);
  const window = readAt(path, mid, Math.min(CUT_WINDOW, size - mid));
  const eol = crlf ? 2 : 1;
  for (let p = window.indexOf(0x0a); p >= 0; ) {
    const next = window.indexOf(0x0a, p + 1);
    if (next < 0) break;
    // the line after the break at p: no quote, no CR but the CR LF's, the header's delimiters
    const end = next + 1 - eol;
    if (!crlf || window[next - 1] === 0x0d) {
      let delimiters = 0;
      let plain = true;
      for (let i = p + 1; i < end; i++) {
        const c = window[i];
        if (c === 0x22 || c === 0x0d) {
          plain = false;
          break;
        }
        if (c === delimiter) delimiters++;
      }
      if (plain && delimiters === header.length - 1 && end > p + 1)
        return { cut: mid + p + 1, header, recordDelimiter };
    }
    p = next;
  }
  return null;
}

/**
 * The physical lines in bytes [0, end) of the file as the reader counts them: each LF,
 * and each CR not followed by an LF (a CR LF is one line break).
 */
export async function countLines(path: string, end: number): Promise<number> {
  let n = 0;
  let lastCr = false;
  if (end <= 0) return 0;
  for await (const chunk of createReadStream(path, {
    start: 0,
    end: end - 1,
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    if (lastCr && chunk[0] !== 0x0a) n++;
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) n++;
    for (let i = chunk.indexOf(0x0d); i >= 0 && i < chunk.length - 1; i = chunk.indexOf(0x0d, i + 1))
      if (chunk[i + 1] !== 0x0a) n++;
    lastCr = chunk[chunk.length - 1] === 0x0d;
  }
  if (lastCr) n++;
  return n;
}

/** How the second part runs: a worker thread (the built part-worker.js), or in this thread (tests). */
export type PartRunner = 'worker' | 'inline';

/** A part being read: its result (null when the worker failed), and a way to drop it. */
export interface RunningPart<O> {
  /** the part's result; read inline, the part is read now */
  result(): Promise<O | null>;
  cancel(): void;
}

/** The compiled worker beside this module; absent when running from the TypeScript sources (tests). */
function workerFile(): URL | null {
  const url = new URL('./part-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * Start reading the second part: in a worker (its typed arrays come back transferred)
 * when the compiled worker is there, else in this thread by `inline` (the same code,
 * run when the result is asked for: after the first part is read).
 */
export function runPart<I, O>(input: I, runner: PartRunner, inline: (input: I) => Promise<O>): RunningPart<O> {
  const file = runner === 'worker' ? workerFile() : null;
  if (!file) return { result: () => inline(input), cancel: () => {} };
  const worker = new Worker(file, { workerData: input });
  const result = new Promise<O | null>((resolve) => {
    worker.once('message', (m: O) => resolve(m));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    result: () => result,
    cancel: () => {
      void worker.terminate();
    },
  };
}
