/**
 * What `npm publish` would ship: the binary and its compiled entry point, and
 * no test or fixture compiled into dist/ (tsconfig.build.json excludes
 * co-located *.test.ts and *.fixture.ts). Uses `npm pack --dry-run` on the
 * current build (`npm test` builds first); --ignore-scripts so packing does
 * not rebuild dist/ under the other tests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

interface PackResult {
  files: { path: string }[];
}

let files: string[] = [];

beforeAll(() => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [pack] = JSON.parse(out) as PackResult[];
  files = pack.files.map((f) => f.path);
});

describe('the published package', () => {
  it('holds no test, test helper or fixture module', () => {
    expect(files.length).toBeGreaterThan(50);
    const tests = files.filter(
      (f) => /\.(test|spec|fixture)\.(ts|js|mjs|d\.ts)(\.map)?$/.test(f) || f.startsWith('test/'),
    );
    expect(tests).toEqual([]);
  });

  it('ships data fixtures only from fixtures/demo (the documented demo data)', () => {
    expect(files.filter((f) => f.startsWith('fixtures/') && !f.startsWith('fixtures/demo/'))).toEqual([]);
    expect(files).toContain('fixtures/demo/incidents.csv');
  });

  it('ships no TypeScript source, only dist/', () => {
    expect(files.filter((f) => f.startsWith('src/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });

  it('has every package.json bin and the compiled module each bin imports', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bins = Object.values(pkg.bin);
    expect(bins.length).toBeGreaterThan(0);
    for (const bin of bins) {
      const path = bin.replace(/^\.\//, '');
      expect(files).toContain(path);
      const imports = [...readFileSync(join(ROOT, path), 'utf8').matchAll(/from '\.\.\/(dist\/[^']+)'/g)].map(
        (m) => m[1],
      );
      expect(imports, `${path} imports a compiled module`).not.toEqual([]);
      for (const target of imports) expect(files).toContain(target);
    }
    expect(files).toContain('dist/cli/main.js');
  });
});
