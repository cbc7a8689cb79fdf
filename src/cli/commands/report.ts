/**
 * ipvi report — the whole evaluation as one file to hand on: a
 * self-contained HTML page (or Markdown with the charts as SVG files beside
 * it) with the data summary and validation findings, the tier counts and
 * their month-over-month change, the pre/post table, recidivism by level
 * beside the published figures, Kaplan–Meier curves with the log-rank test,
 * the monthly trend with the launch marked, and every definition, option
 * and input hash behind them.
 *
 * The numbers are those of `ipvi tiers`, `prepost`, `recidivism`, `survival`
 * and `trend` with the same options: the report calls the same functions.
 */
import { basename, dirname, extname, join } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import {
  buildReportDocument,
  defaultMonth,
  reportOptionDefs,
  reportProvenanceOptions,
  type ReportDocument,
  type ReportOptions,
} from '../../report/document.js';
import { renderReportHtml } from '../../report/html.js';
import { renderReportMarkdown } from '../../report/markdown-report.js';
import {
  commanderOption,
  optionDatesPastData,
  parseOptionValues,
  prepareAnalysis,
  provenance,
  warnPastData,
} from '../analysis.js';
import { relativeProvenance } from '../../io/provenance.js';
import { addDataOptions, formatFromExtension, type DataOptions } from '../options.js';
import { guardOutput, writeFileAtomic } from '../output.js';
import { stderr } from '../terminal.js';
import { defaultMonthNote } from '../../dates.js';
import { makeFolder } from '../../io/make-folder.js';
import { checkLocale, DEFAULT_LOCALE, defaultView } from '../../report/locale.js';

export const REPORT_FORMATS = ['html', 'md'] as const;
/** What a report file's extension names (-o report.md writes Markdown without --format md). */
export const REPORT_EXTENSIONS = { '.html': ['html'], '.htm': ['html'], '.md': ['md'] } as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportCliOptions extends DataOptions {
  title?: string;
  locale?: string;
  appendix?: boolean;
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
export async function writeReport(
  doc: ReportDocument,
  format: ReportFormat,
  output: string,
  inputs: (string | undefined)[],
): Promise<string[]> {
  guardOutput(output, inputs);
  makeFolder(dirname(output));
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
export function reportOptions(opts: Record<string, unknown>): ReportOptions {
  return parseOptionValues(reportOptionDefs(), opts) as ReportOptions;
}

export function reportCommand(): Command {
  const cmd = new Command('report').description(
    'the whole evaluation as one self-contained HTML file (or Markdown with SVG charts) to hand on',
  );
  for (const def of reportOptionDefs()) cmd.addOption(commanderOption(def, def.reportHelp ?? def.help));
  cmd.option('--title <text>', "the report's title (default: the config's name, e.g. the agency)");
  cmd.option('--locale <tag>', 'show dates and numbers as this locale writes them, e.g. en-GB', DEFAULT_LOCALE);
  cmd.option('--appendix', "add the full provenance record (every option, the inputs' SHA-256) as a JSON appendix");
  addDataOptions(cmd, { notifications: 'required' });
  cmd
    .addOption(
      new Option(
        '--format <format>',
        'html: one self-contained file; md: Markdown with the charts as SVG files beside it',
      )
        .choices([...REPORT_FORMATS])
        .default('html'),
    )
    .requiredOption(
      '-o, --output <file>',
      'write the report to this file (atomically; missing folders are made); its extension (.html, .md) chooses the format when --format is not given; md also writes <name>.<chart>.svg beside it',
    );
  formatFromExtension(cmd, REPORT_EXTENSIONS);
  cmd.addHelpText(
    'after',
    `
The report opens with a summary for command staff and holds aggregates only
(no person or victim id); it needs no network: no script, font or image is
fetched. Its numbers are those of ipvi tiers (counts), fidelity, prepost,
recidivism, survival and trend run with the same options, and, when the
launch date is known (--launch, or the config's launch:), of ipvi compare
(±12 months). Files are named relative to the folder the command ran in;
dates are shown in --locale, the generation time in this machine's time zone
(named).

Examples:
  $ ipvi report --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --coverage-start 2019-01-01 --coverage-end 2023-12-31 --launch 2020-01-01 -o report.html
  $ ipvi report --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06 --locale en-GB -o report.html
  $ ipvi report --incidents export.csv --notifications notes.csv --suppress-below 5 --format md -o report/evaluation.md`,
  );
  cmd.action(async (opts: ReportCliOptions) => {
    await runReportCommand(opts);
  });
  return cmd;
}

/** `ipvi report`: check the options, read the data, build the document, write it; returns the document and the files written. */
export async function runReportCommand(
  opts: ReportCliOptions,
): Promise<{ document: ReportDocument; written: string[] }> {
  const o = reportOptions(opts as unknown as Record<string, unknown>);
  let locale: string;
  try {
    locale = checkLocale(opts.locale ?? DEFAULT_LOCALE);
  } catch {
    throw new UsageError(
      `--locale ${opts.locale}: not a locale tag`,
      'give a BCP 47 tag such as en-US, en-GB or es-US',
    );
  }
  const inputs = [opts.incidents, opts.notifications, opts.config, opts.rules];
  guardOutput(opts.output, inputs);
  if (opts.output === '-')
    throw new UsageError('-o - (standard output) is not possible for a report', 'name a file, e.g. -o report.html');
  const a = await prepareAnalysis({ ...opts, format: undefined });
  const ctx = { dataset: a.dataset, index: a.index, ruleSet: a.ruleSet, config: a.config };
  warnPastData(optionDatesPastData(a.dataset, reportOptionDefs(), o));
  const month = o.month ?? defaultMonth(ctx);
  if (o.month === undefined) stderr.info(defaultMonthNote(ctx.dataset.coverage.end));
  const prov = provenance(
    a,
    'report',
    reportProvenanceOptions(
      { ...o, month },
      { format: opts.format, ...(o.month === undefined ? { month_source: 'last complete month of the data' } : {}) },
    ),
  );
  const view = defaultView(process.cwd(), locale, opts.appendix === true);
  const doc = buildReportDocument(
    ctx,
    a.result,
    { ...o, month },
    relativeProvenance(prov, view.cwd),
    opts.title ?? a.config.name,
    view,
  );
  const written = await writeReport(doc, opts.format, opts.output, inputs);
  stderr.info(`wrote ${written.join(', ')}`);
  return { document: doc, written };
}
