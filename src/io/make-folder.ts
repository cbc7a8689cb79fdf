/**
 * Create a folder and its missing parents, one level at a time. Node's own
 * `mkdirSync(path, { recursive: true })` never returns for some paths (seen:
 * under /proc on Linux, where it loops), so the walk is done here: up to the
 * nearest existing ancestor, then down with plain mkdir. Throws the mkdir
 * error (an Error with `code`) when a level cannot be made.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `mode` applies to the folders this call creates (e.g. 0o700 for a private cache). */
export function makeFolder(path: string, mode = 0o777): void {
  const missing: string[] = [];
  let p = resolve(path);
  while (!existsSync(p)) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, { mode });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
