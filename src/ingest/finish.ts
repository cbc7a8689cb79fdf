/**
 * What the reader adds after the parse: the coverage and the cross-file
 * warnings (cheap, and they depend on today's date and the coverage options,
 * so a snapshot does not hold them).
 */
import type { Config } from '../config/load.js';
import type { IncidentField, NotificationField } from '../fields.js';
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Coverage, type Dataset, type Day, type IncidentColumns } from '../model.js';
import type { LoadOptions, LoadResult, ParsedInputs } from './inputs.js';
import { type IssueLog, shownValue } from './issues.js';
import { plausibilityChecks, unfilteredRelationships } from './plausibility.js';

/** Coverage and the cross-file warnings: cheap, and they depend on today's date and the coverage options. */
export function finishDataset(parsed: ParsedInputs, options: LoadOptions, cache: LoadResult['cache']): LoadResult {
  const { persons, victims, incidentIds, strings, incidents, notifications, files, counts, carried, log, rejected } =
    parsed;
  const coverage = resolveCoverage(incidents, options, options.config);
  const dataset: Dataset = {
    persons,
    victims,
    incidentIds,
    strings,
    incidents,
    notifications,
    coverage,
    files,
    counts,
    carried,
    ipvExcluded: new Set(log.excludedSuspects.keys()),
  };
  plausibilityChecks(dataset, log, options.config.checks);
  unfilteredRelationships(dataset, log, options.config.incidents.ipvRelationships);
  if (log.structural > 0) {
    if (notifications.length === 0) return { dataset, log, rejected, cache };
    // a file that could not be read reliably: the cross-file checks would only repeat its error, row by row
    log.add({
      file: files.notifications?.path ?? files.incidents.path,
      line: 0,
      column: '',
      code: 'cross_checks_skipped',
      severity: 'warning',
      message:
        'the checks between the two files (unknown persons, notification dates, victim contact) were not run: a file has a structural error',
      hint: 'fix the structural error above, then validate again',
    });
  } else {
    crossChecks(dataset, log, options.today, options.config);
  }
  return { dataset, log, rejected, cache };
}

function resolveCoverage(incidents: IncidentColumns, options: LoadOptions, config: Config): Coverage {
  let min = Infinity,
    max = -Infinity;
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
    startSource:
      options.coverageStart !== undefined ? 'option' : config.coverage.start !== undefined ? 'config' : 'data',
    endSource: options.coverageEnd !== undefined ? 'option' : config.coverage.end !== undefined ? 'config' : 'data',
  };
}

/** Warnings that need both files: docs/methods.md#data, #parallel-responses, `ipvi validate`'s list. */
function crossChecks(ds: Dataset, log: IssueLog, today: Day | undefined, config: Config): void {
  const contactFirst: readonly number[] = config.victimContactFirst;
  const { incidents: inc, notifications: not, coverage } = ds;
  // warnings name the export's column, as errors do
  const incCol = (f: IncidentField) => columnLabel(config.incidents.columns[f], f);
  const notCol = (f: NotificationField) => columnLabel(config.notifications.columns[f], f);
  const incFile = ds.files.incidents.path;
  const notPath = ds.files.notifications?.path ?? '';
  const firstDay = new Int32Array(ds.persons.size).fill(NO_DAY);
  const covered = coverage.startSource !== 'data' || coverage.endSource !== 'data';
  for (let i = 0; i < inc.length; i++) {
    const p = inc.person[i],
      d = inc.day[i];
    if (firstDay[p] === NO_DAY || d < firstDay[p]) firstDay[p] = d;
    if (today !== undefined && d > today) {
      log.add({
        file: incFile,
        line: inc.line[i],
        column: incCol('incident_date'),
        code: 'future_date',
        severity: 'warning',
        message: `incident dated ${formatDay(d)}, after today (${formatDay(today)})`,
        hint: 'check the date and its format (day and month swapped?)',
      });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({
        file: incFile,
        line: inc.line[i],
        column: incCol('incident_date'),
        code: 'outside_coverage',
        severity: 'warning',
        message: `incident dated ${formatDay(d)} is outside the coverage ${formatDay(coverage.start)} to ${formatDay(coverage.end)}`,
        hint: 'widen the coverage, or check the date',
      });
    }
  }
  const linkage = checkLinkage(ds, log, firstDay, config, notPath, notCol('person_id'), incCol('suspect_id'));
  let loose: Map<string, string> | undefined;
  for (let j = 0; j < not.length; j++) {
    const p = not.person[j],
      d = not.day[j],
      line = not.line[j];
    if (firstDay[p] === NO_DAY) {
      if (!linkage.failed) {
        const id = ds.persons.values[p];
        const excluded = log.excludedText(id);
        // an ID that matches a suspect once leading zeros, white space or case are set aside: name the likely match
        const match = excluded ? undefined : (loose ??= looseSuspectIds(ds)).get(looseId(id));
        log.add({
          file: notPath,
          line,
          column: notCol('person_id'),
          code: 'unknown_person',
          severity: 'warning',
          message:
            `person ${shownValue(id)} has no incident in the incidents file${excluded ? `: ${excluded}` : ''}` +
            (match !== undefined
              ? `; did you mean ${shownValue(match)}? (the same ID apart from leading zeros, white space or case)`
              : ''),
          hint: excluded
            ? 'list the relationship value under incidents.ipv_relationships if it is an intimate partner, or check the notification'
            : match !== undefined
              ? `write the ID as the incidents file does (${shownValue(match)}); Excel drops leading zeros: keep the column as text. Until then the notification counts for no one: ${shownValue(match)} shows as not notified (due) on the tier list, and ${shownValue(id)} is left out of the evaluation tables`
              : 'check the id matches the suspect_id in the DIR export (IDs are exact strings: 007 is not 7)',
        });
      }
    } else if (d < firstDay[p]) {
      log.add({
        file: notPath,
        line,
        column: notCol('notification_date'),
        code: 'notification_before_incident',
        severity: 'warning',
        message: `notified on ${formatDay(d)}, before the person's first incident (${formatDay(firstDay[p])})`,
        hint: 'check the dates, or whether earlier incidents are missing from the export',
      });
    }
    if (today !== undefined && d > today) {
      log.add({
        file: notPath,
        line,
        column: notCol('notification_date'),
        code: 'future_date',
        severity: 'warning',
        message: `notification dated ${formatDay(d)}, after today (${formatDay(today)})`,
        hint: 'check the date and its format',
      });
    } else if (covered && (d < coverage.start || d > coverage.end)) {
      log.add({
        file: notPath,
        line,
        column: notCol('notification_date'),
        code: 'outside_coverage',
        severity: 'warning',
        message: `notification dated ${formatDay(d)} is outside the coverage`,
        hint: 'widen the coverage, or check the date',
      });
    }
    if (contactFirst.includes(not.level[j])) {
      const c = not.victimContactDay[j];
      if (c === NO_DAY || c > d) {
        log.add({
          file: notPath,
          line,
          column: notCol('victim_contact_date'),
          code: 'victim_safety',
          severity: 'warning',
          message:
            c === NO_DAY
              ? `${levelName(not.level[j])}-level notification on ${formatDay(d)} with no victim contact recorded`
              : `${levelName(not.level[j])}-level notification on ${formatDay(d)} before the victim was contacted (${formatDay(c)})`,
          hint: `victim safety rule: reach the victim on or before a ${levelName(not.level[j])}-level notification (docs/methods.md#parallel-responses)`,
        });
      }
    }
  }
}

/** A column as messages name it: the export's header, with the canonical field when they differ. */
export function columnLabel(header: string, field: string): string {
  return header === field ? field : `${header} (${field})`;
}

/** An ID as it may have been mangled on the way (Excel, a padded export): no white space, lower case, no leading zeros. */
export function looseId(id: string): string {
  const s = id.replace(/\s+/g, '').toLowerCase();
  const t = s.replace(/^0+(?=.)/, '');
  return t;
}

/** The incidents' suspect IDs by `looseId`: the first suspect ID of each loose form. */
function looseSuspectIds(ds: Dataset): Map<string, string> {
  const loose = new Map<string, string>();
  for (let i = 0; i < ds.incidents.length; i++) {
    const id = ds.persons.values[ds.incidents.person[i]];
    const key = looseId(id);
    if (!loose.has(key)) loose.set(key, id);
  }
  return loose;
}

/**
 * Linkage checked as a whole (docs/methods.md#data): the share of notifications
 * naming a person with no incident (persons whose incidents were all removed by
 * the IPV filter are not counted: they have incidents). Above the configured
 * share, one error with the count, examples and the likely cause replaces the
 * per-row warnings; analyses then refuse the data.
 */
function checkLinkage(
  ds: Dataset,
  log: IssueLog,
  firstDay: Int32Array,
  config: Config,
  file: string,
  column: string,
  suspectColumn: string,
): { failed: boolean } {
  const not = ds.notifications;
  if (not.length === 0) return { failed: false };
  const unknown: number[] = [];
  for (let j = 0; j < not.length; j++) {
    const p = not.person[j];
    if (firstDay[p] === NO_DAY && !log.excludedSuspects.has(ds.persons.values[p])) unknown.push(j);
  }
  const limit = config.notifications.maxUnknownPersonShare;
  const share = unknown.length / not.length;
  if (unknown.length === 0 || share <= limit) return { failed: false };
  // the likely cause: IDs that match an incident's suspect after removing leading zeros, white space or case
  const loose = looseSuspectIds(ds);
  let matched = 0;
  let example: [string, string] | undefined;
  const examples = new Set<string>();
  for (const j of unknown) {
    const id = ds.persons.values[not.person[j]];
    if (examples.size < 5) examples.add(`'${shownValue(id)}' (line ${not.line[j]})`);
    const hit = loose.get(looseId(id));
    if (hit !== undefined) {
      matched++;
      example ??= [id, hit];
    }
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const cause =
    matched > 0 && example
      ? `; ${matched} of them match a suspect after removing leading zeros, white space or case (e.g. '${shownValue(example[0])}' and '${shownValue(example[1])}'), so the IDs were probably changed on the way (Excel drops leading zeros: export the column as text)`
      : `; none matches a suspect even after removing leading zeros, white space or case: check that ${column} holds the same ID as the incidents' ${suspectColumn}`;
  log.add({
    file,
    line: 0,
    column,
    code: 'unknown_person_linkage',
    severity: 'error',
    message: `${unknown.length} of ${not.length} notifications (${pct(share)}, more than the ${pct(limit)} allowed) name a person with no incident; examples: ${[...examples].join(', ')}${cause}`,
    hint: 'fix the IDs so the two files link (IDs are exact strings: 007 is not 7), or raise notifications.max_unknown_person_share in the config if these people really have no incident in the export (docs/methods.md#data)',
  });
  return { failed: true };
}
