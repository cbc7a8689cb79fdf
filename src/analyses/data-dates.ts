/**
 * Dates past the data (docs/methods.md#dates-past-the-data): a month, an
 * as-of day, a --since day or a launch that lies after the coverage end (or
 * before its start) makes a stale export look like a quiet month. These
 * checks say so, naming the latest incident date and the coverage; the
 * command prints them as warnings on stderr and under the table. Pure.
 */
import { formatDay } from '../dates.js';
import type { Dataset, Day } from '../model.js';

/** The latest incident day in the data, or undefined when there is none. */
export function latestIncidentDay(ds: Dataset): Day | undefined {
  const days = ds.incidents.day;
  let max: Day | undefined;
  for (let i = 0; i < days.length; i++) if (max === undefined || days[i] > max) max = days[i];
  return max;
}

function dataText(ds: Dataset): string {
  const latest = latestIncidentDay(ds);
  const { start, end } = ds.coverage;
  return `the latest incident is ${latest === undefined ? 'none' : formatDay(latest)} and the coverage is ${formatDay(start)} to ${formatDay(end)}`;
}

/**
 * A warning when the period [first, last] that `option` names (`--month 2024-03`,
 * `--as-of 2024-01-31`) lies after the coverage end, runs past it, or lies
 * before the coverage start; undefined when it lies within the coverage.
 */
export function periodPastData(ds: Dataset, option: string, first: Day, last: Day = first): string | undefined {
  const { start, end } = ds.coverage;
  if (first > end)
    return `${option} lies after the data: ${dataText(ds)}; nothing after ${formatDay(end)} is known, so the result is not that period's (is the export stale? export again, or set the coverage)`;
  if (last > end)
    return `${option} runs past the data: ${dataText(ds)}; ${formatDay(end + 1)} to ${formatDay(last)} is not in the export`;
  if (last < start)
    return `${option} lies before the data: ${dataText(ds)}; nothing before ${formatDay(start)} is known`;
  return undefined;
}

/**
 * `ipvi alerts`: a warning when the newest incident is more than `maxAgeDays`
 * days before --since (an export that stopped arriving gives an empty list
 * that looks like a quiet day); undefined otherwise.
 */
export function staleForAlerts(ds: Dataset, since: Day, maxAgeDays: number): string | undefined {
  const latest = latestIncidentDay(ds);
  if (latest !== undefined && since - latest <= maxAgeDays) return undefined;
  const age = latest === undefined ? '' : `, ${since - latest} days before --since ${formatDay(since)}`;
  return `the newest incident in the export is ${latest === undefined ? 'none' : formatDay(latest)}${age} (more than alerts.max_data_age_days, ${maxAgeDays}); the coverage is ${formatDay(ds.coverage.start)} to ${formatDay(ds.coverage.end)}: an empty or short list may only mean a stale export (export again before relying on it)`;
}
