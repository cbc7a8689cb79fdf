/**
 * fast-check arbitraries for small IPVI histories: a handful of people, a
 * dozen incidents and a few notifications over about two years, with days
 * drawn often from a short list so that same-day events (an offense on a
 * notification day, two notifications on one day, events on month ends) are
 * common.
 */
import fc from 'fast-check';
import type { IncidentRec, LevelName, NotificationRec } from './records.js';
import { isoAddDays } from './random-history.js';

export const ARB_START = '2021-01-01';
export const ARB_DAYS = 760; // to early 2023
/** month ends and a few other days that events land on often */
export const KEY_DAYS = [
  '2021-01-31',
  '2021-02-28',
  '2021-03-01',
  '2021-06-30',
  '2021-07-01',
  '2021-12-31',
  '2022-01-01',
  '2022-02-28',
  '2022-03-31',
  '2022-06-15',
];

export const dayArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...KEY_DAYS) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: ARB_DAYS }).map((n) => isoAddDays(ARB_START, n)) },
);

const levelArb = fc.constantFrom<LevelName>('D', 'C', 'B', 'A');

export interface SmallHistory {
  incidents: IncidentRec[];
  notifications: NotificationRec[];
}

export function historyArb(
  ids: string[] = ['p1', 'p2', 'p3', 'p4', 'p5'],
  maxIncidents = 14,
  maxNotifications = 7,
): fc.Arbitrary<SmallHistory> {
  const incident = fc.record({
    suspect_id: fc.constantFrom(...ids),
    incident_date: dayArb,
    arrest: fc.boolean(),
    offense: fc.constantFrom('', '', 'ASSAULT3'),
    injury: fc.boolean(),
    weapon: fc.constantFrom(false, false, false, true),
    strangulation: fc.constantFrom(false, false, false, false, true),
    felony: fc.constantFrom(false, false, false, true),
  });
  const notification = fc.record({ person_id: fc.constantFrom(...ids), notification_date: dayArb, level: levelArb });
  return fc
    .record({
      incidents: fc.array(incident, { maxLength: maxIncidents }),
      notifications: fc.array(notification, { maxLength: maxNotifications }),
    })
    .map(({ incidents, notifications }) => ({
      incidents: incidents.map((r, i) => ({ ...r, incident_id: `X${i}`, victim_id: `v-${r.suspect_id}` })),
      notifications,
    }));
}
