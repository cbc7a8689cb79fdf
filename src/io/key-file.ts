/**
 * The pseudonym key file (--pseudonymize): a regular file of at most 64 KiB
 * (never a device or FIFO: src/io/side-file.ts), trimmed, at least
 * MIN_KEY_BYTES; noted as an input so no output can replace it.
 */
import { UsageError } from '../errors.js';
import { noteInput } from './output-guard.js';
import { readSideFile } from './side-file.js';

export const MIN_KEY_BYTES = 16;

/** Bits of entropy in `key` as estimated from its byte frequencies (Shannon, times its length). */
export function estimatedKeyBits(key: Buffer): number {
  const counts = new Map<number, number>();
  for (const b of key) counts.set(b, (counts.get(b) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / key.length) * Math.log2(c / key.length);
  return h * key.length;
}

/** Keys that look weaker than `head -c 32 /dev/urandom` are accepted with a warning below this estimate. */
export const WEAK_KEY_BITS = 80;

/**
 * Read the key: a regular file of at most 64 KiB, at least MIN_KEY_BYTES
 * after trimming. `warn` hears of a key file others can read (group or world
 * permission bits) and of a key whose byte frequencies suggest low entropy.
 */
export function readKeyFile(path: string, warn: (message: string) => void = () => {}): Buffer {
  noteInput(path);
  const fix = 'create one with: head -c 32 /dev/urandom > ipvi.key && chmod 600 ipvi.key';
  const { bytes, mode } = readSideFile(path, 'key file', 1 << 16, (m) => new UsageError(`--pseudonymize: ${m}`, fix));
  const trimmed = Buffer.from(bytes.toString('latin1').trim(), 'latin1');
  if (trimmed.length < MIN_KEY_BYTES) {
    throw new UsageError(
      `--pseudonymize ${path}: the key is ${trimmed.length} bytes; at least ${MIN_KEY_BYTES} are needed`,
      fix,
    );
  }
  if (mode & 0o077)
    warn(
      `--pseudonymize ${path}: the key file can be read by other users (mode ${mode.toString(8).padStart(3, '0')}); anyone with the key can link pseudonyms back to IDs: chmod 600 ${path}`,
    );
  const bits = estimatedKeyBits(trimmed);
  if (bits < WEAK_KEY_BITS)
    warn(
      `--pseudonymize ${path}: the key looks guessable (about ${Math.floor(bits)} bits by its byte frequencies; a random 32-byte key has about 150): ${fix}`,
    );
  return trimmed;
}
