/**
 * README.md's "Architecture" section stays honest: every file or folder it
 * names exists. (It names the target layout; a path that does not exist yet
 * fails here rather than being dropped from the README.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ARCHITECTURE = section(README, 'Architecture');
/** Every `path` in backticks that starts at a top-level folder of the repository, and every linked file. */
const PATHS = [
  ...[...ARCHITECTURE.matchAll(/`((?:src|test|docs|scripts|rules|fixtures|bench)\/[^`\s]*)`/g)].map((m) => m[1]),
  ...[...ARCHITECTURE.matchAll(/\]\(((?!https?:)[^)#\s]+)/g)].map((m) => m[1]),
];

describe('README.md Architecture section', () => {
  it('exists and names the layers', () => {
    expect(ARCHITECTURE).not.toBe('');
    expect(PATHS.length).toBeGreaterThan(15);
    for (const layer of [
      'src/config/',
      'src/ingest/',
      'src/classify/',
      'src/metrics/',
      'src/analyses/',
      'src/report/',
      'src/batch/',
      'src/cli/',
      'src/io/',
    ]) {
      expect(PATHS).toContain(layer);
    }
  });

  it.each([...new Set(PATHS)])('%s exists', (path) => {
    expect(existsSync(join(ROOT, path)), `README.md names ${path}, which does not exist`).toBe(true);
  });
});
