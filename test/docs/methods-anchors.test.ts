/**
 * docs/methods.md is the contract users have. Every citation of it in the
 * code, the notes and the docs (`docs/methods.md#anchor` or `methods.md#anchor`)
 * must name an anchor that exists there, and nothing may cite the internal
 * spec file users don't have.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) files(rel, out);
    else if (/\.(ts|md|mjs)$/.test(name)) out.push(rel);
  }
  return out;
}

const methods = readFileSync(join(ROOT, 'docs', 'methods.md'), 'utf8');
const anchors = new Set([...methods.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]));
const sources = [...files('src'), ...files('docs'), 'README.md'];

describe('citations of docs/methods.md', () => {
  it('has the anchors the code cites', () => {
    expect(anchors.size).toBeGreaterThan(10);
    for (const a of [
      'data',
      'flags',
      'classification',
      'parallel-responses',
      'tier-list',
      'prepost',
      'recidivism',
      'survival',
      'trend',
      'fidelity',
    ]) {
      expect(anchors, a).toContain(a);
    }
  });

  it('every cited anchor exists (including the ", #next" lists)', () => {
    const missing: string[] = [];
    for (const f of sources) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const m of text.matchAll(/methods\.md((?:#[a-z0-9-]+)(?:, #[a-z0-9-]+)*)/g)) {
        for (const a of m[1].split(', ').map((x) => x.replace('#', ''))) {
          if (!anchors.has(a)) missing.push(`${f}: #${a}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('nothing cites the internal spec file or its section numbers', () => {
    const bad: string[] = [];
    for (const f of sources) {
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (
            /DEFINITIONS|(?<![\w.)] ?)§[1-9](?![.\d])/.test(line) &&
            !f.startsWith('src/stats') &&
            !f.endsWith('stats.md')
          )
            bad.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });
});
