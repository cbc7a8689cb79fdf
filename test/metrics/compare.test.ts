import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { formatDay, parseIsoDay } from '../../src/dates.js';
import { COMPARE_COLUMNS, compareCohorts, compareTable, didBootstrap, didRatio } from '../../src/metrics/compare.js';
import { DOMAIN, Rng } from '../../src/random.js';
import { buildDataset } from '../helpers/dataset.js';
import type { IncidentRec, NotificationRec } from '../helpers/records.js';
import { fixture, runCli } from '../helpers/run-cli.js';
import { loadDataset } from '../../src/ingest/read.js';
import { runBatch } from '../../src/batch/run.js';
import { loadManifest } from '../../src/batch/manifest.js';
import { buildReportDocument } from '../../src/report/document.js';

const day = (s: string) => parseIsoDay(s)!;
const LAUNCH = day('2013-01-01');

/*
 * Hand-worked: coverage 2010-01-01 … 2015-12-31, launch 2013-01-01, W = 12.
 * Comparison pseudo-t0 must lie in [2011-01-01, 2011-12-31] (span 365 days: the
 * comparison period 2011-01-01 … 2011-12-31 is the shorter), the rules see 12 months.
 * T1: D raise 2013-03-01, notified D 2013-03-11 (lag 10), 2 incidents after → pre 1, post 2
 * T2: C raise 2013-05-01 (arrest), notified C 2013-05-13 (lag 12), none after → pre 1, post 0
 * C1: D raise 2011-04-01 → pseudo-t0 2011-04-11 (D lag 10), one after → pre 1, post 1
 * C2: C raise 2011-06-01 → pseudo-t0 2011-06-13 (C lag 12), three after → pre 1, post 3
 * X: first raise 2012-06-01, pseudo-t0 after 2011-12-31 → not in the comparison
 * Treated 2 → 2 (ratio 1), comparison 2 → 4 (ratio 2): did_ratio 0.5.
 */
const incidents: IncidentRec[] = [
  { incident_id: 'i1', incident_date: '2013-03-01', suspect_id: 'T1' },
  { incident_id: 'i2', incident_date: '2013-06-01', suspect_id: 'T1' },
  { incident_id: 'i3', incident_date: '2013-09-01', suspect_id: 'T1' },
  { incident_id: 'i4', incident_date: '2013-05-01', suspect_id: 'T2', arrest: true },
  { incident_id: 'i5', incident_date: '2011-04-01', suspect_id: 'C1' },
  { incident_id: 'i6', incident_date: '2011-08-01', suspect_id: 'C1' },
  { incident_id: 'i7', incident_date: '2011-06-01', suspect_id: 'C2', arrest: true },
  { incident_id: 'i8', incident_date: '2011-07-01', suspect_id: 'C2' },
  { incident_id: 'i9', incident_date: '2011-10-01', suspect_id: 'C2' },
  { incident_id: 'i10', incident_date: '2012-01-01', suspect_id: 'C2' },
  { incident_id: 'i11', incident_date: '2012-06-01', suspect_id: 'X' },
];
const notifications: NotificationRec[] = [
  { person_id: 'T1', notification_date: '2013-03-11', level: 'D' },
  { person_id: 'T2', notification_date: '2013-05-13', level: 'C' },
];

function setup(incs = incidents, nots = notifications) {
  const ds = buildDataset(incs, nots);
  ds.coverage = { start: day('2010-01-01'), end: day('2015-12-31'), startSource: 'option', endSource: 'option' };
  return { ds, idx: buildPersonIndex(ds), set: buildRuleSet(loadConfig(), ds) };
}

describe('compare: cohorts and the difference-in-differences (hand-worked)', () => {
  it('selects the treated and the comparison cohorts with the pseudo-t0 of a notification', () => {
    const { ds, idx, set } = setup();
    const c = compareCohorts(ds, idx, set, LAUNCH, 12);
    const show = (es: typeof c.treated) =>
      es.map((e) => `${ds.persons.values[e.person]} ${formatDay(e.t0)} ${e.level}`).sort();
    expect(show(c.treated)).toEqual(['T1 2013-03-11 1', 'T2 2013-05-13 2']);
    expect(show(c.comparison)).toEqual(['C1 2011-04-11 1', 'C2 2011-06-13 2']);
    expect(formatDay(c.cut)).toBe('2011-01-01');
    expect(c.span).toBe(365);
    expect(c.lookbackMonths).toBe(12);
    expect([c.lags.get(1), c.lags.get(2), c.lags.get(3)]).toEqual([10, 12, 11]);
  });

  it('computes both rate ratios, their ratio, and the recidivism difference', () => {
    const { ds, idx, set } = setup();
    const rng = new Rng(1, DOMAIN.bootstrap, 0);
    const t = compareTable(ds, idx, set, {
      launch: LAUNCH,
      windows: [12],
      followUpMonths: 12,
      bootstrap: 200,
      random: () => rng.next(),
    });
    expect(t.rows[0]).toMatchObject({
      window_months: 12,
      treated_persons: 2,
      comparison_persons: 2,
      treated_pre: 2,
      treated_post: 2,
      comparison_pre: 2,
      comparison_post: 4,
      treated_rate_ratio: 1,
      comparison_rate_ratio: 2,
      did_ratio: 0.5,
    });
    const rec = t.meta!.recidivism as Record<string, unknown>[];
    expect(rec.map((r) => r.level)).toEqual(['B', 'C', 'D', 'all']);
    expect(rec[1]).toMatchObject({
      level: 'C',
      treated_persons: 1,
      treated_reoffenders: 0,
      comparison_persons: 1,
      comparison_reoffenders: 1,
      difference: -1,
    });
    expect(rec[3]).toMatchObject({ treated_rate: 0.5, comparison_rate: 1, difference: -0.5 });
    expect(rec[0]).toMatchObject({ treated_persons: 0, treated_rate: null, difference: null });
  });

  it('--suppress-below with --bootstrap 0: the interval that was not asked for stays empty, not "suppressed"', () => {
    // 2 treated and 2 comparison persons, all small with N = 3: every count reads <3 and the ratios "suppressed";
    // with --bootstrap 0 the interval does not apply (docs/methods.md#suppression) and stays null as without N
    const { ds, idx, set } = setup();
    const run = (bootstrap: number) => {
      const rng = new Rng(1, DOMAIN.bootstrap, 0);
      return compareTable(ds, idx, set, {
        launch: LAUNCH,
        windows: [12],
        followUpMonths: 12,
        bootstrap,
        random: () => rng.next(),
        suppressBelow: 3,
      }).rows[0];
    };
    const off = run(0);
    expect(off).toMatchObject({ treated_persons: '<3', did_ratio: 'suppressed', did_ci_low: null, did_ci_high: null });
    // with replicates, the interval exists and is built on the hidden counts
    expect(run(200)).toMatchObject({ did_ratio: 'suppressed', did_ci_low: 'suppressed', did_ci_high: 'suppressed' });
  });

  it('--suppress-below: a level with no one in one cohort has no difference to hide (empty, not "suppressed")', () => {
    // C3: two arrests on 2011-05-01 → B in the comparison cohort (offenses >= 2); no treated person at B.
    // B: treated 0 (shown), comparison 1 (<3): the difference does not exist and stays null as without N;
    // C: 1 and 1, both hidden: the difference exists and is suppressed.
    const { ds, idx, set } = setup([
      ...incidents,
      { incident_id: 'i12', incident_date: '2011-05-01', suspect_id: 'C3', arrest: true },
      { incident_id: 'i13', incident_date: '2011-05-01', suspect_id: 'C3', arrest: true },
    ]);
    const t = compareTable(ds, idx, set, {
      launch: LAUNCH,
      windows: [12],
      followUpMonths: 12,
      bootstrap: 0,
      random: () => 0.5,
      suppressBelow: 3,
    });
    const rec = t.meta!.recidivism as Record<string, unknown>[];
    expect(rec[0]).toMatchObject({
      level: 'B',
      treated_persons: 0,
      comparison_persons: '<3',
      difference: null,
      diff_ci_low: null,
      diff_ci_high: null,
    });
    expect(rec[1]).toMatchObject({ level: 'C', difference: 'suppressed', diff_ci_low: 'suppressed' });
    expect(t.notes).toContain(
      '  B: treated 0/0 (—), comparison suppressed/<3 (suppressed), difference — points (— to —)',
    );
  });

  it('does not depend on the order of the rows', () => {
    const a = setup(),
      b = setup([...incidents].reverse(), [...notifications].reverse());
    const run = (s: ReturnType<typeof setup>) => {
      const rng = new Rng(3, DOMAIN.bootstrap, 0);
      return compareTable(s.ds, s.idx, s.set, {
        launch: LAUNCH,
        windows: [12],
        followUpMonths: 12,
        bootstrap: 0,
        random: () => rng.next(),
      }).rows;
    };
    expect(run(b)).toEqual(run(a));
  });

  it('says why when there is too little history before the launch', () => {
    const { ds, idx, set } = setup();
    const t = compareTable(ds, idx, set, {
      launch: LAUNCH,
      windows: [24],
      followUpMonths: 12,
      bootstrap: 0,
      random: () => 0.5,
    });
    expect(t.rows[0].did_ratio).toBeNull();
    expect(t.notes.join('\n')).toMatch(/±24 months needs at least 2 × 24 months of history before the launch/);
  });
});

describe('compare: the bootstrap', () => {
  const units = {
    treatedPre: Float64Array.from([3, 1, 2, 0, 0, 0]),
    treatedPost: Float64Array.from([1, 1, 0, 0, 0, 0]),
    comparisonPre: Float64Array.from([0, 0, 0, 2, 1, 2]),
    comparisonPost: Float64Array.from([0, 0, 0, 2, 1, 1]),
  };
  it('is seeded: the same seed gives the same interval, another seed another one', () => {
    const run = (seed: number) => {
      const r = new Rng(seed, DOMAIN.bootstrap, 0);
      return didBootstrap(units, 500, () => r.next());
    };
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
    const est = didRatio(6, 2, 5, 4)!;
    expect(est).toBeCloseTo(2 / 6 / (4 / 5), 12);
    expect(run(1).low!).toBeLessThan(est);
    expect(run(1).high!).toBeGreaterThan(est);
  });
  it('drops and counts replicates with a zero denominator', () => {
    const r = new Rng(1, DOMAIN.bootstrap, 0);
    const b = didBootstrap(units, 500, () => r.next());
    expect(b.dropped).toBeGreaterThan(0); // some draws hold no comparison person with a post incident
  });
});

describe('ipvi compare and fidelity --launch (CLI)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipvi-compare-'));
    const sim = runCli([
      'simulate',
      '--persons',
      '600',
      '--seed',
      '5',
      '--start',
      '2016-01-01',
      '--end',
      '2021-12-31',
      '--launch',
      '2019-01-01',
      '--out',
      dir,
    ]);
    expect(sim.code).toBe(0);
  });

  it('writes the stable JSON: rows per window and a recidivism list per level', () => {
    const r = runCli([
      'compare',
      '--incidents',
      join(dir, 'incidents.csv'),
      '--notifications',
      join(dir, 'notifications.csv'),
      '--launch',
      '2019-01-01',
      '--windows',
      '6,12',
      '--bootstrap',
      '200',
      '--format',
      'json',
    ]);
    expect(r.stderr).not.toMatch(/Error|at .*\.js/);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.columns).toEqual([...COMPARE_COLUMNS]);
    expect(j.rows.map((x: { window_months: number }) => x.window_months)).toEqual([6, 12]);
    for (const row of j.rows) {
      for (const k of [
        'window_months',
        'treated_persons',
        'comparison_persons',
        'treated_rate_ratio',
        'comparison_rate_ratio',
        'did_ratio',
        'did_ci_low',
        'did_ci_high',
      ]) {
        expect(typeof row[k], k).toBe('number');
      }
      expect(row.did_ci_low).toBeLessThanOrEqual(row.did_ratio);
      expect(row.did_ci_high).toBeGreaterThanOrEqual(row.did_ratio);
    }
    expect(j.recidivism.map((x: { level: string }) => x.level)).toEqual(['B', 'C', 'D', 'all']);
    for (const k of ['level', 'treated_rate', 'comparison_rate', 'difference', 'diff_ci_low', 'diff_ci_high'])
      expect(j.recidivism[3]).toHaveProperty(k);
    expect(j.cox.hazard_ratio).toBeGreaterThan(0);
    expect(j.provenance.options).toMatchObject({ launch: '2019-01-01', bootstrap: 200, seed: 1 });
    // the same seed gives the same output
    const again = runCli([
      'compare',
      '--incidents',
      join(dir, 'incidents.csv'),
      '--notifications',
      join(dir, 'notifications.csv'),
      '--launch',
      '2019-01-01',
      '--windows',
      '6,12',
      '--bootstrap',
      '200',
      '--format',
      'json',
    ]);
    expect(JSON.parse(again.stdout).rows).toEqual(j.rows);
  });

  it('needs a launch date (exit 2 with the fix), and takes it from the config', () => {
    const args = [
      'compare',
      '--incidents',
      join(dir, 'incidents.csv'),
      '--notifications',
      join(dir, 'notifications.csv'),
      '--bootstrap',
      '0',
      '--format',
      'json',
    ];
    const none = runCli(args);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/launch/);
    const cfg = join(dir, 'config.yaml');
    writeFileSync(cfg, 'launch: 2019-01-01\n');
    const withConfig = runCli([...args, '--config', cfg]);
    expect(withConfig.code).toBe(0);
    expect(JSON.parse(withConfig.stdout).options.launch).toBe('2019-01-01');
  });

  it('fidelity --launch counts only what was owed from the launch on', () => {
    const base = [
      'fidelity',
      '--incidents',
      fixture('demo', 'incidents.csv'),
      '--notifications',
      fixture('demo', 'notifications.csv'),
      '--format',
      'json',
    ];
    const all = JSON.parse(runCli(base).stdout);
    const fromLaunch = JSON.parse(runCli([...base, '--launch', '2020-01-01']).stdout);
    const d = (j: { rows: Record<string, number>[] }) => j.rows.find((r) => (r.level as unknown) === 'D')!;
    // the demo's program launched 2020-01-01: the levels set in 2019 were owed nothing
    expect(d(fromLaunch).reached).toBeLessThan(d(all).reached);
    expect(d(fromLaunch).never_notified).toBeLessThan(d(all).never_notified);
    expect(d(fromLaunch).p90_days).toBeLessThan(d(all).p90_days);
    expect(fromLaunch.options.launch).toBe('2020-01-01');
    expect(fromLaunch.notes.join('\n')).toMatch(/from the launch to the coverage end, 2020-01-01 to /);
    const cfg = join(dir, 'launch.yaml');
    writeFileSync(cfg, 'launch: 2020-01-01\n');
    expect(JSON.parse(runCli([...base, '--config', cfg]).stdout).rows).toEqual(fromLaunch.rows);
  });
});

describe('compare in the registry: the command, the report and the batch give the same numbers', () => {
  let dir = '';
  const files = () => ({ incidents: join(dir, 'incidents.csv'), notifications: join(dir, 'notifications.csv') });
  const load = async () => {
    const config = loadConfig(undefined);
    const result = await loadDataset({ ...files(), config });
    return { config, dataset: result.dataset, result };
  };
  /** The data read as the CLI reads it, and its analysis context. */
  const loaded = async () => {
    const data = await load();
    const ctx = {
      dataset: data.dataset,
      config: data.config,
      ruleSet: buildRuleSet(data.config, data.dataset),
      index: buildPersonIndex(data.dataset),
    };
    return { data, ctx };
  };
  /** A manifest over the simulated data set with these analyses (one YAML line each), and no report; its batch result. */
  const batchOf = async (name: string, analyses: string[]) => {
    const file = join(dir, name);
    writeFileSync(
      file,
      [
        'datasets:',
        `  - { name: d, incidents: ${files().incidents}, notifications: ${files().notifications} }`,
        'analyses:',
        ...analyses.map((a) => `  - ${a}`),
        'report: false',
      ].join('\n') + '\n',
    );
    return runBatch(loadManifest(file), { load });
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipvi-compare-registry-'));
    const sim = runCli(
      ['simulate', '--persons', '500', '--seed', '11', '--start', '2016-01-01', '--end', '2021-12-31'].concat([
        '--launch',
        '2019-01-01',
        '--out',
        dir,
      ]),
    );
    expect(sim.code).toBe(0);
  });

  it('same rows, recidivism, survival and hazard ratio from ipvi compare, ipvi batch and the report section', async () => {
    const cli = runCli([
      'compare',
      '--incidents',
      files().incidents,
      '--notifications',
      files().notifications,
      '--launch',
      '2019-01-01',
      '--windows',
      '6,12',
      '--bootstrap',
      '300',
      '--seed',
      '4',
      '--format',
      'json',
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const j = JSON.parse(cli.stdout);
    expect(j.provenance.options).toEqual({
      launch: '2019-01-01',
      windows: [6, 12],
      follow_up_months: 12,
      bootstrap: 300,
      seed: 4,
      offenses_only: false,
      suppress_below: null,
    });
    expect(typeof j.rows[1].did_ci_low).toBe('number');

    // the batch: a manifest entry with the same options
    const batch = await batchOf('manifest.yaml', [
      'compare: { launch: 2019-01-01, windows: [6, 12], bootstrap: 300, seed: 4 }',
    ]);
    expect(batch.ok, JSON.stringify(batch.runs.map((r) => r.error))).toBe(true);
    const run = batch.runs.find((r) => r.analysis === 'compare')!;
    expect(run.options).toEqual(j.provenance.options);
    const rows: Record<string, unknown>[] = [];
    for (const r of batch.rows.filter((x) => x.analysis === 'compare')) (rows[r.row - 1] ??= {})[r.column] = r.value;
    expect(rows).toEqual(j.rows);
    for (const k of ['recidivism', 'survival', 'cox']) expect(run.meta?.[k], k).toEqual(j[k]);

    // the report: its section runs compare with the report's launch and compare's own defaults
    const { data, ctx } = await loaded();
    const doc = buildReportDocument(ctx, data.result, { launch: '2019-01-01', followUpMonths: 12 }, {});
    const section = doc.sections.find((s) => s.id === 'compare')!;
    const table = section.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []))[0];
    const direct = runCli([
      'compare',
      '--incidents',
      files().incidents,
      '--notifications',
      files().notifications,
      '--launch',
      '2019-01-01',
      '--format',
      'json',
    ]);
    const d = JSON.parse(direct.stdout);
    expect(table.rows).toEqual(d.rows);
    expect(table.meta?.recidivism).toEqual(d.recidivism);
    expect(table.meta?.cox).toEqual(d.cox);
    // in plain words for command staff, with the numbers of the table
    const text = section.blocks.find((b) => b.type === 'paragraph') as { text: string };
    expect(text.text).toContain(`the ${d.rows[0].treated_persons} people notified`);
    expect(text.text).toContain(`rate ratio ${d.rows[0].did_ratio.toFixed(2)}`);
    expect(text.text).toMatch(/95% interval/);
    // the summary's sentence quotes the section's table, and prepost's sentence points to it
    const summary = doc.sections[0].blocks.find((b) => b.type === 'summary') as {
      items: { section: string; text: string; figures: { table: string; column: string; value: number }[] }[];
    };
    const item = summary.items.find((i) => i.section === 'compare')!;
    expect(item.figures.map((f) => f.column).sort()).toEqual(['did_ci_high', 'did_ci_low', 'did_ratio']);
    for (const f of item.figures) {
      expect(f.table).toBe(table.title);
      expect(f.value).toBe(d.rows[0][f.column]);
    }
    expect(item.text).toContain(`ratio ${d.rows[0].did_ratio.toFixed(3)}`);
    expect(summary.items.find((i) => i.section === 'prepost')!.text).toMatch(/the comparison below estimates/);
  });

  it('--suppress-below: the report section and the batch hide the same cells as the command', async () => {
    const args = ['--launch', '2019-01-01', '--bootstrap', '100', '--suppress-below', '30'];
    const cli = runCli([
      'compare',
      '--incidents',
      files().incidents,
      '--notifications',
      files().notifications,
      ...args,
      '--format',
      'json',
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const j = JSON.parse(cli.stdout);
    const hidden = JSON.stringify([j.rows, j.recidivism]).match(/"(<30|suppressed)"/g) ?? [];
    expect(hidden.length).toBeGreaterThan(3);
    expect(j.cox).toEqual({ suppressed: true });
    const { data, ctx } = await loaded();
    const doc = buildReportDocument(
      ctx,
      data.result,
      { launch: '2019-01-01', followUpMonths: 12, suppressBelow: 30 },
      {},
    );
    const table = doc.sections
      .find((s) => s.id === 'compare')!
      .blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []))[0];
    // the report's bootstrap has its default replicates: compare the cells the suppression decides
    const cells = (rows: Record<string, unknown>[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('did_ci'))));
    expect(cells(table.rows)).toEqual(cells(j.rows));
    expect(table.meta?.recidivism).toEqual(j.recidivism);
    const batch = await batchOf('suppressed.yaml', [
      'compare: { launch: 2019-01-01, bootstrap: 100, suppress_below: 30 }',
    ]);
    const run = batch.runs.find((r) => r.analysis === 'compare')!;
    expect(run.meta?.recidivism).toEqual(j.recidivism);
    expect(run.meta?.cox).toEqual({ suppressed: true });
    expect(run.notes).toEqual(j.notes);
  });

  it('the report has no comparison section without a launch date, and one from the config launch:', async () => {
    const { data, ctx } = await loaded();
    const without = buildReportDocument(ctx, data.result, {}, {});
    expect(without.sections.map((s) => s.id)).not.toContain('compare');
    const withConfig = buildReportDocument(
      { ...ctx, config: { ...ctx.config, launch: day('2019-01-01') } },
      data.result,
      {},
      {},
    );
    expect(withConfig.sections.map((s) => s.id)).toContain('compare');
  });

  it('a batch run of compare with no launch date fails with the fix, and the others still run', async () => {
    const batch = await batchOf('no-launch.yaml', ['compare: { bootstrap: 0 }', 'recidivism: { follow_up: 12 }']);
    const run = batch.runs.find((r) => r.analysis === 'compare')!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/launch/);
    expect(batch.runs.find((r) => r.analysis === 'recidivism')!.status).toBe('ok');
  });
});
