/**
 * The one atomic write: content goes to a temporary file in the target's
 * folder (mode 0600), is fsynced, and is renamed over the target, so a
 * reader sees the old file or the whole new one, never a part.
 * `writeFileAtomic` takes the content at once (a string, bytes, or chunks);
 * `AtomicStreamFile` takes it piece by piece, for content too large to hold
 * as one string (a 10,000,000-row CSV is longer than V8's maximum string
 * length). Missing parent folders are created. An interrupted run (SIGINT/SIGTERM, or process exit before
 * `commit()`) removes its temporary files.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import { makeFolder } from './make-folder.js';
import { outputTargetKind, refuseOverInput, writeStream } from './output-guard.js';
import { removeStaleTemps } from './stale-temps.js';

const open = new Set<string>();
let hooksInstalled = false;

function removeTemporaries(): void {
  for (const tmp of open) rmSync(tmp, { force: true });
  open.clear();
}

function installCleanup(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', removeTemporaries);
  const onSignal = (signal: NodeJS.Signals) => {
    removeTemporaries();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

const FLUSH_BYTES = 1 << 16;

export class AtomicStreamFile {
  private readonly tmp: string;
  private fd: number | null;
  private parts: (string | Uint8Array)[] = [];
  private pending = 0;
  bytes = 0;

  /** `hint`: the fix shown when the write fails. */
  constructor(
    readonly path: string,
    private readonly hint = 'check the folder exists, is writable and has space',
  ) {
    installCleanup();
    const dir = dirname(resolve(path));
    removeStaleTemps(dir, basename(path)); // left by a run killed outright (kill -9)
    this.tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      makeFolder(dir); // -o newdir/x.csv: the missing folders are made, for every command
      this.fd = openSync(this.tmp, 'wx', 0o600); // a new file, never through a planted symlink
    } catch (e) {
      throw this.error(e);
    }
    open.add(this.tmp);
  }

  private error(e: unknown): UsageError {
    const code = (e as NodeJS.ErrnoException).code;
    return new UsageError(`cannot write ${this.path}: ${code ?? (e as Error).message}`, this.hint);
  }

  /** Queue text or bytes; they are written once about 64 KiB has accumulated. */
  write(chunk: string | Uint8Array): void {
    this.parts.push(chunk);
    this.pending += chunk.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.parts.length === 0) return;
    const bufs = this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    const buf = bufs.length === 1 ? bufs[0] : Buffer.concat(bufs);
    this.parts = [];
    this.pending = 0;
    try {
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch (e) {
      this.abort();
      throw this.error(e);
    }
    this.bytes += buf.length;
  }

  /** Flush, fsync and rename over the target. */
  commit(): void {
    this.flush();
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.path);
      open.delete(this.tmp);
    } catch (e) {
      this.abort();
      throw this.error(e);
    }
  }

  /** Discard: close and remove the temporary file. Safe to call twice. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
    open.delete(this.tmp);
  }
}

/** Write `content` (or its chunks, in order) to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string | Uint8Array>): void {
  refuseOverInput(path); // never a file this run reads (src/io/output-guard.ts)
  if (outputTargetKind(path) === 'stream') {
    writeStream(path, content); // a device or FIFO: straight through
    return;
  }
  const file = new AtomicStreamFile(path, 'check the folder exists and is writable');
  try {
    const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
    for (const piece of pieces) file.write(piece);
    file.commit();
  } catch (e) {
    file.abort();
    throw e;
  }
}
