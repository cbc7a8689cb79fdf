/**
 * Warnings about data that is valid cell by cell but implausible as a whole
 * (docs/reliability.md, findings 7 and 8 of issue 14):
 *
 * - a person with more incidents than `checks.max_incidents_per_person`
 *   (default 100): usually a placeholder suspect such as UNKNOWN, whose
 *   "history" joins unrelated people;
 * - an incident date far outside the bulk of the data: more than
 *   max(2 years, 3 × the interquartile range of the dates) before the first
 *   quartile or after the third (Tukey's far-out fences, widened to at
 *   least two years; a typo'd year that still passed checks.earliest_date);
 * - a default coverage (no --coverage-start/--coverage-end, none in the
 *   config) set by such a date, which would stretch every period and trend.
 *
 * Dates before checks.earliest_date or after checks.latest_date are errors
 * already (row-decoder.ts); these are warnings: the numbers may be right.
 */
import type { Checks } from '../config/load.js';
import { formatDay } from '../dates.js';
import type { Dataset } from '../model.js';
import { shownValue, type IssueLog } from './issues.js';

/** Fewer incidents than this: percentiles say nothing, no outlier check. */
const MIN_FOR_OUTLIERS = 20;
const MIN_SPAN_DAYS = 731;

export function plausibilityChecks(ds: Dataset, log: IssueLog, checks: Pick<Checks, 'maxIncidentsPerPerson'>): void {
  const inc = ds.incidents;
  const file = ds.files.incidents.path;
  const count = new Uint32Array(ds.persons.size);
  const firstLine = new Uint32Array(ds.persons.size);
  for (let i = 0; i < inc.length; i++) {
    const p = inc.person[i];
    if (count[p]++ === 0) firstLine[p] = inc.line[i];
  }
  for (let p = 0; p < count.length; p++) {
    if (count[p] <= checks.maxIncidentsPerPerson) continue;
    log.add({
      file,
      line: firstLine[p],
      column: 'suspect_id',
      code: 'many_incidents',
      severity: 'warning',
      message: `person ${shownValue(ds.persons.values[p])} has ${count[p]} incidents, more than checks.max_incidents_per_person (${checks.maxIncidentsPerPerson}): a placeholder ID such as UNKNOWN joins unrelated people into one history and one level`,
      hint: 'leave placeholder suspects blank in the export (rows without a suspect are rejected and counted), or raise checks.max_incidents_per_person if this person is real',
    });
  }

  if (inc.length < MIN_FOR_OUTLIERS) return;
  const days = Int32Array.from(inc.day).sort();
  const q1 = days[Math.floor(0.25 * (days.length - 1))];
  const q3 = days[Math.ceil(0.75 * (days.length - 1))];
  const margin = Math.max(MIN_SPAN_DAYS, 3 * (q3 - q1));
  const low = q1 - margin,
    high = q3 + margin;
  if (days[0] >= low && days[days.length - 1] <= high) return;
  let minLine = 0,
    maxLine = 0;
  for (let i = 0; i < inc.length; i++) {
    const d = inc.day[i];
    if (d >= low && d <= high) continue;
    if (d === days[0] && !minLine) minLine = inc.line[i];
    if (d === days[days.length - 1] && !maxLine) maxLine = inc.line[i];
    log.add({
      file,
      line: inc.line[i],
      column: 'incident_date',
      code: 'date_outlier',
      severity: 'warning',
      message: `incident dated ${formatDay(d)}, far outside the bulk of the data (${formatDay(q1)} to ${formatDay(q3)})`,
      hint: 'check the year; if the date is right, set the coverage explicitly (--coverage-start/--coverage-end or coverage: in the config)',
    });
  }
  const cov = ds.coverage;
  if (cov.startSource === 'data' && cov.start < low) {
    log.add({
      file,
      line: minLine,
      column: 'incident_date',
      code: 'coverage_from_outlier',
      severity: 'warning',
      message: `the default coverage starts at ${formatDay(cov.start)}, set by an outlying date: every period and trend would start there`,
      hint: 'fix the date, or pass --coverage-start (or coverage.start in the config)',
    });
  }
  if (cov.endSource === 'data' && cov.end > high) {
    log.add({
      file,
      line: maxLine,
      column: 'incident_date',
      code: 'coverage_from_outlier',
      severity: 'warning',
      message: `the default coverage ends at ${formatDay(cov.end)}, set by an outlying date: every period and trend would end there`,
      hint: 'fix the date, or pass --coverage-end (or coverage.end in the config)',
    });
  }
}

/**
 * Without `incidents.ipv_relationships` every incident is kept whatever its
 * relationship (docs/config.md#ipv-relationships). When the relationship
 * column has values, that is an assumption worth saying once: a note per
 * relationship value with its count of kept incidents (`ipv_unfiltered`), in
 * validate's summary and in one line of every other command's.
 */
export function unfilteredRelationships(
  ds: Dataset,
  log: IssueLog,
  ipvRelationships: ReadonlySet<string> | null,
): void {
  if (ipvRelationships) return;
  const inc = ds.incidents;
  const count = new Map<number, number>();
  for (let i = 0; i < inc.length; i++) {
    const r = inc.relationship[i];
    if (r !== 0) count.set(r, (count.get(r) ?? 0) + 1);
  }
  const values = ds.strings.values;
  for (const [r, n] of count) log.note('ipv_unfiltered', shownValue(values[r]), n);
}
