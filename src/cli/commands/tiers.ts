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
import { allPositions, buildTierList, tierTable, victimTable, type TierPositions } from '../../classify/tier-list.js';
import { describeRules } from '../../classify/ruleset.js';
import { periodPastData } from '../../analyses/data-dates.js';
import { commanderOption, prepareAnalysis, warnPastData, writeTable } from '../analysis.js';
import {
  addDataOptions,
  addOutputOptions,
  monthOption,
  positiveInt,
  type DataOptions,
  type OutputOptions,
} from '../options.js';
import { UsageError } from '../../errors.js';
import { NO_DAY, levelCode, type Day, type Level } from '../../model.js';
import { defaultMonthNote, lastCompleteMonth } from '../../dates.js';
import { stderr } from '../terminal.js';

interface TiersOptions extends DataOptions, OutputOptions {
  month?: string;
  victims?: boolean;
  levels?: string;
  due?: boolean;
  recent?: string;
  limit?: string;
}

/**
 * What a terminal shows of the tier list and of the outreach list by default
 * (--wide: everything): the compact columns, then the further columns in this
 * priority order while they fit the terminal in full.
 */
export const TIERS_COMPACT = [
  'person_id',
  'level',
  'previous_level',
  'change',
  'action',
  'last_incident_date',
  'days_since_last_incident',
  'last_notified_date',
];
export const TIERS_MORE = [
  'days_since_level_set',
  'last_notified_level',
  'offenses',
  'incidents',
  'reason',
  'abuser_action',
  'victim_action',
];
export const VICTIMS_COMPACT = ['victim_id', 'person_id', 'level', 'last_incident_date', 'safety'];
export const VICTIMS_MORE = ['victim_action', 'note'];

function parseLevels(value: string | undefined): Set<number> | null {
  if (value === undefined) return null;
  const out = new Set<number>();
  for (const part of value
    .split(',')
    .map((x) => x.trim().toUpperCase())
    .filter(Boolean)) {
    if (!['A', 'B', 'C', 'D'].includes(part))
      throw new UsageError(`--levels: '${part}' is not a level`, 'list levels as A,B,C,D');
    out.add(levelCode(part as Level));
  }
  return out;
}

export function tiersCommand(): Command {
  const cmd = new Command('tiers')
    .description('the monthly tier list: levels at month end, changes, notifications due, parallel actions')
    .addOption(
      commanderOption({
        ...TIERS_MONTH,
        required: false,
        help: 'the month; levels are as of its last day (default: the last complete month of the data)',
      }),
    )
    .option('--victims', 'the parallel victim-outreach list (victim ids, linked person, level, action, safety check)')
    .option('--levels <list>', 'only these levels, e.g. A,B')
    .option('--due', 'only persons due a notification or flagged for enforcement review')
    .option(
      '--recent <days>',
      'only persons who reached their level at most this many days before the month end (with --due: the notifications still timely)',
    )
    .option('--limit <n>', 'show only the first n rows (in list order); the summary still counts everyone');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ipvi tiers --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --month 2023-06
  $ ipvi tiers --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06 --format csv -o tiers-2023-06.csv
  $ ipvi tiers --incidents export.csv --notifications notes.csv --month 2023-06 --victims --format csv -o outreach.csv
  $ ipvi tiers --incidents export.csv --notifications notes.csv --due --recent 30 --victims --format xlsx -o unit/tiers.xlsx

Without --month the last complete month of the data is used (said on stderr).
On a terminal the list shows person, level, previous level, change, action (notify / review),
last incident, days since and last notified, then, while they fit the width, days at level,
last notified level, offenses, incidents, reason, abuser and victim action; --wide shows all
of them, --columns picks.
--format xlsx writes the tier list (and with --victims the outreach list) plus a Notes sheet.`,
  );
  cmd.action(async (opts: TiersOptions) => {
    if (opts.month !== undefined) monthOption(opts.month, '--month');
    const levels = parseLevels(opts.levels);
    const limit = opts.limit === undefined ? undefined : positiveInt(opts.limit, '--limit', 1);
    const recent = opts.recent === undefined ? undefined : positiveInt(opts.recent, '--recent', 1);
    const a = await prepareAnalysis(opts);
    const monthText = opts.month ?? lastCompleteMonth(a.dataset.coverage.end);
    if (opts.month === undefined) stderr.info(defaultMonthNote(a.dataset.coverage.end));
    const month = monthOption(monthText, '--month');
    // a full list writes every reason: make them in the walk (with --limit, only the rows written make one)
    const list = buildTierList(a.dataset, a.index, a.ruleSet, month.last, {
      levelSince: true,
      reasons: limit === undefined,
    });
    const cols = list.cols;
    const all = cols.length;
    // the selection as positions in list order (undefined: the whole list)
    let kept: TierPositions | undefined;
    if (levels || opts.due || recent !== undefined) {
      const keep = new Int32Array(all);
      let m = 0;
      for (let k = 0; k < all; k++)
        if (
          (!levels || levels.has(cols.level[k])) &&
          (!opts.due || cols.notificationDue[k] || cols.enforcementReview[k]) &&
          (recent === undefined || (cols.levelSet[k] !== NO_DAY && list.asOf - cols.levelSet[k] <= recent))
        )
          keep[m++] = k;
      kept = keep.slice(0, m);
    }
    const keptCount = kept ? kept.length : all;
    const shown = limit === undefined ? kept : kept ? kept.subarray(0, limit) : allPositions(Math.min(limit, all));
    const shownCount = shown ? shown.length : all;
    const tiers = tierTable(list, a.config.actions, a.labels.person, shown);
    const table = opts.victims
      ? victimTable(
          a.dataset,
          a.index,
          list,
          a.config.actions,
          a.config.victimContactFirst,
          a.labels.person,
          a.labels.victim,
          kept,
          shown,
        )
      : tiers;
    const filters = [
      levels && `levels ${opts.levels}`,
      opts.due && 'due or enforcement review',
      recent !== undefined && `level reached within ${recent} days of the month end`,
    ]
      .filter(Boolean)
      .join(', ');
    const showing =
      limit !== undefined && keptCount > limit
        ? `showing ${shownCount} of ${keptCount} persons ${filters ? `selected (${filters})` : 'on the list'}, the first ${limit} in list order${filters ? `; ${all} persons on the list` : ''}`
        : shownCount < all
          ? `showing ${shownCount} of ${all} persons on the list (${filters})`
          : undefined;
    if (showing) for (const t of new Set([tiers, table])) t.notes.unshift(showing);
    table.notes.push(...describeRules(a.config));
    const past = periodPastData(a.dataset, `--month ${monthText}`, month.first, month.last);
    warnPastData([past], table);
    if (past && table !== tiers) tiers.notes.push(past);
    const options = {
      month: monthText,
      ...(opts.month === undefined ? { month_source: 'last complete month of the data' } : {}),
      ...(levels ? { levels: opts.levels } : {}),
      ...(opts.due ? { due: true } : {}),
      ...(recent !== undefined ? { recent_days: recent } : {}),
      ...(limit !== undefined ? { limit } : {}),
    };
    await writeTable(table, opts, a, opts.victims ? 'tiers --victims' : 'tiers', options, {
      compact: opts.victims ? VICTIMS_COMPACT : TIERS_COMPACT,
      more: opts.victims ? VICTIMS_MORE : TIERS_MORE,
      sheets: opts.victims
        ? [
            { name: 'tier list', table: tiers },
            { name: 'victim outreach', table },
          ]
        : [{ name: 'tier list', table }],
    });
  });
  return cmd;
}
