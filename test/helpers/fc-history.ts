/**
 * Random person histories for the equivalence properties (fast-check): incidents, notifications and
 * manual overrides of a few persons on days 0 … maxDay after HISTORY_BASE, and a look-back, each
 * property choosing its shape (which persons, which incident flags, how many of each, overrides or
 * not). `historyDataset` turns one into a Dataset the way every property reads it.
 *
 * Used by test/classify/walk-equivalence.test.ts (flags arrest, weapon, injury, felony; overrides) and
 * test/classify/timeline-equivalence.test.ts (arrest and weapon; no overrides).
 */
import fc from 'fast-check';
import { formatDay } from '../../src/dates.js';
import type { Dataset } from '../../src/model.js';
import { buildDataset } from './dataset.js';
import type { IncidentRec, LevelName, NotificationRec } from './records.js';

/** Day 0 of every random history: 2022-01-08. */
export const HISTORY_BASE = 19000;

/** The incident flags a history may draw (the others are left out: no). */
export type HistoryFlag = 'arrest' | 'weapon' | 'injury' | 'felony';

export interface HistoryIncident extends Partial<Record<HistoryFlag, boolean>> {
  person: string;
  day: number;
  /** victim V0, V1, …; undefined: no victim id */
  victim: number | undefined;
}

export interface HistoryOverride {
  /** a person of the history, or one with no incident or notification at all */
  person: string;
  day: number;
  /** 1 (D) … 4 (A) */
  level: number;
}

export interface RandomHistory {
  incidents: HistoryIncident[];
  notifications: { person: string; day: number; level: LevelName }[];
  overrides: HistoryOverride[];
  /** look-back in months; undefined: none */
  lookback: number | undefined;
}

export interface HistoryShape {
  persons: readonly string[];
  /** days 0 … maxDay after HISTORY_BASE */
  maxDay: number;
  flags: readonly HistoryFlag[];
  incidents: { minLength?: number; maxLength: number };
  /** victim ids V0 … V(victims) */
  victims: number;
  notifications: number;
  /** overrides (of these persons and of the extra persons): none when absent */
  overrides?: { maxLength: number; extraPersons: readonly string[] };
  /** look-back of 1 … lookback months, or none */
  lookback: number;
}

/** Random histories of this shape. */
export function historyArbitrary(shape: HistoryShape): fc.Arbitrary<RandomHistory> {
  const { persons, maxDay } = shape;
  const day = fc.integer({ min: 0, max: maxDay });
  const flags = Object.fromEntries(shape.flags.map((f) => [f, fc.boolean()])) as Record<
    HistoryFlag,
    fc.Arbitrary<boolean>
  >;
  return fc.record({
    incidents: fc.array(
      fc.record({
        person: fc.constantFrom(...persons),
        day,
        victim: fc.option(fc.integer({ min: 0, max: shape.victims }), { nil: undefined }),
        ...flags,
      }),
      shape.incidents,
    ),
    notifications: fc.array(
      fc.record({ person: fc.constantFrom(...persons), day, level: fc.constantFrom<LevelName>('D', 'C', 'B', 'A') }),
      { maxLength: shape.notifications },
    ),
    overrides: shape.overrides
      ? fc.array(
          fc.record({
            person: fc.constantFrom(...persons, ...shape.overrides.extraPersons),
            day,
            level: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: shape.overrides.maxLength },
        )
      : fc.constant([]),
    lookback: fc.option(fc.integer({ min: 1, max: shape.lookback }), { nil: undefined }),
  });
}

/**
 * The history as a Dataset: incident i is `DIR-i` dated HISTORY_BASE + day, with its victim and flags;
 * notifications likewise; a person named only in an override is interned too (no incident, no notification).
 */
export function historyDataset(h: RandomHistory): Dataset {
  const incidents: IncidentRec[] = h.incidents.map((r, i) => ({
    incident_id: `DIR-${i}`,
    incident_date: formatDay(HISTORY_BASE + r.day),
    suspect_id: r.person,
    victim_id: r.victim === undefined ? undefined : `V${r.victim}`,
    arrest: r.arrest,
    weapon: r.weapon,
    injury: r.injury,
    felony: r.felony,
  }));
  const notifications: NotificationRec[] = h.notifications.map((n) => ({
    person_id: n.person,
    notification_date: formatDay(HISTORY_BASE + n.day),
    level: n.level,
  }));
  const ds = buildDataset(incidents, notifications);
  for (const o of h.overrides) ds.persons.intern(o.person);
  return ds;
}
