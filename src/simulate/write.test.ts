import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadConfig } from '../config/load.js';
import { parseIsoDay } from '../dates.js';
import { loadDataset } from '../ingest/read.js';
import { UsageError } from '../errors.js';
import { simulate, type SimulateOptions } from './generate.js';
import { writeSimulation } from './write.js';
import { runSimulate, simulateCommand, simulateCommandLine } from '../cli/commands/simulate.js';
import { stderr } from '../cli/terminal.js';

const day = (s: string) => parseIsoDay(s)!;
const OPTS: SimulateOptions = {
  persons: 400,
  seed: 42,
  start: day('2019-01-01'),
  end: day('2023-12-31'),
  launch: day('2020-01-01'),
};

let dir: string;
let out: string;
let result: Awaited<ReturnType<typeof writeSimulation>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ipvi-simulate-'));
  out = join(dir, 'new', 'folder'); // created when missing
  result = await writeSimulation({
    ...OPTS,
    out,
    messy: true,
    commandLine: 'ipvi simulate --persons 400 --seed 42 …',
    chunkRows: 100,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (...p: string[]) => readFileSync(join(out, ...p), 'utf8');

describe('writeSimulation: canonical files', () => {
  it('writes the files and nothing else (no temporary files left)', () => {
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'incidents.csv', 'messy', 'notifications.csv']);
    expect(readdirSync(join(out, 'messy')).sort()).toEqual(['config.yaml', 'incidents.csv', 'notifications.csv']);
    expect(result.files).toHaveLength(6);
  });

  it('has exactly the canonical columns and the same rows as simulate()', () => {
    const mem = simulate(OPTS);
    const inc = parse(read('incidents.csv'), { columns: true }) as Record<string, string>[];
    expect(read('incidents.csv').split('\n')[0]).toBe(
      'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency',
    );
    expect(inc).toEqual(mem.incidents);
    const not = parse(read('notifications.csv'), { columns: true }) as Record<string, string>[];
    expect(read('notifications.csv').split('\n')[0]).toBe('person_id,notification_date,level,type,victim_contact_date');
    expect(not).toEqual(mem.notifications); // both sorted by date, stable
    expect(result.summary).toEqual(mem.summary);
  });

  it('reads back through ingest with no errors, IDs kept as strings', async () => {
    const r = await loadDataset({
      incidents: join(out, 'incidents.csv'),
      notifications: join(out, 'notifications.csv'),
      config: loadConfig(),
    });
    expect(r.log.errors).toBe(0);
    expect(r.dataset.counts.incidents.accepted).toBe(result.summary.incidentRows);
    expect(r.dataset.counts.notifications!.accepted).toBe(result.summary.notificationRows);
    expect(r.dataset.persons.get('007')).toBeDefined();
    expect(r.dataset.persons.get('7')).toBeDefined();
    // the only warnings are the victim-safety ones the simulator plants
    expect([...r.log.countsByCode.keys()]).toEqual(['victim_safety']);
  });

  it('is byte-for-byte reproducible', async () => {
    const again = join(dir, 'again');
    await writeSimulation({ ...OPTS, out: again, messy: true, commandLine: 'ipvi simulate --persons 400 --seed 42 …' });
    for (const f of [
      'incidents.csv',
      'notifications.csv',
      'messy/incidents.csv',
      'messy/notifications.csv',
      'messy/config.yaml',
    ]) {
      expect(readFileSync(join(again, f)), f).toEqual(readFileSync(join(out, f)));
    }
    // README.txt differs only in the folder named in its examples
    expect(readFileSync(join(again, 'README.txt'), 'utf8').replaceAll(again, 'DIR')).toBe(
      read('README.txt').replaceAll(out, 'DIR'),
    );
  });

  it('README says the data is synthetic and how it was made', () => {
    const text = read('README.txt');
    expect(text).toMatch(/^SYNTHETIC DATA/);
    expect(text).toContain('ipvi simulate --persons 400 --seed 42');
    expect(text).toContain('Seed:      42');
    expect(text).toContain(`Incident rows:  ${result.summary.incidentRows}`);
  });
});

describe('writeSimulation: messy files', () => {
  it('uses a BOM, semicolons, CRLF, agency column names and quoted free text', () => {
    const text = read('messy', 'incidents.csv');
    expect(
      text.startsWith(
        '\uFEFFDIR Number;Rpt Date;Pct;Officer;Suspect ID;Victim ID;Rel Code;Charge;Arrest Y/N;Injury;Weapon Used;Strangulation;Felony Y/N;Narrative\r\n',
      ),
    ).toBe(true);
    expect(text).toMatch(/;"[^"]*\n[^"]*"\r\n/); // a quoted narrative with a line break
    expect(text).toContain('""'); // an escaped quote
    expect(text).toMatch(/\d\d\/\d\d\/\d{4} \d\d:\d\d;/); // a date with a time part
    expect(text).toMatch(/;Y;/);
    const notes = read('messy', 'notifications.csv');
    expect(notes.startsWith('\uFEFFSubject ID;Tier;Notif Date;Method;Victim Contact;Notes\r\n')).toBe(true);
    expect(notes).toContain(';Level B;');
  });

  it('its config parses with loadConfig', () => {
    const config = loadConfig(join(out, 'messy', 'config.yaml'));
    expect(config.incidents.columns.incident_id).toBe('DIR Number');
    expect(config.incidents.delimiter).toBe(';');
    expect(config.incidents.dateFormats).toEqual(['MM/dd/yyyy']);
    expect([...config.incidents.ipvRelationships!].sort()).toEqual(['bf', 'dt', 'gf', 's', 'x']);
    expect(config.notifications.levels.get('level a')).toBe(4);
    expect(config.coverage).toEqual({ start: OPTS.start, end: OPTS.end });
  });

  it('reads back to the same data as the canonical files, minus the family (non-IPV) rows', async () => {
    const config = loadConfig(join(out, 'messy', 'config.yaml'));
    const messy = await loadDataset({
      incidents: join(out, 'messy', 'incidents.csv'),
      notifications: join(out, 'messy', 'notifications.csv'),
      config,
    });
    expect(messy.log.errors).toBe(0);
    const counts = messy.dataset.counts.incidents;
    expect(counts.excluded).toBe(result.summary.nonIpvRows);
    expect(counts.excluded).toBeGreaterThan(0);
    expect(counts.accepted).toBe(result.summary.incidentRows - result.summary.nonIpvRows);
    expect(messy.dataset.counts.notifications!.accepted).toBe(result.summary.notificationRows);
    // IPV-filter exclusions are notes (facts), not warnings (issue 11)
    expect([...messy.log.countsByCode.keys()].sort()).toEqual(['victim_safety']);
    expect(messy.log.noteTotal('ipv_excluded')).toBeGreaterThan(0);

    const canonical = await loadDataset({
      incidents: join(out, 'incidents.csv'),
      notifications: join(out, 'notifications.csv'),
      config: loadConfig(),
    });
    const key = (ds: typeof canonical.dataset, i: number) => {
      const inc = ds.incidents;
      return [
        ds.incidentIds.values[inc.incidentId[i]],
        ds.persons.values[inc.person[i]],
        inc.day[i],
        inc.flags[i],
        ds.strings.values[inc.offense[i]],
        ds.strings.values[inc.agency[i]],
      ].join('|');
    };
    const family = new Set(['PARENT', 'CHILD', 'SIB', 'RELATIVE']);
    const c = canonical.dataset;
    const expected: string[] = [];
    for (let i = 0; i < c.incidents.length; i++)
      if (!family.has(c.strings.values[c.incidents.relationship[i]])) expected.push(key(c, i));
    const got: string[] = [];
    for (let i = 0; i < messy.dataset.incidents.length; i++) got.push(key(messy.dataset, i));
    expect(got).toEqual(expected);
    const nkey = (ds: typeof c, i: number) =>
      [
        ds.persons.values[ds.notifications.person[i]],
        ds.notifications.day[i],
        ds.notifications.level[i],
        ds.notifications.victimContactDay[i],
      ].join('|');
    expect(Array.from({ length: messy.dataset.notifications.length }, (_, i) => nkey(messy.dataset, i))).toEqual(
      Array.from({ length: c.notifications.length }, (_, i) => nkey(c, i)),
    );
  });
});

describe('simulate command', () => {
  it('writes the files from the command line and records a reproducible command', async () => {
    stderr.quiet = true;
    try {
      const target = join(dir, 'cli');
      await simulateCommand()
        .exitOverride()
        .parseAsync([
          'node',
          'simulate',
          '--persons',
          '50',
          '--seed',
          '3',
          '--out',
          target,
          '--start',
          '2021-01-01',
          '--end',
          '2021-12-31',
        ]);
      const readme = readFileSync(join(target, 'README.txt'), 'utf8');
      expect(readme).toContain(
        `ipvi simulate --persons 50 --seed 3 --start 2021-01-01 --end 2021-12-31 --out ${target}`,
      );
      const rows = parse(readFileSync(join(target, 'incidents.csv'), 'utf8'), { columns: true }) as {
        incident_date: string;
      }[];
      expect(rows.every((r) => r.incident_date >= '2021-01-01' && r.incident_date <= '2021-12-31')).toBe(true);
    } finally {
      stderr.quiet = false;
    }
  });

  it('rejects bad options with usage errors', async () => {
    const base = { persons: '10', seed: '1', out: join(dir, 'bad'), start: '2019-01-01', end: '2023-12-31' };
    await expect(runSimulate({ ...base, seed: 'x' })).rejects.toThrow(UsageError);
    await expect(runSimulate({ ...base, seed: '-3' })).rejects.toThrow(/--seed/);
    await expect(runSimulate({ ...base, persons: '0' })).rejects.toThrow(/--persons/);
    await expect(runSimulate({ ...base, start: '2024-01-01' })).rejects.toThrow(/after --end/);
    await expect(runSimulate({ ...base, end: '2023-02-30' })).rejects.toThrow(/not a date/);
    await expect(runSimulate({ ...base, effect: '0' })).rejects.toThrow(/--effect/);
  });

  it('refuses an --out that is a file', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    await expect(
      runSimulate({ persons: '10', seed: '1', out: file, start: '2019-01-01', end: '2023-12-31' }),
    ).rejects.toThrow(UsageError);
  });

  it('quotes an --out path with spaces in the recorded command', () => {
    expect(
      simulateCommandLine({
        persons: 5,
        seed: 1,
        start: day('2019-01-01'),
        end: day('2019-12-31'),
        effect: 0.5,
        messy: true,
        out: 'my data',
      }),
    ).toBe("ipvi simulate --persons 5 --seed 1 --start 2019-01-01 --end 2019-12-31 --messy --out 'my data'");
  });
});
