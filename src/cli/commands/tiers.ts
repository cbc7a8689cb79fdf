/**
 * ipvi tiers — the analyst's monthly tier list (docs/methods.md#tier-list).
 *
 * One row per person with a level at the month's end, ordered A, B, C, D and
 * most recent incident first, with the previous month's level, the change,
 * whether a notification is due, and the parallel actions. --victims gives
 * the parallel victim-outreach list instead.
 */
import { Command } from 'commander';
import { TIERS_MONTH } from '../../analyses/tiers.js';
import { buildTierList, tierTable, victimTable } from '../../classify/tier-list.js';
import { describeRules } from '../../classify/ruleset.js';
import { commanderOption, prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, monthOption, positiveInt, type DataOptions, type OutputOptions } from '../options.js';
import { UsageError } from '../../errors.js';
import { levelCode, type Level } from '../../model.js';

interface TiersOptions extends DataOptions, OutputOptions {
  month: string;
  victims?: boolean;
  levels?: string;
  due?: boolean;
  limit?: string;
}

function parseLevels(value: string | undefined): Set<number> | null {
  if (value === undefined) return null;
  const out = new Set<number>();
  for (const part of value.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean)) {
    if (!['A', 'B', 'C', 'D'].includes(part)) throw new UsageError(`--levels: '${part}' is not a level`, 'list levels as A,B,C,D');
    out.add(levelCode(part as Level));
  }
  return out;
}

export function tiersCommand(): Command {
  const cmd = new Command('tiers')
    .description('the monthly tier list: levels at month end, changes, notifications due, parallel actions')
    .addOption(commanderOption(TIERS_MONTH))
    .option('--victims', 'the parallel victim-outreach list (victim ids, linked person, level, action, safety check)')
    .option('--levels <list>', 'only these levels, e.g. A,B')
    .option('--due', 'only persons due a notification or flagged for enforcement review')
    .option('--limit <n>', 'show only the first n rows (in list order); the summary still counts everyone');
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
    const levels = parseLevels(opts.levels);
    const limit = opts.limit === undefined ? undefined : positiveInt(opts.limit, '--limit', 1);
    const list = buildTierList(a.dataset, a.index, a.ruleSet, month.last);
    const all = list.rows.length;
    const kept = list.rows.filter((r) => (!levels || levels.has(r.level)) && (!opts.due || r.notificationDue || r.enforcementReview));
    const shown = limit === undefined ? kept : kept.slice(0, limit);
    const table = opts.victims
      ? victimTable(a.dataset, a.index, { ...list, rows: shown }, a.config.actions, a.config.victimContactFirst, a.labels.person, a.labels.victim)
      : tierTable(list, a.config.actions, a.labels.person, shown);
    if (shown.length < all) {
      const why = [levels && `levels ${opts.levels}`, opts.due && 'due or enforcement review', limit !== undefined && kept.length > limit && `the first ${limit}`].filter(Boolean).join(', ');
      table.notes.unshift(`showing ${shown.length} of ${all} persons on the list (${why})`);
    }
    table.notes.push(...describeRules(a.config));
    writeTable(table, opts, a, opts.victims ? 'tiers --victims' : 'tiers', { month: opts.month });
  });
  return cmd;
}
