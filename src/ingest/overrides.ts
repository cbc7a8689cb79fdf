/**
 * Manual overrides: a CSV of person_id, level, reason, date, analyst that pins
 * a person's level from that date on, with the reason shown. Bad rows are
 * config errors (exit 2): an override is an analyst's decision, never guessed.
 * Read by person id, without the dataset: classification takes them as an
 * explicit input (src/classify/ruleset.ts prepareClassification).
 */
import { MAX_OVERRIDES_BYTES, readSideFile } from '../io/side-file.js';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors.js';
import { parseIsoDay } from '../dates.js';
import { levelCode, type Day, type Level, type LevelCode } from '../model.js';
import { shownValue } from './issues.js';

const REQUIRED = ['person_id', 'level', 'reason', 'date'] as const;

export interface Override {
  level: LevelCode;
  reason: string;
  day: Day;
  analyst: string;
  /** reason and analyst withheld (--pseudonymize: free text can name people) */
  withheld?: boolean;
  /** the line of the overrides file it came from */
  line: number;
}

/** The overrides per person id (in order of first appearance), each person's sorted by day. */
export function readOverrides(path: string): Map<string, Override[]> {
  const fix = 'check the `overrides:` path in the config (relative to the config file)';
  const bytes = readSideFile(
    path,
    'overrides file',
    MAX_OVERRIDES_BYTES,
    (m) => new ConfigError(m, path, undefined, undefined, fix),
  ).bytes;
  if (bytes.includes(0))
    throw new ConfigError(
      'the overrides file is not a text file (it contains NUL bytes)',
      path,
      undefined,
      undefined,
      fix,
    );
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    throw new ConfigError(
      `the overrides file is not valid CSV (${(e as { code?: string }).code ?? 'parse error'})`,
      path,
      (e as { lines?: number }).lines,
    );
  }
  const out = new Map<string, Override[]>();
  if (records.length === 0) return out;
  const header = records[0].map((h) => h.trim().toLowerCase());
  const col = Object.fromEntries([...REQUIRED, 'analyst'].map((f) => [f, header.indexOf(f)])) as Record<string, number>;
  for (const f of REQUIRED) {
    if (col[f] < 0)
      throw new ConfigError(
        `the overrides file has no '${f}' column`,
        path,
        1,
        undefined,
        `the header must be: ${[...REQUIRED, 'analyst'].join(',')}`,
      );
  }
  for (let r = 1; r < records.length; r++) {
    const row = records[r];
    const line = r + 1;
    const get = (f: string) => (col[f] >= 0 ? (row[col[f]] ?? '').trim() : '');
    const id = get('person_id');
    const lv = get('level').toUpperCase();
    const day = parseIsoDay(get('date'));
    if (!id) throw new ConfigError('person_id is blank', path, line);
    if (!['A', 'B', 'C', 'D'].includes(lv))
      throw new ConfigError(`level '${shownValue(get('level'))}' is not A, B, C or D`, path, line);
    if (day === null) throw new ConfigError(`date '${shownValue(get('date'))}' is not a yyyy-MM-dd date`, path, line);
    if (!get('reason')) throw new ConfigError('reason is blank: every override states why', path, line);
    const list = out.get(id) ?? [];
    list.push({ level: levelCode(lv as Level), reason: get('reason'), day, analyst: get('analyst'), line });
    out.set(id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.day - b.day);
  return out;
}
