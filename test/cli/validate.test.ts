/**
 * `ipvi validate` end to end: the real binary on fixture files, asserting the
 * exit code and each issue's file, line, column and code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';

interface Report {
  ok: boolean;
  errors: number;
  warnings: number;
  issues: {
    file: string;
    line: number;
    column: string;
    code: string;
    severity: string;
    message: string;
    value?: string;
    hint?: string;
  }[];
  counts: { code: string; count: number }[];
  files: {
    incidents: { rows: { read: number; accepted: number; rejected: number; excluded: number } };
    notifications?: { rows: { read: number; accepted: number; rejected: number } };
  };
  persons: number;
  coverage: { start: string; end: string };
}

function validateJson(
  args: string[],
  env: Record<string, string> = {},
): { code: number; report: Report; stderr: string } {
  const r = runCli(['validate', '--format', 'json', ...args], { env });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const brief = (r: Report) => r.issues.map((i) => `${i.line}:${i.column}:${i.code}`);

describe('ipvi validate', () => {
  it('accepts a good pair and exits 0', () => {
    const { code, report } = validateJson([
      '--incidents',
      fixture('validate/good-incidents.csv'),
      '--notifications',
      fixture('validate/good-notifications.csv'),
    ]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.files.incidents.rows).toEqual({ read: 4, accepted: 4, rejected: 0, excluded: 0 });
    // 007, 7 and 0007 are three different people
    expect(report.persons).toBe(3);
    expect(report.coverage).toMatchObject({ start: '2021-01-05', end: '2021-03-01' });
  });

  it('reports each row error with its line and column, and rejects exactly those rows', () => {
    const { code, report } = validateJson(['--incidents', fixture('validate/bad-incidents.csv')]);
    expect(code).toBe(1);
    expect(brief(report)).toEqual([
      '3:incident_date:bad_date', // 2021-02-30 is not a real day
      '4:incident_id:blank_required',
      '5:arrest:bad_boolean',
      '6:incident_id:duplicate_key', // repeats line 2
      '7::ragged_row',
      '10:incident_date:bad_date', // 02/01/2021 without a configured format; lines 8-9 are one quoted multi-line record
      '11:suspect_id:blank_required', // blanks after trimming
    ]);
    expect(report.issues[0].value).toBe('2021-02-30');
    expect(report.issues[3].message).toContain('line 2');
    expect(report.files.incidents.rows).toEqual({ read: 9, accepted: 2, rejected: 7, excluded: 0 });
    expect([report.errors, report.warnings]).toEqual([7, 0]);
    for (const i of report.issues) expect(i.hint, i.code).toBeTruthy();
  });

  it('reports a missing required column at line 1 and rejects every row', () => {
    const { code, report } = validateJson(['--incidents', fixture('validate/missing-column.csv')]);
    expect(code).toBe(1);
    expect(brief(report)).toEqual(['1:incident_date:missing_column']);
    expect(report.files.incidents.rows).toMatchObject({ read: 1, rejected: 1 });
  });

  it('reports an unterminated quote where its record starts', () => {
    const { code, report } = validateJson(['--incidents', fixture('validate/unterminated-quote.csv')]);
    expect(code).toBe(1);
    expect(brief(report)).toEqual(['3::csv_unterminated_quote']);
    expect(report.issues[0].message).toContain('the rest of the file was not read');
  });

  it('reads UTF-8 with BOM, semicolons, CRLF and quoted delimiters', () => {
    const { code, report } = validateJson(['--incidents', fixture('validate/bom-semicolon-crlf.csv')]);
    expect(code).toBe(0);
    expect(report.files.incidents.rows.accepted).toBe(2);
  });

  it('reads Latin-1 and UTF-16 exports when the config names the encoding, and a UTF-16 file by its BOM without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-enc-'));
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('incident_id,incident_date,suspect_id\nD1,2021-01-05,M\xfcller\n', 'latin1'));
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('incident_id,incident_date,suspect_id\nD1,2021-01-05,Müller\n', 'utf16le'),
      ]),
    );
    for (const [file, encoding] of [
      [latin1, 'latin1'],
      [utf16, 'utf-16le'],
    ]) {
      const cfg = join(dir, `${encoding}.yaml`);
      writeFileSync(cfg, `incidents:\n  encoding: ${encoding}\n`);
      const r = runCli(['classify', '--incidents', file, '--config', cfg, '--as-of', '2021-12-31', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).rows[0].person_id).toBe('Müller');
    }
    // without a config, the byte order mark decides (issue 11: encoding detection)
    const { code, report } = validateJson(['--incidents', utf16]);
    expect(code).toBe(0);
    expect(report.files.incidents.rows.accepted).toBe(1);
  });

  it('reads tab-separated files', () => {
    const { code, report } = validateJson(['--incidents', fixture('validate/tab.tsv')]);
    expect(code).toBe(0);
    expect(report.files.incidents.rows.accepted).toBe(1);
  });

  it('reports notification errors and warnings', () => {
    const { code, report } = validateJson([
      '--incidents',
      fixture('validate/good-incidents.csv'),
      '--notifications',
      fixture('validate/bad-notifications.csv'),
    ]);
    expect(code).toBe(1);
    // 2 of the 3 accepted notifications name a person with no incident: one linkage error, not a warning each (issue 11)
    expect(brief(report)).toEqual([
      '0:person_id:unknown_person_linkage',
      '3:level:unknown_level',
      '6:victim_contact_date:bad_date',
      '4:victim_contact_date:victim_safety',
    ]);
    expect(report.files.notifications!.rows).toMatchObject({ read: 5, accepted: 3, rejected: 2 });
    expect([report.errors, report.warnings]).toEqual([3, 1]);
  });

  it('warnings alone pass, and fail with --strict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-v-'));
    const n = join(dir, 'n.csv');
    writeFileSync(n, 'person_id,notification_date,level\n7,2021-02-10,B\n');
    const args = ['--incidents', fixture('validate/good-incidents.csv'), '--notifications', n];
    expect(validateJson(args).code).toBe(0);
    const strict = validateJson([...args, '--strict']);
    expect(strict.code).toBe(1);
    expect(brief(strict.report)).toEqual(['2:victim_contact_date:victim_safety']);
  });

  it('reports a thousand bad rows without crashing, capped by --max-errors but all counted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-v-'));
    const f = join(dir, 'many.csv');
    const rows = ['incident_id,incident_date,suspect_id'];
    for (let i = 0; i < 1000; i++) rows.push(`D${i},2021-13-${String((i % 28) + 1).padStart(2, '0')},P${i}`);
    writeFileSync(f, rows.join('\n') + '\n');
    const all = validateJson(['--incidents', f]);
    expect(all.code).toBe(1);
    expect(all.report.errors).toBe(1000);
    expect(all.report.issues).toHaveLength(1000);
    expect(all.report.issues[999].line).toBe(1001);
    const capped = validateJson(['--incidents', f, '--max-errors', '10']);
    expect(capped.report.errors).toBe(1000);
    expect(capped.report.issues).toHaveLength(10);
    expect(capped.report.counts).toEqual([{ code: 'bad_date', severity: 'error', count: 1000 }]);
  });

  it('counts a CR LF inside a quoted field as one line (csv_crlf_in_quotes regression)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-v-'));
    const f = join(dir, 'crlf.csv');
    writeFileSync(
      f,
      'incident_id,incident_date,suspect_id,narr\r\nD1,2021-01-01,1,"a\r\nb\nc\rd"\r\nD2,2021-13-01,2,x\r\n"D3",2021-01-01,3,"unclosed\r\n',
    );
    const { report } = validateJson(['--incidents', f]);
    // header 1; D1 spans lines 2-5 (CR LF, LF and a lone CR each break a line); D2 on 6; D3 starts on 7
    // the structural error (broken CSV) is listed first
    expect(brief(report)).toEqual(['7::csv_unterminated_quote', '6:incident_date:bad_date']);
  });

  it('prints GitHub annotations', () => {
    const r = runCli(['validate', '--format', 'github', '--incidents', fixture('validate/bad-incidents.csv')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^::error file=.*bad-incidents\.csv,line=3,title=bad_date::\[incident_date\] /);
  });

  it('writes rejected rows with reasons to --rejects, neutralising formulas', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-v-'));
    const out = join(dir, 'rejects.csv');
    const r = runCli(['validate', '--incidents', fixture('validate/bad-incidents.csv'), '--rejects', out]);
    expect(r.code).toBe(1);
    const text = readFileSync(out, 'utf8').trim().split('\n');
    // the export's own column names (not field_1 … field_n), after file,line,reasons
    expect(text[0]).toBe(
      'file,line,reasons,incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency',
    );
    // every row as wide as the header (a spreadsheet's columns line up)
    for (const row of parse(text.join('\n'), { relax_column_count: true }) as string[][])
      expect(row).toHaveLength(text[0].split(',').length);
    expect(text).toHaveLength(8);
    expect(text[1]).toContain(',3,bad_date:');
  });

  it('gives the same report whatever the machine time zone', () => {
    const args = [
      '--incidents',
      fixture('validate/good-incidents.csv'),
      '--notifications',
      fixture('validate/bad-notifications.csv'),
    ];
    const a = validateJson(args, { TZ: 'Pacific/Kiritimati' });
    const b = validateJson(args, { TZ: 'America/Adak' });
    expect(a.report).toEqual(b.report);
  });

  it('exits 2 with a clear message for usage errors, never a stack trace', () => {
    const missing = runCli(['validate', '--incidents', 'no/such/file.csv']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const noArgs = runCli(['validate']);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain("required option '--incidents <file>'");
  });
});
