/**
 * Row-free tables (src/row-source.ts): a table whose rows are made on
 * demand renders, in every format and across chunk boundaries, exactly what
 * the same table with row objects renders (quoting, formula neutralising,
 * escapes of hidden characters, numbers, booleans and empty cells included);
 * once its rows are read it is an ordinary table, so a reader that changed
 * them is never shown the source's rows instead.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, Column, Table } from '../../src/model.js';
import { renderTable } from '../../src/report/render.js';
import { lazyTable, rowReader, type RowSource } from '../../src/row-source.js';

const columns: Column[] = [
  { key: 'id' },
  { key: 'text' },
  { key: 'n', kind: 'number' },
  { key: 'days', kind: 'int' },
  { key: 'flag', kind: 'bool' },
  { key: 'when', kind: 'date' },
];
/** texts a CSV writer must treat with care: separators, quotes, formulas, a long dash, a bidi override, line breaks */
const TEXTS = [
  'plain',
  'a, b',
  'say "hi"',
  '=1+1',
  '-2',
  '@sum',
  " 'quoted",
  'x;=2*3',
  'B: reason — x (=3)',
  'rtl\u202Eevil',
  'two\nlines',
  '',
];
const NUMBERS = [0, 1.5, -3, Number.NaN, Number.POSITIVE_INFINITY, 1e21];

/** Row k's cells in `columns` order (pure in k, so the two tables below hold the same rows). */
function cellsOf(k: number): Cell[] {
  return [
    `P${String(k).padStart(5, '0')}`,
    TEXTS[k % TEXTS.length],
    NUMBERS[k % NUMBERS.length],
    k % 7 === 0 ? null : k % 400,
    k % 3 === 0,
    k % 5 === 0 ? '' : `2023-0${1 + (k % 9)}-1${k % 10}`,
  ];
}

const N = 4500; // more than two of the renderers' 2,000-row chunks

function tables(n = N): { lazy: Table; plain: Table; filled: number[] } {
  const filled: number[] = [];
  const keys = columns.map((c) => c.key);
  const source: RowSource = {
    length: n,
    keys,
    fill(k, out) {
      filled.push(k);
      const cells = cellsOf(k);
      for (let i = 0; i < cells.length; i++) out[i] = cells[i];
    },
  };
  const rows = Array.from({ length: n }, (_, k) => Object.fromEntries(keys.map((key, i) => [key, cellsOf(k)[i]])));
  const base = { title: 'a list', columns, notes: ['a note'], meta: { total: n } };
  return { lazy: lazyTable(base, source), plain: { ...base, rows }, filled };
}

describe('a row-free table', () => {
  for (const format of ['csv', 'json', 'md', 'table'] as const) {
    it(`renders as ${format} exactly what the same rows as objects render`, () => {
      const { lazy, plain, filled } = tables();
      expect(renderTable(lazy, format)).toBe(renderTable(plain, format));
      // csv, json and md read each row once; the text table twice (widths, then lines)
      expect(filled.length).toBe(format === 'table' ? 2 * N : N);
    });
  }

  it('renders unsafe CSV as the same rows do, and an empty table', () => {
    const { lazy, plain } = tables();
    expect(renderTable(lazy, 'csv', { safeCsv: false })).toBe(renderTable(plain, 'csv', { safeCsv: false }));
    const empty = tables(0);
    for (const format of ['csv', 'json', 'md', 'table'] as const)
      expect(renderTable(empty.lazy, format)).toBe(renderTable(empty.plain, format));
  });

  it('gives its rows to any other reader, made once; after that it renders what the rows hold', () => {
    const { lazy, plain, filled } = tables(10);
    expect(lazy.rows).toEqual(plain.rows);
    expect(lazy.rows).toBe(lazy.rows);
    expect(filled.length).toBe(10);
    lazy.rows[0].text = '=changed';
    lazy.rows.pop();
    const csv = renderTable(lazy, 'csv');
    expect(csv).toContain("'=changed");
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + 9);
    expect(filled.length).toBe(10); // rendered from the rows, not the source
  });

  it('a copy with other columns (selectColumns, compact views) renders those columns', () => {
    const { lazy, plain } = tables(50);
    const pick = (t: Table): Table => ({ ...t, columns: [columns[1], columns[0]] });
    expect(renderTable(pick(lazy), 'csv')).toBe(renderTable(pick(plain), 'csv'));
    // its own columns changed in place: still from the source, each column where the source has it
    const { lazy: again, filled } = tables(50);
    again.columns = [columns[3], columns[1], columns[0]];
    const shown = renderTable(again, 'csv');
    expect(filled.length).toBe(50);
    expect(shown).toBe(renderTable({ ...plain, columns: again.columns }, 'csv'));
    expect(shown.split('\n')[2]).toBe('1,"a, b",P00001');
  });

  it('renders more distinct texts than the CSV writer remembers, each as its own field', () => {
    const n = 9000; // past the 4,096 texts the CSV rendering remembers
    const rows = Array.from({ length: n }, (_, k) => ({ a: `x,${k}`, b: `=${k % 5000}`, c: k % 2 ? 'same' : 'y;z' }));
    const table: Table = { columns: [{ key: 'a' }, { key: 'b' }, { key: 'c' }], rows, notes: [] };
    const expected = ['a,b,c', ...rows.map((r, k) => `"x,${k}",'=${k % 5000},${k % 2 ? 'same' : '"y;z"'}`)];
    expect(renderTable(table, 'csv')).toBe(`${expected.join('\n')}\n`);
  });

  it('rows assigned to it replace its source', () => {
    const { lazy } = tables(5);
    lazy.rows = [{ id: 'only', text: 'x', n: 1, days: 2, flag: true, when: '' }];
    expect(renderTable(lazy, 'csv')).toBe('id,text,n,days,flag,when\nonly,x,1,2,true,\n');
  });

  it('reads from the row objects when a column is not in the source', () => {
    const { lazy } = tables(3);
    const reader = rowReader({ ...lazy, columns: [...columns, { key: 'extra' }] });
    const out: Cell[] = [];
    reader.read(1, out);
    expect(out).toEqual([...cellsOf(1), undefined]);
  });
});
