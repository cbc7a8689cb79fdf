import { describe, expect, it } from 'vitest';
import { trendTable, type SeriesComparison } from '../../src/metrics/trend.js';
import { build, day } from '../helpers/spec.js';
import { trendCount, trendSpec } from './small-fixtures.js';

function close(actual: unknown, expected: number, rel = 1e-9): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('trend: counts per period (docs/methods.md#trend)', () => {
  const { ds } = build(trendSpec());

  it('counts distinct incidents per month over the coverage, flags partial months', () => {
    const t = trendTable(ds, { interval: 'month', by: [] });
    expect(t.rows).toHaveLength(30);
    expect(t.rows.map((r) => r.incidents)).toEqual(Array.from({ length: 30 }, (_, m) => trendCount(m)));
    expect(t.rows[0]).toMatchObject({ period: '2019-01', start: '2019-01-01', days: 17, partial: true });
    expect(t.rows[1]).toMatchObject({ period: '2019-02', days: 28, partial: false });
    expect(t.rows[13]).toMatchObject({ period: '2020-02', days: 29, partial: false });
    expect(t.rows[29]).toMatchObject({ period: '2021-06', days: 20, partial: true });
    expect(t.notes.join('\n')).toContain('1 incident(s) dated outside the coverage are not counted');
  });

  it('trend_two_suspects_one_incident: the second suspect row of T1 is not counted again, but its flag is', () => {
    const t = trendTable(ds, { interval: 'month', by: ['injury', 'arrest'] });
    expect(t.rows[0]).toMatchObject({ incidents: 10, injury: 1, arrest: 5 });
    expect(t.columns.map((c) => c.key)).toEqual([
      'period',
      'start',
      'days',
      'partial',
      'incidents',
      'injury',
      'arrest',
    ]);
  });

  it('counts per year', () => {
    const t = trendTable(ds, { interval: 'year', by: [] });
    const year = (y: number) =>
      Array.from({ length: 30 }, (_, m) => m)
        .filter((m) => 2019 + Math.floor(m / 12) === y)
        .reduce((a, m) => a + trendCount(m), 0);
    expect(t.rows.map((r) => [r.period, r.incidents, r.partial])).toEqual([
      ['2019', year(2019), true],
      ['2020', year(2020), false],
      ['2021', year(2021), true],
    ]);
  });

  it('with a launch: means, percent change and the segmented regression match R lm(y ~ t + post + tsince)', () => {
    const t = trendTable(ds, { interval: 'month', by: ['arrest'], launch: day('2020-03-10') });
    expect(t.rows[14]).toMatchObject({ period: '2020-03', phase: 'launch' });
    expect(t.rows[13]).toMatchObject({ phase: 'before' });
    expect(t.rows[15]).toMatchObject({ phase: 'after' });
    const launch = t.meta?.launch as { series: SeriesComparison[] };
    const inc = launch.series[0];
    // complete months only: 2019-02..2020-02 before (t = 1..13), 2020-04..2021-05 after (t = 15..28); 2020-03 left out
    // R: t <- c(1:13, 15:28); y <- ifelse(t < 14, 10 + t %% 3, 6 + t %% 2); post <- t >= 15; tsince <- post * (t - 15)
    //    summary(lm(y ~ t + post + tsince)): post -4.22417582417582249 (SE 0.5819199345129921, p 2.17971331923018e-07),
    //    tsince 0.00659340659340684 (SE 0.0698863235819570, p 0.925652421499677)
    expect([inc.periods_before, inc.periods_after, inc.mean_before, inc.mean_after]).toEqual([13, 14, 11, 6.5]);
    close(inc.percent_change, 6.5 / 11 - 1);
    close(inc.level_change!.estimate, -4.22417582417582249, 1e-9);
    close(inc.level_change!.stdErr, 0.5819199345129921, 1e-9);
    close(inc.level_change!.p, 2.17971331923018e-7, 1e-6);
    close(inc.slope_change!.estimate, 0.00659340659340684, 1e-8);
    close(inc.slope_change!.stdErr, 0.069886323581957, 1e-9);
    close(inc.slope_change!.p, 0.925652421499677, 1e-9);
    expect(t.notes.join('\n')).toContain('2020-03 contains the launch day and is left out as a transition month');
    expect(t.notes.join('\n')).toContain(
      'incidents: mean per month 11 before (13 months), 6.5 after (14), change -40.9%; level change -4.22 (SE 0.58, p < 0.0001)',
    );
  });

  it('Newey–West, Durbin–Watson and Ljung–Box beside the OLS fit match R sandwich / lmtest / Box.test', () => {
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10') });
    const inc = (t.meta?.launch as { series: SeriesComparison[] }).series[0];
    // R: t <- c(1:13, 15:28); y <- ifelse(t < 14, 10 + t %% 3, 6 + t %% 2); post <- as.numeric(t >= 15); tsince <- post * (t - 15)
    //    fit <- lm(y ~ t + post + tsince); coeftest(fit, vcov = NeweyWest(fit, lag = 2, prewhite = FALSE, adjust = TRUE))
    //    post: SE 0.286238174753109254, p 3.2170867791304738e-13; tsince: SE 0.027432765381745078, p 0.81218994080077178
    //    dwtest(fit, exact = FALSE): DW 3.2619484230939335, p 0.99787010728330638
    //    Box.test(residuals(fit), lag = 5, type = "Ljung-Box"): 20.849547106689382, p 0.00086482390035080847
    expect(inc.newey_west!.lag).toBe(2); // floor(4 * (27/100)^(2/9))
    close(inc.newey_west!.level_change!.stdErr, 0.286238174753109254);
    close(inc.newey_west!.level_change!.p, 3.2170867791304738e-13, 1e-6);
    close(inc.newey_west!.slope_change!.stdErr, 0.027432765381745078);
    close(inc.newey_west!.slope_change!.p, 0.81218994080077178, 1e-8);
    close(inc.durbin_watson!.statistic, 3.2619484230939335);
    close(inc.durbin_watson!.p, 0.99787010728330638);
    expect(inc.ljung_box!.lag).toBe(5);
    close(inc.ljung_box!.statistic, 20.849547106689382);
    close(inc.ljung_box!.p, 0.00086482390035080847, 1e-8);
    // the plain OLS estimates are unchanged
    close(inc.level_change!.stdErr, 0.5819199345129921);
    expect(t.notes.join('\n')).toContain('incidents: Newey–West (lag 2): level change -4.22 (SE 0.29, p < 0.0001)');
    expect(t.notes.join('\n')).toContain('Durbin–Watson 3.26');
  });

  it('--seasonal adds month-of-year indicators: R lm(y ~ t + post + tsince + factor(month))', () => {
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), seasonal: true });
    const inc = (t.meta?.launch as { series: SeriesComparison[] }).series[0];
    // R: month <- factor(t %% 12 + 1); fs <- lm(y ~ t + post + tsince + month)
    //    post: 4.2915162454873625464 (SE 0.671024429922350230); NeweyWest(fs, lag = 2, prewhite = FALSE, adjust = TRUE): SE 0.299498191111698508
    close(inc.level_change!.estimate, -4.2915162454873625464);
    close(inc.level_change!.stdErr, 0.67102442992235023);
    close(inc.newey_west!.level_change!.stdErr, 0.299498191111698508);
    expect(inc.seasonal).toBe(true);
    expect(t.notes.join('\n')).toContain('Month-of-year indicators adjust for seasonality');
  });

  it('--model poisson: segmented Poisson regression as rate ratios, R glm(family = poisson)', () => {
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), model: 'poisson' });
    const inc = (t.meta?.launch as { series: SeriesComparison[] }).series[0];
    // R: summary(glm(y ~ t + post + tsince, family = poisson))$coefficients
    //    post: -0.49474157406261337622 (SE 0.280019551800834265, p 7.7259915976033558e-02)
    const m = inc.count_model!;
    close(m.level_change!.rate_ratio, Math.exp(-0.49474157406261337622), 1e-8);
    close(m.level_change!.ci_low, Math.exp(-0.49474157406261337622 - 1.959963984540054 * 0.280019551800834265), 1e-8);
    close(m.level_change!.p, 7.7259915976033558e-2, 1e-8);
    close(m.slope_change!.p, 9.9141672317273744e-1, 1e-8);
    expect(inc.durbin_watson).toBeNull();
    expect(t.notes.join('\n')).toContain(
      'Poisson model: rate ratio at the launch 0.61 (95% CI 0.352 to 1.056, p 0.0773)',
    );
  });

  it('--model negbin with no overdispersion says so instead of a number', () => {
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), model: 'negbin' });
    const inc = (t.meta?.launch as { series: SeriesComparison[] }).series[0];
    expect(inc.count_model!.level_change).toBeNull();
    expect(inc.note).toMatch(/no overdispersion/);
  });

  it('warns when a segment has fewer complete periods than the minimum (default 8)', () => {
    const monthly = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10') });
    expect(monthly.notes.join('\n')).not.toContain('warning: only');
    const strict = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-10'), minPeriods: 14 });
    expect(strict.notes.join('\n')).toContain('warning: only 13 complete period(s) before the launch (fewer than 14)');
    const late = trendTable(ds, { interval: 'month', by: [], launch: day('2021-01-01') });
    expect(late.notes.join('\n')).toContain('warning: only 5 complete period(s) after the launch (fewer than 8)');
  });

  it('a launch on the first day of a month has no transition month', () => {
    const t = trendTable(ds, { interval: 'month', by: [], launch: day('2020-03-01') });
    expect(t.rows[14]).toMatchObject({ phase: 'after' });
    expect((t.meta?.launch as { series: SeriesComparison[] }).series[0]).toMatchObject({
      periods_before: 13,
      periods_after: 15,
    });
  });

  it('too few periods: empty estimates with a note, never NaN', () => {
    const t = trendTable(ds, { interval: 'year', by: [], launch: day('2020-01-01') });
    const s = (t.meta?.launch as { series: SeriesComparison[] }).series[0];
    expect(s).toMatchObject({
      periods_before: 0,
      periods_after: 1,
      mean_before: null,
      percent_change: null,
      level_change: null,
    });
    expect(s.note).toContain('no complete period before the launch');
  });

  it('suppression hides small period counts', () => {
    const t = trendTable(ds, { interval: 'month', by: ['injury'], suppressBelow: 7 });
    expect(t.rows[0]).toMatchObject({ incidents: 10, injury: '<7' });
    expect(t.rows[1]).toMatchObject({ incidents: 11, injury: 0 });
    expect(t.rows[16]).toMatchObject({ incidents: '<7' });
  });
});
