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
    const { incidents: inc, notifications: not } = this.ds;
    const { incStart, incOrder, notStart, notOrder } = this.idx;
    const v = this.values;
    v.fill(0);
    this.person = p;
    this.asOf = T;
    const from = this.options.lookbackMonths ? addMonths(T, -this.options.lookbackMonths) : NO_DAY;

    // notifications ≤ T (sorted by day)
    const fn = this.firstNotified;
    fn.fill(NO_DAY);
    let firstAny = NO_DAY,
      lastNot = NO_DAY,
      count = 0,
      highest = 0;
    for (let k = notStart[p], end = notStart[p + 1]; k < end; k++) {
      const j = notOrder[k];
      const d = not.day[j];
      if (d > T) break;
      const lv = not.level[j];
      if (fn[lv - 1] === NO_DAY) fn[lv - 1] = d;
      if (firstAny === NO_DAY) firstAny = d;
      lastNot = d;
      count++;
      if (lv > highest) highest = lv;
    }
    for (let l = 0; l < 4; l++) v[I_NOTIFIED + l] = fn[l] !== NO_DAY ? 1 : 0;
    v[F.notifications] = count;
    v[F.notified] = count > 0 ? 1 : 0;
    v[F.highest_notified_level] = highest;
    v[F.days_since_last_notification] = lastNot === NO_DAY ? NaN : T - lastNot;

    // incidents in (from, T]
    const lo = this.firstAfter(p, from);
    const end = incStart[p + 1];
    let hi = lo;
    let first = NO_DAY,
      last = NO_DAY;
    let victims = 0;
    if (++this.stamp === 0xffffffff) {
      this.victimSeen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    for (; hi < end; hi++) {
      const i = incOrder[hi];
      const d = inc.day[i];
      if (d > T) break;
      const f = inc.flags[i];
      const off = (f & FLAG.offense) !== 0;
      if (first === NO_DAY) first = d;
      last = d;
      v[F.incidents]++;
      if (off) v[F.offenses]++;
      if (f & FLAG.serious) v[F.serious]++;
      if (f & FLAG.arrest) v[F.arrests]++;
      if (f & FLAG.injury) v[F.injuries]++;
      for (let l = 0; l < 4; l++) {
        if (fn[l] !== NO_DAY && d > fn[l]) {
          v[I_INC_AFTER + l]++;
          if (off) v[I_OFF_AFTER + l]++;
        }
      }
      if (off && firstAny !== NO_DAY && d > firstAny) v[F.offenses_after_notification]++;
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
    v[F.days_since_last_incident] = last === NO_DAY ? NaN : T - last;
    v[F.days_since_first_incident] = first === NO_DAY ? NaN : T - first;
    this.lo = lo;
    this.hi = hi;
    return hi - lo;
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

  /**
   * Only the incidents in view for p as of T (`lo`, `hi`, `incidentRows`), as `compute` sets
   * them, without the features (for callers that need no more); returns how many.
   */
  view(p: number, T: Day): number {
    const day = this.ds.incidents.day;
    const { incStart, incOrder } = this.idx;
    const from = this.options.lookbackMonths ? addMonths(T, -this.options.lookbackMonths) : NO_DAY;
    const lo = this.firstAfter(p, from);
    let hi = lo;
    for (const end = incStart[p + 1]; hi < end && day[incOrder[hi]] <= T; hi++);
    this.person = p;
    this.asOf = T;
    this.lo = lo;
    this.hi = hi;
    return hi - lo;
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
