/**
 * What an output may be written over (docs/reliability.md, "Output targets").
 *
 * 1. Never a file this run reads. Every reader notes its file here (inputs,
 *    config, rules, overrides, pseudonym key, batch manifest) and every
 *    output is compared with all of them by real identity — device and inode,
 *    so a symlink or a hard link to an input is caught as well as the same
 *    path. Callers may also name files that will be read later in the run
 *    (e.g. the overrides file, read after `--rejects` is written).
 * 2. A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe)
 *    is written straight through: no temporary file, no rename over it, no
 *    provenance file beside it. A block device, socket or folder is refused.
 */
import { closeSync, fstatSync, openSync, statSync, writeSync, constants, type Stats } from 'node:fs';
import { UsageError } from '../errors.js';
import { shownPath } from './shown-path.js';
import { resolve } from 'node:path';

/** The process's own standard streams, written through their descriptors (never renamed over). */
const STD_STREAMS: Record<string, number> = {
  '/dev/stdout': 1,
  '/dev/stderr': 2,
  '/dev/fd/1': 1,
  '/dev/fd/2': 2,
  '/proc/self/fd/1': 1,
  '/proc/self/fd/2': 2,
};

/** "dev:ino" → the path as the user gave it */
const readFiles = new Map<string, string>();

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const identity = (st: Stats) => `${st.dev}:${st.ino}`;

/** Note that this run reads `path` (a missing file is ignored: its reader reports it). */
export function noteInput(path: string | undefined): void {
  if (!path || path === '-') return;
  const st = statOrNull(path);
  if (st) readFiles.set(identity(st), path);
}

/** Forget every noted input (for tests that run several commands in one process). */
export function forgetInputs(): void {
  readFiles.clear();
}

/**
 * Refuse `output` when it is (by device and inode, through symlinks and hard
 * links) any file this run reads: the ones noted so far and `alsoInputs`.
 */
export function refuseOverInput(output: string, alsoInputs: (string | undefined)[] = []): void {
  for (const p of alsoInputs) noteInput(p);
  const st = statOrNull(output);
  if (!st) return;
  const input = readFiles.get(identity(st));
  if (input !== undefined) {
    throw new UsageError(
      `refusing to write ${output} over the input file ${shownPath(input)} (the same file by device and inode)`,
      'choose another output file: an output never replaces a file the run reads',
    );
  }
}

export type TargetKind = 'file' | 'stream';

/** How `output` must be written: a regular (or new) file atomically, a device or FIFO straight through; other kinds are refused. */
export function outputTargetKind(output: string): TargetKind {
  if (output === '')
    throw new UsageError(
      'the output file name is empty',
      'give a file name, or leave the option out for standard output',
    );
  if (STD_STREAMS[resolve(output)] !== undefined) return 'stream';
  const st = statOrNull(output);
  const system = /^\/(dev|proc|sys)\//.test(resolve(output));
  if (system && (!st || st.isFile()))
    throw new UsageError(`cannot write to ${output}: a system folder`, 'give a file name outside /dev, /proc and /sys');
  if (!st || st.isFile()) return 'file';
  if (st.isCharacterDevice() || st.isFIFO()) return 'stream';
  const what = st.isDirectory()
    ? 'a folder'
    : st.isBlockDevice()
      ? 'a block device (a disk)'
      : st.isSocket()
        ? 'a socket'
        : 'not a regular file';
  throw new UsageError(`cannot write to ${output}: it is ${what}`, 'give a file name');
}

/** Write `content` straight to a character device or FIFO (no temporary file, no rename). */
export function writeStream(path: string, content: string | Uint8Array | Iterable<string | Uint8Array>): void {
  const std = STD_STREAMS[resolve(path)];
  let fd: number;
  try {
    fd = std ?? openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
  } catch (e) {
    throw new UsageError(
      `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'check the device or pipe is writable',
    );
  }
  try {
    const st = fstatSync(fd);
    if (std === undefined && !st.isCharacterDevice() && !st.isFIFO())
      throw new UsageError(`cannot write to ${path}: it changed while being opened`, 'try again');
    const pieces = typeof content === 'string' || content instanceof Uint8Array ? [content] : content;
    for (const piece of pieces) {
      const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let off = 0;
      while (off < buf.length) {
        try {
          off += writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
          throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
    }
  } finally {
    if (std === undefined) closeSync(fd);
  }
}
