/**
 * ipvi prepost — offending before and after the first notification (the
 * Kingston table; docs/methods.md#prepost).
 *
 * Usage: ipvi prepost --incidents F --notifications F [--windows 12,18,24]
 *          [--offenses-only] [--exclude-index] [--suppress-below N]
 *          [--config F] [--coverage-start D] [--coverage-end D]
 *          [--format table|csv|json|md] [-o FILE]
 *
 * One row per window W: offenders whose whole ±W-month window is inside the
 * coverage, their incidents before (t0 − W to t0) and after (t0 to t0 + W),
 * the rates per offender, the change, the post/pre rate ratio with an exact
 * Poisson 95% interval, and a paired Wilcoxon signed-rank test.
 */
import { Command } from 'commander';
import { prePostTable } from '../../metrics/prepost.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, intList, type DataOptions, type OutputOptions, addSuppressOption, suppressBelowOption } from '../options.js';

interface PrePostCliOptions extends DataOptions, OutputOptions {
  windows?: string;
  offensesOnly?: boolean;
  excludeIndex?: boolean;
  suppressBelow?: string;
}

export function prepostCommand(): Command {
  const cmd = new Command('prepost')
    .description('offending before and after the first notification, per window (the Kingston pre/post table)')
    .option('--windows <months>', 'window lengths in months, comma-separated (one row each)', '12,18,24')
    .option('--offenses-only', 'count only offense incidents (an arrest or an offense code, or as configured) instead of every incident')
    .option('--exclude-index', 'leave out of the pre count the index incident (the latest incident on or before the first notification)');
  addSuppressOption(cmd);
  addDataOptions(cmd, { notifications: 'required' });
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi prepost --incidents fixtures/kingston/prepost/incidents.csv --notifications fixtures/kingston/prepost/notifications.csv --coverage-start 2015-01-01 --coverage-end 2020-12-31
  $ ipvi prepost --incidents export.csv --notifications notes.csv --windows 6,12 --exclude-index
  $ ipvi prepost --incidents export.csv --notifications notes.csv --offenses-only --suppress-below 5 --format md -o prepost.md`);
  cmd.action(async (opts: PrePostCliOptions) => {
    const windows = intList(opts.windows, '--windows', [12, 18, 24]);
    const suppressBelow = suppressBelowOption(opts.suppressBelow);
    const a = await prepareAnalysis(opts);
    const table = prePostTable(a.dataset, a.index, { windows, offensesOnly: Boolean(opts.offensesOnly), excludeIndex: Boolean(opts.excludeIndex), suppressBelow });
    if (opts.offensesOnly) table.notes.push(`offense incident: ${a.config.flags.offense}`);
    writeTable(table, opts, a, 'prepost', { windows, offenses_only: Boolean(opts.offensesOnly), exclude_index: Boolean(opts.excludeIndex), suppress_below: suppressBelow ?? null });
  });
  return cmd;
}
