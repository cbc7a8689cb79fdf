/**
 * Pins for the rest of src/classify: ruleset.ts (compile, resolve, the override
 * screening, the withheld text, the rule description), person-index.ts (the
 * per-person order of incidents and notifications), flags.ts (the flag deriver
 * over every input), and classification-table.ts (the `classify` table's
 * columns, cells, order and notes). Hand-worked values; the core called inside
 * `it` / `beforeEach` (docs/testing.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carriedValues } from '../../src/classify/carried.js';
import { classificationTable } from '../../src/classify/classification-table.js';
import type { RuleSet } from '../../src/classify/classify.js';
import { compileFlagDeriver, INCIDENT_FLAG_CATALOG } from '../../src/classify/flags.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import {
  buildRuleSet,
  compileRuleSet,
  describeRules,
  prepareClassification,
  resolveRuleSet,
  screenOverrides,
  withOverridePersons,
  withOverrideTextWithheld,
} from '../../src/classify/ruleset.js';
import { DEFAULT_FLAGS, loadConfig, type Config } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { ConfigError } from '../../src/errors.js';
import { BOOLEAN_FIELDS } from '../../src/fields.js';
import { FLAG, StringPool, type Dataset } from '../../src/model.js';
import { buildDataset } from '../helpers/dataset.js';
import { overrideAt as ov, ruleSetSpec } from '../helpers/pin-world.js';
import { inc, note, offense } from '../helpers/records.js';

const day = (s: string) => parseIsoDay(s)!;
const T = day('2023-06-30');
const DEFAULTS = loadConfig();
describe('ruleset.ts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipvi-ruleset-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compileRuleSet: the rules compiled, the source, the look-back and the overrides read by id', () => {
    const file = join(dir, 'ov.csv');
    writeFileSync(
      file,
      'person_id,level,reason,date,analyst\n007,A,order,2023-05-01,jdoe\nbob,C,lifted,2023-02-01,\n007,B,later,2023-06-01,ann\n',
    );
    const s = compileRuleSet({ ...DEFAULTS, lookbackMonths: 12, overridesFile: file });
    expect(s.rules.map((r) => [r.level, r.name, r.reason])).toEqual([
      [4, 'rule 1 (level A)', 'offending again after a B notification, or serious repeat offending'],
      [3, 'rule 2 (level B)', 'demonstrated repeat offending'],
      [2, 'rule 3 (level C)', 'first known offense'],
      [1, 'rule 4 (level D)', 'indication of IPV'],
    ]);
    expect(s.source).toBe(DEFAULTS.rulesSource);
    expect(s.features).toEqual({ lookbackMonths: 12 });
    expect([...s.overrides.keys()]).toEqual(['007', 'bob']);
    expect(s.overrides.get('007')).toEqual([
      ov(4, '2023-05-01', 'order', 'jdoe', 2),
      ov(3, '2023-06-01', 'later', 'ann', 4),
    ]);
    // no overrides file: an empty map, no look-back
    const none = compileRuleSet(DEFAULTS);
    expect(none.overrides.size).toBe(0);
    expect(none.features).toEqual({ lookbackMonths: DEFAULTS.lookbackMonths });
  });

  it("compileRuleSet: a bad rule names the config file when the rules are the config's, else the rules source", () => {
    const bad = [{ level: 'B' as const, when: 'offenses >= ' }];
    const inConfig = { ...DEFAULTS, rules: bad, rulesSource: 'config', file: 'my.yaml' };
    expect(() => compileRuleSet(inConfig)).toThrow(ConfigError);
    expect(() => compileRuleSet(inConfig)).toThrow(expect.objectContaining({ file: 'my.yaml' }));
    const fromFile = { ...DEFAULTS, rules: bad, rulesSource: 'rules/x.yaml', file: 'my.yaml' };
    expect(() => compileRuleSet(fromFile)).toThrow(expect.objectContaining({ file: 'rules/x.yaml' }));
  });

  it('withOverridePersons: the same dataset when every person is in it; else a copy with the new ones appended once, in order', () => {
    const ds = buildDataset([inc('a', '2023-01-01'), inc('b', '2023-01-02')]);
    expect(withOverridePersons(ds, ruleSetSpec([['b', []]]))).toBe(ds);
    expect(withOverridePersons(ds)).toBe(ds);
    const s1 = ruleSetSpec([
      ['x', []],
      ['a', []],
      ['y', []],
    ]);
    const s2 = ruleSetSpec([
      ['y', []],
      ['z', []],
    ]);
    const out = withOverridePersons(ds, s1, s2);
    expect(out).not.toBe(ds);
    expect(out.persons.values).toEqual(['a', 'b', 'x', 'y', 'z']);
    expect(out.persons.get('z')).toBe(4);
    expect(ds.persons.values).toEqual(['a', 'b']);
    expect(out.incidents).toBe(ds.incidents);
  });

  it('resolveRuleSet: overrides by person index; a person not in the dataset is an error', () => {
    const ds = buildDataset([inc('a', '2023-01-01'), inc('b', '2023-01-02')]);
    const list = [ov(4, '2023-01-05', 'x')];
    const s = resolveRuleSet(ruleSetSpec([['b', list]]), ds);
    expect([...s.overrides.entries()]).toEqual([[1, list]]);
    expect(s.source).toBe('test');
    expect(() => resolveRuleSet(ruleSetSpec([['nobody', list]]), ds)).toThrow(
      'an override names a person who is not in the dataset: classify withOverridePersons(dataset, spec)',
    );
  });

  it('withOverrideTextWithheld: reason and analyst dropped, marked withheld; the rest kept, the set not changed', () => {
    const ds = buildDataset([inc('a', '2023-01-01')]);
    const set = resolveRuleSet(ruleSetSpec([['a', [ov(4, '2023-01-05', 'names someone', 'jdoe', 7)]]]), ds);
    const w = withOverrideTextWithheld(set);
    expect(w.overrides.get(0)).toEqual([
      { level: 4, reason: '', day: day('2023-01-05'), analyst: '', line: 7, withheld: true },
    ]);
    expect(set.overrides.get(0)![0]).toEqual(ov(4, '2023-01-05', 'names someone', 'jdoe', 7));
    expect(w.rules).toBe(set.rules);
  });

  it('screenOverrides: an existing person passes silently; a damaged form is dropped; an unknown id is applied; each warned once at its first line', () => {
    const ds = buildDataset([inc('007', '2023-01-01'), inc('bob', '2023-01-02')], [note('noted', '2023-01-03', 'D')]);
    const s = ruleSetSpec([
      ['bob', [ov(3, '2023-02-01', 'r', 'x', 2)]],
      ['7', [ov(4, '2023-02-01', 'r', 'x', 5), ov(3, '2023-03-01', 'r', 'x', 3)]],
      ['cal', [ov(2, '2023-02-01', 'r', 'x', 4)]],
      ['noted', [ov(2, '2023-02-01', 'r', 'x', 6)]],
    ]);
    const warnings: string[] = [];
    const out = screenOverrides(s, ds, 'ov.csv', (m) => warnings.push(m));
    expect([...out.overrides.keys()]).toEqual(['bob', 'cal', 'noted']);
    expect(out.rules).toBe(s.rules);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(
      /^ov\.csv:3: override for person_id '7', who has no incident in the data; not applied: the closest existing ID is '007'/,
    );
    expect(warnings[1]).toMatch(
      /^ov\.csv:4: override for person_id 'cal', who has no incident in the data \(no similar ID either\); applied/,
    );
    // a person known only from a notification has no incident: warned, applied
    expect(warnings[2]).toMatch(/^ov\.csv:6: override for person_id 'noted', who has no incident/);
    // no overrides, or no file: the spec as it is
    const empty = ruleSetSpec();
    expect(screenOverrides(empty, ds, 'ov.csv')).toBe(empty);
    expect(screenOverrides(s, ds, undefined)).toBe(s);
    // the default warn: silent
    expect(screenOverrides(s, ds, 'ov.csv').overrides.size).toBe(3);
  });

  it('prepareClassification: the screened overrides, the persons they add, the rule set over them', () => {
    const file = join(dir, 'ov.csv');
    writeFileSync(file, 'person_id,level,reason,date,analyst\n7,A,damaged,2023-05-01,\nnew,B,pin,2023-04-01,ann\n');
    const ds = buildDataset([offense('007', '2023-01-01')]);
    const warnings: string[] = [];
    const { dataset, ruleSet } = prepareClassification({ ...DEFAULTS, overridesFile: file }, ds, (m) =>
      warnings.push(m),
    );
    expect(dataset.persons.values).toEqual(['007', 'new']);
    expect([...ruleSet.overrides.entries()]).toEqual([[1, [ov(3, '2023-04-01', 'pin', 'ann', 3)]]]);
    expect(warnings).toHaveLength(2);
    // buildRuleSet does not add persons: the same overrides are an error there
    expect(() => buildRuleSet({ ...DEFAULTS, overridesFile: file }, ds)).toThrow(/not in the dataset/);
    expect(buildRuleSet(DEFAULTS, ds).overrides.size).toBe(0);
  });

  it('describeRules: the source and hash, each rule, the flags, the look-back and the overrides when set', () => {
    const base: Config = {
      ...DEFAULTS,
      rulesSource: 'rules/x.yaml',
      hash: 'abc123',
      rules: [
        { level: 'B', when: 'offenses >= 2' },
        { level: 'D', when: 'incidents >= 1' },
      ],
      flags: { offense: 'arrest', serious: 'weapon' },
      lookbackMonths: 12,
      overridesFile: join(dir, 'ov.csv'),
      overrides: { path: 'conf/ov.csv', sha256: '0123456789abcdef0123456789' },
    };
    expect(describeRules(base)).toEqual([
      'rules: rules/x.yaml (config hash abc123)',
      '  B when offenses >= 2',
      '  D when incidents >= 1',
      'offense incident: arrest; serious incident: weapon',
      'look-back: incidents within 12 months of the as-of date',
      'manual overrides: conf/ov.csv (sha256 0123456789abcdef)',
    ]);
    expect(
      describeRules({ ...base, hash: '', lookbackMonths: null, overridesFile: undefined, overrides: undefined }),
    ).toEqual([
      'rules: rules/x.yaml',
      '  B when offenses >= 2',
      '  D when incidents >= 1',
      'offense incident: arrest; serious incident: weapon',
    ]);
    // an overrides file without its recorded form: the path as shown, no hash
    expect(describeRules({ ...base, overridesFile: 'rel/ov.csv', overrides: undefined }).at(-1)).toBe(
      'manual overrides: rel/ov.csv',
    );
  });
});

describe('buildPersonIndex', () => {
  it("each person's incidents in (day, line) order and notifications in (day, level high first, line) order", () => {
    const ds = buildDataset(
      [
        inc('p', '2023-03-01', { incident_id: 'i0' }),
        inc('q', '2023-01-01', { incident_id: 'i1' }),
        inc('p', '2023-01-01', { incident_id: 'i2' }),
        inc('p', '2023-03-01', { incident_id: 'i3' }), // same day as i0, a later line
        inc('p', '2023-02-01', { incident_id: 'i4' }),
      ],
      [
        note('p', '2023-02-01', 'D'), // n0
        note('p', '2023-02-01', 'B'), // n1: same day, higher: first
        note('q', '2023-01-05', 'C'), // n2
        note('p', '2023-01-01', 'C'), // n3
        note('p', '2023-02-01', 'B'), // n4: same day and level as n1, a later line
        note('r', '2023-01-01', 'A'), // n5: a person with no incident
      ],
    );
    const idx = buildPersonIndex(ds);
    expect(idx.persons).toBe(3);
    expect(Array.from(idx.incStart)).toEqual([0, 4, 5, 5]);
    expect(Array.from(idx.incOrder)).toEqual([2, 4, 0, 3, 1]);
    expect(Array.from(idx.notStart)).toEqual([0, 4, 5, 6]);
    expect(Array.from(idx.notOrder)).toEqual([3, 1, 4, 0, 2, 5]);
  });

  it('a run longer than 32 (sorted by the array sort) in the same order', () => {
    // 40 incidents of p given newest first, two per day: days 1..20, each day's lines in input order
    const recs = [];
    for (let k = 0; k < 40; k++) recs.push(inc('p', `2023-01-${String(20 - Math.floor(k / 2)).padStart(2, '0')}`));
    recs.push(inc('q', '2023-01-01'));
    const ds = buildDataset(recs);
    const idx = buildPersonIndex(ds);
    expect(Array.from(idx.incStart)).toEqual([0, 40, 41]);
    // day 1 is rows 38, 39; day 2 rows 36, 37; …
    const want: number[] = [];
    for (let d = 19; d >= 0; d--) want.push(2 * d, 2 * d + 1);
    expect(Array.from(idx.incOrder.subarray(0, 40))).toEqual(want);
    expect(idx.incOrder[40]).toBe(40);
  });

  it('ties on the day (and level) go by line, not by the order the rows are stored in', () => {
    const ds = buildDataset(
      [inc('p', '2023-01-01'), inc('p', '2023-01-01'), inc('p', '2023-01-01')],
      [note('p', '2023-01-01', 'C'), note('p', '2023-01-01', 'C')],
    );
    // rows stored out of line order (a merge of files, a cache): lines 9, 3, 5 and 8, 4
    ds.incidents.line.set([9, 3, 5]);
    ds.notifications.line.set([8, 4]);
    const idx = buildPersonIndex(ds);
    expect(Array.from(idx.incOrder)).toEqual([1, 2, 0]);
    expect(Array.from(idx.notOrder)).toEqual([1, 0]);
  });

  it('an empty dataset', () => {
    const idx = buildPersonIndex(buildDataset([]));
    expect([idx.persons, Array.from(idx.incStart), Array.from(idx.notStart), idx.incOrder.length]).toEqual([
      0,
      [0],
      [0],
      0,
    ]);
  });
});

describe('compileFlagDeriver', () => {
  const FEATURES = [...BOOLEAN_FIELDS, 'has_offense', 'has_victim'];

  it('the catalog: the boolean fields, then has_offense and has_victim', () => {
    expect(INCIDENT_FLAG_CATALOG.features.map((f) => f.name)).toEqual(FEATURES);
    expect(INCIDENT_FLAG_CATALOG.features.at(-2)!.description).toBe('the offense/charge code is not empty (1/0)');
    expect(INCIDENT_FLAG_CATALOG.features.at(-1)!.description).toBe('a victim id is recorded (1/0)');
    expect(INCIDENT_FLAG_CATALOG.features[0].description).toMatch(/ \(1\/0\)$/);
  });

  it('each feature reads its own input, for every combination of inputs', () => {
    // offense: the feature itself; serious: the feature is 0 (so the default fast path is never taken)
    for (const [k, f] of FEATURES.entries()) {
      const derive = compileFlagDeriver({ offense: f, serious: `${f} == 0` });
      for (let bits = 0; bits < 1 << BOOLEAN_FIELDS.length; bits++)
        for (const hasOffense of [false, true])
          for (const hasVictim of [false, true]) {
            const input = [...BOOLEAN_FIELDS.map((b) => (bits & FLAG[b]) !== 0), hasOffense, hasVictim];
            const want = input[k] ? FLAG.offense : FLAG.serious;
            expect(derive(bits, hasOffense, hasVictim), `${f} bits=${bits} ${hasOffense} ${hasVictim}`).toBe(want);
          }
    }
  });

  it('the default expressions (any spacing) give the same bits as the compiled ones', () => {
    const fast = compileFlagDeriver({ offense: ' arrest  or has_offense', serious: DEFAULT_FLAGS.serious });
    const slow = compileFlagDeriver({
      offense: '(arrest or has_offense)',
      serious: '(weapon or strangulation or felony)',
    });
    for (let bits = 0; bits < 1 << BOOLEAN_FIELDS.length; bits++)
      for (const hasOffense of [false, true]) expect(fast(bits, hasOffense, false)).toBe(slow(bits, hasOffense, false));
    expect(slow(FLAG.arrest | FLAG.felony, false, false)).toBe(FLAG.offense | FLAG.serious);
    expect(slow(FLAG.injury, false, true)).toBe(0);
    expect(slow(0, true, false)).toBe(FLAG.offense);
  });

  it('a bad expression is a ConfigError naming the key, the character, the file, and the features', () => {
    let err: unknown;
    try {
      compileFlagDeriver({ offense: 'arrest', serious: 'weapn or felony' }, 'my.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).toMatch(/^flags\.serious: .*weapn.* \(at character 1 of 'weapn or felony'\)$/);
    expect(e.file).toBe('my.yaml');
    expect(e.hint).toBe('write it over: arrest, injury, weapon, strangulation, felony, has_offense, has_victim');
    expect(() => compileFlagDeriver({ offense: 'arrest +', serious: 'weapon' })).toThrow(/^flags\.offense: /);
  });
});

describe('classificationTable', () => {
  /*
   * Default rules, T = 2023-06-30 (see tier-list-pins.test.ts for the rules).
   *   esc     offense 01-10, 02-10; B note 03-01; offense 06-30 → A (rule 1); level set 06-30
   *   pinned  override to A on 06-01, no incident → A (override); level set 06-01 → 29 days
   *   cc      offense 06-15 → C; 15 days
   *   dd      incident 04-01, D note 04-02 → D; 90 days; last notified D 04-02
   *   later   incident 07-01: no level as of T, not listed
   * Feature columns: incidents, then every feature the rules name, once, in rule order:
   *   notified_B, offenses_after_B, serious, offenses (A), notified_C, offenses_after_C (B).
   * Order: level (A first), then the label as text.
   */
  let ds: Dataset;
  let set: RuleSet;
  beforeEach(() => {
    const s = ruleSetSpec([['pinned', [ov(4, '2023-06-01', 'protective order')]]]);
    ds = withOverridePersons(
      buildDataset(
        [
          offense('esc', '2023-01-10'),
          offense('esc', '2023-02-10'),
          offense('esc', '2023-06-30'),
          offense('cc', '2023-06-15'),
          inc('dd', '2023-04-01'),
          inc('later', '2023-07-01'),
        ],
        [note('esc', '2023-03-01', 'B'), note('dd', '2023-04-02', 'D')],
      ),
      s,
    );
    set = resolveRuleSet(s, ds);
  });

  it('columns, cells, order, notes', () => {
    const t = classificationTable(ds, buildPersonIndex(ds), set, T, (p) => ds.persons.values[p]);
    expect(t.title).toBe('IPVI levels as of 2023-06-30');
    expect(t.columns).toEqual([
      { key: 'person_id' },
      { key: 'level' },
      { key: 'rule' },
      { key: 'reason' },
      ...['incidents', 'notified_B', 'offenses_after_B', 'serious', 'offenses', 'notified_C', 'offenses_after_C'].map(
        (key) => ({ key, kind: 'number' }),
      ),
      { key: 'first_incident_date', kind: 'date' },
      { key: 'last_incident_date', kind: 'date' },
      { key: 'days_since_last_incident', kind: 'int' },
      { key: 'days_since_level_set', kind: 'int' },
      { key: 'last_notified_level' },
      { key: 'last_notified_date', kind: 'date' },
    ]);
    const feat = (
      incidents: number,
      nB: number,
      oB: number,
      serious: number,
      offenses: number,
      nC: number,
      oC: number,
    ) => ({
      incidents,
      notified_B: nB,
      offenses_after_B: oB,
      serious,
      offenses,
      notified_C: nC,
      offenses_after_C: oC,
    });
    expect(t.rows).toEqual([
      {
        person_id: 'esc',
        level: 'A',
        rule: 'rule 1 (level A)',
        reason:
          'A: offending again after a B notification, or serious repeat offending — (notified_B (=1) and offenses_after_B (=1) >= 1) or (serious (=0) >= 1 and offenses (=3) >= 2)',
        ...feat(3, 1, 1, 0, 3, 0, 0),
        first_incident_date: '2023-01-10',
        last_incident_date: '2023-06-30',
        days_since_last_incident: 0,
        days_since_level_set: 0,
        last_notified_level: 'B',
        last_notified_date: '2023-03-01',
      },
      {
        person_id: 'pinned',
        level: 'A',
        rule: 'override',
        reason: 'manual override to A on 2023-06-01 by jdoe: protective order',
        ...feat(0, 0, 0, 0, 0, 0, 0),
        first_incident_date: '',
        last_incident_date: '',
        days_since_last_incident: null,
        days_since_level_set: 29,
        last_notified_level: '',
        last_notified_date: '',
      },
      {
        person_id: 'cc',
        level: 'C',
        rule: 'rule 3 (level C)',
        reason: 'C: first known offense — offenses (=1) >= 1',
        ...feat(1, 0, 0, 0, 1, 0, 0),
        first_incident_date: '2023-06-15',
        last_incident_date: '2023-06-15',
        days_since_last_incident: 15,
        days_since_level_set: 15,
        last_notified_level: '',
        last_notified_date: '',
      },
      {
        person_id: 'dd',
        level: 'D',
        rule: 'rule 4 (level D)',
        reason: 'D: indication of IPV — incidents (=1) >= 1',
        ...feat(1, 0, 0, 0, 0, 0, 0),
        first_incident_date: '2023-04-01',
        last_incident_date: '2023-04-01',
        days_since_last_incident: 90,
        days_since_level_set: 90,
        last_notified_level: 'D',
        last_notified_date: '2023-04-02',
      },
    ]);
    expect(t.notes).toEqual([
      'as of 2023-06-30: only incidents and notifications dated on or before it are seen (docs/methods.md#classification)',
      'feature columns: the values every rule refers to, as of the date (docs/config.md defines each)',
      'days_since_last_incident: days from the last incident to 2023-06-30; days_since_level_set: days since the event on which the person reached the level (docs/methods.md#tier-list)',
      'levels: A 2, B 0, C 1, D 1; 4 persons',
    ]);
    expect(t.meta).toEqual({ as_of: '2023-06-30', counts: { A: 2, B: 0, C: 1, D: 1 } });
    expect(t.subjects).toEqual({ asOf: T, person: ['esc', 'pinned', 'cc', 'dd'].map((id) => ds.persons.get(id)!) });
  });

  it('ordered by the labels shown (pseudonyms sort as pseudonyms), within each level', () => {
    const label = (p: number) => ({ esc: 'Z1', pinned: 'A9', cc: 'M', dd: 'B' })[ds.persons.values[p]] ?? '?';
    const t = classificationTable(ds, buildPersonIndex(ds), set, T, label);
    expect(t.rows.map((r) => [r.person_id, r.level])).toEqual([
      ['A9', 'A'],
      ['Z1', 'A'],
      ['M', 'C'],
      ['B', 'D'],
    ]);
    expect(t.subjects!.person).toEqual(['pinned', 'esc', 'cc', 'dd'].map((id) => ds.persons.get(id)!));
  });

  it('a rule set that names days_since_last_incident: no second column of it', () => {
    const s = ruleSetSpec([], {
      rules: [
        { level: 'B', when: 'days_since_last_incident <= 30', name: 'recent' },
        { level: 'D', when: 'incidents >= 1' },
      ],
    });
    const d2 = buildDataset([inc('x', '2023-06-10'), inc('y', '2023-05-01')]);
    const t = classificationTable(d2, buildPersonIndex(d2), resolveRuleSet(s, d2), T, (p) => d2.persons.values[p]);
    expect(t.columns.map((c) => c.key)).toEqual([
      'person_id',
      'level',
      'rule',
      'reason',
      'incidents',
      'days_since_last_incident',
      'first_incident_date',
      'last_incident_date',
      'days_since_level_set',
      'last_notified_level',
      'last_notified_date',
    ]);
    // x: 20 days → B (level set 06-10); y: 60 days → D, but on its only event day it was B → no level-set day
    expect(
      t.rows.map((r) => [r.person_id, r.level, r.rule, r.days_since_last_incident, r.days_since_level_set]),
    ).toEqual([
      ['x', 'B', 'recent', 20, 20],
      ['y', 'D', 'rule 2 (level D)', 60, null],
    ]);
  });

  it('more persons than the first allocation (1024): every row still right', () => {
    const recs = [];
    for (let k = 0; k < 1100; k++) {
      const id = `p${String(k).padStart(4, '0')}`;
      // every third person has an offense (C), the rest an incident (D); days 2020-01-01 + k
      const d = new Date(Date.UTC(2020, 0, 1 + k)).toISOString().slice(0, 10);
      recs.push(k % 3 === 0 ? offense(id, d) : inc(id, d));
    }
    const big = buildDataset(recs);
    const s = resolveRuleSet(ruleSetSpec(), big);
    const t = classificationTable(big, buildPersonIndex(big), s, T, (p) => big.persons.values[p]);
    expect(t.rows).toHaveLength(1100);
    // C: k = 0, 3, …, 1098 (367 persons) first, by id; then D
    expect(t.meta).toEqual({ as_of: '2023-06-30', counts: { A: 0, B: 0, C: 367, D: 733 } });
    const last = t.rows[1099];
    // the last D by id is p1099 (k = 1099, 1099 % 3 = 1): 2020-01-01 + 1099 days = 2023-01-04
    expect([last.person_id, last.level, last.offenses, last.first_incident_date, last.days_since_level_set]).toEqual([
      'p1099',
      'D',
      0,
      '2023-01-04',
      177,
    ]);
    const c = t.rows[366];
    expect([c.person_id, c.level, c.incidents, c.first_incident_date]).toEqual(['p1098', 'C', 1, '2023-01-03']);
    // a person past the first 1024: p1051 (1051 % 3 = 1: D), 2020-01-01 + 1051 = 2022-11-17, 225 days before T
    expect(t.rows.find((r) => r.person_id === 'p1051')).toMatchObject({
      level: 'D',
      rule: 'rule 4 (level D)',
      incidents: 1,
      last_incident_date: '2022-11-17',
      days_since_last_incident: 225,
    });
  });
});

describe('carriedValues on a victim row and a person row', () => {
  it("a victim row: that pair's latest value; a row without a victim: the person's latest, whatever the victim", () => {
    // p: 01-01 no victim, name 'Old'; 02-01 victim V1, 'New'; 03-01 victim V2, 'Newest'; 07-01 V1, 'Late' (after asOf)
    const ds = buildDataset([
      inc('p', '2023-01-01'),
      inc('p', '2023-02-01', { victim_id: 'V1' }),
      inc('p', '2023-03-01', { victim_id: 'V2' }),
      inc('p', '2023-07-01', { victim_id: 'V1' }),
    ]);
    ds.carried = {
      incidents: { names: ['name'], cells: Uint32Array.from([1, 2, 3, 4]) },
      notifications: { names: [], cells: new Uint32Array(0) },
      pool: StringPool.from(['', 'Old', 'New', 'Newest', 'Late']),
    };
    const idx = buildPersonIndex(ds);
    const v = (id: string) => ds.victims.get(id)!;
    const values = carriedValues(ds, idx, { asOf: T, person: [0, 0, 0], victim: [v('V1'), v('V2'), -1] });
    expect(values).toEqual([['New'], ['Newest'], ['Newest']]);
  });
});
