/** Table rendering: every format streams in chunks that join to the whole, and large tables render. */
import { describe, expect, it } from 'vitest';
import type { Table } from '../../src/model.js';
import { renderChunks, renderTable, tableToJson } from '../../src/report/render.js';

function bigTable(n: number): Table {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `P${i}`,
    level: 'ABCD'[i % 4],
    rate: i / 7,
    p: i % 5 === 0 ? 0.00001 : 0.5,
    note: i % 3 ? 'a, "quoted" | text' : null,
  }));
  return {
    title: 'big',
    columns: [
      { key: 'id' },
      { key: 'level' },
      { key: 'rate', decimals: 2 },
      { key: 'p', kind: 'pvalue' },
      { key: 'note' },
    ],
    rows,
    notes: ['a note'],
    meta: { summary: { n } },
  };
}

describe('renderChunks', () => {
  it('streams every format in chunks, and a 250,000-row table renders in each (no argument-spread limits)', () => {
    const t = bigTable(250_000);
    for (const format of ['table', 'csv', 'md', 'json'] as const) {
      const chunks = [...renderChunks(t, format)];
      expect(chunks.length, format).toBeGreaterThan(10);
      const text = chunks.join('');
      expect(text.endsWith('\n'), format).toBe(true);
      if (format === 'csv') expect(text.split('\n')).toHaveLength(250_002);
    }
  });

  it('JSON streaming gives exactly the tableToJson document', () => {
    const t = bigTable(5003);
    expect(JSON.parse(renderTable(t, 'json', { jsonExtra: { provenance: { x: 1 } } }))).toEqual(
      JSON.parse(JSON.stringify(tableToJson(t, { provenance: { x: 1 } }))),
    );
    const empty = { ...t, rows: [] };
    expect(JSON.parse(renderTable(empty, 'json'))).toEqual(JSON.parse(JSON.stringify(tableToJson(empty))));
  });

  it('formats p-values below 0.0001 as <0.0001 and escapes pipes in Markdown', () => {
    const t = bigTable(2);
    const text = renderTable(t, 'table');
    expect(text).toContain('<0.0001');
    expect(text).toContain('0.5000');
    expect(renderTable(t, 'md')).toContain('a, "quoted" \\| text');
    expect(renderTable(t, 'csv').split('\n')[2]).toBe('P1,B,0.14285714285714285,0.5,"a, ""quoted"" | text"');
  });
});
