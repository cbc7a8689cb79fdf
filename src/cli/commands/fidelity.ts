/**
 * ipvi fidelity — is the program keeping its promises? Per level: how fast
 * people who reach a level are notified at it, who never is, and whether
 * B-level notifications followed victim contact (docs/methods.md#classification, #parallel-responses).
 *
 * Usage: ipvi fidelity --incidents F --notifications F [--month yyyy-MM]
 *          [--suppress-below N] [--config F] [--rules F]
 *          [--coverage-start D] [--coverage-end D] [--format table|csv|json|md] [-o FILE]
 *
 * One row per level (A, B, C, D): persons who reached it, those owed a
 * notification, notified, never notified, days from the incident that set
 * the level to the notification (median, 90th percentile), the share
 * notified within 7 and 30 days, and the share of notifications with the
 * victim contacted first. --month restricts to people whose level was set
 * in that month (and notifications delivered in it).
 */
import { Command } from 'commander';
import { describeRules } from '../../classify/ruleset.js';
import { fidelityTable } from '../../metrics/fidelity.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, monthOption, type DataOptions, type OutputOptions, addSuppressOption, suppressBelowOption } from '../options.js';

interface FidelityCliOptions extends DataOptions, OutputOptions {
  month?: string;
  suppressBelow?: string;
}

export function fidelityCommand(): Command {
  const cmd = new Command('fidelity')
    .description('keeping promises: days from reaching a level to the notification, never-notified people, victim contact first')
    .option('--month <yyyy-MM>', 'only people whose level was set in this month, and notifications delivered in it (default: the whole coverage)');
  addSuppressOption(cmd);
  addDataOptions(cmd, { notifications: 'required' });
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi fidelity --incidents fixtures/kingston/fidelity/incidents.csv --notifications fixtures/kingston/fidelity/notifications.csv --coverage-start 2023-01-01 --coverage-end 2023-06-30
  $ ipvi fidelity --incidents export.csv --notifications notes.csv --config agency.yaml --month 2023-06
  $ ipvi fidelity --incidents export.csv --notifications notes.csv --format md -o fidelity.md`);
  cmd.action(async (opts: FidelityCliOptions) => {
    const month = opts.month === undefined ? undefined : { ...monthOption(opts.month, '--month'), label: opts.month };
    const suppressBelow = suppressBelowOption(opts.suppressBelow);
    const a = await prepareAnalysis(opts);
    const table = fidelityTable(a.dataset, a.index, a.ruleSet, { period: month, contactFirst: a.config.victimContactFirst, suppressBelow });
    table.notes.push(...describeRules(a.config));
    writeTable(table, opts, a, 'fidelity', { month: opts.month ?? null, suppress_below: suppressBelow ?? null });
  });
  return cmd;
}
