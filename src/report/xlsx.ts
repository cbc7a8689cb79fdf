/**
 * Excel output (`--format xlsx`, with exceljs): one sheet per list and a
 * "Notes" sheet with the notes and the provenance. Cells are typed values,
 * never formulas, so nothing in the data can be run by the spreadsheet: IDs
 * and codes are text cells (`0255` stays `0255`), dates are real dates
 * (yyyy-mm-dd), numbers are numbers, true/false are booleans. Each list sheet
 * has its header row frozen, an autofilter, and column widths fitted to its
 * contents. Text (cells, headers, sheet names, notes) shows control and
 * bidirectional characters as escapes (src/io/terminal-safe.ts), as every
 * text output does: XML would drop a C0 control silently, and U+202E would
 * reverse a sheet name.
 *
 * exceljs is loaded only when an xlsx is written (it takes about a second to load).
 */
import type { Cell, Column, Table } from '../model.js';
import { parseIsoDay } from '../dates.js';
import { visible } from '../io/terminal-safe.js';

export interface Sheet {
  name: string;
  table: Table;
}

/** Excel's limit: 1,048,576 rows per sheet, one of them the header. */
export const XLSX_MAX_ROWS = 1_048_575;

/** A valid, unique sheet name: at most 31 characters, none of []:*?/\. */
export function sheetName(name: string, taken: Set<string>): string {
  const base =
    visible(name)
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let out = base;
  for (let k = 2; taken.has(out.toLowerCase()); k++) out = `${base.slice(0, 31 - String(k).length - 1)} ${k}`;
  taken.add(out.toLowerCase());
  return out;
}

/** The cell value exceljs writes for a table cell: Dates for date columns, numbers, booleans, text. */
export function xlsxValue(v: Cell, col: Column): string | number | boolean | Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (col.kind === 'date') {
    const d = parseIsoDay(v);
    // a calendar day at UTC midnight: exceljs turns it into the serial day number without a time zone
    if (d !== null) return new Date(d * 86_400_000);
  }
  return visible(v);
}

const NUM_FMT: Partial<Record<NonNullable<Column['kind']>, string>> = {
  date: 'yyyy-mm-dd',
  int: '0',
  percent: '0.0%',
  pvalue: '0.0000',
};

/** Flatten provenance into (key path, value) rows: `inputs.incidents.sha256 | 3f…`. */
export function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object')
    return [[prefix, value === null || value === undefined ? '' : String(value)]];
  if (Array.isArray(value)) {
    if (value.every((x) => x === null || typeof x !== 'object')) return [[prefix, value.join(', ')]];
    return value.flatMap((x, i) => flatten(x, `${prefix}[${i}]`));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [[prefix, '']];
  return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** The workbook as bytes: the sheets, then "Notes" (every sheet's notes, then the provenance). */
export async function renderXlsx(sheets: Sheet[], provenance: Record<string, unknown>): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ipvi';
  const taken = new Set<string>(['notes']);
  for (const { name, table } of sheets) {
    if (table.rows.length > XLSX_MAX_ROWS) {
      throw new RangeError(`the ${name} has ${table.rows.length} rows; an Excel sheet holds at most ${XLSX_MAX_ROWS}`);
    }
    const ws = wb.addWorksheet(sheetName(name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    const cols = table.columns;
    const widths = cols.map((c) => (c.label ?? c.key).length);
    ws.columns = cols.map((c) => ({
      header: visible(c.label ?? c.key),
      key: c.key,
      style: NUM_FMT[c.kind ?? 'text'] ? { numFmt: NUM_FMT[c.kind ?? 'text'] } : {},
    }));
    for (const r of table.rows) {
      const values = cols.map((c) => xlsxValue(r[c.key], c));
      ws.addRow(values);
      for (let i = 0; i < cols.length; i++) {
        const v = values[i];
        const n = v instanceof Date ? 10 : v === null ? 0 : String(v).length;
        if (n > widths[i]) widths[i] = n;
      }
    }
    for (let i = 0; i < cols.length; i++) ws.getColumn(i + 1).width = Math.min(60, Math.max(6, widths[i] + 2));
    ws.getRow(1).font = { bold: true };
    if (cols.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
  }
  const notes = wb.addWorksheet('Notes');
  notes.columns = [
    { header: 'sheet', key: 'sheet', width: 24 },
    { header: 'note', key: 'note', width: 120 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const { name, table } of sheets) {
    if (table.title) notes.addRow([visible(name), visible(table.title)]);
    for (const n of table.notes) notes.addRow([visible(name), visible(n)]);
  }
  notes.addRow([]);
  notes.addRow(['provenance', 'value']).font = { bold: true };
  for (const [k, v] of flatten(provenance)) notes.addRow([visible(k), visible(v)]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
