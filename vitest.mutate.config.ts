// The vitest configuration Stryker runs (stryker.config.mjs): the same as
// vitest.config.ts, except that
// - test files that start the built binary (`runCli`, `spawnCli`, a child
//   process) are left out. The binary runs dist/, built from the unmutated
//   source, so those tests cannot see a mutant; but vitest still runs their
//   collection-time code and setup hooks for every mutant one of their
//   in-process tests covers, which made a folder take days (docs/testing.md,
//   "Which tests Stryker runs"). Leaving tests out can only lower the score:
//   the score of this run is a lower bound of the whole suite's.
//   IPVI_MUTATE_ALL_TESTS=1 keeps them. Files in IN_PROCESS_TOO are kept:
//   their in-process tests matter for the core, and their child processes
//   start only inside tests (or a describe's hook) that a mutant never selects.
// - `npm run mutate -- <paths> --tests a,b` (IPVI_MUTATE_TESTS) narrows the
//   test files, for a quick run on one file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

const only = process.env.IPVI_MUTATE_TESTS?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/** Test files that start a child process (the built binary, a browser, LibreOffice, git, npm). */
export function binaryTestFiles(): string[] {
  const starts = /\b(runCli|spawnCli|spawnSync|spawn|execFileSync|execSync|execFile|fork)\s*\(/;
  // the files vitest.config.ts includes: src/**/*.test.ts and test/**/*.test.ts
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
    );
  return ['src', 'test']
    .flatMap(walk)
    .filter((file) => starts.test(readFileSync(file, 'utf8')))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** Kept although they start the binary too (see the top of this file). */
export const IN_PROCESS_TOO = ['test/metrics/cli.test.ts', 'test/metrics/compare.test.ts'];

/** Need a fresh module graph per file (they spy on node:fs): left out when files share one (isolate: false). */
export const NEEDS_ISOLATION = ['test/batch/reads-once.test.ts'];

const isolate = Boolean(process.env.IPVI_MUTATE_ISOLATE);
const exclude = [
  ...(process.env.IPVI_MUTATE_ALL_TESTS ? [] : binaryTestFiles().filter((file) => !IN_PROCESS_TOO.includes(file))),
  ...(isolate ? [] : NEEDS_ISOLATION),
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    // tests too slow to run once per mutant check this and skip themselves (each names the faster test that covers it)
    env: { ...base.test?.env, IPVI_MUTATING: '1' },
    ...(only?.length ? { include: only } : {}),
    isolate,
    exclude: [...(base.test?.exclude ?? ['**/node_modules/**']), ...exclude],
  },
});
