/**
 * Carried columns (config `carry:`, docs/config.md#carry): the operational
 * lists show each person's latest value after person_id with a note, in
 * every format; the outreach list takes a victim's values from that pair's
 * incidents; --pseudonymize leaves them out; the values are text (escaped on
 * a terminal, neutralised in CSV, text cells in xlsx); aggregates, the report
 * and batch never contain them; the snapshot follows a change of `carry:`;
 * config mistakes are clear errors.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ROOT, fixture, folderData, runCli } from '../helpers/run-cli.js';

const CARRY = [
  '--incidents',
  fixture('carry/incidents.csv'),
  '--notifications',
  fixture('carry/notifications.csv'),
  '--config',
  fixture('carry/config.yaml'),
];
const tmp = () => mkdtempSync(join(tmpdir(), 'ipvi-carry-'));

function csvRows(args: string[]): Record<string, string>[] {
  const r = runCli([...args, '--format', 'csv', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout, { columns: true, bom: true }) as Record<string, string>[];
}

const NAMES = ['suspect_name', 'suspect_dob', 'address', 'victim_name', 'notifying_officer'];

describe('carried columns in the lists', () => {
  it("tiers: each person's latest value on or before the month end that has one, after person_id", () => {
    const rows = csvRows(['tiers', ...CARRY, '--month', '2023-12']);
    expect(Object.keys(rows[0]).slice(0, 6)).toEqual(['person_id', ...NAMES]);
    const by = new Map(rows.map((r) => [r.person_id, r]));
    // 0255's latest incident (2023-11-20) has a blank name: the name of the one before; its own address
    expect(by.get('0255')).toMatchObject({
      suspect_name: 'Sam Carver',
      address: '7 Pine Rd',
      victim_name: 'Lee Ames',
      notifying_officer: 'Ofc. Lin',
    });
    // 0420: the 2024-01-09 incident is after the month end; N/A (a null spelling) falls back to the earlier DOB
    expect(by.get('0420')).toMatchObject({
      suspect_name: 'Jordan Reyes',
      suspect_dob: '1979-07-04',
      address: '3 Main St, Apt 2',
    });
    // leading zeros and text stay as written; a person never notified has no officer
    expect(by.get('0310')).toMatchObject({ suspect_dob: '1990-12-24', notifying_officer: '' });
    const text = runCli(['tiers', ...CARRY, '--month', '2023-12', '-q']).stdout;
    expect(text).toMatch(/carried columns \(config carry:.*latest incident dated on or before 2023-12-31/);
    expect(text).toMatch(/notifying_officer: from the person's latest notification/);
  });

  it('a later month sees the later incident', () => {
    const rows = csvRows(['tiers', ...CARRY, '--month', '2024-01']);
    expect(rows.find((r) => r.person_id === '0420')).toMatchObject({
      suspect_name: 'Jordan Q. Reyes',
      address: '5 New St',
    });
  });

  it("the outreach list: a victim row's incident values come from that person's incidents with that victim", () => {
    const rows = csvRows(['tiers', ...CARRY, '--month', '2023-12', '--victims']);
    const v1 = rows.find((r) => r.victim_id === 'V-01')!;
    const v2 = rows.find((r) => r.victim_id === 'V-02')!;
    expect([v1.victim_name, v1.address]).toEqual(['Robin Carver', '40 Oak Ave']);
    expect([v2.victim_name, v2.address]).toEqual(['Lee Ames', '7 Pine Rd']);
    // blank on the pair's incident: the person's latest value
    expect(v2.suspect_name).toBe('Sam Carver');
  });

  it('classify, alerts and history carry them too; --columns picks them', () => {
    const classify = csvRows(['classify', ...CARRY, '--as-of', '2024-01-31', '--columns', 'person_id,suspect_name']);
    expect(classify).toContainEqual({ person_id: '0420', suspect_name: 'Jordan Q. Reyes' });
    const alerts = csvRows(['alerts', ...CARRY, '--since', '2023-11-01']);
    expect(alerts.length).toBeGreaterThan(0);
    for (const r of alerts) expect(r.suspect_name).not.toBe('');
    const history = csvRows(['history', ...CARRY, '--person', '0255']);
    expect(history.every((r) => r.suspect_name === 'Sam Carver' && r.notifying_officer === 'Ofc. Lin')).toBe(true);
  });

  it('--pseudonymize leaves them out and says so', () => {
    const dir = tmp();
    const key = join(dir, 'key');
    writeFileSync(key, 'a-key-of-at-least-sixteen-bytes\n');
    for (const args of [
      ['tiers', '--month', '2023-12'],
      ['tiers', '--month', '2023-12', '--victims'],
      ['classify'],
      ['alerts', '--since', '2023-01-01'],
    ]) {
      const r = runCli([...args, ...CARRY, '--pseudonymize', key, '--format', 'json', '-q']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout) as { columns: string[]; notes: string[] };
      for (const n of NAMES) expect(doc.columns).not.toContain(n);
      expect(r.stdout).not.toMatch(/Carver|Reyes|Whitlock|Pine Rd|Ofc\./);
      expect(doc.notes.some((n) => n.includes('are left out: --pseudonymize is on'))).toBe(true);
    }
    // and asking for one by name is an unknown column
    const r = runCli(['tiers', ...CARRY, '--pseudonymize', key, '--columns', 'person_id,suspect_name', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown column 'suspect_name'");
  });
});

/** The carry fixture with hostile text in the latest incident of 0255. */
function hostileData(): string[] {
  const dir = tmp();
  const inc = readFileSync(fixture('carry/incidents.csv'), 'utf8').replace(
    '0103,2023-11-20,0255,V-02,GF,MENACING,true,false,false,false,false,PCT-1,,1985-03-02,7 Pine Rd,Lee Ames',
    '0103,2023-11-20,0255,V-02,GF,MENACING,true,false,false,false,false,PCT-1,"=HYPERLINK(""http://x"",""y"")",1985-03-02,"7 Pine Rd\u001b[2J\u202e",Lee Ames',
  );
  writeFileSync(join(dir, 'incidents.csv'), inc);
  return [
    '--incidents',
    join(dir, 'incidents.csv'),
    '--notifications',
    fixture('carry/notifications.csv'),
    '--config',
    fixture('carry/config.yaml'),
  ];
}

describe('carried values are text', () => {
  it('CSV neutralises a formula; a terminal table shows control and bidi characters escaped', () => {
    const data = hostileData();
    const csv = runCli(['tiers', ...data, '--month', '2023-12', '--format', 'csv', '-q']).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const text = runCli(['tiers', ...data, '--month', '2023-12', '--wide', '-q']).stdout;
    expect(text.includes('\u001b') || text.includes('\u202e')).toBe(false);
    expect(text).toContain('7 Pine Rd\\x1B[2J\\u202E');
  });

  it('xlsx: carried cells are text (a formula is not a formula, a date of birth is not a date)', async () => {
    const data = hostileData();
    const dir = tmp();
    const out = join(dir, 'unit.xlsx');
    const r = runCli(['tiers', ...data, '--month', '2023-12', '--victims', '--format', 'xlsx', '-o', out, '-q']);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    for (const name of ['tier list', 'victim outreach']) {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      for (const n of NAMES) expect(header, `${name}: ${n}`).toContain(n);
      const col = (n: string) => header.indexOf(n) + 1;
      for (let row = 2; row <= ws.rowCount; row++) {
        for (const n of ['suspect_name', 'suspect_dob', 'address']) {
          const c = ws.getRow(row).getCell(col(n));
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Null], `${name} row ${row} ${n}`).toContain(c.type);
        }
      }
      const person = (id: string) => {
        for (let row = 2; row <= ws.rowCount; row++)
          if (
            ws.getRow(row).getCell(col('person_id')).value === id &&
            ws.getRow(row).getCell(col('victim_name')).value !== 'Robin Carver'
          )
            return ws.getRow(row);
        throw new Error(`no row for ${id}`);
      };
      expect(person('0255').getCell(col('suspect_name')).value).toBe('=HYPERLINK("http://x","y")');
      expect(person('0310').getCell(col('suspect_dob')).value).toBe('1990-12-24');
    }
    const notes = wb.getWorksheet('Notes')!;
    const text: string[] = [];
    notes.eachRow((row) => text.push(String(row.getCell(2).value)));
    expect(text.some((t) => t.startsWith('carried columns (config carry:'))).toBe(true);
  });
});

/** The demo data with a carried name and officer column holding a marker that must never leave the lists. */
function demoWithCarry(): { dir: string; args: string[] } {
  const dir = tmp();
  const withColumn = (file: string, header: string, value: (cells: string[]) => string) => {
    const lines = readFileSync(fixture('demo', file), 'utf8').trimEnd().split('\n');
    return `${[`${lines[0]},${header}`, ...lines.slice(1).map((l) => `${l},${value(l.split(','))}`)].join('\n')}\n`;
  };
  writeFileSync(
    join(dir, 'incidents.csv'),
    withColumn('incidents.csv', 'Suspect Name', (c) => `ZQCARRY name ${c[2]}`),
  );
  writeFileSync(
    join(dir, 'notifications.csv'),
    withColumn('notifications.csv', 'Officer', () => 'ZQOFFICER'),
  );
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'name: Carry PD',
      'launch: 2020-01-01',
      'incidents:',
      '  carry:',
      '    suspect_name: Suspect Name',
      'notifications:',
      '  carry:',
      '    notifying_officer: Officer',
      '',
    ].join('\n'),
  );
  return { dir, args: folderData(dir) };
}

/** Every file under `dir`, as text. */
function allText(dir: string): string {
  let out = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    out += statSync(p).isDirectory() ? allText(p) : readFileSync(p, 'latin1');
  }
  return out;
}

describe('aggregates, the report and batch never contain carried values', () => {
  it('searched in every output', () => {
    const { dir, args } = demoWithCarry();
    // the marker is there to find: the list has it
    const list = runCli(['tiers', ...args, '--month', '2023-12', '--format', 'csv', '-q']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('ZQCARRY name');
    expect(list.stdout).toContain('ZQOFFICER');

    const outputs: string[] = [];
    for (const cmd of [
      ['prepost'],
      ['recidivism'],
      ['survival'],
      ['trend', '--launch', '2020-01-01'],
      ['fidelity'],
      ['compare'],
    ]) {
      // JSON holds everything the other formats show (rows, notes, meta, provenance)
      const r = runCli([...cmd, ...args, '--format', 'json', '-q']);
      expect(r.code, `${cmd[0]}: ${r.stderr}`).toBe(0);
      outputs.push(r.stdout);
    }
    const reports = join(dir, 'out');
    for (const format of ['html', 'md']) {
      const r = runCli(['report', ...args, '--appendix', '--format', format, '-o', join(reports, `r.${format}`), '-q']);
      expect(r.code, r.stderr).toBe(0);
    }
    writeFileSync(
      join(dir, 'manifest.yaml'),
      [
        'version: 1',
        'datasets:',
        '  - name: carry',
        '    incidents: incidents.csv',
        '    notifications: notifications.csv',
        '    config: config.yaml',
        'analyses:',
        '  - tiers: { month: [2023-12] }',
        '  - fidelity: {}',
        '  - prepost: { windows: [12] }',
        'report:',
        '  launch: 2020-01-01',
        '',
      ].join('\n'),
    );
    const batch = runCli(['batch', join(dir, 'manifest.yaml'), '-o', join(reports, 'batch')]);
    expect(batch.code, batch.stderr).toBe(0);
    const everything = outputs.join('\n') + allText(reports);
    expect(everything.length).toBeGreaterThan(100_000);
    expect(everything).not.toContain('ZQCARRY');
    expect(everything).not.toContain('ZQOFFICER');
    expect(everything).not.toMatch(/suspect_name|notifying_officer/);
  }, 240_000);
});

describe('the snapshot follows carry:', () => {
  it('another carry: is a fresh read; the first one is read back from its own snapshot', () => {
    const { dir, args } = demoWithCarry();
    const cache = join(dir, 'cache');
    const env = { IPVI_CACHE_DIR: cache, IPVI_CACHE_MIN_BYTES: '0' };
    const config = args[args.length - 1];
    const first = readFileSync(config, 'utf8');
    const name = (stdout: string) => (parse(stdout, { columns: true }) as Record<string, string>[])[0]?.suspect_name;
    const run = () => {
      const r = runCli(['tiers', ...args, '--month', '2023-12', '--format', 'csv', '--limit', '1', '-q'], { env });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    expect(name(run())).toMatch(/^ZQCARRY name /);
    expect(readdirSync(cache).filter((f) => f.endsWith('.ipvisnap'))).toHaveLength(1);
    // the same column name, now from another header: the values change
    writeFileSync(config, first.replace('suspect_name: Suspect Name', 'suspect_name: agency'));
    expect(name(run())).toMatch(/^PCT-/);
    expect(readdirSync(cache).filter((f) => f.endsWith('.ipvisnap'))).toHaveLength(2);
    writeFileSync(config, first);
    expect(name(run())).toMatch(/^ZQCARRY name /);
    expect(readdirSync(cache).filter((f) => f.endsWith('.ipvisnap'))).toHaveLength(2);
  });
});

describe('carry: mistakes', () => {
  const withConfig = (yaml: string) => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.yaml'), yaml);
    return [
      '--incidents',
      fixture('carry/incidents.csv'),
      '--notifications',
      fixture('carry/notifications.csv'),
      '--config',
      join(dir, 'config.yaml'),
    ];
  };

  it.each([
    [
      'a name with a space',
      'incidents:\n  carry:\n    Suspect Name: Suspect Name\n',
      /incidents\.carry\.Suspect Name: a carried column is named in lower case/,
    ],
    [
      'an input field',
      'incidents:\n  carry:\n    victim_id: Victim Name\n',
      /incidents\.carry\.victim_id: 'victim_id' is an input field/,
    ],
    [
      'one name from both files',
      'incidents:\n  carry:\n    officer: Suspect Name\nnotifications:\n  carry:\n    officer: Officer\n',
      /'officer' is carried from both files/,
    ],
    [
      'an empty header',
      'incidents:\n  carry:\n    suspect_name: ""\n',
      /incidents\.carry\.suspect_name: must not be empty/,
    ],
  ])('%s is a config error', (_label, yaml, message) => {
    const r = runCli(['tiers', ...withConfig(yaml), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a header the export does not have stops the file like a missing mapped column, with a did-you-mean', () => {
    const r = runCli(['validate', ...withConfig('incidents:\n  carry:\n    suspect_name: Suspect Nmae\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(
      /carried column 'Suspect Nmae' \(for suspect_name\) is not in the header; did you mean 'Suspect Name'\?/,
    );
  });

  it('a carried name that is a column of the list is a config error naming the list columns', () => {
    const r = runCli(['tiers', ...withConfig('incidents:\n  carry:\n    reason: Suspect Name\n'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/carry: the carried column 'reason' has the name of a column of this list/);
    expect(r.stderr).toContain('person_id, level');
  });
});

describe('no absolute path in a list file', () => {
  it('files given by absolute path are named relative to the working folder in the provenance and the Notes sheet', async () => {
    const dir = tmp();
    const csv = join(dir, 'lists', 'tiers.csv');
    const xlsx = join(dir, 'lists', 'tiers.xlsx');
    expect(runCli(['tiers', ...CARRY, '--format', 'csv', '--notes', '-o', csv, '-q']).code).toBe(0);
    expect(runCli(['tiers', ...CARRY, '--victims', '--format', 'xlsx', '-o', xlsx, '-q']).code).toBe(0);
    const json = runCli(['classify', ...CARRY, '--format', 'json', '-q']).stdout;
    const prov = JSON.parse(readFileSync(`${csv}.provenance.json`, 'utf8'));
    expect(prov.inputs.incidents.path).toBe('fixtures/carry/incidents.csv');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const notes: string[] = [];
    wb.getWorksheet('Notes')!.eachRow((row) => notes.push(`${row.getCell(1).value} ${row.getCell(2).value}`));
    for (const text of [JSON.stringify(prov), readFileSync(`${csv}.notes.txt`, 'utf8'), json, notes.join('\n')])
      expect(text).not.toContain(ROOT);
    expect(notes.join('\n')).toContain('inputs.incidents.path fixtures/carry/incidents.csv');
  });
});
