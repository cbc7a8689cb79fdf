#!/usr/bin/env node
// npm run mutate [-- <folder or file>... [stryker options]]
// Runs StrykerJS (stryker.config.mjs) on the core, or only on the folders/files
// named: `npm run mutate -- src/stats` mutates src/stats/**/*.ts (tests excluded).
// `--tests a.test.ts,b.test.ts` runs only those test files (a quick run on one file;
// the score is then a lower bound of the full suite's). Anything else starting
// with `-` is passed to `stryker run` as is (e.g. --concurrency 2).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
const targets = [];
const passThrough = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--tests' || a.startsWith('--tests=')) {
    process.env.IPVI_MUTATE_TESTS = a.includes('=') ? a.slice('--tests='.length) : args[++i];
  } else if (a.startsWith('-')) {
    passThrough.push(a);
    // an option's value follows it unless it is another option
    if (
      !a.includes('=') &&
      i + 1 < args.length &&
      !args[i + 1].startsWith('-') &&
      !existsSync(args[i + 1].replace(/:[\d:-]+$/, ''))
    )
      passThrough.push(args[++i]);
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
