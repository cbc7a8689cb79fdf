/** `ipvi prepost`: offending before and after the first notification (the Kingston table; docs/methods.md#prepost). */
import { prePostTable } from '../metrics/prepost.js';
import { OFFENSES_ONLY, positiveNumber } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { intList } from './values.js';

/** The pre/post window lengths, in months, when none are given. */
export const DEFAULT_WINDOWS: readonly number[] = [12, 18, 24];

export const prepost: AnalysisDescriptor = {
  kind: 'prepost',
  options: [
    {
      name: 'windows',
      flags: '--windows <months>',
      help: 'window lengths in months, comma-separated (one row each)',
      reportHelp: 'pre/post window lengths in months, comma-separated',
      default: DEFAULT_WINDOWS,
      parse: (raw, flag) => intList(raw as string | undefined, flag, [...DEFAULT_WINDOWS]),
      provenanceKey: 'windows',
      manifestKey: 'windows',
      schema: (z) => z.array(positiveNumber(z)).min(1),
      report: true,
    },
    OFFENSES_ONLY,
    {
      name: 'excludeIndex',
      flags: '--exclude-index',
      help: 'leave out of the pre count the index incident (the latest incident on or before the first notification)',
      default: false,
      parse: (raw) => Boolean(raw),
      provenanceKey: 'exclude_index',
      manifestKey: 'exclude_index',
      schema: (z) => z.boolean(),
    },
  ],
  suppressible: true,
  keyColumns: ['window_months'],
  run: (ctx, o) => {
    const offensesOnly = o.offensesOnly as boolean;
    const table = prePostTable(ctx.dataset, ctx.index, {
      windows: o.windows as number[],
      offensesOnly,
      excludeIndex: o.excludeIndex as boolean,
      suppressBelow: o.suppressBelow as number | undefined,
    });
    if (offensesOnly) table.notes.push(`offense incident: ${ctx.config.flags.offense}`);
    return table;
  },
  command: {
    description: 'offending before and after the first notification, per window (the Kingston pre/post table)',
    notifications: 'required',
    help: `
Examples:
  $ ipvi prepost --incidents fixtures/kingston/prepost/incidents.csv --notifications fixtures/kingston/prepost/notifications.csv --coverage-start 2015-01-01 --coverage-end 2020-12-31
  $ ipvi prepost --incidents export.csv --notifications notes.csv --windows 6,12 --exclude-index
  $ ipvi prepost --incidents export.csv --notifications notes.csv --offenses-only --suppress-below 5 --format md -o prepost.md`,
  },
};
