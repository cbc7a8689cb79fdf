/**
 * Output defects a new analyst met on main (the reviewer's "Metro PD" export):
 * -o's extension and --format, the tier list's action column and columns that
 * grow with the terminal, IDs never cut, the progress line, the outreach
 * list's safety count under --limit, --rejects under the export's own column
 * names, and structural errors listed first (validate in every format, the
 * analyses, batch).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputFormat, TABLE_EXTENSIONS, UNWRITABLE } from '../../src/cli/options.js';
import { progressLine } from '../../src/cli/terminal.js';
import { rejectsColumns } from '../../src/cli/data.js';
import { IssueLog } from '../../src/ingest/issues.js';
import { fitWidths } from '../../src/report/view.js';
import { renderTable } from '../../src/report/render.js';
import { fixture, runCli } from '../helpers/run-cli.js';
import { hasScript, outputLines, runOnTerminal } from '../helpers/terminal.js';

const DEMO = ['--incidents', fixture('demo/incidents.csv'), '--notifications', fixture('demo/notifications.csv')];
const tmp = () => mkdtempSync(join(tmpdir(), 'ipvi-outputs-'));

describe('-o FILE: the extension chooses the format', () => {
  it('without --format, .xlsx writes a workbook, .csv CSV, .json JSON, .txt the text table (exit 0, nothing said)', () => {
    const dir = tmp();
    for (const [name, check] of [
      ['t.xlsx', (b: Buffer) => expect(b.subarray(0, 2).toString()).toBe('PK')],
      ['t.csv', (b: Buffer) => expect(b.toString().split('\n')[0]).toMatch(/^person_id,level,previous_level,/)],
      ['t.json', (b: Buffer) => expect(JSON.parse(b.toString()).columns[0]).toBe('person_id')],
      ['t.md', (b: Buffer) => expect(b.toString()).toMatch(/^### IPVI tier list/)],
      ['t.txt', (b: Buffer) => expect(b.toString()).toMatch(/^IPVI tier list for 2023-06\n\nperson_id\s+level/)],
    ] as const) {
      const r = runCli(['tiers', ...DEMO, '--month', '2023-06', '--limit', '3', '-q', '-o', join(dir, name)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      check(readFileSync(join(dir, name)));
    }
  });

  it('a --format that contradicts the extension, or an extension the command does not write, is a usage error', () => {
    const dir = tmp();
    const clash = runCli(['tiers', ...DEMO, '--month', '2023-06', '--format', 'table', '-o', join(dir, 't.xlsx')]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('a .xlsx file holds xlsx, but --format table was given');
    expect(clash.stderr).toMatch(/fix: leave out --format .* e\.g\. .*t\.txt/);
    const unknown = runCli(['recidivism', ...DEMO, '-o', join(dir, 'p.pdf')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('ipvi recidivism does not write .pdf files');
    const report = runCli(['report', ...DEMO, '--launch', '2021-01-01', '-o', join(dir, 'r.xlsx')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('ipvi report does not write .xlsx files');
    const reportMd = runCli(['report', ...DEMO, '--format', 'html', '-o', join(dir, 'r.md')]);
    expect(reportMd.code).toBe(2);
  });

  it('report -o r.md writes Markdown and validate -o v.json writes JSON without --format', () => {
    const dir = tmp();
    const v = runCli(['validate', ...DEMO, '-o', join(dir, 'v.json')]);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')).ok).toBe(true);
    // github annotations may go to a .txt file
    expect(runCli(['validate', ...DEMO, '--format', 'github', '-o', join(dir, 'v.txt')]).code).toBe(0);
  });

  it('checkOutputFormat: one rule for every command', () => {
    const f = (output: string | undefined, value: string, given: boolean) =>
      checkOutputFormat('tiers', output, { value, given }, TABLE_EXTENSIONS);
    expect(f('a/T.XLSX', 'table', false)).toBe('xlsx');
    expect(f('t.csv', 'csv', true)).toBe('csv');
    expect(f(undefined, 'json', true)).toBe('json');
    expect(f('-', 'table', false)).toBe('table');
    expect(f('list', 'csv', true)).toBe('csv'); // no extension: --format or its default
    expect(f('/dev/stdout', 'json', true)).toBe('json');
    expect(() => f('t.csv', 'json', true)).toThrow(/a \.csv file holds csv, but --format json was given/);
    // an unknown extension is refused when the file is about to be written (after the check against the inputs)
    expect(f('t.tsv', 'table', false)).toBe('table');
    expect(UNWRITABLE.get('t.tsv')?.message).toMatch(/does not write \.tsv files/);
  });
});

describe.skipIf(!hasScript)('the tier list on a terminal (the reviewer export shape)', () => {
  const run = (cols: number) => {
    const r = runOnTerminal(cols, ['tiers', ...DEMO, '--month', '2023-12', '--limit', '20']);
    expect(r.status, r.output).toBe(0);
    return outputLines(r.output);
  };

  it('shows what to act on: A rows read "review", due rows "notify"; never "due false" for an A', () => {
    const lines = run(80);
    expect(lines[1]).toMatch(/^person\s+level\s+prev\s+change\s+action\s+last incident\s+days since\s+last notified$/);
    const rows = lines.slice(3, 23);
    for (const row of rows.filter((l) => /^\S+\s+A\s/.test(l))) expect(row).toMatch(/\sreview\s/);
    expect(rows.some((l) => /^\S+\s+A\s/.test(l))).toBe(true);
  });

  it('the compact columns grow with the width, in the stated priority order; no line is wider than the terminal', () => {
    const header = (cols: number) => {
      const lines = run(cols);
      expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(cols);
      return lines[1].split(/\s{2,}/);
    };
    const h80 = header(80);
    const h100 = header(100);
    const h160 = header(160);
    expect(h80).toHaveLength(8);
    expect(h100.length).toBeGreaterThan(h80.length);
    expect(h160.length).toBeGreaterThan(h100.length);
    expect(h100.slice(0, 8)).toEqual(h80);
    expect(h100[8]).toBe('at level (days)'); // the first of the further columns
    expect(h160).toEqual(expect.arrayContaining(['notified level', 'offenses', 'incidents']));
  });

  it('history at 80 columns keeps every incident ID whole and cuts the free text instead', () => {
    const ids = new Set(
      runCli(['history', ...DEMO, '--person', '798', '--format', 'json', '-q'])
        .stdout.split('\n')
        .flatMap((l) => /"incident_id":"([^"]+)"/.exec(l)?.[1] ?? []),
    );
    expect(ids.size).toBeGreaterThan(2);
    const r = runOnTerminal(80, ['history', ...DEMO, '--person', '798']);
    const lines = outputLines(r.output);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    const shown = lines.filter((l) => /^\d{4}-\d\d-\d\d {2}incident /.test(l)).map((l) => l.split(/\s{2,}/)[2]);
    expect(new Set(shown)).toEqual(ids);
    expect(lines.some((l) => l.includes('…'))).toBe(true); // something was cut, and it was not an ID
  });

  it('the progress line counts the rows read and fits the terminal', () => {
    const r = runOnTerminal(80, ['validate', ...DEMO], { stderr: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the erase-line sequence the progress line ends with
    const draws = r.output.split(/\r|\n/).map((s) => s.replace(/\u001b\[K/g, ''));
    const progress = draws.filter((s) => s.startsWith('reading '));
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expect(p.length).toBeLessThan(80);
    const rows = readFileSync(fixture('demo/incidents.csv'), 'utf8').trim().split('\n').length - 1;
    expect(progress).toContainEqual(
      expect.stringContaining(`incidents.csv: 100% (${rows.toLocaleString('en-US')} rows`),
    );
  });
});

describe('pieces', () => {
  it('progressLine shortens the file to its name, then cuts it, to fit the width', () => {
    const long = '/a/very/long/folder/name/that/goes/on/metro_incidents.csv';
    expect(progressLine('reading', long, 5, 10, 1234, 2, 200)).toBe(
      `reading ${long}: 50% (1,234 rows, 617 rows/s, 0.0 MB)`,
    );
    expect(progressLine('reading', long, 5, 10, 1234, 2, 79)).toBe(
      'reading metro_incidents.csv: 50% (1,234 rows, 617 rows/s, 0.0 MB)',
    );
    const cut = progressLine('reading', long, 5, 10, 1234, 2, 55);
    expect(cut.length).toBeLessThanOrEqual(55);
    expect(cut).toMatch(/^reading metro_.*…: 50% \(1,234 rows/);
    expect(progressLine('reading', long, 5, 10, 1234, 0.01, 200)).not.toContain('rows/s'); // too soon for a rate
  });

  it('fitWidths never narrows an ID column: the free text gives way', () => {
    const table = {
      columns: [{ key: 'incident_id' }, { key: 'detail' }],
      rows: [{ incident_id: 'MPD-19-000123456', detail: 'x'.repeat(60) }],
      notes: [],
    };
    const text = renderTable(table, 'table', { maxWidth: 40 }).split('\n');
    expect(text[2]).toMatch(/^MPD-19-000123456 {2}x+…$/);
    expect(text[2].length).toBe(40);
    // the widths alone: column 0 (not cuttable) keeps 16
    expect(fitWidths([16, 60], [11, 6], [false, true], 40)).toEqual([16, 22]);
  });

  it('rejectsColumns: the export header after file,line,reasons; blank and repeated names made unique', () => {
    const rows = [
      {
        file: 'inc.csv',
        line: 3,
        fields: ['1', '2', '3', '4', '5'],
        reasons: [],
        header: ['ID', '', 'ID', '\uFEFFline'],
      },
      { file: 'not.csv', line: 2, fields: ['a'], reasons: [], header: ['ID'] },
    ];
    const { header, offset } = rejectsColumns(rows);
    expect(header).toEqual(['file', 'line', 'reasons', 'ID', 'column_2', 'ID (2)', 'line (2)', 'field_5', 'ID (3)']);
    expect(offset.get('inc.csv')).toBe(3);
    expect(offset.get('not.csv')).toBe(8);
  });

  it('IssueLog.sorted lists structural errors first (and keeps them past the cap)', () => {
    const log = new IssueLog(2);
    const issue = (file: string, line: number, code: string) =>
      log.add({ file, line, column: '', code, severity: 'error', message: code });
    issue('a.csv', 3, 'bad_date');
    issue('a.csv', 5, 'bad_date');
    issue('b.csv', 1, 'missing_column');
    expect(log.sorted().map((i) => `${i.file}:${i.code}`)).toEqual([
      'b.csv:missing_column',
      'a.csv:bad_date',
      'a.csv:bad_date',
    ]);
  });
});

describe('structural errors are listed first', () => {
  const BAD = [
    '--incidents',
    fixture('validate/bad-incidents.csv'),
    '--notifications',
    fixture('outputs/notifications-no-person.csv'),
  ];

  it('validate: text, json and github all open with the missing column of the other file', () => {
    const text = runCli(['validate', ...BAD]);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[0]).toMatch(/notifications-no-person\.csv:1 \[person_id\]: error missing_column/);
    const json = JSON.parse(runCli(['validate', ...BAD, '--format', 'json']).stdout);
    expect(json.issues[0].code).toBe('missing_column');
    const github = runCli(['validate', ...BAD, '--format', 'github']).stdout.split('\n');
    expect(github.find((l) => l.startsWith('::error'))).toMatch(/title=missing_column/);
  });

  it('an analysis names the missing column first', () => {
    const r = runCli(['recidivism', ...BAD]);
    expect(r.code).toBe(1);
    const issues = r.stderr.split('\n').filter((l) => /^ {2}\S.*: error /.test(l));
    expect(issues[0]).toMatch(/notifications-no-person\.csv:1 \[person_id\]: error missing_column/);
    expect(issues.length).toBeGreaterThan(1); // the other file's row errors follow it
  });

  it('batch: results.json and the summary written to a file give the structural error first, whole', () => {
    const dir = tmp();
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(
      manifest,
      [
        'version: 1',
        'datasets:',
        '  - name: broken',
        `    incidents: ${fixture('validate/bad-incidents.csv')}`,
        `    notifications: ${fixture('outputs/notifications-no-person.csv')}`,
        'analyses:',
        '  - recidivism: {}',
        '',
      ].join('\n'),
    );
    const r = runCli(['batch', manifest, '-o', join(dir, 'out'), '-q']);
    expect(r.code).toBe(1);
    const run = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).runs[0];
    expect(run.error).toMatch(
      /nothing was analysed.*?: [^:]*notifications-no-person\.csv:1 \[person_id\]: error missing_column/,
    );
    const row = r.stdout.split('\n').find((l) => l.startsWith('broken'))!;
    expect(row).toContain("required column 'person_id' is not in the header");
    expect(row).not.toMatch(/…$/);
  });
});

describe('tiers --victims --limit', () => {
  it('the safety count covers the whole selection, not only the rows shown', () => {
    const count = (extra: string[]) => {
      const r = runCli(['tiers', ...DEMO, '--month', '2023-12', '--victims', '--format', 'json', '-q', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      return { n: doc.victim_contact_violations, note: doc.notes.find((x: string) => x.includes('broke it')) };
    };
    const all = count([]);
    expect(all.n).toBeGreaterThan(3);
    const limited = count(['--limit', '6']);
    expect(limited.n).toBe(all.n);
    expect(limited.note).toBe(all.note);
    // with a filter the count is over what the filter selects
    const b = count(['--levels', 'B']);
    expect(count(['--levels', 'B', '--limit', '2']).n).toBe(b.n);
  });
});
