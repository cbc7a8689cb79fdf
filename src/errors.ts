/**
 * Typed errors, turned into exit codes in one place (src/cli/main.ts):
 * 0 ok; 1 the data is bad; 2 usage or config error; 3 a bug.
 */
import type { Issue } from './model.js';

export const EXIT = { ok: 0, data: 1, usage: 2, internal: 3 } as const;

/** A command-line mistake: wrong or missing option, unreadable file name. */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A config/rules file problem; `where` is `file:line:column` or a key path. */
export class ConfigError extends Error {
  readonly exitCode = EXIT.usage;
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
  readonly exitCode = EXIT.data;
  constructor(
    message: string,
    readonly issues: Issue[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

export type KnownError = UsageError | ConfigError | DataError;

export function isKnownError(e: unknown): e is KnownError {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof DataError;
}
