import { normalQuantile } from './distributions.js';

/** One row of {@link KaplanMeier.rows}: one distinct event time. */
export interface KaplanMeierRow {
  time: number;
  /** Number at risk just before `time` (time ≥ this time). */
  nRisk: number;
  /** Number of events at `time`. */
  nEvent: number;
  /**
   * Number censored after the previous event time and up to and including
   * this time (R `summary(survfit)$n.censor`). Censorings at an event time are
   * counted as happening after the events at that time.
   */
  nCensor: number;
  /** Kaplan–Meier survival S(t) just after `time`. */
  survival: number;
  /** Greenwood standard error of S(t): S(t)·√Σ d/(n(n−d)); null once S(t) = 0. */
  stdErr: number | null;
  /** Greenwood standard error of log S(t) (R `survfit()$std.err`); null once S(t) = 0. */
  stdErrLog: number | null;
  /** Lower limit of the log-scale ("log", R's default) pointwise interval; null once S(t) = 0. */
  low: number | null;
  /** Upper limit of the log-scale interval, clamped to at most 1; null once S(t) = 0. */
  high: number | null;
}

/** Result of {@link kaplanMeier}. */
export interface KaplanMeier {
  /** Number of observations. */
  n: number;
  /** Number of events. */
  events: number;
  confidence: number;
  /** One row per distinct event time, in increasing time order. */
  rows: KaplanMeierRow[];
  /** Median survival time as R `print(survfit)` reports it; null when not reached. */
  median: number | null;
  /** Lower confidence limit of the median (from the lower pointwise curve); null when not reached. */
  medianLow: number | null;
  /** Upper confidence limit of the median (from the upper pointwise curve); null when not reached. */
  medianHigh: number | null;
  /** Why something is null, or other caveats. */
  note?: string;
}

/**
 * Kaplan–Meier (product-limit) estimate of the survival function, with
 * Greenwood standard errors, log-scale pointwise confidence intervals and the
 * median survival time with its confidence interval.
 *
 * At each distinct event time tᵢ with nᵢ at risk and dᵢ events:
 *
 *   S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ)
 *   se(log S(t)) = √Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ))          (Greenwood)
 *   se(S(t)) = S(t) · se(log S(t))
 *   CI = [S·exp(−z·se(log S)), min(1, S·exp(z·se(log S)))],  z = Φ⁻¹((1 + confidence)/2)
 *
 * This is R survival's default `conf.type = "log"` (not "log-log" or "plain").
 * Events at a time precede censorings at the same time (a subject censored at
 * t is in the risk set at t).
 *
 * Median (as R `print(survfit)`, survival 3.5 `survmean`): the first time at
 * which S(t) ≤ 0.5; if S equals 0.5 there (within √ε) and drops further
 * later, the midpoint between that time and the next event time. If S equals
 * 0.5 only at the last event time, that time itself is reported (note:
 * `quantile(survfit)` would instead average it with the last follow-up time).
 * The median's confidence limits apply the same rule to the lower and upper
 * pointwise curves.
 *
 * References: Kaplan & Meier (1958) JASA 53:457–481; Greenwood (1926);
 * Brookmeyer & Crowley (1982) Biometrics 38:29–41 for the median interval;
 * Therneau, survival package `survfit.formula`, `print.survfit`.
 * Checked against R 4.2.2 survival 3.5-3: `summary(survfit(Surv(time, status) ~ 1))`
 * and `print(survfit(...))` on the aml, ovarian and lung data sets.
 *
 * Edge cases: n = 0, mismatched lengths or non-finite times → empty rows with
 * a note; all censored → no rows, median null, note; S never ≤ 0.5 → median
 * null with a note; once S(t) = 0 the Greenwood SE and log-scale limits are
 * undefined and returned as null (R gives NaN/NA). Unlike R's `timefix`, times
 * are compared exactly (no tolerance for near-equal floating-point times).
 *
 * @example
 * kaplanMeier([1, 2, 2, 3], [true, false, true, true]);
 * // rows[1] → { time: 2, nRisk: 3, nEvent: 1, nCensor: 1, survival: 0.5, stdErr: 0.25, stdErrLog: 0.5,
 * //             low: 0.18765892870658818, high: 1 }, median 2.5, medianLow 1, medianHigh null
 */
export function kaplanMeier(
  times: readonly number[],
  events: readonly boolean[] | Uint8Array,
  confidence = 0.95,
): KaplanMeier {
  const empty = (note: string, n = 0, nEvents = 0): KaplanMeier => ({
    n,
    events: nEvents,
    confidence,
    rows: [],
    median: null,
    medianLow: null,
    medianHigh: null,
    note,
  });
  if (times.length !== events.length) {
    return empty(`times and events must have the same length (got ${times.length} and ${events.length})`);
  }
  if (times.length === 0) return empty('no observations (n = 0)');
  if (times.some((t) => !Number.isFinite(t))) return empty('times must be finite numbers');
  if (!(confidence > 0 && confidence < 1)) return empty('confidence must be strictly between 0 and 1');

  const n = times.length;
  const isEvent = Array.from(events as ArrayLike<boolean | number>, (e) => Boolean(e));
  const nEventsTotal = isEvent.filter(Boolean).length;
  if (nEventsTotal === 0) {
    return empty('no events (all observations censored): survival stays at 1 and the median is not reached', n, 0);
  }

  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const z = normalQuantile((1 + confidence) / 2);
  const rows: KaplanMeierRow[] = [];
  let atRisk = n;
  let survival = 1;
  let cumHazardVar = 0;
  let censoredSinceLastEvent = 0;
  let i = 0;
  while (i < n) {
    const t = times[order[i]];
    let d = 0;
    let c = 0;
    while (i < n && times[order[i]] === t) {
      if (isEvent[order[i]]) d++;
      else c++;
      i++;
    }
    censoredSinceLastEvent += c;
    if (d > 0) {
      survival *= 1 - d / atRisk;
      const zeroed = d === atRisk;
      if (!zeroed) cumHazardVar += d / (atRisk * (atRisk - d));
      const seLog = zeroed || survival === 0 ? null : Math.sqrt(cumHazardVar);
      rows.push({
        time: t,
        nRisk: atRisk,
        nEvent: d,
        nCensor: censoredSinceLastEvent,
        survival,
        stdErr: seLog === null ? null : survival * seLog,
        stdErrLog: seLog,
        low: seLog === null ? null : survival * Math.exp(-z * seLog),
        high: seLog === null ? null : Math.min(1, survival * Math.exp(z * seLog)),
      });
      censoredSinceLastEvent = 0;
    }
    atRisk -= d + c;
  }

  const eventTimes = rows.map((r) => r.time);
  const median = firstAtOrBelowHalf(
    eventTimes,
    rows.map((r) => r.survival),
  );
  const medianLow = firstAtOrBelowHalf(
    eventTimes,
    rows.map((r) => r.low),
  );
  const medianHigh = firstAtOrBelowHalf(
    eventTimes,
    rows.map((r) => r.high),
  );

  const notes: string[] = [];
  const zeroRow = rows.find((r) => r.survival === 0);
  if (zeroRow) {
    notes.push(
      `survival reaches 0 at time ${zeroRow.time}: the Greenwood SE and log-scale limits are undefined (null) from there on`,
    );
  }
  if (median === null) notes.push('median not reached: survival never falls to 0.5');
  else {
    if (medianLow === null) notes.push('lower confidence limit of the median not reached');
    if (medianHigh === null) notes.push('upper confidence limit of the median not reached');
  }
  const result: KaplanMeier = { n, events: nEventsTotal, confidence, rows, median, medianLow, medianHigh };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

/**
 * The `minmin` rule of R survival's `survmean` (used by `print.survfit`): first
 * time whose curve value is ≤ 0.5 (within √ε); if that value is 0.5 and the curve
 * drops further later, the midpoint with the time of that next drop. Null values
 * (undefined limits) are skipped.
 */
function firstAtOrBelowHalf(time: readonly number[], curve: readonly (number | null)[]): number | null {
  const tol = Math.sqrt(Number.EPSILON);
  const kept: Array<[number, number]> = [];
  for (let i = 0; i < time.length; i++) {
    const y = curve[i];
    if (y !== null && y < 0.5 + tol) kept.push([time[i], y]);
  }
  if (kept.length === 0) return null;
  const [x1, y1] = kept[0];
  if (Math.abs(y1 - 0.5) < tol) {
    const next = kept.find(([, y]) => y < y1);
    if (next) return (x1 + next[0]) / 2;
  }
  return x1;
}
