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
}

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
