/**
 * The batch's combined result in long ("tidy") format: one row per table
 * cell, named by data set, rule set, analysis and options, the table row's
 * position and label, and the column. Filter it directly
 * (`analysis == "recidivism" & column == "rate" & row_label == "A"`) or
 * pivot it back to each command's table (id: dataset, rule_set, analysis,
 * options, row; names from column; values from value).
 */
import type { Cell, Table } from '../model.js';
import { csvDocument } from '../report/csv-line.js';
import { keyColumns } from '../analyses/index.js';

export const LONG_COLUMNS = [
  'dataset',
  'rule_set',
  'analysis',
  'options',
  'row',
  'row_label',
  'column',
  'value',
] as const;

export interface LongRow {
  dataset: string;
  rule_set: string;
  analysis: string;
  /** the options record the matching command writes in its provenance */
  options: Record<string, unknown>;
  /** 1-based position of the row in the command's table */
  row: number;
  /** the row's key columns' values, space-separated (level; window; level and time; period) */
  row_label: string;
  column: string;
  /** the cell, unrounded (as the command's JSON); null when empty */
  value: Cell;
}

/** Canonical JSON of an options record (keys in the order the command writes them): the CSV `options` cell. */
export function optionsKey(options: Record<string, unknown>): string {
  return JSON.stringify(options);
}

/** Every cell of a table as long rows. */
export function tableToLong(
  table: Table,
  id: { dataset: string; rule_set: string; analysis: string; options: Record<string, unknown> },
): LongRow[] {
  const keys = keyColumns(id.analysis);
  const out: LongRow[] = [];
  table.rows.forEach((r, i) => {
    const label = keys.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k]))).join(' ');
    for (const c of table.columns) {
      const v = r[c.key];
      out.push({
        ...id,
        row: i + 1,
        row_label: label,
        column: c.key,
        value: typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null),
      });
    }
  });
  return out;
}

/** The long rows as CSV (formulas neutralised in text cells, like every CSV ipvi writes; numbers unrounded). */
export function longToCsv(rows: LongRow[], safe = true): string {
  // every text cell through the one CSV writer's neutraliser; `analysis` and `row` are ipvi's own words and numbers
  const body = rows.map((r) => [
    r.dataset,
    r.rule_set,
    r.analysis,
    optionsKey(r.options),
    String(r.row),
    r.row_label,
    r.column,
    r.value,
  ]);
  return csvDocument([...LONG_COLUMNS], body, safe);
}
