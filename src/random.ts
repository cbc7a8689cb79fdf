/**
 * A small seeded pseudo-random generator for the simulator and the
 * bootstrap (`ipvi compare`, and compare in report and batch): sfc32 (Chris
 * Doty-Humphrey's "Small Fast Counting" generator, PractRand-clean, 128-bit
 * state), with its state derived from (seed, domain, stream) by MurmurHash3's
 * 32-bit finaliser. Every person gets an independent stream (stream = the
 * person's index), so a person's history depends only on the seed, the period
 * and their index, never on how many people were generated before them.
 *
 * No `Math.random`, no clock: the same (seed, domain, stream) always yields
 * the same sequence on every platform (only 32-bit integer arithmetic and
 * `Math.log`, whose results are identical on all V8 builds we support).
 *
 * @example
 * const rng = new Rng(42, 0, 7);
 * rng.next(); // a number in [0, 1), the same on every run
 */

/** MurmurHash3 fmix32: a bijective 32-bit mixer. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Random-number domains: independent sequences for the same seed and stream. */
export const DOMAIN = { person: 1, messy: 2, bootstrap: 3 } as const;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed a non-negative integer up to 2^53 − 1
   * @param domain which sequence family (DOMAIN.person, DOMAIN.messy, DOMAIN.bootstrap)
   * @param stream e.g. the person's index (0 … 2^32 − 1)
   */
  constructor(seed: number, domain: number, stream: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const k = fmix32(fmix32(lo ^ 0x9e3779b9) ^ fmix32((hi + 0x7f4a7c15) >>> 0) ^ Math.imul(domain, 0x27d4eb2f));
    this.a = fmix32(k ^ 0x6a09e667);
    this.b = fmix32((k + Math.imul(stream >>> 0, 0x9e3779b9)) ^ 0xbb67ae85);
    this.c = fmix32(fmix32(stream >>> 0) ^ k ^ 0x3c6ef372);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given mean (inverse-CDF). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Pick by weight: `weights` need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      u -= weights[i];
      if (u < 0) return items[i];
    }
    return items[items.length - 1];
  }
}
