/**
 * Temporary files left by a run that was killed outright (`kill -9`, a power
 * cut): an atomic write names its temporary `.<name>.<pid>.<random>.tmp` in
 * the output's folder, and the next write of the same output removes those
 * whose process is gone. They can hold person-level data, so they are not
 * left for the user to find.
 */
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Remove `dir/.<base>.<pid>.<hex>.tmp` files of dead processes owned by this user. Never throws. */
export function removeStaleTemps(dir: string, base: string): number {
  let removed = 0;
  try {
    const re = new RegExp(`^\\.${escapeRe(base)}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    for (const name of readdirSync(dir)) {
      const m = re.exec(name);
      if (!m || alive(Number(m[1]))) continue;
      const path = join(dir, name);
      const st = lstatSync(path);
      if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
      unlinkSync(path);
      removed++;
    }
  } catch {
    // an unreadable folder: the write itself will report it
  }
  return removed;
}
