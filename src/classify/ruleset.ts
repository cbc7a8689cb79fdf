/** Resolve a Config into the compiled RuleSet the classifier runs. */
import type { Config } from '../config/load.js';
import { shownPath } from '../io/shown-path.js';
import type { Dataset } from '../model.js';
import { readOverrides } from '../ingest/overrides.js';
import { compileRules, type RuleSet } from './classify.js';

/**
 * Compile the config's rules and read its overrides. Call before building the
 * PersonIndex: an override may name a person with no incident yet.
 */
export function buildRuleSet(config: Config, ds: Dataset): RuleSet {
  return {
    rules: compileRules(config.rules, config.rulesSource, config.rulesSource === 'config' ? config.file : undefined),
    source: config.rulesSource,
    overrides: config.overridesFile ? readOverrides(config.overridesFile, ds) : new Map(),
    features: { lookbackMonths: config.lookbackMonths },
  };
}

/** Lines stating which rules produced a table (printed under it). */
export function describeRules(config: Config): string[] {
  const lines = [`rules: ${config.rulesSource}${config.hash ? ` (config hash ${config.hash})` : ''}`];
  for (const r of config.rules) lines.push(`  ${r.level} when ${r.when}`);
  lines.push(`offense incident: ${config.flags.offense}; serious incident: ${config.flags.serious}`);
  if (config.lookbackMonths) lines.push(`look-back: incidents within ${config.lookbackMonths} months of the as-of date`);
  if (config.overridesFile) lines.push(`manual overrides: ${config.overrides?.path ?? shownPath(config.overridesFile)}${config.overrides ? ` (sha256 ${config.overrides.sha256.slice(0, 16)})` : ''}`);
  return lines;
}
