/**
 * The whole evaluation report as a format-neutral document: sections of
 * paragraphs, Tables and Charts, built by calling the same pure analyses the
 * commands call (the registry, src/analyses/), so every number agrees with
 * `ipvi tiers`, `prepost`, `recidivism`, `survival` and `trend`. The HTML and
 * Markdown renderers only lay it out.
 *
 * Aggregates only: no person id, victim id or row-level record is put in the
 * report. Validation findings are shown as counts per code.
 */
import { formatDay } from '../dates.js';
import type { LoadResult } from '../ingest/read.js';
import { z } from 'zod';
import type { Cell, Table } from '../model.js';
import { suppressTable, suppressionNotes } from '../metrics/suppression.js';
import { PUBLISHED_RECIDIVISM } from '../metrics/benchmarks.js';
import { fmt, fmtP } from '../metrics/common.js';
import { describeRules } from '../classify/ruleset.js';
import { ANALYSES, analysisNamed, analysisOptions, runAnalysis, specFor, type AnalysisContext, type AnalysisDescriptor, type AnalysisSpec, type OptionDef } from '../analyses/index.js';
import { isoDaySchema, monthSchema, SUPPRESS_BELOW } from '../analyses/common.js';
import { tierList, tierSummaryTable } from '../analyses/tiers.js';
import { monthOption, optionalDay } from '../analyses/values.js';
import { prePostChart, recidivismChart, survivalChart, tierChart, trendChart, type Chart } from './charts.js';

/**
 * The report's option values by option name (the descriptors' names):
 * `month` (the tier-count month, yyyy-MM; default the month of the coverage
 * end), `launch` (yyyy-MM-dd, marked on the trend chart), and the options
 * of the analyses in the report (windows, followUpMonths, cohort, maxDays,
 * suppressBelow, …). An analysis option not given takes its default.
 */
export type ReportOptions = Record<string, unknown> & { month?: string; launch?: string };

/** The analyses the report lays out in its own sections, in order. */
export const REPORT_LAYOUT = ['tiers', 'prepost', 'recidivism', 'survival', 'trend'] as const;

/** Every analysis in the report: its own sections, then each registered analysis with a generic section. */
export function reportAnalyses(): AnalysisDescriptor[] {
  return [...REPORT_LAYOUT.map(analysisNamed), ...ANALYSES.filter((d) => d.reportSection && !(REPORT_LAYOUT as readonly string[]).includes(d.kind))];
}

/** --month of the report: the tier-count month. */
const REPORT_MONTH: OptionDef = {
  name: 'month', flags: '--month <yyyy-MM>', help: 'the month for the tier counts and their change (default: the month of the coverage end)',
  parse: (raw, flag) => (raw === undefined ? undefined : (monthOption(raw as string, flag), raw)),
  provenanceKey: 'month', manifestKey: 'month', schema: monthSchema,
};
/** --launch of the report: marked on the trend chart, and the trend's launch. */
const REPORT_LAUNCH: OptionDef = {
  name: 'launch', flags: '--launch <date>', help: 'program launch, yyyy-MM-dd: marked on the trend chart, with the before/after comparison',
  parse: (raw, flag) => (optionalDay(raw as string | undefined, flag), raw),
  provenanceKey: 'launch', manifestKey: 'launch', schema: isoDaySchema,
};

/**
 * The report's options, in help and provenance order: its month and launch,
 * the options its analyses offer to a report (by name, once each), then
 * --suppress-below. `ipvi report` and a manifest's `report:` block both read this.
 */
export function reportOptionDefs(): OptionDef[] {
  const defs: OptionDef[] = [REPORT_MONTH, REPORT_LAUNCH];
  let suppressible = false;
  for (const d of reportAnalyses()) {
    suppressible ||= d.suppressible;
    for (const o of d.options) if (o.report && !defs.some((x) => x.name === o.name)) defs.push({ ...o, reportHelp: o.reportHelp ?? `${d.kind}: ${o.help}` });
  }
  return suppressible ? [...defs, SUPPRESS_BELOW] : defs;
}

/** The report's options as its provenance records them (after `head`, e.g. the format). */
export function reportProvenanceOptions(values: ReportOptions, head: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...head, ...Object.fromEntries(reportOptionDefs().map((o) => [o.provenanceKey, values[o.name] ?? o.default ?? null])) };
}

/** The zod schema of a manifest's `report:` block: each report option, optional. */
export function reportManifestSchema() {
  return z.object(Object.fromEntries(reportOptionDefs().map((o) => [o.manifestKey, o.schema.optional()]))).strict();
}

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  /** a table, its notes under it unless `notes: false` (then a separate list block carries them) */
  | { type: 'table'; table: Table; caption?: string; collapsed?: boolean; notes?: boolean }
  | { type: 'chart'; chart: Chart }
  | { type: 'code'; language: string; text: string };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
  /** what `provenance()` returns: version, inputs' SHA-256, config hash, options, generated-at */
  provenance: Record<string, unknown>;
}

/** The section ids, in order (the browser test checks each is rendered). */
export const SECTION_IDS = ['summary', 'tiers', 'prepost', 'recidivism', 'survival', 'trend', 'definitions'] as const;

/** The specs the report runs, in its order: what each section's table is. */
export function reportSpecs(options: ReportOptions, month: string): AnalysisSpec[] {
  return reportAnalyses().map((d) => specFor(d, { ...options, month }));
}

/** The month of the coverage end (the default tier-count month). */
export function defaultMonth(ctx: AnalysisContext): string {
  return formatDay(ctx.dataset.coverage.end).slice(0, 7);
}

function notesBlock(table: Table): Block {
  return { type: 'list', items: table.notes };
}

function issueCounts(result: LoadResult): Table {
  const rows = [...result.log.countsByCode.entries()]
    .map(([code, c]) => ({ code, severity: c.severity, count: c.count }))
    .sort((a, b) => (a.severity === b.severity ? b.count - a.count || (a.code < b.code ? -1 : 1) : a.severity === 'error' ? -1 : 1));
  return {
    title: 'Validation findings by code',
    columns: [{ key: 'severity' }, { key: 'code' }, { key: 'count', kind: 'int' }],
    rows,
    notes: rows.length ? ['the lines behind each count are listed by `ipvi validate` (not here: the report holds no row-level data)'] : ['no validation finding'],
  };
}

function filesTable(ctx: AnalysisContext): Table {
  const ds = ctx.dataset;
  const rows: Record<string, Cell>[] = [];
  const add = (what: string, f: { path: string; sha256: string; bytes: number }, c: { read: number; accepted: number; rejected: number; excluded: number }) =>
    rows.push({ file: what, path: f.path, bytes: f.bytes, rows_read: c.read, accepted: c.accepted, rejected: c.rejected, excluded: c.excluded, sha256: f.sha256 });
  add('incidents', ds.files.incidents, ds.counts.incidents);
  if (ds.files.notifications && ds.counts.notifications) add('notifications', ds.files.notifications, ds.counts.notifications);
  return {
    title: 'Input files',
    columns: [
      { key: 'file' }, { key: 'path' }, { key: 'bytes', kind: 'int' }, { key: 'rows_read', kind: 'int' }, { key: 'accepted', kind: 'int' },
      { key: 'rejected', kind: 'int' }, { key: 'excluded', kind: 'int' }, { key: 'sha256' },
    ],
    rows,
    notes: ['rows read = accepted + rejected + excluded (by the IPV relationship filter), always'],
  };
}

function benchmarksTable(): Table {
  return {
    title: 'Published recidivism figures (for comparison only)',
    columns: [{ key: 'site' }, { key: 'level' }, { key: 'rate', kind: 'percent', decimals: 1 }, { key: 'source' }, { key: 'measured' }],
    rows: PUBLISHED_RECIDIVISM.map((b) => ({ site: b.site, level: b.level, rate: b.rate, source: b.source, measured: b.measured })),
    notes: ['not computed from this data; each figure measured something different, on different people — check the original before comparing'],
  };
}

/**
 * The report's tier counts, suppressed like the evaluation tables
 * (docs/methods.md#suppression): the levels add up to "all", and each row's
 * new + escalated + unchanged + lowered add up to its persons.
 */
function suppressTierCounts(tiers: Table, below: number | undefined): void {
  const s = suppressTable(tiers.rows, below, {
    counts: ['persons', 'previous', 'new', 'escalated', 'unchanged', 'lowered', 'notification_due', 'enforcement_review'],
    derived: { change: ['persons', 'previous'] },
    margins: [{ parts: [0, 1, 2, 3], total: 4 }],
    columnSums: [{ parts: ['new', 'escalated', 'unchanged', 'lowered'], total: 'persons' }],
  });
  tiers.notes.push(...suppressionNotes(s));
}

function mediansTable(survival: Table): Table {
  const medians = (survival.meta?.medians ?? {}) as Record<string, { n: Cell; events: Cell; median: Cell; low: Cell; high: Cell; note: string | null }>;
  const rows = Object.entries(medians).map(([level, m]) => ({ level, persons: m.n, events: m.events, median_days: m.median, ci_low: m.low, ci_high: m.high, note: m.note ?? (m.median === null && typeof m.n === 'number' && m.n > 0 ? 'not reached' : '') }));
  return {
    title: 'Median days to the first new incident, by level',
    columns: [
      { key: 'level' }, { key: 'persons', kind: 'int' }, { key: 'events', kind: 'int' }, { key: 'median_days', kind: 'number', decimals: 1 },
      { key: 'ci_low', kind: 'number', decimals: 1 }, { key: 'ci_high', kind: 'number', decimals: 1 }, { key: 'note' },
    ],
    rows,
    notes: ['median interval by Brookmeyer & Crowley (as R print(survfit)); empty = not reached'],
  };
}

function logRankText(survival: Table): string {
  const lr = survival.meta?.logrank as { statistic: number | null; df: number | null; p: number | null; note: string | null; suppressed?: boolean } | undefined;
  if (lr?.suppressed) return 'Log-rank test across levels: not shown, because it is computed from counts suppressed for publication.';
  if (!lr || lr.statistic === null) return `Log-rank test across levels: not computed${lr?.note ? ` (${lr.note})` : ''}.`;
  return `Log-rank test across levels: chi-square = ${fmt(lr.statistic, 3)}, df = ${lr.df}, p = ${fmtP(lr.p)}${lr.note ? ` (${lr.note})` : ''}.`;
}

function trendComparisonTable(trend: Table): Table | null {
  const launch = trend.meta?.launch as { date: string; series: Record<string, unknown>[] | null } | null | undefined;
  if (!launch || !launch.series) return null;
  const coef = (c: unknown, k: 'estimate' | 'stdErr' | 'p'): number | null => {
    const v = (c as Record<string, unknown> | null)?.[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  return {
    title: `Before and after the launch on ${launch.date}`,
    columns: [
      { key: 'series' }, { key: 'months_before', kind: 'int' }, { key: 'months_after', kind: 'int' },
      { key: 'mean_before', kind: 'number', decimals: 2 }, { key: 'mean_after', kind: 'number', decimals: 2 },
      { key: 'percent_change', kind: 'percent', decimals: 1 },
      { key: 'level_change', kind: 'number', decimals: 2 }, { key: 'level_change_se', kind: 'number', decimals: 2 }, { key: 'level_change_p', kind: 'pvalue' },
      { key: 'slope_change', kind: 'number', decimals: 3 }, { key: 'slope_change_se', kind: 'number', decimals: 3 }, { key: 'slope_change_p', kind: 'pvalue' },
    ],
    rows: launch.series.map((s) => ({
      series: s.series as string,
      months_before: s.periods_before as number,
      months_after: s.periods_after as number,
      mean_before: s.mean_before as number | null,
      mean_after: s.mean_after as number | null,
      percent_change: s.percent_change as number | null,
      level_change: coef(s.level_change, 'estimate'), level_change_se: coef(s.level_change, 'stdErr'), level_change_p: coef(s.level_change, 'p'),
      slope_change: coef(s.slope_change, 'estimate'), slope_change_se: coef(s.slope_change, 'stdErr'), slope_change_p: coef(s.slope_change, 'p'),
    })),
    notes: ['segmented regression (interrupted time series, plain OLS on complete months): a description, not a causal estimate; see the notes under the monthly table'],
  };
}

/**
 * Build the report. `provenance` is the record `provenance()` gives for the
 * run (src/io/provenance.ts); it is shown in the last section.
 */
export function buildReportDocument(ctx: AnalysisContext, result: LoadResult, options: ReportOptions, provenance: Record<string, unknown>, name?: string): ReportDocument {
  const ds = ctx.dataset;
  const month = options.month ?? defaultMonth(ctx);
  const specs = reportSpecs(options, month);
  const [tiersSpec, prepostSpec, recidivismSpec, survivalSpec, trendSpec, ...others] = specs;

  const list = tierList(ctx, month);
  const tiers = tierSummaryTable(list);
  suppressTierCounts(tiers, typeof options.suppressBelow === 'number' ? options.suppressBelow : undefined);
  const prepost = runAnalysis(ctx, prepostSpec);
  const recidivism = runAnalysis(ctx, recidivismSpec);
  const survival = runAnalysis(ctx, survivalSpec);
  const trend = runAnalysis(ctx, trendSpec);
  const asOf = formatDay(list.asOf), previousAsOf = formatDay(list.previousAsOf);
  const issues = issueCounts(result);
  const errors = issues.rows.filter((r) => r.severity === 'error').reduce((a, r) => a + Number(r.count), 0);
  const warnings = issues.rows.filter((r) => r.severity === 'warning').reduce((a, r) => a + Number(r.count), 0);
  const personsWithIncidents = new Set(ds.incidents.person).size;
  const coverage = `${formatDay(ds.coverage.start)} to ${formatDay(ds.coverage.end)}`;
  const lr = logRankText(survival);
  const comparison = trendComparisonTable(trend);

  const sections: Section[] = [
    {
      id: 'summary',
      heading: 'Data summary and validation',
      blocks: [
        {
          type: 'paragraph',
          text: `Coverage ${coverage} (start ${ds.coverage.startSource === 'data' ? 'from the data' : `set by ${ds.coverage.startSource}`}, end ${ds.coverage.endSource === 'data' ? 'from the data' : `set by ${ds.coverage.endSource}`}). ` +
            `${ds.incidents.length} incident rows and ${ds.notifications.length} notifications were used; ${personsWithIncidents} persons have an incident. ` +
            `Validation: ${errors} error${errors === 1 ? '' : 's'}${errors ? ' (rows with errors were dropped: --skip-invalid)' : ''}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
        },
        { type: 'table', table: filesTable(ctx) },
        { type: 'table', table: issues },
      ],
    },
    {
      id: 'tiers',
      heading: `Tier counts for ${month} and the change since the previous month`,
      blocks: [
        { type: 'paragraph', text: `Persons at each level as of ${asOf} (the month end) and ${previousAsOf}, as on the monthly tier list (\`ipvi tiers --month ${month}\`). Aggregates only.` },
        { type: 'chart', chart: tierChart(tiers, asOf, previousAsOf) },
        { type: 'table', table: tiers },
      ],
    },
    {
      id: 'prepost',
      heading: 'Offending before and after the first notification',
      blocks: [
        { type: 'paragraph', text: 'The Kingston table "Offending Pre and Post First Perpetrator Notification" for this data (`ipvi prepost`). Kingston, for reference: ±12 months 1.11 → 0.41, ±18 months 1.24 → 0.48, ±24 months 1.36 → 0.55 incidents per offender.' },
        { type: 'chart', chart: prePostChart(prepost) },
        { type: 'table', table: prepost },
      ],
    },
    {
      id: 'recidivism',
      heading: 'Recidivism by classification level',
      blocks: [
        { type: 'paragraph', text: `The Kingston table "Recidivism by Classification Level" for this data (\`ipvi recidivism\`, ${options.followUpMonths}-month follow-up), with 95% Wilson intervals, beside the published figures.` },
        { type: 'chart', chart: recidivismChart(recidivism) },
        { type: 'table', table: recidivism },
        { type: 'table', table: benchmarksTable() },
      ],
    },
    {
      id: 'survival',
      heading: 'Time to the first new incident (Kaplan–Meier)',
      blocks: [
        { type: 'paragraph', text: `Kaplan–Meier curves by level at the first notification (\`ipvi survival\`). ${lr}` },
        { type: 'chart', chart: survivalChart(survival, lr) },
        { type: 'table', table: mediansTable(survival) },
        { type: 'table', table: survival, caption: 'Kaplan–Meier table (every event time)', collapsed: true, notes: false },
        notesBlock(survival),
      ],
    },
    {
      id: 'trend',
      heading: 'Monthly incident trend',
      blocks: [
        { type: 'paragraph', text: `Distinct incidents per month over the coverage (\`ipvi trend\`)${options.launch ? `, with the launch on ${options.launch} marked, like the Kingston and High Point charts` : ''}.` },
        { type: 'chart', chart: trendChart(trend, options.launch ?? null) },
        ...(comparison ? [{ type: 'table', table: comparison } as Block] : []),
        { type: 'table', table: trend, caption: 'Incidents per month', collapsed: true, notes: false },
        notesBlock(trend),
      ],
    },
    ...others.map((spec): Section => {
      const section = analysisNamed(spec.kind).reportSection!;
      return { id: spec.kind, heading: section.heading, blocks: [{ type: 'paragraph', text: section.text }, { type: 'table', table: runAnalysis(ctx, spec) }] };
    }),
    {
      id: 'definitions',
      heading: 'Definitions, options and provenance',
      blocks: [
        { type: 'paragraph', text: 'Every number above follows docs/methods.md . The rules, options and inputs that produced this report:' },
        { type: 'list', items: describeRules(ctx.config) },
        {
          type: 'table',
          table: {
            title: 'Analyses and their options',
            columns: [{ key: 'analysis' }, { key: 'command' }, { key: 'options' }],
            rows: specs.map((s) => ({ analysis: s.kind, command: s === tiersSpec ? `ipvi tiers --month ${month} (counts only)` : `ipvi ${s.kind}`, options: JSON.stringify(analysisOptions(s)) })),
            notes: [],
          },
        },
        { type: 'code', language: 'json', text: JSON.stringify(provenance, null, 2) },
      ],
    },
  ];
  return {
    title: `IPVI evaluation report${name ? `: ${name}` : ''}`,
    subtitle: `Coverage ${coverage} · generated ${String(provenance.generated_at ?? '')} · ipvi ${String(provenance.version ?? '')}`,
    sections,
    provenance,
  };
}
