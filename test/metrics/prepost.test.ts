import { describe, expect, it } from 'vitest';
import { prePostCounts, prePostTable } from '../../src/metrics/prepost.js';
import { renderTable, tableToJson } from '../../src/report/render.js';
import { build, day, months, type IncidentRecord, type NotificationRecord } from '../helpers/spec.js';
import { kingstonPrePostSpec } from './kingston-fixture.js';

function close(actual: unknown, expected: number, rel = 1e-9): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('prepost: the Kingston table (fixture built to have the published answer)', () => {
  const { ds, idx } = build(kingstonPrePostSpec());
  const table = prePostTable(ds, idx, { windows: [12, 18, 24] });

  it('reproduces 450/498/1.11/186/0.41; 393/489/1.24/189/0.48; 314/427/1.36/172/0.55', () => {
    const published = [
      [12, 450, 498, '1.11', 186, '0.41'],
      [18, 393, 489, '1.24', 189, '0.48'],
      [24, 314, 427, '1.36', 172, '0.55'],
    ];
    expect(
      table.rows.map((r) => [
        r.window_months,
        r.offenders,
        r.pre_incidents,
        (r.pre_rate as number).toFixed(2),
        r.post_incidents,
        (r.post_rate as number).toFixed(2),
      ]),
    ).toEqual(published);
  });

  it('rates are unrounded in JSON and rounded to two decimals in the human formats', () => {
    const json = tableToJson(table);
    expect(json.rows as unknown[]).toHaveLength(3);
    const row = (json.rows as Record<string, unknown>[])[0];
    expect(Object.keys(row).slice(0, 6)).toEqual([
      'window_months',
      'offenders',
      'pre_incidents',
      'pre_rate',
      'post_incidents',
      'post_rate',
    ]);
    expect(row.pre_rate).toBe(498 / 450);
    expect(row.post_rate).toBe(186 / 450);
    const text = renderTable(table, 'table');
    expect(text).toMatch(/^\s+12\s+450\s+498\s+1\.11\s+186\s+0\.41\s/m);
    expect(text).toMatch(/^\s+18\s+393\s+489\s+1\.24\s+189\s+0\.48\s/m);
    expect(text).toMatch(/^\s+24\s+314\s+427\s+1\.36\s+172\s+0\.55\s/m);
    const md = renderTable(table, 'md');
    expect(md).toContain('| 12 | 450 | 498 | 1.11 | 186 | 0.41 |');
  });

  it('the notes state the definitions, eligibility, coverage and regression to the mean', () => {
    const notes = table.notes.join('\n');
    expect(notes).toContain('±12: 450 in, 20 out; ±18: 393 in, 77 out; ±24: 314 in, 156 out');
    expect(notes).toContain('coverage: 2015-01-01');
    expect(notes).toContain('regression to the mean');
    expect(notes).toContain('index incident included');
    expect(table.meta?.options).toMatchObject({
      windows: [12, 18, 24],
      counted: 'incidents',
      index_incident: 'included',
    });
  });

  it('--exclude-index removes exactly one pre incident per offender (the construction puts one index incident in every window)', () => {
    const t = prePostTable(ds, idx, { windows: [12, 18, 24], excludeIndex: true });
    expect(t.rows.map((r) => r.pre_incidents)).toEqual([498 - 450, 489 - 393, 427 - 314]);
    expect(t.rows.map((r) => r.post_incidents)).toEqual([186, 189, 172]);
    expect(t.notes.join('\n')).toContain('index incident excluded');
  });

  it('the rate ratio is post/pre with equal exposure and never NaN', () => {
    const r = table.rows[0];
    close(r.rate_ratio, 186 / 498);
    close(r.percent_change, 186 / 498 - 1);
    close(r.change, 186 / 450 - 498 / 450);
    for (const row of table.rows) for (const v of Object.values(row)) expect(Number.isNaN(v)).toBe(false);
  });
});

// One person notified on t0; incidents placed on the boundaries of the ±W window.
function onePerson(t0: string, incidents: string[], coverage: { start: string; end: string }, W: number) {
  const spec = {
    incidents: incidents.map((d, i): IncidentRecord => ({ id: `B${i}`, date: d, suspect: 'P1' })),
    notifications: [{ person: 'P1', date: t0, level: 'C' } as NotificationRecord],
    coverage,
  };
  const { ds, idx } = build(spec);
  return prePostCounts(ds, idx, { windows: [W] })[0];
}

describe('prepost: boundary cases (docs/methods.md#prepost)', () => {
  const wide = { start: '2000-01-01', end: '2030-12-31' };

  it('prepost_incident_on_notification_day_is_pre', () => {
    const w = onePerson('2020-06-15', ['2020-06-15'], wide, 12);
    expect([w.pre[0], w.post[0]]).toEqual([1, 0]);
  });

  it('prepost_exactly_w_months_before_is_pre_and_one_day_earlier_is_out', () => {
    const w = onePerson('2020-06-15', ['2019-06-15', '2019-06-14'], wide, 12);
    expect([w.pre[0], w.post[0]]).toEqual([1, 0]);
  });

  it('prepost_exactly_w_months_after_is_post_and_one_day_later_is_out', () => {
    const w = onePerson('2020-06-15', ['2021-06-15', '2021-06-16', '2020-06-16'], wide, 12);
    expect([w.pre[0], w.post[0]]).toEqual([0, 2]);
  });

  it('prepost_month_end_clamps: 2020-03-31 − 1 month = 2020-02-29, + 1 month = 2020-04-30', () => {
    expect(months('2020-03-31', -1)).toBe(day('2020-02-29'));
    const w = onePerson('2020-03-31', ['2020-02-28', '2020-02-29', '2020-04-30', '2020-05-01'], wide, 1);
    expect([w.pre[0], w.post[0]]).toEqual([1, 1]);
  });

  it('prepost_29_february: t0 = 2020-02-29 ± 12 months is 2019-02-28 to 2021-02-28', () => {
    expect(months('2019-02-28', 12)).toBe(day('2020-02-28'));
    const w = onePerson('2020-02-29', ['2019-02-27', '2019-02-28', '2021-02-28', '2021-03-01'], wide, 12);
    expect([w.pre[0], w.post[0]]).toEqual([1, 1]);
  });

  it('prepost_window_touching_the_coverage_edges_is_in', () => {
    const w = onePerson('2020-06-15', ['2020-06-01'], { start: '2019-06-15', end: '2021-06-15' }, 12);
    expect(w.persons).toHaveLength(1);
    expect(w.outsideCoverage).toBe(0);
  });

  it('prepost_window_one_day_past_either_coverage_edge_is_out', () => {
    expect(
      onePerson('2020-06-15', ['2020-06-01'], { start: '2019-06-16', end: '2021-06-15' }, 12).persons,
    ).toHaveLength(0);
    const w = onePerson('2020-06-15', ['2020-06-01'], { start: '2019-06-15', end: '2021-06-14' }, 12);
    expect(w.persons).toHaveLength(0);
    expect(w.outsideCoverage).toBe(1);
  });

  it('prepost_t0_is_the_earliest_notification_whatever_the_row_order', () => {
    const spec = {
      incidents: [
        { date: '2020-01-10', suspect: 'P1' },
        { date: '2020-03-10', suspect: 'P1' },
      ],
      notifications: [
        { person: 'P1', date: '2020-04-01', level: 'B' as const },
        { person: 'P1', date: '2020-02-01', level: 'D' as const },
        { person: 'P1', date: '2020-02-01', level: 'C' as const },
      ],
      coverage: { start: '2018-01-01', end: '2022-12-31' },
    };
    const { ds, idx } = build(spec);
    const w = prePostCounts(ds, idx, { windows: [12] })[0];
    expect([w.pre[0], w.post[0]]).toEqual([1, 1]);
  });

  it('prepost_offenses_only_counts_offense_incidents', () => {
    const spec = {
      incidents: [
        { date: '2020-01-10', suspect: 'P1', arrest: true },
        { date: '2020-01-20', suspect: 'P1' },
        { date: '2020-05-10', suspect: 'P1', offense: 'PL 120.00' },
        { date: '2020-06-10', suspect: 'P1' },
      ],
      notifications: [{ person: 'P1', date: '2020-02-01', level: 'C' as const }],
      coverage: { start: '2018-01-01', end: '2022-12-31' },
    };
    const { ds, idx } = build(spec);
    expect(prePostCounts(ds, idx, { windows: [12] })[0]).toMatchObject({ pre: [2], post: [2] });
    expect(prePostCounts(ds, idx, { windows: [12], offensesOnly: true })[0]).toMatchObject({ pre: [1], post: [1] });
    // the index incident (2020-01-20) is not an offense: nothing more to remove when counting offenses
    expect(prePostCounts(ds, idx, { windows: [12], offensesOnly: true, excludeIndex: true })[0]).toMatchObject({
      pre: [1],
      post: [1],
    });
    expect(prePostCounts(ds, idx, { windows: [12], excludeIndex: true })[0]).toMatchObject({ pre: [1], post: [2] });
  });

  it('prepost_exclude_index_row_order: two incidents on the index day, ties by incident_id, shuffled rows give the same counts', () => {
    // P1: I-B (offense) and I-A (not) on the same day before t0; the index incident is the greater id, I-B, an offense
    // P2: I-C (not) and I-D (offense) on the same day: the index incident is I-D
    // P3: two rows of the same incident I-E (a second suspect row is not possible for one person, but a duplicate row is)
    const incidents = [
      { id: 'I-B', date: '2020-01-20', suspect: 'P1', arrest: true },
      { id: 'I-A', date: '2020-01-20', suspect: 'P1' },
      { id: 'I-0', date: '2019-12-01', suspect: 'P1', arrest: true },
      { id: 'I-D', date: '2020-01-25', suspect: 'P2', arrest: true },
      { id: 'I-C', date: '2020-01-25', suspect: 'P2' },
      { id: 'I-E', date: '2020-01-05', suspect: 'P3' },
      { id: 'I-E', date: '2020-01-05', suspect: 'P3', arrest: true },
      { id: 'I-F', date: '2020-04-05', suspect: 'P3', arrest: true },
    ];
    const notifications = ['P1', 'P2', 'P3'].map((person) => ({ person, date: '2020-02-01', level: 'C' as const }));
    const coverage = { start: '2018-01-01', end: '2022-12-31' };
    const counts = (rows: typeof incidents) => {
      const { ds, idx } = build({ incidents: rows, notifications, coverage });
      const w = prePostCounts(ds, idx, { windows: [12], offensesOnly: true, excludeIndex: true })[0];
      return Object.fromEntries(w.persons.map((p, i) => [ds.persons.values[p], [w.pre[i], w.post[i]]]));
    };
    const base = counts(incidents);
    expect(base).toEqual({ P1: [1, 0], P2: [0, 0], P3: [0, 1] });
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < 30; k++) {
      const shuffled = [...incidents];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(counts(shuffled)).toEqual(base);
    }
  });
});

describe('prepost: statistics', () => {
  // six persons, pre counts 3,2,4,1,2,5 and post 0,1,1,1,0,2 in a ±12 window
  const pre = [3, 2, 4, 1, 2, 5],
    post = [0, 1, 1, 1, 0, 2];
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  pre.forEach((n, i) => {
    const id = `S${i}`;
    notifications.push({ person: id, date: '2020-06-15', level: 'C' });
    for (let k = 0; k < n; k++) incidents.push({ date: day('2020-06-15') - 10 * k, suspect: id });
    for (let k = 0; k < post[i]; k++) incidents.push({ date: day('2020-06-16') + 10 * k, suspect: id });
  });
  const { ds, idx } = build({ incidents, notifications, coverage: { start: '2019-01-01', end: '2021-12-31' } });
  const row = prePostTable(ds, idx, { windows: [12] }).rows[0];

  it('rate ratio and exact interval match R poisson.test(c(5, 17), c(72, 72))', () => {
    // R 4.2.2: estimate 0.294117647058824, conf.int 0.0848413880330187 0.8305082063760781, p 0.0169005393981934
    close(row.rate_ratio, 0.294117647058824);
    close(row.rr_ci_low, 0.0848413880330187);
    close(row.rr_ci_high, 0.8305082063760781);
    close(row.rr_p, 0.0169005393981934);
  });

  it('the paired Wilcoxon test is exact for small n with ties: R coin::wilcoxsign_test(distribution = "exact")', () => {
    // R: coin::pvalue(coin::wilcoxsign_test(c(0,1,1,1,0,2) ~ c(3,2,4,1,2,5), zero.method = "Wilcoxon", distribution = "exact")) = 0.0625
    //    (wilcox.test(post, pre, paired = TRUE) gives V = 0 and p = 0.0544740351061956 from the normal approximation,
    //    below the smallest p any exact test on 5 pairs can reach, 2/2^5 = 0.0625)
    expect(row.wilcoxon_v).toBe(0);
    expect(row.wilcoxon_n).toBe(5);
    close(row.wilcoxon_p, 0.0625);
  });

  it('five pairs that each drop by one give p = 0.0625 exactly', () => {
    const inc5: IncidentRecord[] = [],
      not5: NotificationRecord[] = [];
    for (let i = 0; i < 5; i++) {
      not5.push({ person: `F${i}`, date: '2020-06-15', level: 'C' });
      inc5.push(
        { date: day('2020-06-10'), suspect: `F${i}` },
        { date: day('2020-05-10'), suspect: `F${i}` },
        { date: day('2020-07-10'), suspect: `F${i}` },
      );
    }
    const b = build({ incidents: inc5, notifications: not5, coverage: { start: '2019-01-01', end: '2021-12-31' } });
    const r = prePostTable(b.ds, b.idx, { windows: [12] });
    expect(r.rows[0]).toMatchObject({
      offenders: 5,
      pre_incidents: 10,
      post_incidents: 5,
      wilcoxon_n: 5,
      wilcoxon_v: 0,
      wilcoxon_p: 0.0625,
    });
    expect(r.notes.join('\n')).toContain(
      '±12 months Wilcoxon: exact p (permutation distribution of the signs, ties allowed)',
    );
  });

  it('the person-level robust rate-ratio interval matches R glm + sandwich::vcovCL', () => {
    // R: d <- data.frame(id = rep(1:6, 2), y = c(pre, post), period = rep(0:1, each = 6))
    //    V <- sandwich::vcovCL(glm(y ~ period, family = poisson, data = d), cluster = ~id, type = "HC0")
    //    exp(coef(fit)[2] + c(-1, 1) * qnorm(0.975) * sqrt(V[2, 2])) = 0.15777136065452518 0.54829463314877214
    close(row.rr_robust_low, 0.15777136065452518);
    close(row.rr_robust_high, 0.54829463314877214);
  });

  it('a window with no eligible person gives empty statistics and a note, never NaN', () => {
    const t = prePostTable(ds, idx, { windows: [60] });
    expect(t.rows[0]).toMatchObject({
      offenders: 0,
      pre_rate: null,
      post_rate: null,
      rate_ratio: null,
      wilcoxon_p: null,
    });
    expect(t.notes.join('\n')).toContain('±60 months: no notified person has the whole window inside the coverage');
  });

  it('--suppress-below hides counts 1…N−1 and what is built on them', () => {
    const t = prePostTable(ds, idx, { windows: [12], suppressBelow: 10 });
    // the small count reads "<10"; what is built on it reads "suppressed" (a rate of "<10" would mean nothing)
    expect(t.rows[0]).toMatchObject({
      offenders: '<10',
      pre_incidents: 'suppressed',
      pre_rate: 'suppressed',
      rate_ratio: 'suppressed',
      rr_p: 'suppressed',
      wilcoxon_p: 'suppressed',
    });
    expect(t.notes.join('\n')).toContain('shown as "<10"');
    expect(t.notes.join('\n')).toContain('±12: suppressed in, suppressed out');
    const t2 = prePostTable(ds, idx, { windows: [12], suppressBelow: 6 });
    expect(t2.rows[0]).toMatchObject({
      offenders: 6,
      pre_incidents: 17,
      post_incidents: '<6',
      post_rate: 'suppressed',
      rate_ratio: 'suppressed',
      rr_p: 'suppressed',
      wilcoxon_n: '<6',
      wilcoxon_v: 'suppressed',
      wilcoxon_p: 'suppressed',
      pre_rate: 17 / 6,
    });
    expect(t2.notes.join('\n')).not.toMatch(/±12 months Wilcoxon/);
  });

  it('row order of the input never changes the table', () => {
    const shuffled = build({
      incidents: [...incidents].reverse(),
      notifications: [...notifications].reverse(),
      coverage: { start: '2019-01-01', end: '2021-12-31' },
    });
    expect(prePostTable(shuffled.ds, shuffled.idx, { windows: [12] }).rows).toEqual(
      prePostTable(ds, idx, { windows: [12] }).rows,
    );
  });
});
