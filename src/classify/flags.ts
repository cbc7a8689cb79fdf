/**
 * Derived incident flags (docs/methods.md#flags): what counts as an offense incident
 * and as a serious incident, as rule-language expressions over one incident's
 * fields. Computed once at ingest into FLAG.offense / FLAG.serious bits.
 */
import { ConfigError } from '../errors.js';
import { FLAG } from '../model.js';
import { compileExpression, ExpressionError, type CompiledExpr, type ExprCatalog } from './expression.js';
import { DEFAULT_FLAGS } from '../config/load.js';

export const INCIDENT_FLAG_CATALOG: ExprCatalog = {
  features: [
    { name: 'arrest', description: 'an arrest was made (1/0)' },
    { name: 'injury', description: 'the victim was injured (1/0)' },
    { name: 'weapon', description: 'a weapon was involved (1/0)' },
    { name: 'strangulation', description: 'strangulation was reported (1/0)' },
    { name: 'felony', description: 'a felony charge (1/0)' },
    { name: 'has_offense', description: 'the offense/charge code is not empty (1/0)' },
    { name: 'has_victim', description: 'a victim id is recorded (1/0)' },
  ],
  functions: [],
};

const BITS = [FLAG.arrest, FLAG.injury, FLAG.weapon, FLAG.strangulation, FLAG.felony];

/** Returns FLAG.offense | FLAG.serious bits for an incident's raw flag bits. */
export type FlagDeriver = (bits: number, hasOffense: boolean, hasVictim: boolean) => number;

function compileFlag(source: string, key: string, file?: string): CompiledExpr {
  try {
    return compileExpression(source, INCIDENT_FLAG_CATALOG);
  } catch (e) {
    if (e instanceof ExpressionError) {
      throw new ConfigError(
        `flags.${key}: ${e.reason} (at character ${e.position + 1} of '${source}')`,
        file, undefined, undefined,
        `write it over: ${INCIDENT_FLAG_CATALOG.features.map((f) => f.name).join(', ')}`,
      );
    }
    throw e;
  }
}

export function compileFlagDeriver(flags: { offense: string; serious: string }, file?: string): FlagDeriver {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (norm(flags.offense) === DEFAULT_FLAGS.offense && norm(flags.serious) === DEFAULT_FLAGS.serious) {
    const seriousMask = FLAG.weapon | FLAG.strangulation | FLAG.felony;
    return (bits, hasOffense) =>
      ((bits & FLAG.arrest) !== 0 || hasOffense ? FLAG.offense : 0) | ((bits & seriousMask) !== 0 ? FLAG.serious : 0);
  }
  const offense = compileFlag(flags.offense, 'offense', file);
  const serious = compileFlag(flags.serious, 'serious', file);
  const values = new Float64Array(INCIDENT_FLAG_CATALOG.features.length);
  const env = { values, call: () => NaN };
  return (bits, hasOffense, hasVictim) => {
    for (let i = 0; i < BITS.length; i++) values[i] = bits & BITS[i] ? 1 : 0;
    values[5] = hasOffense ? 1 : 0;
    values[6] = hasVictim ? 1 : 0;
    return (offense.test(env) ? FLAG.offense : 0) | (serious.test(env) ? FLAG.serious : 0);
  };
}
