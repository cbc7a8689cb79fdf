/**
 * Incident counts over time, and the before/after comparison around a
 * program launch: the Kingston and High Point charts (docs/methods.md#trend;
 * Sechrist & Weil 2018).
 */
import { addMonths, civilFromDay, dayFromCivil, formatDay, monthLabel, startOfMonth } from '../dates.js';
import { BOOLEAN_FIELDS } from '../fields.js';
import { FLAG, NO_DAY, type Cell, type Dataset, type Day, type Table } from '../model.js';
import { segmentedRegression, type SegmentedRegression } from '../stats/segmented-regression.js';
import { segmentedCountRegression, type SegmentedCountRegression } from '../stats/segmented-count-regression.js';
import type { OlsCoefficient } from '../stats/ols.js';
import { neweyWestCoefficients, neweyWestCovariance, neweyWestLag } from '../stats/newey-west.js';
import { durbinWatson } from '../stats/durbin-watson.js';
import { ljungBox } from '../stats/ljung-box.js';
import { rateRatioInterval, type GlmCoefficient } from '../stats/poisson-regression.js';
import { coverageNote, fmt, fmtP, suppressionNote, suppressRow } from './common.js';

export type TrendInterval = 'month' | 'year';
/** `--by flag`: every boolean input field (src/fields.ts), then the derived offense and serious. */
export const TREND_FLAGS = [...BOOLEAN_FIELDS, 'offense', 'serious'] as const;
export type TrendFlag = (typeof TREND_FLAGS)[number];
export const TREND_MODELS = ['ols', 'poisson', 'negbin'] as const;
/** 'ols': linear segmented regression (Newey–West standard errors beside the plain ones); 'poisson' / 'negbin': log-linear count models */
export type TrendModel = (typeof TREND_MODELS)[number];
/** Default minimum number of complete periods on each side of the launch below which the comparison carries a warning. */
export const TREND_MIN_PERIODS = 8;

export interface TrendOptions {
  interval: TrendInterval;
  /** program launch day: adds the before/after comparison and the segmented regression */
  launch?: Day;
  /** extra series: incidents with this flag */
  by: TrendFlag[];
  suppressBelow?: number;
  /** segmented regression model (default 'ols') */
  model?: TrendModel;
  /** month-of-year indicators in the segmented regression (monthly interval only) */
  seasonal?: boolean;
  /** Newey–West lag; default ⌊4(n/100)^(2/9)⌋ (`neweyWestLag`) */
  hacLag?: number;
  /** warn when fewer complete periods than this on either side of the launch (default 8) */
  minPeriods?: number;
}

/** Options of {@link compareSeries} (the regression part of {@link TrendOptions}). */
export interface CompareOptions {
  model?: TrendModel;
  seasonal?: boolean;
  hacLag?: number;
  minPeriods?: number;
}

/** A rate ratio exp(β) from a count model, with its 95% Wald interval and p. */
export interface RateRatioEstimate {
  rate_ratio: number;
  ci_low: number;
  ci_high: number;
  p: number;
}

/** The count-model (Poisson or negative binomial) segmented regression of one series. */
export interface CountModelResult {
  family: 'poisson' | 'negbin';
  /** rate ratio at the launch (level change) */
  level_change: RateRatioEstimate | null;
  /** change in the per-period rate ratio after the launch (slope change) */
  slope_change: RateRatioEstimate | null;
  /** per-period rate ratio before the launch */
  pre_trend: RateRatioEstimate | null;
  /** Pearson X²/(n − p) */
  dispersion: number | null;
  theta: number | null;
  theta_se: number | null;
  note: string | null;
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
  /** the same OLS estimates with Newey–West (HAC) standard errors */
  newey_west: {
    lag: number;
    level_change: OlsCoefficient | null;
    slope_change: OlsCoefficient | null;
    pre_slope: OlsCoefficient | null;
  } | null;
  /** Durbin–Watson statistic of the OLS residuals and its one-sided p (positive autocorrelation; normal approximation) */
  durbin_watson: { statistic: number | null; p: number | null } | null;
  /** Ljung–Box test on the residuals of the chosen model (OLS residuals, or Pearson residuals of a count model) */
  ljung_box: { statistic: number | null; lag: number; df: number; p: number | null } | null;
  /** month-of-year indicators in the model */
  seasonal: boolean;
  model: TrendModel;
  count_model: CountModelResult | null;
  /** warnings about the design (too few periods per segment) */
  warnings: string[];
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
    periods.push({
      label: periodLabel(s, options.interval),
      start: s,
      end: e,
      days,
      partial: days < e - s + 1,
      phase,
      counts: new Array(1 + options.by.length).fill(0),
    });
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
    let lo = 0,
      hi = periods.length - 1;
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

function rateRatioEstimate(c: GlmCoefficient | null): RateRatioEstimate | null {
  if (!c) return null;
  const r = rateRatioInterval(c);
  return { rate_ratio: r.ratio, ci_low: r.low, ci_high: r.high, p: c.p };
}

/** Month-of-year indicator columns for the used periods (reference: the first month present); months absent from the data get no column. */
function seasonalColumns(starts: Day[]): number[][] {
  const months = starts.map((d) => civilFromDay(d).m);
  const present = [...new Set(months)].sort((a, b) => a - b);
  const cols = present.slice(1);
  return months.map((m) => cols.map((c) => (m === c ? 1 : 0)));
}

/** Ljung–Box lag rule: min(10, ⌊n/5⌋), or min(24, ⌊n/5⌋) with monthly seasonality; at least 1. */
export function ljungBoxLag(n: number, seasonal: boolean): number {
  return Math.max(1, Math.min(seasonal ? 24 : 10, Math.floor(n / 5)));
}

/**
 * Before/after means and the segmented regression for one series (complete
 * periods only, the launch period left out): OLS with plain and Newey–West
 * standard errors, the Durbin–Watson and Ljung–Box diagnostics, optional
 * month-of-year indicators, and with `model` 'poisson' or 'negbin' the
 * log-linear count model as rate ratios. Warns when a side has fewer than
 * `minPeriods` complete periods.
 */
export function compareSeries(
  periods: TrendPeriod[],
  series: number,
  name: string,
  options: CompareOptions = {},
): SeriesComparison {
  const model = options.model ?? 'ols';
  const seasonal = Boolean(options.seasonal);
  const minPeriods = options.minPeriods ?? TREND_MIN_PERIODS;
  const used = periods
    .map((p, i) => ({ p, t: i }))
    .filter(({ p }) => !p.partial && (p.phase === 'before' || p.phase === 'after'));
  const before = used.filter(({ p }) => p.phase === 'before').map(({ p }) => p.counts[series]);
  const after = used.filter(({ p }) => p.phase === 'after').map(({ p }) => p.counts[series]);
  const mb = mean(before),
    ma = mean(after);
  const notes: string[] = [];
  const warnings: string[] = [];
  if (before.length === 0) notes.push('no complete period before the launch');
  if (after.length === 0) notes.push('no complete period after the launch');
  let pct: number | null = null;
  if (mb !== null && ma !== null) {
    if (mb > 0) pct = (ma - mb) / mb;
    else notes.push('mean before is 0, so no percent change');
  }
  for (const [side, k] of [
    ['before', before.length],
    ['after', after.length],
  ] as const) {
    if (k > 0 && k < minPeriods)
      warnings.push(
        `only ${k} complete period(s) ${side} the launch (fewer than ${minPeriods}): the segmented regression is unreliable and its p-values should not be read as evidence`,
      );
  }
  let fit: SegmentedRegression | null = null;
  let hac: SeriesComparison['newey_west'] = null;
  let dw: SeriesComparison['durbin_watson'] = null;
  let lb: SeriesComparison['ljung_box'] = null;
  let countModel: CountModelResult | null = null;
  if (before.length > 0 && after.length > 0) {
    const y = used.map(({ p }) => p.counts[series]);
    const t = used.map(({ t: ti }) => ti);
    const cov = seasonal ? seasonalColumns(used.map(({ p }) => p.start)) : undefined;
    fit = segmentedRegression(y, t, before.length, cov);
    if (fit.note) notes.push(`segmented regression: ${fit.note}`);
    const lbLag = ljungBoxLag(y.length, seasonal);
    if (fit.design && fit.residuals && fit.xtxInverse && fit.df > 0) {
      const lag = options.hacLag ?? neweyWestLag(y.length);
      const v = neweyWestCovariance(fit.design, fit.residuals, fit.xtxInverse, lag);
      if (v) {
        const est = [fit.intercept, fit.time, fit.levelChange, fit.slopeChange].map((c) => c!.estimate);
        const c = neweyWestCoefficients(
          est,
          v.slice(0, 4).map((row) => row.slice(0, 4)),
          fit.df,
        );
        hac = { lag, pre_slope: c[1], level_change: c[2], slope_change: c[3] };
      }
      if (model === 'ols') {
        const d = durbinWatson(fit.residuals, fit.design, fit.xtxInverse);
        dw = { statistic: d.statistic, p: d.p };
        const q = ljungBox(fit.residuals, lbLag);
        lb = { statistic: q.statistic, lag: q.lag, df: q.df, p: q.p };
      }
    }
    if (model !== 'ols') {
      const cm: SegmentedCountRegression = segmentedCountRegression(y, t, before.length, model, cov);
      countModel = {
        family: model,
        level_change: rateRatioEstimate(cm.levelChange),
        slope_change: rateRatioEstimate(cm.slopeChange),
        pre_trend: rateRatioEstimate(cm.time),
        dispersion: cm.dispersion,
        theta: cm.theta,
        theta_se: cm.thetaStdErr,
        note: cm.note ?? null,
      };
      if (cm.note) notes.push(`${model === 'poisson' ? 'Poisson' : 'negative binomial'} regression: ${cm.note}`);
      if (cm.pearsonResiduals) {
        const q = ljungBox(cm.pearsonResiduals, lbLag);
        lb = { statistic: q.statistic, lag: q.lag, df: q.df, p: q.p };
      }
    }
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
    newey_west: hac,
    durbin_watson: dw,
    ljung_box: lb,
    seasonal,
    model,
    count_model: countModel,
    warnings,
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
    replaced += suppressRow(
      row,
      options.suppressBelow,
      series.map((s) => ({ count: s, derived: [] })),
    );
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
    const model = options.model ?? 'ols';
    const seasonal = Boolean(options.seasonal) && unit === 'month';
    comparisons = series.map((s, i) =>
      compareSeries(periods, i, s, { model, seasonal, hacLag: options.hacLag, minPeriods: options.minPeriods }),
    );
    const n = comparisons[0].periods_before + comparisons[0].periods_after;
    const lag = comparisons[0].newey_west?.lag ?? options.hacLag ?? neweyWestLag(n);
    const transition = periods.find((p) => p.phase === 'launch');
    notes.push(
      `launch ${formatDay(L)}: before = complete ${unit}s ending before it, after = complete ${unit}s starting on or after it` +
        (transition ? `; ${transition.label} contains the launch day and is left out as a transition ${unit}` : '') +
        '; partial periods are left out',
      ...(inside
        ? []
        : [`the launch date ${formatDay(L)} is not inside the coverage, so there is nothing on one side of it`]),
      `segmented regression (interrupted time series on complete ${unit}s; t = the ${unit}'s position): level change = jump at the launch, slope change = change in the trend per ${unit}. ` +
        `OLS with plain standard errors and Newey–West (HAC) standard errors robust to autocorrelation (Bartlett kernel, lag ${options.hacLag !== undefined ? `${lag} as given` : `⌊4(n/100)^(2/9)⌋ = ${lag} for n = ${n}`}, n/(n − k) adjustment, no prewhitening; R sandwich::NeweyWest(fit, lag, prewhite = FALSE, adjust = TRUE)); ` +
        `diagnostics: Durbin–Watson (near 2 = no first-order autocorrelation; p one-sided for positive autocorrelation, normal approximation as R lmtest::dwtest(exact = FALSE)) and Ljung–Box on the residuals (lag min(${seasonal ? 24 : 10}, ⌊n/5⌋), R Box.test(type = "Ljung-Box")); a small p means the plain standard errors are too small, so read the Newey–West ones. ` +
        (seasonal
          ? 'Month-of-year indicators adjust for seasonality (reference: the first calendar month present). '
          : `No adjustment for seasonality${unit === 'month' ? ' (--seasonal adds month-of-year indicators)' : ''}. `) +
        (model === 'ols'
          ? ''
          : `${model === 'poisson' ? 'Poisson' : 'Negative binomial (theta by maximum likelihood, as R MASS::glm.nb)'} segmented regression of the counts with a log link: level change and slope change as rate ratios with 95% Wald intervals. `) +
        'No comparison series: read it as a description, not a causal estimate',
      ...(options.seasonal && unit !== 'month'
        ? ['--seasonal applies to monthly series only and was ignored for yearly periods']
        : []),
      ...comparisons[0].warnings.map((w) => `warning: ${w}`),
    );
    for (const c of comparisons) {
      notes.push(
        `${c.series}: mean per ${unit} ${fmt(c.mean_before, 2)} before (${c.periods_before} ${unit}s), ${fmt(c.mean_after, 2)} after (${c.periods_after}), ` +
          `change ${c.percent_change === null ? '—' : `${(c.percent_change * 100).toFixed(1)}%`}; level change ${coefText(c.level_change)}; slope change per ${unit} ${coefText(c.slope_change)}` +
          (c.note ? ` — ${c.note}` : ''),
      );
      const diag: string[] = [];
      if (c.newey_west)
        diag.push(
          `Newey–West (lag ${c.newey_west.lag}): level change ${coefText(c.newey_west.level_change)}; slope change ${coefText(c.newey_west.slope_change)}`,
        );
      if (c.durbin_watson?.statistic != null)
        diag.push(`Durbin–Watson ${fmt(c.durbin_watson.statistic, 2)} (p ${fmtP(c.durbin_watson.p)})`);
      if (c.ljung_box?.statistic != null)
        diag.push(
          `Ljung–Box Q = ${fmt(c.ljung_box.statistic, 2)} at lag ${c.ljung_box.lag} (p ${fmtP(c.ljung_box.p)})${c.model === 'ols' ? '' : ' on the Pearson residuals'}`,
        );
      if (c.count_model && c.count_model.level_change) {
        const m = c.count_model;
        const rr = (e: RateRatioEstimate | null) =>
          e ? `${fmt(e.rate_ratio, 3)} (95% CI ${fmt(e.ci_low, 3)} to ${fmt(e.ci_high, 3)}, p ${fmtP(e.p)})` : '—';
        diag.push(
          `${m.family === 'poisson' ? 'Poisson' : 'negative binomial'} model: rate ratio at the launch ${rr(m.level_change)}; slope change ×${rr(m.slope_change)} per ${unit}` +
            (m.dispersion !== null
              ? `; dispersion ${fmt(m.dispersion, 2)}${m.family === 'poisson' && m.dispersion > 1.5 ? ' (overdispersed: the Poisson intervals are too narrow, use --model negbin)' : ''}`
              : '') +
            (m.theta !== null ? `; theta ${fmt(m.theta, 2)} (SE ${fmt(m.theta_se, 2)})` : ''),
        );
      }
      if (diag.length) notes.push(`${c.series}: ${diag.join('; ')}`);
    }
  }
  notes.push(...suppressionNote(options.suppressBelow, replaced));

  return {
    title: `Incidents per ${unit}`,
    columns: [
      { key: 'period' },
      { key: 'start', kind: 'date' },
      { key: 'days', kind: 'int' },
      { key: 'partial', kind: 'bool' },
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
        model: options.model ?? 'ols',
        seasonal: Boolean(options.seasonal),
        hac_lag: options.hacLag ?? null,
        min_periods: options.minPeriods ?? TREND_MIN_PERIODS,
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
