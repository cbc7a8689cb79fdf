import { describe, expect, it } from 'vitest';
import { recidivismTable } from '../../src/metrics/recidivism.js';
import { renderTable, tableToJson } from '../../src/report/render.js';
import { build, months, type NotificationRecord } from '../helpers/spec.js';
import { kingstonRecidivismSpec } from './kingston-fixture.js';

function close(actual: unknown, expected: number, rel = 1e-9): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('recidivism: the Kingston table (fixture built to have the published answer)', () => {
  const { ds, idx } = build(kingstonRecidivismSpec());
  const table = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first' });

  it('reproduces A 48.8, B 52.5, C 38.9, D 27.3 (20/41, 21/40, 35/90, 30/110)', () => {
    expect(table.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 41, 20],
      ['B', 40, 21],
      ['C', 90, 35],
      ['D', 110, 30],
      ['all', 281, 106],
    ]);
    expect(table.rows.slice(0, 4).map((r) => ((r.rate as number) * 100).toFixed(1))).toEqual([
      '48.8',
      '52.5',
      '38.9',
      '27.3',
    ]);
    const text = renderTable(table, 'table');
    expect(text).toMatch(/^A\s+41\s+20\s+48\.8%/m);
    expect(text).toMatch(/^B\s+40\s+21\s+52\.5%/m);
    expect(text).toMatch(/^C\s+90\s+35\s+38\.9%/m);
    expect(text).toMatch(/^D\s+110\s+30\s+27\.3%/m);
  });

  it('Wilson intervals match R prop.test(x, n, correct = FALSE)', () => {
    // prop.test(20, 41, correct = FALSE)$conf.int: 0.342544295544327 0.635154913484562
    close(table.rows[0].ci_low, 0.342544295544327);
    close(table.rows[0].ci_high, 0.635154913484562);
    // prop.test(106, 281, correct = FALSE)$conf.int: 0.322568120811993 0.435191861580756
    close(table.rows[4].ci_low, 0.322568120811993);
    close(table.rows[4].ci_high, 0.435191861580756);
  });

  it('the chi-square test across levels matches R chisq.test(m, correct = FALSE)', () => {
    // chisq.test(matrix(c(20,21,35,30, 21,19,55,80), ncol = 2), correct = FALSE): X-squared = 11.01734417311, df = 3, p = 0.011632457815
    const chi = table.meta?.chi_square as { statistic: number; df: number; p: number };
    close(chi.statistic, 11.01734417311);
    expect(chi.df).toBe(3);
    close(chi.p, 0.011632457815, 1e-8);
    expect(table.notes.join('\n')).toContain('X² = 11.017, df = 3, p = 0.0116');
  });

  it('JSON has exactly the named fields, unrounded rates, and the benchmarks beside (not in) the rows', () => {
    const json = tableToJson(table, {});
    const rows = json.rows as Record<string, unknown>[];
    expect(Object.keys(rows[0])).toEqual(['level', 'persons', 'reoffenders', 'rate', 'ci_low', 'ci_high']);
    expect(rows[0].rate).toBe(20 / 41);
    expect(rows.map((r) => r.level)).toEqual(['A', 'B', 'C', 'D', 'all']);
    const bench = json.benchmarks as { site: string; level: string; rate: number; measured: string }[];
    expect(bench.map((b) => [b.site, b.level, b.rate])).toEqual([
      ['Kingston, NY', 'A', 0.488],
      ['Kingston, NY', 'B', 0.525],
      ['Kingston, NY', 'C', 0.389],
      ['Kingston, NY', 'D', 0.273],
      ['High Point, NC', 'all', 0.19],
      ['Olympia, WA', 'all', 0.45],
      ['Rhode Island', 'all', 0.642],
    ]);
    for (const b of bench) expect(b.measured.length).toBeGreaterThan(20);
    expect(table.notes.join('\n')).toMatch(
      /published, for comparison only.*High Point, NC 19%.*Olympia, WA 45%.*Rhode Island 64\.2%/,
    );
  });

  it('states the cohort, follow-up, eligibility and coverage', () => {
    const notes = table.notes.join('\n');
    expect(notes).toContain('cohort "first"');
    expect(notes).toContain(
      'follow-up: 12 months; eligible when t0 + 12 months ≤ coverage end; 25 notified person(s) left out',
    );
    expect(notes).toContain('coverage: 2019-01-01');
    expect(table.meta?.options).toMatchObject({ follow_up_months: 12, cohort: 'first' });
  });
});

describe('recidivism: boundary cases (docs/methods.md#recidivism)', () => {
  const t0 = '2020-02-29';
  const one = (
    incidents: string[],
    notifications: NotificationRecord[] = [{ person: 'P', date: t0, level: 'C' }],
    end = '2021-12-31',
  ) =>
    build({
      incidents: [{ date: '2020-02-01', suspect: 'P' }, ...incidents.map((d) => ({ date: d, suspect: 'P' }))],
      notifications,
      coverage: { start: '2019-01-01', end },
    });
  const row = (b: ReturnType<typeof one>, level = 'C') =>
    recidivismTable(b.ds, b.idx, { followUpMonths: 12, cohort: 'first' }).rows.find((r) => r.level === level)!;

  it('recidivism_incident_on_notification_day_is_not_a_reoffense', () => {
    expect(row(one([t0]))).toMatchObject({ persons: 1, reoffenders: 0 });
  });
  it('recidivism_exactly_f_months_after_counts_29_february', () => {
    // 2020-02-29 + 12 months = 2021-02-28
    expect(months(t0, 12)).toBe(months('2021-02-28', 0));
    expect(row(one(['2021-02-28']))).toMatchObject({ persons: 1, reoffenders: 1 });
    expect(row(one(['2021-03-01']))).toMatchObject({ persons: 1, reoffenders: 0 });
  });
  it('recidivism_follow_up_touching_coverage_end_is_eligible_one_day_short_is_not', () => {
    expect(row(one(['2020-03-01'], undefined, '2021-02-28'))).toMatchObject({ persons: 1, reoffenders: 1 });
    expect(row(one(['2020-03-01'], undefined, '2021-02-27'))).toMatchObject({
      persons: 0,
      reoffenders: 0,
      rate: null,
      ci_low: null,
    });
  });
  it('recidivism_two_notifications_on_the_first_day_the_higher_level_counts', () => {
    const b = one(
      ['2020-06-01'],
      [
        { person: 'P', date: t0, level: 'D' },
        { person: 'P', date: t0, level: 'B' },
        { person: 'P', date: '2020-05-01', level: 'A' },
      ],
    );
    const t = recidivismTable(b.ds, b.idx, { followUpMonths: 12, cohort: 'first' });
    expect(t.rows.map((r) => [r.level, r.persons])).toEqual([
      ['A', 0],
      ['B', 1],
      ['C', 0],
      ['D', 0],
      ['all', 1],
    ]);
    expect(t.notes.join('\n')).toContain('level A: no eligible person, so no rate');
  });
  it('recidivism_level_entry_counts_each_level_first_notified_at', () => {
    const b = one(
      ['2020-06-01'],
      [
        { person: 'P', date: t0, level: 'D' },
        { person: 'P', date: t0, level: 'C' },
        { person: 'P', date: '2020-07-01', level: 'C' },
        { person: 'P', date: '2020-07-01', level: 'B' },
      ],
    );
    const t = recidivismTable(b.ds, b.idx, { followUpMonths: 12, cohort: 'level-entry' });
    // D and C entered on 2020-02-29 (reoffended 2020-06-01); B entered 2020-07-01 (no incident after)
    expect(t.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 0, 0],
      ['B', 1, 0],
      ['C', 1, 1],
      ['D', 1, 1],
      ['all', 3, 2],
    ]);
    expect(t.meta?.chi_square).toBeNull();
    expect(t.notes.join('\n')).toContain('not independent');
  });
  it('recidivism_suppression_hides_small_counts_and_their_rates', () => {
    const { ds, idx } = build(kingstonRecidivismSpec());
    const t = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first', suppressBelow: 21 });
    expect(t.rows[0]).toMatchObject({
      level: 'A',
      persons: 41,
      reoffenders: '<21',
      rate: 'suppressed',
      ci_low: 'suppressed',
      ci_high: 'suppressed',
    });
    // B: 40 − 21 = 19 did not reoffend, a small count too, so B's reoffenders are hidden
    expect(t.rows[1]).toMatchObject({ level: 'B', persons: 40, reoffenders: 'suppressed', rate: 'suppressed' });
    expect(t.rows[2]).toMatchObject({ level: 'C', persons: 90, reoffenders: 35 });
    expect(t.notes.join('\n')).toContain('shown as "suppressed" (8 cells)');
    expect(t.notes.join('\n')).toMatch(/chi-square test of equal rates across levels: not shown/);
    expect(t.meta?.chi_square).toEqual({ suppressed: true });
  });
});

describe('recidivism: small expected counts', () => {
  // A: 1 of 5 reoffended, B: nobody, C: 0 of 6, D: 3 of 5
  const incidents: { date: string; suspect: string }[] = [];
  const notifications: NotificationRecord[] = [];
  const add = (level: 'A' | 'C' | 'D', persons: number, reoffenders: number) => {
    for (let i = 0; i < persons; i++) {
      const id = `${level}${i}`;
      notifications.push({ person: id, date: '2020-03-01', level });
      incidents.push({ date: '2020-02-20', suspect: id });
      if (i < reoffenders) incidents.push({ date: '2020-08-01', suspect: id });
    }
  };
  add('A', 5, 1);
  add('C', 6, 0);
  add('D', 5, 3);
  const { ds, idx } = build({ incidents, notifications, coverage: { start: '2019-01-01', end: '2022-12-31' } });
  const t = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first' });

  it("adds Fisher's exact test, matching R fisher.test, and names the dropped level", () => {
    // R: fisher.test(matrix(c(1, 4, 0, 6, 3, 2), 3, byrow = TRUE))$p.value = 0.068681318681318798
    expect(t.rows.map((r) => [r.level, r.persons, r.reoffenders])).toEqual([
      ['A', 5, 1],
      ['B', 0, 0],
      ['C', 6, 0],
      ['D', 5, 3],
      ['all', 16, 4],
    ]);
    const f = t.meta?.fisher_exact as { p: number };
    close(f.p, 0.068681318681318798, 1e-9);
    const notes = t.notes.join('\n');
    expect(notes).toContain('dropped all-zero row(s) B');
    expect(notes).not.toContain('row(s) 2');
    expect(notes).toContain("read Fisher's exact test instead (two-sided, R fisher.test): p = 0.0687");
  });

  it('the Kingston table (all expected counts ≥ 5) has no Fisher test', () => {
    const k = build(kingstonRecidivismSpec());
    expect(recidivismTable(k.ds, k.idx, { followUpMonths: 12, cohort: 'first' }).meta?.fisher_exact).toBeNull();
  });
});
