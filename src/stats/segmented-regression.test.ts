import { describe, expect, it } from 'vitest';
import { segmentedRegression } from './segmented-regression.js';

function close(actual: number | null | undefined, expected: number, rel = 1e-9, abs = 0): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(abs, rel * Math.abs(expected)),
  );
}

interface Expected {
  estimate: number[];
  stdErr: number[];
  tValue: number[];
  p: number[];
  r2: number;
  adjR2: number;
  sigma: number;
  df: number;
}

function check(fit: ReturnType<typeof segmentedRegression>, want: Expected, rel = 1e-9): void {
  const coefs = [fit.intercept, fit.time, fit.levelChange, fit.slopeChange];
  coefs.forEach((c, j) => {
    expect(c).not.toBeNull();
    close(c!.estimate, want.estimate[j], rel, 1e-10);
    close(c!.stdErr, want.stdErr[j], rel);
    close(c!.t, want.tValue[j], rel, 1e-10);
    close(c!.p, want.p[j], rel);
  });
  close(fit.r2, want.r2, rel);
  close(fit.adjR2, want.adjR2, rel);
  close(fit.sigma, want.sigma, rel);
  expect(fit.df).toBe(want.df);
}

// R 4.2.2, with launch the 1-based index of the first post-launch observation:
//   post <- as.numeric(seq_along(t) >= launch); tsince <- post * (t - t[launch])
//   s <- summary(lm(y ~ t + post + tsince)); coef(s); s$r.squared; s$adj.r.squared; s$sigma
const Y24 = [
  53.8, 50.8, 49.6, 54.7, 56.4, 52.7, 53.7, 59.0, 58.4, 55.1, 58.4, 62.6, 54.1, 51.8, 56.1, 57.9, 53.8, 53.7, 58.5,
  58.1, 54.1, 56.2, 60.4, 57.8,
];

describe('segmentedRegression vs R lm(y ~ t + post + tsince)', () => {
  it('24 months, launch at t = 13 (launchIndex 12)', () => {
    // y <- round(50 + 0.8*t - 6*post - 0.5*tsince + 3*sin(t*1.7), 1), t = 1:24, launch = 13
    const t = Array.from({ length: 24 }, (_, i) => i + 1);
    check(segmentedRegression(Y24, t, 12), {
      estimate: [50.183333333333358, 0.807692307692306, -6.901282051282049, -0.396853146853145],
      stdErr: [1.419363994730506, 0.19285359051901, 1.892849230805715, 0.272736163264331],
      tValue: [35.35621131692977, 4.18811133108093, -3.64597556898096, -1.45508077147995],
      p: [1.6641092575049e-19, 4.53140516123509e-4, 1.60709434876972e-3, 1.61163720790107e-1],
      r2: 0.529367595933606,
      adjR2: 0.458772735323647,
      sigma: 2.30619352066963,
      df: 20,
    });
  });

  it('same series with t in days since 1970 (large offset; QR keeps the precision)', () => {
    // t = 19000 + 30 * (1:24), launch = 13
    const t = Array.from({ length: 24 }, (_, i) => 19000 + 30 * (i + 1));
    check(
      segmentedRegression(Y24, t, 12),
      {
        estimate: [-461.3551282051480484, 0.026923076923078, -6.9012820512822142, -0.0132284382284393],
        stdErr: [123.395951568537, 6.4284530173004e-3, 1.8928492308057, 9.09120544214435e-3],
        tValue: [-3.73881899965657, 4.18811133108105, -3.64597556898108, -1.45508077148008],
        p: [0.001294671364658718, 0.000453140516123379, 0.001607094348769308, 0.161163720790073489],
        r2: 0.529367595933619,
        adjR2: 0.458772735323662,
        sigma: 2.30619352066959,
        df: 20,
      },
      1e-8,
    );
  });

  it('n = 10, launch at t = 7 (launchIndex 6) — the JSDoc example', () => {
    const fit = segmentedRegression([12, 15, 11, 14, 16, 13, 22, 25, 21, 27], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 6);
    check(fit, {
      estimate: [12.400000000000002, 0.314285714285714, 7.500000000000001, 0.785714285714286],
      stdErr: [2.165714076307735, 0.556104037640685, 2.911812286815686, 1.179674808182842],
      tValue: [5.725594221163495, 0.565156325098979, 2.575715486179876, 0.666043116513263],
      p: [0.00123129864526416, 0.59245504626504331, 0.04201077795540392, 0.53014329376483471],
      r2: 0.888948602696893,
      adjR2: 0.833422904045339,
      sigma: 2.32635009444081,
      df: 6,
    });
  });

  it('n = 5 leaves 1 residual df (y = c(3,5,4,9,8), t = 1:5, launch = 3)', () => {
    check(segmentedRegression([3, 5, 4, 9, 8], [1, 2, 3, 4, 5], 2), {
      estimate: [1, 2, -2, 2.45758342800369e-15],
      stdErr: [5.47722557505165, 3.46410161513775, 5.91607978309961, 3.87298334620741],
      tValue: [0.182574185835056, 0.577350269189626, -0.338061701891407, 6.34545312571575e-16],
      p: [0.885035882048966, 0.666666666666667, 0.792461933483871, 1],
      r2: 0.776119402985075,
      adjR2: 0.104477611940299,
      sigma: 2.44948974278318,
      df: 1,
    });
  });

  it('fails usefully on degenerate input', () => {
    const t = [1, 2, 3, 4, 5, 6];
    const y = [1, 2, 3, 5, 6, 9];
    expect(segmentedRegression([], [], 0)).toMatchObject({
      intercept: null,
      note: expect.stringContaining('at least 5'),
    });
    expect(segmentedRegression(y.slice(0, 4), t.slice(0, 4), 2).note).toMatch(/at least 5/);
    expect(segmentedRegression(y, t, 1).note).toMatch(/at least 2 observations before/);
    expect(segmentedRegression(y, t, 5).note).toMatch(/launchIndex/);
    expect(segmentedRegression(y, t, 2.5).note).toMatch(/launchIndex/);
    expect(segmentedRegression(y, [1, 2, 2, 4, 5, 6], 3).note).toMatch(/strictly increasing/);
    expect(segmentedRegression(y, t.slice(1), 3).note).toMatch(/same length/);
    expect(segmentedRegression([1, 2, Number.NaN, 4, 5, 6], t, 3).note).toMatch(/finite/);
  });
});

describe('segmentedRegression JSDoc example', () => {
  it('gives the exact documented output', () => {
    const fit = segmentedRegression([12, 15, 11, 14, 16, 13, 22, 25, 21, 27], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 6);
    expect(fit.levelChange).toEqual({
      estimate: 7.4999999999999964,
      stdErr: 2.9118122868156853,
      t: 2.5757154861798752,
      p: 0.042010777955404054,
    });
    expect(fit.r2).toBe(0.8889486026968927);
  });
});

describe('segmentedRegression with covariates (seasonality)', () => {
  it('matches R lm(y ~ t + post + tsince + q) with quarter indicators', () => {
    // R: y <- c(21,25,19,30,28,24,33,29,27,35,31,26,30,22,27,20,24,18,25,21,19,23,17,22)
    //    t <- 0:23; post <- as.numeric(t >= 12); tsince <- post * (t - 12); q <- factor(((0:23 %/% 3) %% 4))
    //    summary(lm(y ~ t + post + tsince + q))$coefficients
    const y = [21, 25, 19, 30, 28, 24, 33, 29, 27, 35, 31, 26, 30, 22, 27, 20, 24, 18, 25, 21, 19, 23, 17, 22];
    const t = y.map((_, i) => i);
    const cov = t.map((i) => {
      const q = Math.floor(i / 3) % 4;
      return [q === 1 ? 1 : 0, q === 2 ? 1 : 0, q === 3 ? 1 : 0];
    });
    const fit = segmentedRegression(y, t, 12, cov);
    expect(fit.df).toBe(17);
    const rel = (a: number | null | undefined, b: number) =>
      expect(Math.abs((a as number) - b)).toBeLessThan(1e-9 * Math.abs(b));
    rel(fit.levelChange!.estimate, 20.5751748251748303);
    rel(fit.levelChange!.stdErr, 9.73982594739814367);
    rel(fit.levelChange!.p, 4.9742440383369384e-2);
    rel(fit.slopeChange!.stdErr, 0.38037296633898721);
    rel(fit.covariates[2].estimate, 21.3541666666666785);
    expect(fit.design![16]).toEqual([1, 16, 1, 4, 1, 0, 0]);
  });
});

describe('segmentedRegression guards, word for word', () => {
  const t = [1, 2, 3, 4, 5, 6];
  const y = [1, 2, 3, 5, 6, 9];

  it('names each problem exactly and keeps n, df and an empty covariate list', () => {
    expect(segmentedRegression(y, t.slice(1), 3).note).toBe('y and t must have the same length (got 6 and 5)');
    expect(segmentedRegression(y, [1, 2, Number.NaN, 4, 5, 6], 3).note).toBe('y and t must be finite numbers');
    expect(segmentedRegression(y, [1, 2, 3, 4, 5, Number.POSITIVE_INFINITY], 3).note).toBe(
      'y and t must be finite numbers',
    );
    expect(segmentedRegression(y, [1, 2, 2, 4, 5, 6], 3).note).toBe('t must be strictly increasing');
    const launch = 'launchIndex must leave at least 2 observations before the launch and 2 from it on';
    expect(segmentedRegression(y, t, 1).note).toBe(launch);
    expect(segmentedRegression(y, t, 5).note).toBe(launch);
    expect(segmentedRegression(y, t, 2.5).note).toBe(launch);
    const short = segmentedRegression(y.slice(0, 4), t.slice(0, 4), 2);
    expect(short.note).toBe('need at least 5 observations for 4 coefficients and 1 residual df (got 4)');
    expect(short.df).toBe(0);
    expect(short.n).toBe(4);
    expect(short.covariates).toEqual([]);
  });

  it('launchIndex = n − 2 leaves exactly 2 observations from the launch on, which is allowed', () => {
    const fit = segmentedRegression(y, t, 4);
    expect(fit.note).toBeUndefined();
    expect(fit.levelChange).not.toBeNull();
    expect(fit.df).toBe(2);
  });

  it('covariate shape problems, and the larger minimum n they imply', () => {
    const shape = 'covariates must have one row of equal length per observation';
    expect(segmentedRegression(y, t, 3, []).note).toBe(shape);
    expect(segmentedRegression(y, t, 3, [[1], [0], [1], [0], [1]]).note).toBe(shape);
    expect(segmentedRegression(y, t, 3, [[1], [0], [1, 2], [0], [1], [0]]).note).toBe(shape);
    // 2 covariates: 6 coefficients need 7 observations; the failure reports df = 6 − 4 − 2
    const two = segmentedRegression(
      y,
      t,
      3,
      t.map((v) => [v % 2, v % 3]),
    );
    expect(two.note).toBe('need at least 7 observations for 6 coefficients and 1 residual df (got 6)');
    expect(two.df).toBe(0);
  });

  it('passes on the OLS failure and notes', () => {
    // a covariate equal to the post indicator is collinear with it (R lm reports NA for it)
    const collinear = segmentedRegression(
      y,
      t,
      3,
      t.map((_, i) => [i >= 3 ? 1 : 0]),
    );
    expect(collinear.levelChange).toBeNull();
    expect(collinear.df).toBe(1);
    expect(collinear.note).toBe('the columns of X are collinear (column 5 is a combination of the earlier ones)');
    // constant y: R² undefined and a perfect fit, both said
    const flat = segmentedRegression([4, 4, 4, 4, 4, 4], t, 3);
    expect(flat.note).toMatch(/^y is constant: R² is undefined(;|$)/);
    expect(flat.r2).toBeNull();
    expect('note' in segmentedRegression(y, t, 3)).toBe(false);
  });
});
