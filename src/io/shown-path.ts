/**
 * A path as it may be shown in provenance, notes, messages and reports:
 * relative to the working folder when inside it, `~/…` when inside the home
 * folder, else relative to the working folder with `../` as needed — never an
 * absolute path that discloses the user's name and folder layout (a config
 * given by absolute path names its rules and overrides relative to itself).
 */
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export function shownPath(path: string, cwd = process.cwd()): string {
  if (!isAbsolute(path)) return path;
  const abs = resolve(path);
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel;
  const home = homedir();
  if (home && home !== sep && (abs === home || abs.startsWith(home + sep))) return `~${abs.slice(home.length)}`;
  // another drive (Windows) has no relative form
  return isAbsolute(rel) ? path : rel;
}
