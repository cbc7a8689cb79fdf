/**
 * The operational lists as people use them (issue 12): tables that fit a
 * terminal (run under a real pseudo-terminal with `script`), --wide and
 * --columns, the xlsx workbook read back cell by cell with exceljs, the
 * defaults for --month and --as-of, "showing N of M" against the selection,
 * the age columns and --recent, provenance of a filtered list, --notes,
 * --bom, and -o into a folder that does not exist yet.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';
import { hasScript, outputLines, runOnTerminal } from '../helpers/terminal.js';

const AGENCY = [
  '--incidents',
  fixture('agency/incidents.csv'),
  '--notifications',
  fixture('agency/notifications.csv'),
  '--config',
  fixture('agency/config.yaml'),
];
const DEMO = ['--incidents', fixture('demo/incidents.csv'), '--notifications', fixture('demo/notifications.csv')];
const tmp = () => mkdtempSync(join(tmpdir(), 'ipvi-lists-'));

/** stdout of `ipvi ARGS` on a pseudo-terminal COLS wide (stderr discarded), lines without CR. */
function onTerminal(cols: number, args: string[]): string[] {
  const r = runOnTerminal(cols, args);
  expect(r.status, r.output).toBe(0);
  return outputLines(r.output);
}

describe.skipIf(!hasScript)('tables on a terminal', () => {
  it.each([100, 160])('tiers fits a %i-column terminal: compact columns, long text cut', (cols) => {
    const lines = onTerminal(cols, ['tiers', ...DEMO, '--month', '2023-12']);
    expect(lines.length).toBeGreaterThan(1600); // the whole list is there (1,613 persons)
    const widest = Math.max(...lines.map((l) => [...l].length));
    expect(widest).toBeLessThanOrEqual(cols);
    const header = lines[1]; // title, header, rule, rows (blank lines dropped)
    // the compact columns, then (on a wider terminal) further ones in priority order
    expect(header).toMatch(
      /^person\s+level\s+prev\s+change\s+action\s+last incident\s+days since\s+last notified\s+at level/,
    );
    expect(lines.some((l) => l.includes('--wide shows all'))).toBe(true);
  });

  it('--wide shows every column in full; --columns picks them (and --wide with --columns)', () => {
    const wide = onTerminal(100, ['tiers', ...DEMO, '--month', '2023-12', '--limit', '3', '--wide']);
    expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(100);
    expect(wide[1]).toMatch(/^person_id .* abuser_action .* reason$/);
    const picked = onTerminal(100, [
      'tiers',
      ...DEMO,
      '--month',
      '2023-12',
      '--limit',
      '3',
      '--columns',
      'level,person_id,reason',
    ]);
    expect(picked[1]).toMatch(/^level\s+person_id\s+reason$/);
    expect(Math.max(...picked.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(picked[3]).toMatch(/…$/); // the reason is cut to fit
  });

  it('classify, alerts and history fit too', () => {
    for (const args of [
      ['classify', ...DEMO, '--as-of', '2023-06-30'],
      ['alerts', ...DEMO, '--since', '2023-12-01'],
      ['history', ...DEMO, '--person', '798'],
    ]) {
      const lines = onTerminal(80, args);
      expect(Math.max(...lines.map((l) => l.length)), args[0]).toBeLessThanOrEqual(80);
    }
  });
});

describe('--columns', () => {
  it('picks columns in every format; piped text keeps every column', () => {
    const csv = runCli([
      'tiers',
      ...AGENCY,
      '--month',
      '2020-07',
      '--format',
      'csv',
      '--columns',
      'person_id,days_since_last_incident',
      '-q',
    ]);
    expect(csv.stdout).toBe('person_id,days_since_last_incident\n007,27\n7,31\n0007,153\n');
    const json = JSON.parse(
      runCli(['classify', ...AGENCY, '--as-of', '2020-07-31', '--format', 'json', '--columns', 'person_id,level', '-q'])
        .stdout,
    );
    expect(json.columns).toEqual(['person_id', 'level']);
    expect(json.provenance.options.columns).toEqual(['person_id', 'level']);
    const piped = runCli(['tiers', ...AGENCY, '--month', '2020-07', '-q']);
    expect(piped.stdout.split('\n')[2]).toMatch(/abuser_action .* reason$/);
  });

  it('an unknown column is a usage error naming the available ones', () => {
    const r = runCli(['tiers', ...AGENCY, '--month', '2020-07', '--columns', 'person_id,levle']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--columns: unknown column 'levle' — did you mean 'level'?");
    expect(r.stderr).toMatch(/available columns: person_id, level, previous_level, .*reason/);
  });
});

describe('age and recency', () => {
  it('days since the last incident and since the level was reached (hand-worked, July 2020)', () => {
    // 007: A since the 2020-07-04 incident (notified at B, offended again): 27 days to 07-31.
    // 7: C since its only incident, 2020-06-30: 31 days. 0007: D since 2020-02-29: 153 days.
    const t = JSON.parse(runCli(['tiers', ...AGENCY, '--month', '2020-07', '--format', 'json', '-q']).stdout);
    expect(
      t.rows.map((r: Record<string, unknown>) => [r.person_id, r.days_since_last_incident, r.days_since_level_set]),
    ).toEqual([
      ['007', 27, 27],
      ['7', 31, 31],
      ['0007', 153, 153],
    ]);
    // 007 in June 2020: C since the 03-02 arrest (120 days to 06-30); last incident the same day
    const june = JSON.parse(runCli(['classify', ...AGENCY, '--as-of', '2020-06-30', '--format', 'json', '-q']).stdout);
    const p007 = june.rows.find((r: { person_id: string }) => r.person_id === '007');
    expect([p007.level, p007.days_since_last_incident, p007.days_since_level_set]).toEqual(['C', 120, 120]);
  });

  it('tiers --due --recent DAYS keeps people who reached their level that recently', () => {
    const t = JSON.parse(
      runCli(['tiers', ...AGENCY, '--month', '2020-07', '--due', '--recent', '30', '--format', 'json', '-q']).stdout,
    );
    expect(t.rows.map((r: { person_id: string }) => r.person_id)).toEqual(['007']); // 0007 is due but at D for 153 days
    expect(t.notes[0]).toBe(
      'showing 1 of 3 persons on the list (due or enforcement review, level reached within 30 days of the month end)',
    );
    expect(t.provenance.options).toMatchObject({ month: '2020-07', due: true, recent_days: 30 });
    const demo = JSON.parse(
      runCli(['tiers', ...DEMO, '--month', '2023-12', '--due', '--recent', '90', '--format', 'json', '-q']).stdout,
    );
    expect(demo.rows.length).toBeGreaterThan(0);
    expect(demo.rows.length).toBeLessThan(demo.summary.notification_due + demo.summary.enforcement_review);
    for (const r of demo.rows) expect(r.days_since_level_set).toBeLessThanOrEqual(90);
  });
});

describe('defaults and counts', () => {
  it('tiers without --month: the last complete month; classify without --as-of: the coverage end; both say so', () => {
    const t = runCli(['tiers', ...AGENCY, '--format', 'json']); // coverage ends 2021-12-31 (config)
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toContain(
      '--month not given: using 2021-12, the last complete month of the data (coverage ends 2021-12-31)',
    );
    expect(JSON.parse(t.stdout).summary.as_of).toBe('2021-12-31');
    const mid = runCli(['tiers', ...AGENCY, '--coverage-end', '2020-07-15', '--format', 'json']);
    expect(mid.stderr).toContain('using 2020-06, the last complete month');
    expect(JSON.parse(mid.stdout).provenance.options).toMatchObject({
      month: '2020-06',
      month_source: 'last complete month of the data',
    });
    const c = runCli(['classify', ...AGENCY, '--format', 'json']);
    expect(c.stderr).toContain('--as-of not given: using 2021-12-31, the coverage end');
    const explicit = runCli(['classify', ...AGENCY, '--as-of', '2021-12-31', '--format', 'json', '-q']);
    expect(JSON.parse(c.stdout).rows).toEqual(JSON.parse(explicit.stdout).rows);
  });

  it('"showing N of M" counts against what the filters select', () => {
    const t = JSON.parse(
      runCli(['tiers', ...DEMO, '--month', '2023-12', '--levels', 'B', '--limit', '3', '--format', 'json', '-q'])
        .stdout,
    );
    expect(t.rows).toHaveLength(3);
    expect(t.notes[0]).toBe(
      `showing 3 of ${t.summary.counts.B} persons selected (levels B), the first 3 in list order; ${t.summary.total} persons on the list`,
    );
    expect(t.summary.counts.B).toBeLessThan(t.summary.total);
  });
});

describe('files: provenance, notes, BOM, folders', () => {
  it('-o into a missing folder; provenance records every filter; --notes and --bom', () => {
    const dir = tmp();
    const out = join(dir, 'unit', '2023-12', 't.csv');
    const r = runCli([
      'tiers',
      ...DEMO,
      '--month',
      '2023-12',
      '--levels',
      'A,B',
      '--limit',
      '5',
      '--columns',
      'person_id,level,reason',
      '--format',
      'csv',
      '--bom',
      '--notes',
      '-o',
      out,
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFFperson_id,level,reason\n')).toBe(true);
    expect(csv.trim().split('\n')).toHaveLength(6);
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(prov.options).toEqual({
      month: '2023-12',
      levels: 'A,B',
      limit: 5,
      columns: ['person_id', 'level', 'reason'],
      bom: true,
    });
    const notes = readFileSync(`${out}.notes.txt`, 'utf8');
    expect(notes).toMatch(/^IPVI tier list for 2023-12\n\nnote: showing 5 of \d+ persons selected \(levels A,B\)/);
    expect(notes).toContain('note: rules: rules/ipvi-default.yaml');
    expect(existsSync(join(dir, 'unit', '2023-12', 't.csv.notes.txt'))).toBe(true);
  });

  it('-o creates missing folders for analysis commands too', () => {
    const dir = tmp();
    const out = join(dir, 'a', 'b', 'prepost.md');
    const r = runCli(['prepost', ...DEMO, '--format', 'md', '-o', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('|');
  });

  it('without --bom a CSV has no byte-order mark', () => {
    const r = runCli(['tiers', ...AGENCY, '--month', '2020-07', '--format', 'csv', '-q']);
    expect(r.stdout.startsWith('person_id,')).toBe(true);
  });
});

describe('--pseudonymize', () => {
  it('pseudonymises incident (DIR) numbers too: they point back to the named record', () => {
    const dir = tmp();
    const key = join(dir, 'k.key');
    writeFileSync(key, 'a-key-of-at-least-sixteen-bytes');
    const alerts = JSON.parse(
      runCli(['alerts', ...AGENCY, '--since', '2020-06-01', '--pseudonymize', key, '--format', 'json', '-q']).stdout,
    );
    expect(alerts.rows.length).toBe(2);
    for (const r of alerts.rows) {
      expect(r.incident_id).toMatch(/^I-[0-9a-f]{16}$/);
      expect(r.person_id).toMatch(/^P-[0-9a-f]{16}$/);
    }
    const history = runCli(['history', ...AGENCY, '--person', '007', '--pseudonymize', key, '--format', 'csv', '-q']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).not.toMatch(/20-000\d/);
    expect(history.stdout).toMatch(/I-[0-9a-f]{16},V-[0-9a-f]{16}/);
    const plain = runCli(['history', ...AGENCY, '--person', '007', '--format', 'csv', '-q']);
    expect(plain.stdout).toContain('20-0006,V-1,');
  });
});

describe('--format xlsx', () => {
  it('tiers --victims: the tier list and the outreach list as sheets, IDs as text, dates as dates, a Notes sheet', async () => {
    const dir = tmp();
    const out = join(dir, 'new', 'tiers.xlsx');
    const r = runCli(['tiers', ...AGENCY, '--month', '2020-07', '--victims', '--format', 'xlsx', '-o', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${out}.provenance.json`)).toBe(false); // the provenance is in the Notes sheet
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['tier list', 'victim outreach', 'Notes']);

    const tiers = wb.getWorksheet('tier list')!;
    const header = (tiers.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['person_id', 'level', 'previous_level', 'change']);
    const col = (name: string) => header.indexOf(name) + 1;
    const ids = [2, 3, 4].map((r) => tiers.getRow(r).getCell(col('person_id')));
    expect(ids.map((c) => c.value)).toEqual(['007', '7', '0007']);
    for (const c of ids) expect(c.type).toBe(ExcelJS.ValueType.String);
    const date = tiers.getRow(2).getCell(col('last_incident_date'));
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect((date.value as Date).toISOString()).toBe('2020-07-04T00:00:00.000Z');
    expect(date.numFmt).toBe('yyyy-mm-dd');
    expect(tiers.getRow(4).getCell(col('last_notified_date')).value).toBeNull(); // 0007: never notified
    const days = tiers.getRow(4).getCell(col('days_since_level_set'));
    expect([days.type, days.value]).toEqual([ExcelJS.ValueType.Number, 153]);
    const due = tiers.getRow(4).getCell(col('notification_due'));
    expect([due.type, due.value]).toEqual([ExcelJS.ValueType.Boolean, true]);
    expect(tiers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(tiers.autoFilter).toBe(`A1:${tiers.getColumn(header.length).letter}1`);
    expect(tiers.getColumn(col('reason')).width).toBeGreaterThan(20);

    const outreach = wb.getWorksheet('victim outreach')!;
    expect((outreach.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['victim_id', 'person_id', 'level']);
    expect([2, 3, 4].map((r) => outreach.getRow(r).getCell(2).value)).toEqual(['007', '7', '0007']);
    expect(outreach.getRow(3).getCell(6).value).toBe(
      'VICTIM NOT CONTACTED BEFORE the B-level notification of 2020-07-01',
    );

    const notes: string[][] = [];
    wb.getWorksheet('Notes')!.eachRow((row) =>
      notes.push(
        (row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? ''))),
      ),
    );
    expect(notes).toContainEqual(['tier list', 'IPVI tier list for 2020-07']);
    expect(notes.some(([s, n]) => s === 'victim outreach' && /victim safety rule/.test(n))).toBe(true);
    expect(notes).toContainEqual(['command', 'tiers --victims']);
    expect(notes).toContainEqual(['options.month', '2020-07']);
    expect(notes.some(([k, v]) => k === 'inputs.incidents.sha256' && /^[0-9a-f]{64}$/.test(v))).toBe(true);
  }, 60_000);

  it('no formula can be injected: a cell starting with = is a text value', async () => {
    const dir = tmp();
    const inc = join(dir, 'inc.csv');
    writeFileSync(
      inc,
      'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency\n' +
        '=1+1,2023-01-05,0255,=HYPERLINK("http://x"),SP,PL 120,true,false,false,false,false,=cmd\n',
    );
    const out = join(dir, 'alerts.xlsx');
    const r = runCli(['alerts', '--incidents', inc, '--since', '2023-01-01', '--format', 'xlsx', '-o', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0];
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const values = cells.map((c) => c.value);
    expect(values).toContain('=1+1');
    expect(values).toContain('0255');
  }, 60_000);

  it('xlsx to a terminal is refused; every table command offers it', () => {
    const r = runCli(['recidivism', ...DEMO, '--format', 'xlsx', '-q']);
    expect(r.code, r.stderr).toBe(0); // piped: the bytes go to stdout
    expect(r.stdout.slice(0, 2)).toBe('PK');
  });
});
