import { describe, expect, it } from 'vitest';
import { negativeBinomialRegression, thetaMl } from './negative-binomial-regression.js';
import { ITS_X, ITS_Y, ITS_Y_OVERDISPERSED } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
const NO_OVERDISPERSION =
  'no overdispersion: the ML theta runs to infinity (the negative binomial reduces to the Poisson model; use --model poisson)';
/** A failed fit: every field empty but the residual df, and the note. */
/** The segmented design (intercept, t, post, t − launch after it) of R's y ~ t + post + ts, t = 0 … n − 1. */
const segmentedDesign = (n: number, launch: number): number[][] =>
  Array.from({ length: n }, (_, t) => [1, t, t >= launch ? 1 : 0, Math.max(0, t - launch)]);
const emptyFit = (note: string, dfResidual: number) => {
  const empty = [
    'coefficients',
    'fitted',
    'pearsonResiduals',
    'deviance',
    'dispersion',
    'theta',
    'thetaStdErr',
    'logLik',
  ];
  return { ...Object.fromEntries(empty.map((k) => [k, null])), dfResidual, iterations: 0, converged: false, note };
};

describe('negativeBinomialRegression vs R MASS::glm.nb', () => {
  it('segmented NB regression on an overdispersed series', () => {
    // R: nb <- MASS::glm.nb(y ~ t + post + tsince, control = glm.control(epsilon = 1e-14, maxit = 100))
    //    y = c(12, 30, 8, 25, 40, 15, 22, 9, 35, 28, 14, 50, 18, 7, 26, 11, 31, 6, 20, 13, 9, 24, 5, 16), t = 0:23, launch at 12
    //    summary(nb)$coefficients; nb$theta; nb$SE.theta; nb$twologlik; deviance(nb)
    const fit = negativeBinomialRegression(ITS_X, ITS_Y_OVERDISPERSED);
    const want = [
      [2.869413455104224742, 0.279429647184866292, 10.2688225247833689, 9.7385990376541054e-25],
      [0.052956345884947013, 0.042464918987693799, 1.2470610364355952, 2.1237511825599509e-1],
      [-0.633355598016282717, 0.4196900881776498, -1.5091030640404137, 1.3127244667550142e-1],
      [-0.077339372406733872, 0.061298173463496392, -1.2616913039470932, 2.0705988725205923e-1],
    ];
    fit.coefficients!.forEach((c, j) => {
      close(c.estimate, want[j][0]);
      close(c.stdErr, want[j][1]);
      close(c.z, want[j][2]);
      close(c.p, want[j][3]);
    });
    close(fit.theta, 4.6644456780996757);
    // nb$SE.theta = 1.6665130811252564 is the information at theta.ml's last-but-one Newton step (its step
    // tolerance is 1.2e-4); at the converged theta and mu it is, in R:
    //   i <- sum(-trigamma(th + y) + trigamma(th) - 1/th + 2/(mu + th) - (y + th)/(mu + th)^2); sqrt(1/i)
    close(fit.thetaStdErr, 1.6665181331625807, 1e-8);
    close(fit.thetaStdErr, 1.6665130811252564, 1e-5);
    close(fit.logLik! * 2, -174.18045007855767);
    close(fit.deviance, 24.64530003899575);
  });

  it('no overdispersion: theta runs to infinity and the fit says to use Poisson', () => {
    // R: glm.nb on the underdispersed series warns "iteration limit reached"; theta = 4.7e9
    const fit = negativeBinomialRegression(ITS_X, ITS_Y);
    expect(fit.theta).toBeNull();
    expect(fit.note).toMatch(/poisson/i);
  });

  it('counts with zeros: estimates, theta, log-likelihood, deviance; converged with no note', () => {
    // R: y <- c(0, 3, 0, 7, 2, 0, 12, 5, 0, 9, 1, 15); x <- 1:12
    //    nb <- MASS::glm.nb(y ~ x, control = glm.control(epsilon = 1e-14, maxit = 100))
    //    coef(summary(nb)); nb$theta; nb$twologlik; deviance(nb)
    const y = [0, 3, 0, 7, 2, 0, 12, 5, 0, 9, 1, 15];
    const fit = negativeBinomialRegression(
      y.map((_, i) => [1, i + 1]),
      y,
    );
    const want = [
      [0.23789738219904946, 0.82583582317479853, 0.28806861548399493, 0.77329421599167791],
      [0.1707264835005817, 0.10802436997632392, 1.58044414920448428, 0.11400518772795766],
    ];
    expect(fit.coefficients).toHaveLength(2);
    fit.coefficients!.forEach((c, j) => {
      close(c.estimate, want[j][0], 1e-7);
      close(c.stdErr, want[j][1], 1e-7);
      close(c.z, want[j][2], 1e-7);
      close(c.p, want[j][3], 1e-7);
    });
    close(fit.theta, 0.74724184791496873, 1e-8);
    close(fit.logLik! * 2, -59.349722132453394, 1e-9);
    close(fit.deviance, 13.497456891059095, 1e-8);
    expect(fit.converged).toBe(true);
    expect(fit.note).toBeUndefined();
    expect(fit.iterations).toBeGreaterThan(1);
    expect(fit.iterations).toBeLessThanOrEqual(100);
  });

  it('alternates until theta has settled, not only the log-likelihood (tight R references)', () => {
    // The log-likelihood is flat at its maximum, so stopping on it alone (or on theta alone, with a loose
    // 1e-10 / theta) leaves theta 3e-8 and the estimates up to 2e-7 away; both tests together agree with R to 1e-10.
    // R: y <- c(2, 13, 1, 3, 1, 5, 2, 4, 1, 6, 1, 4, 2, 9, 13, 1, 2, 5, 65, 20, 16); x <- 0:20
    //    fit <- glm(y ~ x, family = poisson)
    //    for (i in 1:200) { th <- MASS::theta.ml(y, fitted(fit), limit = 100, eps = 1e-15)
    //      fit <- glm(y ~ x, family = MASS::negative.binomial(th), start = coef(fit),
    //                 control = glm.control(epsilon = 1e-15, maxit = 100)) }
    //    th; coef(fit); sqrt(diag(summary(fit, dispersion = 1)$cov.unscaled))
    //    (MASS::glm.nb(y ~ x, control = glm.control(epsilon = 1e-14)) agrees: theta 1.2394696870128654)
    const a = [2, 13, 1, 3, 1, 5, 2, 4, 1, 6, 1, 4, 2, 9, 13, 1, 2, 5, 65, 20, 16];
    const fa = negativeBinomialRegression(
      a.map((_, i) => [1, i]),
      a,
    );
    close(fa.theta, 1.23946968701286497);
    close(fa.coefficients![0].estimate, 0.88592118894109406);
    close(fa.coefficients![1].estimate, 0.10051136611048937);
    close(fa.coefficients![0].stdErr, 0.4390988873219418);
    close(fa.coefficients![1].stdErr, 0.03607307358470118);
    // theta < 1: the same R loop on this series gives theta 0.310528338103526091, estimates 1.704847584910801128,
    // 0.040430731878399392 (glm.nb's own stopping leaves its estimates 1e-8 from these); ours are within 1e-8 and
    // 7e-10, a tolerance of 1e-10 / theta (3.2e-10 here) moves the slope 5e-9
    const b = [5, 2, 42, 1, 12, 0, 7, 0, 1, 1, 0, 7, 0, 0, 16, 9, 0, 5, 37, 0, 2, 0, 0, 5, 18, 85];
    const fb = negativeBinomialRegression(
      b.map((_, i) => [1, i]),
      b,
    );
    close(fb.theta, 0.310528338103526091);
    close(fb.coefficients![0].estimate, 1.704847584910801128, 1e-8);
    close(fb.coefficients![1].estimate, 0.040430731878399392, 2e-9);
  });

  it('thetaMl on fixed means (R MASS::theta.ml) and its guards', () => {
    // R: theta.ml(y, fitted(nb)) for the fit above gives 0.74724184791496773, SE 0.43901379301869031 (at its
    //    last-but-one Newton step); here the check is on theta against the glm.nb fit's own fitted means
    const y = [0, 3, 0, 7, 2, 0, 12, 5, 0, 9, 1, 15];
    const fit = negativeBinomialRegression(
      y.map((_, i) => [1, i + 1]),
      y,
    );
    const th = thetaMl(y, fit.fitted!);
    close(th.theta, 0.74724184791496773, 1e-8);
    close(th.stdErr, 0.43901379301869031, 1e-4);
    // no counts: the moment start 0/0 is not a number
    expect(thetaMl([], [])).toStrictEqual({ theta: null, stdErr: null });
    // y equal to mu: the moment start n / 0 is infinite
    expect(thetaMl([2, 3, 4], [2, 3, 4])).toStrictEqual({ theta: null, stdErr: null });
  });

  it('thetaMl: with the slope at infinity ≤ 0, the highest interior maximum is kept if it beats the Poisson limit', () => {
    // y = (23, 0) on fixed means (21, 3): Σ[(y − μ)² − y] = 4 + 9 − 23 = −10 ≤ 0, so the likelihood falls as θ comes
    // down from infinity, but it rises again below θ ≈ 8.24, where Newton stops at a minimum (R:
    // MASS::theta.ml(c(23, 0), c(21, 3)) gives 8.2386047880715516 and SE NaN). R, the maximum:
    //   sc <- function(th) sum(digamma(th + y) - digamma(th) + log(th) + 1 - log(th + mu) - (y + th)/(mu + th))
    //   uniroot(sc, c(0.1, 3), tol = 1e-15)$root = 0.668307860218235, SE 1.34419552676985, log-likelihood
    //   −5.52926713577583, above sum(dpois(y, mu, log = TRUE)) = −5.58265950012564: kept.
    const th = thetaMl([23, 0], [21, 3]);
    close(th.theta, 0.668307860218235, 1e-12);
    close(th.stdErr, 1.34419552676985, 1e-10);
    // y = (23, 1): Σ[(y − μ)² − y] = 4 + 4 − 24 = −16, and no θ on a grid of 10^(−8 … 8 by 0.01) beats the Poisson
    // limit (R: the grid's highest log-likelihood is −4.484047, the Poisson one −4.484047): no overdispersion
    expect(thetaMl([23, 1], [21, 3])).toStrictEqual({ theta: null, stdErr: null });
    // the independent review's case: y = (0, 1, 51) on μ = (3.809…, 6.774…, 51.406…): Σ[(y − μ)² − y] = −3.98273, an
    // interior maximum 3.02 above the Poisson limit. R: uniroot(sc, c(0.1, 2), tol = 1e-15)$root = 0.532399269622717
    // (optimize on the log-likelihood agrees); MASS::theta.ml gives 485.6 with SE NaN
    close(
      thetaMl([0, 1, 51], [3.8091343501859578, 6.7743576535362315, 51.4056595629407695]).theta,
      0.532399269622717,
      1e-12,
    );
  });

  it('thetaMl: with no overdispersion at infinity, a root above the Poisson limit is still the maximum', () => {
    // y = (7, 19) on fixed means (2, 18.5): Σ[(y − μ)² − y] = 25 + 0.25 − 26 = −0.75 ≤ 0, but the likelihood has an
    // interior maximum above the θ = ∞ limit. R: th <- MASS::theta.ml(c(7, 19), c(2, 18.5), limit = 100,
    // eps = 1e-15) gives 2.23532594171985, SE 3.75867485193877; its log-likelihood −7.76586410021593 is above
    // sum(dpois(y, mu, log = TRUE)) = −8.07537137474399, so it is kept.
    const th = thetaMl([7, 19], [2, 18.5]);
    close(th.theta, 2.23532594171985, 1e-12);
    close(th.stdErr, 3.75867485193877, 1e-10);
    // y = (10, 0) on (7, 1): Σ[(y − μ)² − y] = 9 + 1 − 10 = 0 exactly, the likelihood flat to first order at
    // θ = ∞; Newton's root (2.8e5 here) is at rounding level and below the Poisson limit: no overdispersion.
    expect(thetaMl([10, 0], [7, 1])).toStrictEqual({ theta: null, stdErr: null });
    // y = (3, 2) on (3.4, 4.2): the same sum is 0.16 + 4.84 − 5 = 0 by hand, 8.9e-16 in floating point; within
    // rounding of 0 it counts as 0 (bisection on the score would otherwise stop at a rounding-level θ, 3e5)
    expect(thetaMl([3, 2], [3.4, 4.2])).toStrictEqual({ theta: null, stdErr: null });
  });

  it('a spike month: a maximum Newton misses at the Poisson means is found, not "no overdispersion"', () => {
    // The independent review's case: y = (1, 3, 2, 2, 0, 2, 0, 2, 4, 0, 3, 0, 1, 1, 200, 2, 0, 0, 0, 0, 0, 0, 1, 0),
    // t = 0:23, launch at 14. At the Poisson means Σ[(y − μ)² − y] = −109.15, yet the likelihood has a maximum at
    // θ = 4.51 that is 0.10 above the Poisson limit (the moment start is 5e-16, and theta.ml gives 1e-15).
    // glm.nb fails ("no valid set of coefficients"). R, alternating the profile's global maximum (a 300-point grid
    // refined by uniroot) and glm(family = negative.binomial(th), epsilon = 1e-15) for 200 rounds:
    // theta 0.722834907005197, coefficients 0.644948006485848, −0.038612808825122, 3.956973932282957,
    // −0.971449195338888; 2ℓ = −85.32325 against the Poisson fit's −100.9657.
    const y = [1, 3, 2, 2, 0, 2, 0, 2, 4, 0, 3, 0, 1, 1, 200, 2, 0, 0, 0, 0, 0, 0, 1, 0];
    const fit = negativeBinomialRegression(segmentedDesign(y.length, 14), y);
    expect(fit.converged).toBe(true);
    close(fit.theta, 0.722834907005197, 1e-9);
    close(fit.coefficients![2].estimate, 3.956973932282957, 1e-9);
    close(fit.coefficients![3].estimate, -0.971449195338888, 1e-9);
    close(2 * fit.logLik!, -85.32325, 1e-6);
  });

  it('a local maximum of theta below the Poisson likelihood is no overdispersion (glm.nb reports it)', () => {
    // y = (13, 0, 1, 0, 0, 0, 13, 0, 3, 0, 0, 0), the segmented design of 12 months with the launch at month 6.
    // R: f <- glm(y ~ t + post + ts, family = poisson); sum((y - fitted(f))^2 - y) = −9.803912 (≤ 0), and
    // 2 × logLik(f) = −29.00082; MASS::glm.nb(y ~ t + post + ts) stops at theta 1.68269272483 with
    // twologlik −29.17529949649, below the Poisson fit's: the maximum is theta = ∞.
    const y = [13, 0, 1, 0, 0, 0, 13, 0, 3, 0, 0, 0];
    const x = segmentedDesign(y.length, 6);
    expect(negativeBinomialRegression(x, y)).toStrictEqual(emptyFit(NO_OVERDISPERSION, 8));
  });

  it('thetaMl: where Newton runs off, bisection on the score finds the maximum (theta.ml fails)', () => {
    // y = (0, 5, 6, 0) on μ = 2.75: overdispersed (Σ[(y − μ)² − y] = 19.75 > 0), but Newton from the moment start
    // 4 / Σ(y/μ − 1)² = 0.98 runs away from the maximum, to where the score is at rounding level. R's theta.ml fails
    // on it: MASS::theta.ml(c(0, 5, 6, 0), rep(2.75, 4), limit = 100) gives 89026586 with SE NaN. R:
    //   sc <- function(th) sum(digamma(th + y) - digamma(th) + log(th) + 1 - log(th + mu) - (y + th)/(mu + th))
    //   uniroot(sc, c(0.01, 100), tol = 1e-15)$root = 0.451598862972958 (optimize on the log-likelihood agrees,
    //   0.451598852), SE 1/sqrt(information) = 0.514136948916535
    const th = thetaMl([0, 5, 6, 0], [2.75, 2.75, 2.75, 2.75]);
    close(th.theta, 0.451598862972958, 1e-12);
    close(th.stdErr, 0.514136948916535, 1e-10);
    // every count 0 on means (2.55, 1): Σ[(y − μ)² − y] = 7.5025 > 0, but the score, Σ[log(θ/(θ + μ)) + μ/(θ + μ)], is
    // negative at every θ (the likelihood rises as θ → 0): no root in [1e-8, 1e8], and no θ is reported (Newton's
    // own answer there, 3.9e7 with no standard error, is rounding noise)
    expect(thetaMl([0, 0], [2.55, 1])).toStrictEqual({ theta: null, stdErr: null });
    expect(thetaMl([0], [2.55])).toStrictEqual({ theta: null, stdErr: null });
  });

  it('a regression whose theta Newton loses in a later round is fitted, not called "no overdispersion"', () => {
    // y = (0, 2, 0, 0, 0, 0, 0), x = 0:6: the second round's means send theta's Newton past 1e8; before bisection
    // the fit said "no overdispersion", though the negative binomial's likelihood (2ℓ = −7.18959) is well above
    // the Poisson fit's (2 logLik = −8.123823). R, alternating to convergence (glm.nb itself stops after 11
    // iterations with 17 warnings at theta 0.4401):
    //   thml <- function(y, mu) uniroot(function(th) sum(digamma(th + y) - digamma(th) + log(th) + 1 -
    //     log(th + mu) - (y + th)/(mu + th)), c(1e-4, 1e4), tol = 1e-15)$root
    //   fit <- glm(y ~ x, family = poisson); for (i in 1:300) { th <- thml(y, fitted(fit))
    //     fit <- glm(y ~ x, family = negative.binomial(th), start = coef(fit),
    //                control = glm.control(epsilon = 1e-15, maxit = 100)) }
    //   th = 0.347217434267612; coef 0.727072324558246, −1.197775487170881; SE 1.59113384855960, 1.06410708203479;
    //   2ℓ = −7.18958941799
    const y = [0, 2, 0, 0, 0, 0, 0];
    const fit = negativeBinomialRegression(
      y.map((_, i) => [1, i]),
      y,
    );
    expect(fit.converged).toBe(true);
    close(fit.theta, 0.347217434267612, 1e-9);
    close(fit.coefficients![0].estimate, 0.727072324558246, 1e-9);
    close(fit.coefficients![1].estimate, -1.197775487170881, 1e-9);
    close(fit.coefficients![0].stdErr, 1.5911338485596, 1e-8);
    close(fit.coefficients![1].stdErr, 1.06410708203479, 1e-8);
    close(2 * fit.logLik!, -7.18958941799, 1e-10);
  });

  it('thetaMl: underdispersed counts run theta past 1e8, which is read as infinity', () => {
    // Worked by hand: y = (4, 5, 6) on μ = 5: the moment start is 3 / Σ(y/μ − 1)² = 3 / 0.08 = 37.5; the variance
    // (2/3 about the mean) is below the mean, so the likelihood rises with θ without bound and Newton's steps
    // grow until θ > 1e8. (R: MASS::theta.ml(c(4, 5, 6), c(5, 5, 5)) warns "iteration limit reached".)
    expect(thetaMl([4, 5, 6], [5, 5, 5])).toStrictEqual({ theta: null, stdErr: null });
  });

  it('no overdispersion found after the first round: the same note and an empty fit', () => {
    // y = (5, 6, 7), intercept only: theta at the Poisson means (all 6) stops at a finite ~3.8e7 (the score is
    // at rounding level there), but at the negative binomial means it runs past 1e8. (R: MASS::glm.nb(y ~ 1)
    // warns "iteration limit reached" twice.)
    expect(negativeBinomialRegression([[1], [1], [1]], [5, 6, 7])).toStrictEqual(emptyFit(NO_OVERDISPERSION, 2));
  });

  it('alternation that does not settle in 100 rounds says so and counts 100 rounds', () => {
    // y = (0, 3, 0, 2, 1, 9, 0, 17, 0, 0, 0, 4, 0, 14), the segmented design of 14 periods with the launch at 7:
    // the estimates creep and the alternation does not settle to 1e-10 in 100 rounds. R: MASS::glm.nb(y ~ t + post
    // + ts) warns "glm.fit: algorithm did not converge" twice. R's loop to convergence (thml and the loop of the
    // test above, 500 rounds) gives theta 0.321567816122097, post −0.099510104008805; ours stop within 1e-6.
    const y = [0, 3, 0, 2, 1, 9, 0, 17, 0, 0, 0, 4, 0, 14];
    const fit = negativeBinomialRegression(segmentedDesign(y.length, 7), y);
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(100);
    expect(fit.note).toBe('the negative binomial fit did not converge in 100 rounds');
    close(fit.theta, 0.321567816122097, 1e-8);
    close(fit.coefficients![2].estimate, -0.099510104008805, 1e-6);
  });

  it('an alternation that settles on estimates that do not (one is running to infinity) says so', () => {
    // y = (1, 0, 0, 0, 0, 11, 2, 3, 21), segmented at 4: the pre-launch counts after the first are all 0, so the
    // pre-trend runs towards −∞ and the level change towards +∞ (R: MASS::glm.nb warns "fitted rates numerically 0
    // occurred"; theta 1.33437782665). Theta settles in 5 rounds, the last IRLS fit does not.
    const y = [1, 0, 0, 0, 0, 11, 2, 3, 21];
    const fit = negativeBinomialRegression(segmentedDesign(y.length, 4), y);
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(5);
    expect(fit.note).toBe('the negative binomial fit did not converge (its estimates did not settle)');
    close(fit.theta, 1.33437782665, 1e-6);
  });

  it('underdispersed counts say "no overdispersion" instead of a theta at rounding level', () => {
    // y = (4, 5, 5, 6) and (1, 1, 2, 2), intercept only: Σ[(y − ȳ)² − y] = 2 − 20 and 1 − 6, both ≤ 0. Before this
    // check theta wandered at rounding level (5.2e7 and 2.2e7) with no note. R: MASS::glm.nb(y ~ 1) warns "iteration
    // limit reached" on both (theta 8.8e5 and 363.6 with SE 1691).
    expect(negativeBinomialRegression([[1], [1], [1], [1]], [4, 5, 5, 6])).toStrictEqual(
      emptyFit(NO_OVERDISPERSION, 3),
    );
    expect(negativeBinomialRegression([[1], [1], [1], [1]], [1, 1, 2, 2])).toStrictEqual(
      emptyFit(NO_OVERDISPERSION, 3),
    );
  });

  it('a likelihood flat in theta settles on its standard error, as glm.nb does (was "did not converge")', () => {
    // y = (2, 1, 3, 5, 6), intercept only, mildly overdispersed (Σ[(y − ȳ)² − y] = 0.2): theta's standard error is
    // 50 times theta, so rounding in μ moves theta's root by ~1e-9 of itself from round to round and a 1e-10 rule
    // never settles. R: MASS::glm.nb(y ~ 1): theta 248.3118958427435, SE 12538.33, converged in 1 iteration;
    // coefficient 1.22377543162212, SE 0.244190433845568.
    const fit = negativeBinomialRegression([[1], [1], [1], [1], [1]], [2, 1, 3, 5, 6]);
    expect(fit.converged).toBe(true);
    expect(fit.note).toBeUndefined();
    close(fit.theta, 248.3118958427435, 1e-8);
    close(fit.thetaStdErr, 12538.33, 1e-5);
    close(fit.coefficients![0].estimate, 1.22377543162212, 1e-12);
    close(fit.coefficients![0].stdErr, 0.244190433845568, 1e-8);
  });

  it('a failed Poisson start is passed on, with every field empty', () => {
    const fit = negativeBinomialRegression([[1], [1]], [1, -2]);
    expect(fit).toStrictEqual(emptyFit('counts must be finite and non-negative', fit.dfResidual));
  });

  it('a refit whose fitted mean runs too large for its weight stops with the divergence note', () => {
    // y = (186, 2, 2, 7, 0) at x = (0, 1, 2, 3, 150): the Poisson start works (slope −2.1), but the second IRLS step
    // at the first theta puts η ≈ 487 at x = 150, μ ≈ 1e211, and μ² in the weight μ²/(μ + μ²/θ) overflows.
    // Before this check the note was ols' "X and y must contain only finite numbers", about finite input.
    const x = [0, 1, 2, 3, 150].map((v) => [1, v]);
    expect(negativeBinomialRegression(x, [186, 2, 2, 7, 0])).toStrictEqual(
      emptyFit('the fit diverged (a fitted mean is 0 or too large)', 3),
    );
  });

  it('no overdispersion: the exact note and an empty fit', () => {
    const fit = negativeBinomialRegression(ITS_X, ITS_Y);
    expect(fit.note).toBe(
      'no overdispersion: the ML theta runs to infinity (the negative binomial reduces to the Poisson model; use --model poisson)',
    );
    expect(fit.coefficients).toBeNull();
    expect(fit.converged).toBe(false);
    expect(fit.logLik).toBeNull();
    expect(fit.thetaStdErr).toBeNull();
  });
});
