/**
 * Derived incident flags (docs/methods.md#flags): what counts as an offense incident
 * and as a serious incident, as rule-language expressions over one incident's
 * fields. Computed once at ingest into FLAG.offense / FLAG.serious bits.
 */
import { ConfigError } from '../errors.js';
import { BOOLEAN_FIELDS, fieldNamed } from '../fields.js';
import { FLAG } from '../model.js';
import { compileExpression, ExpressionError, type CompiledExpr, type ExprCatalog } from './expression.js';
import { defaultFlagDeriver, type FlagDeriver } from '../config/default-flags.js';

/** Where has_offense and has_victim sit in the expression values, after the boolean fields. */
const HAS_OFFENSE = BOOLEAN_FIELDS.length;
const HAS_VICTIM = BOOLEAN_FIELDS.length + 1;

/** The features of a `flags:` expression: every boolean input field (src/fields.ts), then has_offense and has_victim. */
export const INCIDENT_FLAG_CATALOG: ExprCatalog = {
  features: [
    ...BOOLEAN_FIELDS.map((name) => ({ name, description: `${fieldNamed(name)!.help} (1/0)` })),
    { name: 'has_offense', description: 'the offense/charge code is not empty (1/0)' },
    { name: 'has_victim', description: 'a victim id is recorded (1/0)' },
  ],
  functions: [],
};

const BITS = BOOLEAN_FIELDS.map((f) => FLAG[f]);

export type { FlagDeriver };

function compileFlag(source: string, key: string, file?: string): CompiledExpr {
  try {
    return compileExpression(source, INCIDENT_FLAG_CATALOG);
  } catch (e) {
    if (e instanceof ExpressionError) {
      throw new ConfigError(
        `flags.${key}: ${e.reason} (at character ${e.position + 1} of '${source}')`,
        file,
        undefined,
        undefined,
        `write it over: ${INCIDENT_FLAG_CATALOG.features.map((f) => f.name).join(', ')}`,
      );
    }
    throw e;
  }
}

export function compileFlagDeriver(flags: { offense: string; serious: string }, file?: string): FlagDeriver {
  const fast = defaultFlagDeriver(flags);
  if (fast) return fast;
  const offense = compileFlag(flags.offense, 'offense', file);
  const serious = compileFlag(flags.serious, 'serious', file);
  const values = new Float64Array(INCIDENT_FLAG_CATALOG.features.length);
  const env = { values, call: () => NaN };
  return (bits, hasOffense, hasVictim) => {
    for (let i = 0; i < BITS.length; i++) values[i] = bits & BITS[i] ? 1 : 0;
    values[HAS_OFFENSE] = hasOffense ? 1 : 0;
    values[HAS_VICTIM] = hasVictim ? 1 : 0;
    return (offense.test(env) ? FLAG.offense : 0) | (serious.test(env) ? FLAG.serious : 0);
  };
}
