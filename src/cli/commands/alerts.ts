/**
 * ipvi alerts — the daily swift-response list (High Point checks the jail
 * roster every morning).
 *
 * Every incident dated on or after the date whose suspect is already notified
 * or whose level rises because of it, with the level before and after, the
 * rule, and the action due. Exits 0 with an empty list when there is nothing.
 */
import { Command } from 'commander';
import { swiftAlerts } from '../../classify/timeline.js';
import { periodPastData, staleForAlerts } from '../../analyses/data-dates.js';
import { prepareAnalysis, warnPastData, writeTable } from '../analysis.js';
import { addDataOptions, addOutputOptions, requiredDay, type DataOptions, type OutputOptions } from '../options.js';

interface AlertsOptions extends DataOptions, OutputOptions {
  since: string;
}

export function alertsCommand(): Command {
  const cmd = new Command('alerts')
    .description('swift-response alerts: new incidents by notified persons or that raise a level')
    .requiredOption('--since <date>', 'incidents dated on or after this day, yyyy-MM-dd');
  addDataOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Examples:
  $ ipvi alerts --incidents fixtures/demo/incidents.csv --notifications fixtures/demo/notifications.csv --since 2023-12-01
  $ ipvi alerts --incidents today.csv --notifications notes.csv --config agency.yaml --since 2023-12-01 --format csv -o alerts.csv

A stale export is said, not shown as a quiet day: when the newest incident is
more than alerts.max_data_age_days (config, default 7) days before --since, a
warning on stderr and under the list names it and the coverage (exit 0).`,
  );
  cmd.action(async (opts: AlertsOptions) => {
    const since = requiredDay(opts.since, '--since');
    const a = await prepareAnalysis(opts);
    const table = swiftAlerts(
      a.dataset,
      a.index,
      a.ruleSet,
      since,
      a.config.actions,
      a.labels.person,
      a.labels.incident,
    );
    // a stale export gives an empty list that looks like a quiet day (docs/methods.md#dates-past-the-data)
    const stale = staleForAlerts(a.dataset, since, a.config.alertsMaxDataAgeDays);
    warnPastData([stale ?? periodPastData(a.dataset, `--since ${opts.since}`, since)], table);
    await writeTable(
      table,
      opts,
      a,
      'alerts',
      { since: opts.since },
      {
        compact: [
          'incident_date',
          'incident_id',
          'person_id',
          'level_before',
          'level_after',
          'notified_before',
          'action_due',
        ],
      },
    );
  });
  return cmd;
}
