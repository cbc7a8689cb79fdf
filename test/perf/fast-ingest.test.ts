/**
 * The byte path of the reader (rows without quotes decoded from their bytes:
 * IDs interned from bytes, dates, booleans and codes through caches keyed by
 * the cell's bytes — src/ingest/row-decoder.ts, parse.ts) against the
 * reference (csv-parse and the string decoders for every row): on every
 * fixture pair and on random files full of the cells the decoders treat
 * specially — `007` and `7`, spaces to trim, "no value" spellings, NFC and
 * invisible characters, lookalike scripts, over-long IDs, bad and
 * implausible dates, unknown booleans and levels, duplicate keys, quoted
 * cells — both give the same pools, columns, counts, carried text, issues,
 * notes, excluded rows and rejected rows.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { compileFlagDeriver } from '../../src/classify/flags.js';
import { parseInputs, type ParsedInputs } from '../../src/ingest/read.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-fastingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Everything parseInputs gives, as plain data (the SHA-256 and paths included). */
function facts(p: ParsedInputs) {
  const cols = (o: object) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v]),
    );
  const nested = (m: Map<string, Map<string, number>>) => [...m].map(([k, v]) => [k, [...v]]);
  return {
    persons: p.persons.values,
    victims: p.victims.values,
    incidentIds: p.incidentIds.values,
    strings: p.strings.values,
    incidents: cols(p.incidents),
    notifications: cols(p.notifications),
    files: p.files,
    counts: p.counts,
    carried: {
      names: p.carried.incidents.names,
      inc: Array.from(p.carried.incidents.cells),
      not: Array.from(p.carried.notifications.cells),
      pool: p.carried.pool.values,
    },
    errors: p.log.errorList,
    warnings: p.log.warningList,
    byCode: [...p.log.countsByCode],
    notes: nested(p.log.notes),
    excludedSuspects: nested(p.log.excludedSuspects),
    excludedLines: [...p.log.excludedLines],
    rejected: p.rejected,
  };
}

async function both(incidents: string, notifications: string, config: Config, chunkBytes?: number) {
  const base = { incidents, notifications, config, compileFlags: compileFlagDeriver, keepRejected: true };
  const reference = facts(await parseInputs({ ...base, reader: 'reference' }));
  const fast = facts(await parseInputs({ ...base, reader: 'fast', chunkBytes }));
  expect(fast).toEqual(reference);
  return reference;
}

// cells the decoders treat specially, and (more often, so that rows are accepted and IDs repeat) plain good ones
const ID = [
  '007',
  '7',
  ' 7',
  '7 ',
  'N/A',
  'na',
  'NULL',
  '-',
  'é1',
  'e\u03011',
  '\u00e91',
  '\u200b7',
  'P1\u041e0',
  '',
  'A B',
  'toolongid123456',
  'x"y',
  'a,b',
  'Unknown',
  'K\u212a',
];
const GOOD_ID = ['7', '007', 'DIR-1', 'DIR-2', 'P100', 'é1', 'k'];
const DATE = [
  '2021-02-30',
  '01/05/2021',
  '2021-01-05 13:45',
  ' 2021-01-05',
  '',
  'NA',
  '1899-01-01',
  '2099-01-01',
  '2021-1-5',
  '20210105',
  '2021-01-05T10:00',
  '05.01.2021',
  '2021/01/05',
];
const GOOD_DATE = ['2021-01-05', '2022-06-25', '2021-01-06'];
const BOOL = ['TRUE', 'yes', 'no', 'Y', 'N', '', 'N/A', 'maybe', ' yes', '1', '0', 'Ja'];
const GOOD_BOOL = ['true', 'false'];
const REL = ['BF', 'PARENT', '', ' SP', 'sp', 'N/A', 'na', 'Família'];
const GOOD_REL = ['SP', 'EX'];
const OFFENSE = ['PL 120.00', 'N/A', '-', '120.05', 'felony-x', 'NONE'];
const GOOD_OFFENSE = ['', 'PL', 'N/A'];
const AGENCY = ['', 'N/A', 'SHERIFF-LONG', ' KPD '];
const GOOD_AGENCY = ['KPD', 'PCT-02', 'N/A'];
const LEVEL = ['a', 'Z', '', ' B', 'N/A', 'Level A'];
const GOOD_LEVEL = ['A', 'B', 'C', 'D'];
const TYPE = ['', ' letter', 'N/A'];
const GOOD_TYPE = ['letter', 'face_to_face'];

const pick = (good: string[], special: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 5 }, { arbitrary: fc.constantFrom(...special), weight: 1 });
const bool = pick(GOOD_BOOL, BOOL);
const incidentRow = fc.tuple(
  pick(GOOD_ID, ID),
  pick(GOOD_DATE, DATE),
  pick(GOOD_ID, ID),
  pick(GOOD_ID, ID),
  pick(GOOD_REL, REL),
  pick(GOOD_OFFENSE, OFFENSE),
  bool,
  bool,
  bool,
  bool,
  bool,
  pick(GOOD_AGENCY, AGENCY),
);
const notificationRow = fc.tuple(
  pick(GOOD_ID, ID),
  pick(GOOD_DATE, DATE),
  pick(GOOD_LEVEL, LEVEL),
  pick(GOOD_TYPE, TYPE),
  pick(GOOD_DATE, DATE),
);
const INCIDENT_HEADER =
  'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency';
const NOTIFICATION_HEADER = 'person_id,notification_date,level,type,victim_contact_date';

/** CSV text: a cell is quoted when it must be, and sometimes when it need not be (such a row takes the string path). */
function csv(header: string, rows: string[][], quoteAll: boolean[], eol: string, extra: string[]): string {
  const cell = (v: string, q: boolean) => (q || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r, i) =>
    r.map((v, k) => cell(v, quoteAll[i % quoteAll.length] && k === i % r.length)).join(','),
  );
  return [header, ...lines, ...extra].join(eol) + eol;
}

const CONFIGS: Record<string, string> = {
  default: '',
  strict: [
    'version: 1',
    'checks: { max_id_length: 6, earliest_date: 2000-01-01, latest_date: 2030-12-31 }',
    'incidents:',
    '  ipv_relationships: [SP, EX, BF]',
    '  null_values: [NA, "-", unknown, "k"]',
    '  booleans: { "true": [yes, Y, "1"], "false": [no, N, "0", ""] }',
    'notifications:',
    '  date_formats: ["MM/dd/yyyy", "yyyy-MM-dd"]',
    '  levels: { A: [A, Level A], B: [B], C: [C], D: [D] }',
  ].join('\n'),
};
const configs: Record<string, Config> = {};
for (const [name, text] of Object.entries(CONFIGS)) {
  if (!text) configs[name] = loadConfig();
  else {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `${text}\n`);
    configs[name] = loadConfig(file);
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

describe('byte path of the reader = string path', () => {
  it('on random files of special cells, with either config, LF or CR LF, in random chunks', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentRow, { maxLength: 40 }),
        fc.array(notificationRow, { maxLength: 15 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(...Object.keys(configs)),
        fc.integer({ min: 1, max: 64 }),
        fc.subarray([',,,,,,,,,,,', '', ' , ,,,,,,,,,,', 'short,row']),
        async (inc, not, quote, eol, config, chunk, extra) => {
          // a duplicate (incident, suspect) key now and then: repeat the first row
          const rows = inc.length > 2 ? [...inc, inc[0]] : inc;
          const ip = join(dir, `i${n}.csv`);
          const np = join(dir, `n${n++}.csv`);
          writeFileSync(ip, csv(INCIDENT_HEADER, rows, quote, eol, extra));
          writeFileSync(np, csv(NOTIFICATION_HEADER, not, quote, eol, []));
          await both(ip, np, configs[config], chunk);
          rmSync(ip);
          rmSync(np);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps 007 and 7 apart, trims " 7" to 7, reads N/A as blank and names the duplicate key', async () => {
    const ip = join(dir, 'pins-i.csv');
    const np = join(dir, 'pins-n.csv');
    writeFileSync(
      ip,
      [
        INCIDENT_HEADER,
        'I1,2021-01-05,007,V1,SP,,false,false,false,false,false,KPD',
        'I2,2021-01-06,7,V1,SP,,false,false,false,false,false,KPD',
        'I3,2021-01-07, 7,V1,SP,N/A,false,false,false,false,false,KPD',
        'I1,2021-01-05,007,V1,SP,,false,false,false,false,false,KPD',
        'I4,2021-01-08,N/A,V1,SP,,false,false,false,false,false,KPD',
        'I5,2021-01-09,7,V1,SP,N/A,false,false,false,false,false,KPD',
      ].join('\n') + '\n',
    );
    writeFileSync(
      np,
      `${NOTIFICATION_HEADER}\n7,2021-02-01,B,letter,\n007,2021-02-01,B,letter,\n7,2021-02-01,B,letter,\n`,
    );
    const r = await both(ip, np, configs.default);
    expect(r.persons).toEqual(['007', '7']);
    expect(r.incidents.person).toEqual([0, 1, 1, 1]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'duplicate_key'],
      [6, 'blank_required'],
    ]);
    expect(r.errors[0].message).toBe('incident I1 with suspect 007 already appears on line 2');
    expect(r.warnings.map((w) => [w.line, w.code, w.message])).toEqual([
      [4, 'duplicate_notification', expect.stringContaining('person 7, B, same date')],
    ]);
    expect(r.notes).toContainEqual(['null_value', [['offense', 2]]]);
  });

  it('on every fixture pair (with its config)', { timeout: 300_000 }, async () => {
    const pairs: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
      }
      if (existsSync(join(d, 'incidents.csv')) && existsSync(join(d, 'notifications.csv'))) pairs.push(d);
    };
    walk('fixtures');
    expect(pairs.length).toBeGreaterThan(3);
    for (const d of pairs) {
      const cfg = existsSync(join(d, 'config.yaml')) ? loadConfig(join(d, 'config.yaml')) : loadConfig();
      for (const chunk of [undefined, 997])
        await both(join(d, 'incidents.csv'), join(d, 'notifications.csv'), cfg, chunk);
    }
  });
});
