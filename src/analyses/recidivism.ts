/** `ipvi recidivism`: recidivism by classification level after notification (docs/methods.md#recidivism). */
import { UsageError } from '../errors.js';
import { ADJACENT_CONTRASTS, recidivismTable, type Cohort } from '../metrics/recidivism.js';
import { positiveNumber } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { positiveInt } from './values.js';

const COHORTS = ['first', 'level-entry'] as const;

/** `--contrast A,D` → ['A', 'D']: two different levels, first − second. */
function contrastOption(raw: string, flag: string): string {
  const parts = raw.split(',').map((p) => p.trim().toUpperCase());
  if (parts.length !== 2 || parts.some((p) => !['A', 'B', 'C', 'D'].includes(p)) || parts[0] === parts[1])
    throw new UsageError(
      `${flag} '${raw}' is not two different levels`,
      `give two of A, B, C, D, e.g. ${flag} A,D (the difference is first − second)`,
    );
  return parts.join(',');
}

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
      schema: (z) => z.enum(COHORTS),
      many: true,
      report: true,
    },
    {
      name: 'contrast',
      flags: '--contrast <levels>',
      help: 'the difference in recidivism between two levels, first − second, with its Newcombe interval, e.g. A,D (default: each level against the next: A,B  B,C  C,D)',
      parse: (raw, flag) => (raw === undefined ? undefined : contrastOption(String(raw), flag)),
      provenanceKey: 'contrast',
      manifestKey: 'contrast',
      schema: (z) => z.string().refine((v) => /^\s*[ABCD]\s*,\s*[ABCD]\s*$/i.test(v), 'must be two levels, e.g. "A,D"'),
      many: true,
    },
  ],
  suppressible: true,
  keyColumns: ['level'],
  run: (ctx, o) => {
    const contrast = o.contrast == null ? undefined : contrastOption(String(o.contrast), '--contrast');
    return recidivismTable(ctx.dataset, ctx.index, {
      followUpMonths: o.followUpMonths as number,
      cohort: o.cohort as Cohort,
      suppressBelow: o.suppressBelow as number | undefined,
      contrasts: contrast ? [contrast.split(',') as [string, string]] : ADJACENT_CONTRASTS,
    });
  },
  command: {
    description:
      'recidivism by classification level after notification, with Wilson intervals and published benchmarks',
    notifications: 'required',
    help: `
Examples:
  $ ipvi recidivism --incidents fixtures/kingston/recidivism/incidents.csv --notifications fixtures/kingston/recidivism/notifications.csv --coverage-start 2019-01-01 --coverage-end 2021-12-31
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --follow-up 24 --cohort level-entry
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --contrast A,D
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --suppress-below 5 --format json -o recidivism.json`,
  },
};
