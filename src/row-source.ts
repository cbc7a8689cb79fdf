/**
 * Row-free tables: a long list (classify, tiers: one row per person, hundreds
 * of thousands of rows) can hand its rows to the renderers one at a time, made
 * on demand from its columns into one reused array, instead of as an array of
 * row objects (docs/performance.md, round two). The table still has `rows`
 * for every other reader: the first read makes them (once) and from then on
 * the table is an ordinary one, so a caller that looks at, copies or changes
 * the rows can never be shown stale ones.
 */
import type { Cell, Table } from './model.js';

/** A table's rows made one at a time: row `row`'s cells, in `keys` order, written into `out`. */
export interface RowSource {
  readonly length: number;
  readonly keys: readonly string[];
  fill(row: number, out: Cell[]): void;
}

/** The row-free tables whose rows have not been read: only these render from their source. */
const sources = new WeakMap<Table, RowSource>();

/** A table whose rows come from `source` (`rows`, when read, is made from it once). */
export function lazyTable(table: Omit<Table, 'rows'>, source: RowSource): Table {
  const t = { ...table } as Table;
  let rows: Record<string, Cell>[] | undefined;
  Object.defineProperty(t, 'rows', {
    enumerable: true,
    configurable: true,
    get() {
      if (rows === undefined) {
        sources.delete(t);
        rows = materialise(source);
      }
      return rows;
    },
    set(value: Record<string, Cell>[]) {
      sources.delete(t);
      rows = value;
    },
  });
  sources.set(t, source);
  return t;
}

function materialise(source: RowSource): Record<string, Cell>[] {
  const out: Record<string, Cell>[] = new Array(source.length);
  const cells: Cell[] = new Array(source.keys.length);
  for (let i = 0; i < source.length; i++) {
    source.fill(i, cells);
    const row: Record<string, Cell> = {};
    for (let k = 0; k < cells.length; k++) row[source.keys[k]] = cells[k];
    out[i] = row;
  }
  return out;
}

/** Reads a table's rows as cells in the order of `table.columns`. */
export interface RowReader {
  readonly length: number;
  /** row `row`'s cells into `out` (the same array may be passed every time) */
  read(row: number, out: Cell[]): void;
}

/**
 * The reader of `table`'s rows: from its source while its rows have not been
 * read and the source has every column, else from its row objects.
 */
export function rowReader(table: Table): RowReader {
  const keys = table.columns.map((c) => c.key);
  const source = sources.get(table);
  const at = source && keys.map((k) => source.keys.indexOf(k));
  if (source && at && at.every((i) => i >= 0)) {
    const cells: Cell[] = new Array(source.keys.length);
    return {
      length: source.length,
      read(row, out) {
        source.fill(row, cells);
        for (let k = 0; k < at.length; k++) out[k] = cells[at[k]];
      },
    };
  }
  const rows = table.rows;
  return {
    length: rows.length,
    read(row, out) {
      const r = rows[row];
      for (let k = 0; k < keys.length; k++) out[k] = r[keys[k]];
    },
  };
}
