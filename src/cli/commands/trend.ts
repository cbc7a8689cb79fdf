/**
 * ipvi trend — incident counts per month or year over the coverage, and the
 * before/after comparison around a program launch (the Kingston and High
 * Point charts; docs/methods.md#trend).
 *
 * Usage: ipvi trend --incidents F [--notifications F] [--interval month|year]
 *          [--launch yyyy-MM-dd] [--by arrest,injury,...] [--suppress-below N]
 *          [--config F] [--coverage-start D] [--coverage-end D]
 *          [--format table|csv|json|md] [-o FILE]
 *
 * One row per period with the count of distinct incidents (and of those with
 * each --by flag). With --launch: for each series the mean per period before
 * and after, the percent change and a segmented regression (level change and
 * slope change with standard errors and p-values), under the table.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { TREND_FLAGS, trendTable, type TrendFlag, type TrendInterval } from '../../metrics/trend.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, optionalDay, type DataOptions, type OutputOptions, addSuppressOption, suppressBelowOption } from '../options.js';

interface TrendCliOptions extends DataOptions, OutputOptions {
  interval: TrendInterval;
  launch?: string;
  by?: string;
  suppressBelow?: string;
}

function flagList(value: string | undefined): TrendFlag[] {
  if (value === undefined) return [];
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) {
    if (!(TREND_FLAGS as readonly string[]).includes(p)) {
      throw new UsageError(`--by '${p}' is not an incident flag`, `use one or more of ${TREND_FLAGS.join(', ')}, comma-separated`);
    }
  }
  return [...new Set(parts)] as TrendFlag[];
}

export function trendCommand(): Command {
  const cmd = new Command('trend')
    .description('incident counts per month or year, with a before/after comparison around a launch date')
    .addOption(new Option('--interval <interval>', 'period length').choices(['month', 'year']).default('month'))
    .option('--launch <date>', 'program launch, yyyy-MM-dd: adds means before/after, percent change and a segmented regression')
    .option('--by <flags>', `also count incidents with these flags, comma-separated: ${TREND_FLAGS.join(', ')}`);
  addSuppressOption(cmd);
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi trend --incidents fixtures/kingston/trend/incidents.csv --coverage-start 2019-01-15 --coverage-end 2021-06-20 --launch 2020-03-10 --by arrest
  $ ipvi trend --incidents export.csv --interval year --by arrest,injury
  $ ipvi trend --incidents export.csv --interval month --launch 2016-03-01 --format csv -o trend.csv`);
  cmd.action(async (opts: TrendCliOptions) => {
    const launch = optionalDay(opts.launch, '--launch');
    const by = flagList(opts.by);
    const suppressBelow = suppressBelowOption(opts.suppressBelow);
    const a = await prepareAnalysis(opts);
    const table = trendTable(a.dataset, { interval: opts.interval, launch, by, suppressBelow });
    if (by.includes('offense') || by.includes('serious')) table.notes.push(`offense incident: ${a.config.flags.offense}; serious incident: ${a.config.flags.serious}`);
    writeTable(table, opts, a, 'trend', { interval: opts.interval, launch: opts.launch ?? null, by, suppress_below: suppressBelow ?? null });
  });
  return cmd;
}
