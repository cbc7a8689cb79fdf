#!/usr/bin/env node
// npm run mutate [-- <folder or file>... [stryker options]]
// Runs StrykerJS (stryker.config.mjs) on the core, or only on the folders/files
// named: `npm run mutate -- src/stats` mutates src/stats/**/*.ts (tests excluded).
// `--tests a.test.ts,b.test.ts` runs only those test files (a quick run on one file;
// the score is then a lower bound of the full suite's). Options come after the paths;
// all but --tests go to `stryker run` as is (e.g. --concurrency 2).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
const targets = [];
const passThrough = [];
// paths come first; from the first option on, everything but --tests goes to `stryker run` as is
// (so an option's value is never mistaken for a path, even when it names one: --tempDirName .stryker-tmp-2)
let options = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--tests' || a.startsWith('--tests=')) {
    options = true;
    process.env.IPVI_MUTATE_TESTS = a.includes('=') ? a.slice('--tests='.length) : args[++i];
  } else if (options || a.startsWith('-')) {
    options = true;
    passThrough.push(a);
  } else {
    targets.push(a);
  }
}

const patterns = [];
for (const t of targets) {
  // a file may carry a line range, as Stryker reads it: src/classify/features.ts:80-168
  const [, path, range = ''] = /^(.*?)(:\d+(?::\d+)?-\d+(?::\d+)?)?$/.exec(t.replace(/\/+$/, ''));
  if (!existsSync(path)) {
    console.error(`mutate: '${t}' does not exist; name a folder or file under src/, e.g. npm run mutate -- src/stats`);
    process.exit(2);
  }
  patterns.push(statSync(path).isDirectory() ? `${path}/**/*.ts` : path + range);
}
if (patterns.length) patterns.push('!src/**/*.test.ts', '!src/**/*.fixture.ts', '!src/**/*.d.ts');

const cli = ['stryker', 'run', ...(patterns.length ? ['--mutate', patterns.join(',')] : []), ...passThrough];
console.error(
  `mutate: ${process.env.IPVI_MUTATE_TESTS ? `IPVI_MUTATE_TESTS=${process.env.IPVI_MUTATE_TESTS} ` : ''}npx ${cli.join(' ')}`,
);
const r = spawnSync('npx', ['--no-install', ...cli], { stdio: 'inherit' });
process.exit(r.status ?? 1);
