import { chiSquareSf } from './distributions.js';

/** Result of {@link ljungBox}. Null fields when the test cannot be computed; `note` says why. */
export interface LjungBox {
  statistic: number | null;
  /** lag − fitdf */
  df: number;
  lag: number;
  p: number | null;
  note?: string;
}

/**
 * Ljung–Box portmanteau test of no autocorrelation up to lag h:
 *
 *   Q = n(n + 2) Σ_{k=1..h} r_k² / (n − k),  p = P(χ²_{h − fitdf} ≥ Q),
 *
 * r_k the lag-k sample autocorrelation of x about its mean (R `acf`).
 *
 * Reference: Ljung & Box (1978) Biometrika 65:297–303. Matches R
 * `Box.test(x, lag = h, type = "Ljung-Box", fitdf = fitdf)`.
 *
 * Edge cases: h < 1, h ≥ n, h − fitdf < 1, non-finite values, or a constant
 * series → statistic and p null with a note.
 *
 * @example
 * ljungBox([1, 3, 2, 5, 4, 6, 5, 8, 7, 9], 3);
 * // { statistic: 8.6317…, df: 3, lag: 3, p: 0.0346… }
 */
export function ljungBox(x: readonly number[], lag: number, fitdf = 0): LjungBox {
  const n = x.length;
  const df = lag - fitdf;
  const fail = (note: string): LjungBox => ({ statistic: null, df, lag, p: null, note });
  if (!Number.isInteger(lag) || lag < 1 || lag >= n)
    return fail(`the lag must be a whole number from 1 to n − 1 (lag ${lag}, n ${n})`);
  if (df < 1) return fail('lag − fitdf must be at least 1');
  if (x.some((v) => !Number.isFinite(v))) return fail('x must contain only finite numbers');
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const d = x.map((v) => v - mean);
  const c0 = d.reduce((s, v) => s + v * v, 0);
  if (!(c0 > 0)) return fail('the series is constant: autocorrelations are undefined');
  let q = 0;
  for (let k = 1; k <= lag; k++) {
    let ck = 0;
    for (let t = k; t < n; t++) ck += d[t] * d[t - k];
    const r = ck / c0;
    q += (r * r) / (n - k);
  }
  q *= n * (n + 2);
  return { statistic: q, df, lag, p: chiSquareSf(q, df) };
}
