/** What the analysis descriptors share: --suppress-below, --launch and --offenses-only (defined once) and the manifest's value schemas. */
import { formatDay, parseIsoDay, parseMonth } from '../dates.js';
import type { OptionDef, Zod } from './types.js';
import { optionalDay, SUPPRESS_BELOW_2, suppressBelowOption } from './values.js';

/** A whole number of at least 1, as a manifest states it. */
export const positiveNumber = (z: Zod) => z.number().int('must be a whole number').positive('must be at least 1');

/** A calendar day, yyyy-MM-dd, as a manifest states it. */
export const isoDaySchema = (z: Zod) => z.string().refine((s) => parseIsoDay(s) !== null, 'must be a date, yyyy-MM-dd');
/** A month, yyyy-MM, as a manifest states it. */
export const monthSchema = (z: Zod) => z.string().refine((s) => parseMonth(s) !== null, 'must be a month, yyyy-MM');

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
  // 2 is refused here too, not only on the command line (docs/methods.md#suppression)
  schema: (z) => positiveNumber(z).refine((n) => n !== 2, `2 ${SUPPRESS_BELOW_2}; use 3 or more`),
  report: true,
};

/** --launch of an analysis that falls back on the config's `launch:` (fidelity, compare): the text yyyy-MM-dd, checked. */
export function launchOption(help: string, extra: Partial<OptionDef> = {}): OptionDef {
  return {
    name: 'launch',
    flags: '--launch <date>',
    help,
    parse: (raw, flag) => {
      const d = optionalDay(raw as string | undefined, flag);
      return d === undefined ? undefined : formatDay(d);
    },
    provenanceKey: 'launch',
    manifestKey: 'launch',
    schema: isoDaySchema,
    ...extra,
  };
}

/** --offenses-only: count only offense incidents (prepost, compare). */
export const OFFENSES_ONLY: OptionDef = {
  name: 'offensesOnly',
  flags: '--offenses-only',
  help: 'count only offense incidents (an arrest or an offense code, or as configured) instead of every incident',
  default: false,
  parse: (raw) => Boolean(raw),
  provenanceKey: 'offenses_only',
  manifestKey: 'offenses_only',
  schema: (z) => z.boolean(),
};
