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
  const clean = visible(value.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : '?')));
  return clean.length > MAX_VALUE_SHOWN ? clean.slice(0, MAX_VALUE_SHOWN) + '…' : clean;
}

/**
 * Issues about the file's structure rather than a row: a missing or ambiguous
 * column, an empty file, CSV that cannot be parsed past a point. Rows cannot
 * be trusted after them, so --skip-invalid does not skip them.
 */
export function isStructural(code: string): boolean {
  return code.startsWith('csv_') || code === 'missing_column' || code === 'ambiguous_column' || code === 'empty_file';
}

export class IssueLog {
  readonly issues: Issue[] = [];
  readonly countsByCode = new Map<string, { severity: Severity; count: number }>();
  errors = 0;
  warnings = 0;
  /** structural errors (see isStructural) */
  structural = 0;

  constructor(readonly maxStored = 1000) {}

  add(issue: Issue): void {
    if (issue.severity === 'error') {
      this.errors++;
      if (isStructural(issue.code)) this.structural++;
    } else {
      this.warnings++;
    }
    const c = this.countsByCode.get(issue.code);
    if (c) c.count++;
    else this.countsByCode.set(issue.code, { severity: issue.severity, count: 1 });
    if (this.issues.length < this.maxStored) this.issues.push(issue);
  }

  get truncated(): boolean {
    return this.errors + this.warnings > this.issues.length;
  }

  /** Issues in file, line order (errors and warnings interleaved by position). */
  sorted(): Issue[] {
    return [...this.issues].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }
}

/** An IssueLog as plain data (kept in a snapshot, so a warm run reports exactly what the cold run did). */
export interface IssueLogState {
  maxStored: number;
  issues: Issue[];
  countsByCode: [string, { severity: Severity; count: number }][];
  errors: number;
  warnings: number;
  structural: number;
}

export function saveIssueLog(log: IssueLog): IssueLogState {
  return {
    maxStored: log.maxStored,
    issues: log.issues,
    countsByCode: [...log.countsByCode.entries()],
    errors: log.errors,
    warnings: log.warnings,
    structural: log.structural,
  };
}

export function restoreIssueLog(state: IssueLogState): IssueLog {
  const log = new IssueLog(state.maxStored);
  log.issues.push(...state.issues);
  for (const [code, c] of state.countsByCode) log.countsByCode.set(code, { ...c });
  log.errors = state.errors;
  log.warnings = state.warnings;
  log.structural = state.structural;
  return log;
}
