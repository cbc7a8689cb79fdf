import { describe, expect, it } from 'vitest';
import {
  betaQuantile,
  binomialCdf,
  binomialPmf,
  binomialSf,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareSf,
  gammaQuantile,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  tCdf,
  tTwoSidedP,
} from './distributions.js';

/** Relative closeness (absolute for reference values of 0). */
function expectRel(actual: number, expected: number, tol = 1e-11): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThan(tol);
}

// [R 4.2.2 call, R value printed with digits = 17]
const R_VALUES: Array<[string, number]> = [
  ['qnorm(0.975)', 1.9599639845400536],
  ['qnorm(0.025)', -1.9599639845400538],
  ['qnorm(1e-10)', -6.3613409024040557],
  ['qnorm(0.995)', 2.5758293035488999],
  ['pnorm(-1.5)', 0.066807201268858071],
  ['pnorm(-9)', 1.1285884059538408e-19],
  ['pnorm(2.2)', 0.98609655248650141],
  ['pnorm(0)', 0.5],
  ['qchisq(0.95, 1)', 3.841458820694124],
  ['qchisq(0.025, 2)', 0.050635615968579753],
  ['qchisq(0.975, 35)', 53.203348542056489],
  ['qchisq(0.0005, 3)', 0.015278967243242948],
  ['pchisq(3.84, 1, lower.tail=FALSE)', 0.050043521248705224],
  ['pchisq(80, 3, lower.tail=FALSE)', 3.0692774861724176e-17],
  ['pchisq(2.5, 4)', 0.35536420706457228],
  ['pchisq(0.01, 10)', 2.5933391898395401e-14],
  ['qgamma(0.025, 1)', 0.025317807984289876],
  ['qgamma(0.975, 18)', 27.218646815906613],
  ['qgamma(0.5, 100)', 99.666864919315429],
  ['qgamma(0.0005, 0.5)', 1.9634956655145984e-7],
  ['qgamma(0.9995, 2000)', 2150.4402565808336],
  ['qgamma(0.995, 3, scale=2.5)', 23.184480223138859],
  ['qbeta(0.025, 3, 8)', 0.066739511177734467],
  ['qbeta(0.975, 12, 30)', 0.42944470526608225],
  ['qbeta(0.5, 1, 20)', 0.034063671075154463],
  ['qbeta(0.005, 400, 351)', 0.48565154480902839],
  ['qbeta(0.9995, 50, 2)', 0.99936727736975373],
  ['qbeta(0.025, 1, 1)', 0.025000000000000001],
  ['pt(-2.5, 100)', 0.0070228945620385841],
  ['pt(-4, 3)', 0.014004228005073085],
  ['pt(0.3, 10)', 0.61483969621710066],
  ['pt(2, 1)', 0.85241638234956674],
  ['2*pt(-abs(7.5), 6)', 0.00029056574615129554],
  ['2*pt(-abs(1.2), 25)', 0.24138801174714059],
  ['dbinom(3, 10, 0.3)', 0.26682793199999993],
  ['dbinom(0, 500, 0.01)', 0.0065704830424146345],
  ['dbinom(250, 500, 0.5)', 0.03566464555334907],
  ['pbinom(3, 10, 0.3)', 0.64961071840000018],
  ['pbinom(120, 500, 0.3, lower.tail=FALSE)', 0.99832086468136838],
  ['pbinom(2, 1000, 0.02)', 3.8615093713353978e-7],
  ['lgamma(0.3)', 1.0957979948180756],
  ['lgamma(7.5)', 7.5343642367587327],
  ['lgamma(1000.5)', 5908.6741758486778],
];

/** Evaluates the R call with our functions. */
function evaluate(call: string): number {
  const m = /^(2\*)?(\w+)\((.*)\)$/.exec(call.replace(/\s+/g, ''));
  if (!m) throw new Error(call);
  const [, twice, fn, argText] = m;
  const args = argText.replace(/abs\(([^)]*)\)/, '$1').split(',');
  const upper = args.includes('lower.tail=FALSE');
  const nums = args
    .filter((a) => a !== 'lower.tail=FALSE')
    .map((a) => (a.startsWith('scale=') ? Number(a.slice(6)) : Number(a)));
  switch (fn) {
    case 'qnorm':
      return normalQuantile(nums[0]);
    case 'pnorm':
      return normalCdf(nums[0]);
    case 'qchisq':
      return chiSquareQuantile(nums[0], nums[1]);
    case 'pchisq':
      return upper ? chiSquareSf(nums[0], nums[1]) : chiSquareCdf(nums[0], nums[1]);
    case 'qgamma':
      return gammaQuantile(nums[0], nums[1], nums[2] ?? 1);
    case 'qbeta':
      return betaQuantile(nums[0], nums[1], nums[2]);
    case 'pt':
      return twice ? tTwoSidedP(nums[0], nums[1]) : tCdf(nums[0], nums[1]);
    case 'dbinom':
      return binomialPmf(nums[0], nums[1], nums[2]);
    case 'pbinom':
      return upper ? binomialSf(nums[0], nums[1], nums[2]) : binomialCdf(nums[0], nums[1], nums[2]);
    case 'lgamma':
      return logGamma(nums[0]);
    default:
      throw new Error(fn);
  }
}

describe('distributions (checked against R 4.2.2)', () => {
  it.each(R_VALUES)('%s = %d', (call, expected) => {
    expectRel(evaluate(call), expected);
  });

  it('matches the JSDoc example', () => {
    expect(normalQuantile(0.975)).toBe(1.9599639845400547);
    expect(chiSquareSf(3.841458820694124, 1)).toBe(0.05000000000000013);
    expect(betaQuantile(0.025, 3, 8)).toBe(0.06673951117773456);
  });

  it('returns NaN only for invalid parameters', () => {
    expect(normalQuantile(1.5)).toBeNaN();
    expect(chiSquareSf(1, 0)).toBeNaN();
    expect(betaQuantile(0.5, 0, 1)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(gammaQuantile(0, 2)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });
});

describe('distributions: guards, edges and tails (R 4.2.2 values)', () => {
  it('logGamma: NaN for x <= 0, reflection near 0', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-0.5)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
    expectRel(logGamma(1e-10), 23.0258509298827363); // lgamma(1e-10)
    expectRel(logGamma(0.01), 4.59947987804202185); // lgamma(0.01)
    expectRel(logGamma(0.49), 0.59224962933526715); // lgamma(0.49)
  });

  it('regularized gamma P and Q: guards, ends and both branches', () => {
    for (const f of [regularizedGammaP, regularizedGammaQ]) {
      expect(f(0, 1)).toBeNaN();
      expect(f(-1, 1)).toBeNaN();
      expect(f(2, Number.NaN)).toBeNaN();
      // invalid shape at the ends: the guard must answer before the x <= 0 and x = ∞ returns
      // (a ≤ 0 is not a gamma distribution here; the contract is NaN, see the file's JSDoc)
      expect(f(0, 0)).toBeNaN();
      expect(f(-1, 0)).toBeNaN();
      expect(f(-1, -2)).toBeNaN();
      expect(f(0, Infinity)).toBeNaN();
      expect(f(-1, Infinity)).toBeNaN();
    }
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaP(2, -1)).toBe(0);
    expect(regularizedGammaP(2, Infinity)).toBe(1);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(2, -1)).toBe(1);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expectRel(regularizedGammaP(1, 5), 0.99326205300091452); // pgamma(5, 1)
    expectRel(regularizedGammaP(1, 1000), 1); // pgamma(1000, 1)
    expectRel(regularizedGammaQ(3, 50), 2.5093035522010571e-19); // pgamma(50, 3, lower.tail = FALSE)
    expectRel(regularizedGammaQ(2, 1), 0.73575888234288467); // pgamma(1, 2, lower.tail = FALSE)
    expectRel(regularizedGammaQ(3, 0.5), 0.98561232203302929); // pgamma(0.5, 3, lower.tail = FALSE)
  });

  it('regularized beta: guards, ends and both branches', () => {
    expect(regularizedBeta(0.5, 0, 1)).toBeNaN();
    expect(regularizedBeta(0.5, 1, 0)).toBeNaN();
    expect(regularizedBeta(0.5, -1, 2)).toBeNaN();
    expect(regularizedBeta(0.5, 2, -1)).toBeNaN();
    expect(regularizedBeta(Number.NaN, 2, 3)).toBeNaN();
    // invalid shapes at the ends: the guard must answer before the x <= 0 and x >= 1 returns
    expect(regularizedBeta(0, 0, 1)).toBeNaN();
    expect(regularizedBeta(0, 1, 0)).toBeNaN();
    expect(regularizedBeta(0, -1, 2)).toBeNaN();
    expect(regularizedBeta(1, 2, -1)).toBeNaN();
    expect(regularizedBeta(1, 0, 2)).toBeNaN();
    expect(regularizedBeta(-0.5, 2, 0)).toBeNaN();
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(-0.1, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
    expect(regularizedBeta(1.5, 2, 3)).toBe(1);
    expectRel(regularizedBeta(0.3, 2, 5), 0.579825); // pbeta(0.3, 2, 5)
    expectRel(regularizedBeta(0.9, 2, 5), 0.999945); // pbeta(0.9, 2, 5)
  });

  it('quantiles: invalid probabilities and parameters give NaN, ends are exact', () => {
    for (const p of [-0.1, 1.1, Number.NaN]) {
      expect(normalQuantile(p)).toBeNaN();
      expect(gammaQuantile(p, 2)).toBeNaN();
      expect(betaQuantile(p, 2, 3)).toBeNaN();
    }
    expect(gammaQuantile(0.5, 0)).toBeNaN();
    expect(gammaQuantile(0.5, -1)).toBeNaN();
    expect(gammaQuantile(0.5, 2, 0)).toBeNaN();
    expect(gammaQuantile(0.5, 2, -1)).toBeNaN();
    expect(betaQuantile(0.5, 1, 0)).toBeNaN();
    expect(betaQuantile(0.5, 2, -1)).toBeNaN();
    expect(betaQuantile(0.5, -1, 2)).toBeNaN();
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0); // qnorm(0.5)
    expect(gammaQuantile(1, 2)).toBe(Infinity);
    expect(gammaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(chiSquareQuantile(0.5, 0)).toBeNaN();
    expect(chiSquareQuantile(1, 3)).toBe(Infinity);
  });

  it('quantiles far in the tails (R qnorm, qgamma, qbeta)', () => {
    expectRel(normalQuantile(1e-300), -37.0470962993612005); // qnorm(1e-300)
    expectRel(normalQuantile(1e-200), -30.2055941795796343); // qnorm(1e-200)
    expectRel(gammaQuantile(1e-100, 2), 1.4142135623730912e-50); // qgamma(1e-100, 2)
    expectRel(gammaQuantile(1 - 1e-15, 0.5), 32.216019484681773, 1e-9); // qgamma(1 - 1e-15, 0.5)
    expectRel(gammaQuantile(1e-20, 0.2), 6.5254808434574483e-101); // qgamma(1e-20, 0.2)
    // far lower tail of the gamma: jStat's start is 7.7e-6 for a root of 2.6e-60 (was 3.2e-25 before 2026-11-30)
    expectRel(gammaQuantile(1e-300, 5), 2.6051710846973797e-60, 1e-12); // qgamma(1e-300, 5)
    expectRel(gammaQuantile(1e-200, 3), 3.9148676411688413e-67, 1e-12); // qgamma(1e-200, 3)
    expectRel(gammaQuantile(1e-100, 10), 4.5287286883032099e-10); // qgamma(1e-100, 10)
    expectRel(gammaQuantile(1e-50, 20), 2.6293595959096729e-2); // qgamma(1e-50, 20)
    expectRel(chiSquareQuantile(1e-300, 10), 5.2103421693947594e-60, 1e-12); // qchisq(1e-300, 10)
    expectRel(betaQuantile(1e-300, 5, 2), 6.9882711877156899e-61); // qbeta(1e-300, 5, 2)
    expectRel(betaQuantile(1e-300, 3, 0.5), 1.4736125994561668e-100, 1e-12); // qbeta(1e-300, 3, 0.5)
    expectRel(betaQuantile(1e-30, 0.1, 2), 3.8554328942955009e-301, 1e-12); // qbeta(1e-30, 0.1, 2)
    // jStat's start is 1 (outside the bracket): R gives 1, here 1 − 4e-16
    expect(Math.abs(betaQuantile(0.999, 1000, 0.01) - 1)).toBeLessThan(1e-15); // qbeta(0.999, 1000, 0.01)
    expectRel(gammaQuantile(1e-10, 0.05), 5.8446320572867292e-201, 1e-12); // qgamma(1e-10, 0.05)
    expectRel(betaQuantile(0.3, 0.2, 0.3), 0.021446585037983201); // qbeta(0.3, 0.2, 0.3)
    expectRel(betaQuantile(0.9, 0.1, 0.1), 0.9999999113071999); // qbeta(0.9, 0.1, 0.1)
    expectRel(betaQuantile(1e-100, 2, 5), 2.5819888974716267e-51); // qbeta(1e-100, 2, 5)
  });

  it('quantiles far in the lower tail with a large shape (R qgamma, qbeta, qchisq)', () => {
    // Before 2026-11-30 (session 9) Newton steps on the tail itself moved x by about x/shape per
    // step from the right, the 200-step cap was reached, and e.g. qgamma(1e-300, 300) came out as
    // 63.26 (P = 3e-102) and qbeta(1e-300, 30, 1) as 5.7e-4 (exact answer 1e-10).
    expectRel(gammaQuantile(1e-300, 300), 11.6156751631395, 1e-12); // qgamma(1e-300, 300)
    expectRel(gammaQuantile(1e-250, 300), 17.379021115514099, 1e-12); // qgamma(1e-250, 300)
    expectRel(gammaQuantile(1e-100, 1000), 468.67885153942672, 1e-12); // qgamma(1e-100, 1000)
    expectRel(chiSquareQuantile(1e-300, 600), 23.231350326278996, 1e-12); // qchisq(1e-300, 600)
    // qbeta(p, a, 1) = p^(1/a) exactly: 1e-10 and 1e-3
    expectRel(betaQuantile(1e-300, 30, 1), 9.9999999999999732e-11, 1e-12); // qbeta(1e-300, 30, 1)
    expectRel(betaQuantile(1e-300, 100, 1), 0.0010000000000000002, 1e-12); // qbeta(1e-300, 100, 1)
    expectRel(betaQuantile(1e-300, 400, 100), 0.09876901886240215, 1e-12); // qbeta(1e-300, 400, 100)
    expectRel(betaQuantile(1e-300, 5, 1.5), 8.1941016302165812e-61, 1e-12); // qbeta(1e-300, 5, 1.5)
    expectRel(betaQuantile(1e-250, 10, 3), 6.5772690342159304e-26, 1e-12); // qbeta(1e-250, 10, 3)
    // A root below the smallest double: qgamma(0.8, 1e-4) = 0 in R (the lower-tail root is about
    // (0.2 Γ(1.0001))^10000 = 0.2^10000). Accepting a Newton step outside the bracket, or taking the
    // log-scale step only from above, ended at 8e-293, where P = 0.93.
    expect(gammaQuantile(0.8, 1e-4)).toBeLessThan(1e-300); // qgamma(0.8, 1e-4)
    // Roots below the smallest positive double are 0, as in R; they came out as 2^-200 = 6.2e-61
    // (200 bisection steps from 1) before 2026-11-30 (session 9).
    expect(gammaQuantile(1e-300, 0.5)).toBe(0); // qgamma(1e-300, 0.5) = 0
    expect(chiSquareQuantile(1e-300, 1)).toBe(0); // qchisq(1e-300, 1) = 0
    expect(betaQuantile(1e-300, 0.1, 2)).toBe(0); // qbeta(1e-300, 0.1, 2) = 0
    expect(gammaQuantile(1e-20, 0.05)).toBe(0); // qgamma(1e-20, 0.05) = 0
  });

  it('t: NaN for invalid df or t, 0 at infinite t', () => {
    expect(tTwoSidedP(Infinity, 0)).toBeNaN();
    expect(tTwoSidedP(Infinity, -1)).toBeNaN();
    expect(tTwoSidedP(Number.NaN, 5)).toBeNaN();
    expect(tTwoSidedP(Infinity, 5)).toBe(0);
    expect(tTwoSidedP(-Infinity, 5)).toBe(0);
    expect(tCdf(Number.NaN, 5)).toBeNaN();
    expect(tCdf(1, 0)).toBeNaN();
  });

  it('binomial: outside the support, p = 0 and p = 1, and the ends of the CDF', () => {
    expect(binomialPmf(-1, 10, 0.3)).toBe(0); // dbinom(-1, 10, 0.3)
    expect(binomialPmf(11, 10, 0.3)).toBe(0); // dbinom(11, 10, 0.3)
    expect(binomialPmf(2.5, 10, 0.3)).toBe(0); // dbinom(2.5, 10, 0.3) (with a warning in R)
    expect(binomialPmf(0, 10, 0)).toBe(1); // dbinom(0, 10, 0)
    expect(binomialPmf(3, 10, 0)).toBe(0);
    expect(binomialPmf(10, 10, 1)).toBe(1); // dbinom(10, 10, 1)
    expect(binomialPmf(3, 10, 1)).toBe(0);
    expect(binomialCdf(-1, 10, 0.3)).toBe(0); // pbinom(-1, 10, 0.3)
    expect(binomialCdf(10, 10, 0.3)).toBe(1); // pbinom(10, 10, 0.3)
    expect(binomialCdf(12, 10, 0.3)).toBe(1);
    expect(binomialSf(-1, 10, 0.3)).toBe(1); // pbinom(-1, 10, 0.3, lower.tail = FALSE)
    expect(binomialSf(10, 10, 0.3)).toBe(0);
    expectRel(binomialSf(0, 10, 0.3), 0.9717524751); // pbinom(0, 10, 0.3, lower.tail = FALSE) = 1 - 0.7^10
  });
});
