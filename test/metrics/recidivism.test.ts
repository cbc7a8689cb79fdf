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

  it('differences between levels (first − second) with Newcombe intervals match R', () => {
    /*
     * R 4.2 (DescTools is not packaged for Debian; its BinomDiffCI(method = "score") is this):
     *   w  <- function(x, n) prop.test(x, n, correct = FALSE)$conf.int
     *   nc <- function(x1, n1, x2, n2) { p1 <- x1/n1; p2 <- x2/n2; a <- w(x1, n1); b <- w(x2, n2); d <- p1 - p2
     *         c(d, d - sqrt((p1 - a[1])^2 + (b[2] - p2)^2), d + sqrt((a[2] - p1)^2 + (p2 - b[1])^2)) }
     *   nc(20, 41, 21, 40)  # -0.0371951219512195 -0.2428968232407330 0.1730902729736224
     *   nc(21, 40, 35, 90)  #  0.1361111111111111 -0.0460317451796338 0.3095592469640910
     *   nc(35, 90, 30, 110) #  0.1161616161616162 -0.0140024052773239 0.2435131722222393
     *   nc(20, 41, 30, 110) #  0.2150776053215078  0.0442806306419682 0.3801907363923219
     */
    const R: [string, string, number, number, number][] = [
      ['A', 'B', -0.0371951219512195, -0.242896823240733, 0.1730902729736224],
      ['B', 'C', 0.1361111111111111, -0.0460317451796338, 0.309559246964091],
      ['C', 'D', 0.1161616161616162, -0.0140024052773239, 0.2435131722222393],
    ];
    const diffs = table.meta!.differences as {
      first: string;
      second: string;
      difference: number;
      ci_low: number;
      ci_high: number;
    }[];
    expect(diffs.map((d) => [d.first, d.second])).toEqual(R.map((r) => [r[0], r[1]]));
    R.forEach(([, , d, lo, hi], i) => {
      close(diffs[i].difference, d);
      close(diffs[i].ci_low, lo);
      close(diffs[i].ci_high, hi);
    });
    expect(table.notes.join('\n')).toContain(
      'A − B -3.7 (-24.3 to 17.3); B − C 13.6 (-4.6 to 31); C − D 11.6 (-1.4 to 24.4)',
    );
    const ad = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first', contrasts: [['A', 'D']] });
    const [one] = ad.meta!.differences as { difference: number; ci_low: number; ci_high: number }[];
    close(one.difference, 0.2150776053215078);
    close(one.ci_low, 0.0442806306419682);
    close(one.ci_high, 0.3801907363923219);
    // the other way round: negated and swapped (the anchor is first − second)
    const da = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first', contrasts: [['D', 'A']] });
    const [two] = da.meta!.differences as { difference: number; ci_low: number; ci_high: number }[];
    close(two.difference, -0.2150776053215078);
    close(two.ci_low, -0.3801907363923219);
  });

  it('a difference with a level hidden for publication is suppressed; level-entry gives none', () => {
    const t = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first', suppressBelow: 25 });
    // A's reoffenders (20) and B's (21) are hidden: every pair with A or B goes
    expect(t.meta!.differences).toEqual([
      { first: 'A', second: 'B', suppressed: true },
      { first: 'B', second: 'C', suppressed: true },
      expect.objectContaining({ first: 'C', second: 'D' }),
    ]);
    expect(t.notes.join('\n')).toMatch(/A − B suppressed; B − C suppressed; C − D 11\.6/);
    const le = recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'level-entry' });
    expect(le.meta!.differences).toBeNull();
    expect(le.notes.join('\n')).toMatch(/differences between levels: not computed/);
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
