/** Shared series for the interrupted-time-series statistic tests (24 months, launch at t = 12). */
export const ITS_Y = [21, 25, 19, 30, 28, 24, 33, 29, 27, 35, 31, 26, 30, 22, 27, 20, 24, 18, 25, 21, 19, 23, 17, 22];
/** An overdispersed count series (Pearson dispersion 5.83 under Poisson). */
export const ITS_Y_OVERDISPERSED = [
  12, 30, 8, 25, 40, 15, 22, 9, 35, 28, 14, 50, 18, 7, 26, 11, 31, 6, 20, 13, 9, 24, 5, 16,
];
/** Design rows [1, t, post, tsince] for t = 0..23, launch at 12. */
export const ITS_X = Array.from({ length: 24 }, (_, t) => {
  const post = t >= 12 ? 1 : 0;
  return [1, t, post, post * (t - 12)];
});
