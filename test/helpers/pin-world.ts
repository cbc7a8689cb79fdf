/**
 * A small classification world for the pin tests of src/classify: the in-memory
 * Dataset (dataset.ts) with the persons its overrides name added, its
 * PersonIndex and the RuleSet over it, made through ruleset.ts's own path
 * (withOverridePersons, resolveRuleSet). Call it inside `it` or `beforeEach`,
 * so that Stryker sees the code it runs (docs/testing.md).
 */
import { compileRules, type RuleSet } from '../../src/classify/classify.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { resolveRuleSet, withOverridePersons, type RuleSetSpec } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import type { RuleSpec } from '../../src/config/schema.js';
import { parseIsoDay } from '../../src/dates.js';
import type { Dataset } from '../../src/model.js';
import type { Override } from '../../src/ingest/overrides.js';
import { buildDataset } from './dataset.js';
import type { IncidentRec, NotificationRec } from './records.js';

/** The default rules (rules/ipvi-default.yaml), as the config has them. */
export const DEFAULT_RULES: RuleSpec[] = loadConfig().rules;

/** An override to `level` (1 = D … 4 = A) from `date` (yyyy-MM-dd). */
export function overrideAt(level: 1 | 2 | 3 | 4, date: string, reason: string, analyst = 'jdoe', line = 2): Override {
  return { level, reason, day: parseIsoDay(date)!, analyst, line };
}

export interface WorldOptions {
  rules?: RuleSpec[];
  lookbackMonths?: number;
}

/** A rule set spec: the rules compiled (default rules unless given), overrides by person id. */
export function ruleSetSpec(overrides: [string, Override[]][] = [], options: WorldOptions = {}): RuleSetSpec {
  return {
    rules: compileRules(options.rules ?? DEFAULT_RULES, 'test'),
    source: 'test',
    overrides: new Map(overrides),
    features: { lookbackMonths: options.lookbackMonths },
  };
}

export interface World {
  ds: Dataset;
  idx: PersonIndex;
  set: RuleSet;
  /** a person's index by id */
  p: (id: string) => number;
}

export function pinWorld(
  incidents: IncidentRec[],
  notifications: NotificationRec[] = [],
  overrides: [string, Override[]][] = [],
  options: WorldOptions = {},
): World {
  const spec = ruleSetSpec(overrides, options);
  const ds = withOverridePersons(buildDataset(incidents, notifications), spec);
  return { ds, idx: buildPersonIndex(ds), set: resolveRuleSet(spec, ds), p: (id) => ds.persons.get(id)! };
}
