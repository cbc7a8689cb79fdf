/**
 * Output safety: spreadsheet formulas neutralised in CSV (OWASP), pseudonyms
 * stable under the same key, atomic -o that refuses to overwrite an input,
 * provenance beside every output file.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, renderTable } from '../../src/report/render.js';
import { pseudonym } from '../../src/report/pseudonym.js';
import { runCli } from '../helpers/run-cli.js';

function dangerousExport(dir: string): { inc: string; not: string } {
  const inc = join(dir, 'inc.csv');
  const not = join(dir, 'not.csv');
  writeFileSync(
    inc,
    [
      'incident_id,incident_date,suspect_id,victim_id,offense,arrest',
      'D1,2021-01-05,=HYPERLINK("http://x"),@V1,,no',
      'D2,2021-01-06,+SUM(1),V2,X,yes',
      'D3,2021-01-07,-7,V3,,no',
      'D4,2021-01-08,plain,V4,,no',
    ].join('\n') + '\n',
  );
  writeFileSync(not, 'person_id,notification_date,level\nplain,2021-01-10,D\n');
  return { inc, not };
}

describe('CSV injection', () => {
  it('neutralises cells starting with = + - @ tab CR, and leaves numbers alone', () => {
    expect(['=1', '+1', '-1', '@x', '\tx', '\rx', 'ok', "'"].map(neutraliseFormula)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@x",
      "'\tx",
      "'\rx",
      'ok',
      "''",
    ]);
    const t = { columns: [{ key: 'a' }, { key: 'n' }], rows: [{ a: '=cmd', n: -3 }], notes: [] };
    expect(renderTable(t, 'csv')).toBe("a,n\n'=cmd,-3\n");
    expect(renderTable(t, 'csv', { safeCsv: false })).toBe('a,n\n=cmd,-3\n');
    expect(JSON.parse(renderTable(t, 'json')).rows[0].a).toBe('=cmd');
  });

  it('the CLI neutralises person ids in CSV output by default, not in JSON, and not with --no-safe-csv', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-inj-'));
    const { inc } = dangerousExport(dir);
    const csv = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const ids = csv.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(ids).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(ids).toContain("'+SUM(1)");
    expect(ids).toContain("'-7");
    const raw = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'csv', '--no-safe-csv']);
    expect(raw.stdout).toContain('\n-7,');
    const json = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'json']);
    expect(JSON.parse(json.stdout).rows.map((r: { person_id: string }) => r.person_id)).toContain(
      '=HYPERLINK("http://x")',
    );
  });
});

describe('--pseudonymize', () => {
  it('HMAC-SHA256 pseudonyms: known value, keyed, kind-separated', () => {
    // node -e "console.log(require('crypto').createHmac('sha256','0123456789abcdef').update('person:007').digest('hex').slice(0,16))"
    expect(pseudonym(Buffer.from('0123456789abcdef'), 'person', '007')).toBe('P-4ca10b0a15ab8128');
    expect(pseudonym(Buffer.from('0123456789abcdef'), 'person', '7')).not.toBe(
      pseudonym(Buffer.from('0123456789abcdef'), 'person', '007'),
    );
    expect(pseudonym(Buffer.from('0123456789abcdef'), 'victim', '007').startsWith('V-')).toBe(true);
  });

  it('replaces every id in the output, stable across runs with the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-ps-'));
    const { inc, not } = dangerousExport(dir);
    const key = join(dir, 'k');
    writeFileSync(key, 'a-secret-key-of-32-bytes-long!!!');
    const args = [
      'tiers',
      '--incidents',
      inc,
      '--notifications',
      not,
      '--month',
      '2021-01',
      '--format',
      'json',
      '--pseudonymize',
      key,
    ];
    const a = runCli(args);
    const b = runCli(args);
    expect(a.code).toBe(0);
    expect(a.stdout.replace(/"generated_at": ".*"/, '')).toBe(b.stdout.replace(/"generated_at": ".*"/, ''));
    const rows = JSON.parse(a.stdout).rows as { person_id: string }[];
    for (const r of rows) expect(r.person_id).toMatch(/^P-[0-9a-f]{16}$/);
    expect(a.stdout).not.toContain('"plain"');
    const victims = runCli([...args, '--victims']);
    for (const r of JSON.parse(victims.stdout).rows as { victim_id: string }[])
      expect(r.victim_id).toMatch(/^V-[0-9a-f]{16}$/);
  });

  it('refuses a short key with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-ps-'));
    const { inc } = dangerousExport(dir);
    writeFileSync(join(dir, 'k'), 'short');
    const r = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--pseudonymize', join(dir, 'k')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at least 16 are needed');
  });
});

describe('output files', () => {
  it('writes -o atomically with provenance beside it, and refuses to overwrite an input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-out-'));
    const { inc, not } = dangerousExport(dir);
    const out = join(dir, 'tiers.csv');
    const r = runCli([
      'tiers',
      '--incidents',
      inc,
      '--notifications',
      not,
      '--month',
      '2021-01',
      '--format',
      'csv',
      '-o',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'person_id,level,previous_level,change,days_since_level_set,notification_due,enforcement_review,action,last_incident_date,days_since_last_incident,incidents,offenses,last_notified_level,last_notified_date,abuser_action,victim_action,reason',
    );
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(prov.inputs.incidents.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prov.command).toBe('tiers');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const before = readFileSync(inc, 'utf8');
    const clobber = runCli(['tiers', '--incidents', inc, '--notifications', not, '--month', '2021-01', '-o', inc]);
    expect(clobber.code).toBe(2);
    expect(clobber.stderr).toContain('refusing to write the output over the input file');
    expect(readFileSync(inc, 'utf8')).toBe(before);
    expect(existsSync(`${inc}.provenance.json`)).toBe(false);
  });
});

describe('progress', () => {
  it('reads as file, share, rows, rows per second and megabytes', async () => {
    const { progressLine } = await import('../../src/cli/terminal.js');
    expect(progressLine('reading', 'x.csv', 5_000_000, 10_000_000, 123_456, 2)).toBe(
      'reading x.csv: 50% (123,456 rows, 61,728 rows/s, 5.0 MB)',
    );
  });

  it('is silent when stderr is not a terminal', () => {
    const r = runCli(['validate', '--incidents', 'fixtures/demo/incidents.csv']);
    expect(r.stderr).toBe('');
  });
});
