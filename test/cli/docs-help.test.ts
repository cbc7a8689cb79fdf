/** docs/commands/<name>.md shows the real --help (refresh with `node scripts/docs-help.mjs`). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

describe('docs/commands', () => {
  it('every command page shows the current --help', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/docs-help.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
