/**
 * Run a batch: every data set × rule set × analysis of a manifest.
 *
 * Each data set's files are read once (one `loadDataset`), however many rule
 * sets and analyses use it. For each rule set the rules are compiled against
 * that one dataset; when the rule set defines offense/serious differently
 * (`flags:`), the derived flag bits are recomputed from the raw ones on a
 * copy of the flags column, exactly as reading the files with that rules file
 * would have set them. Every table comes from the same function the matching
 * command calls (its descriptor in src/analyses/), so the numbers agree.
 *
 * A data set that fails to read, a rule set that fails to compile, or an
 * analysis that throws is recorded with its message; the rest still run.
 */
import { buildPersonIndex } from '../classify/person-index.js';
import { compileRuleSet, resolveRuleSet, screenOverrides, withOverridePersons } from '../classify/ruleset.js';
import { compileFlagDeriver } from '../classify/flags.js';
import { loadConfig, type Config } from '../config/load.js';
import { errorLine } from '../errors.js';
import { RAW_FLAGS, type Dataset } from '../model.js';
import {
  analysisOptions,
  runAnalysis,
  type AnalysisContext,
  type AnalysisSpec,
  type DataOptions,
  type LoadedData,
} from '../analyses/index.js';
import { datasetProvenance, provenance } from '../io/provenance.js';
import { buildReportDocument, defaultMonth, reportProvenanceOptions, type ReportDocument } from '../report/document.js';
import type { DatasetEntry, Manifest, RuleSetEntry } from './manifest.js';
import { tableToLong, type LongRow } from './long-format.js';
import type { BatchProgress } from './progress.js';

export interface RunRecord {
  dataset: string;
  rule_set: string;
  analysis: string;
  options: Record<string, unknown>;
  status: 'ok' | 'failed';
  error: string | null;
  title: string | null;
  rows: number;
  notes: string[];
  /** the table's machine-readable extras (tests, intervals, benchmarks), as in the command's JSON */
  meta: Record<string, unknown> | null;
  /** hash of the config and rules file this run used */
  config_hash: string | null;
}

export interface DatasetRecord {
  name: string;
  status: 'ok' | 'failed';
  error: string | null;
  /** what provenance() records for the data set: inputs' SHA-256, config, coverage, row counts */
  provenance: Record<string, unknown> | null;
  /** the report document for this data set (written by the caller), when reports are on and a rule set compiled */
  report: ReportDocument | null;
  /** why the report could not be made, if it could not */
  report_error: string | null;
}

export interface BatchResult {
  datasets: DatasetRecord[];
  runs: RunRecord[];
  rows: LongRow[];
  ok: boolean;
}

export interface BatchIO {
  /** read one data set (default: the CLI's read path, quiet); injected by tests */
  load: (opts: DataOptions) => Promise<LoadedData>;
  progress?: BatchProgress;
  now?: Date;
  /** a warning while compiling a rule set (an override for a person with no incident) */
  warn?: (message: string) => void;
}

/**
 * A message for a failure, in the CLI's words (what, where, how to fix: src/errors.ts).
 * A RangeError here is an analysis option from the manifest that is out of range, so its message is enough.
 */
export function failureMessage(e: unknown): string {
  if (e instanceof RangeError) return e.message;
  return errorLine(e, 'the manifest, not the data');
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The dataset as it would have been read with `config`'s flag definitions:
 * the same object when they equal `base`'s, else a shallow copy whose
 * incident flags column has FLAG.offense/FLAG.serious recomputed from the raw
 * bits (the offense-code and victim presence as at ingest).
 */
export function withFlags(ds: Dataset, base: Config, config: Config): Dataset {
  if (
    norm(base.flags.offense) === norm(config.flags.offense) &&
    norm(base.flags.serious) === norm(config.flags.serious)
  )
    return ds;
  const derive = compileFlagDeriver(config.flags, config.rulesSource === 'config' ? config.file : config.rulesSource);
  const inc = ds.incidents;
  const codes = ds.strings.values;
  const flags = new Uint8Array(inc.length);
  for (let i = 0; i < inc.length; i++) {
    const bits = inc.flags[i] & RAW_FLAGS;
    flags[i] = bits | derive(bits, codes[inc.offense[i]] !== '', inc.victim[i] >= 0);
  }
  return { ...ds, incidents: { ...inc, flags } };
}

/** The DataOptions a data set is read with (what the equivalent command line would pass). */
export function datasetOptions(d: DatasetEntry): DataOptions {
  return {
    incidents: d.incidents,
    notifications: d.notifications,
    config: d.config,
    coverageStart: d.coverageStart,
    coverageEnd: d.coverageEnd,
    skipInvalid: d.skipInvalid,
  };
}

interface Compiled {
  ruleSet: RuleSetEntry;
  ctx?: Omit<AnalysisContext, 'index'>;
  error?: string;
}

/** Run every combination. Never throws for a failing data set, rule set or analysis. */
export async function runBatch(manifest: Manifest, io: BatchIO): Promise<BatchResult> {
  const datasets: DatasetRecord[] = [];
  const runs: RunRecord[] = [];
  const rows: LongRow[] = [];
  const perDataset = manifest.ruleSets.length * manifest.analyses.length;
  const record = (d: string, r: string, spec: AnalysisSpec, fields: Partial<RunRecord>) =>
    runs.push({
      dataset: d,
      rule_set: r,
      analysis: spec.kind,
      options: analysisOptions(spec),
      status: 'ok',
      error: null,
      title: null,
      rows: 0,
      notes: [],
      meta: null,
      config_hash: null,
      ...fields,
    });

  for (const d of manifest.datasets) {
    io.progress?.startDataset(d.name);
    let data: LoadedData;
    const opts = datasetOptions(d);
    try {
      data = await io.load(opts);
    } catch (e) {
      const error = failureMessage(e);
      datasets.push({ name: d.name, status: 'failed', error, provenance: null, report: null, report_error: null });
      for (const r of manifest.ruleSets)
        for (const spec of manifest.analyses)
          record(d.name, r.name, spec, { status: 'failed', error: `data set not read: ${error}` });
      io.progress?.tick(perDataset);
      io.progress?.finishDataset();
      continue;
    }

    // compile every rule set first: their overrides may name persons with no incident, and the index counts them
    const specs = manifest.ruleSets.map((r) => {
      try {
        const config = r.rules ? loadConfig(d.config, { rulesFile: r.rules }) : data.config;
        const flagged = withFlags(data.dataset, data.config, config);
        return {
          ruleSet: r,
          config,
          flagged,
          spec: screenOverrides(
            compileRuleSet(config),
            data.dataset,
            config.overridesFile,
            io.warn && ((m) => io.warn!(`${d.name}, rule set ${r.name}: ${m}`)),
          ),
        };
      } catch (e) {
        return { ruleSet: r, error: failureMessage(e) };
      }
    });
    const persons = withOverridePersons(data.dataset, ...specs.flatMap((s) => (s.spec ? [s.spec] : []))).persons;
    const compiled: Compiled[] = specs.map((s) => {
      if (!s.spec) return { ruleSet: s.ruleSet, error: s.error };
      const dataset = { ...s.flagged, persons };
      return { ruleSet: s.ruleSet, ctx: { dataset, config: s.config, ruleSet: resolveRuleSet(s.spec, dataset) } };
    });
    const index = buildPersonIndex({ ...data.dataset, persons });

    let report: ReportDocument | null = null;
    let reportError: string | null = null;
    for (const c of compiled) {
      for (const spec of manifest.analyses) {
        if (!c.ctx) {
          record(d.name, c.ruleSet.name, spec, { status: 'failed', error: `rule set not compiled: ${c.error}` });
        } else {
          try {
            const table = runAnalysis({ ...c.ctx, index }, spec);
            const options = analysisOptions(spec);
            rows.push(
              ...tableToLong(table, { dataset: d.name, rule_set: c.ruleSet.name, analysis: spec.kind, options }),
            );
            record(d.name, c.ruleSet.name, spec, {
              title: table.title ?? null,
              rows: table.rows.length,
              notes: table.notes,
              meta: table.meta ?? null,
              config_hash: c.ctx.config.hash,
            });
          } catch (e) {
            record(d.name, c.ruleSet.name, spec, {
              status: 'failed',
              error: failureMessage(e),
              config_hash: c.ctx.config.hash,
            });
          }
        }
        io.progress?.tick();
      }
      if (manifest.report && c.ctx && !report && !reportError) {
        const ctx = { ...c.ctx, index };
        const o = manifest.report;
        const month = o.month ?? defaultMonth(ctx);
        const reportOptions = { ...manifest.report, month };
        try {
          const prov = provenance(
            { config: c.ctx.config, dataset: ctx.dataset },
            'batch',
            reportProvenanceOptions(reportOptions, {
              manifest: manifest.file,
              dataset: d.name,
              rule_set: c.ruleSet.name,
              format: 'html',
            }),
            io.now,
          );
          report = buildReportDocument(ctx, data.result, reportOptions, prov, `${d.name} (rule set ${c.ruleSet.name})`);
        } catch (e) {
          reportError = failureMessage(e);
        }
      }
    }
    datasets.push({
      name: d.name,
      status: 'ok',
      error: null,
      provenance: datasetProvenance(data.dataset, data.config),
      report,
      report_error: manifest.report && !report && !reportError ? 'no rule set compiled' : reportError,
    });
    io.progress?.finishDataset();
  }
  return {
    datasets,
    runs,
    rows,
    ok: datasets.every((d) => d.status === 'ok' && d.report_error === null) && runs.every((r) => r.status === 'ok'),
  };
}
