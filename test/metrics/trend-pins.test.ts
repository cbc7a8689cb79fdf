/**
 * Pins for src/metrics/trend.ts (docs/methods.md#trend) written from the
 * survivors of the 2026-11-30 mutation run (docs/testing.md): period starts
 * for a coverage that begins mid-year, an incident dated by its earliest row,
 * the coverage's first and last days, a launch on the last day of a month,
 * the exact notes (so `-1 incident(s)` cannot pass for `1 incident(s)`), the
 * options echoed in the JSON, and every comparison note.
 * Every table is built inside `it`, where Stryker sees it.
 */
import { describe, expect, it } from 'vitest';
import { trendPeriods, trendTable, type SeriesComparison } from '../../src/metrics/trend.js';
import { build, day, type Spec } from '../helpers/spec.js';
import { trendSpec } from './small-fixtures.js';

const R_NOTE_OLS =
  'OLS with plain standard errors and Newey–West (HAC) standard errors robust to autocorrelation (Bartlett kernel, LAG, n/(n − k) adjustment, no prewhitening; R sandwich::NeweyWest(fit, lag, prewhite = FALSE, adjust = TRUE)); diagnostics: Durbin–Watson (near 2 = no first-order autocorrelation; p one-sided for positive autocorrelation, normal approximation as R lmtest::dwtest(exact = FALSE)) and Ljung–Box on the residuals (lag min(10, ⌊n/5⌋), R Box.test(type = "Ljung-Box")); a small p means the plain standard errors are too small, so read the Newey–West ones. ';
const method = (unit: 'month' | 'year', lag: string, tail: string) =>
  `segmented regression (interrupted time series on complete ${unit}s; t = the ${unit}'s position): level change = jump at the launch, slope change = change in the trend per ${unit}. ` +
  R_NOTE_OLS.replace('LAG', lag) +
  tail;
const NO_SEASONS = 'No adjustment for seasonality (--seasonal adds month-of-year indicators). ';
const DESCRIPTION = 'No comparison series: read it as a description, not a causal estimate';

/**
 * Coverage 2019-07-02 (a Tuesday, mid-year: July has 30 of its 31 days) to
 * 2021-03-01 (the first day of a month). S on the first covered day, E on the
 * last; X1 has two rows, the later one (09-02, arrest) listed first, so it is
 * dated 2019-08-30 (its earliest row) and still counts as an arrest; M on the
 * first day of a month; O1 and O2 one day outside each end.
 */
const edges: Spec = {
  incidents: [
    { id: 'S', date: '2019-07-02', suspect: 'P1' },
    { id: 'X1', date: '2019-09-02', suspect: 'P1', arrest: true },
    { id: 'X1', date: '2019-08-30', suspect: 'P2', injury: true },
    { id: 'M', date: '2019-10-01', suspect: 'P3' },
    { id: 'E', date: '2021-03-01', suspect: 'P4', arrest: true },
    { id: 'O1', date: '2019-07-01', suspect: 'P5' },
    { id: 'O2', date: '2021-03-02', suspect: 'P5' },
  ],
  notifications: [],
  coverage: { start: '2019-07-02', end: '2021-03-01' },
};
const COUNTS_NOTE = (unit: string, by: string) =>
  `counts of distinct incidents (incident_id) per ${unit}; an incident with several suspects counts once, dated at its earliest row${by}`;
const COVERAGE_NOTE = 'coverage: 2019-07-02 (set by option) to 2021-03-01 (set by option), both days inclusive';
const DAYS_NOTE = (unit: string) =>
  `days = days of the ${unit} inside the coverage; a partial ${unit} (first or last) is shown but its count covers fewer days`;

describe('trend pins: periods at the edges of the coverage', () => {
  it('years start on 1 January even when the coverage starts mid-year; days, partial years and flags', () => {
    const { ds } = build(edges);
    const t = trendTable(ds, { interval: 'year', by: ['arrest', 'injury'] });
    // 2019: 2 Jul–31 Dec = 30 + 31 + 31 + 30 + 31 + 30 + 31 − 31 … = 30+31+30+31+30+31 = 183 days; S, X1, M
    // 2021: 31 + 28 + 1 = 60 days; E (on the last covered day)
    expect(t.rows).toEqual([
      { period: '2019', start: '2019-01-01', days: 183, partial: true, incidents: 3, arrest: 1, injury: 1 },
      { period: '2020', start: '2020-01-01', days: 366, partial: false, incidents: 0, arrest: 0, injury: 0 },
      { period: '2021', start: '2021-01-01', days: 60, partial: true, incidents: 1, arrest: 1, injury: 0 },
    ]);
    expect(t.notes).toEqual([
      COUNTS_NOTE('year', '; arrest, injury: incidents with that flag on any of their rows'),
      COVERAGE_NOTE,
      DAYS_NOTE('year'),
      '2 incident(s) dated outside the coverage are not counted',
    ]);
    expect(t.meta?.options).toEqual({
      interval: 'year',
      by: ['arrest', 'injury'],
      launch: null,
      model: 'ols',
      seasonal: false,
      hac_lag: null,
      min_periods: 8,
      suppress_below: null,
      coverage: { start: '2019-07-02', end: '2021-03-01' },
    });
    expect(t.meta?.launch).toBeNull();
  });

  it('months: a month with one day missing is partial, the earliest row dates an incident, the last covered day is a period', () => {
    const { ds } = build(edges);
    const { periods, outside } = trendPeriods(ds, { interval: 'month', by: ['arrest'] });
    expect(outside).toBe(2);
    expect(periods).toHaveLength(21); // 2019-07 … 2021-03
    expect(periods[0]).toMatchObject({
      label: '2019-07',
      start: day('2019-07-01'),
      days: 30,
      partial: true,
      phase: '',
    });
    expect(periods[0].counts).toEqual([1, 0]);
    expect(periods[1]).toMatchObject({ label: '2019-08', days: 31, partial: false, counts: [1, 1] }); // X1 on 08-30
    expect(periods[2].counts).toEqual([0, 0]); // not again in September
    expect(periods[3]).toMatchObject({ label: '2019-10', counts: [1, 0] }); // M on the 1st
    expect(periods[20]).toMatchObject({
      label: '2021-03',
      start: day('2021-03-01'),
      days: 1,
      partial: true,
      counts: [1, 1],
    });
  });
});

describe('trend pins: a launch on the last day of a month', () => {
  it('that month is the transition; means, notes and the fit (R lm, sandwich, lmtest, Box.test)', () => {
    const { ds } = build(edges);
    const t = trendTable(ds, { interval: 'month', by: ['arrest'], launch: day('2020-05-31') });
    expect(t.rows.find((r) => r.period === '2020-04')?.phase).toBe('before');
    expect(t.rows.find((r) => r.period === '2020-05')?.phase).toBe('launch');
    expect(t.rows.find((r) => r.period === '2020-06')?.phase).toBe('after');
    expect(t.rows.at(-1)).toEqual({
      period: '2021-03',
      start: '2021-03-01',
      days: 1,
      partial: true,
      incidents: 1,
      arrest: 1,
      phase: 'after',
    });
    // complete months: 2019-08 … 2020-04 before (t = 1..9), 2020-06 … 2021-02 after (t = 11..19)
    // R: t <- c(1:9, 11:19); y <- c(1,0,1,0,0,0,0,0,0, rep(0,9)); post <- as.numeric(t >= 11); ts <- post*(t-11)
    //    f <- lm(y ~ t + post + ts): post 0.3777778 (SE 0.27261876, p 0.187506357), ts 0.1 (SE 0.04769835, p 0.054685135),
    //    t -0.1 (SE 0.03372782, p 0.010239124), R² 0.4625;
    //    coeftest(f, vcov = NeweyWest(f, lag = 2, prewhite = FALSE, adjust = TRUE)): post SE 0.169582 (p 0.042815), ts SE 0.028885 (p 0.003813);
    //    dwtest(f, exact = FALSE): DW 3.047, p 0.9518; Box.test(resid(f), lag = 3, type = "Ljung-Box"): 9.9433, p 0.01905
    expect(t.notes).toEqual([
      COUNTS_NOTE('month', '; arrest: incidents with that flag on any of their rows'),
      COVERAGE_NOTE,
      DAYS_NOTE('month'),
      '2 incident(s) dated outside the coverage are not counted',
      'launch 2020-05-31: before = complete months ending before it, after = complete months starting on or after it; 2020-05 contains the launch day and is left out as a transition month; partial periods are left out',
      method('month', 'lag ⌊4(n/100)^(2/9)⌋ = 2 for n = 18', NO_SEASONS + DESCRIPTION),
      'incidents: mean per month 0.22 before (9 months), 0 after (9), change -100.0%; level change 0.38 (SE 0.27, p 0.1875); slope change per month 0.1 (SE 0.05, p 0.0547)',
      'incidents: Newey–West (lag 2): level change 0.38 (SE 0.17, p 0.0428); slope change 0.1 (SE 0.03, p 0.0038); Durbin–Watson 3.05 (p 0.9518); Ljung–Box Q = 9.94 at lag 3 (p 0.0191)',
      'arrest: mean per month 0.11 before (9 months), 0 after (9), change -100.0%; level change 0.29 (SE 0.22, p 0.2102); slope change per month 0.07 (SE 0.04, p 0.1052)',
      'arrest: Newey–West (lag 2): level change 0.29 (SE 0.21, p 0.1844); slope change 0.07 (SE 0.04, p 0.1357); Durbin–Watson 1.49 (p 0.0186); Ljung–Box Q = 0.77 at lag 3 (p 0.8575)',
    ]);
    const [inc] = (t.meta?.launch as { series: SeriesComparison[] }).series;
    expect(inc.r2).toBeCloseTo(0.4625, 12);
    expect(inc.pre_slope?.estimate).toBeCloseTo(-0.1, 12);
    expect(inc.pre_slope?.stdErr).toBeCloseTo(0.03372782, 7);
    expect(inc.note).toBeNull();
    expect(inc.warnings).toEqual([]);
    expect(inc.ljung_box).toEqual({
      statistic: expect.closeTo(9.9433, 4),
      lag: 3,
      df: 3,
      p: expect.closeTo(0.01905, 5),
    });
    expect(t.meta?.options).toMatchObject({ launch: '2020-05-31', model: 'ols', hac_lag: null, min_periods: 8 });
  });
});

describe('trend pins: comparisons that cannot be made, and their words', () => {
  it('a launch after the last complete month: nothing after, no fit, no diagnostics', () => {
    const { ds } = build(trendSpec());
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2021-06-01') });
    const [c] = (t.meta?.launch as { series: SeriesComparison[] }).series;
    expect(c).toMatchObject({ periods_before: 28, periods_after: 0, mean_after: null, percent_change: null });
    expect(c.note).toBe(
      'no complete period after the launch; segmented regression: needs periods on both sides of the launch',
    );
    expect([c.level_change, c.slope_change, c.pre_slope, c.r2, c.newey_west, c.ljung_box]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(t.notes.at(-1)).toBe(
      'incidents: mean per month 8.57 before (28 months), — after (0), change —; level change —; slope change per month — — no complete period after the launch; segmented regression: needs periods on both sides of the launch',
    );
    expect(t.notes).not.toContain(
      'the launch date 2021-06-01 is not inside the coverage, so there is nothing on one side of it',
    );
  });

  it('a launch outside the coverage says so', () => {
    const { ds } = build(trendSpec());
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2022-01-01') });
    expect(t.notes).toContain(
      'the launch date 2022-01-01 is not inside the coverage, so there is nothing on one side of it',
    );
  });

  it('yearly periods: --seasonal is ignored with a note, a given lag is named, nothing on either side', () => {
    const { ds } = build(trendSpec());
    const t = trendTable(ds, { interval: 'year', by: [], launch: day('2020-03-10'), seasonal: true, hacLag: 1 });
    expect(t.notes.slice(4)).toEqual([
      'launch 2020-03-10: before = complete years ending before it, after = complete years starting on or after it; 2020 contains the launch day and is left out as a transition year; partial periods are left out',
      method('year', 'lag 1 as given', `No adjustment for seasonality. ${DESCRIPTION}`),
      '--seasonal applies to monthly series only and was ignored for yearly periods',
      'incidents: mean per year — before (0 years), — after (0), change —; level change —; slope change per year — — no complete period before the launch; no complete period after the launch; segmented regression: needs periods on both sides of the launch',
    ]);
    expect(t.meta?.options).toMatchObject({ interval: 'year', seasonal: true, hac_lag: 1 });
  });

  it('the minimum of complete periods: 13 before is enough for 13, not for 14', () => {
    const { ds } = build(trendSpec());
    const at = (minPeriods: number) =>
      (
        trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), minPeriods }).meta?.launch as {
          series: SeriesComparison[];
        }
      ).series[0].warnings;
    expect(at(13)).toEqual([]);
    expect(at(14)).toEqual([
      'only 13 complete period(s) before the launch (fewer than 14): the segmented regression is unreliable and its p-values should not be read as evidence',
    ]);
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), minPeriods: 14 });
    expect(t.notes).toContain(`warning: ${at(14)[0]}`);
    expect(t.meta?.options).toMatchObject({ min_periods: 14 });
  });

  it('Poisson: its method sentence, Ljung–Box on the Pearson residuals, rate ratios and dispersion', () => {
    const { ds } = build(trendSpec());
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), model: 'poisson', hacLag: 3 });
    expect(t.notes[5]).toBe(
      method(
        'month',
        'lag 3 as given',
        `${NO_SEASONS}Poisson segmented regression of the counts with a log link: level change and slope change as rate ratios with 95% Wald intervals. ${DESCRIPTION}`,
      ),
    );
    expect(t.notes.at(-1)).toBe(
      'incidents: Newey–West (lag 3): level change -4.22 (SE 0.22, p < 0.0001); slope change 0.01 (SE 0.03, p 0.8218); Ljung–Box Q = 20.21 at lag 5 (p 0.0011) on the Pearson residuals; Poisson model: rate ratio at the launch 0.61 (95% CI 0.352 to 1.056, p 0.0773); slope change ×1 (95% CI 0.935 to 1.069, p 0.9914) per month; dispersion 0.05',
    );
    const [c] = (t.meta?.launch as { series: SeriesComparison[] }).series;
    expect(c.model).toBe('poisson');
    expect(c.count_model?.family).toBe('poisson');
    // the Ljung–Box of a count model is on its Pearson residuals, not on the OLS residuals (20.85 at lag 5)
    expect(c.ljung_box).toEqual({
      statistic: expect.closeTo(20.2058, 4),
      lag: 5,
      df: 5,
      p: expect.closeTo(0.0011433, 6),
    });
    expect(t.meta?.options).toMatchObject({ model: 'poisson', hac_lag: 3 });
  });

  it('a mean of 0 before the launch: no percent change, and a note says why', () => {
    // coverage 2020; one incident a month from July on; launch 2020-06-15: Jan–May complete before (all 0)
    const incidents = [7, 8, 9, 10, 11, 12].map((m) => ({
      date: `2020-${String(m).padStart(2, '0')}-10`,
      suspect: 'P1',
    }));
    const { ds } = build({ incidents, notifications: [], coverage: { start: '2020-01-01', end: '2020-12-31' } });
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-06-15') });
    const [c] = (t.meta?.launch as { series: SeriesComparison[] }).series;
    expect(c).toMatchObject({
      periods_before: 5,
      periods_after: 6,
      mean_before: 0,
      mean_after: 1,
      percent_change: null,
    });
    expect(c.note).toContain('mean before is 0, so no percent change');
    expect(t.notes.find((n) => n.startsWith('incidents: mean per month'))).toContain(
      'incidents: mean per month 0 before (5 months), 1 after (6), change —;',
    );
  });

  it('count models: the overdispersion warning and the negative binomial words (R glm, MASS::glm.nb)', () => {
    // monthly counts alternate 25, 3 over 2019–2020; launch 2020-01-01 (a month's first day: no transition month)
    const incidents: { date: string; suspect: string }[] = [];
    for (let m = 0; m < 24; m++) {
      const month = `${2019 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (let k = 0; k < (m % 2 ? 3 : 25); k++)
        incidents.push({ date: `${month}-${String(1 + (k % 28)).padStart(2, '0')}`, suspect: `P${k}` });
    }
    const { ds } = build({ incidents, notifications: [], coverage: { start: '2019-01-01', end: '2020-12-31' } });
    const last = (model: 'poisson' | 'negbin') =>
      trendTable(ds, { interval: 'month', by: [], launch: day('2020-01-01'), model }).notes.at(-1);
    // R: t <- 1:24; y <- ifelse((t-1) %% 2 == 0, 25, 3); post <- as.numeric(t >= 13); ts <- post*(t-13)
    //    f <- glm(y ~ t + post + ts, family = poisson): exp(coef) post 1.486832, Wald CI 0.9636594 to 2.2940365, p 0.07302686;
    //    sum(residuals(f, type = "pearson")^2)/f$df.residual = 10.28505 (> 1.5: overdispersed)
    expect(last('poisson')).toContain(
      'Poisson model: rate ratio at the launch 1.487 (95% CI 0.964 to 2.294, p 0.0730); slope change ×1 (95% CI 0.94 to 1.064, p 1.0000) per month; dispersion 10.29 (overdispersed: the Poisson intervals are too narrow, use --model negbin)',
    );
    //    g <- MASS::glm.nb(y ~ t + post + ts): exp(coef) post 1.493141, CI 0.3431923 to 6.4962737; theta 1.3119766 (SE 0.3898625);
    //    Pearson dispersion 0.9012116 (no warning for a negative binomial model)
    expect(last('negbin')).toContain(
      'negative binomial model: rate ratio at the launch 1.493 (95% CI 0.343 to 6.496, p 0.5931); slope change ×1 (95% CI 0.809 to 1.236, p 1.0000) per month; dispersion 0.9; theta 1.31 (SE 0.39)',
    );
    const nb = trendTable(ds, { interval: 'month', by: [], launch: day('2020-01-01'), model: 'negbin' });
    expect(nb.notes.find((n) => n.startsWith('segmented regression'))).toContain(
      'Negative binomial (theta by maximum likelihood, as R MASS::glm.nb) segmented regression of the counts with a log link',
    );
    expect(nb.meta?.options).toMatchObject({ model: 'negbin' });
  });

  it("a launch on the coverage's first day is outside it (nothing before), on its last day inside; the phase column follows the launch", () => {
    const { ds } = build(edges);
    const NOT_INSIDE = (d: string) =>
      `the launch date ${d} is not inside the coverage, so there is nothing on one side of it`;
    const first = trendTable(ds, { interval: 'month', by: [], launch: day('2019-07-02') });
    expect(first.notes).toContain(NOT_INSIDE('2019-07-02'));
    expect(first.columns.map((c) => c.key)).toEqual(['period', 'start', 'days', 'partial', 'incidents', 'phase']);
    const last = trendTable(ds, { interval: 'month', by: [], launch: day('2021-03-01') });
    expect(last.notes).not.toContain(NOT_INSIDE('2021-03-01'));
    const none = trendTable(ds, { interval: 'month', by: [] });
    expect(none.columns.map((c) => c.key)).toEqual(['period', 'start', 'days', 'partial', 'incidents']);
    expect(none.rows.every((r) => !('phase' in r))).toBe(true);
  });
});
