#!/usr/bin/env node
// `npm run demo`: the main job on the bundled synthetic data (fixtures/demo):
// validate the export pair, the analyst's tier list for the last month, and the
// researcher's Kingston-style evaluation tables, then the whole evaluation as one
// HTML report (test-output/demo-report.html, gitignored). Exits non-zero if any step fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(root, 'bin', 'ipvi');
// the config sets the coverage and the intimate-partner relationship codes (the data has family cases too)
const data = [
  '--incidents',
  'fixtures/demo/incidents.csv',
  '--notifications',
  'fixtures/demo/notifications.csv',
  '--config',
  'fixtures/demo/config.yaml',
];
const coverage = [];

const steps = [
  ['Validate the export pair (CI would run this first)', ['validate', ...data, ...coverage]],
  [
    'The monthly tier list for December 2023 (the first 15 of those due a notification or enforcement review)',
    ['tiers', ...data, ...coverage, '--month', '2023-12', '--due', '--limit', '15'],
  ],
  ['Offending before and after the first notification (Kingston table)', ['prepost', ...data, ...coverage]],
  ['Recidivism by classification level, 12-month follow-up (Kingston table)', ['recidivism', ...data, ...coverage]],
  [
    'The whole evaluation as one self-contained HTML report (open it in a browser)',
    ['report', ...data, ...coverage, '--launch', '2020-01-01', '-o', 'test-output/demo-report.html'],
  ],
];

mkdirSync(resolve(root, 'test-output'), { recursive: true });

let failed = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n=== ${title}\n$ ipvi ${args.join(' ')}\n\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(exit ${r.status})\n`);
  }
}
process.stdout.write(
  failed ? `\n${failed} step(s) failed\n` : '\nDemo complete. The data is synthetic: see fixtures/demo/README.txt.\n',
);
process.exit(failed ? 1 : 0);
