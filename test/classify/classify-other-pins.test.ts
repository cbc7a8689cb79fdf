/**
 * Pins for the session-8 Stryker survivors of classify.ts, features.ts,
 * carried.ts, classification-table.ts, flags.ts and three of tier-list.ts
 * (docs/testing.md, "Survivors judged equivalent", session 9): each test
 * names the mutant it kills. Hand-worked values; the core called inside `it`
 * (docs/testing.md). Small worlds: the file runs in well under a second.
 */
import { describe, expect, it, vi } from 'vitest';
import { carriedValues, withCarried } from '../../src/classify/carried.js';
import { classificationTable } from '../../src/classify/classification-table.js';
import {
  classifyAll,
  compileRules,
  levelsChangeOnlyOnEvents,
  reasonOfLevel,
  ReasonTexts,
  type RuleSet,
} from '../../src/classify/classify.js';
import { FeatureComputer, FEATURE_INDEX } from '../../src/classify/features.js';
import { compileFlagDeriver } from '../../src/classify/flags.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildTierList, levelSetDay, tierOrder } from '../../src/classify/tier-list.js';
import type { RuleSpec } from '../../src/config/schema.js';
import { parseIsoDay } from '../../src/dates.js';
import { ConfigError } from '../../src/errors.js';
import { StringPool, type Dataset, type Table } from '../../src/model.js';
import { buildDataset } from '../helpers/dataset.js';
import { overrideAt, pinWorld, ruleSetSpec } from '../helpers/pin-world.js';
import type { IncidentRec } from '../helpers/records.js';

const day = (s: string) => parseIsoDay(s)!;

/** The rule set of `rules` (no overrides) with an optional look-back, compiled as the config does. */
function ruleSet(rules?: RuleSpec[], lookbackMonths?: number): RuleSet {
  return { ...ruleSetSpec([], { rules, lookbackMonths }), overrides: new Map() };
}

/**
 * `ds` with the persons named in `first` moved to the front of the person pool (the columns
 * renumbered): a person with no incident then comes before persons with incidents.
 */
function personsFirst(ds: Dataset, first: string[]): Dataset {
  const values = [...first, ...ds.persons.values.filter((id) => !first.includes(id))];
  const pool = StringPool.from(values);
  const to = ds.persons.values.map((id) => pool.get(id)!);
  return {
    ...ds,
    persons: pool,
    incidents: { ...ds.incidents, person: ds.incidents.person.map((p) => to[p]) },
    notifications: { ...ds.notifications, person: ds.notifications.person.map((p) => to[p]) },
  };
}

describe('classify.ts', () => {
  it('compileRules: an error that is not the rule language’s propagates as it is (L47 `instanceof` → true)', () => {
    // a non-string `when` is a programming error (the config schema refuses it first): compileExpression's TypeError
    const bad = [{ level: 'A', when: 5 }] as unknown as RuleSpec[];
    expect(() => compileRules(bad, 'test')).toThrow(TypeError);
    expect(() => compileRules(bad, 'test')).not.toThrow(ConfigError);
    // a bad expression is a ConfigError naming the rule and the character
    expect(() => compileRules([{ level: 'A', when: 'incidents >=' }], 'test')).toThrow(ConfigError);
  });

  it('levelsChangeOnlyOnEvents: true only without a look-back, a catalog function or a day feature (L108–L111, features L84–L88)', () => {
    expect(levelsChangeOnlyOnEvents(ruleSet())).toBe(true);
    expect(levelsChangeOnlyOnEvents(ruleSet(undefined, 12))).toBe(false);
    expect(levelsChangeOnlyOnEvents(ruleSet([{ level: 'D', when: 'incidents_within_months(6) >= 1' }]))).toBe(false);
    for (const f of ['days_since_last_incident', 'days_since_first_incident', 'days_since_last_notification'])
      expect(levelsChangeOnlyOnEvents(ruleSet([{ level: 'D', when: `${f} <= 30` }])), f).toBe(false);
    // one day feature beside a plain one is enough (`every` → `some`)
    expect(
      levelsChangeOnlyOnEvents(ruleSet([{ level: 'D', when: 'incidents >= 1 and days_since_first_incident <= 30' }])),
    ).toBe(false);
    // the first rule plain, the second not: every rule is looked at
    expect(
      levelsChangeOnlyOnEvents(
        ruleSet([
          { level: 'C', when: 'offenses >= 1' },
          { level: 'D', when: 'days_since_last_incident <= 30' },
        ]),
      ),
    ).toBe(false);
  });

  /** N0 (notified, no incident) is person 0, before P1 (one incident) at person 1. */
  function noIncidentFirst() {
    const w = pinWorld(
      [{ incident_id: 'I1', incident_date: '2023-03-01', suspect_id: 'P1' }],
      [{ person_id: 'N0', notification_date: '2023-02-01', level: 'D' }],
    );
    const ds = personsFirst(w.ds, ['N0']);
    expect(ds.persons.get('N0')).toBe(0);
    expect(ds.persons.get('P1')).toBe(1);
    return { set: w.set, ds, idx: buildPersonIndex(ds) };
  }

  it('classifyAll and the classify table: a person with no incident before one with incidents skips only itself (L134, table L42 `p + 1` → `p - 1`)', () => {
    const { set, ds, idx } = noIncidentFirst();
    const T = day('2023-12-31');
    const c = classifyAll(ds, idx, set, T);
    expect(Array.from(c.level)).toEqual([0, 1]); // N0 none, P1 at D
    const table = classificationTable(ds, idx, set, T, (p) => ds.persons.values[p]);
    expect(table.rows.map((r) => [r.person_id, r.level])).toEqual([['P1', 'D']]);
  });

  it('buildTierList: a person with no incident before one with incidents skips only itself (tier-list L300 `p + 1` → `p - 1`)', () => {
    const { set, ds, idx } = noIncidentFirst();
    const list = buildTierList(ds, idx, set, day('2023-12-31'));
    // P1 (person 1, one incident) is on the list at D; N0 (person 0, no incident) is not
    expect(Array.from(list.cols.person.subarray(0, list.cols.length))).toEqual([1]);
    expect(Array.from(list.current.level)).toEqual([0, 1]);
  });

  describe('ReasonTexts: each distinct text made and kept once (L206–L233)', () => {
    // one rule on `serious` (catalog index ≠ 0): A and B have the same incident count (index 0), not the same serious count
    const rules: RuleSpec[] = [{ level: 'B', when: 'serious >= 1', reason: 'serious' }];
    const incidents: IncidentRec[] = [
      { incident_id: 'a1', incident_date: '2023-01-01', suspect_id: 'A', weapon: true },
      { incident_id: 'a2', incident_date: '2023-02-01', suspect_id: 'A' },
      { incident_id: 'b1', incident_date: '2023-01-01', suspect_id: 'B', weapon: true },
      { incident_id: 'b2', incident_date: '2023-02-01', suspect_id: 'B', weapon: true },
      { incident_id: 'c1', incident_date: '2023-01-05', suspect_id: 'C', weapon: true },
      { incident_id: 'c2', incident_date: '2023-02-05', suspect_id: 'C' },
    ];
    const T = day('2023-12-31');

    it('starts empty; the same rule and values give the same id, made once; other values another text', () => {
      const w = pinWorld(incidents, [], [], { rules });
      const explain = vi.spyOn(w.set.rules[0].expr, 'explain');
      const fc = new FeatureComputer(w.ds, w.idx, w.set.features);
      const reasons = new ReasonTexts(w.set);
      expect(reasons.texts).toEqual([]);
      const ids = ['A', 'B', 'C'].map((id) => {
        fc.compute(w.p(id), T);
        return reasons.id(w.p(id), T, 0, fc);
      });
      // A and C: 2 incidents, 1 serious; B: 2 and 2
      expect(ids).toEqual([0, 1, 0]);
      expect(reasons.texts).toHaveLength(2);
      // made once per distinct (rule, values): C's text is A's, not made again
      expect(explain).toHaveBeenCalledTimes(2);
      for (const [k, id] of [
        [0, 'A'],
        [1, 'B'],
      ] as const) {
        fc.compute(w.p(id), T);
        expect(reasons.texts[k]).toBe(reasonOfLevel(w.set, w.p(id), T, 0, fc));
      }
      expect(reasons.texts).toEqual(['B: serious — serious (=1) >= 1', 'B: serious — serious (=2) >= 1']);
    });

    it('an override is found by its text: the same text, the same id', () => {
      const w = pinWorld(
        incidents,
        [],
        [
          ['A', [overrideAt(3, '2023-06-01', 'known')]],
          ['B', [overrideAt(3, '2023-06-01', 'known')]],
        ],
        { rules },
      );
      const fc = new FeatureComputer(w.ds, w.idx, w.set.features);
      const reasons = new ReasonTexts(w.set);
      const a = reasons.id(w.p('A'), T, -2, fc);
      const b = reasons.id(w.p('B'), T, -2, fc);
      expect([a, b]).toEqual([0, 0]);
      expect(reasons.texts).toEqual(['manual override to B on 2023-06-01 by jdoe: known']);
    });
  });
});

describe('features.ts', () => {
  it('victims: a victim index past 64 on a new computer is counted once (L215 `vic + 1` → `vic - 1`)', () => {
    const recs: IncidentRec[] = [];
    for (let v = 0; v < 69; v++)
      recs.push({ incident_id: `f${v}`, incident_date: '2023-01-01', suspect_id: `F${v}`, victim_id: `V${v}` });
    recs.push({ incident_id: 'z1', incident_date: '2023-02-01', suspect_id: 'Z', victim_id: 'VZ' });
    recs.push({ incident_id: 'z2', incident_date: '2023-03-01', suspect_id: 'Z', victim_id: 'VZ' });
    const ds = buildDataset(recs);
    expect(ds.victims.get('VZ')).toBe(69);
    const fc = new FeatureComputer(ds, buildPersonIndex(ds));
    fc.compute(ds.persons.get('Z')!, day('2023-12-31'));
    expect(fc.values[FEATURE_INDEX.victims]).toBe(1);
    expect(fc.currentPerson).toBe(ds.persons.get('Z')); // L287: the getter
  });

  it('victims: after 2^32 − 1 computations the stamps start again from 1 (L150 block emptied)', () => {
    const ds = buildDataset([
      { incident_id: 'a1', incident_date: '2023-01-01', suspect_id: 'A', victim_id: 'V1' },
      { incident_id: 'z1', incident_date: '2023-02-01', suspect_id: 'Z', victim_id: 'V2' },
      { incident_id: 'z2', incident_date: '2023-03-01', suspect_id: 'Z', victim_id: 'V2' },
    ]);
    const fc = new FeatureComputer(ds, buildPersonIndex(ds));
    (fc as unknown as { stamp: number }).stamp = 0xfffffffe; // as after 4,294,967,294 computations
    const T = day('2023-12-31');
    fc.compute(ds.persons.get('A')!, T); // the 2^32 − 1-th: the stamps wrap here
    expect(fc.values[FEATURE_INDEX.victims]).toBe(1);
    fc.compute(ds.persons.get('Z')!, T);
    expect(fc.values[FEATURE_INDEX.victims]).toBe(1);
    fc.compute(ds.persons.get('A')!, T);
    expect(fc.values[FEATURE_INDEX.victims]).toBe(1);
  });

  it('days since the first and last incident are blank for an override person with no incident in the look-back (L239, L240 `hi > lo` → `>=`, `true`)', () => {
    // X's only incident is before the 12-month look-back; Y (the next person) has one in it
    const w = pinWorld(
      [
        { incident_id: 'x1', incident_date: '2020-01-01', suspect_id: 'X' },
        { incident_id: 'y1', incident_date: '2023-05-01', suspect_id: 'Y' },
      ],
      [],
      [['X', [overrideAt(3, '2023-06-01', 'known')]]],
      {
        rules: [
          { level: 'D', when: 'incidents >= 1 and days_since_last_incident >= 0 and days_since_first_incident >= 0' },
        ],
        lookbackMonths: 12,
      },
    );
    const T = day('2023-12-31');
    const table = classificationTable(w.ds, w.idx, w.set, T, (p) => w.ds.persons.values[p]);
    const rows = new Map(table.rows.map((r) => [r.person_id, r]));
    expect(rows.get('X')).toMatchObject({ level: 'B', rule: 'override', incidents: 0 });
    expect(rows.get('X')!.days_since_last_incident).toBeNaN();
    expect(rows.get('X')!.days_since_first_incident).toBeNaN();
    // Y: 2023-05-01 to 2023-12-31 is 244 days
    expect(rows.get('Y')).toMatchObject({ level: 'D', days_since_last_incident: 244, days_since_first_incident: 244 });
  });
});

describe('classification-table.ts', () => {
  it('60 persons with a level: every row keeps its features and days (L36 `cap * n` → `cap / n`, L37 `cap * 5` → `cap / 5`)', () => {
    const recs: IncidentRec[] = [];
    for (let k = 0; k < 60; k++) {
      const id = `P${String(k).padStart(2, '0')}`;
      // P00…P59: one incident on the 10th of month k mod 12 + 1 of 2023, with an arrest for odd k (an offense: C)
      recs.push({
        incident_id: `i${k}`,
        incident_date: `2023-${String(1 + (k % 12)).padStart(2, '0')}-10`,
        suspect_id: id,
        arrest: k % 2 === 1,
      });
    }
    const w = pinWorld(recs);
    const T = day('2023-12-31');
    const table = classificationTable(w.ds, w.idx, w.set, T, (p) => w.ds.persons.values[p]);
    expect(table.rows).toHaveLength(60);
    const rows = new Map(table.rows.map((r) => [r.person_id, r]));
    for (let k = 0; k < 60; k++) {
      const id = `P${String(k).padStart(2, '0')}`;
      const date = `2023-${String(1 + (k % 12)).padStart(2, '0')}-10`;
      expect(rows.get(id), id).toMatchObject({
        level: k % 2 ? 'C' : 'D',
        incidents: 1,
        offenses: k % 2,
        first_incident_date: date,
        last_incident_date: date,
        days_since_last_incident: T - day(date),
        days_since_level_set: T - day(date),
      });
    }
  });
});

describe('flags.ts', () => {
  it('an error that is not the rule language’s propagates as it is (L34 `instanceof` → true)', () => {
    const bad = { offense: 'arrest', serious: 5 } as unknown as { offense: string; serious: string };
    expect(() => compileFlagDeriver(bad)).toThrow(TypeError);
    expect(() => compileFlagDeriver(bad)).not.toThrow(ConfigError);
    expect(() => compileFlagDeriver({ offense: 'arrest', serious: 'weapon or' })).toThrow(ConfigError);
  });
});

describe('carried.ts', () => {
  /**
   * P's incidents: 2023-01-05 with victim V1 (victim index 1; O's V0 is index 0) named 'Old', 2023-03-01
   * without a victim named 'New'. Notifications (two carried columns): O's first (row 0), then P's on
   * 2023-02-01 (officer 'Lin', unit 'U1'), on 2023-04-01 (officer 'Diaz', unit blank) and on 2023-06-30.
   */
  function world(incNames = ['name'], notNames = ['officer', 'unit']): { ds: Dataset; p: number } {
    const ds = buildDataset(
      [
        { incident_id: 'o1', incident_date: '2023-01-01', suspect_id: 'O', victim_id: 'V0' },
        { incident_id: 'p1', incident_date: '2023-01-05', suspect_id: 'P', victim_id: 'V1' },
        { incident_id: 'p2', incident_date: '2023-03-01', suspect_id: 'P' },
      ],
      [
        { person_id: 'O', notification_date: '2023-01-02', level: 'D' },
        { person_id: 'P', notification_date: '2023-02-01', level: 'D' },
        { person_id: 'P', notification_date: '2023-04-01', level: 'C' },
        { person_id: 'P', notification_date: '2023-06-30', level: 'C' },
      ],
    );
    const pool = StringPool.from(['', 'Oscar', 'Old', 'New', 'Kay', 'O-unit', 'Lin', 'U1', 'Diaz', 'Ray', 'U9']);
    const v = (s: string) => pool.get(s)!;
    const inc = [[v('Oscar')], [v('Old')], [v('New')]];
    const not = [
      [v('Kay'), v('O-unit')],
      [v('Lin'), v('U1')],
      [v('Diaz'), 0],
      [v('Ray'), v('U9')],
    ];
    ds.carried = {
      incidents: { names: incNames, cells: Uint32Array.from(incNames.length ? inc.flat() : []) },
      notifications: { names: notNames, cells: Uint32Array.from(notNames.length ? not.flat() : []) },
      pool,
    };
    return { ds, p: ds.persons.get('P')! };
  }

  it('a victim row of victim index 1 takes the pair’s value; a row without a victim list never does (L41 `&&`, `+1`)', () => {
    const { ds, p } = world();
    const idx = buildPersonIndex(ds);
    expect(ds.victims.get('V1')).toBe(1);
    const asOf = day('2023-05-31');
    // the pair (P, V1): 'Old'; P's latest: 'New'
    expect(carriedValues(ds, idx, { person: [p, p], victim: [1, -1], asOf })).toEqual([
      ['Old', 'Diaz', 'U1'],
      ['New', 'Diaz', 'U1'],
    ]);
    expect(carriedValues(ds, idx, { person: [p], asOf })).toEqual([['New', 'Diaz', 'U1']]);
  });

  it('notifications: two columns from the right rows, a blank cell keeps the earlier value, one dated on the list’s date counts (L63, L65, L66)', () => {
    const { ds, p } = world();
    const idx = buildPersonIndex(ds);
    expect(carriedValues(ds, idx, { person: [p], asOf: day('2023-02-01') })).toEqual([['Old', 'Lin', 'U1']]);
    expect(carriedValues(ds, idx, { person: [p], asOf: day('2023-06-29') })).toEqual([['New', 'Diaz', 'U1']]);
    expect(carriedValues(ds, idx, { person: [p], asOf: day('2023-06-30') })).toEqual([['New', 'Ray', 'U9']]);
  });

  it('the note names only the files that have carried columns (L118, L122, L123)', () => {
    const table = (p: number): Table => ({
      columns: [{ key: 'person_id' }],
      rows: [{ person_id: 'P' }],
      notes: [],
      subjects: { person: [p], asOf: day('2023-06-30') },
    });
    const head = 'carried columns (config carry:, text as exported; docs/methods.md#output): ';
    const onlyNot = world([], ['officer', 'unit']);
    const a = withCarried(table(onlyNot.p), onlyNot.ds, buildPersonIndex(onlyNot.ds), false);
    expect(a.rows).toEqual([{ person_id: 'P', officer: 'Ray', unit: 'U9' }]);
    expect(a.notes).toEqual([
      `${head}officer, unit: from the person's latest notification dated on or before 2023-06-30 that has a value`,
    ]);
    const onlyInc = world(['name'], []);
    const b = withCarried(table(onlyInc.p), onlyInc.ds, buildPersonIndex(onlyInc.ds), false);
    expect(b.rows).toEqual([{ person_id: 'P', name: 'New' }]);
    expect(b.notes).toEqual([
      `${head}name: from the person's latest incident dated on or before 2023-06-30 that has a value`,
    ]);
  });
});

describe('tier-list.ts', () => {
  it('levelSetDay: notifications after T are skipped within the person’s own range (L141 `n--` → `n++`)', () => {
    // P's second incident and its notification are after T; Q (the next person) was notified before T
    const w = pinWorld(
      [
        { incident_id: 'p1', incident_date: '2023-01-10', suspect_id: 'P' },
        { incident_id: 'p2', incident_date: '2023-03-05', suspect_id: 'P' },
      ],
      [
        { person_id: 'P', notification_date: '2023-03-05', level: 'D' },
        { person_id: 'Q', notification_date: '2023-02-15', level: 'D' },
      ],
      [],
      {
        rules: [
          { level: 'C', when: 'incidents >= 2' },
          { level: 'D', when: 'incidents >= 1' },
        ],
      },
    );
    expect(w.p('Q')).toBe(w.p('P') + 1);
    // D since P's first incident, not since Q's notification
    expect(levelSetDay(w.ds, w.idx, w.set, w.p('P'), day('2023-02-28'), 1)).toBe(day('2023-01-10'));
  });

  it('tierOrder: rows tied on level, day and id keep their order in the comparison sort too (L476 `a - b` → `a + b`)', () => {
    const n = 10;
    const cols = {
      length: n,
      person: Int32Array.from({ length: n }, (_, i) => i),
      level: new Uint8Array(n).fill(2),
      lastIncident: new Int32Array(n).fill(day('2023-05-01')),
    };
    const names = new Array<string>(n).fill('same');
    const order = Array.from({ length: n }, (_, i) => i);
    expect(Array.from(tierOrder(cols, names))).toEqual(order);
    expect(Array.from(tierOrder(cols, names, 0))).toEqual(order);
  });
});
