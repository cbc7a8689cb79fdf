/**
 * Write a simulation to a folder: canonical CSVs (docs/methods.md#data), and with
 * `messy` the same data as an agency would export it, with the config that
 * maps it back. Streaming: rows are rendered in chunks as persons are
 * generated, so 10,000,000 rows need no more memory than 10,000; only the
 * notifications are kept (compactly) until the end, to be written sorted by
 * date.
 *
 * Files (all published atomically: a temporary file, then rename):
 *   DIR/incidents.csv, DIR/notifications.csv, DIR/README.txt, and with messy
 *   DIR/messy/incidents.csv, DIR/messy/notifications.csv, DIR/messy/config.yaml.
 */
import { makeFolder } from '../io/make-folder.js';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
import { civilFromDay, formatDay } from '../dates.js';
import { UsageError } from '../errors.js';
import { Growable } from '../ingest/growable.js';
import { FLAG, NO_DAY, levelName, type Day } from '../model.js';
import { writeFileAtomic, AtomicStreamFile } from '../io/atomic-write.js';
import {
  INCIDENT_COLUMNS,
  IPV_RELATIONSHIPS,
  MODEL,
  NOTIFICATION_COLUMNS,
  PersonGenerator,
  checkOptions,
  emptySummary,
  incidentCells,
  tally,
  type SimIncident,
  type SimNotification,
  type SimulateOptions,
  type SimulateSummary,
} from './generate.js';
import { QUOTED_MATCH, csvLine } from '../report/csv-line.js';
import { DOMAIN, Rng } from '../random.js';

export interface WriteSimulationOptions extends SimulateOptions {
  /** the output folder; created when missing */
  out: string;
  /** also write messy/ (agency-style export and its config) */
  messy?: boolean;
  /** the command that produced the files, recorded in README.txt */
  commandLine: string;
  /** ipvi's version, recorded in README.txt */
  version?: string;
  /** rows generated between two yields to the event loop (default 20,000) */
  chunkRows?: number;
}

export interface WriteSimulationResult {
  summary: SimulateSummary;
  /** paths written, in the order they were published */
  files: string[];
}

// ---- messy (agency-style) spellings ----------------------------------------

export const MESSY_INCIDENT_COLUMNS = {
  incident_id: 'DIR Number',
  incident_date: 'Rpt Date',
  agency: 'Pct',
  suspect_id: 'Suspect ID',
  victim_id: 'Victim ID',
  relationship: 'Rel Code',
  offense: 'Charge',
  arrest: 'Arrest Y/N',
  injury: 'Injury',
  weapon: 'Weapon Used',
  strangulation: 'Strangulation',
  felony: 'Felony Y/N',
} as const;
/** header order of messy/incidents.csv: mapped columns mixed with unmapped ones */
const MESSY_INCIDENT_HEADER = [
  'DIR Number',
  'Rpt Date',
  'Pct',
  'Officer',
  'Suspect ID',
  'Victim ID',
  'Rel Code',
  'Charge',
  'Arrest Y/N',
  'Injury',
  'Weapon Used',
  'Strangulation',
  'Felony Y/N',
  'Narrative',
];

export const MESSY_NOTIFICATION_COLUMNS = {
  person_id: 'Subject ID',
  level: 'Tier',
  notification_date: 'Notif Date',
  type: 'Method',
  victim_contact_date: 'Victim Contact',
} as const;
const MESSY_NOTIFICATION_HEADER = ['Subject ID', 'Tier', 'Notif Date', 'Method', 'Victim Contact', 'Notes'];

/** canonical relationship code → the agency's local code */
export const MESSY_RELATIONSHIP: Readonly<Record<string, string>> = {
  SP: 'S',
  BF: 'BF',
  GF: 'GF',
  DP: 'DT',
  EX: 'X',
  PARENT: 'PA',
  CHILD: 'CH',
  SIB: 'SB',
  RELATIVE: 'OR',
};
const MESSY_TYPE: Readonly<Record<string, string>> = {
  letter: 'Letter',
  face_to_face: 'Face-to-Face',
  custom_notification: 'Custom Notification',
};

const NARRATIVES = [
  'Officers responded to a report of a "verbal dispute"; parties separated, no further action.',
  'Victim states suspect pushed her against the wall, grabbed her phone and left the scene.',
  'Caller reported yelling and banging from the apartment.\nUnit on scene at 21:40, suspect GOA.',
  'Suspect stated "she started it", victim declined medical attention; DIR completed.',
  'Neighbor called 911, heard a woman screaming "stop, stop".\r\nVictim has visible redness to neck.',
  'Order of protection in effect; suspect at residence in violation, see attached.',
  'Dispute over custody exchange, no physical contact alleged. Referred to advocate.',
  'Victim reports threats by text, "you\'ll regret this"; screenshots collected, 3 pages.',
  'Both parties intoxicated; statements inconsistent. Children present (2), CPS notified.',
  'Suspect damaged TV, door frame; victim requests extra patrols at 12 Elm St., Apt 3.',
  '',
];
const NOTES = [
  '',
  '',
  'Delivered by Det. Ruiz; subject "understood the message".',
  'Left at residence, no answer.\nSecond attempt two days later, delivered in person.',
  'Subject refused to sign; copy left with family member.',
  'Advocate present, victim informed beforehand (see case notes; ref 22-114).',
];
const OFFICERS = [
  'Ofc. Garcia',
  'Ofc. Smith, J.',
  "Sgt. O'Neil",
  'Ofc. Nguyen',
  'Det. Ruiz',
  'Ofc. "Bud" Miller',
  '4471',
  '5102',
];

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** `MM/dd/yyyy`, sometimes with ` HH:mm` (the reader ignores a trailing time). */
function messyDate(day: Day, rng: Rng, pTime: number): string {
  const { y, m, d } = civilFromDay(day);
  const date = `${pad2(m)}/${pad2(d)}/${y}`;
  return rng.chance(pTime) ? `${date} ${pad2(rng.int(24))}:${pad2(rng.int(60))}` : date;
}

function messyBool(flags: number, bit: number, rng: Rng): string {
  if (flags & bit) return 'Y';
  return rng.chance(0.1) ? '' : 'N';
}

function messyIncident(i: SimIncident, rng: Rng): string[] {
  let rel = MESSY_RELATIONSHIP[i.relationship] ?? i.relationship;
  if (rng.chance(0.05)) rel = rel.toLowerCase();
  return [
    i.incidentId,
    messyDate(i.day, rng, 0.35),
    i.agency,
    rng.pick(OFFICERS),
    i.suspectId,
    i.victimId,
    rel,
    i.offense,
    messyBool(i.flags, FLAG.arrest, rng),
    messyBool(i.flags, FLAG.injury, rng),
    messyBool(i.flags, FLAG.weapon, rng),
    messyBool(i.flags, FLAG.strangulation, rng),
    messyBool(i.flags, FLAG.felony, rng),
    rng.pick(NARRATIVES),
  ];
}

/** The config that reads messy/ (src/config/schema.ts). */
export function messyConfigYaml(o: SimulateOptions): string {
  const ipv = IPV_RELATIONSHIPS.map((c) => MESSY_RELATIONSHIP[c]);
  const q = (s: string) => JSON.stringify(s);
  const cols = (m: Record<string, string>) =>
    Object.entries(m)
      .map(([k, v]) => `    ${k}: ${q(v)}`)
      .join('\n');
  return `# Config for the synthetic agency-style export in this folder (ipvi simulate --messy).
# Synthetic data: no real people or incidents.
version: 1
name: Synthetic agency (ipvi simulate, seed ${o.seed})
description: Semicolon-separated, CRLF, UTF-8 with BOM; dates MM/dd/yyyy (some with a time); Y/N flags.
coverage:
  start: ${formatDay(o.start)}
  end: ${formatDay(o.end)}
incidents:
  delimiter: ";"
  date_formats: ["MM/dd/yyyy"]
  booleans:
    "true": ["Y"]
    "false": ["N", ""]
  columns:
${cols(MESSY_INCIDENT_COLUMNS)}
  # local relationship codes that are intimate partners (S spouse, BF, GF, DT dating, X ex);
  # PA parent, CH child, SB sibling and OR other relative are excluded as family violence
  ipv_relationships: [${ipv.map(q).join(', ')}]
notifications:
  delimiter: ";"
  date_formats: ["MM/dd/yyyy"]
  columns:
${cols(MESSY_NOTIFICATION_COLUMNS)}
  levels:
    A: ["Level A"]
    B: ["Level B"]
    C: ["Level C"]
    D: ["Level D"]
`;
}

// ---- notifications kept compactly until the end --------------------------

const TYPES = ['letter', 'face_to_face', 'custom_notification'] as const;

class NotificationStore {
  readonly ids: string[] = [];
  readonly day = new Growable(Int32Array);
  readonly level = new Growable(Uint8Array);
  readonly type = new Growable(Uint8Array);
  readonly contact = new Growable(Int32Array);

  add(n: SimNotification): void {
    this.ids.push(n.personId);
    this.day.push(n.day);
    this.level.push(n.level);
    this.type.push(TYPES.indexOf(n.type));
    this.contact.push(n.victimContactDay ?? NO_DAY);
  }

  get length(): number {
    return this.ids.length;
  }

  /** Row indices by date (a stable counting sort over the days of the period). */
  order(start: Day, end: Day): Uint32Array {
    const n = this.length;
    const counts = new Uint32Array(end - start + 2);
    for (let i = 0; i < n; i++) counts[this.day.get(i) - start + 1]++;
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[counts[this.day.get(i) - start]++] = i;
    return out;
  }
}

// ---- the writer ------------------------------------------------------------

interface Dialect {
  delimiter: string;
  eol: string;
  bom: boolean;
}
const CANONICAL: Dialect = { delimiter: ',', eol: '\n', bom: false };
const MESSY: Dialect = { delimiter: ';', eol: '\r\n', bom: true };

/** csv-stringify options that produce the same text as `csvLine` in this dialect (the header uses them; tests compare). */
export function stringifyOptions(d: Dialect): StringifyOptions {
  return { delimiter: d.delimiter, record_delimiter: d.eol, quoted_match: QUOTED_MATCH };
}

/** Rows rendered as they come (csvLine), handed to the file in ~1 MiB pieces by AtomicStreamFile. */
class CsvWriter {
  constructor(
    readonly file: AtomicStreamFile,
    private readonly d: Dialect,
    header: readonly string[],
  ) {
    file.write((d.bom ? '\uFEFF' : '') + stringify([header as string[]], stringifyOptions(d)));
  }
  push(row: readonly string[]): void {
    this.file.write(csvLine(row, this.d.delimiter, this.d.eol));
  }
}

function ensureFolder(path: string): void {
  try {
    makeFolder(path);
  } catch (e) {
    throw new UsageError(
      `cannot create the folder ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      'choose another --out folder',
    );
  }
  if (!statSync(path).isDirectory())
    throw new UsageError(`--out ${path} is a file, not a folder`, 'choose a folder for --out');
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Generate and write. Async only to yield to the event loop between chunks,
 * so Ctrl-C stops a long run (and its temporary files are removed).
 */
export async function writeSimulation(o: WriteSimulationOptions): Promise<WriteSimulationResult> {
  try {
    checkOptions(o);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const chunk = o.chunkRows ?? 20_000;
  const messyDir = join(o.out, 'messy');
  ensureFolder(o.out);
  if (o.messy) ensureFolder(messyDir);

  const streams: AtomicStreamFile[] = [];
  const open = (path: string) => {
    const f = new AtomicStreamFile(path);
    streams.push(f);
    return f;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    for (const f of streams) f.abort();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const incidents = new CsvWriter(open(join(o.out, 'incidents.csv')), CANONICAL, INCIDENT_COLUMNS);
    const messyIncidents = o.messy
      ? new CsvWriter(open(join(messyDir, 'incidents.csv')), MESSY, MESSY_INCIDENT_HEADER)
      : null;
    const messyRng = new Rng(o.seed, DOMAIN.messy, 0);
    const store = new NotificationStore();

    const gen = new PersonGenerator(o);
    const summary = emptySummary(o.persons);
    const inc: SimIncident[] = [];
    const not: SimNotification[] = [];
    let sinceYield = 0;
    for (let p = 0; p < o.persons; p++) {
      inc.length = 0;
      not.length = 0;
      gen.person(p, inc, not);
      tally(summary, inc, not);
      for (const i of inc) {
        incidents.push(incidentCells(i));
        messyIncidents?.push(messyIncident(i, messyRng));
      }
      for (const n of not) store.add(n);
      sinceYield += inc.length;
      if (sinceYield >= chunk) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    summary.coSuspects = gen.coSuspects;

    // notifications, by date
    const notifications = new CsvWriter(open(join(o.out, 'notifications.csv')), CANONICAL, NOTIFICATION_COLUMNS);
    const messyNotifications = o.messy
      ? new CsvWriter(open(join(messyDir, 'notifications.csv')), MESSY, MESSY_NOTIFICATION_HEADER)
      : null;
    const notesRng = new Rng(o.seed, DOMAIN.messy, 1);
    const order = store.order(o.start, o.end);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const day = store.day.get(i);
      const level = levelName(store.level.get(i));
      const type = TYPES[store.type.get(i)];
      const contact = store.contact.get(i);
      notifications.push([store.ids[i], formatDay(day), level, type, contact === NO_DAY ? '' : formatDay(contact)]);
      messyNotifications?.push([
        store.ids[i],
        `Level ${level}`,
        messyDate(day, notesRng, 0.2),
        MESSY_TYPE[type],
        contact === NO_DAY ? '' : messyDate(contact, notesRng, 0),
        notesRng.pick(NOTES),
      ]);
      if (k % chunk === chunk - 1) await yieldToEventLoop();
    }

    // publish
    const files: string[] = [];
    for (const f of streams) {
      f.commit();
      files.push(f.path);
    }
    if (o.messy) {
      const path = join(messyDir, 'config.yaml');
      writeFileAtomic(path, messyConfigYaml(o));
      files.push(path);
    }
    const readme = join(o.out, 'README.txt');
    writeFileAtomic(readme, readmeText(o, summary));
    files.push(readme);
    return { summary, files };
  } catch (e) {
    for (const f of streams) f.abort();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

export function readmeText(o: WriteSimulationOptions, s: SimulateSummary): string {
  const dir = o.out.replace(/\/+$/, '') || '.';
  const launch =
    o.launch === undefined
      ? `${formatDay(o.start)} (no --launch: the program runs from the start)`
      : formatDay(o.launch);
  const lines = [
    'SYNTHETIC DATA. These files describe no real person and no real incident.',
    'They were generated at random by `ipvi simulate` to test and demonstrate ipvi.',
    '',
    'Generated with:',
    `  ${o.commandLine}`,
    ...(o.version ? [`  (ipvi ${o.version}; the same seed and options give the same files with this version)`] : []),
    '',
    `Seed:      ${o.seed}`,
    `Period:    ${formatDay(o.start)} to ${formatDay(o.end)} (use it as the coverage: --coverage-start ${formatDay(o.start)} --coverage-end ${formatDay(o.end)})`,
    `Launch:    ${launch}`,
    `Effect:    re-offending hazard x ${o.effect ?? MODEL.effect} after a person's first notification`,
    '',
    `Persons:        ${s.persons} (plus ${s.coSuspects} second suspects with one incident each)`,
    `Incident rows:  ${s.incidentRows} (${s.nonIpvRows} with a family, non-IPV, relationship code)`,
    `Notifications:  ${s.notificationRows}`,
    '',
    'Files:',
    '  incidents.csv        canonical columns (one row per incident and suspect), in generation',
    '                       order (person by person), not by date; booleans true/false',
    '  notifications.csv    canonical columns, sorted by notification_date',
    ...(o.messy
      ? [
          '  messy/incidents.csv, messy/notifications.csv',
          '                       the same data as an agency might export it: renamed columns,',
          '                       semicolons, CRLF, a BOM, MM/dd/yyyy dates (some with a time),',
          '                       Y/N flags, local relationship codes, "Level A" spellings and',
          '                       free-text columns (Narrative, Notes, Officer) that are not mapped',
          '  messy/config.yaml    the config that reads the messy files',
        ]
      : []),
    '',
    'Things to know:',
    '  - IDs are strings: 7, 007 and 0007 are three different people.',
    '  - Family (non-IPV) cases use relationship codes PARENT, CHILD, SIB, RELATIVE. The canonical',
    '    files have no config, so nothing is filtered; with a config listing',
    '    incidents.ipv_relationships: [SP, BF, GF, DP, EX] (messy/config.yaml does the same',
    '    for the local codes) those rows are excluded.',
    '  - A few B-level notifications reached the victim late or not at all, so the victim',
    '    safety check (docs/methods.md#parallel-responses) has something to report.',
    '  - The model and its rates: docs/commands/simulate.md.',
    '',
    'Try:',
    `  ipvi validate --incidents ${dir}/incidents.csv --notifications ${dir}/notifications.csv`,
    ...(o.messy
      ? [
          `  ipvi validate --incidents ${dir}/messy/incidents.csv --notifications ${dir}/messy/notifications.csv --config ${dir}/messy/config.yaml`,
        ]
      : []),
    '',
  ];
  return lines.join('\n');
}
