/**
 * Header mapping and cell decoding shared by the incident and notification
 * readers: each cell problem becomes an Issue naming the file, line, column
 * (the source header, with the canonical field when they differ), the value
 * and the fix; a row with any error is rejected as a whole.
 */
import type { Day, Issue } from '../model.js';
import type { Checks, FileSpec } from '../config/load.js';
import type { DayParser } from '../config/date-format.js';
import { formatDay } from '../dates.js';
import { MAX_CARRIED_CHARS } from '../fields.js';
import { editDistance } from '../edit-distance.js';
import { hasUnsafeCharacters } from '../io/terminal-safe.js';
import { type IssueLog, shownValue } from './issues.js';
import type { BytePool } from './byte-pool.js';

/** The header column closest to `name` (case, spaces and punctuation ignored; at most a third of it edited), or undefined. */
export function closestHeader(name: string, header: readonly string[]): string | undefined {
  const norm = (x: string) => x.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const want = norm(name);
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(want.length / 3)) + 1;
  for (const h of header) {
    const d = editDistance(want, norm(h), { transpositions: true });
    if (d < bestD) {
      best = h;
      bestD = d;
    }
  }
  return best;
}

const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Cells up to this many bytes have a number key (cellKey) for the caches of decoded values. */
const KEY_BYTES = 6;
const KEY_LENGTH = 2 ** (8 * KEY_BYTES);
/** Decoded-value caches stop growing at this size (exports repeat a few spellings; dates a few thousand days). */
const CACHE_MAX = 65536;
/** The digit of each byte of a date (0–9), a separator (`-` `/` `.` space `:`: 10–14), or -1 (cellKey10). */
const DATE_NIBBLE = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) DATE_NIBBLE[0x30 + c] = c;
for (const [k, c] of [0x2d, 0x2f, 0x2e, 0x20, 0x3a].entries()) DATE_NIBBLE[c] = 10 + k;
/** Days are cached as day + DAY_OFFSET (≥ 0 for every date from year 0 on) */
const DAY_OFFSET = 2 ** 24;

/**
 * A small map from cell keys (RowDecoder.cellKey, whole numbers below 2^53) to values
 * (whole numbers ≥ 0, or -2): open addressing over typed arrays, no Map hashing of
 * large numbers. Holds at most `limit` entries; past that, `set` does nothing.
 */
export class KeyCache {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly used: Uint8Array;
  private n = 0;
  constructor(private readonly limit = 256) {
    let cap = 16;
    while (cap < limit * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap);
    this.used = new Uint8Array(cap);
  }
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) >>> 0, 0x9e3779b1), 0x85ebca6b);
    s = (s ^ (s >>> 16)) & mask;
    while (this.used[s] && this.keys[s] !== key) s = (s + 1) & mask;
    return s;
  }
  /** The value stored for `key`, or -1 when there is none. */
  get(key: number): number {
    const s = this.slot(key);
    return this.used[s] ? this.values[s] : -1;
  }
  set(key: number, value: number): void {
    const s = this.slot(key);
    if (this.used[s]) {
      this.values[s] = value;
      return;
    }
    if (this.n >= this.limit) return;
    this.n++;
    this.used[s] = 1;
    this.keys[s] = key;
    this.values[s] = value;
  }
}

export class RowDecoder<F extends string> {
  /** source column index per canonical field; -1 when absent */
  readonly index: Record<F, number>;
  line = 0;
  rejected = false;
  private readonly boolCache = new Map<string, boolean>();
  /**
   * The row: its fields as strings, or (null) as bytes — `buf[starts[k] .. ends[k])`, UTF-8,
   * for a record without quotes read by the fast reader (startCells); strings are then made
   * only for the cells that need one.
   */
  private strings: string[] | null = [];
  private buf: Buffer = Buffer.alloc(0);
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);
  private count = 0;
  /** cell key (cellKey) → value, for cells whose decoding gave no issue and no note */
  private readonly boolKeys = new KeyCache();
  /** the two spellings last read from boolKeys (-1: none) */
  private boolKey0 = -1;
  private boolValue0 = false;
  private boolKey1 = -1;
  private boolValue1 = false;
  /** isoIndex → day + DAY_OFFSET (0: not known yet) */
  private readonly isoDays = new Int32Array(200 * 12 * 31);
  /** cell key (cellKey10) → day + DAY_OFFSET */
  private readonly dayKeys = new KeyCache(CACHE_MAX);
  /** BytePool.hash of the ID cell in column i, set by plainId */
  private readonly idHashes: Int32Array;
  /** nullLength[n]: a "no value" spelling has n characters (n ≤ maxNullLength) */
  private readonly nullLength: Uint8Array;
  private readonly maxNullLength: number;
  /** nullFirst[b]: a "no value" spelling starts with the ASCII byte b, in either case */
  private readonly nullFirst = new Uint8Array(256);

  constructor(
    readonly file: string,
    readonly spec: FileSpec<F>,
    readonly log: IssueLog,
    private readonly parseDay: DayParser,
    index: Record<F, number>,
    /** plausibility limits (config `checks:`); none: no limits */
    private readonly checks?: Pick<Checks, 'maxIdLength' | 'earliestDay' | 'latestDay'>,
  ) {
    this.index = index;
    this.idHashes = new Int32Array(Math.max(0, ...Object.values<number>(index)) + 1);
    this.maxNullLength = Math.max(0, ...[...spec.nullValues].map((v) => v.length));
    this.nullLength = new Uint8Array(this.maxNullLength + 1);
    for (const v of spec.nullValues) {
      this.nullLength[v.length] = 1;
      const c = v.charCodeAt(0);
      // a non-ASCII first letter can only be matched by a cell with a non-ASCII byte (never a plain ID)
      if (c < 0x80) {
        this.nullFirst[c] = 1;
        this.nullFirst[v[0].toUpperCase().charCodeAt(0)] = 1;
        this.nullFirst[v[0].toLowerCase().charCodeAt(0)] = 1;
      }
    }
  }

  /**
   * Map the header to canonical fields. Returns null (after logging) when a
   * required column is missing or a mapped column is ambiguous.
   */
  static mapHeader<F extends string>(
    header: string[],
    spec: FileSpec<F>,
    required: readonly NoInfer<F>[],
    file: string,
    log: IssueLog,
    configured: boolean,
  ): Record<F, number> | null {
    const trimmed = header.map((h) => h.trim());
    const lower = trimmed.map((h) => h.toLowerCase());
    const index = {} as Record<F, number>;
    let ok = true;
    for (const field of Object.keys(spec.columns) as F[]) {
      const name = spec.columns[field];
      let at = trimmed.indexOf(name.trim());
      if (at < 0) at = lower.indexOf(name.trim().toLowerCase());
      const again = at >= 0 ? lower.indexOf(lower[at], at + 1) : -1;
      if (at >= 0 && again >= 0) {
        log.add({
          file,
          line: 1,
          column: name,
          code: 'ambiguous_column',
          severity: 'error',
          message: `the header has column '${name}' twice (columns ${at + 1} and ${again + 1})`,
          hint: 'rename one of them in the export, or map the field to a unique header in the config',
        });
        ok = false;
      }
      index[field] = at;
      if (at < 0 && required.includes(field)) {
        const shown = name === field ? `'${field}'` : `'${name}' (for ${field})`;
        const close = closestHeader(name, trimmed);
        // YAML reads `incident_id: Report #` as 'Report' (the # starts a comment)
        const lostHash = trimmed.find((h) => h.startsWith(`${name.trim()} #`));
        const columns =
          trimmed.length <= 40 ? trimmed.map((h) => `'${shownValue(h)}'`).join(', ') : `${trimmed.length} columns`;
        log.add({
          file,
          line: 1,
          column: name,
          code: 'missing_column',
          severity: 'error',
          message: `required column ${shown} is not in the header${close ? `; did you mean '${shownValue(close)}'?` : ''} (the header's columns: ${columns})`,
          hint: lostHash
            ? `quote the column name in the config: ${field}: "${lostHash}" (in YAML an unquoted # starts a comment)`
            : configured
              ? `map ${field} to one of the header's columns under columns: in the config${close ? ` (e.g. ${field}: "${close}")` : ''}`
              : `add the column, or write a config that maps ${field} to your export's column (ipvi init --from ${file})`,
        });
        ok = false;
      }
    }
    return ok ? index : null;
  }

  /**
   * The source column index of each carried column (config `carry:`), or null
   * (after logging a missing_column error, which stops the file like a
   * missing required column: the config asks for a column the export lacks).
   */
  static mapCarry(header: string[], spec: FileSpec<string>, file: string, log: IssueLog): number[] | null {
    const trimmed = header.map((h) => h.trim());
    const lower = trimmed.map((h) => h.toLowerCase());
    const out: number[] = [];
    for (const [name, source] of spec.carry) {
      let at = trimmed.indexOf(source.trim());
      if (at < 0) at = lower.indexOf(source.trim().toLowerCase());
      if (at < 0) {
        const close = closestHeader(source, trimmed);
        log.add({
          file,
          line: 1,
          column: source,
          code: 'missing_column',
          severity: 'error',
          message: `carried column '${shownValue(source)}' (for ${name}) is not in the header${close ? `; did you mean '${shownValue(close)}'?` : ''}`,
          hint: `map ${name} to one of the header's columns under carry: in the config, or remove it from carry:`,
        });
        return null;
      }
      out.push(at);
    }
    return out;
  }

  /** source column of each carried column (mapCarry) */
  carryIndex: number[] = [];

  /**
   * The text of carried column k: trimmed, Unicode NFC, a "no value" spelling
   * read as blank, cut to MAX_CARRIED_CHARS with `…`. Never an error: carried
   * text is shown, not analysed.
   */
  carried(k: number): string {
    let v = this.cell(this.carryIndex[k]).trim();
    if (v === '' || this.spec.nullValues.has(v.toLowerCase())) return '';
    if (!PLAIN_ASCII.test(v)) v = v.normalize('NFC');
    return v.length > MAX_CARRIED_CHARS ? `${v.slice(0, MAX_CARRIED_CHARS - 1)}…` : v;
  }

  start(fields: string[], line: number): void {
    this.strings = fields;
    this.line = line;
    this.rejected = false;
  }

  /** Start a row given as bytes (readCsv's OnCells): the arrays are only read until the next row starts. */
  startCells(buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number): void {
    this.strings = null;
    this.buf = buf;
    this.starts = starts;
    this.ends = ends;
    this.count = count;
    this.line = line;
    this.rejected = false;
  }

  /** The row's fields as strings (made now for a row given as bytes). */
  get fields(): string[] {
    if (this.strings === null) {
      const out = new Array<string>(this.count);
      for (let k = 0; k < this.count; k++) out[k] = this.cell(k);
      this.strings = out;
    }
    return this.strings;
  }

  /** Field i of the row as a string ('' past the end). */
  private cell(i: number): string {
    if (this.strings !== null) return this.strings[i] ?? '';
    return i < this.count ? this.buf.utf8Slice(this.starts[i], this.ends[i]) : '';
  }

  /** Whether every field is blank (Excel's `,,,,` rows). */
  allEmpty(): boolean {
    if (this.strings === null) {
      const { buf, starts, ends } = this;
      for (let k = 0; k < this.count; k++) {
        for (let i = starts[k]; i < ends[k]; i++) {
          const c = buf[i];
          // ASCII white space is what trim removes; any other byte: decide on the string
          if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
          if (c < 0x80) return false;
          return this.fields.every((f) => f.trim() === '');
        }
      }
      return true;
    }
    for (const f of this.strings) if (f.trim() !== '') return false;
    return true;
  }

  /**
   * A number standing for the raw bytes of `field`'s cell when the row is given as bytes and
   * the cell has at most KEY_BYTES bytes (one key per byte string); -1 otherwise. The caches
   * of decoded values are keyed by it, so a repeated spelling is decoded without a string.
   */
  cellKey(field: F): number {
    const i = this.index[field];
    if (this.strings !== null || i < 0 || i >= this.count) return -1;
    const a = this.starts[i];
    const n = this.ends[i] - a;
    if (n > KEY_BYTES) return -1;
    let key = 0;
    for (let k = 0; k < n; k++) key = key * 256 + this.buf[a + k];
    return key + n * KEY_LENGTH;
  }

  /**
   * Whether `field`'s cell, given as bytes, is an ID that `id()` would take as it is: printable
   * ASCII without white space at either end (nothing to trim, normalise or warn about), not a
   * "no value" spelling and not too long. Such a cell is interned from its bytes (internId).
   */
  plainId(field: F): boolean {
    const i = this.index[field];
    if (this.strings !== null || i < 0 || i >= this.count) return false;
    const a = this.starts[i];
    const e = this.ends[i];
    const n = e - a;
    if (n === 0) return false;
    const buf = this.buf;
    if (buf[a] === 0x20 || buf[e - 1] === 0x20) return false;
    // checked and hashed (BytePool.hash) in one pass
    let h = 0x811c9dc5 | 0;
    for (let k = a; k < e; k++) {
      const c = buf[k];
      if (c < 0x20 || c > 0x7e) return false;
      h = Math.imul(h ^ c, 0x01000193);
    }
    this.idHashes[i] = h ^ (h >>> 15);
    if (
      n <= this.maxNullLength &&
      this.nullLength[n] &&
      this.nullFirst[buf[a]] &&
      this.spec.nullValues.has(this.cell(i).toLowerCase())
    )
      return false;
    const max = this.checks?.maxIdLength;
    return max === undefined || n <= max;
  }

  /** The pool index of a plainId cell, interned from its bytes; `last` is reused when it is the same value. */
  internId(field: F, pool: BytePool, last = -1): number {
    const i = this.index[field];
    const a = this.starts[i];
    const e = this.ends[i];
    if (last >= 0 && pool.equalsBytes(last, this.buf, a, e)) return last;
    return pool.internBytes(this.buf, a, e, this.idHashes[i]);
  }

  /** Record the "no value" note optional() records for `field`. */
  noteNull(field: F): void {
    this.log.note('null_value', this.spec.columns[field]);
  }

  column(field: F): string {
    const name = this.spec.columns[field];
    return name === field ? field : `${name} (${field})`;
  }

  issue(
    field: F,
    code: string,
    message: string,
    hint: string,
    severity: Issue['severity'] = 'error',
    value?: string,
  ): void {
    if (severity === 'error') this.rejected = true;
    this.log.add({
      file: this.file,
      line: this.line,
      column: this.column(field),
      code,
      severity,
      message,
      hint,
      value: value === undefined ? undefined : shownValue(value),
    });
  }

  raw(field: F): string {
    const i = this.index[field];
    return i >= 0 ? this.cell(i) : '';
  }

  /** The trimmed cell; '' for a "no value" spelling (null_values). */
  text(field: F): string {
    const v = this.raw(field).trim();
    return v !== '' && this.spec.nullValues.has(v.toLowerCase()) ? '' : v;
  }

  /**
   * The trimmed cell of an optional field: a "no value" spelling is read as
   * empty and counted as a note (per column).
   */
  optional(field: F): string {
    const v = this.raw(field).trim();
    if (v !== '' && this.spec.nullValues.has(v.toLowerCase())) {
      this.log.note('null_value', this.spec.columns[field]);
      return '';
    }
    return v;
  }

  /** The blank_required error; its fix names null_values when the cell was a "no value" spelling. */
  private blank(field: F): void {
    const raw = this.raw(field).trim();
    if (raw === '') {
      this.issue(field, 'blank_required', `${field} is blank`, `fill in ${field}; every row needs one`);
    } else {
      this.issue(
        field,
        'blank_required',
        `${field} is '${shownValue(raw)}', a "no value" spelling`,
        `fill in ${field}; every row needs one (or, if '${shownValue(raw)}' is a real value, list the file's null_values: in the config without it)`,
        'error',
        raw,
      );
    }
  }

  required(field: F): string {
    const v = this.text(field);
    if (v === '') this.blank(field);
    return v;
  }

  date(field: F, required: boolean): Day | null {
    if (!required && this.emptyCell(field)) return null;
    // a date that reads without an issue or a note is cached by its bytes: yyyy-MM-dd of 1900–2099
    // in an array, other short dates in a KeyCache
    const iso = this.isoIndex(field);
    if (iso >= 0 && this.isoDays[iso] !== 0) return this.isoDays[iso] - DAY_OFFSET;
    const key = iso >= 0 ? -1 : this.cellKey10(field);
    if (key >= 0) {
      const hit = this.dayKeys.get(key);
      if (hit >= 0) return hit - DAY_OFFSET;
    }
    if (iso >= 0 || key >= 0) {
      const v = this.raw(field).trim();
      if (v !== '' && !this.spec.nullValues.has(v.toLowerCase())) {
        const day = this.parseDay(v);
        if (day !== null && !(this.checks && (day < this.checks.earliestDay || day > this.checks.latestDay))) {
          if (day + DAY_OFFSET > 0) {
            if (iso >= 0) this.isoDays[iso] = day + DAY_OFFSET;
            else this.dayKeys.set(key, day + DAY_OFFSET);
          }
          return day;
        }
      }
    }
    const v = required ? this.text(field) : this.optional(field);
    if (v === '') {
      if (required) this.blank(field);
      return null;
    }
    const day = this.parseDay(v);
    if (day === null) {
      const formats = this.spec.dateFormats
        ? this.spec.dateFormats.join(' or ')
        : 'yyyy-MM-dd (optionally with a time)';
      const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})(.*)$/.exec(v);
      const swapped = m ? `${m[3]}${m[2]}${m[1]}${m[2]}${m[4]}${m[5]}` : '';
      const swap =
        swapped && this.parseDay(swapped) !== null
          ? `; day and month swapped? '${shownValue(swapped)}' is a date in that format`
          : '';
      this.issue(
        field,
        'bad_date',
        `not a date in the format ${formats}${swap}`,
        swap
          ? `check whether the export writes day/month or month/day, and set date_formats in the config to match (e.g. ["dd/MM/yyyy"])`
          : `write a real calendar date as ${formats}, or list the export's format under date_formats in the config`,
        'error',
        v,
      );
    } else if (this.checks && (day < this.checks.earliestDay || day > this.checks.latestDay)) {
      this.issue(
        field,
        'implausible_date',
        `${formatDay(day)} is outside the plausible dates ${formatDay(this.checks.earliestDay)} to ${formatDay(this.checks.latestDay)} (a typo in the year?)`,
        'correct the year; if such dates are real, widen checks.earliest_date / checks.latest_date in the config',
        'error',
        v,
      );
      return null;
    }
    return day;
  }

  /**
   * An identifier cell (incident, person or victim ID): longer than
   * checks.max_id_length is an error; control, bidirectional and zero-width
   * characters and a mix of Latin with Cyrillic or Greek letters are warnings
   * (they hide rows on a terminal, or make two IDs look alike); the value is
   * normalised to Unicode NFC, so composed and decomposed spellings are one ID.
   */
  id(field: F, required = true): string {
    let v = required ? this.required(field) : this.optional(field);
    if (v === '') return v;
    if (!PLAIN_ASCII.test(v)) {
      if (hasUnsafeCharacters(v)) {
        this.issue(
          field,
          'id_hidden_characters',
          'the ID holds control, bidirectional or zero-width characters (shown escaped): on a terminal they can hide rows, and two IDs that look the same can differ',
          'remove the characters from the export (they are not part of a real ID)',
          'warning',
          v,
        );
      } else if (LATIN.test(v) && LOOKALIKE.test(v)) {
        this.issue(
          field,
          'id_mixed_script',
          'the ID mixes Latin letters with Cyrillic or Greek ones, which look alike (P1О0 with a Cyrillic О is not P100)',
          'check the ID against the source system',
          'warning',
          v,
        );
      }
      const nfc = v.normalize('NFC');
      if (nfc !== v) v = nfc;
    }
    const max = this.checks?.maxIdLength;
    if (max !== undefined && v.length > max) {
      this.issue(
        field,
        'id_too_long',
        `the ID is ${v.length} characters; at most ${max} are accepted`,
        'check the column mapping (is a text column mapped as the ID?), or raise checks.max_id_length in the config',
        'error',
        v,
      );
    }
    return v;
  }

  bool(field: F): boolean {
    const i = this.index[field];
    if (i < 0) return false;
    // exports repeat a handful of spellings: the raw cell → its value, cached (valid spellings only)
    const key = this.cellKey(field);
    if (key >= 0) {
      // most cells are one of two spellings: those two first
      if (key === this.boolKey0) return this.boolValue0;
      if (key === this.boolKey1) return this.boolValue1;
      const hit = this.boolKeys.get(key);
      if (hit >= 0) {
        this.boolKey1 = this.boolKey0;
        this.boolValue1 = this.boolValue0;
        this.boolKey0 = key;
        this.boolValue0 = hit === 1;
        return hit === 1;
      }
    }
    const raw = this.cell(i);
    const hit = this.boolCache.get(raw);
    if (hit !== undefined) {
      if (key >= 0) this.boolKeys.set(key, hit ? 1 : 0);
      return hit;
    }
    let v = raw.trim().toLowerCase();
    // a spelling listed under booleans: wins over null_values (`false: [No, N/A]` reads N/A as no)
    if (!this.spec.trueValues.has(v) && !this.spec.falseValues.has(v) && this.spec.nullValues.has(v)) v = '';
    if (this.spec.trueValues.has(v) || this.spec.falseValues.has(v)) {
      const value = this.spec.trueValues.has(v);
      if (this.boolCache.size < 256) this.boolCache.set(raw, value);
      if (key >= 0) this.boolKeys.set(key, value ? 1 : 0);
      return value;
    }
    this.issue(
      field,
      'bad_boolean',
      'not a yes/no value',
      `use one of ${[...this.spec.trueValues].join('/')} for yes and ${[...this.spec.falseValues].map((x) => x || '(blank)').join('/')} for no, or list the export's spellings under booleans: in the config`,
      'error',
      raw.trim(),
    );
    return false;
  }

  /**
   * For a cell (given as bytes) spelled yyyy-MM-dd with a year 1900–2099, a month 01–12 and
   * a day 01–31, its place in isoDays (one place per such spelling); -1 otherwise.
   */
  private isoIndex(field: F): number {
    const i = this.index[field];
    if (this.strings !== null || i < 0 || i >= this.count) return -1;
    const a = this.starts[i];
    if (this.ends[i] - a !== 10) return -1;
    const b = this.buf;
    if (b[a + 4] !== 0x2d || b[a + 7] !== 0x2d) return -1;
    const y0 = b[a] - 0x30,
      y1 = b[a + 1] - 0x30,
      y2 = b[a + 2] - 0x30,
      y3 = b[a + 3] - 0x30,
      m0 = b[a + 5] - 0x30,
      m1 = b[a + 6] - 0x30,
      d0 = b[a + 8] - 0x30,
      d1 = b[a + 9] - 0x30;
    // a byte that is not a digit is below 0 or above 9 here (>>> 0 makes a negative one large)
    if (
      y0 >>> 0 > 9 ||
      y1 >>> 0 > 9 ||
      y2 >>> 0 > 9 ||
      y3 >>> 0 > 9 ||
      m0 >>> 0 > 9 ||
      m1 >>> 0 > 9 ||
      d0 >>> 0 > 9 ||
      d1 >>> 0 > 9
    )
      return -1;
    const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    const m = m0 * 10 + m1;
    const d = d0 * 10 + d1;
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31) return -1;
    return ((y - 1900) * 12 + m - 1) * 31 + d - 1;
  }

  /** Whether `field`'s cell, given as bytes, is empty (an absent column or a row as strings: false). */
  private emptyCell(field: F): boolean {
    const i = this.index[field];
    return this.strings === null && i >= 0 && i < this.count && this.starts[i] === this.ends[i];
  }

  /**
   * A number standing for the bytes of a cell of 7 to 10 bytes made of digits and
   * date separators (`-`, `/`, `.`, space, `:`), for the cache of dates; -1 otherwise.
   */
  private cellKey10(field: F): number {
    const i = this.index[field];
    if (this.strings !== null || i < 0 || i >= this.count) return -1;
    const a = this.starts[i];
    const n = this.ends[i] - a;
    if (n < 7 || n > 10) return -1;
    let key = n;
    for (let k = 0; k < n; k++) {
      const d = DATE_NIBBLE[this.buf[a + k]];
      if (d < 0) return -1;
      key = key * 16 + d;
    }
    return key;
  }

  /** A row whose cell count differs from the header's. */
  ragged(expected: number): boolean {
    if ((this.strings === null ? this.count : this.strings.length) === expected) return false;
    this.rejected = true;
    this.log.add({
      file: this.file,
      line: this.line,
      column: '',
      code: 'ragged_row',
      severity: 'error',
      message: `the row has ${this.fields.length} fields but the header has ${expected}`,
      hint: 'check for an unquoted delimiter inside a value, or a missing/extra delimiter',
    });
    return true;
  }
}
