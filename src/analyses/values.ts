/**
 * Option values as the command line gives them (text), coerced and checked:
 * a bad value is a UsageError naming the option and the fix. Shared by the
 * analysis descriptors and every command.
 */
import { UsageError } from '../errors.js';
import { parseIsoDay, parseMonth } from '../dates.js';
import type { Day } from '../model.js';

export function optionalDay(value: string | undefined, option: string): Day | undefined {
  if (value === undefined) return undefined;
  const day = parseIsoDay(value);
  if (day === null)
    throw new UsageError(`${option} '${value}' is not a date`, 'write it as yyyy-MM-dd, e.g. 2023-12-31');
  return day;
}

export function requiredDay(value: string | undefined, option: string): Day {
  const day = optionalDay(value, option);
  if (day === undefined) throw new UsageError(`${option} is required`, 'write it as yyyy-MM-dd');
  return day;
}

export function monthOption(value: string, option: string): { first: Day; last: Day } {
  const m = parseMonth(value);
  if (!m) throw new UsageError(`${option} '${value}' is not a month`, 'write it as yyyy-MM, e.g. 2023-06');
  return m;
}

export function positiveInt(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} '${value}' must be a whole number of at least 1`);
  return n;
}

export function intList(value: string | undefined, option: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError(`${option} needs at least one number`);
  return parts.map((p) => positiveInt(p, option, 0));
}

/**
 * --suppress-below N (docs/methods.md#suppression): a whole number ≥ 1 (1 hides nothing). 2 is refused: zeros
 * are shown, so a cell reading `<2` could only be 1, and the table would look protected while hiding nothing.
 */
export function suppressBelowOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = positiveInt(value, '--suppress-below', 1);
  if (n === 2)
    throw new UsageError(
      `--suppress-below 2 ${SUPPRESS_BELOW_2}`,
      'use 3 or more (11 is a common publication threshold), or leave --suppress-below out',
    );
  return n;
}

/** Why N = 2 is refused, for the option and for a manifest's `suppress_below` alike. */
export const SUPPRESS_BELOW_2 = "would hide nothing: zeros are shown, so a cell reading '<2' could only be 1";

/** A random seed: a whole number of 0 or more. */
export function seedOption(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new UsageError(`${option} '${value}' must be a whole number of 0 or more`, `e.g. ${option} 42`);
  }
  return n;
}
