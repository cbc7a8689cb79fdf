import { describe, expect, it } from 'vitest';
import { clusterRobustRateRatio } from './cluster-robust-rate-ratio.js';

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('clusterRobustRateRatio vs R glm + sandwich::vcovCL', () => {
  it('six persons', () => {
    // R: pre <- c(3, 2, 4, 1, 2, 5); post <- c(0, 1, 1, 1, 0, 2)
    //    d <- data.frame(id = rep(1:6, 2), y = c(pre, post), period = rep(0:1, each = 6))
    //    fit <- glm(y ~ period, family = poisson, data = d); V <- sandwich::vcovCL(fit, cluster = ~id, type = "HC0")
    //    se = sqrt(V[2, 2]) = 0.31777775089187227; exp(coef ± qnorm(0.975) se) = 0.15777136065452518, 0.54829463314877214
    //    2 * pnorm(-abs(coef / se)) = 0.00011761637472439975
    const r = clusterRobustRateRatio([0, 1, 1, 1, 0, 2], [3, 2, 4, 1, 2, 5]);
    close(r.estimate, 0.2941176470588861);
    close(r.stdErrLog, 0.31777775089187227, 1e-11 / 0.3);
    close(r.low, 0.15777136065452518);
    close(r.high, 0.54829463314877214);
    close(r.p, 0.00011761637472439975, 1e-8);
  });

  it('thirty overdispersed persons: wider than a Poisson interval would be', () => {
    // R: set.seed(3); pre <- rnbinom(30, size = 0.8, mu = 2) + 1; post <- rnbinom(30, size = 0.8, mu = 1.5)
    //    same glm + vcovCL: se 0.26847476994085961, interval 0.33395609781606977 0.95662484237327738
    const pre = [1, 3, 3, 1, 2, 3, 2, 2, 1, 1, 2, 4, 5, 2, 3, 1, 5, 1, 5, 5, 3, 1, 2, 4, 1, 1, 1, 1, 2, 1];
    const post = [3, 0, 0, 0, 1, 4, 2, 0, 0, 0, 5, 1, 0, 0, 4, 3, 2, 4, 0, 0, 5, 2, 2, 0, 0, 0, 0, 0, 1, 0];
    const r = clusterRobustRateRatio(post, pre);
    close(r.stdErrLog, 0.26847476994085961, 1e-9);
    close(r.low, 0.33395609781606977);
    close(r.high, 0.95662484237327738);
  });

  it('edge cases: no pre, no post, one person', () => {
    expect(clusterRobustRateRatio([1, 2], [0, 0])).toMatchObject({ estimate: null, low: null });
    expect(clusterRobustRateRatio([0, 0], [1, 2])).toMatchObject({ estimate: 0, low: null });
    expect(clusterRobustRateRatio([1], [2]).note).toMatch(/at least 2/);
  });
});
