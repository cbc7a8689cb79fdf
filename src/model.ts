/**
 * The canonical data model (../shared/spec/DEFINITIONS.md §1), held column-wise.
 *
 * A 1,000,000-row export must fit comfortably in memory, so records are not
 * objects: every column is a typed array indexed by row, dates are day numbers
 * (days since 1970-01-01 on the proleptic Gregorian calendar, no time zone),
 * identifiers are interned into string pools, and boolean fields are bits.
 */

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

/** Bits of IncidentColumns.flags. `offense` and `serious` are derived (§2). */
export const FLAG = {
  arrest: 1 << 0,
  injury: 1 << 1,
  weapon: 1 << 2,
  strangulation: 1 << 3,
  felony: 1 << 4,
  /** derived: an offense incident (§2, configurable) */
  offense: 1 << 5,
  /** derived: a serious incident (§2, configurable) */
  serious: 1 << 6,
} as const;
export const BOOLEAN_FIELDS = ['arrest', 'injury', 'weapon', 'strangulation', 'felony'] as const;
export type BooleanField = (typeof BOOLEAN_FIELDS)[number];

/** Interned strings: each distinct value gets a dense index, in order of first appearance. */
export class StringPool {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }

  get(value: string): number | undefined {
    return this.index.get(value);
  }

  get size(): number {
    return this.values.length;
  }

  static from(values: string[]): StringPool {
    const pool = new StringPool();
    for (const v of values) pool.intern(v);
    return pool;
  }
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
