/**
 * Fixtures built to have a known answer: the published Kingston, NY tables
 * (seed, "Offending Pre and Post First Perpetrator Notification" and
 * "Kingston Recidivism by Classification Level"; docs/methods.md#prepost, #recidivism).
 *
 * They are constructed, not sampled: every person and incident is placed so
 * that the table's definitions must give exactly the published numbers. The
 * comments say how. fixtures/kingston/ holds the same records as CSV (a test
 * checks they are identical to what these functions write).
 */
import { addMonths, dayFromCivil } from '../../src/dates.js';
import type { Day, Level } from '../../src/model.js';
import type { IncidentRecord, NotificationRecord, Spec } from '../helpers/spec.js';

const LEVELS: Level[] = ['D', 'C', 'B', 'A'];

/** n days spread evenly from first to last inclusive (first and last included). */
function spread(first: Day, last: Day, n: number): Day[] {
  if (n === 1) return [first];
  return Array.from({ length: n }, (_, i) => first + Math.round((i * (last - first)) / (n - 1)));
}

/**
 * Kingston pre/post table (published: ±12 450 498 1.11 186 0.41;
 * ±18 393 489 1.24 189 0.48; ±24 314 427 1.36 172 0.55).
 *
 * Coverage 2015-01-01 to 2020-12-31. Eligibility for a ±W row is
 * t0 − W ≥ 2015-01-01 and t0 + W ≤ 2020-12-31. The rows are nested (a person
 * in the ±24 row is in ±18 and ±12), so the offenders fall in three groups by
 * their first notification t0, chosen so only the coverage END limits them:
 *
 * - G24: 314 persons, t0 from 2017-01-01 to 2018-12-31 → in all three rows.
 *   The first touches the start edge (t0 − 24 months = 2015-01-01), the last
 *   the end edge (t0 + 24 months = 2020-12-31); both are in.
 * - G18: 393 − 314 = 79 persons, t0 from 2019-01-01 to 2019-06-30 → ±12 and
 *   ±18 only (2019-01-01 + 24 months = 2021-01-01 is past the end;
 *   2019-06-30 + 18 months = 2020-12-30 is inside).
 * - G12: 450 − 393 = 57 persons, t0 from 2019-07-01 to 2019-12-31 → ±12 only
 *   (2019-12-31 + 12 months = 2020-12-31 touches the end).
 *
 * Plus 20 persons notified in 2015-06…2015-12 (t0 − 12 months is before the
 * coverage start: in no row) and 30 persons with incidents and no
 * notification (in no row).
 *
 * Incidents sit in bands around t0: pre band1 [t0−12m, t0], band2
 * [t0−18m, t0−12m), band3 [t0−24m, t0−18m); post P1 (t0, t0+12m],
 * P2 (t0+12m, t0+18m], P3 (t0+18m, t0+24m]. With a, b, c the pre incidents
 * of a group in band1, 2, 3 and A, B, C the post incidents in P1, P2, P3:
 *
 *   pre ±12 = a24 + a18 + a12          = 329 + 100 + 69 = 498
 *   pre ±18 = a24 + b24 + a18 + b18    = 329 + 60 + 100 + 0 = 489
 *   pre ±24 = a24 + b24 + c24          = 329 + 60 + 38 = 427
 *   post ±12 = A24 + A18 + A12         = 136 + 30 + 20 = 186
 *   post ±18 = A24 + B24 + A18 + B18   = 136 + 20 + 30 + 3 = 189
 *   post ±24 = A24 + B24 + C24         = 136 + 20 + 16 = 172
 *
 * Incidents that must not count anywhere are added too: G12 band2 (10) and
 * G18 band3 (5) lie outside every window those persons are eligible for.
 *
 * A band's incidents go round-robin over the group's persons (incident k to
 * person k mod n). The first round of band1 is each person's index incident,
 * dated t0, t0 − 1 or t0 − 2 (so a third fall on the notification day and
 * count as pre). The other incidents sit on the band edges where possible:
 * exactly t0 − 12 months (pre for ±12), t0 − 12 months − 1 day (not in ±12),
 * t0 + 12 months (post for ±12), t0 + 12 months + 1 day (not in ±12), and so on.
 * So --exclude-index removes exactly one pre incident per offender:
 * 498 − 450 = 48, 489 − 393 = 96, 427 − 314 = 113.
 *
 * Every 10th offender also gets a second notification on t0 at a lower level
 * and a third 60 days later (t0 stays the earliest day).
 */
export function kingstonPrePostSpec(): Spec {
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  let nInc = 0;
  const add = (suspect: string, date: Day, arrest: boolean) =>
    incidents.push({
      id: `KPP${String(++nInc).padStart(5, '0')}`,
      date,
      suspect,
      victim: `V${suspect}`,
      arrest,
      offense: arrest ? 'PL 120.00' : '',
    });

  type Band = 'a' | 'b' | 'c' | 'A' | 'B' | 'C';
  const place = (band: Band, t0: Day, k: number, n: number): Day => {
    const m = (x: number) => addMonths(t0, x);
    switch (band) {
      case 'a':
        return k < n ? t0 - (k % 3) : [m(-12), m(-6), t0 - 30][k % 3];
      case 'b':
        return [m(-12) - 1, m(-18), m(-15)][k % 3];
      case 'c':
        return [m(-18) - 1, m(-24), m(-21)][k % 3];
      case 'A':
        return [t0 + 1, m(12), m(6)][k % 3];
      case 'B':
        return [m(12) + 1, m(18), m(15)][k % 3];
      case 'C':
        return [m(18) + 1, m(24), m(21)][k % 3];
    }
  };

  const groups: { name: string; t0: Day[]; bands: Partial<Record<Band, number>> }[] = [
    {
      name: 'G24',
      t0: spread(dayFromCivil(2017, 1, 1), dayFromCivil(2018, 12, 31), 314),
      bands: { a: 329, b: 60, c: 38, A: 136, B: 20, C: 16 },
    },
    {
      name: 'G18',
      t0: spread(dayFromCivil(2019, 1, 1), dayFromCivil(2019, 6, 30), 79),
      bands: { a: 100, b: 0, c: 5, A: 30, B: 3 },
    },
    {
      name: 'G12',
      t0: spread(dayFromCivil(2019, 7, 1), dayFromCivil(2019, 12, 31), 57),
      bands: { a: 69, b: 10, A: 20 },
    },
    // notified too early for any row (t0 − 12 months before 2015-01-01)
    { name: 'G0', t0: spread(dayFromCivil(2015, 6, 1), dayFromCivil(2015, 12, 31), 20), bands: { a: 20, A: 15 } },
  ];
  let person = 0;
  for (const g of groups) {
    const ids = g.t0.map(() => `K${String(++person).padStart(4, '0')}`);
    g.t0.forEach((t0, i) => {
      notifications.push({ person: ids[i], date: t0, level: LEVELS[i % 4], type: 'letter', victimContact: t0 - 1 });
      if (i % 10 === 0) {
        notifications.push({ person: ids[i], date: t0, level: 'D', type: 'letter', victimContact: t0 - 1 });
        notifications.push({
          person: ids[i],
          date: t0 + 60,
          level: 'A',
          type: 'custom_notification',
          victimContact: t0 + 59,
        });
      }
    });
    for (const band of ['a', 'b', 'c', 'A', 'B', 'C'] as Band[]) {
      const count = g.bands[band] ?? 0;
      for (let k = 0; k < count; k++) {
        const i = k % ids.length;
        // G0's band-a incidents: before their t0 but after the coverage start
        const date = g.name === 'G0' && band === 'a' ? g.t0[i] - 10 : place(band, g.t0[i], k, ids.length);
        add(ids[i], date, k % 2 === 0);
      }
    }
  }
  // people with incidents and no notification: in no row
  for (let i = 0; i < 30; i++) {
    const id = `K${String(++person).padStart(4, '0')}`;
    add(id, dayFromCivil(2016, 1, 1) + i * 40, i % 3 === 0);
    add(id, dayFromCivil(2016, 6, 1) + i * 40, false);
  }
  return { incidents, notifications, coverage: { start: '2015-01-01', end: '2020-12-31' } };
}

/**
 * Kingston recidivism by level (published: A 48.8, B 52.5, C 38.9, D 27.3 %).
 *
 * Eligible persons per level and reoffenders: A 20/41 = 48.78 %,
 * B 21/40 = 52.50 %, C 35/90 = 38.89 %, D 30/110 = 27.27 %, which round to
 * the published one-decimal percentages. Follow-up 12 months; coverage
 * 2019-01-01 to 2021-12-31, so t0 up to 2020-12-31 is eligible
 * (2020-12-31 + 12 months = 2021-12-31, touching the end).
 *
 * Every person has an index incident on or just before t0. Reoffenders get a
 * new incident in (t0, t0 + 12 months]: alternately the day after t0 and
 * exactly t0 + 12 months (both count). Non-reoffenders rotate between no
 * later incident, an incident on t0 itself (pre, not a reoffense) and one at
 * t0 + 12 months + 1 day (one day past the follow-up; on t0 instead when that
 * day would be past the coverage end).
 *
 * The level is the highest level notified on the first day: every 5th A
 * person also has a B notification that day, every 5th C person a D one.
 * Every 4th D person is later notified at C (60 days on): that does not
 * change their cohort-"first" level. 25 persons notified in 2021 (follow-up
 * past the coverage end, all reoffending) are not eligible.
 */
export function kingstonRecidivismSpec(): Spec {
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  let nInc = 0,
    person = 0;
  const add = (suspect: string, date: Day, arrest: boolean) =>
    incidents.push({
      id: `KR${String(++nInc).padStart(5, '0')}`,
      date,
      suspect,
      victim: `V${suspect}`,
      arrest,
      offense: '',
    });
  const plan: { level: Level; persons: number; reoffenders: number }[] = [
    { level: 'A', persons: 41, reoffenders: 20 },
    { level: 'B', persons: 40, reoffenders: 21 },
    { level: 'C', persons: 90, reoffenders: 35 },
    { level: 'D', persons: 110, reoffenders: 30 },
  ];
  const t0s = spread(
    dayFromCivil(2019, 1, 15),
    dayFromCivil(2020, 12, 31),
    plan.reduce((a, p) => a + p.persons, 0),
  );
  let t = 0;
  for (const p of plan) {
    for (let i = 0; i < p.persons; i++) {
      const id = `R${String(++person).padStart(4, '0')}`;
      const t0 = t0s[t++];
      notifications.push({
        person: id,
        date: t0,
        level: p.level,
        type: p.level === 'D' ? 'letter' : 'face_to_face',
        victimContact: t0 - 2,
      });
      if (p.level === 'A' && i % 5 === 0)
        notifications.push({ person: id, date: t0, level: 'B', type: 'face_to_face', victimContact: t0 - 2 });
      if (p.level === 'C' && i % 5 === 0) notifications.push({ person: id, date: t0, level: 'D', type: 'letter' });
      if (p.level === 'D' && i % 4 === 0)
        notifications.push({ person: id, date: t0 + 60, level: 'C', type: 'face_to_face', victimContact: t0 + 60 });
      add(id, t0 - (i % 4), true);
      if (i < p.reoffenders) add(id, i % 2 === 0 ? t0 + 1 : addMonths(t0, 12), i % 3 === 0);
      else if (i % 3 === 1) add(id, t0, false);
      else if (i % 3 === 2)
        add(
          id,
          Math.min(addMonths(t0, 12) + 1, dayFromCivil(2021, 12, 31)) === addMonths(t0, 12) + 1
            ? addMonths(t0, 12) + 1
            : t0,
          false,
        );
    }
  }
  // not eligible: follow-up runs past 2021-12-31
  for (let i = 0; i < 25; i++) {
    const id = `R${String(++person).padStart(4, '0')}`;
    const t0 = dayFromCivil(2021, 1, 1) + i * 10;
    notifications.push({ person: id, date: t0, level: LEVELS[i % 4], type: 'letter', victimContact: t0 });
    add(id, t0 - 5, true);
    add(id, t0 + 20, true);
  }
  return { incidents, notifications, coverage: { start: '2019-01-01', end: '2021-12-31' } };
}
