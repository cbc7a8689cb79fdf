import { describe, expect, it } from 'vitest';
import { DOMAIN, Rng, fmix32 } from './random.js';

describe('Rng', () => {
  it('is deterministic for (seed, domain, stream)', () => {
    const a = new Rng(42, DOMAIN.person, 7);
    const b = new Rng(42, DOMAIN.person, 7);
    const xs = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(xs);
  });

  it('differs by seed, by stream, by domain, and for seeds above 2^32', () => {
    const first = (r: Rng) => [r.uint32(), r.uint32(), r.uint32()];
    const base = first(new Rng(42, DOMAIN.person, 7));
    expect(first(new Rng(43, DOMAIN.person, 7))).not.toEqual(base);
    expect(first(new Rng(42, DOMAIN.person, 8))).not.toEqual(base);
    expect(first(new Rng(42, DOMAIN.messy, 7))).not.toEqual(base);
    expect(first(new Rng(42 + 2 ** 32, DOMAIN.person, 7))).not.toEqual(base);
  });

  it('is roughly uniform', () => {
    const r = new Rng(1, DOMAIN.person, 0);
    const n = 100_000;
    let sum = 0;
    const bins = new Array(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      bins[Math.floor(u * 10)]++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(500); // ~5 standard deviations
  });

  it('exp has the requested mean', () => {
    const r = new Rng(3, DOMAIN.person, 0);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += r.exp(10);
    expect(sum / 50_000).toBeGreaterThan(9.7);
    expect(sum / 50_000).toBeLessThan(10.3);
  });

  it('fmix32 is the MurmurHash3 finaliser', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
});
