/**
 * The look-back option (config `lookback_months`, docs/methods.md#tier-list): only
 * incidents dated after (T − look-back months) count; persons whose only
 * incidents are older drop off the tier list, and the list says how many.
 *
 * Tier list for 2023-06 with a 12-month look-back: T = 2023-06-30 sees
 * incidents in (2022-06-30, 2023-06-30]; P = 2023-05-31 sees (2022-05-31, 2023-05-31].
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyAll, type RuleSet } from '../../src/classify/classify.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet, describeRules } from '../../src/classify/ruleset.js';
import { buildTierList, tierTable, type TierList } from '../../src/classify/tier-list.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { levelName } from '../../src/model.js';
import { loadFixture } from '../helpers/csv-fixture.js';
import { inc, note, offense } from '../helpers/records.js';
import { listRows, type TierRowObject } from '../helpers/tier-rows.js';

const incidents = [
  offense('old', '2021-05-05'), //                       all incidents older: dropped
  inc('edge', '2022-06-30'), //                          exactly 12 months before T: out at T, in at P: dropped
  inc('edge2', '2022-07-01'), //                         one day inside: D
  offense('mixed', '2021-01-01'),
  offense('mixed', '2021-02-02'),
  inc('mixed', '2023-01-01'), //                         only the 2023 incident counts: D (B without the look-back)
  offense('fade', '2022-06-15'),
  offense('fade', '2023-01-01'), //                      B at P, C at T: lowered
  inc('future', '2023-07-15'), //                        after T: neither listed nor dropped
  offense('pinned', '2020-01-01'), //                    old, but an override pins a level: listed, not dropped
];
const notifications = [note('ghost', '2023-01-01', 'C'), note('old', '2021-06-01', 'C')];
const overrides = [
  { person_id: 'pinned', level: 'B' as const, reason: 'active protective order', date: '2023-01-01', analyst: 'jdoe' },
];

describe('look-back (lookback_months: 12)', async () => {
  const {
    dataset: ds,
    config,
    fixture,
  } = await loadFixture({ incidents, notifications, overrides, configYaml: 'lookback_months: 12\n' }, { keep: true });
  afterAll(() => fixture.cleanup());
  const T = parseIsoDay('2023-06-30')!;
  // the core runs per test (beforeEach), where Stryker's mutant is switched on (docs/testing.md)
  let set: RuleSet;
  let idx: PersonIndex;
  let list: TierList;
  let byId: Record<string, TierRowObject>;
  beforeEach(() => {
    set = buildRuleSet(config, ds);
    idx = buildPersonIndex(ds);
    list = buildTierList(ds, idx, set, T);
    byId = Object.fromEntries(listRows(list).map((r) => [ds.persons.values[r.person], r]));
  });

  it('reads the option', () => {
    expect(config.lookbackMonths).toBe(12);
    expect(set.features.lookbackMonths).toBe(12);
    expect(describeRules(config)).toContain('look-back: incidents within 12 months of the as-of date');
  });

  it('persons whose only incidents are older drop off, and droppedByLookback counts them', () => {
    expect(Object.keys(byId).sort()).toEqual(['edge2', 'fade', 'mixed', 'pinned']);
    expect(list.droppedByLookback).toBe(2); // old, edge
  });

  it('levels count only the incidents inside the window', () => {
    expect(byId.edge2).toMatchObject({ level: 1, previous: 1, change: 'unchanged', incidents: 1 });
    expect(byId.mixed).toMatchObject({ level: 1, previous: 1, incidents: 1, offenses: 0 });
    expect(byId.fade).toMatchObject({ level: 2, previous: 3, change: 'lowered', incidents: 1, offenses: 1 });
    expect(byId.pinned).toMatchObject({ level: 3, previous: 3, change: 'unchanged' });
    // at P, edge was still in view
    expect(levelName(list.previous.level[ds.persons.get('edge')!])).toBe('D');
  });

  it('the table says how many dropped off', () => {
    const table = tierTable(list, config.actions, (p) => ds.persons.values[p]);
    expect(table.notes).toContain(
      '2 person(s) dropped off the list: their only incidents are outside the look-back window',
    );
    expect((table.meta!.summary as Record<string, unknown>).dropped_by_lookback).toBe(2);
  });

  it('without the look-back the same data lists everyone with an incident, none dropped', () => {
    const plain = loadConfig();
    const set2 = { ...buildRuleSet(plain, ds), overrides: set.overrides };
    const all = buildTierList(ds, idx, set2, T);
    expect(all.droppedByLookback).toBe(0);
    expect(
      listRows(all)
        .map((r) => ds.persons.values[r.person])
        .sort(),
    ).toEqual(['edge', 'edge2', 'fade', 'mixed', 'old', 'pinned']);
    const c = classifyAll(ds, idx, set2, T);
    expect(levelName(c.level[ds.persons.get('mixed')!])).toBe('B');
  });

  it('a month later, edge2 drops off too', () => {
    const next = buildTierList(ds, idx, set, parseIsoDay('2023-07-31')!);
    // edge2 (2022-07-01) is now out; future (2023-07-15) is in
    expect(
      listRows(next)
        .map((r) => ds.persons.values[r.person])
        .sort(),
    ).toEqual(['fade', 'future', 'mixed', 'pinned']);
    expect(next.droppedByLookback).toBe(3); // old, edge, edge2
  });
});

/**
 * Regression (was a bug in buildTierList): droppedByLookback counted every
 * person with an incident on or before T and no level, not the persons whose
 * only incidents are outside the look-back. With rules that have no catch-all
 * D rule, a person whose incident is inside the window but matches no rule is
 * counted as "dropped by the look-back".
 * Fixed in buildTierList; kept as a regression test.
 */
describe('droppedByLookback with rules that leave some in-window persons without a level', async () => {
  const { dataset: ds, config } = await loadFixture({
    incidents: [
      offense('old', '2021-05-05'), // outside the window: dropped by the look-back
      inc('recent', '2023-06-01'), //  inside the window, but no rule holds (no D rule): not a look-back drop
      offense('listed', '2023-06-02'),
    ],
    configYaml: 'lookback_months: 12\nrules:\n  - level: C\n    when: offenses >= 1\n    reason: an offense\n',
  });
  let list: TierList;
  beforeEach(() => {
    list = buildTierList(ds, buildPersonIndex(ds), buildRuleSet(config, ds), parseIsoDay('2023-06-30')!);
  });

  it('lists only the person a rule holds for', () => {
    expect(listRows(list).map((r) => ds.persons.values[r.person])).toEqual(['listed']);
  });

  it('counts only "old" as dropped by the look-back', () => {
    expect(list.droppedByLookback).toBe(1); // buildTierList says 2: it counts "recent" too
  });
});
