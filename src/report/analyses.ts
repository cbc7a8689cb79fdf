/**
 * The analyses a report or a batch runs, each a call into the SAME pure
 * function the matching command calls (`ipvi tiers`, `prepost`, `recidivism`,
 * `survival`, `trend`, `fidelity`), with the same extra notes and the same
 * options record that command puts in its provenance. So a number in a
 * report or a batch result is the number the command prints.
 *
 * Pure: takes the dataset, index, rule set and config; no I/O, no clock.
 */
import { buildTierList, type TierList } from '../classify/tier-list.js';
import { describeRules } from '../classify/ruleset.js';
import type { RuleSet } from '../classify/classify.js';
import type { PersonIndex } from '../classify/person-index.js';
import type { Config } from '../config/load.js';
import { formatDay, parseIsoDay, parseMonth } from '../dates.js';
import { LEVELS, type Cell, type Dataset, type Day, type Table } from '../model.js';
import { fidelityTable } from '../metrics/fidelity.js';
import { prePostTable } from '../metrics/prepost.js';
import { recidivismTable, type Cohort } from '../metrics/recidivism.js';
import { survivalTable } from '../metrics/survival.js';
import { trendTable, type TrendFlag, type TrendInterval } from '../metrics/trend.js';

/** What every analysis needs: one data set read once, one compiled rule set. */
export interface AnalysisContext {
  dataset: Dataset;
  index: PersonIndex;
  ruleSet: RuleSet;
  config: Config;
}

export const ANALYSIS_KINDS = ['tiers', 'prepost', 'recidivism', 'survival', 'trend', 'fidelity'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

export type AnalysisSpec =
  | { kind: 'tiers'; month: string }
  | { kind: 'prepost'; windows: number[]; offensesOnly: boolean; excludeIndex: boolean; suppressBelow?: number }
  | { kind: 'recidivism'; followUpMonths: number; cohort: Cohort; suppressBelow?: number }
  | { kind: 'survival'; maxDays?: number; suppressBelow?: number }
  | { kind: 'trend'; interval: TrendInterval; launch?: string; by: TrendFlag[]; suppressBelow?: number }
  | { kind: 'fidelity'; month?: string; suppressBelow?: number };

/**
 * The options record of a spec, with the keys and values the matching
 * command writes under `provenance.options` (so a batch row and a command's
 * JSON name the same options the same way).
 */
export function analysisOptions(spec: AnalysisSpec): Record<string, unknown> {
  switch (spec.kind) {
    case 'tiers':
      return { month: spec.month };
    case 'prepost':
      return { windows: spec.windows, offenses_only: spec.offensesOnly, exclude_index: spec.excludeIndex, suppress_below: spec.suppressBelow ?? null };
    case 'recidivism':
      return { follow_up_months: spec.followUpMonths, cohort: spec.cohort, suppress_below: spec.suppressBelow ?? null };
    case 'survival':
      return { max_days: spec.maxDays ?? null, suppress_below: spec.suppressBelow ?? null };
    case 'trend':
      return { interval: spec.interval, launch: spec.launch ?? null, by: spec.by, suppress_below: spec.suppressBelow ?? null };
    case 'fidelity':
      return { month: spec.month ?? null, suppress_below: spec.suppressBelow ?? null };
  }
}

/** The columns that identify a row of each analysis's table (for the batch's `row_label`). */
export const KEY_COLUMNS: Record<AnalysisKind, string[]> = {
  tiers: ['level'],
  prepost: ['window_months'],
  recidivism: ['level'],
  survival: ['level', 'time'],
  trend: ['period'],
  fidelity: ['level'],
};

function month(text: string): { first: Day; last: Day } {
  const m = parseMonth(text);
  if (!m) throw new RangeError(`'${text}' is not a month (yyyy-MM)`);
  return m;
}
const monthFirst = (text: string): Day => month(text).first;
const monthLast = (text: string): Day => month(text).last;

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
    const on = list.rows.filter((r) => keep(r.level));
    const count = (pred: (r: (typeof on)[number]) => boolean) => on.filter(pred).length;
    rows.push({
      level,
      persons: on.length,
      previous,
      change: on.length - previous,
      new: count((r) => r.change === 'new'),
      escalated: count((r) => r.change === 'escalated'),
      unchanged: count((r) => r.change === 'unchanged'),
      lowered: count((r) => r.change === 'lowered'),
      notification_due: count((r) => r.notificationDue),
      enforcement_review: count((r) => r.enforcementReview),
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
      { key: 'level' }, { key: 'persons', kind: 'int' }, { key: 'previous', kind: 'int' }, { key: 'change', kind: 'int' },
      { key: 'new', kind: 'int' }, { key: 'escalated', kind: 'int' }, { key: 'unchanged', kind: 'int' }, { key: 'lowered', kind: 'int' },
      { key: 'notification_due', kind: 'int' }, { key: 'enforcement_review', kind: 'int' },
    ],
    rows,
    notes: [
      `persons = persons at the level as of ${formatDay(list.asOf)} (the month end); previous = persons at the level as of ${formatDay(list.previousAsOf)}; change = persons − previous (docs/methods.md#tier-list)`,
      'new: no level at the previous month end; escalated: a higher level than then; lowered: a lower one (only with a look-back window or a manual override)',
      'notification_due: level D, C or B with no notification at that level or higher as of the month end; A-level persons are flagged enforcement_review instead',
      ...(list.droppedByLookback ? [`${list.droppedByLookback} person(s) dropped off the list: their only incidents are outside the look-back window`] : []),
    ],
    meta: { as_of: formatDay(list.asOf), previous_as_of: formatDay(list.previousAsOf) },
  };
}

/** The tier list behind a `tiers` spec (what `ipvi tiers --month M` builds). */
export function tierList(ctx: AnalysisContext, month: string): TierList {
  return buildTierList(ctx.dataset, ctx.index, ctx.ruleSet, monthLast(month));
}

/** Run one analysis: the Table the matching command would print (tiers: the aggregate summary of its list). */
export function runAnalysis(ctx: AnalysisContext, spec: AnalysisSpec): Table {
  const { dataset: ds, index: idx, config } = ctx;
  switch (spec.kind) {
    case 'tiers': {
      const table = tierSummaryTable(tierList(ctx, spec.month));
      table.notes.push(...describeRules(config));
      return table;
    }
    case 'prepost': {
      const table = prePostTable(ds, idx, { windows: spec.windows, offensesOnly: spec.offensesOnly, excludeIndex: spec.excludeIndex, suppressBelow: spec.suppressBelow });
      if (spec.offensesOnly) table.notes.push(`offense incident: ${config.flags.offense}`);
      return table;
    }
    case 'recidivism':
      return recidivismTable(ds, idx, { followUpMonths: spec.followUpMonths, cohort: spec.cohort, suppressBelow: spec.suppressBelow });
    case 'survival':
      return survivalTable(ds, idx, { maxDays: spec.maxDays, suppressBelow: spec.suppressBelow });
    case 'trend': {
      const launch = spec.launch === undefined ? undefined : parseLaunch(spec.launch);
      const table = trendTable(ds, { interval: spec.interval, launch, by: spec.by, suppressBelow: spec.suppressBelow });
      if (spec.by.includes('offense') || spec.by.includes('serious')) table.notes.push(`offense incident: ${config.flags.offense}; serious incident: ${config.flags.serious}`);
      return table;
    }
    case 'fidelity': {
      const period = spec.month === undefined ? undefined : { first: monthFirst(spec.month), last: monthLast(spec.month), label: spec.month };
      const table = fidelityTable(ds, idx, ctx.ruleSet, { period, contactFirst: config.victimContactFirst, suppressBelow: spec.suppressBelow });
      table.notes.push(...describeRules(config));
      return table;
    }
  }
}

function parseLaunch(text: string): Day {
  const day = parseIsoDay(text);
  if (day === null) throw new RangeError(`launch '${text}' is not a date (yyyy-MM-dd)`);
  return day;
}
