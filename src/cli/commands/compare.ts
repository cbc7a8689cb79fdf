/**
 * ipvi compare — the notified cohort against a historical comparison cohort
 * (docs/methods.md#comparison-design).
 *
 * Usage: ipvi compare --incidents F --notifications F --launch D
 *          [--windows 12] [--follow-up 12] [--bootstrap 2000] [--seed 1]
 *          [--offenses-only] [--config F] [--coverage-start D] [--coverage-end D]
 *          [--format table|csv|json|md] [-o FILE]
 *
 * One row per window W: both cohorts' persons, pre and post counts and
 * post/pre rate ratios, the difference-in-differences ratio with a seeded
 * person-level cluster bootstrap interval; recidivism by level with the
 * treated − comparison difference (Newcombe interval), Kaplan–Meier by cohort
 * and a Cox hazard ratio stratified by level in the notes and the JSON.
 */
import { Command } from 'commander';
import { formatDay } from '../../dates.js';
import { UsageError } from '../../errors.js';
import { COMPARE_DEFAULTS, compareTable } from '../../metrics/compare.js';
import { DOMAIN, Rng } from '../../simulate/random.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import {
  addDataOptions,
  addOutputOptions,
  intList,
  optionalDay,
  positiveInt,
  seedOption,
  type DataOptions,
  type OutputOptions,
} from '../options.js';

interface CompareCliOptions extends DataOptions, OutputOptions {
  launch?: string;
  windows?: string;
  followUp?: string;
  bootstrap: string;
  seed: string;
  offensesOnly?: boolean;
}

export function compareCommand(): Command {
  const cmd = new Command('compare')
    .description(
      'did offending go down? the notified cohort against the people the same rules would have notified before the launch (difference-in-differences, recidivism, hazard ratio)',
    )
    .option(
      '--launch <date>',
      "program launch, yyyy-MM-dd (default: the config's launch:); the comparison cohort lies wholly before it",
    )
    .option(
      '--windows <months>',
      'pre/post window lengths in months, comma-separated (one row each)',
      String(COMPARE_DEFAULTS.windows.join(',')),
    )
    .option(
      '--follow-up <months>',
      'follow-up for recidivism, Kaplan–Meier and the hazard ratio, in months',
      String(COMPARE_DEFAULTS.followUpMonths),
    )
    .option(
      '--bootstrap <n>',
      'bootstrap replicates for the difference-in-differences interval (0: no interval)',
      String(COMPARE_DEFAULTS.bootstrap),
    )
    .option(
      '--seed <n>',
      'random seed of the bootstrap; the same seed gives the same interval',
      String(COMPARE_DEFAULTS.seed),
    )
    .option(
      '--offenses-only',
      'count only offense incidents (an arrest or an offense code, or as configured) instead of every incident',
    );
  addDataOptions(cmd, { notifications: 'required' });
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
The treated cohort: persons first notified from the launch on. The comparison
cohort: persons whose level the same tier rules raised to D, C or B before the
launch, at the day a notification would have come. did_ratio = (treated
post/pre) / (comparison post/pre); below 1 means offending fell more after
notification than it did, without notification, in the comparison cohort.
Design and assumptions: docs/methods.md#comparison-design.

Examples:
  $ ipvi simulate --persons 4000 --seed 7 --start 2016-01-01 --end 2023-12-31 --launch 2020-01-01 --effect 1 --out /tmp/no-effect
  $ ipvi compare --incidents /tmp/no-effect/incidents.csv --notifications /tmp/no-effect/notifications.csv --launch 2020-01-01
  $ ipvi compare --incidents export.csv --notifications notes.csv --config agency.yaml --windows 6,12 --format json -o compare.json`,
  );
  cmd.action(async (opts: CompareCliOptions) => {
    const windows = intList(opts.windows, '--windows', [...COMPARE_DEFAULTS.windows]);
    const followUpMonths = positiveInt(opts.followUp, '--follow-up', COMPARE_DEFAULTS.followUpMonths);
    const bootstrap =
      opts.bootstrap.trim() === '0' ? 0 : positiveInt(opts.bootstrap, '--bootstrap', COMPARE_DEFAULTS.bootstrap);
    const seed = seedOption(opts.seed, '--seed');
    const given = optionalDay(opts.launch, '--launch');
    const a = await prepareAnalysis(opts);
    const launch = given ?? a.config.launch;
    if (launch === undefined)
      throw new UsageError(
        'compare needs the program launch date',
        'give --launch yyyy-MM-dd, or launch: in the config',
      );
    const rng = new Rng(seed, DOMAIN.bootstrap, 0);
    const table = compareTable(a.dataset, a.index, a.ruleSet, {
      launch,
      windows,
      followUpMonths,
      bootstrap,
      random: () => rng.next(),
      offensesOnly: Boolean(opts.offensesOnly),
    });
    await writeTable(table, opts, a, 'compare', {
      launch: formatDay(launch),
      windows,
      follow_up_months: followUpMonths,
      bootstrap,
      seed,
      offenses_only: Boolean(opts.offensesOnly),
    });
  });
  return cmd;
}
