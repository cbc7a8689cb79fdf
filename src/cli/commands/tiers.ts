/**
 * ipvi tiers — the analyst's monthly tier list (DEFINITIONS §9).
 *
 * Usage: ipvi tiers --incidents F [--notifications F] --month yyyy-MM
 *          [--victims] [--config F] [--format table|csv|json|md] [-o FILE]
 *
 * One row per person with a level at the month's end, ordered A, B, C, D and
 * most recent incident first, with the previous month's level, the change,
 * whether a notification is due, and the parallel actions. --victims gives
 * the parallel victim-outreach list instead.
 */
import { Command } from 'commander';
import { buildTierList, tierTable, victimTable } from '../../classify/tier-list.js';
import { describeRules } from '../../classify/ruleset.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, monthOption, type DataOptions, type OutputOptions } from '../options.js';

interface TiersOptions extends DataOptions, OutputOptions {
  month: string;
  victims?: boolean;
}

export function tiersCommand(): Command {
  const cmd = new Command('tiers')
    .description('the monthly tier list: levels at month end, changes, notifications due, parallel actions')
    .requiredOption('--month <yyyy-MM>', 'the month; levels are as of its last day')
    .option('--victims', 'the parallel victim-outreach list (victim ids, linked person, level, action, safety check)');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi tiers --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --month 2023-06
  $ ipvi tiers --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06 --format csv -o tiers-2023-06.csv
  $ ipvi tiers --incidents export.csv --notifications notes.csv --month 2023-06 --victims --format csv -o outreach.csv`);
  cmd.action(async (opts: TiersOptions) => {
    const month = monthOption(opts.month, '--month');
    const a = await prepareAnalysis(opts);
    const list = buildTierList(a.dataset, a.index, a.ruleSet, month.last);
    const table = opts.victims
      ? victimTable(a.dataset, a.index, list, a.config.actions, a.config.victimContactFirst, a.labels.person, a.labels.victim)
      : tierTable(a.dataset, list, a.config.actions, a.labels.person);
    table.notes.push(...describeRules(a.config));
    writeTable(table, opts, a, opts.victims ? 'tiers --victims' : 'tiers', { month: opts.month });
  });
  return cmd;
}
