/**
 * What the reader adds after the parse: the coverage and the cross-file
 * warnings (cheap, and they depend on today's date and the coverage options,
 * so a snapshot does not hold them).
 */
import type { Config } from '../config/load.js';
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Coverage, type Dataset, type Day, type IncidentColumns } from '../model.js';
import type { LoadOptions, LoadResult, ParsedInputs } from './inputs.js';
import { IssueLog, shownValue } from './issues.js';
import { plausibilityChecks } from './plausibility.js';

/** Coverage and the cross-file warnings: cheap, and they depend on today's date and the coverage options. */
export function finishDataset(parsed: ParsedInputs, options: LoadOptions, cache: LoadResult['cache']): LoadResult {
  const { persons, victims, incidentIds, strings, incidents, notifications, files, counts, log, rejected } = parsed;
  const coverage = resolveCoverage(incidents, options, options.config);
  const dataset: Dataset = { persons, victims, incidentIds, strings, incidents, notifications, coverage, files, counts };
  crossChecks(dataset, log, options.today, options.config.victimContactFirst);
  plausibilityChecks(dataset, log, options.config.checks);
  return { dataset, log, rejected, cache };
}

function resolveCoverage(incidents: IncidentColumns, options: LoadOptions, config: Config): Coverage {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < incidents.length; i++) {
    const d = incidents.day[i];
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const start = options.coverageStart ?? config.coverage.start;
  const end = options.coverageEnd ?? config.coverage.end;
  return {
    start: start ?? (Number.isFinite(min) ? min : 0),
    end: end ?? (Number.isFinite(max) ? max : 0),
    startSource: options.coverageStart !== undefined ? 'option' : config.coverage.start !== undefined ? 'config' : 'data',
    endSource: options.coverageEnd !== undefined ? 'option' : config.coverage.end !== undefined ? 'config' : 'data',
  };
}

/** Warnings that need both files: docs/methods.md#data, #parallel-responses, `ipvi validate`'s list. */
function crossChecks(ds: Dataset, log: IssueLog, today: Day | undefined, contactFirst: readonly number[]): void {
  const { incidents: inc, notifications: not, coverage } = ds;
  const incFile = ds.files.incidents.path;
  const notPath = ds.files.notifications?.path ?? '';
  const firstDay = new Int32Array(ds.persons.size).fill(NO_DAY);
  const covered = coverage.startSource !== 'data' || coverage.endSource !== 'data';
  for (let i = 0; i < inc.length; i++) {
    const p = inc.person[i], d = inc.day[i];
    if (firstDay[p] === NO_DAY || d < firstDay[p]) firstDay[p] = d;
    if (today !== undefined && d > today) {
      log.add({ file: incFile, line: inc.line[i], column: 'incident_date', code: 'future_date', severity: 'warning', message: `incident dated ${formatDay(d)}, after today (${formatDay(today)})`, hint: 'check the date and its format (day and month swapped?)' });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({ file: incFile, line: inc.line[i], column: 'incident_date', code: 'outside_coverage', severity: 'warning', message: `incident dated ${formatDay(d)} is outside the coverage ${formatDay(coverage.start)} to ${formatDay(coverage.end)}`, hint: 'widen the coverage, or check the date' });
    }
  }
  for (let j = 0; j < not.length; j++) {
    const p = not.person[j], d = not.day[j], line = not.line[j];
    if (firstDay[p] === NO_DAY) {
      log.add({ file: notPath, line, column: 'person_id', code: 'unknown_person', severity: 'warning', message: `person ${shownValue(ds.persons.values[p])} has no incident in the incidents file`, hint: 'check the id matches the suspect_id in the DIR export (IDs are exact strings: 007 is not 7)' });
    } else if (d < firstDay[p]) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'notification_before_incident', severity: 'warning', message: `notified on ${formatDay(d)}, before the person's first incident (${formatDay(firstDay[p])})`, hint: 'check the dates, or whether earlier incidents are missing from the export' });
    }
    if (today !== undefined && d > today) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'future_date', severity: 'warning', message: `notification dated ${formatDay(d)}, after today (${formatDay(today)})`, hint: 'check the date and its format' });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({ file: notPath, line, column: 'notification_date', code: 'outside_coverage', severity: 'warning', message: `notification dated ${formatDay(d)} is outside the coverage`, hint: 'widen the coverage, or check the date' });
    }
    if (contactFirst.includes(not.level[j])) {
      const c = not.victimContactDay[j];
      if (c === NO_DAY || c > d) {
        log.add({
          file: notPath, line, column: 'victim_contact_date', code: 'victim_safety', severity: 'warning',
          message: c === NO_DAY
            ? `${levelName(not.level[j])}-level notification on ${formatDay(d)} with no victim contact recorded`
            : `${levelName(not.level[j])}-level notification on ${formatDay(d)} before the victim was contacted (${formatDay(c)})`,
          hint: `victim safety rule: reach the victim on or before a ${levelName(not.level[j])}-level notification (docs/methods.md#parallel-responses)`,
        });
      }
    }
  }
}
