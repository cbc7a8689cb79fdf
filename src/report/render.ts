/**
 * Render a Table as text (aligned columns), CSV, JSON or Markdown. The output
 * format is only a rendering (STYLE.md habit 5): JSON keeps full precision,
 * human formats round per column.
 */
import { csvCell, csvField, csvLine, plainCsvText } from './csv-line.js';
import { fitWidths, isIdColumn, truncate, wrapText } from './view.js';
import type { Cell, Column, Table } from '../model.js';
import { mdCell } from './markdown-safe.js';
import { capWidth, jsonSafe, MAX_CELL_WIDTH, visible } from '../io/terminal-safe.js';
import { rowReader } from '../row-source.js';

/** The output formats of every table; xlsx is binary (src/report/xlsx.ts renders it, not renderChunks). */
export const FORMATS = ['table', 'csv', 'json', 'md', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** neutralise spreadsheet formulas in CSV cells (OWASP CSV injection); default true */
  safeCsv?: boolean;
  /** extra top-level fields for JSON (provenance, summary) */
  jsonExtra?: Record<string, unknown>;
  /** text: fit every line within this many characters (a terminal's width): text cut with `…`, notes wrapped */
  maxWidth?: number;
  /** CSV: start with a UTF-8 byte-order mark (so Excel reads the file as UTF-8) */
  bom?: boolean;
  /** text: cut cells longer than this with `…` (default MAX_CELL_WIDTH; Infinity keeps every cell whole, for a file) */
  maxCell?: number;
}

/** The CSV formula neutraliser (it lives with the one CSV writer; re-exported here for existing callers). */
export { neutraliseFormula } from './csv-line.js';

export function formatCell(value: Cell, col: Column): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    if (col.kind === 'percent') return `${(value * 100).toFixed(col.decimals ?? 1)}%`;
    if (col.kind === 'pvalue') return value < 0.0001 ? '<0.0001' : value.toFixed(4);
    if (col.kind === 'int') return String(Math.round(value));
    if (col.decimals !== undefined) return value.toFixed(col.decimals);
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  return value;
}

function isNumeric(c: Column): boolean {
  return (
    c.kind === 'int' || c.kind === 'number' || c.kind === 'percent' || c.kind === 'pvalue' || c.decimals !== undefined
  );
}

/** Rows are rendered in chunks of this many, so a large table streams to its file. */
const CHUNK_ROWS = 2000;

/** A cell as the text table shows it (one line, terminal-safe, at most `maxCell` characters). */
const textCell = (v: Cell, c: Column, maxCell = MAX_CELL_WIDTH) =>
  visible(capWidth(formatCell(v, c).replace(/[\r\n\t]+/g, ' '), maxCell));

/** Each column's natural width in the text table: its widest cell or its header. */
export function textWidths(table: Table, maxCell = MAX_CELL_WIDTH): number[] {
  // two passes (widths, then lines) rather than holding every formatted cell
  const widths = table.columns.map((c) => visible(c.label ?? c.key).length);
  const reader = rowReader(table);
  const cells: Cell[] = new Array(table.columns.length);
  for (let r = 0; r < reader.length; r++) {
    reader.read(r, cells);
    for (let i = 0; i < table.columns.length; i++) {
      const n = textCell(cells[i], table.columns[i], maxCell).length;
      if (n > widths[i]) widths[i] = n;
    }
  }
  return widths;
}

function* renderText(table: Table, opts: RenderOptions): Generator<string> {
  const max = opts.maxWidth;
  const headers = table.columns.map((c) => visible(c.label ?? c.key));
  const maxCell = opts.maxCell ?? MAX_CELL_WIDTH;
  let widths = textWidths(table, maxCell);
  const numeric = table.columns.map(isNumeric);
  let columns = table.columns;
  const notes = [...table.notes];
  if (max !== undefined) {
    // free text is cut; identifiers (a cut ID cannot be looked up), numbers, dates and booleans never are
    const cuttable = table.columns.map(
      (c, i) => !numeric[i] && c.kind !== 'date' && c.kind !== 'bool' && !isIdColumn(c),
    );
    widths = fitWidths(
      widths,
      headers.map((h) => h.length),
      cuttable,
      max,
    );
    if (widths.length < columns.length) {
      const hidden = columns.slice(widths.length).map((c) => c.key);
      notes.unshift(
        `${hidden.length} column(s) do not fit a ${max}-character terminal and are not shown (${hidden.join(', ')}): --wide or --columns shows them`,
      );
      columns = columns.slice(0, widths.length);
    }
  }
  const cut = (s: string, i: number) => (max === undefined ? s : truncate(s, widths[i]));
  const clip = (s: string) => (max === undefined ? s : truncate(s, max));
  const line = (cells: string[]) =>
    clip(
      cells
        .map((s, i) => (numeric[i] ? cut(s, i).padStart(widths[i]) : cut(s, i).padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    );
  const head: string[] = [];
  if (table.title) head.push(clip(visible(table.title)), '');
  head.push(line(headers.slice(0, columns.length)));
  head.push(clip(widths.map((w) => '-'.repeat(w)).join('  ')));
  yield head.join('\n') + '\n';
  let out: string[] = [];
  const reader = rowReader(table);
  const cells: Cell[] = new Array(table.columns.length);
  for (let r = 0; r < reader.length; r++) {
    reader.read(r, cells);
    out.push(line(columns.map((c, i) => textCell(cells[i], c, maxCell))));
    if (out.length === CHUNK_ROWS) {
      yield out.join('\n') + '\n';
      out = [];
    }
  }
  if (reader.length === 0) out.push('(no rows)');
  if (notes.length) {
    out.push('');
    for (const n of notes)
      out.push(...(max === undefined ? [`note: ${visible(n)}`] : wrapText(`note: ${visible(n)}`, max, '  ')));
  }
  if (out.length) yield out.join('\n') + '\n';
}

/** Distinct texts a CSV rendering remembers as fields (then it starts afresh: memory stays bounded). */
const FIELD_MEMO = 4096;
/** Texts longer than this go to the memo before any scan (ids, dates, numbers as text are shorter). */
const LONG_TEXT = 24;

function* renderCsv(table: Table, opts: RenderOptions): Generator<string> {
  const safe = opts.safeCsv ?? true;
  const keys = table.columns.map((c) => c.key);
  let parts: string[] = [(opts.bom ? '\uFEFF' : '') + csvLine(keys)];
  const cells: string[] = new Array(keys.length);
  const values: Cell[] = new Array(keys.length);
  const reader = rowReader(table);
  // long lists repeat their texts (levels, rules, reasons, actions): each distinct text is made into a field once
  let fields = new Map<string, string>();
  for (let r = 0; r < reader.length; r++) {
    reader.read(r, values);
    for (let k = 0; k < keys.length; k++) {
      const v = values[k];
      // a number, a boolean or empty: never quoted
      if (typeof v !== 'string') cells[k] = csvCell(v);
      else if (v.length <= LONG_TEXT && safe && plainCsvText(v)) cells[k] = v;
      else {
        // a long text is looked up first, plain or not: the same text object every row (an action, a
        // rule) is found by its hash, which the text keeps, instead of being scanned again
        let f = fields.get(v);
        if (f === undefined) {
          f = safe && plainCsvText(v) ? v : csvField(safe ? visible(csvCell(v)) : csvCell(v, false));
          if (fields.size === FIELD_MEMO) fields = new Map();
          fields.set(v, f);
        }
        cells[k] = f;
      }
    }
    parts.push(cells.join(',') + '\n');
    if (parts.length === CHUNK_ROWS) {
      yield parts.join('');
      parts = [];
    }
  }
  if (parts.length) yield parts.join('');
}

const mdEscape = mdCell;

function* renderMarkdown(table: Table): Generator<string> {
  let out: string[] = [];
  if (table.title) out.push(`### ${mdEscape(table.title)}`, '');
  const numeric = table.columns.map(isNumeric);
  out.push(`| ${table.columns.map((c) => mdEscape(c.label ?? c.key)).join(' | ')} |`);
  out.push(`|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`);
  const reader = rowReader(table);
  const cells: Cell[] = new Array(table.columns.length);
  for (let r = 0; r < reader.length; r++) {
    reader.read(r, cells);
    out.push(`| ${table.columns.map((c, i) => mdEscape(formatCell(cells[i], c))).join(' | ')} |`);
    if (out.length >= CHUNK_ROWS) {
      yield out.join('\n') + '\n';
      out = [];
    }
  }
  if (table.notes.length) {
    out.push('');
    for (const n of table.notes) out.push(`- ${mdEscape(n)}`);
  }
  if (out.length) yield out.join('\n') + '\n';
}

function jsonRow(table: Table, r: Record<string, Cell>): Record<string, Cell> {
  return jsonCells(
    table,
    table.columns.map((c) => r[c.key]),
  );
}

/** One row's JSON object from its cells in column order. */
function jsonCells(table: Table, cells: readonly Cell[]): Record<string, Cell> {
  const o: Record<string, Cell> = {};
  for (let k = 0; k < table.columns.length; k++) {
    const v = cells[k];
    o[table.columns[k].key] = typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null);
  }
  return o;
}

/** JSON streamed: the document of tableToJson, with one row per line. */
function* renderJson(table: Table, extra?: Record<string, unknown>): Generator<string> {
  const marker = '\u0000rows\u0000';
  const { title, columns, notes, meta } = table; // not a spread: that would read (make) a row-free table's rows
  const doc = jsonSafe(
    JSON.stringify({ ...tableToJson({ title, columns, notes, meta, rows: [] }, extra), rows: marker }, null, 2),
  );
  const at = doc.indexOf(JSON.stringify(marker));
  yield doc.slice(0, at);
  const reader = rowReader(table);
  if (reader.length === 0) yield '[]';
  else {
    let parts: string[] = [];
    const cells: Cell[] = new Array(table.columns.length);
    for (let i = 0; i < reader.length; i++) {
      reader.read(i, cells);
      parts.push(`${i === 0 ? '[\n' : ',\n'}    ${jsonSafe(JSON.stringify(jsonCells(table, cells)))}`);
      if (parts.length === CHUNK_ROWS) {
        yield parts.join('');
        parts = [];
      }
    }
    yield parts.join('') + '\n  ]';
  }
  yield doc.slice(at + JSON.stringify(marker).length) + '\n';
}

/** JSON keeps unrounded numbers; non-finite numbers become null. */
export function tableToJson(table: Table, extra?: Record<string, unknown>): Record<string, unknown> {
  const rows = table.rows.map((r) => jsonRow(table, r));
  return {
    ...(table.title ? { title: table.title } : {}),
    columns: table.columns.map((c) => c.key),
    rows,
    notes: table.notes,
    ...(table.meta ?? {}),
    ...(extra ?? {}),
  };
}

/** The rendering in chunks (large tables stream to their file without one huge string). */
export function renderChunks(table: Table, format: Format, opts: RenderOptions = {}): Iterable<string> {
  switch (format) {
    case 'csv':
      return renderCsv(table, opts);
    case 'json':
      return renderJson(table, opts.jsonExtra);
    case 'md':
      return renderMarkdown(table);
    case 'xlsx':
      throw new RangeError('xlsx is a binary format: render it with renderXlsx (src/report/xlsx.ts)');
    default:
      return renderText(table, opts);
  }
}

export function renderTable(table: Table, format: Format, opts: RenderOptions = {}): string {
  return [...renderChunks(table, format, opts)].join('');
}
