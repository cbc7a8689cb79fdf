/**
 * scripts/mutation-survivors.mjs (`npm run mutate:survivors`): the per-file
 * score and the list of survivors read from Stryker's JSON report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-survivors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 1 } });
const report = {
  schemaVersion: '2',
  thresholds: { high: 80, low: 60 },
  files: {
    'src/b.ts': {
      language: 'typescript',
      source: 'export const f = (x: number) => x > 1;\nexport const g = 2;\n',
      mutants: [
        { id: '1', mutatorName: 'EqualityOperator', replacement: 'x >= 1', status: 'Survived', location: at(1, 33) },
        { id: '2', mutatorName: 'BooleanLiteral', replacement: 'true', status: 'Killed', location: at(1, 33) },
        { id: '3', mutatorName: 'ArithmeticOperator', replacement: '-', status: 'Timeout', location: at(1, 33) },
        { id: '4', mutatorName: 'ConditionalExpression', replacement: 'false', status: 'Killed', location: at(1, 33) },
        { id: '5', mutatorName: 'NumericLiteral', replacement: '0', status: 'Ignored', location: at(2, 18) },
      ],
    },
    'src/a.ts': {
      language: 'typescript',
      source: 'export const h = () => "x";\n',
      mutants: [
        { id: '6', mutatorName: 'StringLiteral', replacement: '""', status: 'NoCoverage', location: at(1, 24) },
      ],
    },
  },
};
const file = join(dir, 'mutation.json');
writeFileSync(file, JSON.stringify(report));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['scripts/mutation-survivors.mjs', ...args], { encoding: 'utf8' });

describe('npm run mutate:survivors', () => {
  it('prints each file’s score (ignored mutants left out) and its survivors with the source line, files in name order', () => {
    const r = run(file);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '== src/a.ts: 0.00% (killed 0, timeout 0, survived 0, no coverage 1)',
      '  src/a.ts:1:24 [no coverage] StringLiteral → "\\"\\""  | export const h = () => "x";',
      '== src/b.ts: 75.00% (killed 2, timeout 1, survived 1, no coverage 0)',
      '  src/b.ts:1:33 EqualityOperator → "x >= 1"  | export const f = (x: number) => x > 1;',
      'TOTAL 60.00% (killed 2, timeout 1, survived 1, no coverage 1)',
      '',
    ]);
  });

  it('--scores prints the scores only', () => {
    const r = run(file, '--scores');
    expect(r.stdout).not.toContain('EqualityOperator');
    expect(r.stdout).toContain('== src/b.ts: 75.00%');
  });

  it('a missing report is an error that says how to make one', () => {
    const r = run(join(dir, 'none.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm run mutate -- <folder>');
  });
});
