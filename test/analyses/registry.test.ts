/**
 * The analysis registry (src/analyses/): one descriptor per analysis, read
 * by its command, `ipvi report` and `ipvi batch`. A throw-away analysis
 * registered in the list shows that report and batch pick descriptors up
 * with no edit of their own: its option appears in the report's --help and
 * in the manifest's report: block, the manifest runs it (a list expands into
 * runs), and the report document gets its section.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSES, analysisOptions, runAnalysis, specFor, type AnalysisDescriptor } from '../../src/analyses/index.js';
import { DEFAULT_WINDOWS, prepost } from '../../src/analyses/prepost.js';
import { loadManifest } from '../../src/batch/manifest.js';
import { runBatch } from '../../src/batch/run.js';
import { runAnalysisCommand } from '../../src/cli/analysis.js';
import { reportCommand } from '../../src/cli/commands/report.js';
import { readData } from '../../src/cli/data.js';
import { buildReportDocument, reportOptionDefs } from '../../src/report/document.js';
import { positiveInt } from '../../src/analyses/values.js';
import { fixture } from '../helpers/run-cli.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';

/** Counts persons with at least `min` incidents: a stand-in for a new analysis. */
const fake: AnalysisDescriptor = {
  kind: 'busy-persons',
  options: [
    {
      name: 'minIncidents',
      flags: '--min-incidents <n>',
      help: 'at least this many incidents',
      default: 2,
      parse: (raw, flag) => positiveInt(raw as string | undefined, flag, 2),
      provenanceKey: 'min_incidents',
      manifestKey: 'min_incidents',
      schema: (zod) => zod.number().int().positive(),
      many: true,
      report: true,
    },
  ],
  suppressible: false,
  keyColumns: ['min_incidents'],
  run: (ctx, o) => {
    const counts = new Map<number, number>();
    for (const p of ctx.dataset.incidents.person) counts.set(p, (counts.get(p) ?? 0) + 1);
    const min = o.minIncidents as number;
    return {
      title: 'Busy persons',
      columns: [
        { key: 'min_incidents', kind: 'int' },
        { key: 'persons', kind: 'int' },
      ],
      rows: [{ min_incidents: min, persons: [...counts.values()].filter((c) => c >= min).length }],
      notes: [],
    };
  },
  reportSection: { heading: 'Busy persons', text: 'Persons with several incidents.' },
};

const demo = [
  '--incidents',
  fixture('demo/incidents.csv'),
  '--notifications',
  fixture('demo/notifications.csv'),
  '--coverage-start',
  '2019-01-01',
  '--coverage-end',
  '2023-12-31',
];
let tmp = '';
beforeAll(() => {
  ANALYSES.push(fake);
  tmp = mkdtempSync(join(tmpdir(), 'ipvi-registry-'));
});
afterAll(() => {
  ANALYSES.splice(ANALYSES.indexOf(fake), 1);
  rmSync(tmp, { recursive: true, force: true });
});

describe('the analysis registry', () => {
  it('every descriptor names its provenance keys once and its defaults are the command defaults', () => {
    expect(specFor(prepost).options).toEqual({
      windows: [12, 18, 24],
      offensesOnly: false,
      excludeIndex: false,
      suppressBelow: undefined,
    });
    expect(analysisOptions(specFor(prepost))).toEqual({
      windows: [...DEFAULT_WINDOWS],
      offenses_only: false,
      exclude_index: false,
      suppress_below: null,
    });
  });

  it("ipvi report offers a registered analysis's report option, after the built-in ones and before --suppress-below", () => {
    const names = reportOptionDefs().map((o) => o.provenanceKey);
    expect(names).toEqual([
      'month',
      'launch',
      'windows',
      'follow_up_months',
      'cohort',
      'max_days',
      'min_incidents',
      'suppress_below',
    ]);
    const help = reportCommand().helpInformation();
    expect(help).toContain('--min-incidents <n>');
    expect(help.replace(/\s+/g, ' ')).toContain('busy-persons: at least this many incidents (default: "2")');
  });

  it('a manifest runs it (a list expands into runs), its report: block takes its option, and the report document has its section', async () => {
    const manifestFile = join(tmp, 'manifest.yaml');
    writeFileSync(
      manifestFile,
      [
        'datasets:',
        `  - { name: demo, incidents: ${fixture('demo/incidents.csv')}, notifications: ${fixture('demo/notifications.csv')}, coverage_start: 2019-01-01, coverage_end: 2023-12-31 }`,
        'analyses:',
        '  - busy-persons: { min_incidents: [2, 3] }',
        'report: { min_incidents: 4, cohort: level-entry }',
      ].join('\n'),
    );
    const manifest = loadManifest(manifestFile);
    expect(manifest.analyses).toEqual([
      { kind: 'busy-persons', options: { minIncidents: 2 } },
      { kind: 'busy-persons', options: { minIncidents: 3 } },
    ]);
    expect(manifest.report).toEqual({ minIncidents: 4, cohort: 'level-entry' });

    const result = await runBatch(manifest, { load: (o) => readData(o, { quiet: true }), now: new Date(0) });
    expect(result.ok).toBe(true);
    expect(result.runs.map((r) => r.options)).toEqual([{ min_incidents: 2 }, { min_incidents: 3 }]);
    const persons = result.rows.filter((r) => r.column === 'persons').map((r) => r.value as number);
    expect(persons[0]).toBeGreaterThan(persons[1]);
    expect(result.rows[0].row_label).toBe('2');

    const doc = result.datasets[0].report!;
    const section = doc.sections.find((s) => s.id === 'busy-persons');
    expect(section?.heading).toBe('Busy persons');
    const table = section!.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' && table.table.rows[0]).toEqual({
      min_incidents: 4,
      persons: expect.any(Number),
    });
    // the drifted option: the batch report now uses the block's cohort (it was always 'first')
    const prov = doc.provenance.options as Record<string, unknown>;
    expect(prov).toMatchObject({
      cohort: 'level-entry',
      min_incidents: 4,
      windows: [12, 18, 24],
      follow_up_months: 12,
    });
    expect(doc.sections.map((s) => s.id)).toEqual([
      'summary',
      'tiers',
      'fidelity',
      'prepost',
      'recidivism',
      'survival',
      'trend',
      'busy-persons',
      'data',
      'definitions',
      'provenance',
    ]);
  });

  it('the report document from the same context equals a direct run of the descriptor', async () => {
    const data = await readData(
      {
        incidents: fixture('demo/incidents.csv'),
        notifications: fixture('demo/notifications.csv'),
        coverageStart: '2019-01-01',
        coverageEnd: '2023-12-31',
      },
      { quiet: true },
    );
    const ctx = {
      dataset: data.dataset,
      config: data.config,
      ruleSet: buildRuleSet(data.config, data.dataset),
      index: buildPersonIndex(data.dataset),
    };
    const doc = buildReportDocument(ctx, data.result, { minIncidents: 5 }, { generated_at: 'X' });
    const section = doc.sections.find((s) => s.id === 'busy-persons')!;
    const block = section.blocks[1];
    expect(block.type === 'table' && block.table).toEqual(
      runAnalysis(ctx, { kind: 'busy-persons', options: { minIncidents: 5 } }),
    );
  });
});

describe('commands return their data', () => {
  it('an analysis command prints its table and returns it with the provenance (no temporary JSON file)', async () => {
    const out = join(tmp, 'prepost.csv');
    const run = await runAnalysisCommand(prepost, {
      incidents: demo[1],
      notifications: demo[3],
      coverageStart: demo[5],
      coverageEnd: demo[7],
      format: 'csv',
      output: out,
      windows: '12',
    });
    expect(run.spec.options).toMatchObject({ windows: [12], offensesOnly: false });
    expect(run.table.rows.map((r) => r.window_months)).toEqual([12]);
    expect(run.provenance.options).toEqual({
      windows: [12],
      offenses_only: false,
      exclude_index: false,
      suppress_below: null,
    });
    expect(run.provenance.command).toBe('prepost');
  });
});
