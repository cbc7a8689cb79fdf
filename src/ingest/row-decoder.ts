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

export class RowDecoder<F extends string> {
  /** source column index per canonical field; -1 when absent */
  readonly index: Record<F, number>;
  fields: string[] = [];
  line = 0;
  rejected = false;
  private readonly boolCache = new Map<string, boolean>();

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
    let v = (this.fields[this.carryIndex[k]] ?? '').trim();
    if (v === '' || this.spec.nullValues.has(v.toLowerCase())) return '';
    if (!PLAIN_ASCII.test(v)) v = v.normalize('NFC');
    return v.length > MAX_CARRIED_CHARS ? `${v.slice(0, MAX_CARRIED_CHARS - 1)}…` : v;
  }

  start(fields: string[], line: number): void {
    this.fields = fields;
    this.line = line;
    this.rejected = false;
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
    return i >= 0 ? (this.fields[i] ?? '') : '';
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
    const raw = this.fields[i] ?? '';
    const hit = this.boolCache.get(raw);
    if (hit !== undefined) return hit;
    let v = raw.trim().toLowerCase();
    // a spelling listed under booleans: wins over null_values (`false: [No, N/A]` reads N/A as no)
    if (!this.spec.trueValues.has(v) && !this.spec.falseValues.has(v) && this.spec.nullValues.has(v)) v = '';
    if (this.spec.trueValues.has(v) || this.spec.falseValues.has(v)) {
      const value = this.spec.trueValues.has(v);
      if (this.boolCache.size < 256) this.boolCache.set(raw, value);
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

  /** A row whose cell count differs from the header's. */
  ragged(expected: number): boolean {
    if (this.fields.length === expected) return false;
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
