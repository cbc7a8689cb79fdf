import { describe, expect, it } from 'vitest';
import { segmentedCountRegression } from './segmented-count-regression.js';
import { ITS_Y, ITS_Y_OVERDISPERSED } from './its-helpers.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));
const T = Array.from({ length: 24 }, (_, i) => i);

describe('segmentedCountRegression vs R', () => {
  it('poisson: glm(y ~ t + post + tsince, family = poisson)', () => {
    // R (series ITS_Y, t = 0:23, post = t >= 12, tsince = post * (t - 12)):
    //   summary(glm(y ~ t + post + tsince, family = poisson, control = glm.control(epsilon = 1e-14)))$coefficients
    const f = segmentedCountRegression(ITS_Y, T, 12, 'poisson');
    close(f.levelChange!.estimate, -0.238213966777371611);
    close(f.levelChange!.stdErr, 0.158218428182647392);
    close(f.slopeChange!.p, 2.3218997918663404e-2);
    close(f.time!.estimate, 0.027939313195922261);
    expect(f.theta).toBeNull();
  });

  it('negbin: MASS::glm.nb(y ~ t + post + tsince)', () => {
    // R: summary(MASS::glm.nb(y ~ t + post + tsince))$coefficients on ITS_Y_OVERDISPERSED; nb$theta = 4.6644456780996757
    const f = segmentedCountRegression(ITS_Y_OVERDISPERSED, T, 12, 'negbin');
    close(f.levelChange!.estimate, -0.633355598016282717);
    close(f.levelChange!.p, 1.3127244667550142e-1);
    close(f.slopeChange!.stdErr, 0.061298173463496392);
    close(f.theta, 4.6644456780996757);
  });

  it('month-of-year covariates: glm(y ~ t + post + tsince + factor(month), family = poisson)', () => {
    // covariates: quarter indicators (Q2, Q3, Q4) on the 24-month series
    // R: q <- factor(((0:23 %/% 3) %% 4)); summary(glm(y ~ t + post + tsince + q, family = poisson))
    const cov = T.map((i) => {
      const q = Math.floor(i / 3) % 4;
      return [q === 1 ? 1 : 0, q === 2 ? 1 : 0, q === 3 ? 1 : 0];
    });
    const f = segmentedCountRegression(ITS_Y, T, 12, 'poisson', cov);
    expect(f.dfResidual).toBe(17);
    close(f.levelChange!.estimate, QUARTER_LEVEL[0]);
    close(f.levelChange!.stdErr, QUARTER_LEVEL[1]);
  });

  it('too few periods on a side → note', () => {
    expect(segmentedCountRegression([1, 2, 3, 4, 5], [0, 1, 2, 3, 4], 1, 'poisson').note).toMatch(/at least 2/);
  });

  it('a refused input keeps n and the residual df counting the covariates', () => {
    const y = [1, 2, 3, 4, 5, 6];
    const t = [0, 1, 2, 3, 4, 5];
    const empty = (note: string, dfResidual: number) => ({
      family: 'poisson',
      intercept: null,
      time: null,
      levelChange: null,
      slopeChange: null,
      n: 6,
      dfResidual,
      dispersion: null,
      theta: null,
      thetaStdErr: null,
      pearsonResiduals: null,
      note,
    });
    const launch = 'launchIndex must leave at least 2 observations before the launch and 2 from it on';
    expect(segmentedCountRegression(y, t, 1, 'poisson')).toStrictEqual(empty(launch, 2));
    expect(segmentedCountRegression(y, t, 1, 'poisson', [])).toStrictEqual(
      empty('covariates must have one row of equal length per observation', 2),
    );
    expect(
      segmentedCountRegression(
        y,
        t,
        1,
        'poisson',
        y.map((v) => [v % 2]),
      ),
    ).toStrictEqual(empty(launch, 1));
  });

  it('a negative binomial fit that fails passes its note on; a fit that works has no note', () => {
    const f = segmentedCountRegression(ITS_Y, T, 12, 'negbin');
    expect(f.levelChange).toBeNull();
    expect(f.theta).toBeNull();
    expect(f.dfResidual).toBe(20);
    expect(f.note).toBe(
      'no overdispersion: the ML theta runs to infinity (the negative binomial reduces to the Poisson model; use --model poisson)',
    );
    expect(segmentedCountRegression(ITS_Y, T, 12, 'poisson')).not.toHaveProperty('note');
    expect(segmentedCountRegression(ITS_Y_OVERDISPERSED, T, 12, 'negbin')).not.toHaveProperty('note');
  });

  it('a fit that works but carries a note (not converged) passes the note on with its estimates', () => {
    // y = (1, 0, 0, 0, 0, 11, 2, 3, 21), t = 0:8, launch at 4: the pre-launch counts after the first are all 0, so
    // the pre-trend runs off towards −∞ and the level change towards +∞ (R: MASS::glm.nb(y ~ t + post + tsince)
    // warns "fitted rates numerically 0 occurred" and stops at post 107.7, theta 1.334378). The last IRLS fit does
    // not settle; the note and the (huge, uninformative) estimates are passed on.
    const f = segmentedCountRegression([1, 0, 0, 0, 0, 11, 2, 3, 21], [0, 1, 2, 3, 4, 5, 6, 7, 8], 4, 'negbin');
    expect(f.note).toBe('the negative binomial fit did not converge (its estimates did not settle)');
    expect(f.levelChange!.estimate).toBeGreaterThan(50);
    expect(f.levelChange!.stdErr).toBeGreaterThan(1e4);
    close(f.theta, 1.33437782665, 1e-6);
  });

  it('overdispersed counts with many zeros are fitted, not called "no overdispersion" (theta.ml fails on them)', () => {
    // y = (0, 20, 0, 0, 10, 0, 4, 4, 6, 0, 0, 6), 12 months, launch at 6. theta's Newton from the moment start runs
    // past 1e8 at the Poisson means; before the bisection fallback the fit said "no overdispersion … use
    // --model poisson". R's glm.nb fails the same way (theta 106099, SE NaN, 29 warnings, 2ℓ = −106.31). R,
    // alternating uniroot on theta's score and glm(negative.binomial(th)) to convergence (300 rounds; the loop in
    // negative-binomial-regression.test.ts): theta 0.318786703770569, post 0.577832280848162, 2ℓ = −55.7096.
    const y = [0, 20, 0, 0, 10, 0, 4, 4, 6, 0, 0, 6];
    const f = segmentedCountRegression(y, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 'negbin');
    expect(f).not.toHaveProperty('note');
    close(f.theta, 0.318786703770569, 1e-9);
    close(f.levelChange!.estimate, 0.577832280848162, 1e-9);
  });

  it('a large theta on a flat likelihood settles, as glm.nb does (was "did not converge")', () => {
    // y = (15, 9, 18, 17, 13, 19, 14, 5, 14), t = 0:8, launch at 4: theta is large (~3600) and its standard error
    // many times that, so rounding moves its root by more than 1e-10 of itself; the fit now settles on θ's steps
    // against its standard error. R: MASS::glm.nb(y ~ t + post + tsince): converged in 1 iteration, post
    // −0.197993496260, theta 3607.77 (R stops on its looser rule; ours is 3604.44, the estimates agree to 1e-7).
    const f = segmentedCountRegression([15, 9, 18, 17, 13, 19, 14, 5, 14], [0, 1, 2, 3, 4, 5, 6, 7, 8], 4, 'negbin');
    close(f.levelChange!.estimate, -0.19799349626, 1e-7);
    close(f.theta, 3607.77202584, 2e-3);
    expect(f).not.toHaveProperty('note');
  });
});
// R: post row of that summary: Estimate 0.862982820408982665, Std. Error 0.607134124586040103
const QUARTER_LEVEL = [0.862982820408982665, 0.607134124586040103];
