/**
 * Random input files for the reader's equivalence tests (test/perf/fast-ingest.test.ts,
 * test/perf/split-read.test.ts): rows full of the cells the decoders treat specially,
 * the configs they are read under, and everything parseInputs gives as plain data.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadConfig, type Config } from '../../src/config/load.js';
import type { ParsedInputs } from '../../src/ingest/read.js';

/** Everything parseInputs gives, as plain data (the SHA-256 and paths included). */
export function facts(p: ParsedInputs) {
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

export const pick = (good: string[], special: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 5 }, { arbitrary: fc.constantFrom(...special), weight: 1 });
const bool = pick(GOOD_BOOL, BOOL);
export const incidentRow = fc.tuple(
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
export const notificationRow = fc.tuple(
  pick(GOOD_ID, ID),
  pick(GOOD_DATE, DATE),
  pick(GOOD_LEVEL, LEVEL),
  pick(GOOD_TYPE, TYPE),
  pick(GOOD_DATE, DATE),
);
export const INCIDENT_HEADER =
  'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency';
export const NOTIFICATION_HEADER = 'person_id,notification_date,level,type,victim_contact_date';

/** CSV text: a cell is quoted when it must be, and sometimes when it need not be (such a row takes the string path). */
export function csv(header: string, rows: string[][], quoteAll: boolean[], eol: string, extra: string[]): string {
  const cell = (v: string, q: boolean) => (q || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r, i) =>
    r.map((v, k) => cell(v, quoteAll[i % quoteAll.length] && k === i % r.length)).join(','),
  );
  return [header, ...lines, ...extra].join(eol) + eol;
}

export const CONFIGS: Record<string, string> = {
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
/** The CONFIGS loaded (those with text written into `dir`). */
export function loadConfigs(dir: string): Record<string, Config> {
  const configs: Record<string, Config> = {};
  for (const [name, text] of Object.entries(CONFIGS)) {
    if (!text) configs[name] = loadConfig();
    else {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, `${text}\n`);
      configs[name] = loadConfig(file);
    }
  }
  return configs;
}

/** Every fixture folder holding both files, with its config (config.yaml there, else the defaults). */
export function fixturePairs(root = 'fixtures'): [string, Config][] {
  const pairs: [string, Config][] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
    }
    if (existsSync(join(d, 'incidents.csv')) && existsSync(join(d, 'notifications.csv'))) {
      const cfg = existsSync(join(d, 'config.yaml')) ? loadConfig(join(d, 'config.yaml')) : loadConfig();
      pairs.push([d, cfg]);
    }
  };
  walk(root);
  return pairs;
}
