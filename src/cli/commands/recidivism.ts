/**
 * ipvi recidivism — recidivism by classification level (the Kingston table;
 * docs/methods.md#recidivism).
 *
 * Usage: ipvi recidivism --incidents F --notifications F [--follow-up 12]
 *          [--cohort first|level-entry] [--suppress-below N] [--config F]
 *          [--coverage-start D] [--coverage-end D] [--format table|csv|json|md] [-o FILE]
 *
 * One row per level (A, B, C, D) and one for all: persons whose follow-up
 * fits in the coverage, how many had a new incident within it, the rate and
 * its Wilson 95% interval; a chi-square test across levels; and the
 * published benchmarks (Kingston, High Point, Olympia, Rhode Island) beside
 * it, never mixed in.
 */
import { Command, Option } from 'commander';
import { recidivismTable, type Cohort } from '../../metrics/recidivism.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, positiveInt, type DataOptions, type OutputOptions, addSuppressOption, suppressBelowOption } from '../options.js';

interface RecidivismCliOptions extends DataOptions, OutputOptions {
  followUp?: string;
  cohort: Cohort;
  suppressBelow?: string;
}

export function recidivismCommand(): Command {
  const cmd = new Command('recidivism')
    .description('recidivism by classification level after notification, with Wilson intervals and published benchmarks')
    .option('--follow-up <months>', 'follow-up after the notification, in months', '12')
    .addOption(new Option('--cohort <cohort>', 'first: each person once, at the first notification; level-entry: once per level notified at').choices(['first', 'level-entry']).default('first'));
  addSuppressOption(cmd);
  addDataOptions(cmd, { notifications: 'required' });
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi recidivism --incidents fixtures/kingston/recidivism/incidents.csv --notifications fixtures/kingston/recidivism/notifications.csv --coverage-start 2019-01-01 --coverage-end 2021-12-31
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --follow-up 24 --cohort level-entry
  $ ipvi recidivism --incidents export.csv --notifications notes.csv --suppress-below 5 --format json -o recidivism.json`);
  cmd.action(async (opts: RecidivismCliOptions) => {
    const followUpMonths = positiveInt(opts.followUp, '--follow-up', 12);
    const suppressBelow = suppressBelowOption(opts.suppressBelow);
    const a = await prepareAnalysis(opts);
    const table = recidivismTable(a.dataset, a.index, { followUpMonths, cohort: opts.cohort, suppressBelow });
    writeTable(table, opts, a, 'recidivism', { follow_up_months: followUpMonths, cohort: opts.cohort, suppress_below: suppressBelow ?? null });
  });
  return cmd;
}
