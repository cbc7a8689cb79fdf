/** `ipvi recidivism`: recidivism by classification level after notification (docs/methods.md#recidivism). */
import { z } from 'zod';
import { recidivismTable, type Cohort } from '../metrics/recidivism.js';
import { positiveNumber } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { positiveInt } from './values.js';

const COHORTS = ['first', 'level-entry'] as const;

export const recidivism: AnalysisDescriptor = {
  kind: 'recidivism',
  options: [
    {
      name: 'followUpMonths',
      flags: '--follow-up <months>',
      help: 'follow-up after the notification, in months',
      reportHelp: 'recidivism follow-up after the notification, in months',
      default: 12,
      parse: (raw, flag) => positiveInt(raw as string | undefined, flag, 12),
      provenanceKey: 'follow_up_months',
      manifestKey: 'follow_up',
      schema: positiveNumber,
      many: true,
      report: true,
    },
    {
      name: 'cohort',
      flags: '--cohort <cohort>',
      help: 'first: each person once, at the first notification; level-entry: once per level notified at',
      reportHelp: 'recidivism cohort: first or level-entry (as ipvi recidivism)',
      default: 'first',
      choices: COHORTS,
      parse: (raw) => raw as Cohort,
      provenanceKey: 'cohort',
      manifestKey: 'cohort',
      schema: z.enum(COHORTS),
      many: true,
      report: true,
    },
  ],
  suppressible: true,
  keyColumns: ['level'],
  run: (ctx, o) =>
    recidivismTable(ctx.dataset, ctx.index, {
      followUpMonths: o.followUpMonths as number,
      cohort: o.cohort as Cohort,
      suppressBelow: o.suppressBelow as number | undefined,
    }),
  command: {
    description:
      'recidivism by classification level after notification, with Wilson intervals and published benchmarks',
    notifications: 'required',
    help: `
Examples:
  $ ipvi recidivism --incidents fixtures/kingston/recidivism/incidents.csv --notifications fixtures/kingston/recidivism/notifications.csv --coverage-start 2019-01-01 --coverage-end 2021-12-31
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --follow-up 24 --cohort level-entry
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --suppress-below 5 --format json -o recidivism.json`,
  },
};
