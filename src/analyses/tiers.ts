/**
 * The tier counts (`ipvi report`, `ipvi batch`): the aggregate summary of the
 * monthly tier list that `ipvi tiers --month M` builds (docs/methods.md#tier-list).
 * The `tiers` command itself prints the list; it reads its --month from here.
 */
import { buildTierList, tierCounts, type TierList } from '../classify/tier-list.js';
import { describeRules } from '../classify/ruleset.js';
import { formatDay } from '../dates.js';
import { LEVELS, type Cell, type Table } from '../model.js';
import { monthSchema } from './common.js';
import type { AnalysisContext, AnalysisDescriptor, OptionDef } from './types.js';
import { monthOption } from './values.js';

/** --month of `ipvi tiers` (required there; the report's default is the month of the coverage end). */
export const TIERS_MONTH: OptionDef = {
  name: 'month',
  flags: '--month <yyyy-MM>',
  help: 'the month; levels are as of its last day',
  required: true,
  parse: (raw, flag) => (monthOption(raw as string, flag), raw),
  provenanceKey: 'month',
  manifestKey: 'month',
  schema: monthSchema,
  many: true,
};

/**
 * Tier counts and their month-over-month change, from the tier list
 * (docs/methods.md#tier-list) that `ipvi tiers --month M` builds: one row per level
 * (A, B, C, D) and one for all, with the persons at the level as of M's last
 * day, as of the previous month's last day, the difference, and how the
 * persons now at the level got there (`new`, `escalated`, `unchanged`,
 * `lowered`), how many are due a notification and how many are flagged for
 * enforcement review. Aggregates only: no person is named.
 *
 * Edge cases: a level with nobody has zeros. Previous counts are everyone
 * with that level at the previous month end, including persons who have
 * dropped off the list since (a look-back).
 *
 * @example
 * tierSummaryTable(list).rows.at(-1);
 * // { level: 'all', persons: 1320, previous: 1301, change: 19, new: 17, escalated: 9, … }
 */
export function tierSummaryTable(list: TierList): Table {
  const rows: Record<string, Cell>[] = [];
  const previousCounts = [0, 0, 0, 0, 0];
  for (let p = 0; p < list.previous.level.length; p++) previousCounts[list.previous.level[p]]++;
  const summarise = (level: string, keep: (lv: number) => boolean, previous: number) => {
    const on = tierCounts(list.cols, keep);
    rows.push({
      level,
      persons: on.persons,
      previous,
      change: on.persons - previous,
      new: on.changes[0],
      escalated: on.changes[1],
      unchanged: on.changes[2],
      lowered: on.changes[3],
      notification_due: on.notificationDue,
      enforcement_review: on.enforcementReview,
    });
  };
  for (const l of [...LEVELS].reverse()) {
    const code = LEVELS.indexOf(l) + 1;
    summarise(l, (lv) => lv === code, previousCounts[code]);
  }
  summarise('all', () => true, previousCounts[1] + previousCounts[2] + previousCounts[3] + previousCounts[4]);
  return {
    title: `Tier counts as of ${formatDay(list.asOf)} and the change since ${formatDay(list.previousAsOf)}`,
    columns: [
      { key: 'level' },
      { key: 'persons', kind: 'int' },
      { key: 'previous', kind: 'int' },
      { key: 'change', kind: 'int' },
      { key: 'new', kind: 'int' },
      { key: 'escalated', kind: 'int' },
      { key: 'unchanged', kind: 'int' },
      { key: 'lowered', kind: 'int' },
      { key: 'notification_due', kind: 'int' },
      { key: 'enforcement_review', kind: 'int' },
    ],
    rows,
    notes: [
      `persons = persons at the level as of ${formatDay(list.asOf)} (the month end); previous = persons at the level as of ${formatDay(list.previousAsOf)}; change = persons − previous (docs/methods.md#tier-list)`,
      'new: no level at the previous month end; escalated: a higher level than then; lowered: a lower one (only with a look-back window or a manual override)',
      'notification_due: level D, C or B with no notification at that level or higher as of the month end; A-level persons are flagged enforcement_review instead',
      ...(list.droppedByLookback
        ? [
            `${list.droppedByLookback} person(s) dropped off the list: their only incidents are outside the look-back window`,
          ]
        : []),
    ],
    meta: { as_of: formatDay(list.asOf), previous_as_of: formatDay(list.previousAsOf) },
  };
}

/** The tier list as of the last day of `month` (what `ipvi tiers --month M` builds). */
export function tierList(ctx: AnalysisContext, month: string): TierList {
  return buildTierList(ctx.dataset, ctx.index, ctx.ruleSet, monthOption(month, '--month').last);
}

export const tiers: AnalysisDescriptor = {
  kind: 'tiers',
  options: [TIERS_MONTH],
  suppressible: false,
  keyColumns: ['level'],
  run: (ctx, o) => {
    const table = tierSummaryTable(tierList(ctx, o.month as string));
    table.notes.push(...describeRules(ctx.config));
    return table;
  },
};
