import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, formatDay, parseIsoDay } from '../dates.js';
import {
  IPV_RELATIONSHIPS,
  NON_IPV_RELATIONSHIPS,
  personId,
  simulate,
  simulateStream,
  type IncidentRow,
  type NotificationRow,
  type SimulateOptions,
} from './generate.js';

const day = (s: string) => parseIsoDay(s)!;
const BASE: SimulateOptions = {
  persons: 3000,
  seed: 42,
  start: day('2019-01-01'),
  end: day('2023-12-31'),
  launch: day('2020-01-01'),
};
const demo = simulate(BASE);

/**
 * An oracle for docs/methods.md#classification, written from the spec over the rows (not
 * the simulator's TierState): the level as of day T (ISO dates compare as
 * strings).
 */
function levelAsOf(incs: IncidentRow[], nots: NotificationRow[], T: string): string {
  const seen = incs.filter((i) => i.incident_date <= T);
  if (seen.length === 0) return '';
  const isOffense = (i: IncidentRow) => i.arrest === 'true' || i.offense !== '';
  const isSerious = (i: IncidentRow) => i.weapon === 'true' || i.strangulation === 'true' || i.felony === 'true';
  const offenses = seen.filter(isOffense).length;
  const serious = seen.filter(isSerious).length;
  const first = (L: string) =>
    nots
      .filter((n) => n.level === L && n.notification_date <= T)
      .map((n) => n.notification_date)
      .sort()[0];
  const after = (L: string) => {
    const f = first(L);
    return f === undefined ? 0 : seen.filter((i) => isOffense(i) && i.incident_date > f).length;
  };
  if ((first('B') !== undefined && after('B') >= 1) || (serious >= 1 && offenses >= 2)) return 'A';
  if (offenses >= 2 || (first('C') !== undefined && after('C') >= 1)) return 'B';
  if (offenses >= 1) return 'C';
  return 'D';
}

function byPerson<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    let a = m.get(k);
    if (!a) m.set(k, (a = []));
    a.push(r);
  }
  return m;
}

const incByPerson = byPerson(demo.incidents, (i) => i.suspect_id);
const notByPerson = byPerson(demo.notifications, (n) => n.person_id);

describe('simulate: determinism', () => {
  it('the same seed gives identical output', () => {
    const small = { ...BASE, persons: 400 };
    expect(simulate(small)).toEqual(simulate(small));
  });

  it('a different seed gives different output', () => {
    const a = simulate({ ...BASE, persons: 400 });
    const b = simulate({ ...BASE, persons: 400, seed: 43 });
    expect(b.incidents).not.toEqual(a.incidents);
    expect(b.notifications).not.toEqual(a.notifications);
  });

  it('simulateStream yields the same rows as simulate', () => {
    const small = { ...BASE, persons: 300 };
    const incidents: IncidentRow[] = [];
    const notifications: NotificationRow[] = [];
    const summary = simulateStream(
      small,
      (rows) => incidents.push(...rows),
      (rows) => notifications.push(...rows),
    );
    const all = simulate(small);
    expect(incidents).toEqual(all.incidents);
    const key = (n: NotificationRow) => JSON.stringify(n);
    expect(notifications.map(key).sort()).toEqual(all.notifications.map(key).sort());
    expect(summary).toEqual(all.summary);
  });
});

describe('simulate: rows', () => {
  it('has the canonical fields with string values', () => {
    expect(Object.keys(demo.incidents[0])).toEqual([
      'incident_id',
      'incident_date',
      'suspect_id',
      'victim_id',
      'relationship',
      'offense',
      'arrest',
      'injury',
      'weapon',
      'strangulation',
      'felony',
      'agency',
    ]);
    expect(Object.keys(demo.notifications[0])).toEqual([
      'person_id',
      'notification_date',
      'level',
      'type',
      'victim_contact_date',
    ]);
    for (const i of demo.incidents) {
      for (const v of Object.values(i)) expect(typeof v).toBe('string');
      for (const b of [i.arrest, i.injury, i.weapon, i.strangulation, i.felony]) expect(['true', 'false']).toContain(b);
      expect(i.incident_id).toMatch(/^DIR-\d{4}-\d{6,}$/);
      expect(i.incident_id.slice(4, 8)).toBe(i.incident_date.slice(0, 4));
    }
  });

  it('never repeats (incident_id, suspect_id), and some incidents have two suspects', () => {
    const keys = new Set(demo.incidents.map((i) => `${i.incident_id}\u0000${i.suspect_id}`));
    expect(keys.size).toBe(demo.incidents.length);
    const ids = new Set(demo.incidents.map((i) => i.incident_id));
    expect(ids.size).toBeLessThan(demo.incidents.length);
    const rowsPerId = byPerson(demo.incidents, (i) => i.incident_id);
    for (const rows of rowsPerId.values()) {
      expect(rows.length).toBeLessThanOrEqual(2);
      if (rows.length === 2) {
        expect(rows[1].incident_date).toBe(rows[0].incident_date);
        expect(rows[1].victim_id).toBe(rows[0].victim_id);
      }
    }
  });

  it('keeps every date within [start, end]', () => {
    const lo = formatDay(BASE.start),
      hi = formatDay(BASE.end);
    for (const i of demo.incidents) {
      expect(i.incident_date >= lo && i.incident_date <= hi).toBe(true);
    }
    for (const n of demo.notifications) {
      expect(n.notification_date >= lo && n.notification_date <= hi).toBe(true);
      if (n.victim_contact_date) expect(n.victim_contact_date >= lo && n.victim_contact_date <= hi).toBe(true);
    }
  });

  it('sorts notifications by date', () => {
    const dates = demo.notifications.map((n) => n.notification_date);
    expect([...dates].sort()).toEqual(dates);
  });

  it('has IDs that are strings with leading zeros: 7, 007 and 0007 are three people', () => {
    const persons = new Set(demo.incidents.map((i) => i.suspect_id));
    expect(persons.has('7')).toBe(true);
    expect(persons.has('007')).toBe(true);
    expect(persons.has('0007')).toBe(true);
    expect(incByPerson.get('7')![0].victim_id).not.toBe(incByPerson.get('007')![0].victim_id);
  });

  it('personId is unique', () => {
    const n = 200_000;
    const ids = new Set<string>();
    for (let i = 0; i < n; i++) ids.add(personId(i));
    expect(ids.size).toBe(n);
    expect([personId(6), personId(279), personId(259)]).toEqual(['7', '007', '0007']);
  });

  it('has realistic shares: ~2.4 rows a person, ~40% offenses, ~10% serious, some injury, family codes', () => {
    const n = demo.incidents.length;
    const share = (f: (i: IncidentRow) => boolean) => demo.incidents.filter(f).length / n;
    expect(n / BASE.persons).toBeGreaterThan(2.1);
    expect(n / BASE.persons).toBeLessThan(2.8);
    expect(share((i) => i.arrest === 'true' || i.offense !== '')).toBeGreaterThan(0.36);
    expect(share((i) => i.arrest === 'true' || i.offense !== '')).toBeLessThan(0.45);
    expect(share((i) => i.weapon === 'true' || i.strangulation === 'true' || i.felony === 'true')).toBeGreaterThan(
      0.07,
    );
    expect(share((i) => i.weapon === 'true' || i.strangulation === 'true' || i.felony === 'true')).toBeLessThan(0.13);
    expect(share((i) => i.injury === 'true')).toBeGreaterThan(0.1);
    const ipv = share((i) => (IPV_RELATIONSHIPS as readonly string[]).includes(i.relationship));
    const family = share((i) => (NON_IPV_RELATIONSHIPS as readonly string[]).includes(i.relationship));
    expect(ipv + family).toBeCloseTo(1, 10);
    expect(family).toBeGreaterThan(0.02);
    expect(family).toBeLessThan(0.1);
    // repeat offending is skewed: most people have one incident, a few many
    const counts = [...incByPerson.values()].map((r) => r.length);
    const ones = counts.filter((c) => c === 1).length / counts.length;
    expect(ones).toBeGreaterThan(0.4);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(10);
    // some people harm a second partner
    const twoVictims = [...incByPerson.values()].filter((r) => new Set(r.map((i) => i.victim_id)).size > 1).length;
    expect(twoVictims).toBeGreaterThan(0);
  });
});

describe('simulate: notifications follow the tier rules', () => {
  it('every notified person has incidents, on or before the notification', () => {
    for (const n of demo.notifications) {
      const incs = incByPerson.get(n.person_id);
      expect(incs, n.person_id).toBeDefined();
      expect(incs!.some((i) => i.incident_date <= n.notification_date)).toBe(true);
    }
  });

  it("the level of each notification is the person's tier on its date (oracle from docs/methods.md#classification)", () => {
    let checked = 0;
    for (const [p, nots] of notByPerson) {
      const incs = incByPerson.get(p)!;
      for (const n of nots) {
        expect(levelAsOf(incs, nots, n.notification_date), `${p} ${n.notification_date}`).toBe(n.level);
        checked++;
      }
    }
    expect(checked).toBe(demo.notifications.length);
    expect(checked).toBeGreaterThan(1000);
  });

  it('never notifies at A, and uses the type of each level', () => {
    const levels = new Set(demo.notifications.map((n) => n.level));
    expect([...levels].sort()).toEqual(['B', 'C', 'D']);
    for (const n of demo.notifications) {
      if (n.level === 'D') expect(n.type).toBe('letter');
      if (n.level === 'C') expect(['face_to_face', 'custom_notification']).toContain(n.type);
      if (n.level === 'B') expect(n.type).toBe('custom_notification');
    }
  });

  it('notifies at most once per level, not before launch, and follows an incident on or after launch', () => {
    const launch = formatDay(BASE.launch!);
    for (const [p, nots] of notByPerson) {
      expect(new Set(nots.map((n) => n.level)).size).toBe(nots.length);
      for (const n of nots) {
        expect(n.notification_date >= launch).toBe(true);
        expect(
          incByPerson.get(p)!.some((i) => i.incident_date >= launch && i.incident_date < n.notification_date),
        ).toBe(true);
      }
    }
  });

  it('contacts the victim on or before most B notifications, but not all', () => {
    const b = demo.notifications.filter((n) => n.level === 'B');
    expect(b.length).toBeGreaterThan(100);
    const onTime = b.filter((n) => n.victim_contact_date !== '' && n.victim_contact_date <= n.notification_date).length;
    expect(onTime / b.length).toBeGreaterThan(0.8);
    expect(onTime).toBeLessThan(b.length);
    expect(b.some((n) => n.victim_contact_date === '')).toBe(true);
    expect(b.some((n) => n.victim_contact_date > n.notification_date)).toBe(true);
    // and some C/D notifications record a contact too
    expect(demo.notifications.some((n) => n.level !== 'B' && n.victim_contact_date !== '')).toBe(true);
  });

  it('notifies about 80% of those whose level was raised after launch (D, C or B)', () => {
    const launch = formatDay(BASE.launch!);
    let raised = 0;
    for (const [p, incs] of incByPerson) {
      const family = (NON_IPV_RELATIONSHIPS as readonly string[]).includes(incs[0].relationship);
      if (family) {
        expect(notByPerson.has(p)).toBe(false);
        continue;
      }
      // a person whose first incident is after launch always has a raise to D or C at it
      if (incs[0].incident_date >= launch && incs.length === 1 && incs[0].incident_date < '2023-10-01') raised++;
    }
    const notifiedSingles = [...incByPerson.entries()].filter(
      ([p, incs]) =>
        incs.length === 1 &&
        incs[0].incident_date >= launch &&
        incs[0].incident_date < '2023-10-01' &&
        notByPerson.has(p),
    ).length;
    expect(notifiedSingles / raised).toBeGreaterThan(0.72);
    expect(notifiedSingles / raised).toBeLessThan(0.88);
  });

  it('gives no notifications before launch and none at all when launch is after the end', () => {
    const none = simulate({ ...BASE, persons: 300, launch: day('2024-06-01') });
    expect(none.notifications).toEqual([]);
    const all = simulate({ ...BASE, persons: 300, launch: undefined });
    expect(all.notifications.some((n) => n.notification_date < '2020-01-01')).toBe(true);
  });
});

describe('simulate: properties over random seeds and periods', () => {
  it('notification levels match the oracle, dates stay in the period, keys are unique', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: day('2015-01-01'), max: day('2022-12-31') }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: -100, max: 2100 }),
        fc.constantFrom(0.3, 0.5, 1, 2),
        (seed, start, length, launchOffset, effect) => {
          const o: SimulateOptions = {
            persons: 150,
            seed,
            start,
            end: start + length,
            launch: start + launchOffset,
            effect,
          };
          const r = simulate(o);
          const lo = formatDay(o.start),
            hi = formatDay(o.end),
            launch = formatDay(o.launch!);
          const incs = byPerson(r.incidents, (i) => i.suspect_id);
          const nots = byPerson(r.notifications, (n) => n.person_id);
          expect(new Set(r.incidents.map((i) => `${i.incident_id}\u0000${i.suspect_id}`)).size).toBe(
            r.incidents.length,
          );
          for (const i of r.incidents) expect(i.incident_date >= lo && i.incident_date <= hi).toBe(true);
          for (const [p, ns] of nots) {
            for (const n of ns) {
              expect(n.notification_date >= launch && n.notification_date <= hi).toBe(true);
              expect(levelAsOf(incs.get(p)!, ns, n.notification_date)).toBe(n.level);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('simulate: the effect of notification', () => {
  /** Kingston-style ±12 months rate around the first notification (docs/methods.md#prepost). */
  function prePost(r: ReturnType<typeof simulate>) {
    const incs = byPerson(r.incidents, (i) => i.suspect_id);
    const first = new Map<string, string>();
    for (const n of r.notifications) if (!first.has(n.person_id)) first.set(n.person_id, n.notification_date);
    let offenders = 0,
      pre = 0,
      post = 0;
    for (const [p, t0] of first) {
      const d0 = day(t0);
      const lo = formatDay(addMonths(d0, -12)),
        hi = formatDay(addMonths(d0, 12));
      if (lo < '2019-01-01' || hi > '2023-12-31') continue;
      offenders++;
      for (const i of incs.get(p)!) {
        if (i.incident_date >= lo && i.incident_date <= t0) pre++;
        else if (i.incident_date > t0 && i.incident_date <= hi) post++;
      }
    }
    return { offenders, pre: pre / offenders, post: post / offenders };
  }

  it('re-offending after notification drops with effect 0.5, much less with effect 1', () => {
    const withEffect = prePost(simulate({ ...BASE, persons: 4000, effect: 0.5 }));
    const without = prePost(simulate({ ...BASE, persons: 4000, effect: 1 }));
    expect(withEffect.offenders).toBeGreaterThan(1000);
    expect(withEffect.post).toBeLessThan(0.75 * withEffect.pre);
    expect(without.post).toBeGreaterThan(0.8 * without.pre);
    expect(withEffect.post).toBeLessThan(0.8 * without.post);
  });
});

describe('simulate: options', () => {
  it('rejects bad options', () => {
    expect(() => simulate({ ...BASE, persons: 0 })).toThrow(/persons/);
    expect(() => simulate({ ...BASE, persons: 1.5 })).toThrow(/persons/);
    expect(() => simulate({ ...BASE, seed: -1 })).toThrow(/seed/);
    expect(() => simulate({ ...BASE, start: BASE.end + 1 })).toThrow(/start/);
    expect(() => simulate({ ...BASE, effect: 0 })).toThrow(/effect/);
  });

  it('works for a one-day period', () => {
    const r = simulate({ ...BASE, persons: 50, start: day('2021-06-01'), end: day('2021-06-01'), launch: undefined });
    expect(r.incidents.every((i) => i.incident_date === '2021-06-01')).toBe(true);
    const perPerson = byPerson(r.incidents, (i) => i.suspect_id);
    for (const rows of perPerson.values()) expect(rows.length).toBe(1);
  });
});

describe('simulate: stationary counts (the burn-in)', () => {
  /** OLS slope of monthly incident counts against the month number, relative to the mean monthly count. */
  function relativeSlope(r: ReturnType<typeof simulate>): { slope: number; first: number; last: number } {
    const counts = new Map<string, number>();
    for (const i of r.incidents)
      counts.set(i.incident_date.slice(0, 7), (counts.get(i.incident_date.slice(0, 7)) ?? 0) + 1);
    const ys = [...counts.keys()].sort().map((k) => counts.get(k)!);
    const n = ys.length;
    const mx = (n - 1) / 2,
      my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0,
      sxx = 0;
    ys.forEach((y, x) => {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
    });
    const year = (k: number) => ys.slice(k, k + 12).reduce((a, b) => a + b, 0);
    return { slope: sxy / sxx / my, first: year(0), last: year(n - 12) };
  }

  it('with --effect 1 the monthly counts have no trend over the coverage, across seeds', () => {
    const slopes: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const s = relativeSlope(simulate({ ...BASE, persons: 2500, seed, effect: 1 }));
      slopes.push(s.slope);
      // no climb: the first and the last year hold about as many incidents (the old model had 3×)
      expect(s.last / s.first, `seed ${seed}`).toBeGreaterThan(0.85);
      expect(s.last / s.first, `seed ${seed}`).toBeLessThan(1.15);
    }
    const mean = slopes.reduce((a, b) => a + b, 0) / slopes.length;
    const sd = Math.sqrt(slopes.reduce((a, b) => a + (b - mean) ** 2, 0) / (slopes.length - 1));
    // mean relative slope per month is zero within 3 standard errors, and small in absolute terms (< 0.1% a month)
    expect(Math.abs(mean)).toBeLessThan((3 * sd) / Math.sqrt(slopes.length));
    expect(Math.abs(mean)).toBeLessThan(0.001);
  });

  it('careers already running at --start appear in the export (more first appearances in the first year than in the last)', () => {
    const r = simulate({ ...BASE, persons: 3000, effect: 1 });
    const firsts = byPerson(r.incidents, (i) => i.suspect_id);
    const firstYear = [...firsts.values()].filter((rows) => rows[0].incident_date < '2020-01-01').length;
    const lastYear = [...firsts.values()].filter((rows) => rows[0].incident_date >= '2023-01-01').length;
    // the first year holds the careers already running at the start, so it has more first appearances
    expect(firstYear).toBeGreaterThan(lastYear);
  });
});
