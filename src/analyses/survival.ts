/** `ipvi survival`: time to the first new incident after notification, by level (docs/methods.md#survival). */
import { survivalTable } from '../metrics/survival.js';
import { positiveNumber } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { intList, positiveInt } from './values.js';

export const survival: AnalysisDescriptor = {
  kind: 'survival',
  options: [
    {
      name: 'maxDays',
      flags: '--max-days <n>',
      help: 'censor follow-up at this many days after the notification (default: the coverage end only)',
      reportHelp: 'survival: censor follow-up at this many days after the notification',
      parse: (raw, flag) => (raw === undefined ? undefined : positiveInt(raw as string, flag, 1)),
      provenanceKey: 'max_days',
      manifestKey: 'max_days',
      schema: positiveNumber,
      many: true,
      report: true,
    },
    {
      name: 'at',
      flags: '--at <days>',
      help: 'also give survival with its 95% interval at these days after the notification, comma-separated (e.g. 180,365,730)',
      parse: (raw, flag) =>
        raw === undefined ? undefined : Array.isArray(raw) ? raw : intList(raw as string, flag, []),
      provenanceKey: 'at',
      manifestKey: 'at',
      schema: (z) => z.array(positiveNumber(z)).min(1),
    },
  ],
  suppressible: true,
  keyColumns: ['level', 'time'],
  run: (ctx, o) =>
    survivalTable(ctx.dataset, ctx.index, {
      maxDays: o.maxDays as number | undefined,
      suppressBelow: o.suppressBelow as number | undefined,
      at: o.at as number[] | undefined,
    }),
  command: {
    description: 'time to the first new incident after notification, by level (Kaplan–Meier, log-rank test)',
    notifications: 'required',
    help: `
Examples:
  $ ipvi survival --incidents fixtures/kingston/survival/incidents.csv --notifications fixtures/kingston/survival/notifications.csv --coverage-start 2019-01-01 --coverage-end 2020-12-31
  $ ipvi survival --incidents export.csv --notifications notes.csv --max-days 365
  $ ipvi survival --incidents export.csv --notifications notes.csv --at 180,365,730
  $ ipvi survival --incidents export.csv --notifications notes.csv --format json -o survival.json`,
  },
};
