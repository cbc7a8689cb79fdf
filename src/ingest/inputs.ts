/** What the reader takes and gives back (shared by the reader, the parse and the snapshot). */
import type { Config } from '../config/load.js';
import type { FlagCompiler } from '../config/default-flags.js';
import type { CarriedColumns, Dataset, Day, IncidentColumns, NotificationColumns, StringPool } from '../model.js';
import type { IssueLog } from './issues.js';

export interface RejectedRow {
  file: string;
  line: number;
  fields: string[] | null;
  reasons: string[];
  /** the file's header line (the names of `fields`; one array shared by the file's rows) */
  header?: string[];
}

export interface LoadOptions {
  incidents: string;
  notifications?: string;
  config: Config;
  /**
   * compiles the config's `flags:` expressions (src/classify/flags.ts compileFlagDeriver); needed only
   * when they are not the defaults: without it such a config is refused rather than read with the default flags
   */
  compileFlags?: FlagCompiler;
  coverageStart?: Day;
  coverageEnd?: Day;
  /** today's date, for the future-date warning (the CLI passes the real date) */
  today?: Day;
  /** issues kept in memory (all are counted) */
  maxIssues?: number;
  /** keep rejected rows' cells for --rejects */
  keepRejected?: boolean;
  onProgress?: (file: string, bytes: number, totalBytes: number, rows: number) => void;
  /** keep and reuse parsed-data snapshots in this folder (src/ingest/snapshot.ts); undefined = never */
  cacheDir?: string;
  /** inputs smaller than this (both files together) are not worth a snapshot */
  cacheMinBytes?: number;
  /**
   * 'reference': csv-parse and the string decoders for every row; 'fast' (the default): the fast
   * reader, with rows without quotes decoded from bytes. Tests compare the two (test/perf/fast-ingest.test.ts).
   */
  reader?: 'fast' | 'reference';
  /** bytes per read (tests cut records at every point) */
  chunkBytes?: number;
  /**
   * threads a file may be read on (docs/performance.md#parsing-on-both-cores): 1 reads every file
   * on one thread, 2 or more reads a file of LoadOptions.splitMinBytes or more in two parts; default
   * split.ts defaultThreads (the CLI: --threads, IPVI_THREADS)
   */
  threads?: number;
  /** files smaller than this are read on one thread (default split.ts SPLIT_MIN_BYTES; the CLI: IPVI_SPLIT_MIN_BYTES) */
  splitMinBytes?: number;
  /** 'inline': the part of a file read apart is read in this thread, after the first (tests); default a worker */
  splitRunner?: 'worker' | 'inline';
  /** tests: try the cut at the first line break from this fraction of the file on (0–1; no look at the line after it) */
  splitAt?: number;
  /** how a file read in two parts ended: merged, or read on by this thread and why (tests; the CLI says it under --verbose) */
  onSplit?: (file: string, outcome: SplitOutcome) => void;
}

/** How a file read in two parts ended (LoadOptions.onSplit). */
export type SplitOutcome = 'merged' | 'not-at-boundary' | 'line-mismatch' | 'part-failed' | 'duplicate-across';

export interface LoadResult {
  dataset: Dataset;
  log: IssueLog;
  rejected: RejectedRow[];
  /** where the parsed data came from: a snapshot ('hit'), the CSV then saved ('miss'), or the CSV alone ('off') */
  cache?: 'hit' | 'miss' | 'off';
}

/** Everything read from the two files, before coverage and the cross-file checks (what a snapshot holds). */
export interface ParsedInputs {
  persons: StringPool;
  victims: StringPool;
  incidentIds: StringPool;
  strings: StringPool;
  incidents: IncidentColumns;
  notifications: NotificationColumns;
  files: Dataset['files'];
  counts: Dataset['counts'];
  /** the carried columns' text (config `carry:`), row-aligned with the accepted rows */
  carried: CarriedColumns;
  log: IssueLog;
  rejected: RejectedRow[];
}
