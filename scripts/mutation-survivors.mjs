#!/usr/bin/env node
// npm run mutate:survivors [-- reports/mutation/mutation.json] [--scores]
// Reads Stryker's JSON report and prints, per file, the score and every mutant
// that survived or was not covered, with the change made and the source line:
// the list to work through after `npm run mutate` (docs/testing.md, "Reading
// the report"). `--scores` prints the per-file scores only.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage),
// as Stryker counts it; ignored, compile-error and runtime-error mutants are
// left out of it.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const scoresOnly = args.includes('--scores');
const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
if (!existsSync(file)) {
  console.error(`mutation-survivors: no report at ${file}; run \`npm run mutate -- <folder>\` first`);
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));

/** killed, timeout, survived, no coverage of a list of mutants */
function tally(mutants) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
  }
  return c;
}
const score = (c) => {
  const valid = c.killed + c.timeout + c.survived + c.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * (c.killed + c.timeout)) / valid).toFixed(2)}%`;
};
const line = (c) =>
  `${score(c)} (killed ${c.killed}, timeout ${c.timeout}, survived ${c.survived}, no coverage ${c.noCoverage})`;

const all = [];
for (const [name, f] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  all.push(...f.mutants);
  console.log(`== ${name}: ${line(tally(f.mutants))}`);
  if (scoresOnly) continue;
  const source = f.source.split('\n');
  const open = f.mutants
    .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
    .sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  for (const m of open) {
    const { line: l, column } = m.location.start;
    const change = JSON.stringify(m.replacement ?? '').slice(0, 80);
    const code = (source[l - 1] ?? '').trim().slice(0, 100);
    console.log(
      `  ${name}:${l}:${column} ${m.status === 'NoCoverage' ? '[no coverage] ' : ''}${m.mutatorName} → ${change}  | ${code}`,
    );
  }
}
console.log(`TOTAL ${line(tally(all))}`);
