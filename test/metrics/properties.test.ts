/**
 * Properties of the evaluation tables: the input's row order never changes a
 * result, and every notified person is accounted for (in a row, or counted
 * as left out). fast-check with a fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { fidelityTable } from '../../src/metrics/fidelity.js';
import { prePostCounts, prePostTable } from '../../src/metrics/prepost.js';
import { recidivismTable } from '../../src/metrics/recidivism.js';
import { survivalObservations, survivalTable } from '../../src/metrics/survival.js';
import { trendTable } from '../../src/metrics/trend.js';
import { build, type Spec } from '../helpers/spec.js';
import { kingstonPrePostSpec, kingstonRecidivismSpec } from './kingston-fixture.js';
import { fidelitySpec, survivalSpec, trendSpec } from './small-fixtures.js';

const SEED = 20230322;

function permute<T>(xs: T[], keys: number[]): T[] {
  return xs
    .map((x, i) => [keys[i % keys.length] * 1e6 + i, x] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x);
}

function shuffled(spec: Spec, keys: number[]): Spec {
  // incident ids are kept, so an incident stays one incident; only the row order changes
  const incidents = spec.incidents.map((r, i) => ({ ...r, id: r.id ?? `I${i + 1}` }));
  return {
    ...spec,
    incidents: permute(incidents, keys),
    notifications: permute(spec.notifications, [...keys].reverse()),
  };
}

const keysArb = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 });

describe('row order never changes a table', () => {
  it('prepost and recidivism (Kingston fixtures)', () => {
    const pp = kingstonPrePostSpec(),
      rc = kingstonRecidivismSpec();
    const a = build(pp),
      b = build(rc);
    const expectedPP = prePostTable(a.ds, a.idx, { windows: [12, 18, 24], excludeIndex: true }).rows;
    const expectedRC = recidivismTable(b.ds, b.idx, { followUpMonths: 12, cohort: 'level-entry' }).rows;
    fc.assert(
      fc.property(keysArb, (keys) => {
        const x = build(shuffled(pp, keys));
        const y = build(shuffled(rc, keys));
        expect(prePostTable(x.ds, x.idx, { windows: [12, 18, 24], excludeIndex: true }).rows).toEqual(expectedPP);
        expect(recidivismTable(y.ds, y.idx, { followUpMonths: 12, cohort: 'level-entry' }).rows).toEqual(expectedRC);
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it('survival, trend and fidelity (small fixtures)', () => {
    const s = build(survivalSpec()),
      t = build(trendSpec()),
      f = build(fidelitySpec());
    const config = loadConfig(undefined);
    const fid = (x: ReturnType<typeof build>) =>
      fidelityTable(x.ds, x.idx, buildRuleSet(config, x.ds), { contactFirst: config.victimContactFirst }).rows;
    const expected = [
      survivalTable(s.ds, s.idx, {}).rows,
      trendTable(t.ds, { interval: 'month', by: ['arrest', 'injury'] }).rows,
      fid(f),
    ];
    fc.assert(
      fc.property(keysArb, (keys) => {
        const s2 = build(shuffled(survivalSpec(), keys)),
          t2 = build(shuffled(trendSpec(), keys)),
          f2 = build(shuffled(fidelitySpec(), keys));
        expect([
          survivalTable(s2.ds, s2.idx, {}).rows,
          trendTable(t2.ds, { interval: 'month', by: ['arrest', 'injury'] }).rows,
          fid(f2),
        ]).toEqual(expected);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('every notified person is accounted for', () => {
  it('prepost: in the row or outside the coverage, for any window', () => {
    const { ds, idx } = build(kingstonPrePostSpec());
    const notified = new Set(Array.from(ds.notifications.person)).size;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 72 }), (W) => {
        const [w] = prePostCounts(ds, idx, { windows: [W] });
        expect(w.persons.length + w.outsideCoverage).toBe(notified);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('recidivism and survival: eligible + left out = notified', () => {
    const { ds, idx } = build(kingstonRecidivismSpec());
    const notified = new Set(Array.from(ds.notifications.person)).size;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), (F) => {
        const t = recidivismTable(ds, idx, { followUpMonths: F, cohort: 'first' });
        const all = t.rows.find((r) => r.level === 'all')!.persons as number;
        const left = Number(/; (\d+) notified person\(s\) left out/.exec(t.notes.join('\n'))![1]);
        expect(all + left).toBe(notified);
      }),
      { seed: SEED, numRuns: 20 },
    );
    const { obs, noFollowUp } = survivalObservations(ds, idx, {});
    expect(obs.length + noFollowUp).toBe(notified);
  });
});
