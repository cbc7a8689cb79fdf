/**
 * The report's "Notifications due" table under --suppress-below
 * (docs/methods.md#suppression, item 8): counts by level only, suppressed
 * together with the tier counts, so a level's due reads the same in both
 * tables; no equation (levels to "all"; overdue + within + undated = due)
 * has exactly one hidden cell; the longest wait follows its counts.
 */
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { prepareClassification } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { loadDataset } from '../../src/ingest/read.js';
import type { Cell, Table } from '../../src/model.js';
import { buildReportDocument } from '../../src/report/document.js';
import { fixture } from '../helpers/run-cli.js';

async function report(suppressBelow?: number) {
  const config = loadConfig(undefined);
  const result = await loadDataset({
    incidents: fixture('demo/incidents.csv'),
    notifications: fixture('demo/notifications.csv'),
    config,
    coverageStart: parseIsoDay('2019-01-01')!,
    coverageEnd: parseIsoDay('2023-12-31')!,
  });
  const { dataset, ruleSet } = prepareClassification(config, result.dataset);
  const ctx = { dataset, config, ruleSet, index: buildPersonIndex(dataset) };
  const doc = buildReportDocument(
    ctx,
    result,
    { windows: [12], followUpMonths: 12, cohort: 'first', suppressBelow },
    {},
  );
  const tables = doc.sections
    .find((s) => s.id === 'tiers')!
    .blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
  const due = tables.find((t) => t.title?.startsWith('Notifications due'))!;
  const tiers = tables.find((t) => t.title?.startsWith('Tier counts'))!;
  return { due, tiers, summary: JSON.stringify(doc.sections.find((s) => s.id === 'summary')) };
}

const hidden = (v: Cell) => typeof v !== 'number';
const row = (t: Table, level: string) => t.rows.find((r) => r.level === level)!;

describe('the report: notifications due', () => {
  it('holds counts by level and no person', async () => {
    const { due } = await report();
    expect(due.rows.map((r) => r.level)).toEqual(['B', 'C', 'D', 'all']);
    expect(due.columns.map((c) => c.key)).toEqual(['level', 'due', 'overdue', 'within', 'longest_wait_days']);
    for (const r of due.rows) expect((r.overdue as number) + (r.within as number) + (r.undated as number)).toBe(r.due);
  });

  it('is suppressed with the tier counts: the same cells hidden, no equation with one hidden cell', async () => {
    const below = 11;
    const { due, tiers, summary } = await report(below);
    const plain = await report();
    // the demo has small overdue/within cells to hide (else this test shows nothing)
    expect(plain.due.rows.some((r) => (r.within as number) >= 1 && (r.within as number) < below)).toBe(true);
    for (const level of ['B', 'C', 'D', 'all']) {
      const d = row(due, level);
      // a level's due is its notification_due, shown (or hidden) the same way in both tables
      expect(d.due, level).toEqual(row(tiers, level).notification_due);
      // a small count never shows
      for (const k of ['due', 'overdue', 'within']) {
        const v = d[k];
        if (typeof v === 'number') expect(v === 0 || v >= below, `${level}/${k} = ${v}`).toBe(true);
      }
      // overdue + within + undated = due: never exactly one hidden cell
      const cells = ['overdue', 'within', 'undated', 'due'].map((k) => d[k]);
      expect(cells.filter(hidden).length, `${level}: ${JSON.stringify(cells)}`).not.toBe(1);
      // the longest wait is one person's: hidden with its counts
      if (hidden(d.overdue) || hidden(d.within)) expect(d.longest_wait_days).toBe('suppressed');
    }
    // the levels add up to all in each column: never exactly one hidden cell
    for (const k of ['due', 'overdue', 'within', 'undated']) {
      const cells = ['B', 'C', 'D', 'all'].map((l) => row(due, l)[k]);
      expect(cells.filter(hidden).length, `${k}: ${JSON.stringify(cells)}`).not.toBe(1);
    }
    expect(due.notes.join('\n')).toContain('suppressed together with the tier counts above');
    // the summary quotes a hidden cell as shown, never as a gap
    expect(summary).not.toMatch(/with {2}new| and {2}moved/);
  });
});
