/**
 * Incident counts over time, and the before/after comparison around a
 * program launch: the Kingston and High Point charts (docs/methods.md#trend;
 * Sechrist & Weil 2018).
 */
import { addMonths, civilFromDay, dayFromCivil, formatDay, monthLabel, startOfMonth } from '../dates.js';
import { BOOLEAN_FIELDS } from '../fields.js';
import { FLAG, NO_DAY, type Cell, type Dataset, type Day, type Table } from '../model.js';
import { segmentedRegression, type SegmentedRegression } from '../stats/segmented-regression.js';
import type { OlsCoefficient } from '../stats/ols.js';
import { coverageNote, fmt, fmtP, suppressionNote, suppressRow } from './common.js';

export type TrendInterval = 'month' | 'year';
/** `--by flag`: every boolean input field (src/fields.ts), then the derived offense and serious. */
export const TREND_FLAGS = [...BOOLEAN_FIELDS, 'offense', 'serious'] as const;
export type TrendFlag = (typeof TREND_FLAGS)[number];

export interface TrendOptions {
  interval: TrendInterval;
  /** program launch day: adds the before/after comparison and the segmented regression */
  launch?: Day;
  /** extra series: incidents with this flag */
  by: TrendFlag[];
  suppressBelow?: number;
}

export interface TrendPeriod {
  label: string;
  start: Day;
  end: Day;
  /** days of the period inside the coverage */
  days: number;
  partial: boolean;
  /** 'before' | 'launch' (contains the launch day, which is not its first day) | 'after'; '' without a launch */
  phase: '' | 'before' | 'launch' | 'after';
  /** distinct incidents, then one count per `by` flag */
  counts: number[];
}

export interface SeriesComparison {
  series: string;
  periods_before: number;
  periods_after: number;
  mean_before: number | null;
  mean_after: number | null;
  percent_change: number | null;
  level_change: OlsCoefficient | null;
  slope_change: OlsCoefficient | null;
  pre_slope: OlsCoefficient | null;
  r2: number | null;
  note: string | null;
}

function periodStart(day: Day, interval: TrendInterval): Day {
  return interval === 'month' ? startOfMonth(day) : dayFromCivil(civilFromDay(day).y, 1, 1);
}
function nextPeriod(start: Day, interval: TrendInterval): Day {
  return addMonths(start, interval === 'month' ? 1 : 12);
}
function periodLabel(start: Day, interval: TrendInterval): string {
  return interval === 'month' ? monthLabel(start) : String(civilFromDay(start).y);
}

/**
 * Count distinct incidents (incident_id) per period over the coverage. An
 * incident with several suspects is one incident, dated at its earliest row,
 * and has a flag when any of its rows has it. Incidents outside the coverage
 * are not counted (`outside` says how many).
 */
export function trendPeriods(ds: Dataset, options: TrendOptions): { periods: TrendPeriod[]; outside: number } {
  const { incidents: inc, coverage } = ds;
  const nIds = ds.incidentIds.size;
  const day = new Int32Array(nIds).fill(NO_DAY);
  const flags = new Uint8Array(nIds);
  for (let i = 0; i < inc.length; i++) {
    const id = inc.incidentId[i];
    if (day[id] === NO_DAY || inc.day[i] < day[id]) day[id] = inc.day[i];
    flags[id] |= inc.flags[i];
  }
  const periods: TrendPeriod[] = [];
  for (let s = periodStart(coverage.start, options.interval); s <= coverage.end; s = nextPeriod(s, options.interval)) {
    const e = nextPeriod(s, options.interval) - 1;
    const days = Math.min(e, coverage.end) - Math.max(s, coverage.start) + 1;
    let phase: TrendPeriod['phase'] = '';
    if (options.launch !== undefined) phase = e < options.launch ? 'before' : s >= options.launch ? 'after' : 'launch';
    periods.push({ label: periodLabel(s, options.interval), start: s, end: e, days, partial: days < e - s + 1, phase, counts: new Array(1 + options.by.length).fill(0) });
  }
  const bits = options.by.map((f) => FLAG[f]);
  let outside = 0;
  for (let id = 0; id < nIds; id++) {
    const d = day[id];
    if (d === NO_DAY) continue;
    if (d < coverage.start || d > coverage.end) {
      outside++;
      continue;
    }
    // periods are contiguous and sorted: binary search
    let lo = 0, hi = periods.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (periods[mid].start <= d) lo = mid;
      else hi = mid - 1;
    }
    const c = periods[lo].counts;
    c[0]++;
    for (let b = 0; b < bits.length; b++) if (flags[id] & bits[b]) c[b + 1]++;
  }
  return { periods, outside };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Before/after means and the segmented regression for one series (complete periods only, the launch period left out). */
export function compareSeries(periods: TrendPeriod[], series: number, name: string): SeriesComparison {
  const used = periods.map((p, i) => ({ p, t: i })).filter(({ p }) => !p.partial && (p.phase === 'before' || p.phase === 'after'));
  const before = used.filter(({ p }) => p.phase === 'before').map(({ p }) => p.counts[series]);
  const after = used.filter(({ p }) => p.phase === 'after').map(({ p }) => p.counts[series]);
  const mb = mean(before), ma = mean(after);
  const notes: string[] = [];
  if (before.length === 0) notes.push('no complete period before the launch');
  if (after.length === 0) notes.push('no complete period after the launch');
  let pct: number | null = null;
  if (mb !== null && ma !== null) {
    if (mb > 0) pct = (ma - mb) / mb;
    else notes.push('mean before is 0, so no percent change');
  }
  let fit: SegmentedRegression | null = null;
  if (before.length > 0 && after.length > 0) {
    fit = segmentedRegression(used.map(({ p }) => p.counts[series]), used.map(({ t }) => t), before.length);
    if (fit.note) notes.push(`segmented regression: ${fit.note}`);
  } else notes.push('segmented regression: needs periods on both sides of the launch');
  return {
    series: name,
    periods_before: before.length,
    periods_after: after.length,
    mean_before: mb,
    mean_after: ma,
    percent_change: pct,
    level_change: fit?.levelChange ?? null,
    slope_change: fit?.slopeChange ?? null,
    pre_slope: fit?.time ?? null,
    r2: fit?.r2 ?? null,
    note: notes.length ? notes.join('; ') : null,
  };
}

function coefText(c: OlsCoefficient | null): string {
  if (!c) return '—';
  return `${fmt(c.estimate, 2)} (SE ${c.stdErr === null ? '—' : fmt(c.stdErr, 2)}, p ${fmtP(c.p)})`;
}

/**
 * Incident counts per month or year over the coverage (distinct incidents,
 * optionally also those with a flag: arrest, injury, …). With a launch date:
 * for each series the mean count per period before and after, the percent
 * change, and a segmented regression y = β₀ + β₁t + β₂·post + β₃·(t − t_launch)·post
 * (`segmentedRegression`, R `lm(y ~ t + post + tsince)`): β₂ the level
 * change at launch and β₃ the slope change per period, with standard errors
 * and p-values. Only complete periods enter the comparison; the period that
 * contains the launch day (unless the launch is its first day) is left out
 * as a transition period. t is the period's position (0 = the first period
 * of the coverage), so slopes are per month or per year.
 *
 * Edge cases: a partial first or last period is shown and flagged but left
 * out of the comparison; too few periods for the regression (2 on each side,
 * 5 in all) → empty estimates with a note; a mean of 0 before → no percent
 * change (note). Never NaN.
 *
 * @example
 * // coverage 2019-01-15 to 2021-06-20 (test/metrics/small-fixtures.ts trendSpec)
 * trendTable(ds, { interval: 'month', by: ['arrest'] }).rows[0];
 * // { period: '2019-01', start: '2019-01-01', days: 17, partial: true, incidents: 10, arrest: 5 }
 */
export function trendTable(ds: Dataset, options: TrendOptions): Table {
  const { periods, outside } = trendPeriods(ds, options);
  const series = ['incidents', ...options.by];
  const rows: Record<string, Cell>[] = [];
  let replaced = 0;
  for (const p of periods) {
    const row: Record<string, Cell> = { period: p.label, start: formatDay(p.start), days: p.days, partial: p.partial };
    series.forEach((s, i) => (row[s] = p.counts[i]));
    if (options.launch !== undefined) row.phase = p.phase;
    replaced += suppressRow(row, options.suppressBelow, series.map((s) => ({ count: s, derived: [] })));
    rows.push(row);
  }
  const unit = options.interval;
  const notes = [
    `counts of distinct incidents (incident_id) per ${unit}; an incident with several suspects counts once, dated at its earliest row${options.by.length ? `; ${options.by.join(', ')}: incidents with that flag on any of their rows` : ''}`,
    coverageNote(ds),
    `days = days of the ${unit} inside the coverage; a partial ${unit} (first or last) is shown but its count covers fewer days`,
    ...(outside ? [`${outside} incident(s) dated outside the coverage are not counted`] : []),
  ];
  let comparisons: SeriesComparison[] | null = null;
  if (options.launch !== undefined) {
    const L = options.launch;
    const inside = L > ds.coverage.start && L <= ds.coverage.end;
    comparisons = series.map((s, i) => compareSeries(periods, i, s));
    const transition = periods.find((p) => p.phase === 'launch');
    notes.push(
      `launch ${formatDay(L)}: before = complete ${unit}s ending before it, after = complete ${unit}s starting on or after it` +
        (transition ? `; ${transition.label} contains the launch day and is left out as a transition ${unit}` : '') +
        '; partial periods are left out',
      ...(inside ? [] : [`the launch date ${formatDay(L)} is not inside the coverage, so there is nothing on one side of it`]),
      `segmented regression (interrupted time series, plain OLS on complete ${unit}s; t = the ${unit}'s position): level change = jump at the launch, slope change = change in the trend per ${unit}. ` +
        'No adjustment for autocorrelation or seasonality and no comparison series: read it as a description, not a causal estimate',
    );
    for (const c of comparisons) {
      notes.push(
        `${c.series}: mean per ${unit} ${fmt(c.mean_before, 2)} before (${c.periods_before} ${unit}s), ${fmt(c.mean_after, 2)} after (${c.periods_after}), ` +
          `change ${c.percent_change === null ? '—' : `${(c.percent_change * 100).toFixed(1)}%`}; level change ${coefText(c.level_change)}; slope change per ${unit} ${coefText(c.slope_change)}` +
          (c.note ? ` — ${c.note}` : ''),
      );
    }
  }
  notes.push(...suppressionNote(options.suppressBelow, replaced));

  return {
    title: `Incidents per ${unit}`,
    columns: [
      { key: 'period' }, { key: 'start', kind: 'date' }, { key: 'days', kind: 'int' }, { key: 'partial', kind: 'bool' },
      ...series.map((s) => ({ key: s, kind: 'int' as const })),
      ...(options.launch !== undefined ? [{ key: 'phase' }] : []),
    ],
    rows,
    notes,
    meta: {
      launch: options.launch === undefined ? null : { date: formatDay(options.launch), series: comparisons },
      options: {
        interval: unit,
        by: options.by,
        launch: options.launch === undefined ? null : formatDay(options.launch),
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
