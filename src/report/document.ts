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
import { formatDay, lastCompleteMonth } from '../dates.js';
import { levelEvents } from '../metrics/fidelity.js';
import { executiveSummary, type SummaryItem } from './summary.js';
import { DEFAULT_LOCALE, showCount, showDay, showInstant, showMonth, showPath, type ReportView } from './locale.js';
import type { LoadResult } from '../ingest/read.js';
import { z } from 'zod';
import { LEVELS, NO_DAY, type Cell, type Dataset, type Day, type RowCounts, type Table } from '../model.js';
import { SUPPRESSED, suppressTable, suppressionNotes } from '../metrics/suppression.js';
import { PUBLISHED_RECIDIVISM } from '../metrics/benchmarks.js';
import { fmt, fmtP, isSmallCount, suppressionMarker } from '../metrics/common.js';
import { describeRules } from '../classify/ruleset.js';
import {
  ANALYSES,
  analysisNamed,
  analysisOptions,
  runAnalysis,
  specFor,
  type AnalysisContext,
  type AnalysisDescriptor,
  type AnalysisSpec,
  type OptionDef,
} from '../analyses/index.js';
import { isoDaySchema, monthSchema, SUPPRESS_BELOW } from '../analyses/common.js';
import { tierList, tierSummaryTable } from '../analyses/tiers.js';
import type { TierList } from '../classify/tier-list.js';
import { monthOption, optionalDay } from '../analyses/values.js';
import { prePostChart, recidivismChart, survivalChart, tierChart, trendChart, type Chart } from './charts.js';

/**
 * The report's option values by option name (the descriptors' names):
 * `month` (the tier-count month, yyyy-MM; default the last complete month
 * of the data), `launch` (yyyy-MM-dd, marked on the trend chart), and the options
 * of the analyses in the report (windows, followUpMonths, cohort, maxDays,
 * suppressBelow, …). An analysis option not given takes its default.
 */
export type ReportOptions = Record<string, unknown> & { month?: string; launch?: string };

/** The analyses the report lays out in its own sections, in order. */
export const REPORT_LAYOUT = ['tiers', 'fidelity', 'prepost', 'recidivism', 'survival', 'trend'] as const;

/** Every analysis in the report: its own sections, then each registered analysis with a generic section. */
export function reportAnalyses(): AnalysisDescriptor[] {
  return [
    ...REPORT_LAYOUT.map(analysisNamed),
    ...ANALYSES.filter((d) => d.reportSection && !(REPORT_LAYOUT as readonly string[]).includes(d.kind)),
  ];
}

/** --month of the report: the tier-count month. */
const REPORT_MONTH: OptionDef = {
  name: 'month',
  flags: '--month <yyyy-MM>',
  help: 'the month for the tier counts and their change (default: the last complete month of the data, as ipvi tiers)',
  parse: (raw, flag) => (raw === undefined ? undefined : (monthOption(raw as string, flag), raw)),
  provenanceKey: 'month',
  manifestKey: 'month',
  schema: monthSchema,
};
/** --launch of the report: marked on the trend chart, and the trend's launch. */
const REPORT_LAUNCH: OptionDef = {
  name: 'launch',
  flags: '--launch <date>',
  help: "program launch, yyyy-MM-dd (default: the config's launch:): marked on the trend chart, with the before/after comparison and the comparison-cohort section (ipvi compare)",
  parse: (raw, flag) => (optionalDay(raw as string | undefined, flag), raw),
  provenanceKey: 'launch',
  manifestKey: 'launch',
  schema: isoDaySchema,
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
    for (const o of d.options)
      if (o.report && !defs.some((x) => x.name === o.name))
        defs.push({ ...o, reportHelp: o.reportHelp ?? `${d.kind}: ${o.help}` });
  }
  return suppressible ? [...defs, SUPPRESS_BELOW] : defs;
}

/** The report's options as its provenance records them (after `head`, e.g. the format). */
export function reportProvenanceOptions(
  values: ReportOptions,
  head: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...head,
    ...Object.fromEntries(reportOptionDefs().map((o) => [o.provenanceKey, values[o.name] ?? o.default ?? null])),
  };
}

/** The zod schema of a manifest's `report:` block: each report option, optional. */
export function reportManifestSchema() {
  return z.object(Object.fromEntries(reportOptionDefs().map((o) => [o.manifestKey, o.schema(z).optional()]))).strict();
}

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  /** a table, its notes under it unless `notes: false` (then a separate list block carries them) */
  | { type: 'table'; table: Table; caption?: string; collapsed?: boolean; notes?: boolean }
  | { type: 'chart'; chart: Chart }
  | { type: 'code'; language: string; text: string }
  /** the executive summary: sentences, each with a link to its section */
  | { type: 'summary'; items: SummaryItem[] };

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
export const SECTION_IDS = [
  'summary',
  'tiers',
  'fidelity',
  'prepost',
  'recidivism',
  'survival',
  'trend',
  'data',
  'definitions',
  'provenance',
] as const;

/**
 * The specs the report runs, in its order: what each section's table is.
 * The report's --month is the tier-count month; the other analyses cover
 * the whole coverage (fidelity too: its own --month is not the report's).
 */
export function reportSpecs(options: ReportOptions, month: string): AnalysisSpec[] {
  return reportAnalyses().map((d) =>
    specFor(d, d.kind === 'tiers' ? { ...options, month } : { ...options, month: undefined }),
  );
}

/** A person due a notification is overdue after this many days at the level (docs/methods.md#overdue). */
export const OVERDUE_DAYS = 30;

/** The default tier-count month: the last complete month of the data, the same as `ipvi tiers` (`lastCompleteMonth`). */
export function defaultMonth(ctx: AnalysisContext): string {
  return lastCompleteMonth(ctx.dataset.coverage.end);
}

function notesBlock(table: Table): Block {
  return { type: 'list', items: table.notes };
}

/**
 * How the data section shows a count of rows, findings or persons (docs/methods.md#suppression): under
 * --suppress-below N a count from 1 to N − 1 reads `<N` (zeros are shown), as in the tables; `one` is true only
 * for a shown 1, so that a hidden count never takes the singular. A cell already hidden reads as it is.
 */
interface CountView {
  below: number | undefined;
  locale: string;
}

function countText(c: Cell, v: CountView): { text: string; one: boolean } {
  if (typeof c !== 'number') return { text: c === SUPPRESSED ? 'a suppressed number of' : String(c), one: false };
  if (isSmallCount(c, v.below)) return { text: suppressionMarker(v.below as number), one: false };
  return { text: showCount(c, v.locale), one: c === 1 };
}

/** A count as a table cell: `<N` for 1 … N − 1 under suppression, else the number. */
function countCell(c: number, below: number | undefined): Cell {
  return isSmallCount(c, below) ? suppressionMarker(below as number) : c;
}

/** A count's place in a sorted list: a hidden count (`<N`, `suppressed`) after every shown one. */
const shownOrder = (c: Cell) => (typeof c === 'number' ? c : -1);

/** Singular or plural by a shown count. */
const noun = (one: boolean, singular: string, plural: string) => (one ? singular : plural);

/**
 * The `unknown_person` finding split by why the person has no incident (see `unknownPersonWords`), with the
 * total the findings table shows, suppressed together: the two parts add up to the total, so when one part is
 * hidden and the other and the total are shown, one more is hidden (`suppressTable`, a column sum).
 */
function unknownPersonCounts(
  ds: Dataset,
  below: number | undefined,
): Record<'none' | 'filtered' | 'total', Cell> & { count: number } {
  const withIncident = new Uint8Array(ds.persons.size);
  for (let i = 0; i < ds.incidents.length; i++) withIncident[ds.incidents.person[i]] = 1;
  let none = 0,
    filtered = 0;
  for (let j = 0; j < ds.notifications.length; j++) {
    const p = ds.notifications.person[j];
    if (withIncident[p]) continue;
    if (ds.ipvExcluded?.has(ds.persons.values[p])) filtered++;
    else none++;
  }
  const row: Record<string, Cell> = { none, filtered, total: none + filtered };
  suppressTable([row], below, {
    counts: ['none', 'filtered', 'total'],
    columnSums: [{ parts: ['none', 'filtered'], total: 'total' }],
  });
  return { ...(row as Record<'none' | 'filtered' | 'total', Cell>), count: none + filtered };
}

/**
 * The error findings and the files' rejected rows count the same rows: a rejected row has at least one error,
 * in one of the two files. With one of them hidden the others give it back (13 rows with a bad date, of which
 * the notifications file rejected 10, leave the incidents file's hidden 3; a hidden bad_date 3 beside
 * blank_required 10 and 13 rejected rows likewise), and an inequality pins as well as an equation (bad_date 11
 * and 10 rejected notifications leave at most 1). So when any of them is a small count, every other non-zero
 * one reads `suppressed` (docs/methods.md#suppression). Keys: `rejected:<file>` and the error codes.
 */
function publishedErrors(result: LoadResult, below: number | undefined): Map<string, Cell> {
  const ds = result.dataset;
  const counts: [string, number][] = [
    ['rejected:incidents', ds.counts.incidents.rejected],
    ...(ds.files.notifications && ds.counts.notifications
      ? [['rejected:notifications', ds.counts.notifications.rejected] as [string, number]]
      : []),
    ...[...result.log.countsByCode]
      .filter(([, c]) => c.severity === 'error')
      .map(([code, c]) => [code, c.count] as [string, number]),
  ];
  const anyHidden = counts.some(([, n]) => isSmallCount(n, below));
  return new Map(
    counts.map(([key, n]) => [key, isSmallCount(n, below) || !anyHidden || n === 0 ? countCell(n, below) : SUPPRESSED]),
  );
}

function issueCounts(result: LoadResult, below: number | undefined): Table {
  const unknown = unknownPersonCounts(result.dataset, below);
  const errors = publishedErrors(result, below);
  const rows = [...result.log.countsByCode.entries()]
    .map(([code, c]) => ({
      code,
      severity: c.severity,
      // the total of the two sentences, as suppressed with them; an error count as published with the rejected rows
      count:
        code === 'unknown_person' && c.count === unknown.count
          ? unknown.total
          : (errors.get(code) ?? countCell(c.count, below)),
    }))
    // by the count as shown: a hidden count's place among the others would bound it
    .sort((a, b) =>
      a.severity === b.severity
        ? shownOrder(b.count) - shownOrder(a.count) || (a.code < b.code ? -1 : 1)
        : a.severity === 'error'
          ? -1
          : 1,
    );
  return {
    title: 'Validation findings by code',
    columns: [{ key: 'severity' }, { key: 'code' }, { key: 'count', kind: 'int' }],
    rows,
    notes: rows.length
      ? ['the lines behind each count are listed by `ipvi validate` (not here: the report holds no row-level data)']
      : ['no validation finding'],
  };
}

/** What a validation finding means, in words, for a count shown as `n` (`one`: a shown 1) (the codes `ipvi validate` lists). */
const FINDING_WORDS: Record<string, (n: string, one: boolean) => string> = {
  ipv_excluded: (n, one) =>
    `${n} ${noun(one, 'row', 'rows')} excluded by the relationship filter, as configured (not an intimate-partner relationship)`,
  victim_safety: (n, one) =>
    `${n} ${noun(one, 'notification', 'notifications')} at a victim-contact-first level ${noun(one, 'was', 'were')} delivered before the victim was contacted`,
  outside_coverage: (n, one) => `${n} ${noun(one, 'row', 'rows')} dated outside the coverage, left out`,
  future_date: (n, one) => `${n} ${noun(one, 'row', 'rows')} dated after the day the export was read`,
  duplicate_key: (n, one) => `${n} duplicate ${noun(one, 'row', 'rows')}, counted once`,
  notification_before_incident: (n, one) =>
    `${n} ${noun(one, 'notification', 'notifications')} dated before the person's first incident`,
  unknown_level: (n, one) => `${n} ${noun(one, 'notification', 'notifications')} with a level that is not A, B, C or D`,
  bad_date: (n, one) => `${n} ${noun(one, 'row', 'rows')} with a date that could not be read`,
  blank_required: (n, one) => `${n} ${noun(one, 'row', 'rows')} with a required value left blank`,
  ragged_row: (n, one) => `${n} ${noun(one, 'row', 'rows')} with the wrong number of columns`,
};

/** The sentence's first letter in upper case ("a suppressed number of …" opens a sentence). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The `unknown_person` finding in words, split by why the person has no incident: not in the export at all
 * (an ID that does not link, e.g. one that lost its leading zeros), or every incident excluded by the
 * relationship filter; both are left out of the evaluation tables (docs/methods.md#cohort).
 */
function unknownPersonWords(ds: Dataset, v: CountView): string[] {
  const counts = unknownPersonCounts(ds, v.below);
  const out: string[] = [];
  const words = (c: Cell, why: string) => {
    const { text, one } = countText(c, v);
    out.push(
      sentence(
        `${text} ${noun(one, 'notification', 'notifications')} for a person ${why}; these people are left out of the evaluation tables.`,
      ),
    );
  };
  if (counts.none !== 0)
    words(
      counts.none,
      'with no incident in the export (an ID that does not match, e.g. one that lost its leading zeros: `ipvi validate` names the likely match)',
    );
  if (counts.filtered !== 0) words(counts.filtered, 'whose incidents were all excluded by the relationship filter');
  return out;
}

/**
 * The validation findings as sentences: what was dropped, excluded or worth a look, and that `ipvi validate`
 * lists them. Under --suppress-below N their small counts read `<N`, said once at the end.
 */
function findingsInWords(result: LoadResult, v: CountView): string[] {
  const out: string[] = [];
  const errors = publishedErrors(result, v.below);
  // the IPV filter's exclusions are facts (notes), not warnings: said once, in words
  const excluded = result.log.noteTotal('ipv_excluded');
  if (excluded > 0) {
    const { text, one } = countText(excluded, v);
    out.push(`${FINDING_WORDS.ipv_excluded(text, one)}.`);
  }
  const unfiltered = result.log.noteTotal('ipv_unfiltered');
  if (unfiltered > 0) {
    const { text, one } = countText(unfiltered, v);
    out.push(
      `${text} ${noun(one, 'incident', 'incidents')} with a relationship value ${noun(one, 'was', 'were')} counted whatever the relationship: no intimate-partner relationship codes are configured (incidents.ipv_relationships), so family cases in the export, if any, are counted too.`,
    );
  }
  for (const [code, c] of result.log.countsByCode) {
    if (code === 'unknown_person') {
      out.push(...unknownPersonWords(result.dataset, v));
      continue;
    }
    const { text, one } = countText(errors.get(code) ?? c.count, v);
    const words =
      FINDING_WORDS[code]?.(text, one) ??
      `${text} ${c.severity === 'error' ? noun(one, 'row with errors', 'rows with errors') : noun(one, 'finding', 'findings')} of the kind “${code}”`;
    out.push(sentence(`${words}${c.severity === 'error' ? ' (set aside: --skip-invalid)' : ''}.`));
  }
  if (!out.length) out.push('The files passed every check.');
  else out.push('`ipvi validate` lists the lines behind each of these.');
  if (v.below !== undefined && v.below > 1)
    out.push(
      `Published with --suppress-below ${v.below}: in this section, as in the tables, counts from 1 to ${v.below - 1} read “${suppressionMarker(v.below)}” (zeros are shown), and a count that would give a hidden one back reads “${SUPPRESSED}” (docs/methods.md#suppression).`,
    );
  return out;
}

/**
 * Each input file's row accounting (read = accepted + rejected + excluded) as published: under
 * --suppress-below N (docs/methods.md#suppression) a count from 1 to N − 1 reads `<N`, and `read`, the sum of
 * the others, reads `suppressed` when any of them is hidden (with the others shown it would give the hidden one
 * back). The files table and the provenance appendix show the same cells.
 */
function publishedRowCounts(
  result: LoadResult,
  below: number | undefined,
  notificationsUsed: Cell,
): { file: string; counts: Record<keyof RowCounts, Cell> }[] {
  const ds = result.dataset;
  const errors = publishedErrors(result, below);
  const files = [
    { file: 'incidents', counts: { ...ds.counts.incidents } as Record<keyof RowCounts, Cell> },
    ...(ds.files.notifications && ds.counts.notifications
      ? [{ file: 'notifications', counts: { ...ds.counts.notifications } as Record<keyof RowCounts, Cell> }]
      : []),
  ];
  suppressTable(
    files.map((f) => f.counts),
    below,
    { counts: ['read', 'accepted', 'rejected', 'excluded'], derived: { read: ['accepted', 'rejected', 'excluded'] } },
    // rejected rows hidden with the error findings (`publishedErrors`)
    files.flatMap((f, row) => (errors.get(`rejected:${f.file}`) === SUPPRESSED ? [{ row, column: 'rejected' }] : [])),
  );
  // the notifications used, hidden with what they add up to (`publishedNotificationsUsed`), and the rows read with them
  const used = files.find((f) => f.file === 'notifications');
  if (used && notificationsUsed === SUPPRESSED)
    used.counts = { ...used.counts, read: SUPPRESSED, accepted: SUPPRESSED };
  return files;
}

/**
 * The notifications used as the report quotes them (docs/methods.md#suppression): they are each level's
 * notifications in the fidelity table, those for a person with no incident (the `unknown_person` finding) and
 * any outside the fidelity period, so with a level's count or the unknown-person count hidden, the shown total
 * less the others would give it back (1,255 used less the fidelity table's 1,252 is 3 notifications for a
 * person with no incident). Then the total reads `suppressed`, not `<N`, so that nothing bounds it.
 */
function publishedNotificationsUsed(result: LoadResult, fidelity: Table, below: number | undefined): Cell {
  const n = result.dataset.notifications.length;
  if (below === undefined || below <= 1 || n === 0) return n;
  const hidden =
    typeof unknownPersonCounts(result.dataset, below).total !== 'number' ||
    fidelity.rows.some((r) => typeof r.notifications === 'string');
  return hidden ? SUPPRESSED : n;
}

/** Input files by name (relative to where the command ran), with their row accounting as published. */
function filesTable(
  ctx: AnalysisContext,
  result: LoadResult,
  view: ReportView,
  below: number | undefined,
  notificationsUsed: Cell,
): Table {
  const ds = ctx.dataset;
  const rows: Record<string, Cell>[] = publishedRowCounts(result, below, notificationsUsed).map(
    ({ file, counts: c }) => ({
      file,
      name: showPath((file === 'incidents' ? ds.files.incidents : ds.files.notifications)?.path ?? '', view.cwd),
      rows_read: c.read,
      accepted: c.accepted,
      rejected: c.rejected,
      excluded: c.excluded,
    }),
  );
  return {
    title: 'Input files',
    columns: [
      { key: 'file' },
      { key: 'name' },
      { key: 'rows_read', kind: 'int' },
      { key: 'accepted', kind: 'int' },
      { key: 'rejected', kind: 'int' },
      { key: 'excluded', kind: 'int' },
    ],
    rows,
    notes: ['rows read = accepted + rejected + excluded (by the relationship filter), always'],
  };
}

/** The provenance record as the appendix shows it: its row counts as published (`publishedRowCounts`). */
function publishedProvenance(
  provenance: Record<string, unknown>,
  result: LoadResult,
  below: number | undefined,
  notificationsUsed: Cell,
) {
  if (below === undefined || below <= 1 || !('rows' in provenance)) return provenance;
  const rows = publishedRowCounts(result, below, notificationsUsed).map((f) => [f.file, f.counts]);
  return { ...provenance, rows: Object.fromEntries(rows) };
}

/** The provenance as a short table: what made the report, with file names relative to where it ran. */
function provenanceTable(ctx: AnalysisContext, provenance: Record<string, unknown>, view: ReportView): Table {
  const ds = ctx.dataset;
  const rows: Record<string, Cell>[] = [];
  const file = (what: string, f: { path: string; sha256: string; bytes: number }) =>
    rows.push({
      item: what,
      value: showPath(f.path, view.cwd),
      detail: `${showCount(f.bytes, view.locale)} bytes; SHA-256 ${f.sha256.slice(0, 16)}…`,
    });
  file('incidents file', ds.files.incidents);
  if (ds.files.notifications) file('notifications file', ds.files.notifications);
  rows.push({
    item: 'configuration',
    value: ctx.config.file ? showPath(ctx.config.file, view.cwd) : '(none: the default rules)',
    detail: `hash ${ctx.config.hash}`,
  });
  rows.push({ item: 'rules', value: rulesName(ctx, view), detail: '' });
  rows.push({
    item: 'coverage',
    value: `${showDay(ds.coverage.start, view.locale)} to ${showDay(ds.coverage.end, view.locale)}`,
    detail: `start ${sourceWords(ds.coverage.startSource)}, end ${sourceWords(ds.coverage.endSource)}`,
  });
  rows.push({
    item: 'made by',
    value: `ipvi ${String(provenance.version ?? '')}`,
    detail: `${String(provenance.command ?? 'report')}`,
  });
  rows.push({ item: 'generated', value: generatedAt(provenance, view), detail: '' });
  return {
    title: 'Provenance',
    columns: [{ key: 'item' }, { key: 'value' }, { key: 'detail' }],
    rows,
    notes: [
      view.appendix
        ? 'the full record, with every option, is the JSON appendix below'
        : 'the full record, with every option, is added as a JSON appendix by `ipvi report --appendix`',
    ],
  };
}

const sourceWords = (s: string) => (s === 'data' ? 'from the data' : `set by ${s}`);

function rulesName(ctx: AnalysisContext, view: ReportView): string {
  const src = ctx.config.rulesSource;
  return src.includes('/') || src.includes('\\') ? showPath(src, view.cwd) : src;
}

function generatedAt(provenance: Record<string, unknown>, view: ReportView): string {
  return typeof provenance.generated_at === 'string' ? showInstant(provenance.generated_at, view) : '';
}

/** The published figures once each: one row per site, a column per level, the source said once. */
function benchmarksTable(): Table {
  const sites = [...new Set(PUBLISHED_RECIDIVISM.map((b) => b.site))];
  const rows = sites.map((site) => {
    const of = PUBLISHED_RECIDIVISM.filter((b) => b.site === site);
    const row: Record<string, Cell> = {
      site,
      A: null,
      B: null,
      C: null,
      D: null,
      all: null,
      study: of[0].source.split('; ')[1] ?? '',
    };
    for (const b of of) row[b.level] = b.rate;
    row.what =
      site === 'Kingston, NY'
        ? 'IPVI, by level'
        : of[0].measured.includes('not IPVI')
          ? 'traditional DV intervention'
          : 'IPVI, all levels';
    return row;
  });
  const kingston = PUBLISHED_RECIDIVISM.find((b) => b.site === 'Kingston, NY');
  return {
    title: 'Published recidivism figures, from the NNSC 2023 IPVI presentation (for comparison only)',
    columns: [
      { key: 'site' },
      { key: 'what' },
      ...['A', 'B', 'C', 'D', 'all'].map((k) => ({ key: k, kind: 'percent' as const, decimals: 1 })),
      { key: 'study' },
    ],
    rows,
    notes: [
      'source: the NNSC 2023 IPVI presentation; the studies it cites are named in the last column',
      ...(kingston ? [`Kingston: ${kingston.measured.replace(/^Kingston, NY IPVI: /, '')}`] : []),
      'not computed from this data; each figure measured something different, on different people — check the original before comparing',
    ],
  };
}

/**
 * Persons due a notification as of the month end, by level, and how many
 * are overdue: at the level more than OVERDUE_DAYS days (since the incident
 * that first set it, as `ipvi fidelity` dates it) with no notification at it
 * (docs/methods.md#overdue).
 */
export function dueTable(ctx: AnalysisContext, list: TierList): Table {
  const reached = new Map<string, Day>();
  for (const e of levelEvents(ctx.dataset, ctx.index, ctx.ruleSet)) reached.set(`${e.person}:${e.level}`, e.setDay);
  const rows: Record<string, Cell>[] = [];
  let undated = 0;
  const summarise = (label: string, keep: (lv: number) => boolean) => {
    const c = list.cols;
    let due = 0;
    const waits: number[] = [];
    for (let k = 0; k < c.length; k++) {
      if (!c.notificationDue[k] || !keep(c.level[k])) continue;
      due++;
      const set = reached.get(`${c.person[k]}:${c.level[k]}`) ?? NO_DAY;
      if (set === NO_DAY || set > list.asOf) {
        if (label === 'all') undated++;
      } else waits.push(list.asOf - set);
    }
    waits.sort((a, b) => a - b);
    rows.push({
      level: label,
      due,
      overdue: waits.filter((w) => w > OVERDUE_DAYS).length,
      within: waits.filter((w) => w <= OVERDUE_DAYS).length,
      // not a column: due = overdue + within + undated, an equation the suppression audits (suppressTierCounts)
      undated: due - waits.length,
      longest_wait_days: waits.length ? waits[waits.length - 1] : null,
    });
  };
  for (const l of ['B', 'C', 'D']) summarise(l, (lv) => lv === LEVELS.indexOf(l as (typeof LEVELS)[number]) + 1);
  summarise('all', () => true);
  return {
    title: `Notifications due as of ${formatDay(list.asOf)}`,
    columns: [
      { key: 'level' },
      { key: 'due', kind: 'int' },
      { key: 'overdue', kind: 'int', label: `overdue (> ${OVERDUE_DAYS} days)` },
      { key: 'within', kind: 'int', label: `due ≤ ${OVERDUE_DAYS} days` },
      { key: 'longest_wait_days', kind: 'int', label: 'longest wait (days)' },
    ],
    rows,
    notes: [
      `due: at level D, C or B with no notification at that level or higher; overdue: due and at the level more than ${OVERDUE_DAYS} days, counted from the incident that first set it (docs/methods.md#overdue)`,
      ...(undated
        ? [`${undated} person(s) due with no dated incident at the level (set by an override) are in neither column`]
        : []),
    ],
  };
}

/**
 * The report's tier counts and its notifications-due counts, suppressed like
 * the evaluation tables (docs/methods.md#suppression) as ONE table, since the
 * two share counts (a level's notification_due is its due): the levels add
 * up to "all"; in each row new + escalated + unchanged + lowered add up to
 * persons, and overdue + within + undated (due with no dated level) add up to
 * notification_due; the change follows persons and previous, the longest
 * wait follows overdue and within (it is one person's wait). The due table's
 * cells are then read back from the joint rows, so a count hidden in one
 * table is hidden in the other.
 */
function suppressTierCounts(tiers: Table, due: Table, below: number | undefined): void {
  const DUE = ['overdue', 'within', 'undated', 'longest_wait_days'] as const;
  const dueRow = (level: Cell) => due.rows.find((d) => d.level === level);
  for (const r of tiers.rows) {
    const d = dueRow(r.level);
    for (const k of DUE) r[k] = d ? d[k] : k === 'longest_wait_days' ? null : 0;
  }
  const s = suppressTable(tiers.rows, below, {
    counts: [
      'persons',
      'previous',
      'new',
      'escalated',
      'unchanged',
      'lowered',
      'notification_due',
      'enforcement_review',
      'overdue',
      'within',
      'undated',
    ],
    derived: { change: ['persons', 'previous'], longest_wait_days: ['overdue', 'within'] },
    margins: [{ parts: [0, 1, 2, 3], total: 4 }],
    columnSums: [
      { parts: ['new', 'escalated', 'unchanged', 'lowered'], total: 'persons' },
      { parts: ['overdue', 'within', 'undated'], total: 'notification_due' },
    ],
  });
  // new, escalated, unchanged and lowered are the margins of last month's level × this month's level; with persons
  // and previous shown, a hidden one is solved from the others across the rows (nobody left: all's persons − new =
  // previous, and so on down the levels). One hidden, all four hidden, zeros too (docs/methods.md#suppression).
  const MOVES = ['new', 'escalated', 'unchanged', 'lowered'] as const;
  const movesHidden = tiers.rows.some((r) => MOVES.some((k) => typeof r[k] === 'string'));
  if (movesHidden) for (const r of tiers.rows) for (const k of MOVES) r[k] = SUPPRESSED;
  for (const r of tiers.rows) {
    const d = dueRow(r.level);
    if (d) {
      d.due = r.notification_due;
      for (const k of DUE) d[k] = r[k];
    }
    for (const k of DUE) delete r[k];
  }
  const notes = suppressionNotes(s);
  tiers.notes.push(...notes);
  if (movesHidden)
    tiers.notes.push(
      'A count of new, escalated, unchanged or lowered persons is small, so all four columns read “suppressed” in every row: each could be worked out from the others and the persons at each level now and last month.',
    );
  if (s.any) {
    // the note counting persons due with no dated level would give back a hidden count
    const all = due.rows.find((d) => d.level === 'all');
    if (all && typeof all.undated !== 'number')
      due.notes = due.notes.filter((n) => !n.includes('with no dated incident at the level'));
    due.notes.push(
      ...notes.map((n) => n.replace(/ \(\d+ cells?\)/, ' (suppressed together with the tier counts above)')),
    );
  }
}

function mediansTable(survival: Table): Table {
  const medians = (survival.meta?.medians ?? {}) as Record<
    string,
    { n: Cell; events: Cell; median: Cell; low: Cell; high: Cell; note: string | null }
  >;
  const rows = Object.entries(medians).map(([level, m]) => ({
    level,
    persons: m.n,
    events: m.events,
    median_days: m.median,
    ci_low: m.low,
    ci_high: m.high,
    note: m.note ?? (m.median === null && typeof m.n === 'number' && m.n > 0 ? 'not reached' : ''),
  }));
  return {
    title: 'Median days to the first new incident, by level',
    columns: [
      { key: 'level' },
      { key: 'persons', kind: 'int' },
      { key: 'events', kind: 'int' },
      { key: 'median_days', kind: 'number' },
      { key: 'ci_low', kind: 'number' },
      { key: 'ci_high', kind: 'number' },
      { key: 'note' },
    ],
    rows,
    notes: [
      'days are whole days (an event time); median interval by Brookmeyer & Crowley (as R print(survfit)); empty = not reached',
    ],
  };
}

function logRankText(survival: Table): string {
  const lr = survival.meta?.logrank as
    | { statistic: number | null; df: number | null; p: number | null; note: string | null; suppressed?: boolean }
    | undefined;
  if (lr?.suppressed)
    return 'Log-rank test across levels: not shown, because it is computed from counts suppressed for publication.';
  if (!lr || lr.statistic === null)
    return `Log-rank test across levels: not computed${lr?.note ? ` (${lr.note})` : ''}.`;
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
      { key: 'series' },
      { key: 'months_before', kind: 'int' },
      { key: 'months_after', kind: 'int' },
      { key: 'mean_before', kind: 'number', decimals: 2 },
      { key: 'mean_after', kind: 'number', decimals: 2 },
      { key: 'percent_change', kind: 'percent', decimals: 1 },
      { key: 'level_change', kind: 'number', decimals: 2 },
      { key: 'level_change_se', kind: 'number', decimals: 2 },
      { key: 'level_change_p', kind: 'pvalue' },
      { key: 'slope_change', kind: 'number', decimals: 3 },
      { key: 'slope_change_se', kind: 'number', decimals: 3 },
      { key: 'slope_change_p', kind: 'pvalue' },
    ],
    rows: launch.series.map((s) => ({
      series: s.series as string,
      months_before: s.periods_before as number,
      months_after: s.periods_after as number,
      mean_before: s.mean_before as number | null,
      mean_after: s.mean_after as number | null,
      percent_change: s.percent_change as number | null,
      level_change: coef(s.level_change, 'estimate'),
      level_change_se: coef(s.level_change, 'stdErr'),
      level_change_p: coef(s.level_change, 'p'),
      slope_change: coef(s.slope_change, 'estimate'),
      slope_change_se: coef(s.slope_change, 'stdErr'),
      slope_change_p: coef(s.slope_change, 'p'),
    })),
    notes: [
      'segmented regression (interrupted time series, plain OLS on complete months): a description, not a causal estimate; see the notes under the monthly table',
    ],
  };
}

/**
 * Build the report. `provenance` is the record `provenance()` gives for the
 * run (src/io/provenance.ts): shown as a short table at the end, and in full
 * as a JSON appendix when `view.appendix`. `name` titles the report (the
 * config's `name`, or --title); `view` says how dates and files are shown.
 */
export function buildReportDocument(
  ctx: AnalysisContext,
  result: LoadResult,
  options: ReportOptions,
  provenance: Record<string, unknown>,
  name?: string,
  view: ReportView = { locale: DEFAULT_LOCALE, timeZone: 'UTC', cwd: '', appendix: false },
): ReportDocument {
  const ds = ctx.dataset;
  const L = view.locale;
  const month = options.month ?? defaultMonth(ctx);
  // the launch: the report's --launch, else the config's launch: (for the trend, fidelity and compare alike)
  if (options.launch === undefined && ctx.config.launch !== undefined)
    options = { ...options, launch: formatDay(ctx.config.launch) };
  const specs = reportSpecs(options, month).filter((s) => {
    const applies = analysisNamed(s.kind).reportSection?.applies;
    return !applies || applies(ctx, s.options);
  });
  const [tiersSpec, fidelitySpec, prepostSpec, recidivismSpec, survivalSpec, trendSpec, ...others] = specs;

  const list = tierList(ctx, month);
  const asOf = showDay(list.asOf, L),
    previousAsOf = showDay(list.previousAsOf, L);
  const tiers = { ...tierSummaryTable(list), title: `Tier counts as of ${asOf} and the change since ${previousAsOf}` };
  // counts by level only: the names of the people due are on `ipvi tiers --due`, for the unit, never in the report
  const due = { ...dueTable(ctx, list), title: `Notifications due as of ${asOf}` };
  const below = typeof options.suppressBelow === 'number' ? options.suppressBelow : undefined;
  // the data section's counts of rows, findings and persons, `<N` under --suppress-below N
  const counts: CountView = { below, locale: L };
  const count = (n: number) => countText(n, counts).text;
  suppressTierCounts(tiers, due, below);
  // days as whole numbers (10, not 10.0): rounded for reading; the fidelity command shows one decimal
  const fidelityRun = runAnalysis(ctx, fidelitySpec);
  const fidelity = {
    ...fidelityRun,
    columns: fidelityRun.columns.map((c) => (c.key.endsWith('_days') ? { key: c.key, kind: 'int' as const } : c)),
  };
  const prepost = runAnalysis(ctx, prepostSpec);
  const recidivism = runAnalysis(ctx, recidivismSpec);
  const survival = runAnalysis(ctx, survivalSpec);
  const trend = runAnalysis(ctx, trendSpec);
  // when the tier counts hide their total, the persons with an incident (the same number when every one of them
  // has a level at the month end) would give it back, and with it a hidden level: suppressed with it
  const tierTotal = tiers.rows.find((r) => r.level === 'all')?.persons;
  const personsWithIncidents: Cell = tierTotal === SUPPRESSED ? SUPPRESSED : new Set(ds.incidents.person).size;
  const notificationsUsed = publishedNotificationsUsed(result, fidelity, below);
  const coverage = `${showDay(ds.coverage.start, L)} to ${showDay(ds.coverage.end, L)}`;
  const lr = logRankText(survival);
  const comparison = trendComparisonTable(trend);
  const otherTables = others.map((spec) => runAnalysis(ctx, spec));
  const compareTable = otherTables.find((_, i) => others[i].kind === 'compare');
  const summary = executiveSummary(
    {
      tiers,
      due,
      fidelity,
      prepost,
      recidivism,
      compare: compareTable,
      asOf,
      previousAsOf,
      followUpMonths: Number(options.followUpMonths ?? 12),
      overdueDays: OVERDUE_DAYS,
    },
    L,
  );
  const monthName = showMonth(list.asOf, L);
  const rulesLines = describeRules(ctx.config).map((line) => hidePaths(line, ctx, view));

  const sections: Section[] = [
    {
      id: 'summary',
      heading: 'Summary',
      blocks: [
        { type: 'summary', items: summary },
        {
          type: 'paragraph',
          text: `The data cover ${coverage}: ${count(ds.incidents.length)} incidents and ${countText(notificationsUsed, counts).text} notifications, ${countText(personsWithIncidents, counts).text} people with an incident. How the files were checked is under “The data and its checks”.`,
        },
      ],
    },
    {
      id: 'tiers',
      heading: `People at each level, ${monthName}`,
      blocks: [
        {
          type: 'paragraph',
          text: `People at each level as of ${asOf} (the month end${month === defaultMonth(ctx) ? ' of the last complete month of the data' : ''}) and ${previousAsOf}, as on the monthly tier list (\`ipvi tiers --month ${month}\`). Aggregates only.`,
        },
        { type: 'chart', chart: tierChart(tiers, asOf, previousAsOf) },
        { type: 'table', table: tiers },
        { type: 'table', table: due },
      ],
    },
    {
      id: 'fidelity',
      heading: 'Fidelity: are we keeping our promises?',
      blocks: [
        {
          type: 'paragraph',
          text: 'For each level, the people who reached it, how many were owed a notification, how many received one and how fast, and whether the victim was contacted first where the rules require it (`ipvi fidelity`, over the period named in the table title: the whole coverage, or from the launch on when the config gives one).',
        },
        { type: 'table', table: fidelity, notes: false },
        notesBlock({
          ...fidelity,
          notes: fidelity.notes.filter(
            (n) => !n.startsWith('rules:') && !n.startsWith('  ') && !n.startsWith('offense incident:'),
          ),
        }),
      ],
    },
    {
      id: 'prepost',
      heading: 'Offending before and after the first notification',
      blocks: [
        {
          type: 'paragraph',
          text: 'The Kingston table "Offending Pre and Post First Perpetrator Notification" for this data (`ipvi prepost`). Kingston, for reference: ±12 months 1.11 → 0.41, ±18 months 1.24 → 0.48, ±24 months 1.36 → 0.55 incidents per offender.',
        },
        { type: 'chart', chart: prePostChart(prepost) },
        { type: 'table', table: prepost },
      ],
    },
    {
      id: 'recidivism',
      heading: 'Recidivism by classification level',
      blocks: [
        {
          type: 'paragraph',
          text: `The Kingston table "Recidivism by Classification Level" for this data (\`ipvi recidivism\`, ${options.followUpMonths}-month follow-up), with 95% Wilson intervals, beside the figures published in the NNSC 2023 IPVI presentation.`,
        },
        { type: 'chart', chart: recidivismChart(recidivism) },
        { type: 'table', table: recidivism },
        { type: 'table', table: benchmarksTable() },
      ],
    },
    {
      id: 'survival',
      heading: 'Time to the first new incident (Kaplan–Meier)',
      blocks: [
        {
          type: 'paragraph',
          text: `Kaplan–Meier curves by level at the first notification (\`ipvi survival\`). ${lr}`,
        },
        { type: 'chart', chart: survivalChart(survival, lr) },
        { type: 'table', table: mediansTable(survival) },
        {
          type: 'table',
          table: survival,
          caption: 'Kaplan–Meier table (every event time)',
          collapsed: true,
          notes: false,
        },
        notesBlock(survival),
      ],
    },
    {
      id: 'trend',
      heading: 'Monthly incident trend',
      blocks: [
        {
          type: 'paragraph',
          text: `Distinct incidents per month over the coverage (\`ipvi trend\`)${options.launch ? `, with the launch on ${options.launch} marked, like the Kingston and High Point charts` : ''}.`,
        },
        { type: 'chart', chart: trendChart(trend, options.launch ?? null) },
        ...(comparison ? [{ type: 'table', table: comparison } as Block] : []),
        { type: 'table', table: trend, caption: 'Incidents per month', collapsed: true, notes: false },
        notesBlock(trend),
      ],
    },
    ...others.map((spec, i): Section => {
      const section = analysisNamed(spec.kind).reportSection!;
      const table = otherTables[i];
      return {
        id: spec.kind,
        heading: section.heading,
        blocks: [
          { type: 'paragraph', text: typeof section.text === 'string' ? section.text : section.text(table) },
          { type: 'table', table },
        ],
      };
    }),
    {
      id: 'data',
      heading: 'The data and its checks',
      blocks: [
        {
          type: 'paragraph',
          text:
            `Coverage ${coverage} (start ${sourceWords(ds.coverage.startSource)}, end ${sourceWords(ds.coverage.endSource)}). ` +
            `${count(ds.incidents.length)} incident rows and ${countText(notificationsUsed, counts).text} notifications were used; ${countText(personsWithIncidents, counts).text} people have an incident.`,
        },
        { type: 'list', items: findingsInWords(result, counts) },
        { type: 'table', table: filesTable(ctx, result, view, below, notificationsUsed) },
        { type: 'table', table: issueCounts(result, below), caption: 'Validation findings by code', collapsed: true },
      ],
    },
    {
      id: 'definitions',
      heading: 'Definitions and options',
      blocks: [
        {
          type: 'paragraph',
          text: 'Every number above follows docs/methods.md . The rules and options that produced this report:',
        },
        { type: 'list', items: rulesLines },
        {
          type: 'table',
          table: {
            title: 'Analyses and their options',
            columns: [{ key: 'analysis' }, { key: 'command' }, { key: 'options' }],
            rows: specs.map((s) => ({
              analysis: s.kind,
              command: s === tiersSpec ? `ipvi tiers --month ${month} (counts only)` : `ipvi ${s.kind}`,
              options: optionWords(analysisOptions(s)),
            })),
            notes: [],
          },
        },
      ],
    },
    {
      id: 'provenance',
      heading: 'Provenance',
      blocks: [
        { type: 'table', table: provenanceTable(ctx, provenance, view) },
        ...(view.appendix
          ? [
              {
                type: 'code',
                language: 'json',
                text: JSON.stringify(publishedProvenance(provenance, result, below, notificationsUsed), null, 2),
              } as Block,
            ]
          : []),
      ],
    },
  ];
  return {
    title: name ? name : 'IPVI evaluation report',
    subtitle: `${name ? 'IPVI evaluation report · ' : ''}${coverage} · made ${generatedAt(provenance, view)} by ipvi ${String(provenance.version ?? '')}`,
    sections,
    provenance,
  };
}

/** An analysis's options as `key value; key value` (unset options left out). */
function optionWords(options: Record<string, unknown>): string {
  const parts = Object.entries(options)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`);
  return parts.length ? parts.join('; ') : '(defaults)';
}

/** A rules line with the config's file names shown relative to where the command ran. */
function hidePaths(line: string, ctx: AnalysisContext, view: ReportView): string {
  let out = line;
  for (const p of [ctx.config.rulesSource, ctx.config.overridesFile, ctx.config.file])
    if (p?.includes('/')) out = out.split(p).join(showPath(p, view.cwd));
  return out;
}
