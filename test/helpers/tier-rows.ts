/**
 * The tier list's columns read back as one object per row, in list order: what the tests compare
 * (the list itself keeps no object per person; src/classify/tier-list.ts TierColumns).
 */
import { CHANGES, type Change, type TierList } from '../../src/classify/tier-list.js';
import type { Day } from '../../src/model.js';

export interface TierRowObject {
  person: number;
  level: number;
  previous: number;
  change: Change;
  notificationDue: boolean;
  enforcementReview: boolean;
  lastIncident: Day;
  incidents: number;
  offenses: number;
  lastNotifiedLevel: number;
  lastNotifiedDay: Day;
  levelSet: Day;
}

/** Row k of the list: every column read at position k. */
export function tierRowAt(list: TierList, k: number): TierRowObject {
  const c = list.cols;
  return {
    person: c.person[k],
    level: c.level[k],
    previous: c.previous[k],
    change: CHANGES[c.change[k]],
    notificationDue: c.notificationDue[k] === 1,
    enforcementReview: c.enforcementReview[k] === 1,
    lastIncident: c.lastIncident[k],
    incidents: c.incidents[k],
    offenses: c.offenses[k],
    lastNotifiedLevel: c.lastNotifiedLevel[k],
    lastNotifiedDay: c.lastNotifiedDay[k],
    levelSet: c.levelSet[k],
  };
}

/** Every row of the list, in list order. */
export function listRows(list: TierList): TierRowObject[] {
  return Array.from({ length: list.cols.length }, (_, k) => tierRowAt(list, k));
}
