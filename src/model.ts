/**
 * The canonical data model (docs/methods.md#data), held column-wise.
 *
 * A 1,000,000-row export must fit comfortably in memory, so records are not
 * objects: every column is a typed array indexed by row, dates are day numbers
 * (days since 1970-01-01 on the proleptic Gregorian calendar, no time zone),
 * identifiers are interned into string pools, and boolean fields are bits.
 */
import { BOOLEAN_FIELDS, type BooleanField } from './fields.js';

/** Tier levels from lowest to highest. Numeric codes: 0 = no level, 1 = D … 4 = A. */
export const LEVELS = ['D', 'C', 'B', 'A'] as const;
export type Level = (typeof LEVELS)[number];
export type LevelCode = 0 | 1 | 2 | 3 | 4;

export function levelCode(level: Level): LevelCode {
  return (LEVELS.indexOf(level) + 1) as LevelCode;
}
export function levelName(code: number): Level | '' {
  return code >= 1 && code <= 4 ? LEVELS[code - 1] : '';
}

/** A calendar day: days since 1970-01-01. */
export type Day = number;
/** Sentinel for "no date" in Int32Array date columns. */
export const NO_DAY = -2147483648;

/**
 * Bits of IncidentColumns.flags: one per boolean input field, in the field
 * table's order (src/fields.ts), then the two derived bits `offense` and
 * `serious` (docs/methods.md#flags, configurable).
 */
export const FLAG = flagBits();
/** The bits of the boolean input fields (the flags as read, without the derived ones). */
export const RAW_FLAGS = BOOLEAN_FIELDS.reduce((mask, f) => mask | FLAG[f], 0);

function flagBits(): Record<BooleanField | 'offense' | 'serious', number> {
  const bits = {} as Record<BooleanField | 'offense' | 'serious', number>;
  BOOLEAN_FIELDS.forEach((f, k) => (bits[f] = 1 << k));
  bits.offense = 1 << BOOLEAN_FIELDS.length;
  bits.serious = 1 << (BOOLEAN_FIELDS.length + 1);
  // IncidentColumns.flags is a Uint8Array (and so is the snapshot's section): widen both before a 7th boolean field
  if (bits.serious > 0x80)
    throw new Error(`${BOOLEAN_FIELDS.length} boolean input fields need more than the 8 bits of IncidentColumns.flags`);
  return bits;
}

/**
 * Interned strings: each distinct value gets a dense index, in order of first appearance.
 *
 * An open-addressing hash table (FNV-1a over UTF-16 code units, linear
 * probing) rather than a `Map`: a million distinct incident ids intern in
 * about a third of the time. A pool read back from a snapshot keeps its
 * values as one UTF-8 block until they are first asked for, and builds its
 * hash table only when `intern` or `get` is first called, so a command that
 * never looks a value up never pays for it.
 */
export class StringPool {
  private list: string[] | null = [];
  private encoded: { bytes: Uint8Array; offsets: Uint32Array } | null = null;
  private count = 0;
  /** slot → index + 1 (0 = empty); null until first needed */
  private table: Int32Array | null = new Int32Array(64);
  private hashes: Int32Array | null = new Int32Array(64);

  get values(): string[] {
    if (this.list === null) this.list = decodeStrings(this.encoded!.bytes, this.encoded!.offsets);
    return this.list;
  }

  intern(value: string): number {
    if (this.table === null) this.buildTable();
    const h = hashString(value);
    const table = this.table!;
    const mask = table.length - 1;
    const values = this.values;
    const hashes = this.hashes!;
    let slot = h & mask;
    for (;;) {
      const at = table[slot];
      if (at === 0) break;
      if (hashes[at - 1] === h && values[at - 1] === value) return at - 1;
      slot = (slot + 1) & mask;
    }
    const i = this.count++;
    values.push(value);
    if (i === this.hashes!.length) {
      const next = new Int32Array(i * 2);
      next.set(this.hashes!);
      this.hashes = next;
    }
    this.hashes![i] = h;
    table[slot] = i + 1;
    if (this.count * 2 > table.length) this.rehash(table.length * 2);
    return i;
  }

  get(value: string): number | undefined {
    if (this.table === null) this.buildTable();
    const table = this.table!;
    const mask = table.length - 1;
    const values = this.values;
    const hashes = this.hashes!;
    const h = hashString(value);
    let slot = h & mask;
    for (;;) {
      const at = table[slot];
      if (at === 0) return undefined;
      if (hashes[at - 1] === h && values[at - 1] === value) return at - 1;
      slot = (slot + 1) & mask;
    }
  }

  get size(): number {
    return this.count;
  }

  static from(values: string[]): StringPool {
    const pool = new StringPool();
    for (const v of values) pool.intern(v);
    return pool;
  }

  /** A pool over distinct values stored as UTF-8 (value i = bytes[offsets[i] .. offsets[i+1])), decoded on first use. */
  static fromEncoded(bytes: Uint8Array, offsets: Uint32Array): StringPool {
    const pool = new StringPool();
    pool.list = null;
    pool.encoded = { bytes, offsets };
    pool.count = offsets.length - 1;
    pool.table = null;
    pool.hashes = null;
    return pool;
  }

  /** The values as one UTF-8 block and offsets (the inverse of fromEncoded). */
  encode(): { bytes: Uint8Array; offsets: Uint32Array } {
    if (this.list === null) return this.encoded!;
    const values = this.list;
    const offsets = new Uint32Array(values.length + 1);
    let total = 0;
    for (let i = 0; i < values.length; i++) {
      total += Buffer.byteLength(values[i], 'utf8');
      offsets[i + 1] = total;
    }
    const bytes = Buffer.allocUnsafe(total);
    for (let i = 0; i < values.length; i++) bytes.write(values[i], offsets[i], 'utf8');
    return { bytes, offsets };
  }

  private buildTable(): void {
    const n = this.count;
    const values = this.values;
    this.hashes = new Int32Array(Math.max(64, n));
    for (let i = 0; i < n; i++) this.hashes[i] = hashString(values[i]);
    let cap = 64;
    while (cap < n * 2 + 2) cap *= 2;
    this.table = new Int32Array(0);
    this.rehash(cap);
  }

  private rehash(cap: number): void {
    const table = new Int32Array(cap);
    const mask = cap - 1;
    const hashes = this.hashes!;
    for (let i = 0; i < this.count; i++) {
      let slot = hashes[i] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }
}

function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

function decodeStrings(bytes: Uint8Array, offsets: Uint32Array): string[] {
  const n = offsets.length - 1;
  const out = new Array<string>(n);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ascii = true;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // one string, sliced: byte offsets are character offsets
    const all = buf.toString('latin1');
    for (let i = 0; i < n; i++) out[i] = all.slice(offsets[i], offsets[i + 1]);
  } else {
    for (let i = 0; i < n; i++) out[i] = buf.toString('utf8', offsets[i], offsets[i + 1]);
  }
  return out;
}

/** One row per accepted (incident, suspect). `person` indexes Dataset.persons. */
export interface IncidentColumns {
  length: number;
  incidentId: Uint32Array; // index into Dataset.incidentIds
  day: Int32Array;
  person: Uint32Array; // index into Dataset.persons
  victim: Int32Array; // index into Dataset.victims, -1 when blank
  flags: Uint8Array; // FLAG bits
  relationship: Uint32Array; // index into Dataset.strings (0 = '')
  offense: Uint32Array; // index into Dataset.strings (0 = '')
  agency: Uint32Array; // index into Dataset.strings (0 = '')
  line: Uint32Array; // source line of the row (header = line 1)
}

/** One row per accepted notification. */
export interface NotificationColumns {
  length: number;
  person: Uint32Array; // index into Dataset.persons
  day: Int32Array;
  level: Uint8Array; // LevelCode 1..4
  type: Uint32Array; // index into Dataset.strings (0 = '')
  victimContactDay: Int32Array; // NO_DAY when blank
  line: Uint32Array;
}

type ColumnsOf<T> = Omit<T, 'length'>;
type ColumnTypes<T> = { readonly [K in keyof ColumnsOf<T>]: { new (n: number): ColumnsOf<T>[K] } };

/** Each IncidentColumns column's typed array, in storage order (the reader, the snapshot and the test builders use it). */
export const INCIDENT_COLUMN_TYPES = {
  incidentId: Uint32Array,
  day: Int32Array,
  person: Uint32Array,
  victim: Int32Array,
  flags: Uint8Array,
  relationship: Uint32Array,
  offense: Uint32Array,
  agency: Uint32Array,
  line: Uint32Array,
} as const satisfies ColumnTypes<IncidentColumns>;

/** Each NotificationColumns column's typed array, in storage order. */
export const NOTIFICATION_COLUMN_TYPES = {
  person: Uint32Array,
  day: Int32Array,
  level: Uint8Array,
  type: Uint32Array,
  victimContactDay: Int32Array,
  line: Uint32Array,
} as const satisfies ColumnTypes<NotificationColumns>;

/** Columns of `n` zeroed rows. */
export function emptyColumns<T extends { length: number }>(types: ColumnTypes<T>, n: number): T {
  const out = { length: n } as Record<string, unknown>;
  for (const [name, Type] of Object.entries(types) as [string, new (n: number) => unknown][]) out[name] = new Type(n);
  return out as T;
}

export interface Coverage {
  start: Day;
  end: Day;
  /** where each end came from, for the notes under every table */
  startSource: 'data' | 'option' | 'config';
  endSource: 'data' | 'option' | 'config';
}

export type Severity = 'error' | 'warning';

/** A validation finding. `line` is the 1-based physical line in the file (header = 1), 0 when not tied to a line. */
export interface Issue {
  file: string;
  line: number;
  column: string;
  code: string;
  severity: Severity;
  message: string;
  /** how to fix it */
  hint?: string;
  /** the offending cell, truncated; never the whole row */
  value?: string;
}

export interface InputFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** Row accounting for one input file: read = accepted + rejected + excluded, always. */
export interface RowCounts {
  read: number;
  accepted: number;
  rejected: number;
  /** rows deliberately left out by a configured filter (the IPV relationship filter), reported as warnings */
  excluded: number;
}

/**
 * Carried columns (config `carry:`, src/fields.ts): text of export columns
 * that the operational lists show beside a person and nothing analyses.
 * Cells are row-major: row i's value of column j is `pool.values[cells[i * names.length + j]]`
 * (index 0 is the blank value).
 */
export interface CarriedColumns {
  incidents: { names: string[]; cells: Uint32Array };
  notifications: { names: string[]; cells: Uint32Array };
  pool: StringPool;
}

/** No carried columns. */
export function noCarriedColumns(): CarriedColumns {
  return {
    incidents: { names: [], cells: new Uint32Array(0) },
    notifications: { names: [], cells: new Uint32Array(0) },
    pool: StringPool.from(['']),
  };
}

export interface Dataset {
  persons: StringPool; // suspect_id / person_id values
  victims: StringPool;
  incidentIds: StringPool;
  strings: StringPool; // other interned text (codes, types); index 0 is ''
  incidents: IncidentColumns;
  notifications: NotificationColumns;
  coverage: Coverage;
  files: { incidents: InputFile; notifications?: InputFile };
  counts: { incidents: RowCounts; notifications?: RowCounts };
  /** the carried columns (absent: none) */
  carried?: CarriedColumns;
  /** suspect IDs with incident rows removed by the IPV relationship filter (docs/methods.md#cohort: says why a notified person has no incident) */
  ipvExcluded?: ReadonlySet<string>;
}

/** A rendered-agnostic result: every analytic command returns one (STYLE.md habit 5). */
export interface Table {
  title?: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** definitions, options and caveats printed under the table */
  notes: string[];
  /** extra machine-readable fields for --format json (tests, summaries) */
  meta?: Record<string, unknown>;
  /**
   * An operational list's rows by whom they are about (in memory, never rendered): the person index of
   * each row, the victim index (−1: none) when a row is about a victim, and the day the list is as of.
   * The carried columns (src/classify/carried.ts) are added from it; aggregates have none.
   */
  subjects?: RowSubjects;
}

/** What each row of an operational list is about (Table.subjects). */
export interface RowSubjects {
  /** the list's date: carried values come from incidents and notifications on or before it */
  asOf: Day;
  /** the person of each row (a typed array for a long list) */
  person: ArrayLike<number>;
  victim?: ArrayLike<number>;
}

export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  label?: string;
  /** number of decimals in human formats; JSON keeps full precision */
  decimals?: number;
  /** 'percent' renders 0.25 as 25.0% in human formats; 'pvalue' renders below 0.0001 as <0.0001 */
  kind?: 'text' | 'int' | 'number' | 'percent' | 'pvalue' | 'date' | 'bool';
}
