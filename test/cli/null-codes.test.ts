/**
 * A "no value" spelling in a code column is no code: a charge `N/A` is no
 * charge, so the incident is not an offense under the default `has_offense`
 * (docs/methods.md#data). Found by an analyst's export where `N/A` charges
 * moved people from D to C.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-null-codes-'));

function classifyOne(offense: string): { level: string; reason: string } {
  const file = join(dir, `i-${Buffer.from(offense).toString('hex') || 'blank'}.csv`);
  writeFileSync(
    file,
    `incident_id,incident_date,suspect_id,victim_id,offense,arrest\nD1,2023-01-05,P1,V1,${offense},false\n`,
  );
  const r = runCli(['classify', '--incidents', file, '--as-of', '2023-06-30', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).rows[0];
}

describe('null_values in code columns', () => {
  it('a charge spelled N/A, NULL or - is no charge: the level is that of a blank charge', () => {
    const blank = classifyOne('');
    expect(blank.level).toBe('D');
    for (const spelling of ['N/A', 'NULL', '-', 'none']) expect(classifyOne(spelling).level, spelling).toBe('D');
  });
  it('a real charge is an offense', () => {
    expect(classifyOne('Assault 3').level).toBe('C');
  });
});

describe('null_values and boolean spellings', () => {
  const run = (cell: string, config: string) => {
    const file = join(dir, 'b.csv');
    const cfg = join(dir, 'b.yaml');
    writeFileSync(file, `incident_id,incident_date,suspect_id,victim_id,arrest\nD1,2023-01-05,P1,V1,${cell}\n`);
    writeFileSync(cfg, config);
    return runCli(['validate', '--incidents', file, '--config', cfg, '--format', 'json']);
  };
  it('a spelling listed under booleans wins over null_values (init writes `false: [No, N/A]`)', () => {
    const r = run('N/A', 'incidents:\n  booleans:\n    true: [Yes]\n    false: [No, N/A]\n');
    expect(r.code, r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).errors).toBe(0);
  });
  it('a bad boolean shows the cell as written, not the empty value it was read as', () => {
    const r = run('N/A', 'incidents:\n  booleans:\n    true: [Yes]\n    false: [No]\n');
    const issue = JSON.parse(r.stdout).issues.find((i: { code: string }) => i.code === 'bad_boolean');
    expect(issue.value).toBe('N/A');
  });
});
