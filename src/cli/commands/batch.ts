/**
 * ipvi batch — many evaluations at once, reproducibly: every data set × rule
 * set × analysis listed in a manifest.
 *
 * Writes into DIR (default results/): results.csv (long format, one row per
 * table cell, named by data set, rule set, analysis and options) with
 * results.csv.provenance.json beside it, results.json (the same rows, every
 * run's notes and statistics, and the provenance inside), and
 * report-<data set>.html per data set. Each data set is read once. A failing
 * data set is reported and the others still run; exit 0 only when everything
 * succeeded, 1 otherwise (2 for a bad manifest, before anything runs).
 */
import { makeFolder } from '../../io/make-folder.js';
import { join } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadManifest } from '../../batch/manifest.js';
import { LONG_COLUMNS, longToCsv, optionsKey } from '../../batch/long-format.js';
import { BatchProgress } from '../../batch/progress.js';
import { runBatch, type BatchResult } from '../../batch/run.js';
import type { Manifest } from '../../batch/manifest.js';
import type { Table } from '../../model.js';
import { renderTable } from '../../report/render.js';
import { analysisOptions } from '../../analyses/index.js';
import { provenanceRecord } from '../../io/provenance.js';
import { readData } from '../data.js';
import { guardOutput, writeFileAtomic } from '../output.js';
import { stderr } from '../terminal.js';
import { writeReport } from './report.js';

interface BatchCliOptions {
  output: string;
  reports: boolean;
  safeCsv: boolean;
}

/** The provenance of a batch: the manifest, every data set's inputs and config, the rule sets. */
export function batchProvenance(
  manifest: Manifest,
  result: BatchResult,
  options: Record<string, unknown>,
  now = new Date(),
) {
  return provenanceRecord(
    'batch',
    options,
    {
      manifest: { path: manifest.file, sha256: manifest.sha256, name: manifest.name ?? null },
      datasets: result.datasets.map((d) => ({
        name: d.name,
        status: d.status,
        error: d.error,
        ...(d.provenance ?? {}),
      })),
      rule_sets: manifest.ruleSets.map((r) => ({
        name: r.name,
        rules: r.rules ?? null,
        config_hashes: Object.fromEntries(
          result.runs.filter((x) => x.rule_set === r.name && x.config_hash).map((x) => [x.dataset, x.config_hash]),
        ),
      })),
      analyses: manifest.analyses.map((s) => ({ analysis: s.kind, options: analysisOptions(s) })),
    },
    now,
  );
}

function summaryTable(result: BatchResult, manifest: Manifest): Table {
  return {
    title: 'Batch summary',
    columns: [
      { key: 'dataset' },
      { key: 'status' },
      { key: 'runs_ok', kind: 'int' },
      { key: 'runs_failed', kind: 'int' },
      { key: 'report' },
      { key: 'error' },
    ],
    rows: result.datasets.map((d) => {
      const mine = result.runs.filter((r) => r.dataset === d.name);
      const firstFailure = mine.find((r) => r.status === 'failed');
      return {
        dataset: d.name,
        status: d.status === 'ok' && !firstFailure && !d.report_error ? 'ok' : 'failed',
        runs_ok: mine.filter((r) => r.status === 'ok').length,
        runs_failed: mine.filter((r) => r.status === 'failed').length,
        report: d.report ? 'written' : manifest.report ? 'none' : 'off',
        error:
          d.error ??
          (firstFailure
            ? `${firstFailure.rule_set}/${firstFailure.analysis} ${optionsKey(firstFailure.options)}: ${firstFailure.error}`
            : (d.report_error ?? '')),
      };
    }),
    notes: [
      `${manifest.datasets.length} data set(s) × ${manifest.ruleSets.length} rule set(s) × ${manifest.analyses.length} analysis run(s)`,
    ],
  };
}

/**
 * results.json: the provenance, every run (status, error, notes, statistics)
 * and the long rows, one row per line so a 100,000-row result stays readable.
 */
export function batchJson(prov: Record<string, unknown>, result: BatchResult): string {
  const head = JSON.stringify({ provenance: prov, columns: [...LONG_COLUMNS], runs: result.runs }, null, 2);
  const rows = result.rows.map((r) => '    ' + JSON.stringify(r)).join(',\n');
  return `${head.slice(0, -2)},\n  "rows": [${rows ? `\n${rows}\n  ` : ''}]\n}\n`;
}

/** File-name-safe form of a data set name (names are already restricted by the manifest schema). */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export function batchCommand(): Command {
  const cmd = new Command('batch')
    .description(
      'run every data set × rule set × analysis of a manifest; one long-format CSV/JSON of every table row, one report per data set',
    )
    .argument('<manifest>', 'the batch manifest, YAML (docs/commands/batch.md)')
    .option(
      '-o, --output <dir>',
      'folder for results.csv, results.json and the reports (created if missing)',
      'results',
    )
    .option('--no-reports', 'do not write the per-data-set HTML reports')
    .option('--no-safe-csv', 'do not neutralise spreadsheet formulas in CSV cells (for machine consumers)');
  cmd.addHelpText(
    'after',
    `
Each data set's files are read once, however many rule sets and analyses use
them. A data set that fails is reported and the others still run. A progress
bar (data sets and analyses done) is drawn on standard error when it is a
terminal. Exit codes: 0 every run succeeded; 1 a data set, rule set or
analysis failed (the rest were still written); 2 the manifest is invalid.

Examples:
  $ ipvi batch fixtures/batch/manifest.yaml -o test-output/batch
  $ ipvi batch study.yaml -o results/ --no-reports`,
  );
  cmd.action(async (manifestPath: string, opts: BatchCliOptions) => {
    const manifest = loadManifest(manifestPath);
    const outDir = opts.output;
    if (outDir === '-')
      throw new UsageError('-o - (standard output) is not possible for a batch', 'name a folder, e.g. -o results/');
    const inputs = [
      manifest.file,
      ...manifest.datasets.flatMap((d) => [d.incidents, d.notifications, d.config]),
      ...manifest.ruleSets.map((r) => r.rules),
    ];
    const files = {
      csv: join(outDir, 'results.csv'),
      csvProvenance: join(outDir, 'results.csv.provenance.json'),
      json: join(outDir, 'results.json'),
      report: (name: string) => join(outDir, `report-${fileSafe(name)}.html`),
    };
    for (const f of [files.csv, files.csvProvenance, files.json, ...manifest.datasets.map((d) => files.report(d.name))])
      guardOutput(f, inputs);
    try {
      makeFolder(outDir);
    } catch (e) {
      throw new UsageError(
        `cannot create the folder ${outDir}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
        'choose another -o folder',
      );
    }

    const progress = new BatchProgress(
      manifest.datasets.length * manifest.ruleSets.length * manifest.analyses.length,
      manifest.datasets.length,
      process.stderr,
      { quiet: stderr.quiet },
    );
    const now = new Date();
    const result = await runBatch(manifest, {
      load: (o) => readData(o, { quiet: true }),
      progress,
      now,
      warn: (m) => {
        progress.clear();
        stderr.warn(m);
      },
    });
    progress.clear();

    const prov = batchProvenance(
      manifest,
      result,
      { output: outDir, reports: opts.reports, safe_csv: opts.safeCsv },
      now,
    );
    writeFileAtomic(files.csv, longToCsv(result.rows, opts.safeCsv));
    writeFileAtomic(files.csvProvenance, JSON.stringify(prov, null, 2) + '\n');
    writeFileAtomic(files.json, batchJson(prov, result));
    const written = [files.csv, files.json];
    if (opts.reports) {
      for (const d of result.datasets) {
        if (!d.report) continue;
        written.push(...(await writeReport(d.report, 'html', files.report(d.name), inputs)));
      }
    }
    // on a terminal the summary fits its width (each error in full in a note below it); written to a file (or a pipe) every error is whole
    const summary = summaryTable(result, manifest);
    if (process.stdout.isTTY) for (const r of summary.rows) if (r.error) summary.notes.push(`${r.dataset}: ${r.error}`);
    process.stdout.write(
      renderTable(
        summary,
        'table',
        process.stdout.isTTY ? { maxWidth: Math.max(20, process.stdout.columns || 80) } : { maxCell: Infinity },
      ),
    );
    stderr.info(`wrote ${written.join(', ')}`);
    process.exitCode = result.ok ? 0 : 1;
  });
  return cmd;
}
