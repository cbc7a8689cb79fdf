/**
 * ipvi init — write a starter config from an export's header.
 *
 * Maps the header to canonical fields by name similarity, guesses the date
 * format and boolean spellings from the first rows, and marks every guess
 * `# REVIEW`. Check it with `ipvi validate --config`.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { starterConfig, type InitInput } from '../../config/init.js';
import { UsageError } from '../../errors.js';
import { sniffDelimiter } from '../../ingest/csv-source.js';
import { emit } from '../output.js';
import { stderr } from '../terminal.js';

const HEAD_BYTES = 256 * 1024;

function sample(path: string, option: string): InitInput {
  let buf: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      buf = Buffer.alloc(HEAD_BYTES);
      buf = buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new UsageError(
      `${option} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the path',
    );
  }
  let text = buf.toString('utf8').replace(/^\uFEFF/, '');
  // keep whole lines only (the sample may end mid-record)
  if (buf.length === HEAD_BYTES) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 201 });
  } catch {
    // fall back to the header line alone
    records = parse(text.split(/\r?\n/)[0] + '\n', { delimiter, relax_column_count: true });
  }
  if (records.length === 0) throw new UsageError(`${option} ${path} is empty`, 'give an export with a header line');
  return { file: path, header: records[0].map((h) => h.trim()), rows: records.slice(1), delimiter };
}

export function initCommand(): Command {
  const cmd = new Command('init')
    .description("write a starter config that maps an export's columns to canonical fields (every guess marked REVIEW)")
    .requiredOption('--from <file>', 'an incident (DIR) export, CSV')
    .option('--notifications-from <file>', 'a notifications export, CSV')
    .option('-o, --output <file>', 'write the config here (default: standard output)')
    .option('--force', 'overwrite an existing output file');
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ipvi init --from fixtures/demo/messy/incidents.csv
  $ ipvi init --from export.csv --notifications-from notifications.csv -o agency.yaml
  $ ipvi validate --incidents export.csv --config agency.yaml`,
  );
  cmd.action((opts: { from: string; notificationsFrom?: string; output?: string; force?: boolean }) => {
    if (opts.output && opts.output !== '-' && existsSync(opts.output) && !opts.force) {
      throw new UsageError(`${opts.output} exists`, 'pass --force to overwrite it, or choose another -o file');
    }
    const yaml = starterConfig(
      sample(opts.from, '--from'),
      opts.notificationsFrom ? sample(opts.notificationsFrom, '--notifications-from') : undefined,
    );
    emit(yaml, opts.output, [opts.from, opts.notificationsFrom]);
    if (opts.output && opts.output !== '-')
      stderr.info(
        `wrote ${opts.output}: review every line marked REVIEW, then run ipvi validate --config ${opts.output}`,
      );
  });
  return cmd;
}
