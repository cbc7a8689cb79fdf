/**
 * Render a Table as text (aligned columns), CSV, JSON or Markdown. The output
 * format is only a rendering (STYLE.md habit 5): JSON keeps full precision,
 * human formats round per column.
 */
import { csvLine } from './csv-line.js';
import type { Cell, Column, Table } from '../model.js';

export const FORMATS = ['table', 'csv', 'json', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** colour styling function for headers (only on a terminal); identity otherwise */
  bold?: (s: string) => string;
  /** neutralise spreadsheet formulas in CSV cells (OWASP CSV injection); default true */
  safeCsv?: boolean;
  /** extra top-level fields for JSON (provenance, summary) */
  jsonExtra?: Record<string, unknown>;
}

/**
 * OWASP CSV injection: a text cell starting with = + - @ tab or carriage
 * return is prefixed with a single quote so a spreadsheet shows it as text.
 * Numbers are numbers and are left alone.
 */
export function neutraliseFormula(value: string): string {
  const c = value.charCodeAt(0);
  // = + - @ tab CR
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${value}` : value;
}

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
  return c.kind === 'int' || c.kind === 'number' || c.kind === 'percent' || c.kind === 'pvalue' || c.decimals !== undefined;
}

function renderText(table: Table, opts: RenderOptions): string {
  const bold = opts.bold ?? ((s: string) => s);
  const headers = table.columns.map((c) => c.label ?? c.key);
  const body = table.rows.map((r) => table.columns.map((c) => formatCell(r[c.key], c).replace(/[\r\n]+/g, ' ')));
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const numeric = table.columns.map(isNumeric);
  const line = (cells: string[]) =>
    cells.map((s, i) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ').trimEnd();
  const out: string[] = [];
  if (table.title) out.push(bold(table.title), '');
  out.push(bold(line(headers)));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) out.push(line(r));
  if (table.rows.length === 0) out.push('(no rows)');
  if (table.notes.length) {
    out.push('');
    for (const n of table.notes) out.push(`note: ${n}`);
  }
  return out.join('\n') + '\n';
}

function renderCsv(table: Table, opts: RenderOptions): string {
  const safe = opts.safeCsv ?? true;
  const keys = table.columns.map((c) => c.key);
  const parts: string[] = [csvLine(keys)];
  const cells: string[] = new Array(keys.length);
  for (const r of table.rows) {
    for (let k = 0; k < keys.length; k++) {
      const v = r[keys[k]];
      cells[k] =
        v === null || v === undefined ? ''
        : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '')
        : typeof v === 'boolean' ? (v ? 'true' : 'false')
        : safe ? neutraliseFormula(v) : v;
    }
    parts.push(csvLine(cells));
  }
  return parts.join('');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function renderMarkdown(table: Table): string {
  const out: string[] = [];
  if (table.title) out.push(`### ${mdEscape(table.title)}`, '');
  const numeric = table.columns.map(isNumeric);
  out.push(`| ${table.columns.map((c) => mdEscape(c.label ?? c.key)).join(' | ')} |`);
  out.push(`|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`);
  for (const r of table.rows) out.push(`| ${table.columns.map((c) => mdEscape(formatCell(r[c.key], c))).join(' | ')} |`);
  if (table.notes.length) {
    out.push('');
    for (const n of table.notes) out.push(`- ${mdEscape(n)}`);
  }
  return out.join('\n') + '\n';
}

/** JSON keeps unrounded numbers; non-finite numbers become null. */
export function tableToJson(table: Table, extra?: Record<string, unknown>): Record<string, unknown> {
  const rows = table.rows.map((r) => {
    const o: Record<string, Cell> = {};
    for (const c of table.columns) {
      const v = r[c.key];
      o[c.key] = typeof v === 'number' && !Number.isFinite(v) ? null : v ?? null;
    }
    return o;
  });
  return {
    ...(table.title ? { title: table.title } : {}),
    columns: table.columns.map((c) => c.key),
    rows,
    notes: table.notes,
    ...(table.meta ?? {}),
    ...(extra ?? {}),
  };
}

export function renderTable(table: Table, format: Format, opts: RenderOptions = {}): string {
  switch (format) {
    case 'csv':
      return renderCsv(table, opts);
    case 'json':
      return JSON.stringify(tableToJson(table, opts.jsonExtra), null, 2) + '\n';
    case 'md':
      return renderMarkdown(table);
    default:
      return renderText(table, opts);
  }
}
