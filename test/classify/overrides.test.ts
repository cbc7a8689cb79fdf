/**
 * Manual overrides (config `overrides:`, a CSV of person_id, level, reason,
 * date, analyst): an override pins the level from its date on, with its
 * reason shown; before that date the rules apply.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { classifyAll, explainPerson, OVERRIDE_RULE, type RuleSet } from '../../src/classify/classify.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet, prepareClassification } from '../../src/classify/ruleset.js';
import { buildTierList } from '../../src/classify/tier-list.js';
import { personHistory } from '../../src/classify/timeline.js';
import { loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { ConfigError } from '../../src/errors.js';
import { loadDataset } from '../../src/ingest/read.js';
import { type Dataset, levelName } from '../../src/model.js';
import { writeFixture } from '../helpers/csv-fixture.js';
import { offense } from '../helpers/records.js';
import { listRows } from '../helpers/tier-rows.js';

const fixture = writeFixture({
  incidents: [
    offense('ann', '2023-01-10'), // C by the rules
    offense('ann', '2023-04-01'), // B by the rules, but pinned at A
    offense('bea', '2023-01-05'),
    offense('bea', '2023-01-20'), // B by the rules
    offense('dan', '2023-01-02'), // C by the rules
  ],
  overrides: [
    {
      person_id: 'ann',
      level: 'A',
      reason: 'credible threat reported by victim advocate',
      date: '2023-03-15',
      analyst: 'jdoe',
    },
    {
      person_id: 'bea',
      level: 'D',
      reason: 'case reviewed: both reports are one event',
      date: '2023-02-01',
      analyst: 'msmith',
    },
    { person_id: 'cal', level: 'C', reason: 'out-of-county protective order', date: '2023-02-10', analyst: '' },
    // two overrides for dan: the latest one on or before the date applies
    { person_id: 'dan', level: 'D', reason: 'second review', date: '2023-03-01', analyst: 'jdoe' },
    { person_id: 'dan', level: 'B', reason: 'first review', date: '2023-01-15', analyst: 'jdoe' },
  ],
  configYaml: 'name: test agency\n',
});
afterAll(() => fixture.cleanup());

describe('manual overrides', async () => {
  const config = loadConfig(fixture.config);
  const { dataset: loaded } = await loadDataset({
    incidents: fixture.incidents,
    notifications: fixture.notifications,
    config,
  });
  // cal has no incident: the dataset classified is the loaded one plus the persons the overrides name
  // built per test (beforeEach), where a Stryker mutant is switched on (docs/testing.md)
  let ds: Dataset;
  let set: RuleSet;
  let idx: PersonIndex;
  beforeEach(() => {
    ({ dataset: ds, ruleSet: set } = prepareClassification(config, loaded));
    idx = buildPersonIndex(ds);
  });
  const p = (name: string) => ds.persons.get(name)!;
  const levels = (T: string) => {
    const c = classifyAll(ds, idx, set, parseIsoDay(T)!);
    return Object.fromEntries(['ann', 'bea', 'cal', 'dan'].map((n) => [n, levelName(c.level[p(n)])]));
  };

  it('the config names the overrides file', () => {
    expect(config.overridesFile).toBe(`${fixture.dir}/overrides.csv`);
  });

  it('reading the overrides leaves the loaded dataset as it was; the index may be built before or after', () => {
    expect(loaded.persons.get('cal')).toBeUndefined();
    expect(ds.persons.get('cal')).toBe(loaded.persons.size);
    expect(() => buildRuleSet(config, loaded)).toThrow(/not in the dataset/);
    const again = prepareClassification(config, loaded);
    expect(again.dataset.persons.values).toEqual(ds.persons.values);
    expect(buildPersonIndex(again.dataset)).toEqual(idx);
  });

  it('before each override date the rules apply; from it on the override pins the level', () => {
    expect(levels('2023-01-14')).toEqual({ ann: 'C', bea: 'C', cal: '', dan: 'C' });
    expect(levels('2023-01-31')).toEqual({ ann: 'C', bea: 'B', cal: '', dan: 'B' });
    expect(levels('2023-02-01')).toEqual({ ann: 'C', bea: 'D', cal: '', dan: 'B' });
    expect(levels('2023-02-10')).toEqual({ ann: 'C', bea: 'D', cal: 'C', dan: 'B' });
    expect(levels('2023-02-28')).toEqual({ ann: 'C', bea: 'D', cal: 'C', dan: 'B' });
    expect(levels('2023-03-14')).toEqual({ ann: 'C', bea: 'D', cal: 'C', dan: 'D' });
    expect(levels('2023-03-15')).toEqual({ ann: 'A', bea: 'D', cal: 'C', dan: 'D' });
    // ann's later offense (B by the rules) does not move the pinned level
    expect(levels('2023-12-31')).toEqual({ ann: 'A', bea: 'D', cal: 'C', dan: 'D' });
  });

  it('shows the override and its reason', () => {
    const before = explainPerson(ds, idx, set, p('ann'), parseIsoDay('2023-03-14')!);
    expect(before.ruleIndex).not.toBe(OVERRIDE_RULE);
    expect(before.reason).toBe('C: first known offense — offenses (=1) >= 1');
    const on = explainPerson(ds, idx, set, p('ann'), parseIsoDay('2023-03-15')!);
    expect(on.ruleIndex).toBe(OVERRIDE_RULE);
    expect(on.override).toEqual({
      level: 4,
      reason: 'credible threat reported by victim advocate',
      day: parseIsoDay('2023-03-15'),
      analyst: 'jdoe',
      line: 2,
    });
    expect(on.reason).toBe('manual override to A on 2023-03-15 by jdoe: credible threat reported by victim advocate');
    expect(explainPerson(ds, idx, set, p('cal'), parseIsoDay('2023-02-10')!).reason).toBe(
      'manual override to C on 2023-02-10 by an analyst: out-of-county protective order',
    );
  });

  it('the tier list carries the override: level, change and reason', () => {
    const list = buildTierList(ds, idx, set, parseIsoDay('2023-03-31')!);
    const row = (n: string) => listRows(list).find((r) => r.person === p(n))!;
    expect(row('ann')).toMatchObject({
      level: 4,
      previous: 2,
      change: 'escalated',
      enforcementReview: true,
      notificationDue: false,
    });
    expect(list.reasonOf(p('ann'))).toMatch(/^manual override to A on 2023-03-15 by jdoe: credible threat/);
    expect(row('dan')).toMatchObject({ level: 1, previous: 3, change: 'lowered', notificationDue: true });
    const feb = buildTierList(ds, idx, set, parseIsoDay('2023-02-28')!);
    expect(listRows(feb).find((r) => r.person === p('bea'))).toMatchObject({
      level: 1,
      previous: 3,
      change: 'lowered',
    });
  });

  it('personHistory shows the override as its own event', () => {
    const t = personHistory(ds, idx, set, p('ann'), String);
    expect(t.rows.map((r) => [r.date, r.event, r.detail])).toEqual([
      ['2023-01-10', 'incident', expect.any(String)],
      ['2023-01-10', 'level', 'none → C'],
      ['2023-03-15', 'override', 'C → A'],
      ['2023-04-01', 'incident', expect.any(String)],
    ]);
    expect(t.rows[2].rule).toBe(
      'manual override to A on 2023-03-15 by jdoe: credible threat reported by victim advocate',
    );
  });

  it('a bad override row is a config error naming its line', () => {
    const bad = writeFixture({
      incidents: [offense('ann', '2023-01-10')],
      overrides: [
        { person_id: 'ann', level: 'A', reason: 'ok', date: '2023-03-15' },
        { person_id: 'ann', level: 'E' as 'A', reason: 'typo', date: '2023-03-16' },
      ],
    });
    try {
      const cfg = loadConfig(bad.config);
      let err: ConfigError | undefined;
      try {
        buildRuleSet(cfg, ds);
      } catch (e) {
        err = e as ConfigError;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect(err?.message).toMatch(/level 'E' is not A, B, C or D/);
      expect(err?.line).toBe(3);
    } finally {
      bad.cleanup();
    }
  });

  it('an override for a person with no incident is a warning; it pins an unknown ID but never a spreadsheet-damaged form of an existing one', async () => {
    const f = writeFixture({
      incidents: [offense('007', '2023-01-10'), offense('A12', '2023-01-11')],
      overrides: [
        { person_id: '7', level: 'A', reason: '007 after a spreadsheet', date: '2023-02-01' },
        { person_id: "'007", level: 'A', reason: 'the neutralising apostrophe kept', date: '2023-02-01' },
        { person_id: 'a 12', level: 'B', reason: 'case and a space', date: '2023-02-01' },
        { person_id: 'zed', level: 'C', reason: 'out-of-county order', date: '2023-02-01' },
        { person_id: '007', level: 'D', reason: 'the real one', date: '2023-02-01' },
      ],
      configYaml: 'name: test agency\n',
    });
    try {
      const cfg = loadConfig(f.config);
      const { dataset } = await loadDataset({ incidents: f.incidents, notifications: f.notifications, config: cfg });
      const warnings: string[] = [];
      const { dataset: ds2, ruleSet: rs } = prepareClassification(cfg, dataset, (m) => warnings.push(m));
      expect(warnings).toHaveLength(4);
      expect(warnings[0]).toMatch(
        /overrides\.csv:2: override for person_id '7', who has no incident in the data; not applied: the closest existing ID is '007'/,
      );
      expect(warnings[1]).toMatch(/:3: override for person_id ''007'.*not applied.*'007'/);
      expect(warnings[2]).toMatch(/:4: .*'a 12'.*not applied.*'A12'/);
      expect(warnings[3]).toMatch(/:5: .*'zed'.*no similar ID.*applied/);
      // '7' was never created; zed was (applied, said); 007 carries only its own override
      expect(ds2.persons.get('7')).toBeUndefined();
      expect(ds2.persons.get("'007")).toBeUndefined();
      expect(rs.overrides.get(ds2.persons.get('zed')!)).toHaveLength(1);
      expect(rs.overrides.get(ds2.persons.get('007')!)!.map((o) => o.reason)).toEqual(['the real one']);
      expect(rs.overrides.size).toBe(2);
    } finally {
      f.cleanup();
    }
  });

  it('the fixture above warns once, for cal (no incident, no similar ID), and still pins cal', () => {
    const warnings: string[] = [];
    prepareClassification(config, loaded, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/'cal', who has no incident in the data \(no similar ID either\); applied/);
  });
});
