/**
 * CSV → columns: the two input files read one pass each (hashed on the way),
 * every row accepted, rejected (with its reasons in the log) or excluded by
 * the IPV filter. `readInputFile` is the part both files share (header,
 * ragged rows, counting, CSV syntax errors, the empty file); `incidentRows`
 * and `notificationRows` decode one row of their file into its columns.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { ConfigError, UsageError } from '../errors.js';
import { defaultFlagDeriver, type FlagDeriver } from '../config/default-flags.js';
import { DateFormatError, dayParser, type DayParser } from '../config/date-format.js';
import type { FileSpec } from '../config/load.js';
import { BOOLEAN_FIELDS, REQUIRED_INCIDENT_FIELDS, REQUIRED_NOTIFICATION_FIELDS, type IncidentField, type NotificationField } from '../fields.js';
import {
  FLAG, INCIDENT_COLUMN_TYPES, NOTIFICATION_COLUMN_TYPES, NO_DAY, StringPool,
  type IncidentColumns, type InputFile, type NotificationColumns, type RowCounts,
} from '../model.js';
import { readCsv, CsvSyntaxError } from './csv-source.js';
import { Growable, finishColumns, growColumns } from './growable.js';
import type { LoadOptions, ParsedInputs, RejectedRow } from './inputs.js';
import { IssueLog, shownValue } from './issues.js';
import { RowDecoder } from './row-decoder.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file's size; a UsageError naming the option when it is missing, a folder or unreadable. */
export function checkReadable(path: string, option: string): number {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${option} ${path} is a folder, not a CSV file`);
    return st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `${option} ${path}: no such file` : `${option} ${path}: cannot read (${code ?? 'error'})`,
      'check the path',
    );
  }
}

function parserFor(formats: string[] | null, section: string, file?: string): DayParser {
  try {
    return dayParser(formats);
  } catch (e) {
    if (e instanceof DateFormatError) throw new ConfigError(`${section}.date_formats: ${e.message}`, file);
    throw e;
  }
}

function wrapIo(e: unknown, file: string): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return new UsageError(`${file}: cannot read (${code})`, 'check the path and permissions');
  return e as Error;
}

/** Interns a code column's cells (trimmed) through a small cache of raw cell → index: exports repeat a few codes. */
class CodeCache {
  private readonly cache = new Map<string, number>();
  private lastRaw = '';
  private lastIndex = 0;
  constructor(private readonly pool: StringPool) {}
  get(raw: string): number {
    if (raw === this.lastRaw) return this.lastIndex;
    let i = this.cache.get(raw);
    if (i === undefined) {
      i = this.pool.intern(raw.trim());
      if (this.cache.size < 4096) this.cache.set(raw, i);
    }
    this.lastRaw = raw;
    this.lastIndex = i;
    return i;
  }
}

/** What reading both files shares: the pools, the log, the rejected rows. */
interface ParseState {
  options: LoadOptions;
  log: IssueLog;
  rejected: RejectedRow[];
  persons: StringPool;
  victims: StringPool;
  incidentIds: StringPool;
  strings: StringPool;
}

type RowOutcome = 'accepted' | 'rejected' | 'excluded';
/** Decodes the current row of `d` (not ragged) into the file's columns. */
type RowHandler<F extends string> = (d: RowDecoder<F>, line: number) => RowOutcome;

interface InputFileSpec<F extends string> {
  /** the command-line option naming the file, for messages */
  option: '--incidents' | '--notifications';
  /** the config section (for date-format errors) */
  section: 'incidents' | 'notifications';
  spec: FileSpec<F>;
  required: readonly F[];
  /** the empty file's fix */
  emptyHint: string;
  /** called once the file's date parser is ready, before the first row */
  rows: () => RowHandler<F>;
}

/**
 * Read one input file: map the header (a failed header rejects every row),
 * then each row through the file's handler. Never throws for bad data.
 */
async function readInputFile<F extends string>(state: ParseState, path: string, f: InputFileSpec<F>): Promise<{ file: InputFile; counts: RowCounts }> {
  const { options, log } = state;
  const { config } = options;
  const bytes = checkReadable(path, f.option);
  const parseDay = parserFor(f.spec.dateFormats, f.section, config.file);
  const handle = f.rows();
  const counts: RowCounts = { read: 0, accepted: 0, rejected: 0, excluded: 0 };
  const configured = config.file !== undefined;
  const reasonsSince = (mark: number) => log.issues.slice(mark).filter((i) => i.severity === 'error').map((i) => `${i.code}: ${i.message}`);
  let decoder: RowDecoder<F> | null = null;
  let width = 0;
  let sha = '';
  try {
    const csv = { delimiter: f.spec.delimiter, encoding: f.spec.encoding, onProgress: options.onProgress && ((b: number, r: number) => options.onProgress!(path, b, bytes, r)) };
    sha = (await readCsv(path, csv, (fields, line) => {
      if (decoder === null) {
        if (width !== 0) {
          // the header failed: every row is read and rejected (the header issue says why)
          counts.read++;
          counts.rejected++;
          return;
        }
        const index = RowDecoder.mapHeader(fields, f.spec, f.required, path, log, configured);
        width = fields.length;
        if (index) decoder = new RowDecoder(path, f.spec, log, parseDay, index, config.checks);
        return;
      }
      counts.read++;
      const d = decoder;
      const mark = log.issues.length;
      d.start(fields, line);
      const outcome = d.ragged(width) ? 'rejected' : handle(d, line);
      counts[outcome]++;
      if (outcome === 'rejected' && options.keepRejected) state.rejected.push({ file: path, line, fields, reasons: reasonsSince(mark) });
    })).sha256;
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw wrapIo(e, path);
    // the record the error is in was read and is rejected; nothing after it is read
    counts.read++;
    counts.rejected++;
    log.add({
      file: path, line: e.line, column: e.column ? `character ${e.column}` : '', code: e.code, severity: 'error',
      message: `${e.message}; the rest of the file was not read`, hint: e.hint,
    });
    sha = e.sha256;
  }
  if (width === 0 && counts.read === 0) {
    log.add({ file: path, line: 1, column: '', code: 'empty_file', severity: 'error', message: 'the file is empty (no header line)', hint: f.emptyHint });
  }
  return { file: { path, sha256: sha || (await sha256File(path)), bytes }, counts };
}

/** The flag deriver for the config: the built-in default, else the injected compiler's. */
function flagDeriver(options: LoadOptions): FlagDeriver {
  const { config } = options;
  if (options.compileFlags) return options.compileFlags(config.flags, config.file);
  const fast = defaultFlagDeriver(config.flags);
  if (!fast) throw new Error('loadDataset: the config has its own flags: expressions; pass LoadOptions.compileFlags (compileFlagDeriver, src/classify/flags.ts)');
  return fast;
}

/** The incidents file's rows → IncidentColumns (the IPV filter, the duplicate-key check, flags derived). */
function incidentRows(state: ParseState, cols: ReturnType<typeof growColumns<IncidentColumns>>, codes: Record<'relationship' | 'offense' | 'agency', CodeCache>): RowHandler<IncidentField> {
  const { options, persons, victims, incidentIds } = state;
  const derive = flagDeriver(options);
  const ipv = options.config.incidents.ipvRelationships;
  const bits = BOOLEAN_FIELDS.map((f) => FLAG[f]);
  // duplicate (incident_id, suspect_id): first suspect per incident, and the rest when there are several
  const firstSuspect = new Growable(Int32Array);
  const firstLine = new Growable(Uint32Array);
  const moreSuspects = new Map<number, Map<number, number>>();
  /** the line of an earlier row with the same (incident, person), or 0 (and remember this one) */
  const duplicateOf = (idIndex: number, personIndex: number, line: number): number => {
    if (idIndex === firstSuspect.length) {
      firstSuspect.push(personIndex);
      firstLine.push(line);
      return 0;
    }
    if (firstSuspect.get(idIndex) === personIndex) return firstLine.get(idIndex);
    let more = moreSuspects.get(idIndex);
    if (!more) moreSuspects.set(idIndex, (more = new Map()));
    const seen = more.get(personIndex);
    if (seen !== undefined) return seen;
    more.set(personIndex, line);
    return 0;
  };
  // rows of one person often come together: the last suspect's and victim's index, reused
  let lastSuspect = '', lastPerson = 0, lastVictim = '', lastVictimIndex = 0;

  return (d, line) => {
    const incidentId = d.id('incident_id');
    const day = d.date('incident_date', true);
    const suspect = d.id('suspect_id');
    const victim = d.id('victim_id', false);
    let raw = 0;
    for (let k = 0; k < BOOLEAN_FIELDS.length; k++) if (d.bool(BOOLEAN_FIELDS[k])) raw |= bits[k];
    if (d.rejected) return 'rejected';
    if (ipv && !ipv.has(d.text('relationship').toLowerCase())) {
      d.issue('relationship', 'ipv_excluded', 'not an intimate-partner relationship code; the row is excluded', 'list the code under incidents.ipv_relationships if it is an intimate partner', 'warning', d.text('relationship'));
      return 'excluded';
    }
    const idIndex = incidentIds.intern(incidentId);
    const personIndex = suspect === lastSuspect ? lastPerson : (lastPerson = persons.intern((lastSuspect = suspect)));
    const dupLine = duplicateOf(idIndex, personIndex, line);
    if (dupLine) {
      d.issue('incident_id', 'duplicate_key', `incident ${shownValue(incidentId)} with suspect ${shownValue(suspect)} already appears on line ${dupLine}`, 'remove the repeated row; one row per (incident_id, suspect_id)', 'error', incidentId);
      return 'rejected';
    }
    // intern in the order relationship, offense, agency (the pool's order of first appearance)
    const relationship = codes.relationship.get(d.raw('relationship'));
    const offense = codes.offense.get(d.raw('offense'));
    const agency = codes.agency.get(d.raw('agency'));
    cols.incidentId.push(idIndex);
    cols.day.push(day!);
    cols.person.push(personIndex);
    cols.victim.push(victim === '' ? -1 : victim === lastVictim ? lastVictimIndex : (lastVictimIndex = victims.intern((lastVictim = victim))));
    cols.flags.push(raw | derive(raw, offense !== 0, victim !== ''));
    cols.relationship.push(relationship);
    cols.offense.push(offense);
    cols.agency.push(agency);
    cols.line.push(line);
    return 'accepted';
  };
}

/** The notifications file's rows → NotificationColumns. */
function notificationRows(state: ParseState, cols: ReturnType<typeof growColumns<NotificationColumns>>, type: CodeCache): RowHandler<NotificationField> {
  const { options, persons } = state;
  const levels = options.config.notifications.levels;
  return (d, line) => {
    const person = d.id('person_id');
    const day = d.date('notification_date', true);
    const levelText = d.required('level');
    let level = 0;
    if (levelText !== '') {
      level = levels.get(levelText.toLowerCase()) ?? 0;
      if (!level) {
        d.issue('level', 'unknown_level', 'not a level', 'use A, B, C or D, or list the export\'s spellings under notifications.levels in the config', 'error', levelText);
      }
    }
    const contact = d.date('victim_contact_date', false);
    if (d.rejected) return 'rejected';
    cols.person.push(persons.intern(person));
    cols.day.push(day!);
    cols.level.push(level);
    cols.type.push(type.get(d.raw('type')));
    cols.victimContactDay.push(contact ?? NO_DAY);
    cols.line.push(line);
    return 'accepted';
  };
}

/** Read and decode both files (one pass each, hashed on the way). */
export async function parseInputs(options: LoadOptions): Promise<ParsedInputs> {
  const { config } = options;
  const strings = new StringPool();
  strings.intern('');
  const state: ParseState = {
    options, log: new IssueLog(options.maxIssues ?? 1000), rejected: [],
    persons: new StringPool(), victims: new StringPool(), incidentIds: new StringPool(), strings,
  };
  // low-cardinality code columns: the raw cell → its interned, trimmed value
  const codes = { relationship: new CodeCache(strings), offense: new CodeCache(strings), agency: new CodeCache(strings), type: new CodeCache(strings) };

  const inc = growColumns<IncidentColumns>(INCIDENT_COLUMN_TYPES);
  const incRead = await readInputFile(state, options.incidents, {
    option: '--incidents', section: 'incidents', spec: config.incidents, required: REQUIRED_INCIDENT_FIELDS,
    emptyHint: 'export the DIRs with a header row',
    rows: () => incidentRows(state, inc, codes),
  });
  const not = growColumns<NotificationColumns>(NOTIFICATION_COLUMN_TYPES);
  const notRead = options.notifications
    ? await readInputFile(state, options.notifications, {
      option: '--notifications', section: 'notifications', spec: config.notifications, required: REQUIRED_NOTIFICATION_FIELDS,
      emptyHint: 'export the notifications with a header row',
      rows: () => notificationRows(state, not, codes.type),
    })
    : undefined;

  const { persons, victims, incidentIds, log, rejected } = state;
  return {
    persons, victims, incidentIds, strings,
    incidents: finishColumns(inc, inc.day.length),
    notifications: finishColumns(not, not.day.length),
    files: { incidents: incRead.file, notifications: notRead?.file },
    counts: { incidents: incRead.counts, notifications: notRead?.counts },
    log, rejected,
  };
}
