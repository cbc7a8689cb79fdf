/**
 * The shared options, defined once and described the same way in every help
 * screen (STYLE.md habit 6), and their coercion into typed values.
 */
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
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
    .option('--no-cache', 'read the CSV even when a parsed snapshot is cached')
    .option(
      '--threads <n>',
      'threads a large CSV file (32 MiB or more) is read on: 1, or 2 (default: $IPVI_THREADS, else 1)',
    );
  return cmd;
}

/** Extension → the formats it may hold, the first chosen when --format is not given. */
export type ExtensionFormats = Readonly<Record<string, readonly string[]>>;

/** The formats a table file's extension names (`.txt`: the aligned text table). */
export const TABLE_EXTENSIONS: ExtensionFormats = {
  '.csv': ['csv'],
  '.json': ['json'],
  '.md': ['md'],
  '.xlsx': ['xlsx'],
  '.txt': ['table'],
};

/**
 * `-o FILE` and `--format` agree, for every command that has both (the one
 * place this is decided): without --format the format is the one FILE's
 * extension names (silently); a --format that contradicts the extension, or
 * an extension the command does not write, is a usage error. A file without
 * an extension (or `-`, a device) takes --format or its default.
 */
export function checkOutputFormat(
  command: string,
  output: string | undefined,
  format: { value: string; given: boolean },
  extensions: ExtensionFormats,
): string {
  if (output === undefined || output === '-') return format.value;
  const ext = extname(output).toLowerCase();
  if (ext === '' || /^\/dev\//.test(output)) return format.value;
  const named = extensions[ext];
  const list = Object.entries(extensions)
    .map(([e, f]) => `${e} (${f.join(' or ')})`)
    .join(', ');
  if (named === undefined) {
    // refused when the file is about to be written (src/cli/output.ts guardOutput), so that writing
    // over an input is still named as such first
    UNWRITABLE.set(
      output,
      new UsageError(`-o ${output}: ipvi ${command} does not write ${ext} files`, `name the file with one of ${list}`),
    );
    return format.value;
  }
  if (!format.given) return named[0];
  const forFormat = (f: string) => {
    const exts = Object.keys(extensions).filter((e) => extensions[e].includes(f));
    return exts.length ? `, e.g. ${output.slice(0, output.length - ext.length)}${exts[0]}` : '';
  };
  if (!named.includes(format.value))
    throw new UsageError(
      `-o ${output}: a ${ext} file holds ${named.join(' or ')}, but --format ${format.value} was given`,
      `leave out --format (the extension chooses it), or name the file for ${format.value}${forFormat(format.value)}`,
    );
  return format.value;
}

/** -o files whose extension the command does not write: the error guardOutput throws before writing them. */
export const UNWRITABLE = new Map<string, UsageError>();

/** Install checkOutputFormat on a command with `-o` and `--format` (run before its action). */
export function formatFromExtension(cmd: Command, extensions: ExtensionFormats): Command {
  return cmd.hook('preAction', (_parent, action) => {
    if (action !== cmd) return;
    const o = cmd.opts() as { output?: string; format?: string };
    if (typeof o.output !== 'string' || o.format === undefined) return;
    const given = cmd.getOptionValueSource('format') !== 'default';
    cmd.setOptionValue('format', checkOutputFormat(cmd.name(), o.output, { value: o.format, given }, extensions));
  });
}

export function addOutputOptions(cmd: Command, formats: readonly string[] = FORMATS): Command {
  formatFromExtension(cmd, TABLE_EXTENSIONS);
  return cmd
    .addOption(
      new Option('--format <format>', 'output format (xlsx: an Excel workbook with a Notes sheet)')
        .choices(formats as string[])
        .default('table'),
    )
    .option(
      '-o, --output <file>',
      'write to this file (atomically; missing folders are made) instead of standard output; without --format its extension chooses the format (.csv .json .md .xlsx .txt)',
    )
    .option('--columns <list>', 'only these columns, in this order, in every format (e.g. person_id,level)')
    .option('--wide', 'on a terminal, every column in full (default there: the columns that fit)')
    .option('--bom', 'CSV: start with a UTF-8 byte-order mark, so Excel shows accented text and dashes right')
    .option('--notes', 'CSV: write the notes to FILE.notes.txt beside -o FILE (stderr without -o)')
    .option('--no-safe-csv', 'do not neutralise spreadsheet formulas in CSV cells (for machine consumers)')
    .option('--pseudonymize <keyfile>', 'replace person and victim IDs with keyed HMAC-SHA256 pseudonyms');
}
