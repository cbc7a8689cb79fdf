/**
 * The simulator's own tier computation: the default IPVI rules of
 * docs/methods.md#classification (rules/ipvi-default.yaml), hard-coded and incremental,
 * for one person whose incidents and notifications arrive in date order.
 *
 * It is deliberately independent of src/classify (which evaluates the
 * configurable rule language over a whole dataset): the simulator decides who
 * is notified at which level, and the analysis code must then agree with it.
 *
 * | level | holds when |
 * |---|---|
 * | A | (notified at B AND offenses_after_B ≥ 1) OR (serious ≥ 1 AND offenses ≥ 2) |
 * | B | offenses ≥ 2 OR (notified at C AND offenses_after_C ≥ 1) |
 * | C | offenses ≥ 1 |
 * | D | incidents ≥ 1 |
 *
 * offense incident = arrest OR offense code; serious = weapon OR strangulation
 * OR felony (docs/methods.md#flags). `offenses_after_L` counts offense incidents dated strictly
 * after the person's first notification at L.
 *
 * @example
 * const s = new TierState();
 * s.addIncident(100, true, false);  // s.level() === 3 (C)
 * s.addNotification(110, 3);        // notified at C
 * s.addIncident(200, true, false);  // s.level() === 2 (B): offenses >= 2
 */
import type { Day, LevelCode } from '../model.js';

export const LEVEL_D = 1 as const;
export const LEVEL_C = 2 as const;
export const LEVEL_B = 3 as const;
export const LEVEL_A = 4 as const;

export class TierState {
  incidents = 0;
  offenses = 0;
  serious = 0;
  /** first notification day at level code 1..4 (index = code), or null */
  readonly firstNotified: (Day | null)[] = [null, null, null, null, null];
  /** offense incidents dated strictly after the first notification at level code 1..4 */
  readonly offensesAfter = [0, 0, 0, 0, 0];

  /** Add an incident dated `day` (incidents and notifications must be added in date order). */
  addIncident(day: Day, offense: boolean, serious: boolean): void {
    this.incidents++;
    if (offense) {
      this.offenses++;
      for (let l = 1; l <= 4; l++) {
        const n = this.firstNotified[l];
        if (n !== null && n < day) this.offensesAfter[l]++;
      }
    }
    if (serious) this.serious++;
  }

  addNotification(day: Day, level: LevelCode): void {
    if (this.firstNotified[level] === null) this.firstNotified[level] = day;
  }

  /** The level code (0 = none, 1 = D … 4 = A) given everything added so far. */
  level(): LevelCode {
    const notifiedB = this.firstNotified[LEVEL_B] !== null;
    const notifiedC = this.firstNotified[LEVEL_C] !== null;
    if ((notifiedB && this.offensesAfter[LEVEL_B] >= 1) || (this.serious >= 1 && this.offenses >= 2)) return LEVEL_A;
    if (this.offenses >= 2 || (notifiedC && this.offensesAfter[LEVEL_C] >= 1)) return LEVEL_B;
    if (this.offenses >= 1) return LEVEL_C;
    if (this.incidents >= 1) return LEVEL_D;
    return 0;
  }
}
