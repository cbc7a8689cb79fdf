/**
 * Create a folder and its missing parents, one level at a time. Node's own
 * `mkdirSync(path, { recursive: true })` never returns for some paths (seen:
 * under /proc on Linux, where it loops), so the walk is done here: up to the
 * nearest existing ancestor, then down with plain mkdir. Throws the mkdir
 * error (an Error with `code`) when a level cannot be made.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeFolder(path: string): void {
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
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
