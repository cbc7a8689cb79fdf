/**
 * ipvi batch: the acceptance tests of issue 5 — a batch of 2 data sets ×
 * 2 rule sets × every analysis gives the numbers each command gives alone,
 * and each data set's files are read once — plus failure isolation, the
 * manifest's errors, and the long format.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli, runInProcess } from '../helpers/run-cli.js';
import { longToCsv, type LongRow } from '../../src/batch/long-format.js';
import { BatchProgress } from '../../src/batch/progress.js';
import { loadManifest } from '../../src/batch/manifest.js';
import { withFlags } from '../../src/batch/run.js';
import { readData } from '../../src/cli/data.js';
import { loadConfig } from '../../src/config/load.js';

/** The command line of each data set in fixtures/batch/manifest.yaml, as a user would type it. */
const DATASET_ARGS: Record<string, string[]> = {
  demo: [
    '--incidents',
    fixture('demo/incidents.csv'),
    '--notifications',
    fixture('demo/notifications.csv'),
    '--coverage-start',
    '2019-01-01',
    '--coverage-end',
    '2023-12-31',
  ],
  'demo-messy': [
    '--incidents',
    fixture('demo/messy/incidents.csv'),
    '--notifications',
    fixture('demo/messy/notifications.csv'),
    '--config',
    fixture('demo/messy/config.yaml'),
  ],
};
const RULE_SET_ARGS: Record<string, string[]> = {
  default: [],
  'arrest-only': ['--rules', fixture('batch/rules-arrest-only.yaml')],
};

/** One analysis of the manifest and the command line that computes it alone. */
interface Case {
  analysis: string;
  options: Record<string, unknown>;
  args: string[];
}
const CASES: Case[] = [
  { analysis: 'tiers', options: { month: '2023-12' }, args: ['tiers', '--month', '2023-12'] },
  {
    analysis: 'prepost',
    options: { windows: [12, 18, 24], offenses_only: false, exclude_index: false, suppress_below: null },
    args: ['prepost'],
  },
  {
    analysis: 'prepost',
    options: { windows: [12], offenses_only: true, exclude_index: true, suppress_below: null },
    args: ['prepost', '--windows', '12', '--offenses-only', '--exclude-index'],
  },
  {
    analysis: 'recidivism',
    options: { follow_up_months: 24, cohort: 'first', contrast: null, suppress_below: null },
    args: ['recidivism', '--follow-up', '24'],
  },
  {
    analysis: 'recidivism',
    options: { follow_up_months: 12, cohort: 'level-entry', contrast: null, suppress_below: null },
    args: ['recidivism', '--cohort', 'level-entry'],
  },
  {
    analysis: 'survival',
    options: { max_days: 365, at: null, suppress_below: null },
    args: ['survival', '--max-days', '365'],
  },
  {
    analysis: 'trend',
    options: {
      interval: 'month',
      launch: '2020-01-01',
      by: ['arrest', 'offense'],
      model: 'ols',
      seasonal: false,
      hac_lag: null,
      min_periods: 8,
      suppress_below: null,
    },
    args: ['trend', '--launch', '2020-01-01', '--by', 'arrest,offense'],
  },
  {
    analysis: 'fidelity',
    options: { month: '2023-06', launch: null, suppress_below: null },
    args: ['fidelity', '--month', '2023-06'],
  },
];

type Json = {
  provenance: Record<string, unknown>;
  runs: {
    dataset: string;
    rule_set: string;
    analysis: string;
    options: Record<string, unknown>;
    status: string;
    error: string | null;
    notes: string[];
    rows: number;
  }[];
  rows: LongRow[];
};

/** Pivot the long rows of one run back into the command's table rows. */
function pivot(
  rows: LongRow[],
  dataset: string,
  ruleSet: string,
  analysis: string,
  options: Record<string, unknown>,
): Record<string, unknown>[] {
  const key = JSON.stringify(options);
  const out: Record<string, unknown>[] = [];
  for (const r of rows) {
    if (r.dataset !== dataset || r.rule_set !== ruleSet || r.analysis !== analysis || JSON.stringify(r.options) !== key)
      continue;
    out[r.row - 1] ??= {};
    out[r.row - 1][r.column] = r.value;
  }
  return out;
}

/**
 * Run one command in this process, exactly as `ipvi <args>` (the same
 * commander program, option coercion and output path), and parse its JSON
 * output. In-process only to save a Node start per command.
 */
async function commandJson(args: string[]): Promise<any> {
  const r = await runInProcess(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
}

describe('ipvi batch: 2 data sets × 2 rule sets × every analysis', () => {
  let dir: string;
  let json: Json;
  let batch: { code: number; stdout: string; stderr: string };

  beforeAll(() => {
    process.stdout.setMaxListeners(0); // run() adds an EPIPE listener per in-process command
    dir = mkdtempSync(join(tmpdir(), 'ipvi-batch-'));
    batch = runCli(['batch', fixture('batch/manifest.yaml'), '-o', dir]);
    json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  });

  it('succeeds, runs every combination and writes the results, their provenance and a report per data set', () => {
    expect(batch.stderr).not.toMatch(/error/);
    expect(batch.code).toBe(0);
    // 12 expanded analyses (2 tiers months, 2 prepost, 2 + 1 recidivism, 2 survival, 1 trend, 2 fidelity)
    expect(json.runs).toHaveLength(2 * 2 * 12);
    expect(json.runs.every((r) => r.status === 'ok')).toBe(true);
    for (const f of ['results.csv', 'results.csv.provenance.json', 'report-demo.html', 'report-demo-messy.html'])
      expect(existsSync(join(dir, f))).toBe(true);
    const prov = JSON.parse(readFileSync(join(dir, 'results.csv.provenance.json'), 'utf8'));
    expect(prov).toEqual(json.provenance);
    expect(prov.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(
      prov.datasets.map((d: { inputs: { incidents: { sha256: string } } }) => d.inputs.incidents.sha256),
    ).toHaveLength(2);
    expect(prov.datasets[0].inputs.incidents.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prov.rule_sets.map((r: { name: string }) => r.name)).toEqual(['default', 'arrest-only']);
    expect(typeof prov.generated_at).toBe('string');
    expect(batch.stdout).toMatch(/demo-messy\s+ok\s+24\s+0\s+written/);
    // stderr is not a terminal here: no progress bar
    expect(batch.stderr).not.toContain('\r');
  });

  it('gives the same numbers (and notes) as running each command alone', async () => {
    const results: { dataset: string; ruleSet: string; c: Case; out: any }[] = [];
    for (const dataset of Object.keys(DATASET_ARGS)) {
      for (const ruleSet of Object.keys(RULE_SET_ARGS)) {
        for (const c of CASES) {
          const out = await commandJson([
            ...c.args,
            ...DATASET_ARGS[dataset],
            ...RULE_SET_ARGS[ruleSet],
            '--format',
            'json',
            '-q',
          ]);
          results.push({ dataset, ruleSet, c, out });
        }
      }
    }
    expect(results).toHaveLength(2 * 2 * CASES.length);
    for (const { dataset, ruleSet, c, out } of results) {
      const where = `${dataset}/${ruleSet}/${c.args.join(' ')}`;
      const rows = pivot(json.rows, dataset, ruleSet, c.analysis, c.options);
      expect(rows.length, where).toBeGreaterThan(0);
      if (c.analysis === 'tiers') {
        // the batch keeps the aggregate tier counts, never the per-person list
        const s = out.summary;
        const byLevel = Object.fromEntries(rows.map((r) => [r.level, r]));
        for (const l of ['A', 'B', 'C', 'D']) expect(byLevel[l].persons, `${where} ${l}`).toBe(s.counts[l]);
        expect(byLevel.all.persons, where).toBe(s.total);
        expect(byLevel.all.new, where).toBe(s.new);
        expect(byLevel.all.escalated, where).toBe(s.escalated);
        expect(byLevel.all.lowered, where).toBe(s.lowered);
        expect(byLevel.all.notification_due, where).toBe(s.notification_due);
        expect(byLevel.all.enforcement_review, where).toBe(s.enforcement_review);
      } else {
        expect(rows, where).toEqual(out.rows);
        const runRec = json.runs.find(
          (r) =>
            r.dataset === dataset &&
            r.rule_set === ruleSet &&
            r.analysis === c.analysis &&
            JSON.stringify(r.options) === JSON.stringify(c.options),
        )!;
        expect(runRec.notes, where).toEqual(out.notes);
        expect(c.options, where).toEqual(out.provenance.options);
      }
    }
    // the rule sets really differ (arrest-only changes the flags and the rules)
    const a = pivot(json.rows, 'demo', 'default', 'tiers', { month: '2023-12' });
    const b = pivot(json.rows, 'demo', 'arrest-only', 'tiers', { month: '2023-12' });
    expect(a).not.toEqual(b);
  }, 120_000);

  it('writes the CSV with the same cells as the JSON', () => {
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('dataset,rule_set,analysis,options,row,row_label,column,value');
    expect(csv).toHaveLength(json.rows.length + 1);
    expect(csv.join('\n') + '\n').toBe(longToCsv(json.rows));
  });
});

describe('ipvi batch: failures', () => {
  it('reports a failing data set, still runs the others, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-batch-fail-'));
    const manifest = join(dir, 'manifest.yaml');
    writeFileSync(
      manifest,
      [
        'datasets:',
        `  - { name: missing, incidents: ${join(dir, 'nope.csv')}, notifications: ${fixture('demo/notifications.csv')} }`,
        `  - { name: bad, incidents: ${fixture('validate/bad-incidents.csv')}, notifications: ${fixture('validate/good-notifications.csv')} }`,
        `  - { name: good, incidents: ${fixture('kingston/recidivism/incidents.csv')}, notifications: ${fixture('kingston/recidivism/notifications.csv')}, coverage_start: 2019-01-01, coverage_end: 2021-12-31 }`,
        'rule_sets:',
        '  - { name: default }',
        `  - { name: broken, rules: ${join(dir, 'no-rules.yaml')} }`,
        'analyses:',
        '  - recidivism: {}',
        'report: false',
      ].join('\n') + '\n',
    );
    const r = runCli(['batch', manifest, '-o', join(dir, 'out')]);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as Json;
    const status = (d: string, rs: string) => json.runs.find((x) => x.dataset === d && x.rule_set === rs)!;
    expect(status('missing', 'default').error).toMatch(/no such file/);
    expect(status('bad', 'default').error).toMatch(/error.*nothing was analysed.*bad-incidents\.csv:\d+/);
    expect(status('good', 'default').status).toBe('ok');
    expect(status('good', 'broken').error).toMatch(/no-rules\.yaml/);
    // the good data set's Kingston table is there: A 20/41
    const a = json.rows.find(
      (x) => x.dataset === 'good' && x.rule_set === 'default' && x.row_label === 'A' && x.column === 'reoffenders',
    );
    expect(a?.value).toBe(20);
    expect(r.stdout).toMatch(/missing\s+failed/);
    expect(r.stdout).toMatch(/good\s+failed\s+1\s+1/);
  });

  it('refuses an invalid manifest before running anything (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-batch-bad-'));
    const manifest = join(dir, 'm.yaml');
    writeFileSync(
      manifest,
      `datasets:\n  - { name: x, incidents: a.csv, notifications: b.csv }\nanalyses:\n  - recidivsm: {}\n`,
    );
    const r = runCli(['batch', manifest, '-o', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/analyses.*one of tiers, prepost/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    writeFileSync(
      manifest,
      `datasets:\n  - { name: x, incidents: a.csv, notifications: b.csv }\nanalyses:\n  - recidivism: { follow_up: 0 }\n`,
    );
    expect(runCli(['batch', manifest]).stderr).toMatch(/follow_up: must be at least 1/);
    // --suppress-below 2 is refused in a manifest as on the command line: a '<2' cell could only be 1
    writeFileSync(
      manifest,
      `datasets:\n  - { name: x, incidents: a.csv, notifications: b.csv }\nanalyses:\n  - recidivism: { suppress_below: 2 }\n`,
    );
    const two = runCli(['batch', manifest]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(
      /suppress_below: 2 would hide nothing: zeros are shown, so a cell reading '<2' could only be 1/,
    );
  });

  it('never writes over an input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-batch-guard-'));
    writeFileSync(join(dir, 'results.csv'), readFileSync(fixture('demo/incidents.csv')));
    writeFileSync(
      join(dir, 'm.yaml'),
      `datasets:\n  - { name: x, incidents: results.csv, notifications: ${fixture('demo/notifications.csv')} }\nanalyses:\n  - survival: {}\n`,
    );
    const g = runCli(['batch', join(dir, 'm.yaml'), '-o', dir]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/refusing to write the output over the input file/);
  });
});

describe('batch internals', () => {
  it('expands list-valued options into one run each', () => {
    const m = loadManifest(fixture('batch/manifest.yaml'));
    expect(m.analyses.map((a) => a.kind)).toEqual([
      'tiers',
      'tiers',
      'prepost',
      'prepost',
      'recidivism',
      'recidivism',
      'recidivism',
      'survival',
      'survival',
      'trend',
      'fidelity',
      'fidelity',
    ]);
    expect(m.ruleSets[1].rules).toBe(fixture('batch/rules-arrest-only.yaml'));
  });

  it('recomputes the derived flags exactly as reading the files with that rules file', async () => {
    const opts = {
      incidents: fixture('demo/incidents.csv'),
      notifications: fixture('demo/notifications.csv'),
      cache: false,
    };
    const base = await readData(opts, { quiet: true });
    const strict = await readData({ ...opts, rules: fixture('batch/rules-arrest-only.yaml') }, { quiet: true });
    const recomputed = withFlags(
      base.dataset,
      base.config,
      loadConfig(undefined, { rulesFile: fixture('batch/rules-arrest-only.yaml') }),
    );
    expect(recomputed).not.toBe(base.dataset);
    expect(Buffer.from(recomputed.incidents.flags).equals(Buffer.from(strict.dataset.incidents.flags))).toBe(true);
    expect(Buffer.from(recomputed.incidents.flags).equals(Buffer.from(base.dataset.incidents.flags))).toBe(false);
    // the original is untouched, and the same flags give the same object back
    expect(withFlags(base.dataset, base.config, base.config)).toBe(base.dataset);
  });

  it('neutralises formulas in CSV text cells but not numbers', () => {
    const csv = longToCsv([
      {
        dataset: 'd',
        rule_set: 'r',
        analysis: 'trend',
        options: {},
        row: 1,
        row_label: '=1+1',
        column: 'period',
        value: '-2',
      },
      { dataset: 'd', rule_set: 'r', analysis: 'trend', options: {}, row: 1, row_label: 'x', column: 'n', value: -2 },
    ]);
    expect(csv).toContain("'=1+1,period,'-2");
    expect(csv).toContain('x,n,-2');
  });

  it('draws the progress bar only on a terminal', () => {
    const out: string[] = [];
    const tty = { isTTY: true, columns: 120, write: (s: string) => (out.push(s), true) };
    const p = new BatchProgress(4, 2, tty, { now: () => 0 });
    p.startDataset('demo');
    p.tick(2);
    p.finishDataset();
    expect(p.line()).toBe('[############------------] 2/4 analyses, 1/2 data sets · demo');
    expect(out.join('')).toContain('2/4 analyses');
    p.clear();
    expect(out.at(-1)).toBe('\r\u001b[K');
    const quiet: string[] = [];
    const pipe = new BatchProgress(4, 2, { isTTY: false, write: (s: string) => (quiet.push(s), true) });
    pipe.startDataset('demo');
    pipe.tick();
    pipe.clear();
    expect(quiet).toEqual([]);
  });
});
