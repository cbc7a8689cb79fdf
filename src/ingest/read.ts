/**
 * CSV → canonical columnar Dataset (docs/methods.md#data), with every row either
 * accepted or reported as rejected (or excluded by the IPV filter), and the
 * cross-file checks of `ipvi validate`: the parse (parse.ts), a parsed-data
 * snapshot when one is kept (snapshot.ts), then coverage and cross-file
 * warnings (finish.ts).
 */
import { finishDataset } from './finish.js';
import type { LoadOptions, LoadResult } from './inputs.js';
import { checkReadable, parseInputs } from './parse.js';
import { readSnapshot, snapshotKey, writeSnapshot } from './snapshot.js';

export type { LoadOptions, LoadResult, ParsedInputs, RejectedRow } from './inputs.js';
export { finishDataset } from './finish.js';
export { parseInputs, sha256File } from './parse.js';

/**
 * Read both files. Never throws for bad data: every problem is in `log`.
 * Throws UsageError for unreadable paths and ConfigError for a bad config.
 */
export async function loadDataset(options: LoadOptions): Promise<LoadResult> {
  // the snapshot cannot give back rejected rows' cells, so --rejects always reads the CSV
  const bytes =
    checkReadable(options.incidents, '--incidents') +
    (options.notifications ? checkReadable(options.notifications, '--notifications') : 0);
  if (options.cacheDir === undefined || options.keepRejected || bytes < (options.cacheMinBytes ?? 0)) {
    return finishDataset(await parseInputs(options), options, 'off');
  }
  const key = snapshotKey(options);
  const cached = readSnapshot(options.cacheDir, key, options.maxIssues ?? 1000);
  if (cached) return finishDataset(cached, options, 'hit');
  const parsed = await parseInputs(options);
  writeSnapshot(options.cacheDir, key, parsed);
  return finishDataset(parsed, options, 'miss');
}
