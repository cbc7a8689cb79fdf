/**
 * ipvi survival — time to the first new incident after the first
 * notification, by level: Kaplan–Meier and the log-rank test (docs/methods.md#survival).
 *
 * Usage: ipvi survival --incidents F --notifications F [--max-days N]
 *          [--suppress-below N] [--config F] [--coverage-start D] [--coverage-end D]
 *          [--format table|csv|json|md] [-o FILE]
 *
 * One row per level and event time: number at risk, events, censored,
 * survival and its 95% interval (log transform). Under the table: the median
 * time per level with its interval, and the log-rank test across levels.
 */
import { Command } from 'commander';
import { survivalTable } from '../../metrics/survival.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, positiveInt, type DataOptions, type OutputOptions, addSuppressOption, suppressBelowOption } from '../options.js';

interface SurvivalCliOptions extends DataOptions, OutputOptions {
  maxDays?: string;
  suppressBelow?: string;
}

export function survivalCommand(): Command {
  const cmd = new Command('survival')
    .description('time to the first new incident after notification, by level (Kaplan–Meier, log-rank test)')
    .option('--max-days <n>', 'censor follow-up at this many days after the notification (default: the coverage end only)');
  addSuppressOption(cmd);
  addDataOptions(cmd, { notifications: 'required' });
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi survival --incidents fixtures/kingston/survival/incidents.csv --notifications fixtures/kingston/survival/notifications.csv --coverage-start 2019-01-01 --coverage-end 2020-12-31
  $ ipvi survival --incidents export.csv --notifications notes.csv --max-days 365
  $ ipvi survival --incidents export.csv --notifications notes.csv --format json -o survival.json`);
  cmd.action(async (opts: SurvivalCliOptions) => {
    const maxDays = opts.maxDays === undefined ? undefined : positiveInt(opts.maxDays, '--max-days', 1);
    const suppressBelow = suppressBelowOption(opts.suppressBelow);
    const a = await prepareAnalysis(opts);
    const table = survivalTable(a.dataset, a.index, { maxDays, suppressBelow });
    writeTable(table, opts, a, 'survival', { max_days: maxDays ?? null, suppress_below: suppressBelow ?? null });
  });
  return cmd;
}
