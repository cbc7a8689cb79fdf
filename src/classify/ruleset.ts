/** Resolve a Config into the compiled RuleSet the classifier runs, and the persons it runs over. */
import type { Config } from '../config/load.js';
import { readOverrides, type Override } from '../ingest/overrides.js';
import { overrideIdChecker } from '../ingest/override-ids.js';
import { shownPath } from '../io/shown-path.js';
import { StringPool, type Dataset } from '../model.js';
import { compileRules, type RuleSet } from './classify.js';

/** A config's rules compiled and its overrides read, by person id (not yet tied to a dataset). */
export interface RuleSetSpec extends Omit<RuleSet, 'overrides'> {
  overrides: Map<string, Override[]>;
}

/** Compile the config's rules, then read its overrides file (if any). */
export function compileRuleSet(config: Config): RuleSetSpec {
  return {
    rules: compileRules(config.rules, config.rulesSource, config.rulesSource === 'config' ? config.file : undefined),
    source: config.rulesSource,
    overrides: config.overridesFile ? readOverrides(config.overridesFile) : new Map(),
    features: { lookbackMonths: config.lookbackMonths },
  };
}

/**
 * The dataset with every person the overrides name: `ds` itself when all are
 * in it, else a copy whose person pool has the new ones appended (in order of
 * first appearance). `ds` is never changed.
 */
export function withOverridePersons(ds: Dataset, ...specs: RuleSetSpec[]): Dataset {
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    for (const id of spec.overrides.keys()) {
      if (ds.persons.get(id) === undefined && !seen.has(id)) {
        seen.add(id);
        missing.push(id);
      }
    }
  }
  if (missing.length === 0) return ds;
  return { ...ds, persons: StringPool.from([...ds.persons.values, ...missing]) };
}

/** The RuleSet over `ds`: overrides by person index. Every overridden person must be in `ds` (withOverridePersons). */
export function resolveRuleSet(spec: RuleSetSpec, ds: Dataset): RuleSet {
  const overrides = new Map<number, Override[]>();
  for (const [id, list] of spec.overrides) {
    const p = ds.persons.get(id);
    if (p === undefined)
      throw new Error(
        `an override names a person who is not in the dataset: classify withOverridePersons(dataset, spec)`,
      );
    overrides.set(p, list);
  }
  return { ...spec, overrides };
}

/** The RuleSet with every override's reason and analyst dropped (--pseudonymize: free text can name people). */
export function withOverrideTextWithheld(set: RuleSet): RuleSet {
  const overrides = new Map<number, Override[]>();
  for (const [p, list] of set.overrides)
    overrides.set(
      p,
      list.map((o) => ({ ...o, reason: '', analyst: '', withheld: true })),
    );
  return { ...set, overrides };
}

/**
 * The spec without the overrides whose person_id is a spreadsheet-damaged form
 * of an existing ID (src/ingest/override-ids.ts); `warn` receives a message
 * for every override naming a person with no incident (applied or not), so
 * such an override is never silent (docs/methods.md#overrides-for-unknown-ids).
 */
export function screenOverrides(
  spec: RuleSetSpec,
  ds: Dataset,
  file: string | undefined,
  warn: (message: string) => void = () => {},
): RuleSetSpec {
  if (spec.overrides.size === 0 || !file) return spec;
  const check = overrideIdChecker(ds, file);
  const overrides = new Map<string, Override[]>();
  for (const [id, list] of spec.overrides) {
    const c = check(id, Math.min(...list.map((o) => o.line)));
    if (c.warning) warn(c.warning);
    if (c.apply) overrides.set(id, list);
  }
  return { ...spec, overrides };
}

/**
 * What classification runs on: the config's rule set, and the dataset with
 * the persons its overrides name (a person may be pinned with no incident,
 * with a warning through `warn`). Build the PersonIndex from the returned dataset.
 */
export function prepareClassification(
  config: Config,
  ds: Dataset,
  warn?: (message: string) => void,
): { dataset: Dataset; ruleSet: RuleSet } {
  const spec = screenOverrides(compileRuleSet(config), ds, config.overridesFile, warn);
  const dataset = withOverridePersons(ds, spec);
  return { dataset, ruleSet: resolveRuleSet(spec, dataset) };
}

/** The rule set for a dataset that already holds every overridden person (else an Error: use prepareClassification). */
export function buildRuleSet(config: Config, ds: Dataset): RuleSet {
  return resolveRuleSet(compileRuleSet(config), ds);
}

/** Lines stating which rules produced a table (printed under it). */
export function describeRules(config: Config): string[] {
  const lines = [`rules: ${config.rulesSource}${config.hash ? ` (config hash ${config.hash})` : ''}`];
  for (const r of config.rules) lines.push(`  ${r.level} when ${r.when}`);
  lines.push(`offense incident: ${config.flags.offense}; serious incident: ${config.flags.serious}`);
  if (config.lookbackMonths)
    lines.push(`look-back: incidents within ${config.lookbackMonths} months of the as-of date`);
  if (config.overridesFile)
    lines.push(
      `manual overrides: ${config.overrides?.path ?? shownPath(config.overridesFile)}${config.overrides ? ` (sha256 ${config.overrides.sha256.slice(0, 16)})` : ''}`,
    );
  return lines;
}
