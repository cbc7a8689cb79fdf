/**
 * rules/points-example.yaml: a weighted severity/recency/frequency scheme,
 *
 *   points = 3*serious + 2*offenses_within_months(12) + offenses_within_months(36) + incidents
 *   A >= 10, B >= 6, C >= 3, D >= 1
 *
 * classified on a hand-made fixture, every person worked by hand below.
 *
 * As of T = 2023-06-30 the 12-month window is (2022-06-30, 2023-06-30] and
 * the 36-month window is (2020-06-30, 2023-06-30] (calendar months, the start
 * day excluded). As of 2024-06-30: (2023-06-30, 2024-06-30] and
 * (2021-06-30, 2024-06-30].
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { classifyAll, explainPerson, type RuleSet } from '../../src/classify/classify.js';
import { type CompiledExpr, compileExpression } from '../../src/classify/expression.js';
import { FEATURE_CATALOG, FeatureComputer } from '../../src/classify/features.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { levelName } from '../../src/model.js';
import { loadFixture } from '../helpers/csv-fixture.js';
import { inc, note, offense, seriousOffense } from '../helpers/records.js';

const POINTS = '3*serious + 2*offenses_within_months(12) + offenses_within_months(36) + incidents';

const incidents = [
  // alice: serious offense 2023-05-01 (weapon + arrest), offense 2021-03-10 (code only), non-offense 2019-08-01
  seriousOffense('alice', '2023-05-01'),
  inc('alice', '2021-03-10', { offense: 'ASSAULT3' }),
  inc('alice', '2019-08-01'),
  // bob: three arrests, the last on the as-of day itself; notified at B (the scheme ignores notifications)
  offense('bob', '2022-09-01'),
  offense('bob', '2023-01-15'),
  offense('bob', '2023-06-30'),
  // carol: arrests 2023-02-01 and 2021-01-20
  offense('carol', '2023-02-01'),
  offense('carol', '2021-01-20'),
  // dave: arrests exactly 12 months before T (2022-06-30) and one day inside 36 months (2020-07-01)
  offense('dave', '2022-06-30'),
  offense('dave', '2020-07-01'),
  // erin: an arrest exactly 36 months before T (2020-06-30) and a non-offense incident
  offense('erin', '2020-06-30'),
  inc('erin', '2023-03-03'),
  // frank: a weapon but no arrest and no code (serious, not an offense), and two non-offense incidents
  inc('frank', '2022-01-10', { weapon: true }),
  inc('frank', '2022-11-11', { injury: true }),
  inc('frank', '2023-04-04'),
  // gina: one old arrest
  offense('gina', '2019-05-05'),
  // hank: an arrest two days after the first as-of date
  offense('hank', '2023-07-02'),
];
const notifications = [
  note('bob', '2023-02-01', 'B'),
  note('carol', '2021-06-01', 'C'),
  note('gina', '2019-06-01', 'D'),
];

/** [points, level] per person, by hand. */
const AS_OF_2023_06_30: Record<string, [number, string]> = {
  // 3*1 (serious 2023-05-01) + 2*1 (2023-05-01 within 12) + 2 (2023-05-01, 2021-03-10 within 36) + 3 incidents = 10
  alice: [10, 'A'],
  // 3*0 + 2*3 (2022-09-01, 2023-01-15, 2023-06-30) + 3 + 3 = 12   (the default rules would say B)
  bob: [12, 'A'],
  // 0 + 2*1 (2023-02-01) + 2 (both within 36) + 2 = 6   (exactly the B threshold)
  carol: [6, 'B'],
  // 0 + 2*0 (2022-06-30 is the window's excluded start day) + 2 (2022-06-30, 2020-07-01) + 2 = 4
  // (were the start day included: 2 more points, 6, B)
  dave: [4, 'C'],
  // 0 + 0 + 0 (2020-06-30 is the 36-month window's excluded start day) + 2 = 2   (included: 3, C)
  erin: [2, 'D'],
  // 3*1 (weapon, though no offense) + 0 + 0 + 3 = 6
  frank: [6, 'B'],
  // 0 + 0 + 0 (2019 is outside 36 months) + 1 = 1
  gina: [1, 'D'],
  // no incident on or before T: no points, no level
  hank: [0, ''],
};

const AS_OF_2024_06_30: Record<string, [number, string]> = {
  // 3*1 + 2*0 (2023-05-01 is before 2023-06-30) + 1 (2023-05-01 only; 2021-03-10 is before 2021-06-30) + 3 = 7: A falls to B
  alice: [7, 'B'],
  // 0 + 2*0 (2023-06-30 is the excluded start day) + 3 (all after 2021-06-30) + 3 = 6
  bob: [6, 'B'],
  // 0 + 0 + 1 (2023-02-01) + 2 = 3
  carol: [3, 'C'],
  // 0 + 0 + 1 (2022-06-30) + 2 = 3
  dave: [3, 'C'],
  // 0 + 0 + 0 + 2 = 2
  erin: [2, 'D'],
  // 3*1 + 0 + 0 + 3 = 6
  frank: [6, 'B'],
  // 0 + 0 + 0 + 1 = 1
  gina: [1, 'D'],
  // 0 + 2*1 (2023-07-02) + 1 + 1 = 4
  hank: [4, 'C'],
};

describe('rules/points-example.yaml', async () => {
  const config = loadConfig(undefined, { rulesFile: 'rules/points-example.yaml' });
  const { dataset: ds } = await loadFixture({ incidents, notifications }, { config });
  // the core (rule set, index, compiled expression) is built per test, where a Stryker mutant is on (docs/testing.md)
  let set: RuleSet;
  let idx: PersonIndex;
  let points: CompiledExpr;
  beforeEach(() => {
    set = buildRuleSet(config, ds);
    idx = buildPersonIndex(ds);
    points = compileExpression(POINTS, FEATURE_CATALOG);
  });

  it('loads: four rules, A to D, each the same sum against its threshold', () => {
    expect(config.rulesSource).toBe('rules/points-example.yaml');
    expect(config.rules.map((r) => r.level)).toEqual(['A', 'B', 'C', 'D']);
    expect(config.rules.map((r) => r.when)).toEqual([
      `${POINTS} >= 10`,
      `${POINTS} >= 6`,
      `${POINTS} >= 3`,
      `${POINTS} >= 1`,
    ]);
  });

  it.each([
    ['2023-06-30', AS_OF_2023_06_30],
    ['2024-06-30', AS_OF_2024_06_30],
  ])('as of %s: points and levels as worked by hand', (asOf, expected) => {
    const T = parseIsoDay(asOf)!;
    const c = classifyAll(ds, idx, set, T);
    const fc = new FeatureComputer(ds, idx, set.features);
    const got: Record<string, [number, string]> = {};
    for (let p = 0; p < idx.persons; p++) {
      fc.compute(p, T);
      got[ds.persons.values[p]] = [points.evaluate(fc), levelName(c.level[p])];
    }
    expect(got).toEqual(expected);
  });

  it('the reason names the rule and shows the values behind the sum', () => {
    const res = explainPerson(ds, idx, set, ds.persons.get('carol')!, parseIsoDay('2023-06-30')!);
    expect(res.reason).toBe(
      'B: 6 to 9 points — 3*serious (=0) + 2*offenses_within_months(12) (=1) + offenses_within_months(36) (=2) + incidents (=2) >= 6',
    );
  });
});
