import { kaplanMeier } from './kaplan-meier.js';

/** The Kaplan–Meier estimate at one fixed horizon (see {@link survivalAt}). */
export interface SurvivalAtTime {
  time: number;
  /** number still followed at `time` (observed time ≥ `time`); null beyond the longest follow-up */
  nRisk: number | null;
  /** S(time); null beyond the longest follow-up */
  survival: number | null;
  /** Greenwood standard error of S(time) */
  stdErr: number | null;
  low: number | null;
  high: number | null;
  note?: string;
}

/**
 * Kaplan–Meier survival at fixed horizons (e.g. 180, 365 and 730 days) with
 * its pointwise confidence interval: S(h) is the estimate after the last
 * event time ≤ h (1 before the first event), and its interval is that of the
 * same step (Greenwood variance, log transform, upper limit capped at 1; an
 * interval of [1, 1] before the first event). n at risk = observations with
 * time ≥ h.
 *
 * Reference: Kaplan & Meier (1958) JASA 53:457–481. Matches R
 * `summary(survfit(Surv(time, status) ~ 1), times = h)` (`n.risk`, `surv`,
 * `std.err`, `lower`, `upper`; conf.type = "log").
 *
 * Edge cases: a horizon beyond the longest observed time has no estimate
 * (R drops it; here null with a note, "beyond the longest follow-up"); a
 * negative or non-finite horizon → null with a note; no observation → every
 * horizon null with a note; once S = 0 the interval is null (as `kaplanMeier`).
 *
 * @example
 * // R survival's aml data
 * survivalAt(AML_TIME, AML_STATUS.map(Boolean), [12]);
 * // [{ time: 12, nRisk: 18, survival: 0.7391304347826086, low: 0.5797992179680311, high: 0.9422465272315195, … }]
 */
export function survivalAt(
  times: readonly number[],
  events: readonly boolean[],
  horizons: readonly number[],
  confidence = 0.95,
): SurvivalAtTime[] {
  const none = (time: number, note: string): SurvivalAtTime => ({
    time,
    nRisk: null,
    survival: null,
    stdErr: null,
    low: null,
    high: null,
    note,
  });
  const km = kaplanMeier(times, events, confidence);
  let maxTime = -Infinity;
  for (const t of times) if (t > maxTime) maxTime = t;
  return horizons.map((h) => {
    if (!Number.isFinite(h) || h < 0) return none(h, 'the horizon must be a non-negative number');
    if (km.n === 0) return none(h, km.note ?? 'no observations');
    if (h > maxTime) return none(h, `beyond the longest follow-up (${maxTime})`);
    let nRisk = 0;
    for (const t of times) if (t >= h) nRisk++;
    let row = null;
    for (const r of km.rows) {
      if (r.time > h) break;
      row = r;
    }
    if (row === null) return { time: h, nRisk, survival: 1, stdErr: 0, low: 1, high: 1 };
    return { time: h, nRisk, survival: row.survival, stdErr: row.stdErr, low: row.low, high: row.high };
  });
}
