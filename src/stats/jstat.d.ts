/**
 * Minimal type declarations for the parts of `jstat` (a CommonJS package that
 * ships no types) used by `src/stats/distributions.ts`. Under NodeNext the
 * CommonJS `module.exports` object arrives as the default import:
 * `import jStat from 'jstat'`.
 */
declare module 'jstat' {
  interface JStatStatic {
    normal: {
      cdf(x: number, mean: number, sd: number): number;
      inv(p: number, mean: number, sd: number): number;
    };
    chisquare: {
      cdf(x: number, df: number): number;
      inv(p: number, df: number): number;
    };
    gamma: {
      cdf(x: number, shape: number, scale: number): number;
      inv(p: number, shape: number, scale: number): number;
    };
    beta: {
      cdf(x: number, a: number, b: number): number;
      inv(p: number, a: number, b: number): number;
    };
    studentt: {
      cdf(x: number, df: number): number;
      inv(p: number, df: number): number;
    };
    /** Regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** Inverse of the regularized incomplete beta function. */
    ibetainv(p: number, a: number, b: number): number;
    /** Regularized lower incomplete gamma function P(a, x). */
    lowRegGamma(a: number, x: number): number;
    /** Inverse of P(a, x) in x. */
    gammapinv(p: number, a: number): number;
    /** log Γ(x). */
    gammaln(x: number): number;
    /** Complementary error function. */
    erfc(x: number): number;
  }
  const jStat: JStatStatic;
  export = jStat;
}
