import { describe, expect, it } from 'vitest';
import { coxPh } from './cox-ph.js';

/*
 * Reference: R 4.2.2, survival 3.5-3 (Debian r-cran-survival), ties = "efron" (the default):
 *   set.seed(13); n <- 60
 *   strat <- sample(c("B","C","D"), n, replace = TRUE); x <- rbinom(n, 1, 0.5)
 *   rate <- 0.01 * ifelse(strat == "B", 2, ifelse(strat == "C", 1.3, 1)) * ifelse(x == 1, 0.6, 1)
 *   t <- ceiling(rexp(n, rate) / 10); e <- as.integer(t <= 20); t <- pmin(t, 20); x2 <- round(rnorm(n), 2)
 *   f1 <- coxph(Surv(t, e) ~ x + strata(strat)); coef(f1); sqrt(vcov(f1)); summary(f1); f1$loglik[2]
 *   f2 <- coxph(Surv(t, e) ~ x)
 *   f3 <- coxph(Surv(t, e) ~ x + x2 + strata(strat))
 * (printed with sprintf("%.15g"); heavy ties: times are whole numbers 1…20)
 */
const time = [
  16, 1, 2, 4, 20, 2, 6, 20, 2, 6, 4, 6, 3, 4, 18, 9, 3, 4, 3, 7, 20, 20, 3, 7, 2, 20, 20, 4, 12, 1, 2, 3, 6, 9, 19, 1,
  7, 2, 4, 10, 3, 20, 3, 20, 9, 20, 3, 20, 7, 12, 5, 4, 9, 7, 2, 16, 8, 8, 1, 7,
];
const event = [
  1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
].map(Boolean);
const x = [
  1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0,
  0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0,
];
const x2 = [
  -1.39, 0.67, -0.28, -2.28, -0.1, 0.41, 1.19, -0.87, 0.46, -1.73, 0.12, -0.07, 0.46, 0.59, 1.37, -1.98, 0.49, -0.39,
  -0.78, -1.31, 0.64, -0.18, -3.46, 1.34, 1.37, -1.61, 0.69, 0.17, -0.88, -1.91, -0.01, -1.34, -0.03, 1.32, -1.11, 0.24,
  0.81, -1.81, 0.06, -0.12, 0.63, 0.71, -1.26, -0.27, 1.66, 1.88, -1.22, -0.67, -1.44, -0.4, 0.11, 0.16, 0.68, 1.82,
  0.14, -1.82, -1.56, -1.46, -0.23, 1.05,
];
const strat = [
  'D',
  'B',
  'C',
  'B',
  'C',
  'C',
  'B',
  'D',
  'B',
  'C',
  'D',
  'D',
  'D',
  'B',
  'B',
  'C',
  'B',
  'D',
  'B',
  'B',
  'D',
  'D',
  'C',
  'B',
  'B',
  'D',
  'D',
  'D',
  'B',
  'C',
  'C',
  'C',
  'B',
  'C',
  'D',
  'D',
  'D',
  'C',
  'B',
  'C',
  'C',
  'C',
  'C',
  'D',
  'D',
  'D',
  'B',
  'C',
  'B',
  'C',
  'B',
  'B',
  'D',
  'C',
  'B',
  'D',
  'B',
  'C',
  'C',
  'B',
];

const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(tol);

describe('coxPh (Efron ties) against R coxph', () => {
  it('stratified by level: coef, se, interval, p and log-likelihood', () => {
    const r = coxPh(
      time,
      event,
      x.map((v) => [v]),
      strat,
    );
    expect(r.note).toBeUndefined();
    close(r.coef![0], -0.373976644565774);
    close(r.se![0], 0.307555315789375);
    close(r.p![0], 0.22399807550771);
    close(r.low![0], 0.376523812486239);
    close(r.high![0], 1.25711661481909);
    close(r.hazardRatio![0], Math.exp(-0.373976644565774));
    close(r.logLik!, -115.99387884976);
    expect(r.n).toBe(60);
    expect(r.events).toBe(50);
  });

  it('without strata', () => {
    const r = coxPh(
      time,
      event,
      x.map((v) => [v]),
    );
    close(r.coef![0], -0.585221515516393);
    close(r.se![0], 0.287490326984778);
    close(r.logLik!, -171.446436375642);
  });

  it('two covariates, stratified', () => {
    const r = coxPh(
      time,
      event,
      x.map((v, i) => [v, x2[i]]),
      strat,
    );
    close(r.coef![0], -0.376528075097337);
    close(r.coef![1], -0.0609071174680274);
    close(r.se![0], 0.308296031969646);
    close(r.se![1], 0.123500426420299);
    close(r.logLik!, -115.872116959193);
  });

  it('does not depend on the order of the rows', () => {
    const order = time.map((_, i) => i).reverse();
    const r = coxPh(
      order.map((i) => time[i]),
      order.map((i) => event[i]),
      order.map((i) => [x[i]]),
      order.map((i) => strat[i]),
    );
    close(r.coef![0], -0.373976644565774, 1e-9);
  });

  it('says why when it cannot fit', () => {
    expect(coxPh([1, 2], [false, false], [[0], [1]]).note).toMatch(/no events/);
    expect(coxPh([1, 2, 3], [true, true, false], [[1], [1], [1]]).note).toMatch(/does not vary/);
    // every event in group 0: the estimate runs off to −∞
    expect(coxPh([1, 2, 3, 4], [true, true, false, false], [[0], [0], [1], [1]]).note).toMatch(/diverges/);
  });

  it('names each guard exactly', () => {
    const len = 'times, events, covariates and strata must have the same length';
    expect(coxPh([1, 2], [true], [[0], [1]]).note).toBe(len);
    expect(coxPh([1, 2], [true, true], [[0]]).note).toBe(len);
    expect(coxPh([1, 2], [true, true], [[0], [1]], ['a']).note).toBe(len);
    expect(coxPh([1, 2, 3], [true, true, true], [[0], [1], [0]], ['a', 'a', 'a']).note).toBeUndefined();
    expect(coxPh([], [], []).note).toBe('no observations or no covariate');
    expect(coxPh([1, 2], [true, true], [[], []]).note).toBe('no observations or no covariate');
    // one non-finite time among finite ones
    const nan = coxPh([1, Number.NaN, 3], [true, true, true], [[0], [1], [0]]);
    expect(nan.note).toBe('times must be finite numbers');
    expect(nan.coef).toBeNull();
    expect(coxPh([1, 2, 3], [true, true, false], [[1], [1], [1]]).note).toBe(
      'the information matrix is singular: a covariate does not vary within the strata that have events',
    );
    expect(coxPh([1, 2, 3, 4], [true, true, false, false], [[0], [0], [1], [1]]).note).toBe(
      'the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio',
    );
  });

  it('a score of 0 at β = 0 stops after one step: R coxph gives coef 0, se 1, loglik −log 24', () => {
    // R: coxph(Surv(c(1,1,2,2), c(1,1,1,1)) ~ c(0,1,0,1)) → coef 0, se 1, loglik -3.178054, iter 1
    // (by hand, Efron: ℓ(0) = −log 4 − log 3 − log 2 − log 1; information 1/4 + 1/4 + 1/4 + 1/4 = 1)
    const r = coxPh([1, 1, 2, 2], [true, true, true, true], [[0], [1], [0], [1]]);
    expect(r.coef).toEqual([0]);
    expect(r.iterations).toBe(1);
    close(r.se![0], 1, 1e-12);
    close(r.logLik!, -Math.log(24), 1e-12);
    expect(r.p).toEqual([1]);
    expect(r.hazardRatio).toEqual([1]);
    close(r.low![0], Math.exp(-1.959963984540054), 1e-9);
    close(r.high![0], Math.exp(1.959963984540054), 1e-9);
  });

  it('converges in a handful of Newton steps on regular data', () => {
    const r = coxPh(
      time,
      event,
      x.map((v) => [v]),
      strat,
    );
    expect(r.iterations).toBeGreaterThan(1);
    expect(r.iterations).toBeLessThan(10);
  });

  it('a large offset in a covariate changes nothing (the covariates are centred, as in R)', () => {
    // R: coxph(Surv(time, event) ~ I(x + 5000) + strata(level)) gives the same coef as ~ x
    const r = coxPh(
      time,
      event,
      x.map((v) => [v + 5000]),
      strat,
    );
    expect(r.note).toBeUndefined();
    close(r.coef![0], -0.373976644565774);
    close(r.se![0], 0.307555315789375);
    close(r.logLik!, -115.99387884976);
  });

  it('a diverging estimate on a small-scale covariate is caught', () => {
    // every event in group x = 0.1 comes before any in group x = 0: β runs off to +∞ (R warns "coefficient may be infinite")
    const t = [1, 2, 3, 4, 5, 6, 7, 8];
    const r = coxPh(
      t,
      t.map(() => true),
      [0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0].map((v) => [v]),
    );
    expect(r.coef).toBeNull();
    expect(r.note).toBe('the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio');
  });

  it.each([3, 300])(
    'a diverging estimate on a large-scale covariate (x = %d or 0) is caught, whatever the scale (R warns)',
    (hi) => {
      // R: coxph(Surv(1:8, rep(1, 8)) ~ c(3, 3, 3, 3, 0, 0, 0, 0)) gives coef 7.37 and, with the
      // covariate × 100, 0.0737, each with the warning "Loglik converged before variable 1;
      // coefficient may be infinite" (survival 3.x). Here the fit stops with |β| under 20
      // (13.7 for x = 3), so only the check on the linear predictor's scale, |β|·range(x) > 20,
      // sees it.
      const t = [1, 2, 3, 4, 5, 6, 7, 8];
      const r = coxPh(
        t,
        t.map(() => true),
        [hi, hi, hi, hi, 0, 0, 0, 0].map((v) => [v]),
      );
      expect(r.coef).toBeNull();
      expect(r.note).toBe(
        'the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio',
      );
    },
  );

  it('with two covariates, one diverging one is enough for the note', () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8];
    const z = [0.3, -1.2, 0.8, 0.1, -0.5, 1.4, -0.9, 0.6];
    const r = coxPh(
      t,
      t.map(() => true),
      [0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0].map((v, i) => [z[i], v]),
    );
    expect(r.coef).toBeNull();
    expect(r.note).toBe('the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio');
  });

  it('halves a Newton step that overshoots: R coxph(Surv(1:8, rep(1, 8)) ~ c(23, 37, 13, 9, 8, 8, 9, 9))', () => {
    // R: coef 0.1178561876635251, se 0.0661084245368718, loglik -8.4816392317792051
    // (the full first Newton step from 0 lowers the partial likelihood here)
    const r = coxPh(
      [1, 2, 3, 4, 5, 6, 7, 8],
      [true, true, true, true, true, true, true, true],
      [23, 37, 13, 9, 8, 8, 9, 9].map((v) => [v]),
    );
    close(r.coef![0], 0.1178561876635251, 1e-9);
    close(r.se![0], 0.0661084245368718, 1e-9);
    close(r.logLik!, -8.4816392317792051, 1e-9);
    expect(r.iterations).toBeLessThan(10);
  });
});

describe('coxPh: step halving, the divergence checks and the step cap (session 9 pins)', () => {
  it('an outlying covariate: the first full Newton step lowers ℓ, halving recovers R coxph', () => {
    // R 4.2.2, survival 3.5-3: f <- coxph(Surv(1:9, rep(1, 9)) ~ c(60, 2, 7, 6, 5, 1, 5, 4, 6))
    // coef 0.086156081539426263, se 0.071164446716449045, loglik -10.911733359997342 (iter 9).
    // Without the halving the Newton steps run off and the fit ends as "diverges".
    const r = coxPh(
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      [true, true, true, true, true, true, true, true, true],
      [60, 2, 7, 6, 5, 1, 5, 4, 6].map((v) => [v]),
    );
    expect(r.note).toBeUndefined();
    close(r.coef![0], 0.086156081539426263, 1e-9);
    close(r.se![0], 0.071164446716449045, 1e-9);
    close(r.logLik!, -10.911733359997342, 1e-9);
  });

  it('stops only when both ℓ and the step have settled: the MLE to 1e-14 (R with eps = 1e-15)', () => {
    // R: coxph(Surv(1:9, c(1,0,1,1,1,0,0,1,1)) ~ c(22,31,17,34,19,30,14,39,18) + c(24,31,19,14,4,33,7,5,18),
    //          control = coxph.control(eps = 1e-15, iter.max = 200))
    // coef 0.007444050672844091, -0.0081812149855683067, loglik -8.2082347662215405 (iter 4). R's
    // default eps = 1e-9 stops a step earlier at 0.0074440506729031627, -0.0081812149854945636
    // (8e-12 relative away), as does a rule that stops on a settled ℓ alone or a small step alone.
    const r = coxPh(
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      [true, false, true, true, true, false, false, true, true],
      [22, 31, 17, 34, 19, 30, 14, 39, 18].map((v, i) => [v, [24, 31, 19, 14, 4, 33, 7, 5, 18][i]]),
    );
    expect(Math.abs(r.coef![0] / 0.007444050672844091 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(r.coef![1] / -0.0081812149855683067 - 1)).toBeLessThan(1e-13);
    close(r.logLik!, -8.2082347662215405, 1e-12);
  });

  it('a large coefficient on a small-range covariate is a finite fit, not a divergence (R coxph)', () => {
    // R: x <- c(0.20, 0.18, 0.19, 0.15, 0.16, 0.10, 0.12, 0.05, 0.08, 0) / 2
    //    f <- coxph(Surv(1:10, rep(1, 10)) ~ x)   # no warning, iter 6, coef 104.990837019
    //    coxph(…, control = coxph.control(eps = 1e-15, iter.max = 200))   # fully converged, iter 7:
    // coef 104.99083719921566, se 42.438157313701197, loglik -6.932513221020292.
    // |β|·range(x) = 10.5 < 20. Before 2026-11-30 (session 9) a second check |β| > 20 refused it.
    const x = [0.2, 0.18, 0.19, 0.15, 0.16, 0.1, 0.12, 0.05, 0.08, 0].map((v) => v / 2);
    const r = coxPh(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      x.map(() => true),
      x.map((v) => [v]),
    );
    expect(r.note).toBeUndefined();
    expect(Math.abs(r.coef![0] / 104.99083719921566 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r.se![0] / 42.438157313701197 - 1)).toBeLessThan(1e-12);
    close(r.logLik!, -6.932513221020292, 1e-12);
  });

  it('the range of a covariate is taken over every row, not up to the last one', () => {
    // R: coxph(Surv(1:5, rep(1, 5)) ~ c(1, 4, 4, 6, 43)) warns "Ran out of iterations and did not
    // converge", coef -8.12: a monotone likelihood (the largest x has the last event). The last row
    // holds the maximum, so a range taken only from there would be 0 and miss it.
    const r = coxPh(
      [1, 2, 3, 4, 5],
      [true, true, true, true, true],
      [1, 4, 4, 6, 43].map((v) => [v]),
    );
    expect(r.coef).toBeNull();
    expect(r.note).toBe('the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio');
  });

  it('two covariates, only one diverging: the fit runs all 50 Newton steps and is refused', () => {
    // R: coxph(Surv(1:5, c(0, 0, 1, 1, 1)) ~ c(19, 4, 15, 39, 3) + c(45, 6, 17, 8, 4)) warns
    // "Ran out of iterations and did not converge" (coef 0.24 and 2.98, the second running off).
    const r = coxPh(
      [1, 2, 3, 4, 5],
      [false, false, true, true, true],
      [
        [19, 45],
        [4, 6],
        [15, 17],
        [39, 8],
        [3, 4],
      ],
    );
    expect(r.coef).toBeNull();
    expect(r.note).toBe('the estimate diverges (monotone likelihood: e.g. no events in one group), so no hazard ratio');
    // the loop's cap of 50 Newton steps is reached (ℓ keeps rising while the step does not shrink)
    expect(r.iterations).toBe(50);
  });
});
