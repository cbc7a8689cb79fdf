/**
 * Collects validation issues without throwing at the first (STYLE.md habit 9).
 * Keeps at most `maxStored` issues in memory but counts every one by code, so
 * a file with a million bad rows reports exact totals in bounded memory.
 */
import type { Issue, Severity } from '../model.js';
import { visible } from '../io/terminal-safe.js';

export const MAX_VALUE_SHOWN = 40;

/** The offending cell, truncated, with control characters made visible: never the whole row. */
export function shownValue(value: string): string {
  const clean = visible(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are shown escaped
    value.replace(/[\u0000-\u001f\u007f]/g, (c) =>
      c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : '?',
    ),
  );
  return clean.length > MAX_VALUE_SHOWN ? clean.slice(0, MAX_VALUE_SHOWN) + '…' : clean;
}

/**
 * The issue codes whose message and hint quote no cell value, ID or header
 * text — only counts, dates, line numbers and the configuration — so they may
 * be shown under --pseudonymize. An allow-list, not a deny-list: a code added
 * later, or one left out here, has its message withheld (fail-safe). Keep a
 * code here only when every message it can carry is free of row contents.
 */
export const MESSAGE_QUOTES_NO_VALUE: ReadonlySet<string> = new Set([
  'ragged_row',
  'empty_file',
  'encoding_guessed',
  'bad_encoding',
  'csv_unterminated_quote',
  'csv_bad_quote',
  'csv_record_too_large',
  'csv_too_many_columns',
  'csv_encoding',
  'csv_syntax',
  'future_date',
  'outside_coverage',
  'implausible_date',
  'notification_before_incident',
  'victim_safety',
  'date_outlier',
  'coverage_from_outlier',
  'cross_checks_skipped',
  'id_hidden_characters',
  'id_mixed_script',
  'id_too_long',
  'bad_boolean',
  'unknown_level',
]);

export const WITHHELD_MESSAGE = '(message withheld: it may quote row contents, and --pseudonymize is on)';

/**
 * The issues as shown under --pseudonymize: file, line, column, code and
 * severity; never the value; the message and hint only for codes in
 * MESSAGE_QUOTES_NO_VALUE.
 */
export function withheldIssues(issues: Issue[]): Issue[] {
  return issues.map((i) => {
    const safe = MESSAGE_QUOTES_NO_VALUE.has(i.code);
    return {
      ...i,
      value: undefined,
      message: safe ? i.message : WITHHELD_MESSAGE,
      hint: safe ? i.hint : 'run ipvi validate without --pseudonymize, in a private place, to see it',
    };
  });
}

/**
 * Issues about the file's structure rather than a row: a missing or ambiguous
 * column, an empty file, CSV that cannot be parsed past a point. Rows cannot
 * be trusted after them, so --skip-invalid does not skip them.
 */
export function isStructural(code: string): boolean {
  return code.startsWith('csv_') || code === 'missing_column' || code === 'ambiguous_column' || code === 'empty_file';
}

/**
 * A fact about the input that is neither an error nor a warning: a filter
 * outcome (a row excluded by the IPV filter, per relationship value), a blank
 * line, a "no value" spelling read as empty. Counted per (code, value) and
 * reported in the summary; never fails --strict.
 */
export interface NoteCount {
  code: string;
  value: string;
  count: number;
}

export class IssueLog {
  /** the stored errors (at most maxStored), in the order found */
  readonly errorList: Issue[] = [];
  /** the stored warnings (at most maxStored): errors are never crowded out by warnings */
  readonly warningList: Issue[] = [];
  readonly countsByCode = new Map<string, { severity: Severity; count: number }>();
  /** notes: code → value → count */
  readonly notes = new Map<string, Map<string, number>>();
  errors = 0;
  warnings = 0;
  /** structural errors (see isStructural) */
  structural = 0;

  constructor(readonly maxStored = 1000) {}

  add(issue: Issue): void {
    if (issue.severity === 'error') {
      this.errors++;
      if (isStructural(issue.code)) this.structural++;
      // a structural error is always kept (there are few): it is the one a reader must see first
      if (this.errorList.length < this.maxStored || isStructural(issue.code)) this.errorList.push(issue);
    } else {
      this.warnings++;
      if (this.warningList.length < this.maxStored) this.warningList.push(issue);
    }
    const c = this.countsByCode.get(issue.code);
    if (c) c.count++;
    else this.countsByCode.set(issue.code, { severity: issue.severity, count: 1 });
  }

  /** Count a note (see NoteCount). */
  note(code: string, value = '', n = 1): void {
    let m = this.notes.get(code);
    if (!m) this.notes.set(code, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + n);
  }

  /** suspects with rows excluded by the IPV filter: id → relationship value → rows (for "all excluded by the IPV filter") */
  readonly excludedSuspects = new Map<string, Map<string, number>>();

  /** lines of the rows excluded by the IPV filter, per relationship value (for validate --list-excluded) */
  readonly excludedLines = new Map<string, number[]>();

  /** A row excluded by the IPV filter: counted per value (a note), per suspect, and its line kept. */
  excludeRow(suspect: string, value: string, line: number): void {
    this.note('ipv_excluded', value);
    let m = this.excludedSuspects.get(suspect);
    if (!m) this.excludedSuspects.set(suspect, (m = new Map()));
    m.set(value, (m.get(value) ?? 0) + 1);
    let lines = this.excludedLines.get(value);
    if (!lines) this.excludedLines.set(value, (lines = []));
    lines.push(line);
  }

  /** The excluded rows in line order: line and relationship value, nothing else of the row. */
  excludedRows(): { line: number; relationship: string }[] {
    const out: { line: number; relationship: string }[] = [];
    for (const [relationship, lines] of this.excludedLines) for (const line of lines) out.push({ line, relationship });
    return out.sort((a, b) => a.line - b.line);
  }

  /** "3 incidents, all excluded by the IPV filter (Parent 2, Sibling 1)", or undefined when the suspect had none excluded. */
  excludedText(suspect: string): string | undefined {
    const m = this.excludedSuspects.get(suspect);
    if (!m) return undefined;
    let n = 0;
    for (const c of m.values()) n += c;
    return `${n} incident${n === 1 ? '' : 's'}, all excluded by the IPV filter (${[...m].map(([v, c]) => `${v} ${c}`).join(', ')})`;
  }

  /** Every note, by code then most frequent value first. */
  noteCounts(): NoteCount[] {
    const out: NoteCount[] = [];
    for (const [code, m] of this.notes) {
      for (const [value, count] of [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
        out.push({ code, value, count });
    }
    return out;
  }

  /** The total of one note code. */
  noteTotal(code: string): number {
    let n = 0;
    for (const c of this.notes.get(code)?.values() ?? []) n += c;
    return n;
  }

  /**
   * Append the log of the rest of a file read apart (src/ingest/split.ts), as if its
   * issues, notes and excluded rows had been added here one by one after this log's:
   * its stored issues are the first of each kind (every structural error kept), so the
   * ones this log would store are among them; first appearances keep their order.
   */
  append(rest: IssueLogState): void {
    for (const i of rest.issues) {
      if (i.severity === 'error') {
        if (this.errorList.length < this.maxStored || isStructural(i.code)) this.errorList.push(i);
      } else if (this.warningList.length < this.maxStored) this.warningList.push(i);
    }
    this.errors += rest.errors;
    this.warnings += rest.warnings;
    this.structural += rest.structural;
    for (const [code, c] of rest.countsByCode) {
      const mine = this.countsByCode.get(code);
      if (mine) mine.count += c.count;
      else this.countsByCode.set(code, { ...c });
    }
    for (const [code, values] of rest.notes ?? []) for (const [value, n] of values) this.note(code, value, n);
    for (const [id, values] of rest.excludedSuspects ?? []) {
      let m = this.excludedSuspects.get(id);
      if (!m) this.excludedSuspects.set(id, (m = new Map()));
      for (const [value, n] of values) m.set(value, (m.get(value) ?? 0) + n);
    }
    for (const [value, lines] of rest.excludedLines ?? []) {
      const mine = this.excludedLines.get(value);
      if (mine) for (const line of lines) mine.push(line);
      else this.excludedLines.set(value, lines);
    }
  }

  /** Every stored issue (errors, then warnings). */
  get issues(): Issue[] {
    return [...this.errorList, ...this.warningList];
  }

  get truncated(): boolean {
    return this.errors > this.errorList.length || this.warnings > this.warningList.length;
  }

  /**
   * Stored issues: structural errors first (a missing column explains the
   * row errors after it, in either file), then the other errors, then the
   * warnings, each group in file, line order.
   */
  sorted(): Issue[] {
    const byPlace = (a: Issue, b: Issue) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
    const structural = this.errorList.filter((i) => isStructural(i.code));
    const rows = this.errorList.filter((i) => !isStructural(i.code));
    return [...structural.sort(byPlace), ...rows.sort(byPlace), ...[...this.warningList].sort(byPlace)];
  }
}

/** An IssueLog as plain data (kept in a snapshot, so a warm run reports exactly what the cold run did). */
export interface IssueLogState {
  maxStored: number;
  issues: Issue[];
  notes?: [string, [string, number][]][];
  excludedSuspects?: [string, [string, number][]][];
  excludedLines?: [string, number[]][];
  countsByCode: [string, { severity: Severity; count: number }][];
  errors: number;
  warnings: number;
  structural: number;
}

export function saveIssueLog(log: IssueLog): IssueLogState {
  return {
    maxStored: log.maxStored,
    issues: log.issues,
    notes: [...log.notes].map(([code, m]) => [code, [...m]]),
    excludedSuspects: [...log.excludedSuspects].map(([id, m]) => [id, [...m]]),
    excludedLines: [...log.excludedLines],
    countsByCode: [...log.countsByCode.entries()],
    errors: log.errors,
    warnings: log.warnings,
    structural: log.structural,
  };
}

export function restoreIssueLog(state: IssueLogState): IssueLog {
  const log = new IssueLog(state.maxStored);
  for (const i of state.issues) (i.severity === 'error' ? log.errorList : log.warningList).push(i);
  for (const [code, values] of state.notes ?? []) log.notes.set(code, new Map(values));
  for (const [id, values] of state.excludedSuspects ?? []) log.excludedSuspects.set(id, new Map(values));
  for (const [value, lines] of state.excludedLines ?? []) log.excludedLines.set(value, lines);
  for (const [code, c] of state.countsByCode) log.countsByCode.set(code, { ...c });
  log.errors = state.errors;
  log.warnings = state.warnings;
  log.structural = state.structural;
  return log;
}
