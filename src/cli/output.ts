/**
 * Where output goes: standard output, or a file written atomically
 * (src/io/atomic-write.ts), never over an input file.
 */
import { realpathSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { outputTargetKind, refuseOverInput, writeStream } from '../io/output-guard.js';
import { removeStaleTemps } from '../io/stale-temps.js';
import { UNWRITABLE } from './options.js';

export { writeFileAtomic };

function samePath(a: string, b: string): boolean {
  const ra = resolve(a),
    rb = resolve(b);
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
  refuseOverInput(output, inputs);
  const unwritable = UNWRITABLE.get(output);
  if (unwritable) throw unwritable;
}

/** Write to -o (atomically, making missing folders) or standard output; `content` may come in chunks or be bytes. */
export function emit(
  content: string | Uint8Array | Iterable<string>,
  output: string | undefined,
  inputs: (string | undefined)[] = [],
): void {
  if (output !== undefined && output !== '-') {
    guardOutput(output, inputs);
    writeFileAtomic(output, content);
  } else if (typeof content === 'string' || content instanceof Uint8Array) {
    process.stdout.write(content);
  } else {
    for (const chunk of content) process.stdout.write(chunk);
  }
}
