import { normalQuantile, normalSf } from './distributions.js';
import { invertMatrix, solveLinear } from './linear-solve.js';

/** Result of {@link coxPh}. Fields are null when the model cannot be fitted; `note` says why. */
export interface CoxPh {
  /** log hazard ratios, one per covariate */
  coef: number[] | null;
  /** standard errors from the inverse information (R `sqrt(diag(vcov(fit)))`) */
  se: number[] | null;
  /** hazard ratios exp(coef) */
  hazardRatio: number[] | null;
  low: number[] | null;
  high: number[] | null;
  /** two-sided Wald p-values */
  p: number[] | null;
  /** partial log-likelihood at the estimate */
  logLik: number | null;
  n: number;
  events: number;
  iterations: number;
  note?: string;
}

/**
 * Cox proportional-hazards model, optionally stratified, with Efron's
 * handling of tied event times (R `coxph`'s default), fitted by
 * Newton–Raphson from β = 0.
 *
 * Partial likelihood, per stratum and distinct event time t with d tied
 * events D and risk set R (time ≥ t):
 *
 *   ℓ = Σ_t [ Σ_{i∈D} xᵢβ − Σ_{k=0}^{d−1} log( Σ_{R} e^{xβ} − (k/d) Σ_{D} e^{xβ} ) ]
 *
 * Each stratum has its own baseline hazard (its own risk sets). The
 * interval is the Wald interval exp(β ± z·se) and the p-value the Wald test,
 * as `summary(coxph(...))` prints them.
 *
 * Reference: Cox D.R. (1972) JRSS B 34:187–220; Efron B. (1977) JASA
 * 72:557–565; Therneau & Grambsch (2000) Modeling Survival Data §3.3.
 * Checked against R `survival::coxph(Surv(time, event) ~ x + strata(s))`.
 *
 * Edge cases: no events, or a covariate that does not vary within the
 * strata that have events, → nulls with a note. Iterates until the relative
 * change of ℓ is below 1e-12 (R stops at 1e-9) or 50 steps; step-halving
 * when ℓ decreases. Monotone likelihood (an infinite estimate, e.g. no events
 * in one group) is reported with a note, the estimate after the last step
 * left null.
 *
 * @example
 * // two groups, one stratum
 * coxPh([1, 2, 3, 4, 5, 6], [true, true, true, true, false, true], [[0], [1], [0], [1], [0], [1]]);
 */
export function coxPh(
  times: readonly number[],
  events: readonly boolean[],
  covariates: readonly (readonly number[])[],
  strata?: readonly (string | number)[],
  confidence = 0.95,
): CoxPh {
  const n = times.length;
  const p = covariates[0]?.length ?? 0;
  const nEvents = events.filter(Boolean).length;
  const fail = (note: string, iterations = 0): CoxPh => ({
    coef: null,
    se: null,
    hazardRatio: null,
    low: null,
    high: null,
    p: null,
    logLik: null,
    n,
    events: nEvents,
    iterations,
    note,
  });
  if (events.length !== n || covariates.length !== n || (strata && strata.length !== n))
    return fail('times, events, covariates and strata must have the same length');
  if (n === 0 || p === 0) return fail('no observations or no covariate');
  if (nEvents === 0) return fail('no events: the hazard ratio is undefined');
  if (times.some((t) => !Number.isFinite(t))) return fail('times must be finite numbers');

  // group by stratum, each sorted by time descending (events before censorings at equal times does not matter: risk sets use time >= t)
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const s = strata ? strata[i] : 0;
    const g = groups.get(s) ?? [];
    groups.set(s, g);
    g.push(i);
  }
  const ordered = [...groups.values()].map((g) => g.sort((a, b) => times[b] - times[a]));

  // centre the covariates (as R does) for numerical stability; β is unchanged
  const mean = Array.from({ length: p }, (_, j) => covariates.reduce((s, x) => s + x[j], 0) / n);
  const X = covariates.map((x) => x.map((v, j) => v - mean[j]));

  const evaluate = (beta: number[]) => {
    let ll = 0;
    const u = new Array(p).fill(0);
    const info = Array.from({ length: p }, () => new Array(p).fill(0));
    for (const g of ordered) {
      let s0 = 0;
      const s1 = new Array(p).fill(0);
      const s2 = Array.from({ length: p }, () => new Array(p).fill(0));
      let k = 0;
      while (k < g.length) {
        const t = times[g[k]];
        // everyone with this time joins the risk set; the events among them are the tie group
        let d = 0,
          e0 = 0;
        const e1 = new Array(p).fill(0);
        const e2 = Array.from({ length: p }, () => new Array(p).fill(0));
        const xSum = new Array(p).fill(0);
        let etaSum = 0;
        for (; k < g.length && times[g[k]] === t; k++) {
          const i = g[k];
          const x = X[i];
          let eta = 0;
          for (let j = 0; j < p; j++) eta += x[j] * beta[j];
          const r = Math.exp(eta);
          s0 += r;
          for (let a = 0; a < p; a++) {
            s1[a] += r * x[a];
            for (let b = 0; b < p; b++) s2[a][b] += r * x[a] * x[b];
          }
          if (events[i]) {
            d++;
            e0 += r;
            etaSum += eta;
            for (let a = 0; a < p; a++) {
              e1[a] += r * x[a];
              xSum[a] += x[a];
              for (let b = 0; b < p; b++) e2[a][b] += r * x[a] * x[b];
            }
          }
        }
        if (d === 0) continue;
        ll += etaSum;
        for (let a = 0; a < p; a++) u[a] += xSum[a];
        for (let l = 0; l < d; l++) {
          const f = l / d;
          const phi = s0 - f * e0;
          ll -= Math.log(phi);
          const m = new Array(p);
          for (let a = 0; a < p; a++) {
            m[a] = (s1[a] - f * e1[a]) / phi;
            u[a] -= m[a];
          }
          for (let a = 0; a < p; a++)
            for (let b = 0; b < p; b++) info[a][b] += (s2[a][b] - f * e2[a][b]) / phi - m[a] * m[b];
        }
      }
    }
    return { ll, u, info };
  };

  let beta = new Array(p).fill(0);
  let cur = evaluate(beta);
  let iterations = 0;
  for (; iterations < 50; iterations++) {
    const step = solveLinear(cur.info, cur.u);
    if (step === null) {
      return fail(
        iterations > 0
          ? 'the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio'
          : 'the information matrix is singular: a covariate does not vary within the strata that have events',
        iterations,
      );
    }
    let next = beta.map((b, j) => b + step[j]);
    let trial = evaluate(next);
    for (let h = 0; h < 30 && !(trial.ll >= cur.ll - 1e-12 * Math.abs(cur.ll)); h++) {
      next = beta.map((b, j) => (b + next[j]) / 2);
      trial = evaluate(next);
    }
    const done =
      Math.abs(trial.ll - cur.ll) <= 1e-12 * Math.max(1, Math.abs(cur.ll)) && step.every((s) => Math.abs(s) < 1e-9);
    beta = next;
    cur = trial;
    if (done) break;
  }
  // A diverging estimate (monotone likelihood) is caught on the scale of the linear predictor:
  // |β|·range(x) > 20 (a hazard ratio above e^20 across the covariate's range), so that it does
  // not depend on the covariate's units, as |β| > 20 alone did. R warns "coefficient may be
  // infinite" on the same data (cox-ph.test.ts). A large |β| on a covariate with a small range
  // is a finite fit (R: coef 105 on x in [0, 0.1], no warning), not a divergence.
  const span = beta.map((_, j) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const row of covariates) {
      if (row[j] < lo) lo = row[j];
      if (row[j] > hi) hi = row[j];
    }
    return hi - lo;
  });
  const infinite = beta.some((b, j) => Math.abs(b) * span[j] > 20);
  if (infinite || beta.some((b) => !Number.isFinite(b))) {
    return fail(
      'the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio',
      iterations,
    );
  }
  const vcov = invertMatrix(cur.info);
  if (vcov === null) return fail('the information matrix is singular at the estimate', iterations);
  const z = normalQuantile((1 + confidence) / 2);
  const se = vcov.map((row, j) => Math.sqrt(row[j]));
  return {
    coef: beta,
    se,
    hazardRatio: beta.map(Math.exp),
    low: beta.map((b, j) => Math.exp(b - z * se[j])),
    high: beta.map((b, j) => Math.exp(b + z * se[j])),
    p: beta.map((b, j) => 2 * normalSf(Math.abs(b / se[j]))),
    logLik: cur.ll,
    n,
    events: nEvents,
    iterations: iterations + 1,
  };
}
