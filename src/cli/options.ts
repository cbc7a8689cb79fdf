/**
 * The shared options, defined once and described the same way in every help
 * screen (STYLE.md habit 6), and their coercion into typed values.
 */
import { Option, type Command } from 'commander';
import { FORMATS, type Format } from '../report/render.js';
import type { DataOptions } from '../analyses/types.js';

export {
  intList,
  monthOption,
  optionalDay,
  positiveInt,
  requiredDay,
  seedOption,
  suppressBelowOption,
} from '../analyses/values.js';
export type { DataOptions };

export interface OutputOptions {
  format: Format;
  output?: string;
  safeCsv?: boolean;
  pseudonymize?: string;
  columns?: string;
  wide?: boolean;
  bom?: boolean;
  notes?: boolean;
}

export function addDataOptions(
  cmd: Command,
  opts: { notifications: 'required' | 'optional' | 'none' } = { notifications: 'optional' },
): Command {
  cmd.requiredOption('--incidents <file>', 'incident (DIR) export, CSV; one row per (incident, suspect)');
  if (opts.notifications === 'required') {
    cmd.requiredOption('--notifications <file>', 'notifications delivered to abusive partners, CSV');
  } else if (opts.notifications === 'optional') {
    cmd.option('--notifications <file>', 'notifications delivered to abusive partners, CSV');
  }
  cmd
    .option('--config <file>', 'agency config (YAML or JSON): column mapping, formats, rules (docs/config.md)')
    .option('--rules <file>', "tier rules file; replaces the config's rules (default rules/ipvi-default.yaml)")
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
    .addOption(
      new Option('--format <format>', 'output format (xlsx: an Excel workbook with a Notes sheet)')
        .choices(formats as string[])
        .default('table'),
    )
    .option(
      '-o, --output <file>',
      'write to this file (atomically; missing folders are made) instead of standard output',
    )
    .option('--columns <list>', 'only these columns, in this order, in every format (e.g. person_id,level)')
    .option('--wide', 'on a terminal, every column in full (default there: the columns that fit)')
    .option('--bom', 'CSV: start with a UTF-8 byte-order mark, so Excel shows accented text and dashes right')
    .option('--notes', 'CSV: write the notes to FILE.notes.txt beside -o FILE (stderr without -o)')
    .option('--no-safe-csv', 'do not neutralise spreadsheet formulas in CSV cells (for machine consumers)')
    .option('--pseudonymize <keyfile>', 'replace person and victim IDs with keyed HMAC-SHA256 pseudonyms');
}
