/**
 * Typed errors, and what the user is told about any error (describeError):
 * its exit code (0 ok; 1 the data is bad; 2 usage or config error; 3 a bug),
 * message, fix and data issues. The CLI (src/cli/main.ts) prints that on
 * stderr; batch (src/batch/run.ts) records it on one line.
 */
import type { Issue } from './model.js';
import { visible } from './io/terminal-safe.js';

export const EXIT = { ok: 0, data: 1, usage: 2, internal: 3 } as const;

/** A command-line mistake: wrong or missing option, unreadable file name. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A config/rules file problem; `where` is `file:line:column` or a key path. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  get where(): string {
    if (!this.file) return '';
    return this.line ? `${this.file}:${this.line}${this.column ? `:${this.column}` : ''}` : this.file;
  }
}

/** The input data is bad; carries the validation issues found. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly issues: Issue[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** One data issue: `file:line [column]: severity code: message (value 'x')`, and its fix on the next line. */
export function formatIssue(i: Issue): string {
  const where = `${i.file}:${i.line || ''}${i.column ? ` [${i.column}]` : ''}`;
  const value = i.value !== undefined ? ` (value '${i.value}')` : '';
  const hint = i.hint ? `\n    fix: ${i.hint}` : '';
  return visible(`${where}: ${i.severity} ${i.code}: ${i.message}${value}${hint}`);
}

/** What the user is told about an error. */
export interface ErrorReport {
  exit: (typeof EXIT)[keyof typeof EXIT];
  /** what went wrong, after where it is (`file:line:column: `) when that is known */
  message: string;
  /** how to fix it */
  hint?: string;
  /** the data issues behind a DataError (empty otherwise) */
  issues: Issue[];
}

/**
 * The one mapping from an error to its exit code and words. Anything that is
 * not a UsageError, ConfigError or DataError is a bug in ipvi; `reportWith`
 * says what the user should send with the bug report.
 */
export function describeError(e: unknown, reportWith = 'the command you ran (not the data)'): ErrorReport {
  if (e instanceof UsageError) return { exit: EXIT.usage, message: e.message, hint: e.hint, issues: [] };
  if (e instanceof ConfigError) {
    return { exit: EXIT.usage, message: `${e.where ? `${e.where}: ` : ''}${e.message}`, hint: e.hint, issues: [] };
  }
  if (e instanceof DataError) return { exit: EXIT.data, message: e.message, hint: e.hint, issues: e.issues };
  const err = e as Error | undefined;
  return {
    exit: EXIT.internal,
    message: `internal error: ${err?.message ?? String(e)}`,
    hint: `this is a bug in ipvi; please report it with ${reportWith}`,
    issues: [],
  };
}

/** describeError on one line: `message (fix: hint): issue; issue; issue (and N more; ipvi validate lists them)`. */
export function errorLine(e: unknown, reportWith?: string): string {
  const d = describeError(e, reportWith);
  const shown = d.issues.slice(0, 3).map(formatIssue).join('; ');
  const more = d.issues.length > 3 ? ` (and ${d.issues.length - 3} more; ipvi validate lists them)` : '';
  return `${d.message}${d.hint ? ` (fix: ${d.hint})` : ''}${shown ? `: ${shown}` : ''}${more}`;
}
