/**
 * Per-person features as of a date T (docs/methods.md#classification): the vocabulary tier
 * rules are written in. Only incidents dated ≤ T (and, with a look-back, after
 * T − look-back months) and notifications dated ≤ T are seen.
 *
 * docs/config.md lists every feature and function; FEATURE_CATALOG is the
 * single source of that list (a test keeps the doc in step).
 */
import { addMonths } from '../dates.js';
import { FLAG, NO_DAY, type Dataset, type Day } from '../model.js';
import type { ExprCatalog, ExprEnv } from './expression.js';
import type { PersonIndex } from './person-index.js';

const L = ['D', 'C', 'B', 'A'] as const;

// Stryker disable StringLiteral: help text (the catalog's descriptions; docs/config.md is checked against them by a test)
export const FEATURE_CATALOG: ExprCatalog = {
  features: [
    { name: 'incidents', description: 'incidents dated on or before the as-of date (within the look-back, if any)' },
    {
      name: 'offenses',
      description: 'offense incidents (an arrest or an offense code, or as configured under flags.offense)',
    },
    {
      name: 'serious',
      description: 'serious incidents (weapon, strangulation or felony, or as configured under flags.serious)',
    },
    { name: 'arrests', description: 'incidents with an arrest' },
    { name: 'injuries', description: 'incidents with an injury' },
    { name: 'victims', description: 'distinct victim ids among the incidents' },
    ...L.map((l) => ({
      name: `notified_${l}`,
      description: `1 when notified at level ${l} on or before the as-of date, else 0`,
    })),
    ...L.map((l) => ({
      name: `offenses_after_${l}`,
      description: `offense incidents dated strictly after the first ${l}-level notification (0 when never notified at ${l})`,
    })),
    ...L.map((l) => ({
      name: `incidents_after_${l}`,
      description: `incidents dated strictly after the first ${l}-level notification (0 when never notified at ${l})`,
    })),
    { name: 'notifications', description: 'notifications delivered on or before the as-of date' },
    { name: 'notified', description: '1 when notified at any level, else 0' },
    { name: 'highest_notified_level', description: 'highest level notified at: 0 none, 1 D, 2 C, 3 B, 4 A' },
    {
      name: 'offenses_after_notification',
      description: 'offense incidents strictly after the first notification at any level',
    },
    {
      name: 'days_since_last_incident',
      description: 'days from the last incident to the as-of date (NaN — every comparison false — when none)',
    },
    {
      name: 'days_since_first_incident',
      description: 'days from the first incident to the as-of date (NaN when none)',
    },
    {
      name: 'days_since_last_notification',
      description: 'days from the last notification to the as-of date (NaN when never notified)',
    },
  ],
  functions: [
    {
      name: 'incidents_within_months',
      arity: 1,
      description: 'incidents dated after (as-of − m months) and on or before the as-of date',
    },
    { name: 'offenses_within_months', arity: 1, description: 'offense incidents in the last m months (as above)' },
    { name: 'serious_within_months', arity: 1, description: 'serious incidents in the last m months (as above)' },
    {
      name: 'incidents_within_days',
      arity: 1,
      description: 'incidents dated after (as-of − d days) and on or before the as-of date',
    },
    { name: 'offenses_within_days', arity: 1, description: 'offense incidents in the last d days' },
    { name: 'serious_within_days', arity: 1, description: 'serious incidents in the last d days' },
  ],
};
// Stryker restore StringLiteral

export const FEATURE_NAMES = FEATURE_CATALOG.features.map((f) => f.name);
/** The features whose value depends on the as-of day itself, not only on the events up to it (`settle` sets them). */
export const DAY_FEATURES: readonly string[] = [
  'days_since_last_incident',
  'days_since_first_incident',
  'days_since_last_notification',
];
const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<string, number>;
export const FEATURE_INDEX: Readonly<Record<string, number>> = F;

const I_NOTIFIED = F.notified_D;
const I_OFF_AFTER = F.offenses_after_D;
const I_INC_AFTER = F.incidents_after_D;

export interface FeatureOptions {
  /** count only incidents within this many months before T */
  lookbackMonths?: number | null;
}

/**
 * Computes one person's features into a reused Float64Array, and serves the
 * catalog functions for that person: an ExprEnv for the compiled rules.
 */
export class FeatureComputer implements ExprEnv {
  readonly values = new Float64Array(FEATURE_NAMES.length);
  private person = 0;
  private asOf: Day = 0;
  /** incident order positions [lo, hi) in view for the current person */
  lo = 0;
  hi = 0;
  private readonly firstNotified = new Int32Array(4);
  /** the walk (start/advance): next notification order position, first and last notification day, last incident day */
  private notAt = 0;
  private firstAny: Day = NO_DAY;
  private lastNot: Day = NO_DAY;
  private lastInc: Day = NO_DAY;
  /** victim index → the compute() call that last saw it (distinct victims in O(n), not O(n²)) */
  private victimSeen = new Uint32Array(0);
  private stamp = 0;

  constructor(
    private readonly ds: Dataset,
    private readonly idx: PersonIndex,
    private readonly options: FeatureOptions = {},
  ) {}

  /** Fill `values` for person p as of day T. Returns the number of incidents in view. */
  compute(p: number, T: Day): number {
    this.start(p, this.options.lookbackMonths ? addMonths(T, -this.options.lookbackMonths) : NO_DAY);
    this.advance(T);
    return this.settle(T);
  }

  /**
   * Start a walk of person p's history with nothing seen yet; only incidents dated after `from`
   * come into view. `compute(p, T)` is `start(p, from)`, `advance(T)`, `settle(T)`; without a
   * look-back (`from` = NO_DAY) the walk goes on: `advance(d2)`, `settle(d2)` for a later day d2
   * give the features as of d2, exactly as `compute(p, d2)` would (the incidents in view only grow).
   */
  start(p: number, from: Day = NO_DAY): void {
    this.values.fill(0);
    this.firstNotified.fill(NO_DAY);
    this.person = p;
    this.firstAny = NO_DAY;
    this.lastNot = NO_DAY;
    this.lastInc = NO_DAY;
    this.notAt = this.idx.notStart[p];
    this.lo = this.hi = this.firstAfter(p, from);
    if (++this.stamp === 0xffffffff) {
      this.victimSeen.fill(0);
      this.stamp = 1;
    }
  }

  /**
   * See the walk's notifications, then its incidents, dated on or before d (d never less than
   * the last call's). An incident counts as after a notification by day (`d > first`), so seeing
   * a later day's notifications before its incidents counts the same as one pass to d.
   */
  advance(d: Day): void {
    const { incidents: inc, notifications: not } = this.ds;
    const { incStart, incOrder, notStart, notOrder } = this.idx;
    const v = this.values;
    const fn = this.firstNotified;
    const p = this.person;

    // notifications ≤ d (sorted by day)
    let k = this.notAt;
    let firstAny = this.firstAny,
      lastNot = this.lastNot;
    for (const end = notStart[p + 1]; k < end; k++) {
      const j = notOrder[k];
      const day = not.day[j];
      if (day > d) break;
      const lv = not.level[j];
      if (fn[lv - 1] === NO_DAY) fn[lv - 1] = day;
      if (firstAny === NO_DAY) firstAny = day;
      lastNot = day;
      v[F.notifications]++;
      if (lv > v[F.highest_notified_level]) v[F.highest_notified_level] = lv;
    }
    this.notAt = k;
    this.firstAny = firstAny;
    this.lastNot = lastNot;

    // incidents in (from, d]
    const end = incStart[p + 1];
    let hi = this.hi;
    let last = this.lastInc;
    let victims = v[F.victims];
    const stamp = this.stamp;
    for (; hi < end; hi++) {
      const i = incOrder[hi];
      const day = inc.day[i];
      if (day > d) break;
      const f = inc.flags[i];
      const off = (f & FLAG.offense) !== 0;
      last = day;
      v[F.incidents]++;
      if (off) v[F.offenses]++;
      if (f & FLAG.serious) v[F.serious]++;
      if (f & FLAG.arrest) v[F.arrests]++;
      if (f & FLAG.injury) v[F.injuries]++;
      for (let l = 0; l < 4; l++) {
        if (fn[l] !== NO_DAY && day > fn[l]) {
          v[I_INC_AFTER + l]++;
          if (off) v[I_OFF_AFTER + l]++;
        }
      }
      if (off && firstAny !== NO_DAY && day > firstAny) v[F.offenses_after_notification]++;
      const vic = inc.victim[i];
      if (vic >= 0) {
        if (vic >= this.victimSeen.length) {
          const grown = new Uint32Array(Math.max(vic + 1, this.victimSeen.length * 2, 64));
          grown.set(this.victimSeen);
          this.victimSeen = grown;
        }
        if (this.victimSeen[vic] !== stamp) {
          this.victimSeen[vic] = stamp;
          victims++;
        }
      }
    }
    v[F.victims] = victims;
    this.hi = hi;
    this.lastInc = last;
  }

  /** The features as of day T, the walk having seen everything up to T (`advance(T)`); returns the incidents in view. */
  settle(T: Day): number {
    const v = this.values;
    const fn = this.firstNotified;
    this.asOf = T;
    for (let l = 0; l < 4; l++) v[I_NOTIFIED + l] = fn[l] !== NO_DAY ? 1 : 0;
    v[F.notified] = v[F.notifications] > 0 ? 1 : 0;
    v[F.days_since_last_notification] = this.lastNot === NO_DAY ? NaN : T - this.lastNot;
    const { lo, hi } = this;
    v[F.days_since_last_incident] = hi > lo ? T - this.lastInc : NaN;
    v[F.days_since_first_incident] = hi > lo ? T - this.ds.incidents.day[this.idx.incOrder[lo]] : NaN;
    return hi - lo;
  }

  /** The day of the walk's next incident or notification (after those seen), +Infinity when none is left. */
  nextEventDay(): number {
    const p = this.person;
    const { incStart, incOrder, notStart, notOrder } = this.idx;
    const a = this.hi < incStart[p + 1] ? this.ds.incidents.day[incOrder[this.hi]] : Infinity;
    const b = this.notAt < notStart[p + 1] ? this.ds.notifications.day[notOrder[this.notAt]] : Infinity;
    return Math.min(a, b);
  }

  /** The first position in p's incident order dated after `from`. */
  private firstAfter(p: number, from: Day): number {
    const day = this.ds.incidents.day;
    const { incStart, incOrder } = this.idx;
    let lo = incStart[p];
    const end = incStart[p + 1];
    while (lo < end && day[incOrder[lo]] <= from) lo++;
    return lo;
  }

  /** Catalog functions, for the current person and T. */
  call(fnIndex: number, args: number[]): number {
    const n = args[0];
    if (!Number.isFinite(n) || n < 0) return NaN;
    const byMonths = fnIndex < 3;
    const since = byMonths ? addMonths(this.asOf, -Math.floor(n)) : this.asOf - Math.floor(n);
    const mask = fnIndex % 3 === 0 ? 0 : fnIndex % 3 === 1 ? FLAG.offense : FLAG.serious;
    const { incidents: inc } = this.ds;
    const order = this.idx.incOrder;
    let count = 0;
    for (let k = this.lo; k < this.hi; k++) {
      const i = order[k];
      if (inc.day[i] > since && (mask === 0 || (inc.flags[i] & mask) !== 0)) count++;
    }
    return count;
  }

  /** The incident rows in view for the current person, in date order. */
  incidentRows(): number[] {
    const out: number[] = [];
    for (let k = this.lo; k < this.hi; k++) out.push(this.idx.incOrder[k]);
    return out;
  }

  get currentPerson(): number {
    return this.person;
  }
}
