/**
 * The batch manifest (docs/commands/batch.md): data sets, rule sets and the
 * analyses with their options. Paths are relative to the manifest's folder.
 * An option written as a list where the command takes one value (a
 * follow-up, a month, a launch date…) expands into one run per value; every
 * combination of data set × rule set × expanded analysis is run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { noteInput } from '../io/output-guard.js';
import { dirname, resolve } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

import {
  ANALYSES,
  analysisKinds,
  analysisNamed,
  optionsOf,
  specFor,
  type AnalysisDescriptor,
  type AnalysisSpec,
  type OptionDef,
} from '../analyses/index.js';
import { isoDaySchema } from '../analyses/common.js';
import { reportManifestSchema, reportOptionDefs, type ReportOptions } from '../report/document.js';

const MAX_MANIFEST_BYTES = 1 << 20;

const name = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash or underscore (it names files and rows)');
const path = z.string().min(1, 'must not be empty');
const isoDay = isoDaySchema(z);
/** one value, or a list of values (one run each) */
const many = <T extends z.ZodTypeAny>(t: T) => z.union([t, z.array(t).min(1)]);

const DatasetSchema = z
  .object({
    name,
    incidents: path,
    notifications: path,
    config: path.optional(),
    coverage_start: isoDay.optional(),
    coverage_end: isoDay.optional(),
    skip_invalid: z.boolean().default(false),
  })
  .strict();

const RuleSetSchema = z
  .object({
    name,
    /** a rules file (like --rules); absent = each data set's own config rules */
    rules: path.optional(),
  })
  .strict();

/**
 * An analysis's options in a manifest, from its descriptor: each option by
 * its manifest key; a `many` option may be a list (one run per value); an
 * option with no default is null when absent (required ones must be given).
 */
function optionSchema(o: OptionDef): z.ZodTypeAny {
  if (o.many) {
    if (o.required) return many(o.schema(z));
    return o.default === undefined ? many(o.schema(z).nullable()).default(null) : many(o.schema(z)).default(o.default);
  }
  return o.default === undefined ? o.schema(z).optional() : o.schema(z).default(o.default);
}
const analysisSchema = (d: AnalysisDescriptor) =>
  z.object(Object.fromEntries(optionsOf(d).map((o) => [o.manifestKey, optionSchema(o)]))).strict();

const AnalysisEntrySchema = z.record(z.string(), z.unknown()).superRefine((v, ctx) => {
  const keys = Object.keys(v);
  if (keys.length !== 1 || !ANALYSES.some((d) => d.kind === keys[0])) {
    ctx.addIssue({
      code: 'custom',
      message: `an analysis is one of ${analysisKinds().join(', ')} with its options, e.g. "- recidivism: { follow_up: [12, 24] }"`,
    });
  }
});

/** Built per read, from the registry as it is then. */
const manifestSchema = () =>
  z
    .object({
      version: z.literal(1).default(1),
      name: z.string().optional(),
      datasets: z.array(DatasetSchema).min(1, 'list at least one data set'),
      rule_sets: z.array(RuleSetSchema).min(1).optional(),
      analyses: z.array(AnalysisEntrySchema).min(1, 'list at least one analysis'),
      report: z.union([reportManifestSchema(), z.literal(false)]).default({}),
    })
    .strict();

export interface DatasetEntry {
  name: string;
  incidents: string;
  notifications: string;
  config?: string;
  coverageStart?: string;
  coverageEnd?: string;
  skipInvalid: boolean;
}

export interface RuleSetEntry {
  name: string;
  /** absolute path of the rules file; undefined = the data set's own config rules */
  rules?: string;
}

/** The options of the report written per data set, by option name (as `ipvi report` takes them). */
export type ReportEntry = ReportOptions;

export interface Manifest {
  file: string;
  sha256: string;
  name?: string;
  datasets: DatasetEntry[];
  ruleSets: RuleSetEntry[];
  /** every analysis run, expanded */
  analyses: AnalysisSpec[];
  /** options of the report written per data set; null = no reports */
  report: ReportEntry | null;
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function product<T extends Record<string, unknown>>(fields: { [K in keyof T]: T[K][] }): T[] {
  let out: Partial<T>[] = [{}];
  for (const key of Object.keys(fields) as (keyof T)[]) {
    out = out.flatMap((o) => fields[key].map((v) => ({ ...o, [key]: v })));
  }
  return out as T[];
}

/** Expand one manifest analysis entry into its runs: one per combination of the values listed for `many` options. */
export function expandAnalysis(kind: string, raw: unknown, where: string): AnalysisSpec[] {
  const d = analysisNamed(kind);
  const parsed = analysisSchema(d).safeParse(raw ?? {});
  if (!parsed.success) throw zodConfigError(parsed.error, where, `analyses: ${kind}`);
  const o = parsed.data as Record<string, unknown>;
  const fields: Record<string, unknown[]> = {};
  for (const def of optionsOf(d)) {
    const v = o[def.manifestKey];
    fields[def.name] = (def.many ? list(v) : [v]).map((x) => (x === null ? undefined : x));
  }
  return product(fields).map((values) => specFor(d, values));
}

function zodConfigError(error: z.ZodError, file: string, prefix?: string): ConfigError {
  const first = error.issues[0];
  const key = [prefix, ...first.path.map(String)].filter(Boolean).join('.');
  return new ConfigError(
    `${key ? `${key}: ` : ''}${first.message}`,
    file,
    undefined,
    undefined,
    'see docs/commands/batch.md for the manifest form',
  );
}

/** A manifest's report: block, keyed by option name as `ipvi report` takes them. */
function reportEntry(block: Record<string, unknown>): ReportEntry {
  return Object.fromEntries(
    reportOptionDefs().flatMap((o) => (block[o.manifestKey] === undefined ? [] : [[o.name, block[o.manifestKey]]])),
  ) as ReportEntry;
}

/** Read and check a manifest. Throws ConfigError (exit 2) before anything runs. */
export function loadManifest(file: string): Manifest {
  const abs = resolve(file);
  noteInput(abs);
  let text: string;
  try {
    const st = statSync(abs);
    if (!st.isFile()) throw new ConfigError(`manifest ${file} is not a file`, file);
    if (st.size > MAX_MANIFEST_BYTES)
      throw new ConfigError(
        `manifest ${file} is ${st.size} bytes; a manifest is at most ${MAX_MANIFEST_BYTES} bytes`,
        file,
      );
    text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(
      `cannot read manifest ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      file,
      undefined,
      undefined,
      'check the path',
    );
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const pos = lc.linePos(doc.errors[0].pos[0]);
    throw new ConfigError(
      `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`,
      file,
      pos.line,
      pos.col,
      'fix the syntax at that position',
    );
  }
  if (doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED'))
    throw new ConfigError('YAML tags are not allowed in a manifest', file);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // an unresolved or runaway alias (found by the side-file fuzz: `*` followed by a NUL)
    throw new ConfigError(
      `cannot read manifest ${file}: ${(e as Error).message.split('\n')[0]}`,
      file,
      undefined,
      undefined,
      'fix the YAML aliases (&anchor / *alias)',
    );
  }
  const parsed = manifestSchema().safeParse(raw ?? {});
  if (!parsed.success) throw zodConfigError(parsed.error, file);
  const m = parsed.data;
  const dir = dirname(abs);
  const at = (p: string) => resolve(dir, p);

  const unique = (names: string[], what: string) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n))
        throw new ConfigError(
          `${what}: the name '${n}' is used twice`,
          file,
          undefined,
          undefined,
          'give each a different name',
        );
      seen.add(n);
    }
  };
  unique(
    m.datasets.map((d) => d.name),
    'datasets',
  );
  const ruleSets: RuleSetEntry[] = (m.rule_sets ?? [{ name: 'config' }]).map((r) => ({
    name: r.name,
    rules: r.rules === undefined ? undefined : at(r.rules),
  }));
  unique(
    ruleSets.map((r) => r.name),
    'rule_sets',
  );

  const analyses = m.analyses.flatMap((entry) => {
    const [kind, raw] = Object.entries(entry)[0] as [string, unknown];
    return expandAnalysis(kind, raw, file);
  });

  return {
    file: abs,
    sha256: createHash('sha256').update(text).digest('hex'),
    name: m.name,
    datasets: m.datasets.map((d) => ({
      name: d.name,
      incidents: at(d.incidents),
      notifications: at(d.notifications),
      config: d.config === undefined ? undefined : at(d.config),
      coverageStart: d.coverage_start,
      coverageEnd: d.coverage_end,
      skipInvalid: d.skip_invalid,
    })),
    ruleSets,
    analyses,
    report: m.report === false ? null : reportEntry(m.report as Record<string, unknown>),
  };
}
