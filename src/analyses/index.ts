/**
 * The analysis registry: every analysis, once. A new analysis is one file
 * (a descriptor, see ./types.ts) plus one line in ANALYSES; `ipvi report`
 * and `ipvi batch` offer it from here with no further edit.
 *
 * Pure: the descriptors' `run` take the dataset, index, rule set and config;
 * no I/O, no clock.
 */
import { SUPPRESS_BELOW } from './common.js';
import { compare } from './compare.js';
import { fidelity } from './fidelity.js';
import { prepost } from './prepost.js';
import { recidivism } from './recidivism.js';
import { survival } from './survival.js';
import { tiers } from './tiers.js';
import { trend } from './trend.js';
import type { Table } from '../model.js';
import type { AnalysisContext, AnalysisDescriptor, AnalysisSpec, OptionDef } from './types.js';

export type { AnalysisContext, AnalysisDescriptor, AnalysisSpec, DataOptions, LoadedData, OptionDef } from './types.js';

/** Every analysis, in the order manifests, help and reports list them. */
export const ANALYSES: AnalysisDescriptor[] = [tiers, prepost, recidivism, survival, trend, fidelity, compare];

/** The names of the analyses (the `kind` of each). */
export const analysisKinds = (): string[] => ANALYSES.map((d) => d.kind);

export function analysisNamed(kind: string): AnalysisDescriptor {
  const d = ANALYSES.find((a) => a.kind === kind);
  if (!d) throw new RangeError(`'${kind}' is not an analysis (one of ${analysisKinds().join(', ')})`);
  return d;
}

/** An analysis's options in help order: its own, then --suppress-below when it takes it. */
export function optionsOf(d: AnalysisDescriptor): OptionDef[] {
  return d.suppressible ? [...d.options, SUPPRESS_BELOW] : d.options;
}

/** The spec for `d` with `values` (by option name) over its defaults; values for options it lacks are ignored. */
export function specFor(d: AnalysisDescriptor, values: Record<string, unknown> = {}): AnalysisSpec {
  const options: Record<string, unknown> = {};
  for (const o of optionsOf(d)) {
    const v = values[o.name] === undefined ? o.default : values[o.name];
    options[o.name] = Array.isArray(v) ? [...v] : v;
  }
  return { kind: d.kind, options };
}

/** Run one analysis: the Table the matching command would print (tiers: the aggregate summary of its list). */
export function runAnalysis(ctx: AnalysisContext, spec: AnalysisSpec): Table {
  return analysisNamed(spec.kind).run(ctx, spec.options);
}

/**
 * The options record of a spec, with the keys and values the matching
 * command writes under `provenance.options` (so a batch row and a command's
 * JSON name the same options the same way). Unset is null.
 */
export function analysisOptions(spec: AnalysisSpec): Record<string, unknown> {
  return Object.fromEntries(
    optionsOf(analysisNamed(spec.kind)).map((o) => [o.provenanceKey, spec.options[o.name] ?? null]),
  );
}

/** The columns that identify a row of an analysis's table (for the batch's `row_label`). */
export function keyColumns(kind: string): string[] {
  return analysisNamed(kind).keyColumns;
}
