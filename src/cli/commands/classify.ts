/**
 * ipvi classify — every person's level as of a date, with the reason.
 *
 * One row per person with a level: person_id, level, reason, the features
 * the fired rule used, first and last incident dates, last notification.
 */
import { Command } from 'commander';
import { classificationTable } from '../../classify/classification-table.js';
import { describeRules } from '../../classify/ruleset.js';
import { formatDay } from '../../dates.js';
import { prepareAnalysis, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, requiredDay, type DataOptions, type OutputOptions } from '../options.js';

interface ClassifyOptions extends DataOptions, OutputOptions {
  asOf: string;
}

export function classifyCommand(): Command {
  const cmd = new Command('classify')
    .description('assign every person who harms to level D, C, B or A as of a date, and say why')
    .requiredOption('--as-of <date>', 'classify as of this day, yyyy-MM-dd (incidents and notifications after it are not seen)');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText('after', `
Examples:
  $ ipvi classify --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --as-of 2023-06-30
  $ ipvi classify --incidents export.csv --config agency.yaml --as-of 2023-06-30 --format csv -o levels.csv
  $ ipvi classify --incidents export.csv --rules rules/points-example.yaml --as-of 2023-06-30 --format json`);
  cmd.action(async (opts: ClassifyOptions) => {
    const T = requiredDay(opts.asOf, '--as-of');
    const a = await prepareAnalysis(opts);
    const table = classificationTable(a.dataset, a.index, a.ruleSet, T, a.labels.person);
    table.notes.push(...describeRules(a.config));
    writeTable(table, opts, a, 'classify', { as_of: formatDay(T) });
  });
  return cmd;
}
