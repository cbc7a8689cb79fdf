/** makeFolder: nested creation, idempotence, and a clean error where Node's recursive mkdir would spin. */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/io/make-folder.js';

describe('makeFolder', () => {
  it('creates missing parents and accepts an existing folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'ipvi-mk-'));
    const deep = join(base, 'a', 'b', 'c');
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolder(deep);
  });

  it('throws the mkdir error when a parent is a file', () => {
    const base = mkdtempSync(join(tmpdir(), 'ipvi-mk-'));
    writeFileSync(join(base, 'f'), 'x');
    expect(() => makeFolder(join(base, 'f', 'g'))).toThrow(/ENOTDIR/);
  });

  it.runIf(existsSync('/proc/self'))("fails at once under /proc (node's recursive mkdir never returns there)", () => {
    expect(() => makeFolder('/proc/ipvi-nope/x')).toThrow(/ENOENT/);
  });
});
