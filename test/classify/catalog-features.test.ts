/**
 * Every feature and function of the rule-language catalog (FEATURE_CATALOG,
 * docs/config.md, docs/rules-language.md) checked through a custom rule file
 * against an independent oracle (test/classify/catalog-oracle.ts), including
 * the edges: an event on the as-of date, exactly on the edge of a look-back
 * window, one day inside it, and on the day of a notification.
 *
 * Path: records → CSV files → loadDataset → a config YAML with the rules →
 * loadConfig → buildRuleSet → buildPersonIndex → classifyAll / explainPerson.
 * The default rules use only a few of these features; an agency's own rules
 * (`arrests >= 2`, `victims >= 2`, …) use the rest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyAll, explainPerson } from '../../src/classify/classify.js';
import { compileExpression } from '../../src/classify/expression.js';
import { FEATURE_CATALOG, FeatureComputer } from '../../src/classify/features.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig, type Config } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import type { Dataset } from '../../src/model.js';
import { loadFixture } from '../helpers/csv-fixture.js';
import { Rng } from '../helpers/random-history.js';
import { inc, note, type IncidentRec, type LevelName, type NotificationRec } from '../helpers/records.js';
import { CATALOG_FUNCTIONS, catalogFeatures, catalogFunction } from './catalog-oracle.js';
import { addDaysIso, addMonthsIso, histories, type History } from './oracle.js';

const FEATURES = FEATURE_CATALOG.features.map((f) => f.name);
const DAY_FEATURES = new Set(['days_since_last_incident', 'days_since_first_incident', 'days_since_last_notification']);

// ------------------------------------------------------------------ data

/** As-of dates: a 31-day month end, a month end whose month-back is clamped (03-31 → 02-28), a leap day, a mid-month day. */
const AS_OF = ['2023-06-30', '2023-03-31', '2024-02-29', '2023-09-14'];
/** Offsets that land events on the edges of the windows the tests ask about. */
function edgeDays(T: string): string[] {
  const out = [T, addDaysIso(T, -1), addDaysIso(T, 1)];
  for (const d of [7, 30, 90, 365]) out.push(addDaysIso(T, -d), addDaysIso(T, -d + 1), addDaysIso(T, -d - 1));
  for (const m of [1, 6, 12, 24]) {
    const edge = addMonthsIso(T, -m);
    out.push(edge, addDaysIso(edge, 1), addDaysIso(edge, -1));
  }
  return out;
}
const VICTIMS = ['', 'V1', 'V2', 'V3', '007', '7'];
const LEVELS: LevelName[] = ['D', 'C', 'B', 'A'];

function randomData(seed: number, persons: number): { incidents: IncidentRec[]; notifications: NotificationRec[] } {
  const rng = new Rng(seed);
  const incidents: IncidentRec[] = [];
  const notifications: NotificationRec[] = [];
  const days = AS_OF.flatMap(edgeDays);
  const day = () => (rng.chance(0.8) ? rng.pick(days) : addDaysIso('2021-01-01', rng.int(0, 1300)));
  for (let p = 0; p < persons; p++) {
    const id = `P${String(p).padStart(4, '0')}`;
    const k = rng.int(1, 8);
    for (let i = 0; i < k; i++) {
      incidents.push(
        inc(id, day(), {
          victim_id: rng.pick(VICTIMS),
          arrest: rng.chance(0.4),
          offense: rng.chance(0.3) ? 'ASSAULT3' : '',
          injury: rng.chance(0.35),
          weapon: rng.chance(0.15),
          strangulation: rng.chance(0.1),
          felony: rng.chance(0.1),
        }),
      );
    }
    const m = rng.int(0, 4);
    for (let j = 0; j < m; j++) {
      // often on the day of an incident of the same person
      const d = rng.chance(0.4) ? incidents[incidents.length - 1 - rng.int(0, k - 1)].incident_date : day();
      notifications.push(note(id, d, rng.pick(LEVELS)));
    }
  }
  return { incidents, notifications };
}

// ------------------------------------------------------------------ the real path

interface Loaded {
  ds: Dataset;
  idx: PersonIndex;
  config: Config;
  hist: Map<string, History>;
  lookback: number | null;
}

const tmp = mkdtempSync(join(tmpdir(), 'ipvi-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileNo = 0;

/** A config file with these rules (and look-back), read by loadConfig. */
function rulesConfig(rules: { level: LevelName; when: string }[], lookback: number | null): Config {
  const yaml = [
    ...(lookback ? [`lookback_months: ${lookback}`] : []),
    'rules:',
    ...rules.flatMap((r) => [`  - level: ${r.level}`, `    when: ${JSON.stringify(r.when)}`, `    reason: test rule`]),
    '',
  ].join('\n');
  const file = join(tmp, `config-${++fileNo}.yaml`);
  writeFileSync(file, yaml);
  return loadConfig(file);
}

async function load(
  data: { incidents: IncidentRec[]; notifications: NotificationRec[] },
  lookback: number | null,
): Promise<Loaded> {
  const configYaml = lookback ? `lookback_months: ${lookback}\n` : undefined;
  const { dataset: ds, config } = await loadFixture({ ...data, configYaml });
  return { ds, idx: buildPersonIndex(ds), config, hist: histories(data.incidents, data.notifications), lookback };
}

/** Every feature's value for every person as of T, read back from a rule that references all of them. */
function featureValuesByRule(L: Loaded, T: string): Map<string, Record<string, number> | null> {
  // `true or (…)`: the rule holds for everyone with an incident in view; its `used` lists every feature
  const config = rulesConfig([{ level: 'D', when: `true or (${FEATURES.join(' + ')})` }], L.lookback);
  const set = buildRuleSet(config, L.ds);
  const day = parseIsoDay(T)!;
  const out = new Map<string, Record<string, number> | null>();
  for (let p = 0; p < L.idx.persons; p++) {
    const r = explainPerson(L.ds, L.idx, set, p, day);
    out.set(L.ds.persons.values[p], r.level ? r.used : null);
  }
  return out;
}

/** Level per person id as of T under a config's rules. */
function levels(L: Loaded, config: Config, T: string): Map<string, number> {
  const c = classifyAll(L.ds, L.idx, buildRuleSet(config, L.ds), parseIsoDay(T)!);
  return new Map(L.ds.persons.values.map((id, p) => [id, c.level[p]]));
}

/** Thresholds per feature: A when f ≥ a, B when f ≥ b, C when f ≥ c (days: ≤), else D. */
function thresholdRules(f: string): { rules: { level: LevelName; when: string }[]; expected: (x: number) => number } {
  if (DAY_FEATURES.has(f)) {
    const t = [0, 1, 30];
    return {
      rules: [
        { level: 'A', when: `${f} <= ${t[0]}` },
        { level: 'B', when: `${f} <= ${t[1]}` },
        { level: 'C', when: `${f} <= ${t[2]}` },
        { level: 'D', when: 'true' },
      ],
      expected: (x) => (x <= t[0] ? 4 : x <= t[1] ? 3 : x <= t[2] ? 2 : 1), // NaN: every comparison false → D
    };
  }
  return {
    rules: [
      { level: 'A', when: `${f} >= 3` },
      { level: 'B', when: `${f} >= 2` },
      { level: 'C', when: `${f} >= 1` },
      { level: 'D', when: 'true' },
    ],
    expected: (x) => (x >= 3 ? 4 : x >= 2 ? 3 : x >= 1 ? 2 : 1),
  };
}

// ------------------------------------------------------------------ tests

for (const lookback of [null, 6] as const) {
  describe(`catalog features against the oracle (${lookback ? `lookback_months: ${lookback}` : 'no look-back'})`, async () => {
    const data = randomData(lookback ? 2026_11_29 : 1_729, 120);
    const L = await load(data, lookback);

    it('the data reaches the edges the oracle distinguishes', () => {
      // without these, a test below could pass for the wrong reason
      const T = AS_OF[0];
      const all = [...L.hist.values()].map((h) => catalogFeatures(h, T, lookback));
      for (const f of FEATURES) {
        const vals = new Set(all.map((v) => v[f]));
        expect(vals.size, `${f} takes only the values ${[...vals]}`).toBeGreaterThan(1);
      }
      expect(all.some((v) => v.victims >= 3)).toBe(true);
      expect(all.some((v) => v.days_since_last_incident === 0)).toBe(true);
      expect(all.some((v) => v.days_since_last_notification === 0)).toBe(true);
      expect(all.some((v) => v.highest_notified_level === 4)).toBe(true);
    });

    for (const T of AS_OF) {
      it(`every feature, read back through a rule, equals the oracle as of ${T}`, () => {
        const got = featureValuesByRule(L, T);
        let compared = 0;
        for (const [id, h] of L.hist) {
          const want = catalogFeatures(h, T, lookback);
          const values = got.get(id)!;
          if (want.incidents === 0) {
            expect(values, `${id}: no incident in view, no level`).toBeNull();
            continue;
          }
          expect(values, id).not.toBeNull();
          for (const f of FEATURES) expect(values![f], `${id} ${f} as of ${T}`).toEqual(want[f]);
          compared++;
        }
        expect(compared).toBeGreaterThan(60);
      });

      // the values are compared exactly above; the rule decisions (and NaN handling) at one date suffice
      if (T === AS_OF[0])
        it(`a threshold rule on each feature picks the oracle's level as of ${T}`, () => {
          for (const f of FEATURES) {
            const { rules, expected } = thresholdRules(f);
            const got = levels(L, rulesConfig(rules, lookback), T);
            for (const [id, h] of L.hist) {
              const want = catalogFeatures(h, T, lookback);
              expect(got.get(id), `${id} rule on ${f} as of ${T} (value ${want[f]})`).toBe(
                want.incidents === 0 ? 0 : expected(want[f]),
              );
            }
          }
        });

      it(`every catalog function equals the oracle as of ${T}, at and around each window edge`, () => {
        const day = parseIsoDay(T)!;
        const fc = new FeatureComputer(L.ds, L.idx, { lookbackMonths: lookback });
        const args: Record<string, number[]> = {
          months: [0, 1, 1.9, 6, 7, 12, 24, -1],
          days: [0, 1, 7, 30, 31, 365, -1, 0.5],
        };
        for (const name of CATALOG_FUNCTIONS) {
          for (const n of args[name.endsWith('_months') ? 'months' : 'days']) {
            const expr = compileExpression(`${name}(${n})`, FEATURE_CATALOG);
            for (const [id, h] of L.hist) {
              const p = L.ds.persons.get(id)!;
              fc.compute(p, day);
              expect(expr.evaluate(fc), `${id} ${name}(${n}) as of ${T}`).toEqual(
                catalogFunction(name, n, h, T, lookback),
              );
            }
          }
        }
      });
    }

    it('a rule on a catalog function picks the oracle level (classifyAll)', () => {
      const T = AS_OF[0];
      for (const name of CATALOG_FUNCTIONS) {
        const n = name.endsWith('_months') ? 1 : 30;
        const config = rulesConfig(
          [
            { level: 'A', when: `${name}(${n}) >= 2` },
            { level: 'B', when: `${name}(${n}) >= 1` },
            { level: 'C', when: `${name}(-1) >= 0 or ${name}(-1) < 0` },
            { level: 'D', when: 'true' },
          ],
          lookback,
        );
        const got = levels(L, config, T);
        for (const [id, h] of L.hist) {
          const x = catalogFunction(name, n, h, T, lookback);
          const inView = catalogFeatures(h, T, lookback).incidents > 0;
          expect(got.get(id), `${id} ${name}(${n}) = ${x}`).toBe(!inView ? 0 : x >= 2 ? 4 : x >= 1 ? 3 : 1);
        }
      }
    });
  });
}

// ------------------------------------------------------------------ worked examples (hand-computed, no oracle)

describe('catalog features: worked examples at the edges', async () => {
  const T = '2023-06-30';
  const data = {
    incidents: [
      // counts: 3 incidents, 2 arrests, 2 injuries, victims V1, V2 (V1 twice, not adjacent), one without a victim id
      inc('count', '2023-01-10', { arrest: true, injury: true, victim_id: 'V1' }),
      inc('count', '2023-02-10', { victim_id: 'V2', injury: true }),
      inc('count', '2023-03-10', { arrest: true, victim_id: 'V1' }),
      inc('count', '2023-04-10', { victim_id: '' }),
      inc('count', '2023-07-01', { arrest: true, injury: true, victim_id: 'V3' }), // after T: not seen
      // notified at C on 2023-03-01 and B on 2023-05-01: an offense on each notification day (not after), one after each
      inc('after', '2023-03-01', { arrest: true }),
      inc('after', '2023-04-01', { offense: 'X' }),
      inc('after', '2023-05-01', { arrest: true }),
      inc('after', '2023-06-30', {}), // a non-offense on T: an incident after, not an offense after
      // the look-back-free day windows around T: T−30 is out, T−29 in; T itself in; T+1 not seen
      inc('days', '2023-05-31', { arrest: true }), // T − 30
      inc('days', '2023-06-01', { arrest: true }), // T − 29
      inc('days', '2023-06-30', { weapon: true }), // T
      inc('days', '2023-07-01', { arrest: true }), // T + 1
      // month windows: T − 1 month = 2023-05-30 (out), 05-31 in
      inc('months', '2023-05-30', { arrest: true }),
      inc('months', '2023-05-31', { felony: true }),
      // as of 2023-03-31, 1 month back is 2023-02-28 (clamped): 02-28 out, 03-01 in
      inc('clamp', '2023-02-28', {}),
      inc('clamp', '2023-03-01', {}),
    ],
    notifications: [
      note('after', '2023-03-01', 'C'),
      note('after', '2023-05-01', 'B'),
      note('after', '2023-06-01', 'C'), // a second C: the first one counts
      note('count', '2023-06-20', 'D'),
      note('count', '2023-07-05', 'A'), // after T: not seen
      note('days', '2023-06-30', 'D'), // on T: seen, 0 days since
    ],
  };
  const L = await load(data, null);
  const at = (T0: string) => featureValuesByRule(L, T0);

  it('arrests, injuries, victims count the incidents in view; victims counts distinct ids, not the empty one', () => {
    const v = at(T).get('count')!;
    expect(v).toMatchObject({ incidents: 4, arrests: 2, injuries: 2, victims: 2, offenses: 2 });
  });

  it('offenses_after_L, incidents_after_L and offenses_after_notification count strictly after the first notification', () => {
    const v = at(T).get('after')!;
    // first C on 03-01: after it 04-01 (offense), 05-01 (offense), 06-30 (incident)
    expect(v).toMatchObject({ offenses_after_C: 2, incidents_after_C: 3, offenses_after_B: 0, incidents_after_B: 1 });
    expect(v).toMatchObject({
      offenses_after_D: 0,
      incidents_after_D: 0,
      offenses_after_A: 0,
      notified_A: 0,
      notified_D: 0,
    });
    expect(v).toMatchObject({ notified_C: 1, notified_B: 1, notified: 1, notifications: 3, highest_notified_level: 3 });
    expect(v.offenses_after_notification).toBe(2); // not the offense on 03-01 itself
    expect(v.days_since_last_notification).toBe(29); // 06-01 → 06-30
    // the day of the first notification: nothing is after it yet
    expect(at('2023-03-01').get('after')).toMatchObject({
      offenses_after_C: 0,
      incidents_after_C: 0,
      offenses_after_notification: 0,
      days_since_last_notification: 0,
    });
  });

  it('a person with no notification: notified 0, highest 0, days since last notification NaN', () => {
    const v = at(T).get('months')!;
    expect(v).toMatchObject({
      notified: 0,
      notifications: 0,
      highest_notified_level: 0,
      offenses_after_notification: 0,
    });
    expect(v.days_since_last_notification).toBeNaN();
    expect(at(T).get('count')).toMatchObject({
      notified: 1,
      highest_notified_level: 1,
      days_since_last_notification: 10,
    });
    expect(at(T).get('days')).toMatchObject({
      days_since_last_notification: 0,
      days_since_last_incident: 0,
      days_since_first_incident: 30,
    });
  });

  it('*_within_days(30) counts (T − 30, T]: the edge day is out, the next day and T are in', () => {
    const day = parseIsoDay(T)!;
    const fc = new FeatureComputer(L.ds, L.idx);
    fc.compute(L.ds.persons.get('days')!, day);
    const ev = (s: string) => compileExpression(s, FEATURE_CATALOG).evaluate(fc);
    expect(ev('incidents_within_days(30)')).toBe(2); // 06-01, 06-30
    expect(ev('incidents_within_days(31)')).toBe(3); // + 05-31
    expect(ev('incidents_within_days(0)')).toBe(0);
    expect(ev('incidents_within_days(1)')).toBe(1); // T itself
    expect(ev('offenses_within_days(30)')).toBe(1);
    expect(ev('serious_within_days(1)')).toBe(1);
    expect(ev('incidents_within_days(-1)')).toBeNaN();
    expect(ev('incidents_within_days(1/0)')).toBeNaN();
  });

  it('*_within_months(1) counts (T − 1 month, T]: the edge day is out, the next day in; month ends are clamped', () => {
    const fc = new FeatureComputer(L.ds, L.idx);
    const ev = (s: string) => compileExpression(s, FEATURE_CATALOG).evaluate(fc);
    fc.compute(L.ds.persons.get('months')!, parseIsoDay(T)!);
    expect(ev('incidents_within_months(1)')).toBe(1); // 05-31 only
    expect(ev('incidents_within_months(2)')).toBe(2);
    expect(ev('offenses_within_months(1)')).toBe(0);
    expect(ev('offenses_within_months(2)')).toBe(1);
    expect(ev('serious_within_months(1)')).toBe(1);
    fc.compute(L.ds.persons.get('clamp')!, parseIsoDay('2023-03-31')!);
    expect(ev('incidents_within_months(1)')).toBe(1); // 03-01 in, 02-28 out
  });

  it('rule files using these features classify as written', () => {
    const config = rulesConfig(
      [
        { level: 'A', when: 'victims >= 2 and arrests >= 2' },
        { level: 'B', when: 'offenses_after_notification >= 2' },
        { level: 'C', when: 'days_since_last_notification <= 0' },
        { level: 'D', when: 'incidents >= 1' },
      ],
      null,
    );
    const got = levels(L, config, T);
    expect(Object.fromEntries(got)).toEqual({ count: 4, after: 3, days: 2, months: 1, clamp: 1 });
  });
});

describe('catalog features with a look-back: notifications are not limited by it, incidents are', async () => {
  const T = '2023-06-30';
  const data = {
    incidents: [
      inc('lb', '2022-12-30', { arrest: true, victim_id: 'V1', injury: true }), // exactly T − 6 months: out
      inc('lb', '2022-12-31', { arrest: true, victim_id: 'V2' }), //               one day inside
      inc('lb', '2023-06-30', { victim_id: 'V1' }),
    ],
    notifications: [note('lb', '2022-01-01', 'B')],
  };
  const L = await load(data, 6);

  it('counts only (T − 6 months, T]', () => {
    const v = featureValuesByRule(L, T).get('lb')!;
    expect(v).toMatchObject({
      incidents: 2,
      arrests: 1,
      injuries: 0,
      victims: 2,
      offenses_after_B: 1,
      incidents_after_B: 2,
      notified_B: 1,
    });
    expect(v.days_since_first_incident).toBe(181);
    expect(v.days_since_last_notification).toBe(545);
    const fc = new FeatureComputer(L.ds, L.idx, { lookbackMonths: 6 });
    fc.compute(L.ds.persons.get('lb')!, parseIsoDay(T)!);
    expect(compileExpression('incidents_within_months(24)', FEATURE_CATALOG).evaluate(fc)).toBe(2);
  });
});
