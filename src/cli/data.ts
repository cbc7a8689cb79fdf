/**
 * The one read path every analysis command uses: config → dataset, with the
 * same messages and exit codes as `ipvi validate`. Bad data is refused (exit
 * 1) unless --skip-invalid, which drops the bad rows, says how many, and can
 * write them to --rejects.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileFlagDeriver } from '../classify/flags.js';
import { loadConfig, type Config } from '../config/load.js';
import { DataError, UsageError } from '../errors.js';
import { formatDay, todayUtc } from '../dates.js';
import { loadDataset, type LoadResult } from '../ingest/read.js';
import { defaultThreads, SPLIT_MIN_BYTES } from '../ingest/split.js';
import type { RejectedRow, SplitOutcome } from '../ingest/inputs.js';
import type { Issue } from '../model.js';
import { withheldIssues } from '../ingest/issues.js';
import type { LoadedData } from '../analyses/types.js';
import { csvDocument } from '../report/csv-line.js';
import { optionalDay, positiveInt, type DataOptions } from './options.js';
import { emit } from './output.js';
import { noteInput } from '../io/output-guard.js';
import { untrustedCacheDir } from '../io/cache-dir.js';
import { shownPath } from '../io/shown-path.js';
import { stderr } from './terminal.js';

export type { LoadedData };

/**
 * The columns of the rejects file: `file,line,reasons`, then the export's own
 * header names of each file with rejected rows (in the order the files
 * appear), blank names as `column_N`, a name seen before made unique with
 * ` (2)`, ` (3)`, …; cells past a file's header as `field_N`. Returns the
 * header and, per file, where its first field goes.
 */
export function rejectsColumns(rejected: RejectedRow[]): { header: string[]; offset: Map<string, number> } {
  const header = ['file', 'line', 'reasons'];
  const seen = new Set(header);
  const unique = (name: string) => {
    let n = name;
    for (let k = 2; seen.has(n); k++) n = `${name} (${k})`;
    seen.add(n);
    return n;
  };
  const offset = new Map<string, number>();
  const widths = new Map<string, number>();
  for (const r of rejected) widths.set(r.file, Math.max(widths.get(r.file) ?? 0, r.fields?.length ?? 0));
  const headers = new Map<string, string[]>();
  for (const r of rejected) if (!headers.has(r.file)) headers.set(r.file, r.header ?? []);
  for (const [file, names] of headers) {
    offset.set(file, header.length);
    const width = Math.max(widths.get(file) ?? 0, names.length);
    for (let i = 0; i < width; i++) {
      const name = i < names.length ? names[i].replace(/^\uFEFF/, '').trim() : '';
      header.push(unique(name || (i < names.length ? `column_${i + 1}` : `field_${i + 1}`)));
    }
  }
  return { header, offset };
}

export function writeRejects(path: string, result: LoadResult, inputs: string[]): void {
  // the one CSV writer (docs/methods.md#spreadsheet-safe-csv): a CR or separator inside a rejected field stays in its cell
  // every row as wide as the header, so a spreadsheet's columns line up under the export's own column names
  const { header, offset } = rejectsColumns(result.rejected);
  const rows = result.rejected.map((r) => {
    const row = Array<string>(header.length).fill('');
    row[0] = r.file;
    row[1] = String(r.line);
    row[2] = r.reasons.join('; ');
    const at = offset.get(r.file) ?? 3;
    const fields = r.fields ?? [];
    for (let i = 0; i < fields.length; i++) row[at + i] = fields[i];
    return row;
  });
  emit(csvDocument(header, rows), path, inputs);
}

/**
 * Where parsed-data snapshots live (docs/performance.md): `$IPVI_CACHE_DIR`,
 * else `ipvi/` in the user's cache folder (`$XDG_CACHE_HOME`, else
 * `~/.cache`), kept private to the user (mode 0700: the snapshots hold the
 * data's IDs), never beside the outputs; none with --no-cache. Inputs under
 * `$IPVI_CACHE_MIN_BYTES` (default 1 MiB) are parsed every time: they take
 * milliseconds.
 */
let warnedCache = false;

export function cacheOptions(opts: DataOptions): { cacheDir?: string; cacheMinBytes: number } {
  const cacheMinBytes = envBytes('IPVI_CACHE_MIN_BYTES', 1 << 20);
  if (opts.cache === false) return { cacheMinBytes };
  const cacheDir = defaultCacheDir();
  const untrusted = untrustedCacheDir(cacheDir);
  if (untrusted) {
    if (!warnedCache)
      stderr.warn(
        `not using the cache folder ${shownPath(cacheDir)}: ${untrusted}; reading the files directly (make it private with chmod 700, or set IPVI_CACHE_DIR to a folder of your own)`,
      );
    warnedCache = true;
    return { cacheMinBytes };
  }
  return { cacheDir, cacheMinBytes };
}

export function defaultCacheDir(): string {
  if (process.env.IPVI_CACHE_DIR) return resolve(process.env.IPVI_CACHE_DIR);
  return join(process.env.XDG_CACHE_HOME ? resolve(process.env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'ipvi');
}

/**
 * The threads a large file is read on (docs/performance.md#parsing-on-both-cores): --threads,
 * else $IPVI_THREADS, else split.ts defaultThreads; a whole number ≥ 1 (more than 2 reads on 2).
 */
function readThreads(option: string | undefined): number {
  if (option !== undefined) return positiveInt(option, '--threads', 2);
  const env = process.env.IPVI_THREADS;
  if (env === undefined || env === '') return defaultThreads();
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`IPVI_THREADS '${env}' must be a whole number of at least 1`, 'set it to 1 or 2, or unset it');
  return n;
}

/** What --verbose says about a file of at least the split size read with --threads 2 (docs/performance.md#parsing-on-both-cores). */
const SPLIT_NOTES: Record<SplitOutcome, string> = {
  merged: 'read in two parts on two threads',
  'not-at-boundary':
    'read on one thread: the cut near the middle of the file was not at the start of a record (a quoted field with a line break may span it)',
  'line-mismatch': 'read on one thread: the two parts did not agree on the line number at the cut',
  'part-failed': 'read on one thread: the second part could not be read on a thread of its own',
  'duplicate-across': 'read on one thread: a row after the cut repeats the key of a row before it',
};

/** A byte count from the environment (tuning), else `fallback` when unset or empty; anything but a whole number ≥ 0 is a usage error, never a silent default. */
function envBytes(name: string, fallback: number): number {
  const env = process.env[name];
  if (env === undefined || env.trim() === '') return fallback;
  const v = Number(env);
  if (!Number.isSafeInteger(v) || v < 0)
    throw new UsageError(
      `${name} '${env}' must be a whole number of bytes (0 or more)`,
      `set it to a number such as ${fallback}, or unset it`,
    );
  return v;
}

/** Config + both files, issues collected, nothing refused yet (what `validate` reports). */
export async function loadFromOptions(opts: DataOptions): Promise<{ config: Config; result: LoadResult }> {
  if (opts.rejects === '')
    throw new UsageError(
      'the --rejects file name is empty',
      'give a file name for the rejected rows, or leave --rejects out',
    );
  const cache = cacheOptions(opts);
  noteInput(opts.incidents);
  noteInput(opts.notifications);
  const config = loadConfig(opts.config, { rulesFile: opts.rules, cacheDir: cache.cacheDir });
  const coverageStart = optionalDay(opts.coverageStart, '--coverage-start');
  const coverageEnd = optionalDay(opts.coverageEnd, '--coverage-end');
  const start = coverageStart ?? config.coverage.start,
    end = coverageEnd ?? config.coverage.end;
  if (start !== undefined && end !== undefined && start > end) {
    throw new UsageError(
      `the coverage starts (${formatDay(start)}) after it ends (${formatDay(end)})`,
      'check --coverage-start/--coverage-end and coverage: in the config',
    );
  }
  const result = await loadDataset({
    incidents: opts.incidents,
    notifications: opts.notifications,
    config,
    compileFlags: compileFlagDeriver,
    coverageStart,
    coverageEnd,
    today: todayUtc(),
    maxIssues: positiveInt(opts.maxErrors, '--max-errors', 1000),
    threads: readThreads(opts.threads),
    splitMinBytes: envBytes('IPVI_SPLIT_MIN_BYTES', SPLIT_MIN_BYTES),
    onSplit: stderr.verbose ? (file, outcome) => stderr.info(`${shownPath(file)}: ${SPLIT_NOTES[outcome]}`) : undefined,
    keepRejected: Boolean(opts.rejects),
    onProgress: stderr.progressFor('reading'),
    ...cache,
  });
  stderr.clearProgress();
  const inputs = [opts.incidents, opts.notifications, opts.config].filter(Boolean) as string[];
  if (opts.rejects) writeRejects(opts.rejects, result, inputs);
  return { config, result };
}

export async function readData(opts: DataOptions, io: { quiet?: boolean; redact?: boolean } = {}): Promise<LoadedData> {
  const { config, result } = await loadFromOptions(opts);
  const { log, dataset } = result;
  const shown = (issues: Issue[]) => (io.redact ? withheldIssues(issues) : issues);
  if (log.structural > 0) {
    throw new DataError(
      'the file cannot be read reliably (a missing column, an empty file, or broken CSV); nothing was analysed',
      shown(log.sorted().filter((i) => i.severity === 'error')),
      'fix the file structure first; --skip-invalid skips bad rows, not a broken file',
    );
  }
  if (log.errors > 0 && !opts.skipInvalid) {
    throw new DataError(
      `the data has ${log.errors} error${log.errors === 1 ? '' : 's'}; nothing was analysed`,
      shown(log.sorted().filter((i) => i.severity === 'error')),
      'fix the rows (ipvi validate lists them all), or pass --skip-invalid to drop them',
    );
  }
  // with --skip-invalid: the linkage between the two files is a whole-file fault, not bad rows, so it is not skipped
  // (docs/methods.md#data: above the threshold the analyses refuse the data)
  if (log.countsByCode.has('unknown_person_linkage')) {
    throw new DataError(
      'the notifications do not link to the incidents (too many name a person with no incident); nothing was analysed',
      shown(log.sorted().filter((i) => i.code === 'unknown_person_linkage')),
      'fix the person IDs (ipvi validate shows examples and the likely cause); --skip-invalid skips bad rows, not a file that does not link',
    );
  }
  if (!io.quiet) {
    const c = dataset.counts;
    if (log.errors > 0) stderr.warn(`--skip-invalid: ${log.errors} error(s); the rows with them were dropped`);
    const parts = [
      `incidents: ${c.incidents.read} rows read, ${c.incidents.accepted} used, ${c.incidents.rejected} rejected${c.incidents.excluded ? `, ${c.incidents.excluded} excluded by the IPV filter` : ''}`,
    ];
    if (c.notifications)
      parts.push(
        `notifications: ${c.notifications.read} read, ${c.notifications.accepted} used, ${c.notifications.rejected} rejected`,
      );
    const unfiltered = log.noteCounts().filter((n) => n.code === 'ipv_unfiltered');
    if (unfiltered.length > 0) {
      const kept = unfiltered.reduce((s, n) => s + n.count, 0);
      const shown = unfiltered
        .slice(0, 5)
        .map((n) => `${n.value} ${n.count}`)
        .join(', ');
      stderr.info(
        `incidents.ipv_relationships is not set: ${kept} incident${kept === 1 ? '' : 's'} with a relationship value ${kept === 1 ? 'was' : 'were'} kept whatever the relationship (${unfiltered.length} value${unfiltered.length === 1 ? '' : 's'}: ${shown}${unfiltered.length > 5 ? ', …' : ''}); list the intimate-partner codes under incidents.ipv_relationships (docs/config.md#ipv-relationships)`,
      );
    }
    if (log.errors > 0 || log.warnings > 0 || c.incidents.excluded > 0) {
      stderr.info(
        parts.join('; ') +
          (log.warnings ? `; ${log.warnings} warning${log.warnings === 1 ? '' : 's'} (ipvi validate lists them)` : ''),
      );
    }
  }
  return { config, dataset, result };
}
