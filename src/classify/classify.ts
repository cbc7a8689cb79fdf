/**
 * Tier classification as of a date T (docs/methods.md#classification): rules tried in order,
 * the first that holds wins; manual overrides pin a level from their date on.
 * A person with no incident in view has no level (unless an override pins one).
 */
import { ConfigError } from '../errors.js';
import { formatDay } from '../dates.js';
import { levelCode, levelName, type Dataset, type Day, type LevelCode } from '../model.js';
import type { RuleSpec } from '../config/schema.js';
import type { Override } from '../ingest/overrides.js';
import { compileExpression, ExpressionError, type CompiledExpr } from './expression.js';
import { DAY_FEATURES, FEATURE_CATALOG, FeatureComputer, type FeatureOptions } from './features.js';
import type { PersonIndex } from './person-index.js';

export interface CompiledRule {
  level: LevelCode;
  name: string;
  reason: string;
  expr: CompiledExpr;
}

export type { Override };

export interface RuleSet {
  rules: CompiledRule[];
  source: string;
  /** overrides per person index, sorted by day */
  overrides: Map<number, Override[]>;
  features: FeatureOptions;
}

/** Rule index meaning "pinned by a manual override". */
export const OVERRIDE_RULE = -2;
export const NO_RULE = -1;

export function compileRules(specs: RuleSpec[], source: string, file?: string): CompiledRule[] {
  return specs.map((spec, i) => {
    const name = spec.name ?? `rule ${i + 1} (level ${spec.level})`;
    try {
      return {
        level: levelCode(spec.level),
        name,
        reason: spec.reason ?? `rule for level ${spec.level}`,
        expr: compileExpression(spec.when, FEATURE_CATALOG),
      };
    } catch (e) {
      if (e instanceof ExpressionError) {
        throw new ConfigError(
          `rules[${i}] ${name}: ${e.reason} at character ${e.position + 1} of \`${spec.when}\``,
          file ?? source,
          undefined,
          undefined,
          'see docs/rules-language.md for the language and docs/config.md for the features',
        );
      }
      throw e;
    }
  });
}

export interface Classification {
  asOf: Day;
  /** LevelCode per person (0 = no level) */
  level: Uint8Array;
  /** index into RuleSet.rules of the rule that fired; NO_RULE or OVERRIDE_RULE */
  rule: Int16Array;
}

function activeOverride(list: Override[] | undefined, T: Day): Override | undefined {
  if (!list) return undefined;
  let found: Override | undefined;
  for (const o of list) if (o.day <= T) found = o;
  return found;
}

/** Evaluate one person, with `fc` already computed for (p, T). */
function decide(fc: FeatureComputer, rules: CompiledRule[], inView: number): number {
  if (inView === 0) return NO_RULE;
  for (let r = 0; r < rules.length; r++) if (rules[r].expr.test(fc)) return r;
  return NO_RULE;
}

/**
 * The rule that decides person p's level as of T, with `fc` as of (p, T) and `inView` incidents in
 * view: OVERRIDE_RULE under an active override, else the first rule that holds, else NO_RULE.
 */
export function ruleAt(set: RuleSet, p: number, T: Day, fc: FeatureComputer, inView: number): number {
  return ruleWith(set.overrides.get(p), set.rules, T, fc, inView);
}

/** `ruleAt` with the person's overrides (`set.overrides.get(p)`) already looked up. */
export function ruleWith(
  overrides: Override[] | undefined,
  rules: CompiledRule[],
  T: Day,
  fc: FeatureComputer,
  inView: number,
): number {
  if (overrides && activeOverride(overrides, T)) return OVERRIDE_RULE;
  return decide(fc, rules, inView);
}

/**
 * True when a rule set's levels change only on event days: no look-back, and no rule reads a
 * day-dependent feature (days since ...) or a catalog function (counted back from the as-of
 * date); the level as of any day is then the level as of the last event day up to it.
 */
export function levelsChangeOnlyOnEvents(set: RuleSet): boolean {
  return (
    !set.features.lookbackMonths &&
    set.rules.every((r) => r.expr.functions.length === 0 && r.expr.features.every((f) => !DAY_FEATURES.includes(f)))
  );
}

/** The level (0: none) that rule `r`, `ruleAt`'s answer for person p as of T, gives. */
export function levelOfRule(set: RuleSet, p: number, T: Day, r: number): number {
  if (r === OVERRIDE_RULE) return activeOverride(set.overrides.get(p), T)!.level;
  return r < 0 ? 0 : set.rules[r].level;
}

/** Classify every person as of T. */
export function classifyAll(ds: Dataset, idx: PersonIndex, set: RuleSet, T: Day): Classification {
  const n = idx.persons;
  const level = new Uint8Array(n);
  const rule = new Int16Array(n).fill(NO_RULE);
  const fc = new FeatureComputer(ds, idx, set.features);
  for (let p = 0; p < n; p++) {
    const ov = activeOverride(set.overrides.get(p), T);
    if (ov) {
      level[p] = ov.level;
      rule[p] = OVERRIDE_RULE;
      continue;
    }
    if (idx.incStart[p + 1] === idx.incStart[p]) continue;
    const r = decide(fc, set.rules, fc.compute(p, T));
    if (r >= 0) {
      level[p] = set.rules[r].level;
      rule[p] = r;
    }
  }
  return { asOf: T, level, rule };
}

/**
 * Person p's level as of T (0: none) — what `explainPerson(...).level` is,
 * without the reason text and the incident list (for callers that only
 * compare levels, day after day).
 */
export function levelOf(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  p: number,
  T: Day,
  fc = new FeatureComputer(ds, idx, set.features),
): number {
  const ov = activeOverride(set.overrides.get(p), T);
  if (ov) return ov.level;
  const r = decide(fc, set.rules, fc.compute(p, T));
  return r < 0 ? 0 : set.rules[r].level;
}

export interface PersonResult {
  person: number;
  level: LevelCode;
  ruleIndex: number;
  /** plain-words reason: the rule, its plain words and the values that made it hold */
  reason: string;
  /** features the fired rule referenced, with their values */
  used: Record<string, number>;
  /** incident rows in view (date order) */
  incidents: number[];
  override?: Override;
}

/** The reason text of a level pinned by override `ov`. */
function overrideReason(ov: Override): string {
  return ov.withheld
    ? `manual override to ${levelName(ov.level)} on ${formatDay(ov.day)} (reason withheld under --pseudonymize)`
    : `manual override to ${levelName(ov.level)} on ${formatDay(ov.day)} by ${ov.analyst || 'an analyst'}: ${ov.reason}`;
}

/** The reason text of rule `rule` holding, with `fc` computed for the person and day. */
function ruleReason(rule: CompiledRule, fc: FeatureComputer): string {
  return `${levelName(rule.level)}: ${rule.reason} — ${rule.expr.explain(fc)}`;
}

/**
 * The reason text of person p's level as of T, as `explainPerson` gives it, for a person with a
 * level whose rule `r` (classifyAll's `rule[p]`: a rule index or OVERRIDE_RULE) is known, with
 * `fc` already computed for (p, T): the rules are not tried again.
 */
export function reasonOfLevel(set: RuleSet, p: number, T: Day, r: number, fc: FeatureComputer): string {
  if (r === OVERRIDE_RULE) return overrideReason(activeOverride(set.overrides.get(p), T)!);
  return ruleReason(set.rules[r], fc);
}

/**
 * The reason texts of a long list (`reasonOfLevel`), each distinct text made and kept once; `id`
 * gives its place in `texts`. A rule that calls no catalog function explains itself with the
 * values of the features it names and nothing else (its source with each feature's value after
 * it), so its text is found by the rule and those values without being made again; a rule with a
 * catalog function, or an override, is explained and found by its text.
 */
export class ReasonTexts {
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  /** per rule: the catalog indices of the features it names, or null when it calls a function */
  private readonly named: (number[] | null)[];

  constructor(private readonly set: RuleSet) {
    this.named = set.rules.map((r) =>
      r.expr.functions.length
        ? null
        : r.expr.features.map((f) => FEATURE_CATALOG.features.findIndex((x) => x.name === f)),
    );
  }

  /** The place in `texts` of person p's reason as of T, for rule `r` (a rule index or OVERRIDE_RULE) with `fc` as of (p, T). */
  id(p: number, T: Day, r: number, fc: FeatureComputer): number {
    const named = r >= 0 ? this.named[r] : null;
    let key: string;
    let text: string | undefined;
    if (named) {
      key = String(r);
      for (let k = 0; k < named.length; k++) key += `,${fc.values[named[k]]}`;
    } else {
      text = reasonOfLevel(this.set, p, T, r, fc);
      key = `\n${text}`;
    }
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.texts.push(text ?? reasonOfLevel(this.set, p, T, r, fc)) - 1;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Classify one person as of T with the explanation. */
export function explainPerson(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  p: number,
  T: Day,
  fc = new FeatureComputer(ds, idx, set.features),
): PersonResult {
  const inView = fc.compute(p, T);
  const ov = activeOverride(set.overrides.get(p), T);
  const incidents = fc.incidentRows();
  if (ov) {
    return {
      person: p,
      level: ov.level,
      ruleIndex: OVERRIDE_RULE,
      incidents,
      used: {},
      override: ov,
      reason: overrideReason(ov),
    };
  }
  const r = decide(fc, set.rules, inView);
  if (r < 0)
    return {
      person: p,
      level: 0,
      ruleIndex: NO_RULE,
      incidents,
      used: {},
      reason: inView ? 'no rule holds' : 'no incident as of this date',
    };
  const rule = set.rules[r];
  const used: Record<string, number> = {};
  for (const f of rule.expr.features) used[f] = fc.values[FEATURE_CATALOG.features.findIndex((x) => x.name === f)];
  return {
    person: p,
    level: rule.level,
    ruleIndex: r,
    incidents,
    used,
    reason: ruleReason(rule, fc),
  };
}
