/**
 * Where output goes: standard output, or a file written atomically (a
 * temporary file in the same folder, then rename), never over an input file.
 * An interrupted run (SIGINT/SIGTERM) removes its temporary file.
 */
import { closeSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';

const pending = new Set<string>();
let handlersInstalled = false;

function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = (signal: NodeJS.Signals) => {
    for (const tmp of pending) rmSync(tmp, { force: true });
    pending.clear();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', cleanup);
  process.once('SIGTERM', cleanup);
}

function samePath(a: string, b: string): boolean {
  const ra = resolve(a), rb = resolve(b);
  if (ra === rb) return true;
  try {
    return existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Refuse to write `output` over any of `inputs`. */
export function guardOutput(output: string, inputs: (string | undefined)[]): void {
  for (const input of inputs) {
    if (input && samePath(output, input)) {
      throw new UsageError(`refusing to write the output over the input file ${input}`, 'choose another -o file');
    }
  }
}

/** Write `content` (or its chunks, in order) to `path` atomically. */
export function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>): void {
  installSignalCleanup();
  const dir = dirname(resolve(path));
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
      for (const piece of pieces) {
        const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${path}: ${code ?? (e as Error).message}`, 'check the folder exists and is writable');
  } finally {
    pending.delete(tmp);
  }
}

/** Write to -o (atomically) or standard output; `content` may come in chunks. */
export function emit(content: string | Iterable<string>, output: string | undefined, inputs: (string | undefined)[] = []): void {
  if (output && output !== '-') {
    guardOutput(output, inputs);
    writeFileAtomic(output, content);
  } else if (typeof content === 'string') {
    process.stdout.write(content);
  } else {
    for (const chunk of content) process.stdout.write(chunk);
  }
}
