/**
 * Which columns of a Table an output shows: `--columns a,b,c` picks (and
 * orders) them in every format; on a terminal a list shows its compact
 * columns fitted to the terminal's width (long text cut with `…`), `--wide`
 * shows every column. Written and piped output keeps every column.
 */
import { closest } from '../classify/expression/messages.js';
import { UsageError } from '../errors.js';
import type { Column, Table } from '../model.js';

/** The table with only `keys`, in that order. An unknown key is a usage error naming the available ones. */
export function selectColumns(table: Table, keys: readonly string[], flag = '--columns'): Table {
  const byKey = new Map(table.columns.map((c) => [c.key, c]));
  const available = table.columns.map((c) => c.key);
  const picked: Column[] = [];
  for (const k of keys) {
    const c = byKey.get(k);
    if (!c) {
      const best = closest(k, available);
      throw new UsageError(
        `${flag}: unknown column '${k}'${best ? ` — did you mean '${best}'?` : ''}`,
        `available columns: ${available.join(', ')}`,
      );
    }
    if (!picked.includes(c)) picked.push(c);
  }
  return { ...table, columns: picked };
}

/** `a,b , c` → ['a','b','c']; an empty list is a usage error. */
export function parseColumnList(value: string, flag = '--columns'): string[] {
  const keys = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (keys.length === 0)
    throw new UsageError(`${flag}: no column named`, 'list column names separated by commas, e.g. person_id,level');
  return keys;
}

/** Columns whose values are identifiers (person, victim, incident): never cut to fit, since a cut ID cannot be looked up. */
export function isIdColumn(c: Column): boolean {
  return /(^|_)id$/.test(c.key);
}

/** How the compact view grows: further columns in priority order, added while they fit the width in full. */
export interface CompactGrowth {
  /** further columns, most wanted first */
  more: readonly string[];
  /** the terminal's width */
  maxWidth: number;
  /** each column's natural width in the text rendering (header included) */
  widths: (t: Table) => number[];
}

/**
 * The compact view of a list on a terminal: its compact columns (those
 * present), with short headers; with `grow`, each of `grow.more` is added in
 * its priority order while the whole still fits the width without cutting
 * (a column that does not fit is skipped, a narrower one after it may still
 * be added). The compact columns come first in their order, the added ones
 * after them in the table's order.
 */
export function compactView(
  table: Table,
  compact: readonly string[],
  labels: Record<string, string> = {},
  grow?: CompactGrowth,
): Table {
  const present = (k: string) => table.columns.some((c) => c.key === k);
  const relabel = (t: Table): Table => ({
    ...t,
    columns: t.columns.map((c) => (labels[c.key] ? { ...c, label: labels[c.key] } : c)),
  });
  const keys = new Set(compact.filter(present));
  if (grow) {
    const more = grow.more.filter((k) => present(k) && !keys.has(k));
    const all = relabel(selectColumns(table, [...keys, ...more]));
    const natural = grow.widths(all);
    const widths = new Map(all.columns.map((c, i) => [c.key, natural[i]] as const));
    let total = [...keys].reduce((s, k) => s + (widths.get(k) ?? 0), 0) + 2 * Math.max(0, keys.size - 1);
    for (const k of more) {
      const w = (widths.get(k) ?? 0) + (keys.size ? 2 : 0);
      if (total + w <= grow.maxWidth) {
        keys.add(k);
        total += w;
      }
    }
  }
  const base = compact.filter(present);
  const added = table.columns.map((c) => c.key).filter((k) => keys.has(k) && !base.includes(k));
  return relabel(selectColumns(table, [...base, ...added]));
}

/** Short headers for the compact terminal view (the file formats keep the column keys). */
export const COMPACT_LABELS: Record<string, string> = {
  person_id: 'person',
  victim_id: 'victim',
  previous_level: 'prev',
  notification_due: 'due',
  enforcement_review: 'review',
  incident_id: 'incident',
  last_incident_date: 'last incident',
  days_since_last_incident: 'days since',
  days_since_level_set: 'at level (days)',
  last_notified_level: 'notified level',
  last_notified_date: 'last notified',
  level_before: 'before',
  level_after: 'after',
  notified_before: 'notified',
};

/** Cut `s` to `width` characters, ending with `…` when cut. */
export function truncate(s: string, width: number): string {
  if (s.length <= width) return s;
  if (width <= 1) return '…'.slice(0, width);
  return `${s.slice(0, width - 1)}…`;
}

/** Words of `s` wrapped to lines of at most `width` characters (a word longer than that is cut). */
export function wrapText(s: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  const lead = /^(\S*\s+)(\s*)/.exec(s)?.[2] ?? ''; // 'note:   A when…' keeps its indent
  let line = '';
  for (const [k, raw] of s.split(/\s+/).filter(Boolean).entries()) {
    const word = k === 1 ? lead + raw : raw;
    const w = truncate(word, Math.max(1, width - indent.length));
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = indent + w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

/** Narrowest a text column is cut to before columns are dropped. */
const MIN_TEXT = 8;

/**
 * Column widths fitting `maxWidth` (with 2-space gaps): the widest cuttable
 * (free-text) column is narrowed first, never below its header or MIN_TEXT;
 * identifiers, numbers and dates are never cut. Columns that still do not fit
 * are dropped from the right. Returns the widths of the kept
 * columns (a prefix of the columns).
 */
export function fitWidths(natural: number[], headers: number[], cuttable: boolean[], maxWidth: number): number[] {
  const w = [...natural];
  const total = (ws: number[]) => ws.reduce((a, b) => a + b, 0) + 2 * Math.max(0, ws.length - 1);
  while (total(w) > maxWidth) {
    let best = -1;
    for (let i = 0; i < w.length; i++) {
      const floor = Math.max(MIN_TEXT, Math.min(headers[i], 16));
      if (cuttable[i] && w[i] > floor && (best < 0 || w[i] > w[best])) best = i;
    }
    if (best < 0) break;
    const floor = Math.max(MIN_TEXT, Math.min(headers[best], 16));
    w[best] = Math.max(floor, w[best] - Math.max(1, total(w) - maxWidth));
  }
  while (w.length > 1 && total(w) > maxWidth) w.pop();
  return w;
}
