/** The pseudonym key file (--pseudonymize): read, size-checked and trimmed. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

export const MIN_KEY_BYTES = 16;

export function readKeyFile(path: string): Buffer {
  let key: Buffer;
  try {
    if (statSync(path).size > 1 << 16) throw new UsageError(`--pseudonymize ${path}: a key file is at most 64 KiB`);
    key = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `--pseudonymize ${path}: cannot read the key file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'create one with: head -c 32 /dev/urandom > ipvi.key',
    );
  }
  const trimmed = Buffer.from(key.toString('latin1').trim(), 'latin1');
  if (trimmed.length < MIN_KEY_BYTES) {
    throw new UsageError(
      `--pseudonymize ${path}: the key is ${trimmed.length} bytes; at least ${MIN_KEY_BYTES} are needed`,
      'create one with: head -c 32 /dev/urandom > ipvi.key',
    );
  }
  return trimmed;
}
