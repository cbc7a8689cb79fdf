#!/usr/bin/env node
/**
 * npm run bench — whole-process timings of ipvi commands on seeded synthetic
 * exports, against the time csv-parse alone takes to parse the same files.
 *
 * Usage: node bench/run.mjs [--large] [--runs N] [--sizes 100000,1000000]
 *          [--data DIR] [--out FILE] [--commands validate,classify,...]
 *          [--baseline DIR]
 *
 *   --large     also 10,000,000 incident rows (one run unless --runs is given)
 *   --runs N    timed runs per measurement (default 3); median, min and max are reported
 *   --data DIR  where generated exports are kept and reused (default $TMPDIR/ipvi-bench)
 *   --out FILE  JSON results (default bench/results/latest.json)
 *   --baseline DIR  also time the ipvi build in DIR (a copy of bin/ and dist/ of an
 *               earlier commit) in the same rounds, as "before" rows
 *
 * For each size, in every round: csv-parse alone (bench/parse-only.mjs) on
 * both files, DuckDB's SQL for the ±12-month pre/post table from the same
 * CSV files (bench/prepost.sql via bench/duckdb-prepost.mjs; skipped and said
 * so when the dev dependency @duckdb/node-api is not installed), then each command cold (from the CSV, into an empty cache
 * folder, so the cold time includes writing the snapshot) and warm (from the
 * snapshot). Rounds interleave the measurements so that a busy machine slows
 * them alike. Peak RSS and CPU time come from GNU time when it is installed.
 * Commands that the CLI does not have yet (prepost, recidivism) are skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'ipvi');
const PARSE_ONLY = join(ROOT, 'bench', 'parse-only.mjs');
const DUCKDB = join(ROOT, 'bench', 'duckdb-prepost.mjs');
const ROWS_PER_PERSON = 2.3125; // ipvi simulate: 432,250 persons → 999,582 incident rows (seed 1)
const SEED = 1;
const PERIOD = { start: '2014-01-01', end: '2023-12-31', month: '2023-12' };

// ---- options ----------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const large = flag('--large');
const runsOption = value('--runs', undefined);
const runs = Math.max(1, Number(runsOption ?? 3));
const sizes = value('--sizes', undefined)?.split(',').map(Number) ?? [100_000, 1_000_000];
if (large && !sizes.includes(10_000_000)) sizes.push(10_000_000);
const dataDir = resolve(value('--data', join(os.tmpdir(), 'ipvi-bench')));
const outFile = resolve(value('--out', join(ROOT, 'bench', 'results', 'latest.json')));
const baselineDir = value('--baseline', undefined);
const BASELINE_BIN = baselineDir ? join(resolve(baselineDir), 'bin', 'ipvi') : null;
if (BASELINE_BIN && !existsSync(BASELINE_BIN)) throw new Error(`--baseline: no ${BASELINE_BIN}`);

// ---- commands ---------------------------------------------------------------
const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout;
const available = new Set([...help.matchAll(/^\s{2}([a-z-]+)\b/gm)].map((m) => m[1]));
const COMMANDS = {
  validate: ['validate', '--format', 'json'],
  classify: ['classify', '--as-of', PERIOD.end, '--format', 'csv'],
  tiers: ['tiers', '--month', PERIOD.month, '--format', 'csv'],
  prepost: ['prepost', '--format', 'csv'],
  recidivism: ['recidivism', '--format', 'csv'],
};
const wanted = value('--commands', Object.keys(COMMANDS).join(',')).split(',');
const commands = wanted.filter((c) => COMMANDS[c] && available.has(c));
const skipped = wanted.filter((c) => COMMANDS[c] && !available.has(c));
/** DuckDB is an optional peer: a dev dependency, not needed to run ipvi */
let duckdb = true;
try {
  await import('@duckdb/node-api');
} catch {
  duckdb = false;
}

// ---- measuring --------------------------------------------------------------
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

/** Run a process, return wall seconds, CPU seconds and peak RSS (MB). Throws when it fails. */
function measure(args, env = {}) {
  const full = GNU_TIME ? [GNU_TIME, '-f', '@@bench %U %S %M', process.execPath, ...args] : [process.execPath, ...args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0], full.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /@@bench ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  const ok = r.status === 0 || (args.includes('validate') && r.status === 1);
  if (!ok) throw new Error(`exit ${r.status}: node ${args.join(' ')}\n${(r.stderr ?? '').slice(-2000)}`);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : null, rssMB: m ? Number(m[3]) / 1024 : null };
}

function summarise(samples) {
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  const cpus = samples
    .map((s) => s.cpu)
    .filter((x) => x !== null)
    .sort((a, b) => a - b);
  const mid = (xs) =>
    xs.length === 0 ? null : xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  const rss = samples.map((s) => s.rssMB).filter((x) => x !== null);
  return {
    runs: samples.length,
    median: mid(walls),
    min: walls[0],
    max: walls[walls.length - 1],
    cpuMedian: mid(cpus),
    peakRssMB: rss.length ? Math.max(...rss) : null,
  };
}

// ---- data -------------------------------------------------------------------
function generate(rows) {
  const persons = Math.max(1, Math.round(rows / ROWS_PER_PERSON));
  const dir = join(dataDir, `rows-${rows}-seed-${SEED}`);
  const inc = join(dir, 'incidents.csv');
  const not = join(dir, 'notifications.csv');
  if (existsSync(inc) && existsSync(not) && existsSync(join(dir, 'README.txt'))) return { dir, inc, not, persons };
  mkdirSync(dir, { recursive: true });
  process.stderr.write(
    `bench: generating ${rows.toLocaleString('en-US')} incident rows (${persons} persons, seed ${SEED}) in ${dir}\n`,
  );
  const args = [
    'simulate',
    '--persons',
    String(persons),
    '--seed',
    String(SEED),
    '--start',
    PERIOD.start,
    '--end',
    PERIOD.end,
    '--out',
    dir,
  ];
  if (available.has('simulate')) {
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('ipvi simulate failed');
  } else {
    // simulate is not registered in the CLI yet: call its module (the same code) directly
    const code = `const m = await import(${JSON.stringify(join(ROOT, 'dist', 'cli', 'commands', 'simulate.js'))});
      await m.runSimulate({ persons: '${persons}', seed: '${SEED}', out: ${JSON.stringify(dir)}, start: '${PERIOD.start}', end: '${PERIOD.end}' });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('simulate (module) failed');
  }
  return { dir, inc, not, persons };
}

function countLines(path) {
  const buf = readFileSync(path);
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n - 1; // header
}

// ---- run --------------------------------------------------------------------
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  loadAverageStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
};
process.stderr.write(
  `bench: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, node ${machine.node}, load ${machine.loadAverageStart.join(' ')}\n`,
);
if (skipped.length) process.stderr.write(`bench: not in this CLI yet, skipped: ${skipped.join(', ')}\n`);
if (!duckdb) process.stderr.write('bench: @duckdb/node-api is not installed (npm ci installs it): DuckDB skipped\n');

const results = [];
for (const target of sizes) {
  const data = generate(target);
  const incidentRows = countLines(data.inc);
  const notificationRows = countLines(data.not);
  const bytes = statSync(data.inc).size + statSync(data.not).size;
  const nRuns = target >= 10_000_000 && runsOption === undefined ? 1 : runs;
  const files = ['--incidents', data.inc, '--notifications', data.not];
  const warmCache = mkdtempSync(join(os.tmpdir(), 'ipvi-bench-cache-'));
  const warmBaseline = BASELINE_BIN ? mkdtempSync(join(os.tmpdir(), 'ipvi-bench-cache-')) : null;
  const samples = { parse: [], duckdb: [] };
  const builds = BASELINE_BIN
    ? [
        ['', BIN, warmCache],
        [' (before)', BASELINE_BIN, warmBaseline],
      ]
    : [['', BIN, warmCache]];
  for (const c of commands) {
    for (const [tag] of builds) {
      samples[`${c}${tag}:cold`] = [];
      samples[`${c}${tag}:warm`] = [];
    }
  }
  process.stderr.write(
    `bench: ${incidentRows} incidents + ${notificationRows} notifications (${(bytes / 2 ** 20).toFixed(0)} MB), ${nRuns} run(s)\n`,
  );
  // prime the warm caches (untimed)
  for (const c of commands)
    for (const [, bin, cache] of builds) measure([bin, ...COMMANDS[c], ...files], { IPVI_CACHE_DIR: cache });
  for (let r = 0; r < nRuns; r++) {
    samples.parse.push(measure([PARSE_ONLY, data.inc, data.not]));
    if (duckdb) samples.duckdb.push(measure([DUCKDB, data.inc, data.not]));
    for (const c of commands) {
      for (const [tag, bin, cache] of builds) {
        const cold = mkdtempSync(join(os.tmpdir(), 'ipvi-bench-cold-'));
        try {
          samples[`${c}${tag}:cold`].push(measure([bin, ...COMMANDS[c], ...files], { IPVI_CACHE_DIR: cold }));
        } finally {
          rmSync(cold, { recursive: true, force: true });
        }
        samples[`${c}${tag}:warm`].push(measure([bin, ...COMMANDS[c], ...files], { IPVI_CACHE_DIR: cache }));
      }
    }
    process.stderr.write(`bench:   round ${r + 1}/${nRuns} done (load ${os.loadavg()[0].toFixed(2)})\n`);
  }
  rmSync(warmCache, { recursive: true, force: true });
  if (warmBaseline) rmSync(warmBaseline, { recursive: true, force: true });
  const parse = summarise(samples.parse);
  const duck = duckdb ? summarise(samples.duckdb) : null;
  const rows = [
    { name: 'csv-parse only', mode: 'parse', ...parse, ratio: 1, duckdbRatio: duck && parse.median / duck.median },
  ];
  if (duck)
    rows.push({ name: 'DuckDB ±12 SQL', mode: 'sql', ...duck, ratio: duck.median / parse.median, duckdbRatio: 1 });
  for (const c of commands) {
    for (const [tag] of builds) {
      for (const mode of ['cold', 'warm']) {
        const s = summarise(samples[`${c}${tag}:${mode}`]);
        rows.push({
          name: `${c}${tag}`,
          mode,
          ...s,
          ratio: s.median / parse.median,
          duckdbRatio: duck && s.median / duck.median,
        });
      }
    }
  }
  for (const row of rows) row.rowsPerSecond = Math.round(incidentRows / row.median);
  results.push({ targetRows: target, incidentRows, notificationRows, bytes, persons: data.persons, seed: SEED, rows });
}
machine.loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);

// ---- targets (issue 15) -----------------------------------------------------
const checks = [];
const at = (n) => results.find((r) => r.targetRows === n);
const row = (res, name, mode) => res?.rows.find((r) => r.name === name && r.mode === mode);
const one = at(1_000_000);
if (one) {
  const duck = row(one, 'DuckDB ±12 SQL', 'sql');
  for (const [c, k] of [
    ['prepost', 2],
    ['recidivism', 2],
    ['validate', 2],
    ['classify', 3],
    ['tiers', 3],
  ]) {
    const cold = row(one, c, 'cold');
    if (!cold || !duck) {
      checks.push({
        target: `${c} cold ≤ ${k}× DuckDB (1M)`,
        value: cold
          ? 'not measured (DuckDB not installed)'
          : skipped.includes(c)
            ? 'not measured (command not in the CLI)'
            : 'not measured (not in --commands)',
        met: null,
      });
      continue;
    }
    const ratio = cold.median / duck.median;
    checks.push({ target: `${c} cold ≤ ${k}× DuckDB (1M)`, value: `${ratio.toFixed(2)}×`, met: ratio <= k });
  }
  for (const [c, limit] of [
    ['prepost', 0.3],
    ['recidivism', 0.3],
    ['classify', 1],
    ['tiers', 1],
  ]) {
    const warm = row(one, c, 'warm');
    if (warm)
      checks.push({
        target: `${c} warm < ${limit} s (1M)`,
        value: `${warm.median.toFixed(2)} s`,
        met: warm.median < limit,
      });
  }
  for (const r of one.rows.filter((r) => (r.mode === 'cold' || r.mode === 'warm') && !r.name.includes('(before)'))) {
    const rss = r.peakRssMB;
    if (rss !== null)
      checks.push({
        target: `${r.name} ${r.mode} peak RSS < 400 MB (1M)`,
        value: `${rss.toFixed(0)} MB`,
        met: rss < 400,
      });
  }
}
const ten = at(10_000_000);
if (ten) {
  for (const r of ten.rows.filter((r) => (r.mode === 'cold' || r.mode === 'warm') && !r.name.includes('(before)'))) {
    const rss = r.peakRssMB;
    if (rss !== null)
      checks.push({
        target: `${r.name} ${r.mode} peak RSS < 2 GB (10M)`,
        value: `${rss.toFixed(0)} MB`,
        met: rss < 2048,
      });
    const base = row(one, r.name, r.mode);
    if (base) {
      const k = r.median / base.median;
      checks.push({ target: `${r.name} ${r.mode}: 10M within 11× of 1M`, value: `${k.toFixed(1)}×`, met: k <= 11 });
    }
  }
}

// ---- output -----------------------------------------------------------------
const report = {
  generatedAt: new Date().toISOString(),
  machine,
  runs,
  commands,
  skipped,
  duckdb,
  baseline: baselineDir ?? null,
  results,
  checks,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(`${outFile}.tmp`, JSON.stringify(report, null, 2) + '\n');
renameSync(`${outFile}.tmp`, outFile);

const fmt = (x, d = 2) => (x === null || x === undefined ? '' : x.toFixed(d));
const lines = [];
lines.push(
  `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB RAM, ${machine.os}, node ${machine.node}; load average ${machine.loadAverageStart.join(' ')} → ${machine.loadAverageEnd.join(' ')}`,
);
for (const r of results) {
  lines.push('');
  lines.push(
    `${r.incidentRows.toLocaleString('en-US')} incident rows + ${r.notificationRows.toLocaleString('en-US')} notifications (${(r.bytes / 2 ** 20).toFixed(0)} MB), ${r.rows[0].runs} run(s)`,
  );
  lines.push('| command | mode | median s | min–max s | CPU s | rows/s | peak RSS MB | × csv-parse | × DuckDB |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.rows) {
    lines.push(
      `| ${row.name} | ${row.mode} | ${fmt(row.median)} | ${fmt(row.min)}–${fmt(row.max)} | ${fmt(row.cpuMedian)} | ${row.rowsPerSecond.toLocaleString('en-US')} | ${fmt(row.peakRssMB, 0)} | ${fmt(row.ratio)} | ${fmt(row.duckdbRatio)} |`,
    );
  }
}
if (checks.length) {
  lines.push('');
  lines.push('Targets (issue 15):');
  lines.push('| target | measured | met |');
  lines.push('|---|---:|:---:|');
  for (const c of checks) lines.push(`| ${c.target} | ${c.value} | ${c.met === null ? '–' : c.met ? 'yes' : 'NO'} |`);
}
lines.push('');
lines.push(`results: ${outFile}`);
process.stdout.write(lines.join('\n') + '\n');
