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
import { readCsv, sniffDelimiter } from '../../ingest/csv-source.js';
import { detectEncoding } from '../../ingest/encoding.js';
import { emit } from '../output.js';
import { stderr } from '../terminal.js';

const HEAD_BYTES = 256 * 1024;

/** The file's encoding as the reader would take it (src/ingest/encoding.ts), and why, for `encoding:`. */
async function encodingOf(path: string): Promise<{ name: string; why: string }> {
  const g = await detectEncoding(path);
  if (g.invalid) {
    const byte = g.invalid.byte.toString(16).toUpperCase().padStart(2, '0');
    return {
      name: 'windows-1252',
      why: `detected: not UTF-8 (byte 0x${byte} at line ${g.invalid.line}); check that accented values read right below`,
    };
  }
  return {
    name: g.encoding,
    why: g.by === 'bom' ? 'detected by its byte-order mark' : 'detected: every byte is UTF-8',
  };
}

/** Columns with more distinct values than this are not counted (IDs, dates, narratives). */
const MAX_DISTINCT = 200;

/** Every column's distinct values and their rows over the whole file (a column past MAX_DISTINCT values is dropped). */
async function countValues(path: string, encoding: string, delimiter: string): Promise<Map<string, number>[]> {
  const counts: (Map<string, number> | null)[] = [];
  let header = true;
  try {
    await readCsv(path, { delimiter, encoding }, (fields) => {
      if (header) {
        header = false;
        for (let i = 0; i < fields.length; i++) counts.push(new Map());
        return;
      }
      for (let i = 0; i < counts.length; i++) {
        const m = counts[i];
        if (!m) continue;
        const v = (fields[i] ?? '').trim();
        m.set(v, (m.get(v) ?? 0) + 1);
        if (m.size > MAX_DISTINCT) counts[i] = null;
      }
    });
  } catch {
    // a file the reader cannot parse to the end: init works from the sample; validate will say what is wrong
  }
  return counts.map((m) => m ?? new Map());
}

async function sample(path: string, option: string): Promise<InitInput> {
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
  const encoding = await encodingOf(path);
  let text = new TextDecoder(encoding.name).decode(buf).replace(/^\uFEFF/, '');
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
  return {
    file: path,
    header: records[0].map((h) => h.trim()),
    rows: records.slice(1),
    delimiter,
    encoding,
    valueCounts: await countValues(path, encoding.name, delimiter),
  };
}

/** A word for a shell command line: quoted when it holds anything but plain path characters. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
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
  cmd.action(async (opts: { from: string; notificationsFrom?: string; output?: string; force?: boolean }) => {
    if (opts.output && opts.output !== '-' && existsSync(opts.output) && !opts.force) {
      throw new UsageError(`${opts.output} exists`, 'pass --force to overwrite it, or choose another -o file');
    }
    const yaml = starterConfig(
      await sample(opts.from, '--from'),
      opts.notificationsFrom ? await sample(opts.notificationsFrom, '--notifications-from') : undefined,
    );
    emit(yaml, opts.output, [opts.from, opts.notificationsFrom]);
    if (opts.output && opts.output !== '-') {
      // the command that checks it, with the files it was written from (it runs as shown)
      const check = [
        'ipvi validate --incidents',
        shellWord(opts.from),
        ...(opts.notificationsFrom ? ['--notifications', shellWord(opts.notificationsFrom)] : []),
        '--config',
        shellWord(opts.output),
      ].join(' ');
      stderr.info(`wrote ${opts.output}: review every line marked REVIEW, then run: ${check}`);
    }
  });
  return cmd;
}
