/**
 * The shared options, defined once and described the same way in every help
 * screen (STYLE.md habit 6), and their coercion into typed values.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseIsoDay, parseMonth } from '../dates.js';
import { FORMATS, type Format } from '../report/render.js';
import type { Day } from '../model.js';

export interface DataOptions {
  incidents: string;
  notifications?: string;
  config?: string;
  rules?: string;
  coverageStart?: string;
  coverageEnd?: string;
  skipInvalid?: boolean;
  rejects?: string;
  maxErrors?: string;
  cache?: boolean;
}

export interface OutputOptions {
  format: Format;
  output?: string;
  safeCsv?: boolean;
  pseudonymize?: string;
}

export interface GlobalOptions {
  verbose?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export function addDataOptions(cmd: Command, opts: { notifications: 'required' | 'optional' | 'none' } = { notifications: 'optional' }): Command {
  cmd.requiredOption('--incidents <file>', 'incident (DIR) export, CSV; one row per (incident, suspect)');
  if (opts.notifications === 'required') {
    cmd.requiredOption('--notifications <file>', 'notifications delivered to abusive partners, CSV');
  } else if (opts.notifications === 'optional') {
    cmd.option('--notifications <file>', 'notifications delivered to abusive partners, CSV');
  }
  cmd
    .option('--config <file>', 'agency config (YAML or JSON): column mapping, formats, rules (docs/config.md)')
    .option('--rules <file>', 'tier rules file; replaces the config\'s rules (default rules/ipvi-default.yaml)')
    .option('--coverage-start <date>', 'first day the export covers, yyyy-MM-dd (default: earliest incident)')
    .option('--coverage-end <date>', 'last day the export covers, yyyy-MM-dd (default: latest incident)')
    .option('--skip-invalid', 'drop rows with errors instead of refusing the data (counts are printed)')
    .option('--rejects <file>', 'write rejected rows with their reasons to this CSV')
    .option('--max-errors <n>', 'report at most this many issues in detail (all are counted)', '1000')
    .option('--no-cache', 'read the CSV even when a parsed snapshot is cached');
  return cmd;
}

export function addOutputOptions(cmd: Command, formats: readonly string[] = FORMATS): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices(formats as string[]).default('table'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of standard output')
    .option('--no-safe-csv', 'do not neutralise spreadsheet formulas in CSV cells (for machine consumers)')
    .option('--pseudonymize <keyfile>', 'replace person and victim IDs with keyed HMAC-SHA256 pseudonyms');
}

export function optionalDay(value: string | undefined, option: string): Day | undefined {
  if (value === undefined) return undefined;
  const day = parseIsoDay(value);
  if (day === null) throw new UsageError(`${option} '${value}' is not a date`, 'write it as yyyy-MM-dd, e.g. 2023-12-31');
  return day;
}

export function requiredDay(value: string | undefined, option: string): Day {
  const day = optionalDay(value, option);
  if (day === undefined) throw new UsageError(`${option} is required`, 'write it as yyyy-MM-dd');
  return day;
}

export function monthOption(value: string, option: string): { first: Day; last: Day } {
  const m = parseMonth(value);
  if (!m) throw new UsageError(`${option} '${value}' is not a month`, 'write it as yyyy-MM, e.g. 2023-06');
  return m;
}

export function positiveInt(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} '${value}' must be a whole number of at least 1`);
  return n;
}

export function intList(value: string | undefined, option: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`${option} needs at least one number`);
  return parts.map((p) => positiveInt(p, option, 0));
}

/** --suppress-below, shared by every table meant for publication. */
export function addSuppressOption(cmd: Command): Command {
  return cmd.option('--suppress-below <n>', 'for publication: show counts from 1 to n-1, and the figures built on them, as "<n"');
}

export function suppressBelowOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : positiveInt(value, '--suppress-below', 1);
}
