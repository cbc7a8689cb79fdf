/**
 * ipvi report — the whole evaluation as one file to hand on: a
 * self-contained HTML page (or Markdown with the charts as SVG files beside
 * it) with the data summary and validation findings, the tier counts and
 * their month-over-month change, the pre/post table, recidivism by level
 * beside the published figures, Kaplan–Meier curves with the log-rank test,
 * the monthly trend with the launch marked, and every definition, option
 * and input hash behind them.
 *
 * Usage: ipvi report --incidents F --notifications F [--config F] [--month yyyy-MM]
 *          [--launch yyyy-MM-dd] [--windows 12,18,24] [--follow-up 12]
 *          [--format html|md] -o FILE
 *
 * The numbers are those of `ipvi tiers`, `prepost`, `recidivism`, `survival`
 * and `trend` with the same options: the report calls the same functions.
 */
import { basename, dirname, extname, join } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { Cohort } from '../../metrics/recidivism.js';
import { buildReportDocument, defaultMonth, type ReportDocument, type ReportOptions } from '../../report/document.js';
import { renderReportHtml } from '../../report/html.js';
import { renderReportMarkdown } from '../../report/markdown-report.js';
import { prepareAnalysis, provenance } from '../analysis.js';
import { addDataOptions, intList, monthOption, optionalDay, positiveInt, type DataOptions } from '../options.js';
import { guardOutput, writeFileAtomic } from '../output.js';
import { stderr } from '../terminal.js';

export const REPORT_FORMATS = ['html', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportCliOptions extends DataOptions {
  month?: string;
  launch?: string;
  windows?: string;
  followUp?: string;
  cohort: Cohort;
  maxDays?: string;
  suppressBelow?: string;
  title?: string;
  format: ReportFormat;
  output: string;
}

/** The chart files of a Markdown report: `dir/report.md` → `report.<chart>.svg` beside it. */
export function chartFileName(output: string, id: string): string {
  const stem = basename(output, extname(output));
  return `${stem}.${id}.svg`;
}

/**
 * Write a report atomically (each file to a temporary name, then renamed),
 * never over an input. Markdown writes its SVG charts first, then the page.
 * Returns the paths written.
 */
export async function writeReport(doc: ReportDocument, format: ReportFormat, output: string, inputs: (string | undefined)[]): Promise<string[]> {
  guardOutput(output, inputs);
  if (format === 'html') {
    writeFileAtomic(output, await renderReportHtml(doc));
    return [output];
  }
  const md = await renderReportMarkdown(doc, (id) => chartFileName(output, id));
  const written: string[] = [];
  for (const c of md.charts) {
    const path = join(dirname(output), c.file);
    guardOutput(path, inputs);
    writeFileAtomic(path, c.svg);
    written.push(path);
  }
  writeFileAtomic(output, md.markdown);
  return [output, ...written];
}

/** Coerce and check the report's options (usage errors before any data is read). */
export function reportOptions(opts: { month?: string; launch?: string; windows?: string; followUp?: string; cohort?: Cohort; maxDays?: string; suppressBelow?: string }): ReportOptions {
  if (opts.month !== undefined) monthOption(opts.month, '--month');
  optionalDay(opts.launch, '--launch');
  return {
    month: opts.month,
    launch: opts.launch,
    windows: intList(opts.windows, '--windows', [12, 18, 24]),
    followUpMonths: positiveInt(opts.followUp, '--follow-up', 12),
    cohort: opts.cohort ?? 'first',
    maxDays: opts.maxDays === undefined ? undefined : positiveInt(opts.maxDays, '--max-days', 1),
    suppressBelow: opts.suppressBelow === undefined ? undefined : positiveInt(opts.suppressBelow, '--suppress-below', 1),
  };
}

/** The report's options as its provenance records them. */
export function reportProvenanceOptions(o: ReportOptions, month: string, format: ReportFormat): Record<string, unknown> {
  return {
    format,
    month,
    launch: o.launch ?? null,
    windows: o.windows,
    follow_up_months: o.followUpMonths,
    cohort: o.cohort,
    max_days: o.maxDays ?? null,
    suppress_below: o.suppressBelow ?? null,
  };
}

export function reportCommand(): Command {
  const cmd = new Command('report')
    .description('the whole evaluation as one self-contained HTML file (or Markdown with SVG charts) to hand on')
    .option('--month <yyyy-MM>', 'the month for the tier counts and their change (default: the month of the coverage end)')
    .option('--launch <date>', 'program launch, yyyy-MM-dd: marked on the trend chart, with the before/after comparison')
    .option('--windows <months>', 'pre/post window lengths in months, comma-separated', '12,18,24')
    .option('--follow-up <months>', 'recidivism follow-up after the notification, in months', '12')
    .addOption(new Option('--cohort <cohort>', 'recidivism cohort: first or level-entry (as ipvi recidivism)').choices(['first', 'level-entry']).default('first'))
    .option('--max-days <n>', 'survival: censor follow-up at this many days after the notification')
    .option('--suppress-below <n>', 'for publication: show counts from 1 to n-1, and the figures built on them, as "<n"')
    .option('--title <text>', 'a name for the data in the report title, e.g. the agency');
  addDataOptions(cmd, { notifications: 'required' });
  cmd
    .addOption(new Option('--format <format>', 'html: one self-contained file; md: Markdown with the charts as SVG files beside it').choices([...REPORT_FORMATS]).default('html'))
    .requiredOption('-o, --output <file>', 'write the report to this file (atomically); md also writes <name>.<chart>.svg beside it');
  cmd.addHelpText('after', `
The report holds aggregates only (no person or victim id) and needs no network:
no script, font or image is fetched. Its numbers are those of ipvi tiers
(counts), prepost, recidivism, survival and trend run with the same options.

Examples:
  $ ipvi report --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --coverage-start 2019-01-01 --coverage-end 2023-12-31 --launch 2020-01-01 -o report.html
  $ ipvi report --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06 --title "Example City PD" -o report.html
  $ ipvi report --incidents export.csv --notifications notes.csv --suppress-below 5 --format md -o report/evaluation.md`);
  cmd.action(async (opts: ReportCliOptions) => {
    const o = reportOptions(opts);
    const inputs = [opts.incidents, opts.notifications, opts.config, opts.rules];
    guardOutput(opts.output, inputs);
    if (opts.output === '-') throw new UsageError('-o - (standard output) is not possible for a report', 'name a file, e.g. -o report.html');
    const a = await prepareAnalysis({ ...opts, format: undefined });
    const ctx = { dataset: a.dataset, index: a.index, ruleSet: a.ruleSet, config: a.config };
    const month = o.month ?? defaultMonth(ctx);
    const prov = provenance(a, 'report', reportProvenanceOptions(o, month, opts.format));
    const doc = buildReportDocument(ctx, a.result, { ...o, month }, prov, opts.title);
    const written = await writeReport(doc, opts.format, opts.output, inputs);
    stderr.info(`wrote ${written.join(', ')}`);
  });
  return cmd;
}
