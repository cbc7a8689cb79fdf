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
import type { Config, FileSpec } from '../config/load.js';
import { readCharges } from '../config/charges.js';
import {
  BOOLEAN_FIELDS,
  REQUIRED_INCIDENT_FIELDS,
  REQUIRED_NOTIFICATION_FIELDS,
  type IncidentField,
  type NotificationField,
} from '../fields.js';
import {
  FLAG,
  INCIDENT_COLUMN_TYPES,
  NOTIFICATION_COLUMN_TYPES,
  NO_DAY,
  StringPool,
  type IncidentColumns,
  type InputFile,
  type NotificationColumns,
  type RowCounts,
} from '../model.js';
import { CsvReader, cellStrings, CsvSyntaxError, type CsvOptions, type OnCells } from './csv-source.js';
import { countLines, defaultThreads, planSplit, runPart, SPLIT_MIN_BYTES, type SplitPlan } from './split.js';
import { BytePool } from './byte-pool.js';
import { LineTable } from './line-table.js';
import { Growable, finishColumns, growColumns, reserveColumns } from './growable.js';
import type { LoadOptions, ParsedInputs, RejectedRow, SplitOutcome } from './inputs.js';
import { detectEncoding } from './encoding.js';
import { IssueLog, saveIssueLog, shownValue, type IssueLogState } from './issues.js';
import { KeyCache, RowDecoder } from './row-decoder.js';

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
  if (code && /^E[A-Z]+$/.test(code))
    return new UsageError(`${file}: cannot read (${code})`, 'check the path and permissions');
  return e as Error;
}

/** Interns a code column's cells (trimmed) through a small cache of raw cell → index: exports repeat a few codes. */
class CodeCache {
  private readonly cache = new Map<string, number>();
  /** cell key (RowDecoder.cellKey) → index, or -2: a "no value" spelling (index 0, with its note) */
  private readonly keys = new KeyCache(4096);
  private lastRaw = '';
  private lastIndex = 0;
  constructor(private readonly pool: StringPool) {}

  /** The index of the trimmed raw cell of `field` (no "no value" reading). */
  raw<F extends string>(d: RowDecoder<F>, field: F): number {
    const key = d.cellKey(field);
    if (key >= 0) {
      const hit = this.keys.get(key);
      if (hit >= 0) return hit;
    }
    const i = this.get(d.raw(field));
    if (key >= 0) this.keys.set(key, i);
    return i;
  }

  /** The index of RowDecoder.optional(field) (a "no value" spelling: '' and a note, as optional() does). */
  optional<F extends string>(d: RowDecoder<F>, field: F): number {
    const key = d.cellKey(field);
    if (key >= 0) {
      const hit = this.keys.get(key);
      if (hit === -2) {
        d.noteNull(field);
        return 0;
      }
      if (hit >= 0) return hit;
    }
    const v = d.optional(field);
    const i = this.get(v);
    if (key >= 0) this.keys.set(key, v === '' && d.raw(field).trim() !== '' ? -2 : i);
    return i;
  }

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
  persons: BytePool;
  victims: BytePool;
  incidentIds: BytePool;
  strings: StringPool;
  /** the carried columns' text (index 0 = blank) */
  carried: StringPool;
}

type RowOutcome = 'accepted' | 'rejected' | 'excluded';
/** Decodes the current row of `d` (not ragged) into the file's columns. */
type RowHandler<F extends string> = ((d: RowDecoder<F>, line: number) => RowOutcome) & {
  /**
   * Whether an accepted row of a part read apart (its columns, with the main pools' index
   * of each of its persons and incident IDs) repeats a key of the rows read here (a
   * duplicate the part could not see): then the part is not merged.
   */
  clash?: (columns: IncidentColumns & NotificationColumns, maps: Remaps) => boolean;
  /** Make room for about `rows` rows in all (the reader's estimate, estimateRows) in the handler's own tables. */
  reserve?: (rows: number) => void;
};

/** The main pools' index of each value of a part's pools. */
interface Remaps {
  persons: Int32Array;
  incidentIds: Int32Array;
}

/** A part's pool: its values as one UTF-8 block and offsets, and each value's BytePool.hash. */
interface PartPool {
  bytes: Uint8Array;
  offsets: Uint32Array;
  hashes: Int32Array;
}

/** The pools a column's values index (the columns merged from a part are remapped through them). */
type PoolName = 'persons' | 'victims' | 'incidentIds' | 'strings';

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
  /** the file's columns */
  cols: Record<string, Growable<Uint8Array | Uint32Array | Int32Array>>;
  /** the columns holding pool indexes */
  pooled: Partial<Record<string, PoolName>>;
  /** the carried columns' cells of the accepted rows, row-major (spec.carry) */
  carried: Growable<Uint32Array>;
}

/** How a file's records become rows: the header mapping, each row through the handler, the counts. */
function fileRows<F extends string>(state: ParseState, path: string, f: InputFileSpec<F>) {
  const { options, log } = state;
  const { config } = options;
  const parseDay = parserFor(f.spec.dateFormats, f.section, config.file);
  const handle = f.rows();
  const counts: RowCounts = { read: 0, accepted: 0, rejected: 0, excluded: 0 };
  const configured = config.file !== undefined;
  const reasonsSince = (mark: number) => log.errorList.slice(mark).map((i) => `${i.code}: ${i.message}`);
  let decoder: RowDecoder<F> | null = null;
  let width = 0;
  let header: string[] = [];
  /** The decoder's current row (not the header). */
  const row = (d: RowDecoder<F>, line: number) => {
    if (d.allEmpty()) {
      // Excel keeps formatted-but-empty rows as `,,,,`: a blank line, counted, never an error
      log.note('blank_line', f.section);
      return;
    }
    counts.read++;
    const mark = log.errorList.length;
    const outcome = d.ragged(width) ? 'rejected' : handle(d, line);
    counts[outcome]++;
    if (outcome === 'accepted')
      for (let k = 0; k < d.carryIndex.length; k++) f.carried.push(state.carried.intern(d.carried(k)));
    if (outcome === 'rejected' && options.keepRejected)
      state.rejected.push({ file: path, line, fields: d.fields, reasons: reasonsSince(mark), header });
  };
  const onRecord = (fields: string[], line: number) => {
    if (decoder === null) {
      if (width !== 0) {
        // the header failed: every row is read and rejected (the header issue says why)
        counts.read++;
        counts.rejected++;
        return;
      }
      const index = RowDecoder.mapHeader(fields, f.spec, f.required, path, log, configured);
      const carry = RowDecoder.mapCarry(fields, f.spec, path, log);
      width = fields.length;
      header = fields;
      if (index && carry) {
        decoder = new RowDecoder(path, f.spec, log, parseDay, index, config.checks);
        decoder.carryIndex = carry;
      }
      return;
    }
    decoder.start(fields, line);
    row(decoder, line);
  };
  const onCells: OnCells = (buf, starts, ends, count, line) => {
    if (decoder === null) return onRecord(cellStrings(buf, starts, ends, count), line);
    decoder.startCells(buf, starts, ends, count, line);
    row(decoder, line);
  };
  /** A CSV syntax error: the record it is in was read and is rejected; nothing after it is read. */
  const syntaxError = (e: CsvSyntaxError) => {
    counts.read++;
    counts.rejected++;
    log.add({
      file: path,
      line: e.line,
      column: e.column ? `character ${e.column}` : '',
      code: e.code,
      severity: 'error',
      message: `${e.message}; the rest of the file was not read`,
      hint: e.hint,
    });
  };
  return { counts, handle, onRecord, onCells, syntaxError, headerRead: () => width !== 0, width: () => width };
}

/**
 * How many rows to make room for in a file of `fileBytes` bytes, once `rowsRead` rows
 * have been read from its first `bytesRead` bytes: the rows at the same bytes per row,
 * 5% more. Never more than a file of rows of `width` cells can hold (each row has
 * width − 1 delimiters and a line end), so a first chunk of short rows cannot ask
 * for an absurd amount; 0 when nothing is known yet. An estimate that is short only
 * means the columns grow past it (Growable doubles), one that is long only leaves
 * room that is never written (and takes no memory, Growable.finish).
 */
export function estimateRows(fileBytes: number, bytesRead: number, rowsRead: number, width: number): number {
  if (rowsRead <= 0 || bytesRead <= 0 || width <= 0) return 0;
  const atThisRate = Math.ceil(((rowsRead * fileBytes) / bytesRead) * 1.05);
  return Math.min(atThisRate, Math.floor(fileBytes / Math.max(1, width)) + 1);
}

/**
 * Read one input file: map the header (a failed header rejects every row),
 * then each row through the file's handler. Never throws for bad data.
 * A large file is read in two parts on two threads when that gives exactly
 * what one thread gives (readInTwo); otherwise in one pass.
 */
async function readInputFile<F extends string>(
  state: ParseState,
  path: string,
  f: InputFileSpec<F>,
): Promise<{ file: InputFile; counts: RowCounts }> {
  const { options, log } = state;
  const bytes = checkReadable(path, f.option);
  const rows = fileRows(state, path, f);
  const { counts, handle } = rows;
  let sha = '';
  try {
    const before = log.errors + log.warnings;
    const encoding = await resolveEncoding(path, f, log);
    // after the first chunk with rows, the columns are sized once for the whole file (estimateRows)
    let sized = false;
    const onProgress = (b: number) => {
      if (!sized && counts.read > 0) {
        sized = true;
        const estimate = estimateRows(bytes, b, counts.read, rows.width());
        reserveColumns(f.cols, estimate);
        handle.reserve?.(estimate);
      }
      // the rows counted as the summary counts them ("N rows read": blank lines are not rows)
      options.onProgress?.(path, b, bytes, counts.read);
    };
    const csv: CsvOptions = {
      delimiter: f.spec.delimiter,
      encoding,
      reader: options.reader,
      chunkBytes: options.chunkBytes,
      onProgress,
    };
    const reader = new CsvReader(path, csv, rows.onRecord, rows.onCells);
    const plan = log.errors + log.warnings === before ? splitFor(state, path, f, bytes, csv, reader) : null;
    if (plan) await readInTwo(state, f, handle, reader, plan, rows.counts);
    else await reader.read(0, Number.POSITIVE_INFINITY);
    sha = reader.finish().sha256;
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw wrapIo(e, path);
    rows.syntaxError(e);
    sha = e.sha256;
  }
  if (!rows.headerRead() && counts.read === 0) {
    log.add({
      file: path,
      line: 1,
      column: '',
      code: 'empty_file',
      severity: 'error',
      message: 'the file is empty (no header line)',
      hint: f.emptyHint,
    });
  }
  return { file: { path, sha256: sha || (await sha256File(path)), bytes }, counts };
}

/** What the part read apart needs (structured-cloned into the worker). */
export interface PartInput {
  path: string;
  section: 'incidents' | 'notifications';
  config: Pick<Config, 'file' | 'incidents' | 'notifications' | 'checks' | 'flags'>;
  maxIssues: number;
  chunkBytes?: number;
  delimiter: string;
  plan: SplitPlan;
}

/** What the part read apart gives back (its typed arrays transferred). */
export interface PartOutput {
  /** the lines before the part (it numbered its rows from there) */
  line: number;
  persons: PartPool;
  victims: PartPool;
  incidentIds: PartPool;
  strings: string[];
  carriedPool: string[];
  columns: Record<string, Uint8Array | Uint32Array | Int32Array | number>;
  carried: Uint32Array;
  counts: RowCounts;
  log: IssueLogState;
}

/**
 * Whether (and where) to read this file in two parts: two threads allowed, the file large
 * enough, UTF-8 (no other encoding, no encoding issue), the fast reader on a one-byte
 * delimiter, the default flags (the worker derives them without the rule compiler), no
 * --rejects (rejected rows' cells stay on one thread), a header that maps without an issue,
 * and a line after the middle that looks like a whole record (split.ts planSplit).
 */
function splitFor<F extends string>(
  state: ParseState,
  path: string,
  f: InputFileSpec<F>,
  bytes: number,
  csv: CsvOptions,
  reader: CsvReader,
): PartInput | null {
  const { options } = state;
  const { config } = options;
  const threads = options.threads ?? defaultThreads();
  if (threads < 2 || bytes < (options.splitMinBytes ?? SPLIT_MIN_BYTES) || options.keepRejected) return null;
  if (csv.encoding !== 'utf-8' || options.reader === 'reference' || !defaultFlagDeriver(config.flags)) return null;
  const delimiter = reader.stats.delimiter;
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code >= 0x80 || code === 0x22 || code === 0x0a || code === 0x0d) return null;
  const plan = planSplit(path, bytes, code, options.splitAt);
  if (!plan) return null;
  const scratch = new IssueLog(1);
  const configured = config.file !== undefined;
  const index = RowDecoder.mapHeader(plan.header, f.spec, f.required, path, scratch, configured);
  const carry = RowDecoder.mapCarry(plan.header, f.spec, path, scratch);
  if (!index || !carry || scratch.errors + scratch.warnings > 0) return null;
  const { file, incidents, notifications, checks, flags } = config;
  return {
    path,
    section: f.section,
    config: { file, incidents, notifications, checks, flags },
    maxIssues: state.log.maxStored,
    chunkBytes: options.chunkBytes,
    delimiter,
    plan,
  };
}

/**
 * Read the file in two parts: the part from the cut on is read apart (a worker) while this
 * thread reads up to the cut, then hashes the rest. The part is merged only when the first
 * part's reader stopped exactly at a record boundary, on the line the part numbered from,
 * and no row of the part repeats a key of the first (a duplicate it could not see);
 * otherwise this thread reads the rest as one thread would, and the part is dropped.
 */
async function readInTwo<F extends string>(
  state: ParseState,
  f: InputFileSpec<F>,
  handle: RowHandler<F>,
  reader: CsvReader,
  input: PartInput,
  counts: RowCounts,
): Promise<void> {
  const { onSplit } = state.options;
  const part = runPart(input, state.options.splitRunner ?? 'worker', parsePart);
  const { cut } = input.plan;
  await reader.read(0, cut);
  const at = reader.boundary();
  if (!at || at.recordDelimiter !== input.plan.recordDelimiter) {
    part.cancel();
    onSplit?.(input.path, 'not-at-boundary');
    await reader.read(cut, Number.POSITIVE_INFINITY);
    return;
  }
  await reader.read(cut, Number.POSITIVE_INFINITY, { parse: false });
  const out = await part.result().catch(() => null);
  const outcome = !out
    ? 'part-failed'
    : at.line !== out.line
      ? 'line-mismatch'
      : mergePart(state, f, handle, out, counts);
  onSplit?.(input.path, outcome);
  if (outcome !== 'merged') await reader.read(cut, Number.POSITIVE_INFINITY, { hash: false });
}

/** The main pool's index of each value of a part's pool (new values interned in the part's order). */
function remap(pool: BytePool, { bytes, offsets, hashes }: PartPool): Int32Array {
  const map = new Int32Array(hashes.length);
  if (map.length === 0) return map; // (a released pool's table is not rebuilt for nothing)
  pool.reserveValues(map.length);
  for (let i = 0; i < map.length; i++) map[i] = pool.internBytes(bytes, offsets[i], offsets[i + 1], hashes[i]);
  return map;
}

/**
 * Merge the part into the state, as if this thread had read its rows after its own: the
 * part's pool values interned in the part's order (so new values take the indexes one
 * thread gives them), its columns appended remapped, its counts added, its log appended.
 * Not when a row of the part repeats a key of the rows read here ('duplicate-across'):
 * the pools are then left as they were.
 */
function mergePart<F extends string>(
  state: ParseState,
  f: InputFileSpec<F>,
  handle: RowHandler<F>,
  out: PartOutput,
  counts: RowCounts,
): SplitOutcome {
  const marks = [state.persons.size, state.incidentIds.size];
  const persons = remap(state.persons, out.persons);
  const incidentIds = remap(state.incidentIds, out.incidentIds);
  if (handle.clash?.(out.columns as unknown as IncidentColumns & NotificationColumns, { persons, incidentIds })) {
    state.persons.truncate(marks[0]);
    state.incidentIds.truncate(marks[1]);
    return 'duplicate-across';
  }
  const maps: Record<PoolName, Int32Array> = {
    persons,
    victims: remap(state.victims, out.victims),
    incidentIds,
    strings: Int32Array.from(out.strings, (v) => state.strings.intern(v)),
  };
  for (const [name, column] of Object.entries(f.cols)) {
    const pool = f.pooled[name];
    column.append(out.columns[name] as Uint32Array, pool && maps[pool]);
  }
  f.carried.append(
    out.carried,
    Int32Array.from(out.carriedPool, (v) => state.carried.intern(v)),
  );
  for (const k of ['read', 'accepted', 'rejected', 'excluded'] as const) counts[k] += out.counts[k];
  state.log.append(out.log);
  return 'merged';
}

/** A fresh state for reading (the pools empty but for the blank string). */
function newState(options: LoadOptions): ParseState {
  const strings = new StringPool();
  strings.intern('');
  return {
    options,
    log: new IssueLog(options.maxIssues ?? 1000),
    rejected: [],
    persons: new BytePool(),
    victims: new BytePool(),
    incidentIds: new BytePool(),
    strings,
    carried: StringPool.from(['']),
  };
}

/**
 * Read the part of a file from the cut on, with pools of its own (what the worker runs,
 * src/ingest/part-worker.ts; tests run it in their thread): the rows numbered from the
 * lines before the cut (counted here), the header given.
 */
export async function parsePart(input: PartInput): Promise<PartOutput> {
  const { path, plan } = input;
  const line = await countLines(path, plan.cut);
  const options: LoadOptions = {
    incidents: path,
    config: input.config as Config,
    maxIssues: input.maxIssues,
    chunkBytes: input.chunkBytes,
  };
  const state = newState(options);
  const f = input.section === 'incidents' ? incidentFile(state) : notificationFile(state);
  const rows = fileRows(state, path, f as InputFileSpec<string>);
  rows.onRecord(plan.header, 1);
  try {
    const csv: CsvOptions = { delimiter: input.delimiter, encoding: 'utf-8', chunkBytes: input.chunkBytes };
    const reader = new CsvReader(path, csv, rows.onRecord, rows.onCells, {
      line,
      recordDelimiter: plan.recordDelimiter,
    });
    await reader.read(plan.cut, Number.POSITIVE_INFINITY, { hash: false });
    reader.finish();
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    rows.syntaxError(e);
  }
  const columns: PartOutput['columns'] = { length: f.cols.line.length };
  for (const [name, g] of Object.entries(f.cols)) columns[name] = g.finish();
  return {
    line,
    persons: partPool(state.persons),
    victims: partPool(state.victims),
    incidentIds: partPool(state.incidentIds),
    strings: state.strings.values,
    carriedPool: state.carried.values,
    columns,
    carried: f.carried.finish(),
    counts: rows.counts,
    log: saveIssueLog(state.log),
  };
}

function partPool(pool: BytePool): PartPool {
  return { ...pool.finish().encode(), hashes: pool.hashes() };
}

/** The typed arrays of a part's output (transferred, not copied, from the worker). */
export function partBuffers(out: PartOutput): ArrayBuffer[] {
  const list = [out.persons, out.victims, out.incidentIds].flatMap((p) => [
    p.bytes.buffer,
    p.offsets.buffer,
    p.hashes.buffer,
  ]);
  for (const v of Object.values(out.columns)) if (typeof v !== 'number') list.push(v.buffer as ArrayBuffer);
  list.push(out.carried.buffer as ArrayBuffer);
  return [...new Set(list as ArrayBuffer[])];
}

/**
 * The encoding to read the file with (src/ingest/encoding.ts): `auto` detects it,
 * and a file that is not UTF-8 is read as Windows-1252 with a warning; a file
 * configured as UTF-8 with an invalid byte is an error naming its line and column.
 */
async function resolveEncoding<F extends string>(path: string, f: InputFileSpec<F>, log: IssueLog): Promise<string> {
  const configured = f.spec.encoding.toLowerCase();
  if (configured !== 'auto' && configured !== 'utf-8' && configured !== 'utf8') return configured;
  const guess = await detectEncoding(path);
  if (!guess.invalid) return guess.encoding;
  const { line, column, byte } = guess.invalid;
  const at = `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at line ${line}, character ${column}`;
  if (configured === 'auto') {
    log.add({
      file: path,
      line,
      column: `character ${column}`,
      code: 'encoding_guessed',
      severity: 'warning',
      message: `the file is not UTF-8 (${at}); it was read as Windows-1252`,
      hint: `check that accented names read right (e.g. with ipvi init), then pin it: encoding: windows-1252 under ${f.section}: in the config (or save the export as UTF-8)`,
    });
    return 'windows-1252';
  }
  log.add({
    file: path,
    line,
    column: `character ${column}`,
    code: 'bad_encoding',
    severity: 'error',
    message: `the file is configured as UTF-8 but has an invalid ${at}; such bytes read as \uFFFD and no longer match codes`,
    hint: `save the export as UTF-8, or set the file's real encoding (e.g. encoding: windows-1252) under ${f.section}: in the config`,
  });
  return 'utf-8';
}

/** The flag deriver for the config: the built-in default, else the injected compiler's. */
function flagDeriver(options: LoadOptions): FlagDeriver {
  const { config } = options;
  if (options.compileFlags) return options.compileFlags(config.flags, config.file);
  const fast = defaultFlagDeriver(config.flags);
  if (!fast)
    throw new Error(
      'loadDataset: the config has its own flags: expressions; pass LoadOptions.compileFlags (compileFlagDeriver, src/classify/flags.ts)',
    );
  return fast;
}

/** The incidents file's rows → IncidentColumns (the IPV filter, the duplicate-key check, flags derived). */
function incidentRows(
  state: ParseState,
  cols: ReturnType<typeof growColumns<IncidentColumns>>,
  codes: Record<'relationship' | 'offense' | 'agency', CodeCache>,
): RowHandler<IncidentField> {
  const { options, persons, victims, incidentIds } = state;
  const derive = flagDeriver(options);
  const ipv = options.config.incidents.ipvRelationships;
  const bits = BOOLEAN_FIELDS.map((f) => FLAG[f]);
  // a non-empty offense cell (an index into the strings pool) → has_offense, and a felony charge's FLAG.felony;
  // with charge codes configured, per charge (docs/methods.md#charge-codes)
  const { charges, nullValues } = options.config.incidents;
  const offenseBits = new Map<number, number>();
  const HAS_OFFENSE = 1 << 30;
  const offenseOf = (index: number): number => {
    if (!charges) return HAS_OFFENSE;
    let b = offenseBits.get(index);
    if (b === undefined) {
      const r = readCharges(state.strings.values[index], charges, nullValues);
      b = (r.offense !== undefined ? HAS_OFFENSE : 0) | (r.felony ? FLAG.felony : 0);
      if (offenseBits.size < 65536) offenseBits.set(index, b);
    }
    return b;
  };
  // duplicate (incident_id, suspect_id): first suspect per incident, and the rest when there are several
  const firstSuspect = new Growable(Int32Array);
  const firstLine = new Growable(Uint32Array);
  const moreSuspects = new LineTable();
  /** (incident, person) as one number while it fits exactly in a double */
  const pairKey = (idIndex: number, personIndex: number) =>
    idIndex < 2 ** 26 && personIndex < 2 ** 27 ? idIndex * 2 ** 27 + personIndex : `${idIndex}\u0000${personIndex}`;
  /** the line of an earlier row with the same (incident, person), or 0 (and remember this one) */
  const duplicateOf = (idIndex: number, personIndex: number, line: number): number => {
    if (idIndex === firstSuspect.length) {
      firstSuspect.push(personIndex);
      firstLine.push(line);
      return 0;
    }
    if (firstSuspect.get(idIndex) === personIndex) return firstLine.get(idIndex);
    const key = pairKey(idIndex, personIndex);
    const seen = moreSuspects.get(key);
    if (seen !== 0) return seen;
    moreSuspects.set(key, line);
    return 0;
  };
  // rows of one person often come together: the last suspect's and victim's index, reused
  let lastSuspect = '',
    lastPerson = -1,
    lastVictim = '',
    lastVictimIndex = -1;
  // an ID cell that needs nothing of id() (RowDecoder.plainId) is interned from its bytes, no string made
  const personOf = (d: RowDecoder<IncidentField>, plain: boolean, suspect: string): number => {
    if (plain) {
      lastSuspect = ''; // lastPerson is no longer the string's (IDs are never blank)
      lastPerson = d.internId('suspect_id', persons, lastPerson);
    } else if (suspect !== lastSuspect || lastPerson < 0) {
      lastSuspect = suspect;
      lastPerson = persons.intern(suspect);
    }
    return lastPerson;
  };
  const victimOf = (d: RowDecoder<IncidentField>, plain: boolean, victim: string): number => {
    if (plain) {
      lastVictim = '';
      lastVictimIndex = d.internId('victim_id', victims, lastVictimIndex);
    } else if (victim === '') return -1;
    else if (victim !== lastVictim || lastVictimIndex < 0) {
      lastVictim = victim;
      lastVictimIndex = victims.intern(victim);
    }
    return lastVictimIndex;
  };

  const handle: RowHandler<IncidentField> = (d, line) => {
    const plainIncident = d.plainId('incident_id');
    const incidentId = plainIncident ? '' : d.id('incident_id');
    const day = d.date('incident_date', true);
    const plainSuspect = d.plainId('suspect_id');
    const suspect = plainSuspect ? '' : d.id('suspect_id');
    const plainVictim = d.plainId('victim_id');
    const victim = plainVictim ? '' : d.id('victim_id', false);
    let raw = 0;
    for (let k = 0; k < BOOLEAN_FIELDS.length; k++) if (d.bool(BOOLEAN_FIELDS[k])) raw |= bits[k];
    if (d.rejected) return 'rejected';
    if (ipv) {
      const rel = d.text('relationship');
      if (!ipv.has(rel.toLowerCase())) {
        // a filter outcome, not a warning: counted per value (and per suspect, for history and the unknown-person check)
        const suspectId = plainSuspect ? d.raw('suspect_id') : suspect;
        state.log.excludeRow(suspectId, rel === '' ? '(blank)' : shownValue(rel), line);
        return 'excluded';
      }
    }
    const idIndex = plainIncident ? d.internId('incident_id', incidentIds) : incidentIds.intern(incidentId);
    const personIndex = personOf(d, plainSuspect, suspect);
    const dupLine = duplicateOf(idIndex, personIndex, line);
    if (dupLine) {
      const id = plainIncident ? d.raw('incident_id') : incidentId;
      d.issue(
        'incident_id',
        'duplicate_key',
        `incident ${shownValue(id)} with suspect ${shownValue(persons.value(personIndex))} already appears on line ${dupLine}`,
        'remove the repeated row; one row per (incident_id, suspect_id)',
        'error',
        id,
      );
      return 'rejected';
    }
    // intern in the order relationship, offense, agency (the pool's order of first appearance)
    // a "no value" spelling (null_values) is an empty code: a charge `N/A` is no charge (docs/methods.md#data)
    const relationship = codes.relationship.optional(d, 'relationship');
    const offense = codes.offense.optional(d, 'offense');
    const agency = codes.agency.optional(d, 'agency');
    const victimIndex = victimOf(d, plainVictim, victim);
    cols.incidentId.push(idIndex);
    cols.day.push(day!);
    cols.person.push(personIndex);
    cols.victim.push(victimIndex);
    const charge = offense === 0 ? 0 : offenseOf(offense);
    raw |= charge & FLAG.felony;
    cols.flags.push(raw | derive(raw, (charge & HAS_OFFENSE) !== 0, victimIndex >= 0));
    cols.relationship.push(relationship);
    cols.offense.push(offense);
    cols.agency.push(agency);
    cols.line.push(line);
    return 'accepted';
  };
  handle.clash = (part, maps) => {
    for (let r = 0; r < part.length; r++) {
      const id = maps.incidentIds[part.incidentId[r]];
      if (id >= firstSuspect.length) continue; // an incident the rows read here did not have
      const person = maps.persons[part.person[r]];
      if (firstSuspect.get(id) === person || moreSuspects.has(pairKey(id, person))) return true;
    }
    return false;
  };
  // one incident ID a row, about: the incident-ID pool and the first suspects sized once for the file
  handle.reserve = (rows) => {
    incidentIds.reserveValues(Math.max(0, rows - incidentIds.size));
    firstSuspect.reserve(rows);
    firstLine.reserve(rows);
  };
  return handle;
}

/** The notifications file's rows → NotificationColumns. */
function notificationRows(
  state: ParseState,
  cols: ReturnType<typeof growColumns<NotificationColumns>>,
  type: CodeCache,
): RowHandler<NotificationField> {
  const { options, persons } = state;
  const levels = options.config.notifications.levels;
  const spellings = [...levels.keys()].map((k) => `'${k}'`).join(', ') + ' (any case)';
  // (person, day, level) → the line it was first on; a number key while it fits exactly in a double
  const seen = new LineTable();
  // the level cell (its bytes, RowDecoder.cellKey) → its level, for valid spellings
  const levelKeys = new KeyCache();
  const keyOf = (personIndex: number, day: number, level: number) =>
    personIndex < 2 ** 26 && Math.abs(day) < 2 ** 23
      ? (personIndex * 2 ** 24 + (day + 2 ** 23)) * 8 + level
      : `${personIndex}\u0000${day}\u0000${level}`;
  const handle: RowHandler<NotificationField> = (d, line) => {
    const plainPerson = d.plainId('person_id');
    const person = plainPerson ? '' : d.id('person_id');
    const day = d.date('notification_date', true);
    const levelKey = d.cellKey('level');
    let level = levelKey >= 0 ? levelKeys.get(levelKey) : -1;
    if (level <= 0) {
      level = 0;
      const levelText = d.required('level');
      if (levelText !== '') {
        level = levels.get(levelText.toLowerCase()) ?? 0;
        if (!level) {
          d.issue(
            'level',
            'unknown_level',
            `not a level; the levels read are ${spellings}`,
            "use one of those, or list the export's spellings under notifications.levels in the config",
            'error',
            levelText,
          );
        } else if (levelKey >= 0) levelKeys.set(levelKey, level);
      }
    }
    const contact = d.date('victim_contact_date', false);
    if (d.rejected) return 'rejected';
    // the same (person, date, level) twice is one notification entered twice: counted once.
    // Interning first leaves the pool's order as it was: a repeat's person is in the pool already.
    const personIndex = plainPerson ? d.internId('person_id', persons) : persons.intern(person);
    const key = keyOf(personIndex, day!, level);
    const first = seen.get(key);
    if (first !== 0) {
      d.issue(
        'person_id',
        'duplicate_notification',
        `the same notification (person ${shownValue(persons.value(personIndex))}, ${d.text('level')}, same date) is already on line ${first}; it is counted once`,
        'remove the repeated row from the notification log',
        'warning',
        persons.value(personIndex),
      );
      return 'excluded';
    }
    seen.set(key, line);
    cols.person.push(personIndex);
    cols.day.push(day!);
    cols.level.push(level);
    cols.type.push(type.raw(d, 'type'));
    cols.victimContactDay.push(contact ?? NO_DAY);
    cols.line.push(line);
    return 'accepted';
  };
  handle.clash = (part, maps) => {
    for (let r = 0; r < part.length; r++)
      if (seen.has(keyOf(maps.persons[part.person[r]], part.day[r], part.level[r]))) return true;
    return false;
  };
  handle.reserve = (rows) => seen.reserve(rows);
  return handle;
}

/** The incidents file: its columns and row handler. */
function incidentFile(state: ParseState) {
  const cols = growColumns<IncidentColumns>(INCIDENT_COLUMN_TYPES);
  // low-cardinality code columns: the raw cell → its interned, trimmed value
  const codes = {
    relationship: new CodeCache(state.strings),
    offense: new CodeCache(state.strings),
    agency: new CodeCache(state.strings),
  };
  return {
    option: '--incidents',
    section: 'incidents',
    spec: state.options.config.incidents,
    required: REQUIRED_INCIDENT_FIELDS,
    emptyHint: 'export the DIRs with a header row',
    rows: () => incidentRows(state, cols, codes),
    cols,
    pooled: {
      incidentId: 'incidentIds',
      person: 'persons',
      victim: 'victims',
      relationship: 'strings',
      offense: 'strings',
      agency: 'strings',
    },
    carried: new Growable(Uint32Array),
  } satisfies InputFileSpec<IncidentField>;
}

/** The notifications file: its columns and row handler. */
function notificationFile(state: ParseState) {
  const cols = growColumns<NotificationColumns>(NOTIFICATION_COLUMN_TYPES);
  return {
    option: '--notifications',
    section: 'notifications',
    spec: state.options.config.notifications,
    required: REQUIRED_NOTIFICATION_FIELDS,
    emptyHint: 'export the notifications with a header row',
    rows: () => notificationRows(state, cols, new CodeCache(state.strings)),
    cols,
    pooled: { person: 'persons', type: 'strings' },
    carried: new Growable(Uint32Array),
  } satisfies InputFileSpec<NotificationField>;
}

/** Read and decode both files (one pass each, hashed on the way). */
export async function parseInputs(options: LoadOptions): Promise<ParsedInputs> {
  const { config } = options;
  const state = newState(options);
  const incFile = incidentFile(state);
  const incRead = await readInputFile(state, options.incidents, incFile);
  // only the incidents file has incident and victim IDs: their pools' hash tables are not needed any more
  state.incidentIds.release();
  state.victims.release();
  const notFile = notificationFile(state);
  const notRead = options.notifications ? await readInputFile(state, options.notifications, notFile) : undefined;

  const { persons, victims, incidentIds, log, rejected } = state;
  const carriedNames = (spec: FileSpec<string>) => spec.carry.map(([name]) => name);
  return {
    persons: persons.finish(),
    victims: victims.finish(),
    incidentIds: incidentIds.finish(),
    strings: state.strings,
    incidents: finishColumns(incFile.cols, incFile.cols.day.length),
    notifications: finishColumns(notFile.cols, notFile.cols.day.length),
    files: { incidents: incRead.file, notifications: notRead?.file },
    counts: { incidents: incRead.counts, notifications: notRead?.counts },
    carried: {
      incidents: { names: carriedNames(config.incidents), cells: incFile.carried.finish() },
      notifications: { names: carriedNames(config.notifications), cells: notFile.carried.finish() },
      pool: state.carried,
    },
    log,
    rejected,
  };
}
