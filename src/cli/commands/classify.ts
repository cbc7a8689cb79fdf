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
import { periodPastData } from '../../analyses/data-dates.js';
import { prepareAnalysis, warnPastData, writeTable } from '../analysis.js';
import { stderr } from '../terminal.js';
import { addDataOptions, addOutputOptions, optionalDay, type DataOptions, type OutputOptions } from '../options.js';

interface ClassifyOptions extends DataOptions, OutputOptions {
  asOf?: string;
}

/** What a terminal shows by default (--wide: everything). */
export const CLASSIFY_COMPACT = [
  'person_id',
  'level',
  'rule',
  'last_incident_date',
  'days_since_last_incident',
  'days_since_level_set',
  'last_notified_date',
  'reason',
];

export function classifyCommand(): Command {
  const cmd = new Command('classify')
    .description('assign every person who harms to level D, C, B or A as of a date, and say why')
    .option(
      '--as-of <date>',
      'classify as of this day, yyyy-MM-dd (incidents and notifications after it are not seen; default: the coverage end)',
    );
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ipvi classify --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --as-of 2023-06-30
  $ ipvi classify --incidents export.csv --config agency.yaml --as-of 2023-06-30 --format csv -o levels.csv
  $ ipvi classify --incidents export.csv --rules rules/points-example.yaml --as-of 2023-06-30 --format json

Without --as-of the coverage end is used (said on stderr).`,
  );
  cmd.action(async (opts: ClassifyOptions) => {
    const given = optionalDay(opts.asOf, '--as-of');
    const a = await prepareAnalysis(opts);
    const T = given ?? a.dataset.coverage.end;
    if (given === undefined) stderr.info(`--as-of not given: using ${formatDay(T)}, the coverage end`);
    const table = classificationTable(a.dataset, a.index, a.ruleSet, T, a.labels.person);
    table.notes.push(...describeRules(a.config));
    if (given !== undefined) warnPastData([periodPastData(a.dataset, `--as-of ${opts.asOf}`, T)], table);
    await writeTable(
      table,
      opts,
      a,
      'classify',
      { as_of: formatDay(T), ...(given === undefined ? { as_of_source: 'coverage end' } : {}) },
      { compact: CLASSIFY_COMPACT },
    );
  });
  return cmd;
}
