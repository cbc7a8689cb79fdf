import { describe, expect, it } from 'vitest';
import { survivalObservations, survivalTable } from '../../src/metrics/survival.js';
import { build } from '../helpers/spec.js';
import { SURVIVAL_CASES, survivalSpec } from './small-fixtures.js';

function close(actual: unknown, expected: number | null, rel = 1e-9): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('survival: Kaplan–Meier by level on a hand-built dataset, against R survival', () => {
  const { ds, idx } = build(survivalSpec());
  const table = survivalTable(ds, idx, {});

  it('the observations are the constructed times and events', () => {
    const { obs } = survivalObservations(ds, idx, {});
    expect(obs.map((o) => [o.level, o.time, o.event])).toEqual(SURVIVAL_CASES);
  });

  it('matches summary(survfit(Surv(time, status) ~ g)) row by row', () => {
    // strata time n.risk n.event n.censor surv lower upper (R, conf.type = "log")
    const R: [string, number, number, number, number, number, number | null, number | null][] = [
      ['B', 5, 5, 2, 0, 0.6, 0.2933164316383264, 1],
      ['B', 40, 2, 1, 1, 0.3, 0.0630544842551363, 1],
      ['C', 10, 6, 1, 0, 0.833333333333333, 0.5826547954771396, 1],
      ['C', 30, 5, 1, 1, 0.666666666666667, 0.3786064608870951, 1],
      ['C', 50, 3, 1, 0, 0.444444444444444, 0.1668079366280785, 1],
      ['C', 120, 1, 1, 1, 0, null, null],
      ['D', 20, 6, 1, 0, 0.833333333333333, 0.5826547954771396, 1],
      ['D', 100, 4, 1, 2, 0.625, 0.3199921618628541, 1],
    ];
    expect(table.rows).toHaveLength(R.length);
    table.rows.forEach((row, i) => {
      const [level, time, nRisk, events, censored, surv, low, high] = R[i];
      expect([row.level, row.time, row.n_risk, row.events, row.censored]).toEqual([
        level,
        time,
        nRisk,
        events,
        censored,
      ]);
      close(row.survival, surv, 1e-12);
      close(row.ci_low, low, 1e-12);
      close(row.ci_high, high, 1e-12);
    });
  });

  it('--at: survival at fixed horizons matches R summary(survfit(Surv(time, status) ~ g), times = c(30, 100))', () => {
    // R: strata time n.risk surv lower upper
    //    B 30 3 0.6 0.29331643163832638 1 | C 30 5 0.66666666666666674 0.37860646088709510 1 | C 100 1 0.44444444444444448 0.16680793662807852 1
    //    D 30 5 0.83333333333333337 0.58265479547713961 1 | D 100 4 0.625 0.31999216186285406 1 (B at 100 dropped: after B's last time, 60)
    const t = survivalTable(ds, idx, { at: [30, 100] });
    const at = t.meta?.at as {
      level: string;
      days: number;
      n_risk: number | null;
      survival: number | null;
      ci_low: number | null;
      ci_high: number | null;
      note: string | null;
    }[];
    const get = (level: string, days: number) => at.find((r) => r.level === level && r.days === days)!;
    const want: [string, number, number, number, number][] = [
      ['B', 30, 3, 0.6, 0.29331643163832638],
      ['C', 30, 5, 0.66666666666666674, 0.3786064608870951],
      ['C', 100, 1, 0.44444444444444448, 0.16680793662807852],
      ['D', 30, 5, 0.83333333333333337, 0.58265479547713961],
      ['D', 100, 4, 0.625, 0.31999216186285406],
    ];
    for (const [level, days, n, s, lo] of want) {
      const r = get(level, days);
      expect(r.n_risk).toBe(n);
      close(r.survival, s, 1e-12);
      close(r.ci_low, lo, 1e-12);
      close(r.ci_high, 1, 1e-12);
    }
    expect(get('B', 100)).toMatchObject({ survival: null, note: 'beyond the longest follow-up (60)' });
    expect(t.rows).toEqual(table.rows);
    expect(t.notes.join('\n')).toContain('survival at 30, 100 days');
    expect(t.notes.join('\n')).toContain('D 30d 0.833 (0.583 to 1; n 5), 100d 0.625 (0.32 to 1; n 4)');
    expect(table.meta?.at).toBeUndefined();
  });

  it('medians match print(survfit(...)): B 40 (5, NA), C 50 (30, NA), D NA (100, NA)', () => {
    const m = table.meta?.medians as Record<
      string,
      { median: number | null; low: number | null; high: number | null; n: number; events: number }
    >;
    expect(m.B).toMatchObject({ median: 40, low: 5, high: null, n: 5, events: 3 });
    expect(m.C).toMatchObject({ median: 50, low: 30, high: null, n: 6, events: 4 });
    expect(m.D).toMatchObject({ median: null, low: 100, high: null, n: 6, events: 2 });
    expect(m.A).toMatchObject({ n: 0, median: null });
    expect(table.notes.join('\n')).toContain('B 40 (5 to not reached; n 5, events 3)');
  });

  it('the log-rank test matches survdiff: chisq 3.46392666187337 on 2 df, p 0.176936683465991', () => {
    const lr = table.meta?.logrank as {
      statistic: number;
      df: number;
      p: number;
      observed: number[];
      expected: number[];
      groups: string[];
    };
    close(lr.statistic, 3.46392666187337, 1e-9);
    expect(lr.df).toBe(2);
    close(lr.p, 0.176936683465991, 1e-9);
    expect(lr.groups).toEqual(['B', 'C', 'D']);
    expect(lr.observed).toEqual([3, 4, 2]);
    lr.expected.forEach((e, i) => close(e, [1.5444013502837, 3.01430726136609, 4.44129138835021][i], 1e-9));
    expect(table.notes.join('\n')).toContain('log-rank test across levels: chi-square = 3.464, df = 2, p = 0.1769');
  });

  it('says which interval transform and censoring rule it used', () => {
    const notes = table.notes.join('\n');
    expect(notes).toContain('log scale (R survival conf.type = "log")');
    expect(notes).toContain('censored there');
    expect(notes).toContain('the coverage end');
    expect(table.meta?.definitions).toMatchObject({ censoring: 'coverage_end - t0' });
  });

  it('--max-days censors earlier: an event after the limit becomes censored at the limit', () => {
    const { obs } = survivalObservations(ds, idx, { maxDays: 50 });
    expect(obs.map((o) => [o.time, o.event])).toEqual(
      SURVIVAL_CASES.map(([, t, e]) => (t <= 50 ? [t, e] : [50, false])),
    );
    const t = survivalTable(ds, idx, { maxDays: 50 });
    expect(t.notes.join('\n')).toContain('the earlier of the coverage end and 50 days after t0');
  });

  it('no NaN anywhere; S = 0 leaves the interval empty with a note', () => {
    for (const row of table.rows) for (const v of Object.values(row)) expect(Number.isNaN(v)).toBe(false);
    expect(table.notes.join('\n')).toContain('level C: survival reaches 0 at time 120');
  });

  it('a person notified on the coverage end has no follow-up and is left out, counted', () => {
    const spec = survivalSpec();
    spec.notifications.push({ person: 'LATE', date: '2020-12-31', level: 'C' });
    spec.incidents.push({ date: '2020-12-30', suspect: 'LATE' });
    const b = build(spec);
    expect(survivalObservations(b.ds, b.idx, {}).noFollowUp).toBe(1);
    expect(survivalTable(b.ds, b.idx, {}).notes.join('\n')).toContain(
      '1 left out because they were notified on or after the coverage end',
    );
  });
});
