/**
 * CSV → canonical columnar Dataset (docs/methods.md#data), with every row either
 * accepted or reported as rejected (or excluded by the IPV filter), and the
 * cross-file checks of `ipvi validate`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { ConfigError, UsageError } from '../errors.js';
import { compileFlagDeriver } from '../classify/flags.js';
import { formatDay } from '../dates.js';
import type { Config } from '../config/load.js';
import type { IncidentField, NotificationField } from '../config/schema.js';
import {
  FLAG, NO_DAY, StringPool, levelName,
  type Coverage, type Dataset, type Day, type IncidentColumns, type InputFile,
  type NotificationColumns, type RowCounts,
} from '../model.js';
import { readCsv, CsvSyntaxError } from './csv-source.js';
import { DateFormatError, dayParser } from './date-format.js';
import { Growable } from './growable.js';
import { IssueLog, shownValue } from './issues.js';
import { plausibilityChecks } from './plausibility.js';
import { RowDecoder } from './row-decoder.js';
import { readSnapshot, snapshotKey, writeSnapshot } from './snapshot.js';

export interface RejectedRow {
  file: string;
  line: number;
  fields: string[] | null;
  reasons: string[];
}

export interface LoadOptions {
  incidents: string;
  notifications?: string;
  config: Config;
  coverageStart?: Day;
  coverageEnd?: Day;
  /** today's date, for the future-date warning (the CLI passes the real date) */
  today?: Day;
  /** issues kept in memory (all are counted) */
  maxIssues?: number;
  /** keep rejected rows' cells for --rejects */
  keepRejected?: boolean;
  onProgress?: (file: string, bytes: number, totalBytes: number, rows: number) => void;
  /** keep and reuse parsed-data snapshots in this folder (src/ingest/snapshot.ts); undefined = never */
  cacheDir?: string;
  /** inputs smaller than this (both files together) are not worth a snapshot */
  cacheMinBytes?: number;
}

export interface LoadResult {
  dataset: Dataset;
  log: IssueLog;
  rejected: RejectedRow[];
  /** where the parsed data came from: a snapshot ('hit'), the CSV then saved ('miss'), or the CSV alone ('off') */
  cache?: 'hit' | 'miss' | 'off';
}

const INCIDENT_REQUIRED = ['incident_id', 'incident_date', 'suspect_id'] as const;
const NOTIFICATION_REQUIRED = ['person_id', 'notification_date', 'level'] as const;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkReadable(path: string, option: string): number {
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

function parserFor(formats: string[] | null, section: string, file?: string) {
  try {
    return dayParser(formats);
  } catch (e) {
    if (e instanceof DateFormatError) throw new ConfigError(`${section}.date_formats: ${e.message}`, file);
    throw e;
  }
}

function syntaxIssue(log: IssueLog, file: string, e: CsvSyntaxError, counts: RowCounts): void {
  // the record the error is in was read and is rejected; nothing after it is read
  counts.read++;
  counts.rejected++;
  log.add({
    file, line: e.line, column: e.column ? `character ${e.column}` : '', code: e.code, severity: 'error',
    message: `${e.message}; the rest of the file was not read`, hint: e.hint,
  });
}

/**
 * Read both files. Never throws for bad data: every problem is in `log`.
 * Throws UsageError for unreadable paths and ConfigError for a bad config.
 */
export async function loadDataset(options: LoadOptions): Promise<LoadResult> {
  // the snapshot cannot give back rejected rows' cells, so --rejects always reads the CSV
  const bytes = checkReadable(options.incidents, '--incidents') + (options.notifications ? checkReadable(options.notifications, '--notifications') : 0);
  if (options.cacheDir === undefined || options.keepRejected || bytes < (options.cacheMinBytes ?? 0)) {
    return finishDataset(await parseInputs(options), options, 'off');
  }
  const key = snapshotKey(options);
  const cached = readSnapshot(options.cacheDir, key, options.maxIssues ?? 1000);
  if (cached) return finishDataset(cached, options, 'hit');
  const parsed = await parseInputs(options);
  writeSnapshot(options.cacheDir, key, parsed);
  return finishDataset(parsed, options, 'miss');
}

/** Everything read from the two files, before coverage and the cross-file checks (what a snapshot holds). */
export interface ParsedInputs {
  persons: StringPool;
  victims: StringPool;
  incidentIds: StringPool;
  strings: StringPool;
  incidents: IncidentColumns;
  notifications: NotificationColumns;
  files: Dataset['files'];
  counts: Dataset['counts'];
  log: IssueLog;
  rejected: RejectedRow[];
}

/** Coverage and the cross-file warnings: cheap, and they depend on today's date and the coverage options. */
export function finishDataset(parsed: ParsedInputs, options: LoadOptions, cache: LoadResult['cache']): LoadResult {
  const { persons, victims, incidentIds, strings, incidents, notifications, files, counts, log, rejected } = parsed;
  const coverage = resolveCoverage(incidents, options, options.config);
  const dataset: Dataset = { persons, victims, incidentIds, strings, incidents, notifications, coverage, files, counts };
  crossChecks(dataset, log, options.today, options.config.victimContactFirst);
  plausibilityChecks(dataset, log, options.config.checks);
  return { dataset, log, rejected, cache };
}

/** Read and decode both files (one pass each, hashed on the way). */
export async function parseInputs(options: LoadOptions): Promise<ParsedInputs> {
  const { config } = options;
  const log = new IssueLog(options.maxIssues ?? 1000);
  const rejected: RejectedRow[] = [];
  const persons = new StringPool();
  const victims = new StringPool();
  const incidentIds = new StringPool();
  const strings = new StringPool();
  strings.intern('');
  // low-cardinality code columns: the raw cell → its interned, trimmed value
  const codes = {
    relationship: new CodeCache(strings),
    offense: new CodeCache(strings),
    agency: new CodeCache(strings),
    type: new CodeCache(strings),
  };

  const reject = (file: string, line: number, fields: string[] | null, reasons: string[]) => {
    if (options.keepRejected) rejected.push({ file, line, fields, reasons });
  };
  const reasonsSince = (mark: number) => log.issues.slice(mark).filter((i) => i.severity === 'error').map((i) => `${i.code}: ${i.message}`);

  // ---- incidents --------------------------------------------------------
  const incFile = options.incidents;
  const incBytes = checkReadable(incFile, '--incidents');
  const incSpec = config.incidents;
  const parseIncDay = parserFor(incSpec.dateFormats, 'incidents', config.file);
  const derive = compileFlagDeriver(config.flags, config.file);
  const ipv = incSpec.ipvRelationships;
  const configured = config.file !== undefined;

  const inc = {
    incidentId: new Growable(Uint32Array),
    day: new Growable(Int32Array),
    person: new Growable(Uint32Array),
    victim: new Growable(Int32Array),
    flags: new Growable(Uint8Array),
    relationship: new Growable(Uint32Array),
    offense: new Growable(Uint32Array),
    agency: new Growable(Uint32Array),
    line: new Growable(Uint32Array),
  };
  const incCounts: RowCounts = { read: 0, accepted: 0, rejected: 0, excluded: 0 };
  // duplicate (incident_id, suspect_id): first suspect per incident, and the rest when there are several
  const firstSuspect = new Growable(Int32Array);
  const firstLine = new Growable(Uint32Array);
  const moreSuspects = new Map<number, Map<number, number>>();

  let lastSuspect = '', lastPerson = 0, lastVictim = '', lastVictimIndex = 0;
  let decoder: RowDecoder<IncidentField> | null = null;
  let width = 0;
  let incSha = '';
  try {
    incSha = (await readCsv(incFile, { delimiter: incSpec.delimiter, encoding: incSpec.encoding, onProgress: options.onProgress && ((b, r) => options.onProgress!(incFile, b, incBytes, r)) }, (fields, line) => {
      if (decoder === null) {
        if (width !== 0) {
          // the header failed: every row is read and rejected (the header issue says why)
          incCounts.read++;
          incCounts.rejected++;
          return;
        }
        const index = RowDecoder.mapHeader(fields, incSpec, INCIDENT_REQUIRED, incFile, log, configured);
        width = fields.length;
        if (index) decoder = new RowDecoder(incFile, incSpec, log, parseIncDay, index, options.config.checks);
        return;
      }
      incCounts.read++;
      const d = decoder;
      const mark = log.issues.length;
      d.start(fields, line);
      if (d.ragged(width)) {
        incCounts.rejected++;
        reject(incFile, line, fields, reasonsSince(mark));
        return;
      }
      const incidentId = d.id('incident_id');
      const day = d.date('incident_date', true);
      const suspect = d.id('suspect_id');
      const victim = d.id('victim_id', false);
      let bits = 0;
      if (d.bool('arrest')) bits |= FLAG.arrest;
      if (d.bool('injury')) bits |= FLAG.injury;
      if (d.bool('weapon')) bits |= FLAG.weapon;
      if (d.bool('strangulation')) bits |= FLAG.strangulation;
      if (d.bool('felony')) bits |= FLAG.felony;
      if (d.rejected) {
        incCounts.rejected++;
        reject(incFile, line, fields, reasonsSince(mark));
        return;
      }
      if (ipv && !ipv.has(d.text('relationship').toLowerCase())) {
        const relationship = d.text('relationship');
        incCounts.excluded++;
        d.issue('relationship', 'ipv_excluded', 'not an intimate-partner relationship code; the row is excluded', 'list the code under incidents.ipv_relationships if it is an intimate partner', 'warning', relationship);
        return;
      }
      const idIndex = incidentIds.intern(incidentId);
      // rows of one person often come together: the last suspect's index, reused
      const personIndex = suspect === lastSuspect ? lastPerson : (lastPerson = persons.intern((lastSuspect = suspect)));
      // duplicate key check
      if (idIndex === firstSuspect.length) {
        firstSuspect.push(personIndex);
        firstLine.push(line);
      } else {
        const first = firstSuspect.get(idIndex);
        let dupLine = first === personIndex ? firstLine.get(idIndex) : 0;
        if (!dupLine) {
          let more = moreSuspects.get(idIndex);
          if (!more) moreSuspects.set(idIndex, (more = new Map()));
          const seen = more.get(personIndex);
          if (seen !== undefined) dupLine = seen;
          else more.set(personIndex, line);
        }
        if (dupLine) {
          d.issue('incident_id', 'duplicate_key', `incident ${shownValue(incidentId)} with suspect ${shownValue(suspect)} already appears on line ${dupLine}`, 'remove the repeated row; one row per (incident_id, suspect_id)', 'error', incidentId);
          incCounts.rejected++;
          reject(incFile, line, fields, reasonsSince(mark));
          return;
        }
      }
      // intern in the order relationship, offense, agency (the pool's order of first appearance)
      const relationship = codes.relationship.get(d.raw('relationship'));
      const offense = codes.offense.get(d.raw('offense'));
      const agency = codes.agency.get(d.raw('agency'));
      inc.incidentId.push(idIndex);
      inc.day.push(day!);
      inc.person.push(personIndex);
      inc.victim.push(victim === '' ? -1 : victim === lastVictim ? lastVictimIndex : (lastVictimIndex = victims.intern((lastVictim = victim))));
      inc.flags.push(bits | derive(bits, offense !== 0, victim !== ''));
      inc.relationship.push(relationship);
      inc.offense.push(offense);
      inc.agency.push(agency);
      inc.line.push(line);
      incCounts.accepted++;
    })).sha256;
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw wrapIo(e, incFile);
    syntaxIssue(log, incFile, e, incCounts);
    incSha = e.sha256;
  }

  const incidents: IncidentColumns = {
    length: inc.day.length,
    incidentId: inc.incidentId.finish(),
    day: inc.day.finish(),
    person: inc.person.finish(),
    victim: inc.victim.finish(),
    flags: inc.flags.finish(),
    relationship: inc.relationship.finish(),
    offense: inc.offense.finish(),
    agency: inc.agency.finish(),
    line: inc.line.finish(),
  };
  if (width === 0 && incCounts.read === 0) {
    log.add({ file: incFile, line: 1, column: '', code: 'empty_file', severity: 'error', message: 'the file is empty (no header line)', hint: 'export the DIRs with a header row' });
  }

  // ---- notifications ----------------------------------------------------
  const notCols = {
    person: new Growable(Uint32Array),
    day: new Growable(Int32Array),
    level: new Growable(Uint8Array),
    type: new Growable(Uint32Array),
    victimContactDay: new Growable(Int32Array),
    line: new Growable(Uint32Array),
  };
  let notCounts: RowCounts | undefined;
  let notFile: InputFile | undefined;
  if (options.notifications) {
    const file = options.notifications;
    const bytes = checkReadable(file, '--notifications');
    const spec = config.notifications;
    const parseDay = parserFor(spec.dateFormats, 'notifications', config.file);
    const counts: RowCounts = { read: 0, accepted: 0, rejected: 0, excluded: 0 };
    notCounts = counts;
    let nd: RowDecoder<NotificationField> | null = null;
    let nWidth = 0;
    let sha = '';
    try {
      sha = (await readCsv(file, { delimiter: spec.delimiter, encoding: spec.encoding, onProgress: options.onProgress && ((b, r) => options.onProgress!(file, b, bytes, r)) }, (fields, line) => {
        if (nd === null) {
          if (nWidth !== 0) {
            counts.read++;
            counts.rejected++;
            return;
          }
          const index = RowDecoder.mapHeader(fields, spec, NOTIFICATION_REQUIRED, file, log, configured);
          nWidth = fields.length;
          if (index) nd = new RowDecoder(file, spec, log, parseDay, index, options.config.checks);
          return;
        }
        counts.read++;
        const d = nd;
        const mark = log.issues.length;
        d.start(fields, line);
        if (d.ragged(nWidth)) {
          counts.rejected++;
          reject(file, line, fields, reasonsSince(mark));
          return;
        }
        const person = d.id('person_id');
        const day = d.date('notification_date', true);
        const levelText = d.required('level');
        let level = 0;
        if (levelText !== '') {
          level = spec.levels.get(levelText.toLowerCase()) ?? 0;
          if (!level) {
            d.issue('level', 'unknown_level', 'not a level', 'use A, B, C or D, or list the export\'s spellings under notifications.levels in the config', 'error', levelText);
          }
        }
        const contact = d.date('victim_contact_date', false);
        if (d.rejected) {
          counts.rejected++;
          reject(file, line, fields, reasonsSince(mark));
          return;
        }
        notCols.person.push(persons.intern(person));
        notCols.day.push(day!);
        notCols.level.push(level);
        notCols.type.push(codes.type.get(d.raw('type')));
        notCols.victimContactDay.push(contact ?? NO_DAY);
        notCols.line.push(line);
        counts.accepted++;
      })).sha256;
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw wrapIo(e, file);
      syntaxIssue(log, file, e, counts);
      sha = e.sha256;
    }
    if (nWidth === 0 && counts.read === 0) {
      log.add({ file, line: 1, column: '', code: 'empty_file', severity: 'error', message: 'the file is empty (no header line)', hint: 'export the notifications with a header row' });
    }
    notFile = { path: file, sha256: sha || (await sha256File(file)), bytes };
  }
  const notifications: NotificationColumns = {
    length: notCols.day.length,
    person: notCols.person.finish(),
    day: notCols.day.finish(),
    level: notCols.level.finish(),
    type: notCols.type.finish(),
    victimContactDay: notCols.victimContactDay.finish(),
    line: notCols.line.finish(),
  };

  return {
    persons, victims, incidentIds, strings, incidents, notifications,
    files: { incidents: { path: incFile, sha256: incSha || (await sha256File(incFile)), bytes: incBytes }, notifications: notFile },
    counts: { incidents: incCounts, notifications: notCounts },
    log, rejected,
  };
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

function wrapIo(e: unknown, file: string): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && /^E[A-Z]+$/.test(code)) return new UsageError(`${file}: cannot read (${code})`, 'check the path and permissions');
  return e as Error;
}

function resolveCoverage(incidents: IncidentColumns, options: LoadOptions, config: Config): Coverage {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < incidents.length; i++) {
    const d = incidents.day[i];
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const start = options.coverageStart ?? config.coverage.start;
  const end = options.coverageEnd ?? config.coverage.end;
  return {
    start: start ?? (Number.isFinite(min) ? min : 0),
    end: end ?? (Number.isFinite(max) ? max : 0),
    startSource: options.coverageStart !== undefined ? 'option' : config.coverage.start !== undefined ? 'config' : 'data',
    endSource: options.coverageEnd !== undefined ? 'option' : config.coverage.end !== undefined ? 'config' : 'data',
  };
}

/** Warnings that need both files: docs/methods.md#data, #parallel-responses, `ipvi validate`'s list. */
function crossChecks(ds: Dataset, log: IssueLog, today: Day | undefined, contactFirst: readonly number[]): void {
  const { incidents: inc, notifications: not, coverage } = ds;
  const incFile = ds.files.incidents.path;
  const notPath = ds.files.notifications?.path ?? '';
  const firstDay = new Int32Array(ds.persons.size).fill(NO_DAY);
  const covered = coverage.startSource !== 'data' || coverage.endSource !== 'data';
  for (let i = 0; i < inc.length; i++) {
    const p = inc.person[i], d = inc.day[i];
    if (firstDay[p] === NO_DAY || d < firstDay[p]) firstDay[p] = d;
    if (today !== undefined && d > today) {
      log.add({ file: incFile, line: inc.line[i], column: 'incident_date', code: 'future_date', severity: 'warning', message: `incident dated ${formatDay(d)}, after today (${formatDay(today)})`, hint: 'check the date and its format (day and month swapped?)' });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({ file: incFile, line: inc.line[i], column: 'incident_date', code: 'outside_coverage', severity: 'warning', message: `incident dated ${formatDay(d)} is outside the coverage ${formatDay(coverage.start)} to ${formatDay(coverage.end)}`, hint: 'widen the coverage, or check the date' });
    }
  }
  for (let j = 0; j < not.length; j++) {
    const p = not.person[j], d = not.day[j], line = not.line[j];
    if (firstDay[p] === NO_DAY) {
      log.add({ file: notPath, line, column: 'person_id', code: 'unknown_person', severity: 'warning', message: `person ${shownValue(ds.persons.values[p])} has no incident in the incidents file`, hint: 'check the id matches the suspect_id in the DIR export (IDs are exact strings: 007 is not 7)' });
    } else if (d < firstDay[p]) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'notification_before_incident', severity: 'warning', message: `notified on ${formatDay(d)}, before the person's first incident (${formatDay(firstDay[p])})`, hint: 'check the dates, or whether earlier incidents are missing from the export' });
    }
    if (today !== undefined && d > today) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'future_date', severity: 'warning', message: `notification dated ${formatDay(d)}, after today (${formatDay(today)})`, hint: 'check the date and its format' });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'outside_coverage', severity: 'warning', message: `notification dated ${formatDay(d)} is outside the coverage`, hint: 'widen the coverage, or check the date' });
    }
    if (contactFirst.includes(not.level[j])) {
      const c = not.victimContactDay[j];
      if (c === NO_DAY || c > d) {
        log.add({
          file: notPath, line, column: 'victim_contact_date', code: 'victim_safety', severity: 'warning',
          message: c === NO_DAY
            ? `${levelName(not.level[j])}-level notification on ${formatDay(d)} with no victim contact recorded`
            : `${levelName(not.level[j])}-level notification on ${formatDay(d)} before the victim was contacted (${formatDay(c)})`,
          hint: `victim safety rule: reach the victim on or before a ${levelName(not.level[j])}-level notification (docs/methods.md#parallel-responses)`,
        });
      }
    }
  }
}
