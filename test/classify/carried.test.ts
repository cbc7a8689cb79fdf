/**
 * Carried columns (src/classify/carried.ts, docs/config.md#carry), in this
 * process: which value each list row gets, where the columns go, and the
 * notes. test/cli/carry.test.ts checks the same through the built binary;
 * these run the code in this process, so a change to carried.ts that breaks a
 * value, an order or a note fails here too (and mutation testing sees it).
 */
import { describe, expect, it } from 'vitest';
import { CarriedNameClash, carriedNames, carriedValues, withCarried } from '../../src/classify/carried.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/ingest/read.js';
import type { Dataset, Day, Table } from '../../src/model.js';
import { parseIsoDay } from '../../src/dates.js';
import { fixture, runInProcess } from '../helpers/run-cli.js';

const CARRY = [
  '--incidents',
  fixture('carry/incidents.csv'),
  '--notifications',
  fixture('carry/notifications.csv'),
  '--config',
  fixture('carry/config.yaml'),
  '--no-cache',
];
const NAMES = ['suspect_name', 'suspect_dob', 'address', 'victim_name', 'notifying_officer'];

interface Doc {
  columns: string[];
  rows: Record<string, string | number | null>[];
  notes: string[];
}

async function json(args: string[]): Promise<Doc> {
  const r = await runInProcess([...args, ...CARRY, '--format', 'json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

const byPerson = (doc: Doc) => new Map(doc.rows.map((r) => [String(r.person_id), r]));

describe('carried values, in this process', () => {
  it("tiers: each person's latest value on or before the month end that has one, right after person_id", async () => {
    const doc = await json(['tiers', '--month', '2023-12']);
    const at = doc.columns.indexOf('person_id');
    expect(doc.columns.slice(at, at + 6)).toEqual(['person_id', ...NAMES]);
    const by = byPerson(doc);
    // 0255: the latest incident (2023-11-20) has no name: the earlier one's name; its own address
    expect(by.get('0255')).toMatchObject({
      suspect_name: 'Sam Carver',
      suspect_dob: '1985-03-02',
      address: '7 Pine Rd',
      victim_name: 'Lee Ames',
      notifying_officer: 'Ofc. Lin',
    });
    // 0420: the 2024-01-09 incident is after the month end; N/A falls back to the earlier DOB
    expect(by.get('0420')).toMatchObject({
      suspect_name: 'Jordan Reyes',
      suspect_dob: '1979-07-04',
      address: '3 Main St, Apt 2',
      notifying_officer: 'Ofc. Diaz',
    });
    // never notified: no officer
    expect(by.get('0310')).toMatchObject({ suspect_name: 'Dana Whitlock', notifying_officer: '' });
    expect(doc.notes).toContain(
      "carried columns (config carry:, text as exported; docs/methods.md#output): suspect_name, suspect_dob, address, victim_name: from the person's latest incident dated on or before 2023-12-31 that has a value; notifying_officer: from the person's latest notification dated on or before 2023-12-31 that has a value",
    );
  });

  it('a later month sees the later incident; an earlier one sees none of the later ones', async () => {
    expect(byPerson(await json(['tiers', '--month', '2024-01'])).get('0420')).toMatchObject({
      suspect_name: 'Jordan Q. Reyes',
      address: '5 New St',
    });
    // as of 2023-02-28 only 0255's first incident and 0420's first are in view; 0255 was notified 2023-02-01
    const feb = byPerson(await json(['classify', '--as-of', '2023-02-28']));
    expect(feb.get('0255')).toMatchObject({ address: '12 Elm St', notifying_officer: 'Ofc. Lin' });
    // 0420's notification (2023-03-01) is the day after: not yet carried
    expect(feb.get('0420')).toMatchObject({ suspect_name: '=HYPERLINK("http://x")', notifying_officer: '' });
  });

  it("the outreach list: a victim row's values come from that pair's incidents, else the person's latest", async () => {
    const doc = await json(['tiers', '--month', '2023-12', '--victims']);
    const v1 = doc.rows.find((r) => r.victim_id === 'V-01')!;
    const v2 = doc.rows.find((r) => r.victim_id === 'V-02')!;
    expect([v1.victim_name, v1.address, v1.suspect_name]).toEqual(['Robin Carver', '40 Oak Ave', 'Sam Carver']);
    expect([v2.victim_name, v2.address, v2.suspect_name]).toEqual(['Lee Ames', '7 Pine Rd', 'Sam Carver']);
    expect(
      doc.notes.some((n) =>
        n.includes(
          "(on a victim row, the latest incident of that person with that victim that has one, else the person's latest)",
        ),
      ),
    ).toBe(true);
  });
});

describe('withCarried and carriedValues', () => {
  async function load(): Promise<Dataset> {
    const { dataset } = await loadDataset({
      incidents: fixture('carry/incidents.csv'),
      notifications: fixture('carry/notifications.csv'),
      config: loadConfig(fixture('carry/config.yaml')),
    });
    return dataset;
  }
  const day = (s: string) => parseIsoDay(s) as Day;

  it('a dataset without carried columns, or a table without subjects, is returned as it is', async () => {
    const ds = await load();
    const idx = buildPersonIndex(ds);
    const table: Table = { columns: [{ key: 'person_id', kind: 'text' }], rows: [], notes: [] } as unknown as Table;
    expect(withCarried(table, ds, idx, false)).toBe(table);
    const plain = { ...ds, carried: undefined } as Dataset;
    const listed = {
      ...table,
      subjects: { person: [0], asOf: day('2023-12-31') },
      rows: [{ person_id: '0255' }],
    } as unknown as Table;
    expect(withCarried(listed, plain, idx, false)).toBe(listed);
    expect(carriedNames(plain)).toEqual([]);
    expect(carriedValues(plain, idx, { person: [0, 1], asOf: day('2023-12-31') } as never)).toEqual([[], []]);
  });

  it('pseudonymized: no carried column, a note naming them; a name clash is an error naming the columns', async () => {
    const ds = await load();
    const idx = buildPersonIndex(ds);
    const p = ds.persons.values.indexOf('0255');
    const table = {
      columns: [
        { key: 'person_id', kind: 'text' },
        { key: 'level', kind: 'text' },
      ],
      rows: [{ person_id: '0255', level: 'C' }],
      notes: ['first'],
      subjects: { person: [p], asOf: day('2023-12-31') },
    } as unknown as Table;
    const pseudo = withCarried(table, ds, idx, true);
    expect(pseudo.columns).toEqual(table.columns);
    expect(pseudo.rows).toBe(table.rows);
    expect(pseudo.notes).toEqual([
      'first',
      'the carried columns (suspect_name, suspect_dob, address, victim_name, notifying_officer; config carry:) are left out: --pseudonymize is on, and they name people',
    ]);
    const clash = { ...table, columns: [...table.columns, { key: 'address', kind: 'text' }] } as unknown as Table;
    let caught: unknown;
    try {
      withCarried(clash, ds, idx, false);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CarriedNameClash);
    expect((caught as CarriedNameClash).carried).toBe('address');
    expect((caught as CarriedNameClash).columns).toEqual(['person_id', 'level', 'address']);
    expect((caught as Error).message).toBe("the carried column 'address' has the name of a column of this list");
  });

  it('columns after person_id (at the end without one); rows keep their cells; an unbounded date is not named', async () => {
    const ds = await load();
    const idx = buildPersonIndex(ds);
    const p = ds.persons.values.indexOf('0255');
    const q = ds.persons.values.indexOf('0420');
    const table = {
      columns: [
        { key: 'level', kind: 'text' },
        { key: 'person_id', kind: 'text' },
        { key: 'rule', kind: 'text' },
      ],
      rows: [
        { level: 'C', person_id: '0255', rule: 'r1' },
        { level: 'B', person_id: '0420', rule: 'r2' },
        { level: 'B', person_id: '0255', rule: 'r3' },
      ],
      notes: [],
      subjects: { person: [p, q, p], asOf: Number.POSITIVE_INFINITY },
    } as unknown as Table;
    const out = withCarried(table, ds, idx, false);
    expect(out.columns.map((c) => c.key)).toEqual(['level', 'person_id', ...NAMES, 'rule']);
    expect(out.columns.slice(2, 7).every((c) => c.kind === 'text')).toBe(true);
    expect(out.rows[0]).toEqual({
      level: 'C',
      person_id: '0255',
      rule: 'r1',
      suspect_name: 'Sam Carver',
      suspect_dob: '1985-03-02',
      address: '7 Pine Rd',
      victim_name: 'Lee Ames',
      notifying_officer: 'Ofc. Lin',
    });
    // no date limit: 0420's 2024 incident counts
    expect(out.rows[1]).toMatchObject({ suspect_name: 'Jordan Q. Reyes', address: '5 New St' });
    expect(out.rows[2]).toEqual({ ...out.rows[0], level: 'B', rule: 'r3' });
    expect(out.notes).toEqual([
      "carried columns (config carry:, text as exported; docs/methods.md#output): suspect_name, suspect_dob, address, victim_name: from the person's latest incident that has a value; notifying_officer: from the person's latest notification that has a value",
    ]);
    // the input table is left as it was
    expect(table.rows[0]).toEqual({ level: 'C', person_id: '0255', rule: 'r1' });
    const noId = withCarried({ ...table, columns: table.columns.filter((c) => c.key !== 'person_id') }, ds, idx, false);
    expect(noId.columns.map((c) => c.key)).toEqual(['level', 'rule', ...NAMES]);
  });

  it('a victim row takes the pair first, a person beyond the index gets blanks', async () => {
    const ds = await load();
    const idx = buildPersonIndex(ds);
    const p = ds.persons.values.indexOf('0255');
    const v1 = ds.victims.values.indexOf('V-01');
    const asOf = day('2023-12-31');
    const values = carriedValues(ds, idx, { person: [p, p, idx.persons], victim: [v1, -1, -1], asOf } as never);
    expect(values[0]).toEqual(['Sam Carver', '1985-03-02', '40 Oak Ave', 'Robin Carver', 'Ofc. Lin']);
    expect(values[1]).toEqual(['Sam Carver', '1985-03-02', '7 Pine Rd', 'Lee Ames', 'Ofc. Lin']);
    expect(values[2]).toEqual(['', '', '', '', '']);
    // before the first incident: nothing yet
    expect(carriedValues(ds, idx, { person: [p], asOf: day('2023-01-04') } as never)[0]).toEqual(['', '', '', '', '']);
    // on the incident's day: it counts
    expect(carriedValues(ds, idx, { person: [p], asOf: day('2023-01-05') } as never)[0]).toEqual([
      'Sam Carver',
      '1985-03-02',
      '12 Elm St',
      'Robin Carver',
      '',
    ]);
  });
});
