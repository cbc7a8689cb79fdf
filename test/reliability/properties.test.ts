/**
 * Properties over random histories (fast-check, fixed seeds) that no bad
 * input or refactor may break: survival curves are non-increasing and within
 * [0, 1]; pre + post never exceed a person's incidents; recidivism within a
 * longer follow-up never falls for the same people; levels never fall under
 * the default rules; every input row is accounted for. (Row order and time
 * zone independence are in test/classify/properties.test.ts,
 * test/metrics/properties.test.ts and test/cli/validate.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAll } from '../../src/classify/classify.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { firstNotifications } from '../../src/metrics/common.js';
import { prePostCounts } from '../../src/metrics/prepost.js';
import { reoffended } from '../../src/metrics/recidivism.js';
import { survivalTable } from '../../src/metrics/survival.js';
import { kaplanMeier } from '../../src/stats/kaplan-meier.js';
import { historyArb } from '../helpers/arbitraries.js';
import { buildDataset } from '../helpers/dataset.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const config = loadConfig();
const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];

function datasetOf(h: ReturnType<typeof historyArb> extends fc.Arbitrary<infer T> ? T : never) {
  const ds = buildDataset(h.incidents, h.notifications);
  ds.coverage = {
    ...ds.coverage,
    start: parseIsoDay('2019-01-01')!,
    end: parseIsoDay('2023-12-31')!,
    startSource: 'option',
    endSource: 'option',
  };
  return ds;
}

describe('survival', () => {
  it('Kaplan–Meier survival is non-increasing, within [0, 1], and the interval brackets it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.boolean()), { minLength: 1, maxLength: 60 }),
        (obs) => {
          const km = kaplanMeier(
            obs.map((o) => o[0]),
            obs.map((o) => o[1]),
          );
          let prev = 1;
          for (const r of km.rows) {
            expect(r.survival).toBeGreaterThanOrEqual(0);
            expect(r.survival).toBeLessThanOrEqual(prev + 1e-12);
            if (r.low !== null && r.high !== null) {
              expect(r.low).toBeLessThanOrEqual(r.survival + 1e-12);
              expect(r.high).toBeGreaterThanOrEqual(r.survival - 1e-12);
              expect(r.low).toBeGreaterThanOrEqual(0);
              expect(r.high).toBeLessThanOrEqual(1);
            }
            prev = r.survival;
          }
        },
      ),
      { numRuns: RUNS, seed: 11 },
    );
  });

  it('the survival table by level is non-increasing within each level on random histories', () => {
    let checked = 0;
    fc.assert(
      fc.property(historyArb(ids, 20, 8), (h) => {
        const ds = datasetOf(h);
        const t = survivalTable(ds, buildPersonIndex(ds), {});
        const last = new Map<string, number>();
        for (const r of t.rows) {
          const s = r.survival as number | null;
          if (s === null || typeof s !== 'number') continue;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual((last.get(String(r.level)) ?? 1) + 1e-12);
          last.set(String(r.level), s);
          checked++;
        }
      }),
      { numRuns: RUNS, seed: 12 },
    );
    expect(checked).toBeGreaterThan(100); // the property saw real curves
  });
});

describe('pre/post', () => {
  it("pre + post never exceed a person's incidents, in every window", () => {
    fc.assert(
      fc.property(historyArb(ids, 20, 8), (h) => {
        const ds = datasetOf(h);
        const idx = buildPersonIndex(ds);
        for (const w of prePostCounts(ds, idx, { windows: [3, 12, 18, 24] })) {
          w.persons.forEach((p, k) => {
            const total = idx.incStart[p + 1] - idx.incStart[p];
            expect(w.pre[k] + w.post[k]).toBeLessThanOrEqual(total);
            expect(w.pre[k]).toBeGreaterThanOrEqual(0);
          });
        }
      }),
      { numRuns: RUNS, seed: 13 },
    );
  });
});

describe('recidivism', () => {
  it('for the same people, reoffending within a longer follow-up never falls', () => {
    fc.assert(
      fc.property(
        historyArb(ids, 20, 8),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 12 }),
        (h, f1, extra) => {
          const ds = datasetOf(h);
          const idx = buildPersonIndex(ds);
          let short = 0,
            long = 0;
          for (const e of firstNotifications(ds, idx)) {
            const b = reoffended(ds, idx, e, f1 + extra);
            if (b === null) continue; // not eligible for the longer follow-up: left out of both
            const a = reoffended(ds, idx, e, f1);
            expect(a).not.toBeNull(); // eligible for the longer ⇒ eligible for the shorter
            if (a) expect(b).toBe(true);
            short += a ? 1 : 0;
            long += b ? 1 : 0;
          }
          expect(long).toBeGreaterThanOrEqual(short);
        },
      ),
      { numRuns: RUNS, seed: 14 },
    );
  });
});

describe('classification', () => {
  it('levels never fall as the as-of date grows (default rules)', () => {
    fc.assert(
      fc.property(
        historyArb(ids, 20, 8),
        fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 2, maxLength: 6 }),
        (h, offsets) => {
          const ds = datasetOf(h);
          const set = buildRuleSet(config, ds);
          const idx = buildPersonIndex(ds);
          const start = parseIsoDay('2020-12-01')!;
          let prev: Uint8Array | null = null;
          for (const off of [...offsets].sort((a, b) => a - b)) {
            const c = classifyAll(ds, idx, set, start + off);
            if (prev) for (let p = 0; p < c.level.length; p++) expect(c.level[p]).toBeGreaterThanOrEqual(prev[p]);
            prev = c.level;
          }
        },
      ),
      { numRuns: RUNS, seed: 15 },
    );
  });
});
