/**
 * The default derived flags (docs/methods.md#flags) and their compiled form,
 * written out in plain code: the reader derives them without the rule
 * language; a config with other `flags:` expressions needs the compiler in
 * src/classify/flags.ts (passed to the reader as LoadOptions.compileFlags).
 */
import { FLAG } from '../model.js';

export const DEFAULT_FLAGS = {
  offense: 'arrest or has_offense',
  serious: 'weapon or strangulation or felony',
};

/** Returns FLAG.offense | FLAG.serious bits for an incident's raw flag bits. */
export type FlagDeriver = (bits: number, hasOffense: boolean, hasVictim: boolean) => number;
/** Compiles a config's `flags:` expressions (src/classify/flags.ts compileFlagDeriver). */
export type FlagCompiler = (flags: { offense: string; serious: string }, file?: string) => FlagDeriver;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The deriver of the default flags, or null when `flags` are not the defaults. */
export function defaultFlagDeriver(flags: { offense: string; serious: string }): FlagDeriver | null {
  if (norm(flags.offense) !== DEFAULT_FLAGS.offense || norm(flags.serious) !== DEFAULT_FLAGS.serious) return null;
  const seriousMask = FLAG.weapon | FLAG.strangulation | FLAG.felony;
  return (bits, hasOffense) =>
    ((bits & FLAG.arrest) !== 0 || hasOffense ? FLAG.offense : 0) | ((bits & seriousMask) !== 0 ? FLAG.serious : 0);
}
