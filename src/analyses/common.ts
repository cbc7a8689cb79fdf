/** What the analysis descriptors share: --suppress-below (defined once) and the manifest's value schemas. */
import { z } from 'zod';
import { parseIsoDay, parseMonth } from '../dates.js';
import type { OptionDef } from './types.js';
import { suppressBelowOption } from './values.js';

/** A whole number of at least 1, as a manifest states it. */
export const positiveNumber = z.number().int('must be a whole number').positive('must be at least 1');

/** A calendar day, yyyy-MM-dd, as a manifest states it. */
export const isoDaySchema = z.string().refine((s) => parseIsoDay(s) !== null, 'must be a date, yyyy-MM-dd');
/** A month, yyyy-MM, as a manifest states it. */
export const monthSchema = z.string().refine((s) => parseMonth(s) !== null, 'must be a month, yyyy-MM');

/** --suppress-below: every table meant for publication takes it. */
export const SUPPRESS_BELOW: OptionDef = {
  name: 'suppressBelow',
  flags: '--suppress-below <n>',
  help: 'for publication: show counts from 1 to n-1 as "<n", and hide what would reveal them (docs/methods.md#suppression)',
  reportHelp:
    'for publication: show counts from 1 to n-1 as "<n", and hide what would reveal them (docs/methods.md#suppression)',
  parse: (raw) => suppressBelowOption(raw as string | undefined),
  provenanceKey: 'suppress_below',
  manifestKey: 'suppress_below',
  schema: positiveNumber,
  report: true,
};
