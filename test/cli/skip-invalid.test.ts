/**
 * Every analysis command reads through validate's path: bad rows refuse the
 * data (exit 1) with the same messages, unless --skip-invalid drops them, says
 * how many, and --rejects writes them with their reasons. A broken file is
 * refused even with --skip-invalid.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';

const bad = ['--incidents', fixture('validate/bad-incidents.csv')];

describe('--skip-invalid', () => {
  it("without it, bad rows refuse the data with validate's messages (exit 1)", () => {
    const r = runCli(['classify', ...bad, '--as-of', '2021-12-31']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the data has 7 errors; nothing was analysed');
    expect(r.stderr).toContain('bad-incidents.csv:3 [incident_date]: error bad_date');
    expect(r.stdout).toBe('');
  });

  it('with it, the 2 good rows are analysed, the count of dropped rows is printed, and --rejects lists the 7', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-skip-'));
    const rejects = join(dir, 'rejects.csv');
    const r = runCli([
      'classify',
      ...bad,
      '--as-of',
      '2021-12-31',
      '--skip-invalid',
      '--rejects',
      rejects,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--skip-invalid: 7 error(s); the rows with them were dropped');
    expect(r.stderr).toContain('incidents: 9 rows read, 2 used, 7 rejected');
    const out = JSON.parse(r.stdout);
    expect(out.rows.map((x: { person_id: string }) => x.person_id).sort()).toEqual(['007', '10']);
    expect(out.provenance.rows.incidents).toEqual({ read: 9, accepted: 2, rejected: 7, excluded: 0 });
    expect(readFileSync(rejects, 'utf8').trim().split('\n')).toHaveLength(8);
  });

  it('a structurally broken file is refused even with --skip-invalid', () => {
    const r = runCli([
      'classify',
      '--incidents',
      fixture('validate/unterminated-quote.csv'),
      '--as-of',
      '2021-12-31',
      '--skip-invalid',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the file cannot be read reliably');
  });
});
