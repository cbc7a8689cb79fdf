/**
 * Pins for src/classify/classify.ts that the oracle tests do not reach:
 * rule compilation (names, default reasons, the error a bad rule gives),
 * rule order (first that holds wins), overrides dated exactly on the as-of
 * day, and the plain-words reasons of explainPerson. Hand-worked values.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyAll,
  compileRules,
  explainPerson,
  levelOf,
  NO_RULE,
  OVERRIDE_RULE,
  type RuleSet,
} from '../../src/classify/classify.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { parseIsoDay } from '../../src/dates.js';
import { ConfigError } from '../../src/errors.js';
import { buildDataset } from '../helpers/dataset.js';
import { inc, note, offense } from '../helpers/records.js';

describe('compileRules', () => {
  it('names unnamed rules by position and level, and gives a default reason', () => {
    const rules = compileRules(
      [
        { level: 'C', when: 'offenses >= 1' },
        { level: 'D', when: 'incidents >= 1', name: 'any', reason: 'an incident' },
      ],
      'test',
    );
    expect(rules.map((r) => [r.level, r.name, r.reason])).toEqual([
      [2, 'rule 1 (level C)', 'rule for level C'],
      [1, 'any', 'an incident'],
    ]);
  });

  it('a bad rule is a ConfigError naming the rule, the character and the file, with a hint', () => {
    let err: unknown;
    try {
      compileRules(
        [
          { level: 'D', when: 'true' },
          { level: 'B', when: 'offenses >= 2 and arests >= 1' },
        ],
        'config',
        'my.yaml',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).toMatch(
      /^rules\[1\] rule 2 \(level B\): .*arests.* at character 19 of `offenses >= 2 and arests >= 1`$/,
    );
    expect(e.file).toBe('my.yaml');
    expect(e.hint).toBe('see docs/rules-language.md for the language and docs/config.md for the features');
    // without a file, the source is named
    expect(() => compileRules([{ level: 'B', when: 'nope' }], 'rules/x.yaml')).toThrow(
      expect.objectContaining({ file: 'rules/x.yaml' }),
    );
  });
});

describe('classifyAll and explainPerson', () => {
  const ds = buildDataset(
    [offense('two', '2023-01-01'), offense('two', '2023-02-01'), inc('one', '2023-03-01'), inc('late', '2023-08-01')],
    [note('two', '2023-01-15', 'C')],
  );
  const idx = buildPersonIndex(ds);
  const T = parseIsoDay('2023-06-30')!;
  const p = (id: string) => ds.persons.get(id)!;
  const set = (over: RuleSet['overrides'] = new Map()): RuleSet => ({
    rules: compileRules(
      [
        { level: 'A', when: 'offenses >= 3', reason: 'three' },
        { level: 'B', when: 'offenses >= 2 and notified_C', reason: 'two after C' },
        { level: 'C', when: 'offenses >= 1', reason: 'one' },
      ],
      'test',
    ),
    source: 'test',
    overrides: over,
    features: {},
  });

  it('the first rule that holds wins; no rule → no level; no incident in view → no level', () => {
    const c = classifyAll(ds, idx, set(), T);
    expect([c.level[p('two')], c.rule[p('two')]]).toEqual([3, 1]);
    expect([c.level[p('one')], c.rule[p('one')]]).toEqual([0, NO_RULE]);
    expect([c.level[p('late')], c.rule[p('late')]]).toEqual([0, NO_RULE]);
    expect(c.asOf).toBe(T);
  });

  it('explains with the rule, its reason and the values used', () => {
    const r = explainPerson(ds, idx, set(), p('two'), T);
    expect(r).toMatchObject({ level: 3, ruleIndex: 1, used: { offenses: 2, notified_C: 1 } });
    expect(r.reason).toBe('B: two after C — offenses (=2) >= 2 and notified_C (=1)');
    expect(r.incidents).toHaveLength(2);
    expect(explainPerson(ds, idx, set(), p('one'), T)).toMatchObject({
      level: 0,
      ruleIndex: NO_RULE,
      reason: 'no rule holds',
      used: {},
    });
    expect(explainPerson(ds, idx, set(), p('late'), T)).toMatchObject({
      level: 0,
      reason: 'no incident as of this date',
      incidents: [],
    });
  });

  it('an override applies from its date on (the as-of day itself included); the latest one in effect wins', () => {
    const day = (s: string) => parseIsoDay(s)!;
    const over = new Map([
      [
        p('one'),
        [
          { level: 4 as const, reason: 'protective order', day: day('2023-05-01'), analyst: '', line: 2 },
          { level: 2 as const, reason: 'order lifted', day: T, analyst: 'jdoe', line: 3 },
        ],
      ],
    ]);
    const s = set(over);
    const at = (d: number) => classifyAll(ds, idx, s, d);
    expect(at(day('2023-04-30')).level[p('one')]).toBe(0);
    expect([at(day('2023-05-01')).level[p('one')], at(day('2023-05-01')).rule[p('one')]]).toEqual([4, OVERRIDE_RULE]);
    expect(at(T - 1).level[p('one')]).toBe(4);
    expect(at(T).level[p('one')]).toBe(2);
    expect(explainPerson(ds, idx, s, p('one'), T - 1).reason).toBe(
      'manual override to A on 2023-05-01 by an analyst: protective order',
    );
    const r = explainPerson(ds, idx, s, p('one'), T);
    expect(r).toMatchObject({ level: 2, ruleIndex: OVERRIDE_RULE, used: {} });
    expect(r.reason).toBe('manual override to C on 2023-06-30 by jdoe: order lifted');
    expect(r.override?.analyst).toBe('jdoe');
  });
});

describe('persons with no incident, levelOf, a withheld override', () => {
  // 'gap' has incidents only after T; 'noted' is known only from a notification (no incident at all)
  const ds = buildDataset(
    [offense('first', '2023-01-01'), inc('gap', '2023-09-01'), offense('last', '2023-02-01')],
    [note('noted', '2023-01-10', 'D'), note('first', '2023-01-20', 'D')],
  );
  const idx = buildPersonIndex(ds);
  const T = parseIsoDay('2023-06-30')!;
  const p = (id: string) => ds.persons.get(id)!;
  // a rule that holds with no incident at all: notified persons
  const set = (over: RuleSet['overrides'] = new Map()): RuleSet => ({
    rules: compileRules(
      [
        { level: 'C', when: 'notified', reason: 'notified' },
        { level: 'D', when: 'incidents >= 1' },
      ],
      'test',
    ),
    source: 'test',
    overrides: over,
    features: {},
  });

  it('a rule that would hold gives no level to a person with no incident: the rules are for people with incidents', () => {
    const c = classifyAll(ds, idx, set(), T);
    expect([c.level[p('noted')], c.rule[p('noted')]]).toEqual([0, NO_RULE]);
    expect([c.level[p('first')], c.rule[p('first')]]).toEqual([2, 0]);
    expect([c.level[p('last')], c.rule[p('last')]]).toEqual([1, 1]);
    // incidents after T: none in view, no level
    expect(c.level[p('gap')]).toBe(0);
  });

  it('levelOf is the level explainPerson gives, an override included', () => {
    const over = new Map([
      [p('last'), [{ level: 4 as const, reason: 'order', day: parseIsoDay('2023-03-01')!, analyst: 'x', line: 2 }]],
    ]);
    for (const s of [set(), set(over)])
      for (const id of ['first', 'last', 'gap'])
        for (const d of ['2023-01-15', '2023-02-15', '2023-03-15', '2023-12-31'].map((x) => parseIsoDay(x)!))
          expect(levelOf(ds, idx, s, p(id), d), `${id} ${d}`).toBe(explainPerson(ds, idx, s, p(id), d).level);
    expect(levelOf(ds, idx, set(over), p('last'), T)).toBe(4);
    expect(levelOf(ds, idx, set(), p('last'), T)).toBe(1);
    expect(levelOf(ds, idx, set(), p('first'), T)).toBe(2);
    // no rule holds: 0 (before the first incident, 'first' has neither an incident nor a notification)
    expect(levelOf(ds, idx, set(), p('first'), parseIsoDay('2022-12-31')!)).toBe(0);
  });

  it('an override whose reason is withheld (--pseudonymize) says so instead of the reason and the analyst', () => {
    const over = new Map([
      [
        p('first'),
        [{ level: 3 as const, reason: '', day: parseIsoDay('2023-02-01')!, analyst: '', line: 2, withheld: true }],
      ],
    ]);
    expect(explainPerson(ds, idx, set(over), p('first'), T).reason).toBe(
      'manual override to B on 2023-02-01 (reason withheld under --pseudonymize)',
    );
  });
});
