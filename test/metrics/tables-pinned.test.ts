/**
 * Pinning test for the evaluation tables (src/metrics): every table built on
 * the hand-built and Kingston fixtures under each option that changes its
 * shape or its notes, compared with a stored snapshot
 * (__snapshots__/tables-pinned.test.ts.snap). The numbers in these tables are
 * checked against R and hand-worked values in the other test files; this one
 * pins the rest of what a user reads (the notes that state the definitions,
 * the meta block, empty and suppressed cells), so that a change to any of it
 * is seen in review. After a deliberate change: `npx vitest run -u
 * test/metrics/tables-pinned.test.ts`, and read the snapshot diff.
 */
import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { fidelityTable } from '../../src/metrics/fidelity.js';
import { prePostTable } from '../../src/metrics/prepost.js';
import { recidivismTable } from '../../src/metrics/recidivism.js';
import { survivalTable } from '../../src/metrics/survival.js';
import { trendTable } from '../../src/metrics/trend.js';
import { build, day } from '../helpers/spec.js';
import { kingstonPrePostSpec, kingstonRecidivismSpec } from './kingston-fixture.js';
import { fidelitySpec, survivalSpec, trendSpec } from './small-fixtures.js';

describe('evaluation tables, pinned', () => {
  it('recidivism: cohorts, follow-up, suppression', () => {
    const { ds, idx } = build(kingstonRecidivismSpec());
    expect(recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first' })).toMatchSnapshot('first 12');
    expect(recidivismTable(ds, idx, { followUpMonths: 24, cohort: 'level-entry', suppressBelow: 25 })).toMatchSnapshot(
      'level-entry 24 suppress 25',
    );
    const small = build(survivalSpec());
    expect(
      recidivismTable(small.ds, small.idx, { followUpMonths: 6, cohort: 'first', suppressBelow: 3 }),
    ).toMatchSnapshot('small fixture, a level without persons');
  });

  it('pre/post: windows, offenses only, index excluded, suppression', () => {
    const { ds, idx } = build(kingstonPrePostSpec());
    expect(prePostTable(ds, idx, { windows: [12, 18, 24] })).toMatchSnapshot('kingston default');
    expect(
      prePostTable(ds, idx, { windows: [6, 36], offensesOnly: true, excludeIndex: true, suppressBelow: 200 }),
    ).toMatchSnapshot('kingston options');
    const small = build(survivalSpec());
    expect(prePostTable(small.ds, small.idx, { windows: [1, 3] })).toMatchSnapshot('small fixture');
  });

  it('survival: default, max days, suppression', () => {
    const { ds, idx } = build(survivalSpec());
    expect(survivalTable(ds, idx, {})).toMatchSnapshot('default');
    expect(survivalTable(ds, idx, { maxDays: 60, suppressBelow: 4 })).toMatchSnapshot('max 60 days, suppress 4');
  });

  it('trend: intervals, launch, flags, suppression', () => {
    const { ds } = build(trendSpec());
    expect(trendTable(ds, { interval: 'month', by: [] })).toMatchSnapshot('month');
    expect(
      trendTable(ds, { interval: 'month', by: ['offense', 'serious'], launch: day('2020-01-01'), suppressBelow: 5 }),
    ).toMatchSnapshot('month, launch, flags, suppress');
    expect(trendTable(ds, { interval: 'year', by: [], launch: day('2019-07-01') })).toMatchSnapshot('year, launch');
  });

  it('fidelity: whole coverage, a period, several contact-first levels, suppression', () => {
    const { ds, idx } = build(fidelitySpec());
    const set = buildRuleSet(loadConfig(undefined), ds);
    expect(fidelityTable(ds, idx, set, { contactFirst: [3] })).toMatchSnapshot('default');
    expect(
      fidelityTable(ds, idx, set, {
        contactFirst: [3, 4],
        period: { first: day('2023-02-01'), last: day('2023-03-31'), label: '2023-02..2023-03' },
        suppressBelow: 2,
      }),
    ).toMatchSnapshot('period, A and B contact-first, suppress 2');
  });
});
