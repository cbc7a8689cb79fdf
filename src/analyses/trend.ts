/** `ipvi trend`: incident counts per month or year, and the before/after comparison around a launch (docs/methods.md#trend). */
import { parseIsoDay } from '../dates.js';
import { UsageError } from '../errors.js';
import type { Day } from '../model.js';
import {
  TREND_FLAGS,
  TREND_MIN_PERIODS,
  TREND_MODELS,
  trendTable,
  type TrendFlag,
  type TrendInterval,
  type TrendModel,
} from '../metrics/trend.js';
import { isoDaySchema, positiveNumber } from './common.js';
import type { AnalysisDescriptor } from './types.js';
import { optionalDay, positiveInt } from './values.js';

const INTERVALS = ['month', 'year'] as const;

function flagList(value: string | undefined): TrendFlag[] {
  if (value === undefined) return [];
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts) {
    if (!(TREND_FLAGS as readonly string[]).includes(p)) {
      throw new UsageError(
        `--by '${p}' is not an incident flag`,
        `use one or more of ${TREND_FLAGS.join(', ')}, comma-separated`,
      );
    }
  }
  return [...new Set(parts)] as TrendFlag[];
}

function hacLagOption(raw: unknown, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`${flag} '${String(raw)}' must be a whole number of at least 0`);
  return n;
}

function parseLaunch(text: string): Day {
  const day = parseIsoDay(text);
  if (day === null) throw new RangeError(`launch '${text}' is not a date (yyyy-MM-dd)`);
  return day;
}

export const trend: AnalysisDescriptor = {
  kind: 'trend',
  options: [
    {
      name: 'interval',
      flags: '--interval <interval>',
      help: 'period length',
      default: 'month',
      choices: INTERVALS,
      parse: (raw) => raw as TrendInterval,
      provenanceKey: 'interval',
      manifestKey: 'interval',
      schema: (z) => z.enum(INTERVALS),
      many: true,
    },
    {
      name: 'launch',
      flags: '--launch <date>',
      help: 'program launch, yyyy-MM-dd: adds means before/after, percent change and a segmented regression',
      parse: (raw, flag) => (optionalDay(raw as string | undefined, flag), raw),
      provenanceKey: 'launch',
      manifestKey: 'launch',
      schema: isoDaySchema,
      many: true,
    },
    {
      name: 'by',
      flags: '--by <flags>',
      help: `also count incidents with these flags, comma-separated: ${TREND_FLAGS.join(', ')}`,
      default: [],
      parse: (raw) => flagList(raw as string | undefined),
      provenanceKey: 'by',
      manifestKey: 'by',
      schema: (z) => z.array(z.enum(TREND_FLAGS)),
    },
    {
      name: 'model',
      flags: '--model <model>',
      help: 'segmented regression with --launch: ols (linear, plain and Newey–West standard errors), poisson or negbin (log-linear count models, rate ratios)',
      default: 'ols',
      choices: TREND_MODELS,
      parse: (raw) => (raw ?? 'ols') as TrendModel,
      provenanceKey: 'model',
      manifestKey: 'model',
      schema: (z) => z.enum(TREND_MODELS),
      many: true,
    },
    {
      name: 'seasonal',
      flags: '--seasonal',
      help: 'with --launch and monthly periods: adjust the segmented regression for month of year',
      default: false,
      parse: (raw) => Boolean(raw),
      provenanceKey: 'seasonal',
      manifestKey: 'seasonal',
      schema: (z) => z.boolean(),
    },
    {
      name: 'hacLag',
      flags: '--hac-lag <n>',
      help: 'Newey–West lag (default ⌊4(n/100)^(2/9)⌋ for n periods in the regression)',
      parse: hacLagOption,
      provenanceKey: 'hac_lag',
      manifestKey: 'hac_lag',
      schema: (z) => z.number().int('must be a whole number').nonnegative('must be at least 0'),
    },
    {
      name: 'minPeriods',
      flags: '--min-periods <n>',
      help: 'warn when fewer complete periods than this on either side of the launch',
      default: TREND_MIN_PERIODS,
      parse: (raw, flag) =>
        typeof raw === 'number' ? raw : positiveInt(raw as string | undefined, flag, TREND_MIN_PERIODS),
      provenanceKey: 'min_periods',
      manifestKey: 'min_periods',
      schema: positiveNumber,
    },
  ],
  suppressible: true,
  keyColumns: ['period'],
  run: (ctx, o) => {
    const by = o.by as TrendFlag[];
    const launch = o.launch === undefined ? undefined : parseLaunch(o.launch as string);
    const interval = o.interval as TrendInterval;
    const seasonal = Boolean(o.seasonal);
    if (seasonal && interval !== 'month')
      throw new UsageError('--seasonal needs monthly periods', 'drop --seasonal or use --interval month');
    const table = trendTable(ctx.dataset, {
      interval,
      launch,
      by,
      suppressBelow: o.suppressBelow as number | undefined,
      model: (o.model as TrendModel | undefined) ?? 'ols',
      seasonal,
      hacLag: o.hacLag as number | undefined,
      minPeriods: (o.minPeriods as number | undefined) ?? TREND_MIN_PERIODS,
    });
    if (by.includes('offense') || by.includes('serious'))
      table.notes.push(`offense incident: ${ctx.config.flags.offense}; serious incident: ${ctx.config.flags.serious}`);
    return table;
  },
  command: {
    description: 'incident counts per month or year, with a before/after comparison around a launch date',
    notifications: 'optional',
    help: `
Examples:
  $ ipvi trend --incidents fixtures/kingston/trend/incidents.csv --coverage-start 2019-01-15 --coverage-end 2021-06-20 --launch 2020-03-10 --by arrest
  $ ipvi trend --incidents export.csv --interval year --by arrest,injury
  $ ipvi trend --incidents export.csv --interval month --launch 2016-03-01 --format csv -o trend.csv
  $ ipvi trend --incidents export.csv --launch 2016-03-01 --model negbin --seasonal`,
  },
};
