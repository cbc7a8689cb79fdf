/**
 * A file written in chunks but published atomically, like writeFileAtomic
 * (src/cli/output.ts) for content too large to hold as one string (a
 * 10,000,000-row CSV is longer than V8's maximum string length): chunks go
 * to a temporary file in the same folder, which is fsynced and renamed over
 * the target by `commit()`. `abort()` (and process exit before commit)
 * removes the temporary file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';

const open = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // output.ts's SIGINT/SIGTERM handler calls process.exit, which runs this
  process.on('exit', () => {
    for (const tmp of open) rmSync(tmp, { force: true });
    open.clear();
  });
}

const FLUSH_BYTES = 1 << 16;

export class AtomicStreamFile {
  private readonly tmp: string;
  private fd: number | null;
  private parts: string[] = [];
  private pendingChars = 0;
  bytes = 0;

  constructor(readonly path: string) {
    installExitHook();
    const dir = dirname(resolve(path));
    this.tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'w', 0o600);
    } catch (e) {
      throw this.error(e);
    }
    open.add(this.tmp);
  }

  private error(e: unknown): UsageError {
    const code = (e as NodeJS.ErrnoException).code;
    return new UsageError(`cannot write ${this.path}: ${code ?? (e as Error).message}`, 'check the folder exists, is writable and has space');
  }

  /** Queue text; it is written once about 1 MiB has accumulated. */
  write(text: string): void {
    this.parts.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pendingChars = 0;
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
