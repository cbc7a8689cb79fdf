/**
 * Small hand-built datasets with known answers, shared by the metric unit
 * tests and the CLI tests (which write them as CSV with toCsv).
 */
import { dayFromCivil } from '../../src/dates.js';
import type { Level } from '../../src/model.js';
import { day, type IncidentRecord, type NotificationRecord, type Spec } from '../helpers/spec.js';

/**
 * A hand-built dataset with known times (days) and events per level. A person
 * with an event at time t is notified on 2020-02-01 (+ a few days) and has an
 * incident exactly t days later; a person censored at c is notified c days
 * before the coverage end (2020-12-31) and has no later incident. Everyone
 * also has the incident that led to the notification, on t0 (not an event:
 * events are incidents dated after t0). The first person has a D
 * notification besides on the same first day (its own level counts).
 * `cases` (default SURVIVAL_CASES) lists [level, time, event] per person.
 *
 * R 4.2.2, survival 3.5-3:
 *   time   <- c(5,5,30,40,60, 10,30,30,50,90,120, 20,70,100,100,150,200)
 *   status <- c(1,1,0,1,0,    1,1,0,1,0,1,        1,0,0,1,0,0)
 *   g      <- c(rep("B",5), rep("C",6), rep("D",6))
 *   summary(survfit(Surv(time, status) ~ g)); print(survfit(...)); survdiff(Surv(time, status) ~ g)
 */
export const SURVIVAL_CASES: [Level, number, boolean][] = [
  ['B', 5, true],
  ['B', 5, true],
  ['B', 30, false],
  ['B', 40, true],
  ['B', 60, false],
  ['C', 10, true],
  ['C', 30, true],
  ['C', 30, false],
  ['C', 50, true],
  ['C', 90, false],
  ['C', 120, true],
  ['D', 20, true],
  ['D', 70, false],
  ['D', 100, false],
  ['D', 100, true],
  ['D', 150, false],
  ['D', 200, false],
];

export function survivalSpec(cases: [Level, number, boolean][] = SURVIVAL_CASES): Spec {
  const end = day('2020-12-31');
  const incidents: IncidentRecord[] = [];
  const notifications: NotificationRecord[] = [];
  cases.forEach(([level, time, event], i) => {
    const id = `S${String(i + 1).padStart(2, '0')}`;
    const t0 = event ? day('2020-02-01') + i : end - time;
    notifications.push({ person: id, date: t0, level, victimContact: t0 });
    if (i === 0) notifications.push({ person: id, date: t0, level: 'D' });
    incidents.push({ date: t0, suspect: id, arrest: true });
    if (event) {
      incidents.push({ date: t0 + time, suspect: id, arrest: true });
      incidents.push({ date: t0 + time + 3, suspect: id });
    }
  });
  return { incidents, notifications, coverage: { start: '2019-01-01', end: '2020-12-31' } };
}

/**
 * Trend: coverage 2019-01-15 to 2021-06-20, so the first and last months are
 * partial. In month m (0 = 2019-01) there are 10 + m mod 3 incidents before
 * 2020-03 and 6 + m mod 2 from 2020-03 on, every other one with an arrest,
 * dated on day 15 of the month (day 16 in 2021-06 would be inside too).
 * One incident has two suspects (two rows, one incident) and one is dated
 * before the coverage start (not counted). Launch 2020-03-10: 2020-03 is the
 * transition month.
 */
export function trendSpec(): Spec {
  const incidents: IncidentRecord[] = [];
  let n = 0;
  for (let m = 0; m < 30; m++) {
    const y = 2019 + Math.floor(m / 12),
      mo = (m % 12) + 1;
    const count = m < 14 ? 10 + (m % 3) : 6 + (m % 2);
    for (let k = 0; k < count; k++) {
      const id = `T${++n}`;
      const date = dayFromCivil(y, mo, 15);
      incidents.push({ id, date, suspect: `P${n % 37}`, arrest: k % 2 === 0 });
    }
  }
  // a second suspect on T1: still one incident
  incidents.push({ id: 'T1', date: '2019-01-15', suspect: 'P99', injury: true });
  // before the coverage start: not counted
  incidents.push({ id: 'OUT', date: '2019-01-10', suspect: 'P1', arrest: true });
  return { incidents, notifications: [], coverage: { start: '2019-01-15', end: '2021-06-20' } };
}

/** The monthly counts trendSpec puts in month m (0 = 2019-01). */
export function trendCount(m: number): number {
  return m < 14 ? 10 + (m % 3) : 6 + (m % 2);
}

/**
 * Fidelity, with the default rules (docs/methods.md#classification) and coverage 2023-01-01
 * to 2023-06-30. Each person's story, and what the table must say:
 *
 * - F1: incident 01-10 (no offense → D); D letter 01-13 (3 days).
 * - F2: offense 01-05 (→ C); C face-to-face 01-20 (15 days).
 * - F3: offense 02-01 (→ C); never notified.
 * - F4: offense 01-10 (→ C), C notification 01-12 (2 days); second offense
 *   03-01 (→ B: notified at C and an offense after); B notification 03-03
 *   (2 days) with the victim contacted 03-01 (first: kept).
 * - F5: two offenses on 02-10 (→ B directly: C is skipped, not reached);
 *   B notification 03-20 (38 days), victim contacted 03-25 (after: broken).
 * - F6: offense with a weapon 01-05 (→ C) and another 01-06 (→ A: serious
 *   and two offenses); no notification: never notified at C (it was owed
 *   for a day), and A is not owed one.
 * - F7: incident 06-28 (→ D), three days before the coverage end: owed,
 *   not yet notified, and too recent for the 7- and 30-day shares.
 * - F8: notified at D on 01-01, before the incident of 01-03 that sets D:
 *   reached D but not owed (already notified).
 */
export function fidelitySpec(): Spec {
  const I = (suspect: string, date: string, more: Partial<IncidentRecord> = {}): IncidentRecord => ({
    date,
    suspect,
    ...more,
  });
  const N = (person: string, date: string, level: Level, victimContact?: string): NotificationRecord => ({
    person,
    date,
    level,
    victimContact,
  });
  return {
    incidents: [
      I('F1', '2023-01-10'),
      I('F2', '2023-01-05', { arrest: true }),
      I('F3', '2023-02-01', { offense: 'PL 120.00' }),
      I('F4', '2023-01-10', { arrest: true }),
      I('F4', '2023-03-01', { arrest: true }),
      I('F5', '2023-02-10', { arrest: true }),
      I('F5', '2023-02-10', { offense: 'PL 240.26' }),
      I('F6', '2023-01-05', { arrest: true, weapon: true }),
      I('F6', '2023-01-06', { arrest: true }),
      I('F7', '2023-06-28'),
      I('F8', '2023-01-03'),
    ],
    notifications: [
      N('F1', '2023-01-13', 'D'),
      N('F2', '2023-01-20', 'C'),
      N('F4', '2023-01-12', 'C'),
      N('F4', '2023-03-03', 'B', '2023-03-01'),
      N('F5', '2023-03-20', 'B', '2023-03-25'),
      N('F8', '2023-01-01', 'D'),
    ],
    coverage: { start: '2023-01-01', end: '2023-06-30' },
  };
}
