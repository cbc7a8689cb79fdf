/**
 * The parsed-data cache folder is trusted only when it is private to the
 * user (docs/reliability.md, "The cache"):
 *
 * - the folder is a real folder (not a symlink), owned by the user and not
 *   writable by group or others — otherwise the cache is bypassed with a
 *   warning (whoever can write there could decide what a later run reads);
 * - a cache file is read only when it is a regular file owned by the user
 *   with one link, opened without following a symlink;
 * - a cache file is written to a new temporary with a random name, created
 *   exclusively (O_EXCL, never through a symlink), then renamed into place;
 * - small entries (the parsed configs) carry an HMAC under a per-user secret
 *   kept in the folder, so an entry planted from outside is ignored.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

const uid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** Why `dir` cannot be trusted as a cache folder, or null when it can (or does not exist yet). */
export function untrustedCacheDir(dir: string): string | null {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(dir);
  } catch {
    return null; // created private (0700) on first write
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a folder';
  const me = uid();
  if (me !== undefined && st.uid !== me) return `it belongs to another user (uid ${st.uid})`;
  if (st.mode & 0o022) return `others can write to it (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

/** The bytes of a cache file, or null when it is missing or not a private regular file of this user. */
export function readCacheFile(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    const me = uid();
    if (!st.isFile() || st.nlink !== 1 || (me !== undefined && st.uid !== me) || st.mode & 0o022) return null;
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return got === buf.length ? buf : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `pieces` to `dir/name` through a new, exclusively created temporary
 * with a random name (mode 0600), then rename. Throws on failure (callers
 * treat a cache that cannot be written as only a slower next run).
 */
export function writeCacheFile(dir: string, name: string, pieces: Iterable<Uint8Array>): void {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    for (const b of pieces) {
      let off = 0;
      while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    }
    closeSync(fd);
    renameSync(tmp, join(dir, name));
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* closed */
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
    throw e;
  }
}

const secrets = new Map<string, Buffer>();

/** The per-user secret of the cache folder (created on first use), or null when it cannot be had. */
export function cacheSecret(dir: string): Buffer | null {
  const known = secrets.get(dir);
  if (known) return known;
  const path = join(dir, 'secret.key');
  let secret = readCacheFile(path);
  if (!secret || secret.length !== 32) {
    try {
      const fresh = randomBytes(32);
      const fd = openSync(
        path,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      );
      try {
        writeSync(fd, fresh);
      } finally {
        closeSync(fd);
      }
      secret = fresh;
    } catch {
      // another run made it at the same moment: read theirs
      secret = readCacheFile(path);
      if (!secret || secret.length !== 32) return null;
    }
  }
  secrets.set(dir, secret);
  return secret;
}

/** HMAC-SHA256 of `text` under the folder's secret (hex), or null without a secret. */
export function cacheMac(dir: string, text: string): string | null {
  const secret = cacheSecret(dir);
  return secret ? createHmac('sha256', secret).update(text).digest('hex') : null;
}

export function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
