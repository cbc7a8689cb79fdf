/**
 * Issue 15 (warm tiers and classify): the tier list and the classify table classify each person in
 * one walk of their history (walkPerson: the features as of both month ends, every event day for
 * the level-set day, and the reason) instead of classifying them afresh at each of those days.
 * These properties compare the one-walk results with the multi-pass definitions kept here as the
 * reference: the features computed from scratch for each day (FeatureComputer.compute as it was
 * before the walk, copied below), every person classified as of T and as of the previous month end
 * (classifyAll), the level-set day found by re-classifying on each event day, latest first (the
 * former levelSetDay), and the reason made from the features as of T. Random histories, with the
 * default rules and with random rules over the whole catalog (features, the day counts, the
 * catalog functions), with and without a look-back, with and without manual overrides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, OVERRIDE_RULE, type CompiledRule, type RuleSet } from '../../src/classify/classify.js';
import { classificationTable } from '../../src/classify/classification-table.js';
import type { ExprEnv } from '../../src/classify/expression.js';
import {
  DAY_FEATURES as DAY_COUNTS,
  FEATURE_CATALOG,
  FEATURE_INDEX,
  FEATURE_NAMES,
} from '../../src/classify/features.js';
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { buildTierList, lastNotification, type TierList } from '../../src/classify/tier-list.js';
import { loadConfig } from '../../src/config/load.js';
import { addMonths, endOfPreviousMonth, formatDay, parseIsoDay } from '../../src/dates.js';
import type { Override } from '../../src/ingest/overrides.js';
import { FLAG, NO_DAY, levelName, type Dataset, type Day } from '../../src/model.js';
import { HISTORY_BASE, historyArbitrary, historyDataset, type RandomHistory } from '../helpers/fc-history.js';
import { listRows, type TierRowObject } from '../helpers/tier-rows.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 80);
const BASE = HISTORY_BASE; // 2022-01-08
const PERSONS = ['P1', 'P2', 'P3', 'x'];

// ---- the reference: features from scratch for one day (the pre-walk FeatureComputer.compute) ----

class ReferenceFeatures implements ExprEnv {
  readonly values = new Float64Array(FEATURE_NAMES.length);
  lo = 0;
  hi = 0;
  asOf: Day = 0;
  constructor(
    private readonly ds: Dataset,
    private readonly idx: PersonIndex,
    private readonly lookbackMonths: number | null,
  ) {}

  compute(p: number, T: Day): number {
    const { incidents: inc, notifications: not } = this.ds;
    const { incStart, incOrder, notStart, notOrder } = this.idx;
    const v = this.values;
    const F = FEATURE_INDEX;
    v.fill(0);
    this.asOf = T;
    const from = this.lookbackMonths ? addMonths(T, -this.lookbackMonths) : NO_DAY;
    const fn = [NO_DAY, NO_DAY, NO_DAY, NO_DAY];
    let firstAny = NO_DAY,
      lastNot = NO_DAY,
      count = 0,
      highest = 0;
    for (let k = notStart[p]; k < notStart[p + 1]; k++) {
      const j = notOrder[k];
      const d = not.day[j];
      if (d > T) break;
      const lv = not.level[j];
      if (fn[lv - 1] === NO_DAY) fn[lv - 1] = d;
      if (firstAny === NO_DAY) firstAny = d;
      lastNot = d;
      count++;
      highest = Math.max(highest, lv);
    }
    ['D', 'C', 'B', 'A'].forEach((l, i) => {
      v[F[`notified_${l}`]] = fn[i] !== NO_DAY ? 1 : 0;
    });
    v[F.notifications] = count;
    v[F.notified] = count > 0 ? 1 : 0;
    v[F.highest_notified_level] = highest;
    v[F.days_since_last_notification] = lastNot === NO_DAY ? NaN : T - lastNot;
    let lo = incStart[p];
    while (lo < incStart[p + 1] && inc.day[incOrder[lo]] <= from) lo++;
    let hi = lo;
    let first = NO_DAY,
      last = NO_DAY;
    const victims = new Set<number>();
    for (; hi < incStart[p + 1]; hi++) {
      const i = incOrder[hi];
      const d = inc.day[i];
      if (d > T) break;
      const f = inc.flags[i];
      const off = (f & FLAG.offense) !== 0;
      if (first === NO_DAY) first = d;
      last = d;
      v[F.incidents]++;
      if (off) v[F.offenses]++;
      if (f & FLAG.serious) v[F.serious]++;
      if (f & FLAG.arrest) v[F.arrests]++;
      if (f & FLAG.injury) v[F.injuries]++;
      ['D', 'C', 'B', 'A'].forEach((l, n) => {
        if (fn[n] !== NO_DAY && d > fn[n]) {
          v[F[`incidents_after_${l}`]]++;
          if (off) v[F[`offenses_after_${l}`]]++;
        }
      });
      if (off && firstAny !== NO_DAY && d > firstAny) v[F.offenses_after_notification]++;
      if (inc.victim[i] >= 0) victims.add(inc.victim[i]);
    }
    v[F.victims] = victims.size;
    v[F.days_since_last_incident] = last === NO_DAY ? NaN : T - last;
    v[F.days_since_first_incident] = first === NO_DAY ? NaN : T - first;
    this.lo = lo;
    this.hi = hi;
    return hi - lo;
  }

  call(fnIndex: number, args: number[]): number {
    const n = args[0];
    if (!Number.isFinite(n) || n < 0) return NaN;
    const since = fnIndex < 3 ? addMonths(this.asOf, -Math.floor(n)) : this.asOf - Math.floor(n);
    const mask = fnIndex % 3 === 0 ? 0 : fnIndex % 3 === 1 ? FLAG.offense : FLAG.serious;
    let count = 0;
    for (let k = this.lo; k < this.hi; k++) {
      const i = this.idx.incOrder[k];
      if (this.ds.incidents.day[i] > since && (mask === 0 || (this.ds.incidents.flags[i] & mask) !== 0)) count++;
    }
    return count;
  }
}

/** The rule deciding p's level as of T (classifyAll / levelOf): the latest override on or before T, else the first rule that holds. */
function referenceRule(set: RuleSet, env: ReferenceFeatures, p: number, T: Day): { rule: number; level: number } {
  let ov: Override | undefined;
  for (const o of set.overrides.get(p) ?? []) if (o.day <= T) ov = o;
  if (ov) return { rule: OVERRIDE_RULE, level: ov.level };
  if (env.compute(p, T) === 0) return { rule: -1, level: 0 };
  const r = set.rules.findIndex((x) => x.expr.test(env));
  return r < 0 ? { rule: -1, level: 0 } : { rule: r, level: set.rules[r].level };
}

/** The former levelSetDay: p's event days up to T, latest first, while p is at `level` on them. */
function referenceLevelSet(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  env: ReferenceFeatures,
  p: number,
  T: Day,
  level: number,
): Day {
  const days = new Set<Day>();
  for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) days.add(ds.incidents.day[idx.incOrder[k]]);
  for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) days.add(ds.notifications.day[idx.notOrder[k]]);
  for (const o of set.overrides.get(p) ?? []) days.add(o.day);
  let since = NO_DAY;
  for (const d of [...days].filter((x) => x <= T).sort((a, b) => b - a)) {
    if (referenceRule(set, env, p, d).level !== level) break;
    since = d;
  }
  return since;
}

function referenceReason(set: RuleSet, env: ReferenceFeatures, p: number, T: Day, rule: number): string {
  if (rule === OVERRIDE_RULE) {
    let ov!: Override;
    for (const o of set.overrides.get(p) ?? []) if (o.day <= T) ov = o;
    return `manual override to ${levelName(ov.level)} on ${formatDay(ov.day)} by ${ov.analyst || 'an analyst'}: ${ov.reason}`;
  }
  env.compute(p, T);
  const r: CompiledRule = set.rules[rule];
  return `${levelName(r.level)}: ${r.reason} — ${r.expr.explain(env)}`;
}

// ---- random histories and rule sets ----

/**
 * Random histories of these persons, their days within 0…maxDay after BASE: every flag the rules read (arrest,
 * weapon, injury, felony), overrides (also of a person with no record), a look-back, and the list's month.
 */
const historyOf = (persons: readonly string[], maxDay: number) =>
  fc
    .tuple(
      historyArbitrary({
        persons,
        maxDay,
        flags: ['arrest', 'weapon', 'injury', 'felony'],
        incidents: { maxLength: 24 },
        victims: 4,
        notifications: 8,
        overrides: { maxLength: 4, extraPersons: ['nobody'] },
        lookback: 8,
      }),
      fc.integer({ min: 0, max: 17 }),
    )
    .map(([h, month]) => ({ ...h, month }));
const history = historyOf(PERSONS, 500);
type History = RandomHistory & { month: number };

const FUNCTIONS = FEATURE_CATALOG.functions.map((f) => f.name);
// the day counts and the catalog functions most often: they are what makes a level change between events
const term: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DAY_COUNTS) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...FUNCTIONS), fc.integer({ min: 0, max: 300 }))
      .map(([f, n]) => `${f}(${f.endsWith('months') ? Math.floor(n / 20) : n})`),
  },
  { weight: 2, arbitrary: fc.constantFrom(...FEATURE_NAMES) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(...FEATURE_NAMES), fc.constantFrom(...FEATURE_NAMES))
      .map(([k, a, b]) => `${k}*${a} + ${b}`),
  },
);
const comparison = fc
  .tuple(term, fc.constantFrom('>=', '>', '<=', '<', '==', '!='), fc.integer({ min: 0, max: 300 }))
  .map(([t, op, k]) => `${t} ${op} ${DAY_COUNTS.includes(t) ? Math.floor(k / 2) : Math.floor(k / 60)}`);
const condition: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: comparison },
  {
    weight: 2,
    arbitrary: fc
      .tuple(comparison, fc.constantFrom('and', 'or'), comparison)
      .map(([a, op, b]) => `(${a}) ${op} (${b})`),
  },
  { weight: 1, arbitrary: comparison.map((c) => `not (${c})`) },
  { weight: 1, arbitrary: fc.constantFrom('notified_B', 'notified', 'true') },
);
/** one to four random rules, then (mostly) `incidents >= 1` at D, so that most persons have a level */
const customRules = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', 'D' as const), condition), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([rules, floor]) => (floor ? [...rules, ['D', 'incidents >= 1'] as ['D', string]] : rules));

const build = historyDataset;

function ruleSetOf(ds: Dataset, h: History, rules: CompiledRule[] | null): RuleSet {
  const config = loadConfig();
  config.lookbackMonths = h.lookback ?? null;
  const set = buildRuleSet(config, ds);
  const overrides = new Map<number, Override[]>();
  h.overrides.forEach((o, i) => {
    const p = ds.persons.get(o.person)!;
    const list = overrides.get(p) ?? [];
    list.push({
      level: o.level as 1 | 2 | 3 | 4,
      day: BASE + o.day,
      reason: `review ${i}`,
      analyst: i % 2 ? 'jd' : '',
      line: i + 2,
    });
    list.sort((a, b) => a.day - b.day);
    overrides.set(p, list);
  });
  return { ...set, rules: rules ?? set.rules, overrides };
}

/** The month end T the list is for: the last day of the month-th month from January 2022. */
function monthEnd(h: History): Day {
  const next = h.month + 1;
  return endOfPreviousMonth(
    parseIsoDay(`${2022 + Math.floor(next / 12)}-${String((next % 12) + 1).padStart(2, '0')}-01`)!,
  );
}

type ExpectedRow = TierRowObject & { reason: string };

/**
 * The list's columns, read at each position, are the rows expected of the person at that position,
 * and the positions are in the list order worked out here independently (docs/methods.md#tier-list):
 * level A first, most recent incident first (none in view: last within the level), then person id as
 * `<` compares text, then (equal ids) person number. Fails when a column is out of step with the
 * person column or the order is not the list order.
 */
function expectList(list: TierList, expectedRows: ExpectedRow[], names: readonly string[]): void {
  const got = listRows(list).map((r) => ({ ...r, reason: list.reasonOf(r.person) }));
  expect(new Set(got.map((r) => r.person))).toEqual(new Set(expectedRows.map((r) => r.person)));
  const byPerson = new Map(expectedRows.map((r) => [r.person, r]));
  for (const r of got) expect(r, `person ${r.person}`).toEqual(byPerson.get(r.person));
  const recency = (d: Day) => (d === NO_DAY ? -Infinity : d);
  const inOrder = [...expectedRows].sort(
    (a, b) =>
      b.level - a.level ||
      recency(b.lastIncident) - recency(a.lastIncident) ||
      (names[a.person] < names[b.person] ? -1 : names[a.person] > names[b.person] ? 1 : 0) ||
      a.person - b.person,
  );
  expect(got).toEqual(inOrder);
}

function check(h: History, rules: CompiledRule[] | null): void {
  const ds = build(h);
  const idx = buildPersonIndex(ds);
  const set = ruleSetOf(ds, h, rules);
  const T = monthEnd(h);
  const P = endOfPreviousMonth(T);
  const env = new ReferenceFeatures(ds, idx, h.lookback ?? null);
  for (const reasons of [false, true]) {
    const list = buildTierList(ds, idx, set, T, { levelSince: true, reasons });
    expect(list.previousAsOf).toBe(P);
    const expectedRows: ExpectedRow[] = [];
    for (let p = 0; p < idx.persons; p++) {
      const cur = referenceRule(set, env, p, T);
      const prev = referenceRule(set, env, p, P);
      expect([list.current.level[p], list.current.rule[p]], `person ${p} as of T`).toEqual([cur.level, cur.rule]);
      expect([list.previous.level[p], list.previous.rule[p]], `person ${p} as of P`).toEqual([prev.level, prev.rule]);
      if (!cur.level) continue;
      env.compute(p, T);
      const level = cur.level;
      expectedRows.push({
        person: p,
        level,
        previous: prev.level,
        change: !prev.level ? 'new' : level > prev.level ? 'escalated' : level < prev.level ? 'lowered' : 'unchanged',
        notificationDue: level < 4 && env.values[FEATURE_INDEX.highest_notified_level] < level,
        enforcementReview: level === 4,
        lastIncident: env.hi > env.lo ? ds.incidents.day[idx.incOrder[env.hi - 1]] : NO_DAY,
        incidents: env.hi - env.lo,
        offenses: env.values[FEATURE_INDEX.offenses],
        lastNotifiedLevel: lastNotification(ds, idx, p, T)[0],
        lastNotifiedDay: lastNotification(ds, idx, p, T)[1],
        levelSet: referenceLevelSet(ds, idx, set, env, p, T, level),
        reason: referenceReason(set, env, p, T, cur.rule),
      });
    }
    expectList(list, expectedRows, ds.persons.values);
  }
  // the classify table: the level-set day and the features as of T from the same walk
  const table = classificationTable(ds, idx, set, T, (p) => ds.persons.values[p]);
  const leveled = [];
  for (let p = 0; p < idx.persons; p++) if (referenceRule(set, env, p, T).level) leveled.push(ds.persons.values[p]);
  expect(table.rows.map((r) => r.person_id).sort()).toEqual(leveled.sort());
  for (const row of table.rows) {
    const p = ds.persons.get(String(row.person_id))!;
    const cur = referenceRule(set, env, p, T);
    const since = referenceLevelSet(ds, idx, set, env, p, T, cur.level);
    expect([row.level, row.rule], `person ${row.person_id}`).toEqual([
      levelName(cur.level),
      cur.rule === OVERRIDE_RULE ? 'override' : set.rules[cur.rule].name,
    ]);
    expect(row.days_since_level_set, `person ${row.person_id}`).toBe(since === NO_DAY ? null : T - since);
    expect(row.reason).toBe(referenceReason(set, env, p, T, cur.rule));
    env.compute(p, T);
    const day = (k: number) => formatDay(ds.incidents.day[idx.incOrder[k]]);
    const [nl, nd] = lastNotification(ds, idx, p, T);
    expect([row.first_incident_date, row.last_incident_date, row.last_notified_level, row.last_notified_date]).toEqual([
      env.hi > env.lo ? day(env.lo) : '',
      env.hi > env.lo ? day(env.hi - 1) : '',
      levelName(nl),
      nd === NO_DAY ? '' : formatDay(nd),
    ]);
    for (const r of set.rules)
      for (const f of r.expr.features) expect(row[f], `${f} of ${row.person_id}`).toBe(env.values[FEATURE_INDEX[f]]);
  }
}

describe('one walk per person gives the multi-pass tier list and classify table', () => {
  it('with the default rules (with and without a look-back and overrides)', () => {
    fc.assert(
      fc.property(history, (h) => check(h, null)),
      { numRuns: RUNS },
    );
  });

  it('with random rules over the whole catalog: day counts, catalog functions, look-backs, overrides', () => {
    fc.assert(
      fc.property(history, customRules, (h, specs) => {
        const rules = compileRules(
          specs.map(([level, when], i) => ({ level, when, name: `r${i}`, reason: `random rule ${i}` })),
          'test',
        );
        check(h, rules);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('the columns stay in step with the list order when many persons tie on level and last incident day', () => {
    // ids that compare differently as text and as numbers, and last incidents on few days
    const crowd = ['P1', 'P10', 'P2', '007', '7', '07', 'x', 'é', 'Z', 'a b'];
    fc.assert(
      fc.property(historyOf(crowd, 40), (h) => check(h, null)),
      { numRuns: RUNS },
    );
  });

  it('the check can fail: a column out of step with the others, or two rows out of order, is told apart', () => {
    const inc = (person: string, day: number, arrest: boolean) => ({
      person,
      day,
      victim: 1,
      arrest,
      weapon: false,
      injury: false,
      felony: false,
    });
    // P1 at C (one arrest), P2 and P3 at D; P3's incident the latest of the two
    const incidents = [inc('P1', 5, true), inc('P2', 10, false), inc('P3', 20, false), inc('P2', 3, false)];
    const h: History = { incidents, notifications: [], overrides: [], lookback: undefined, month: 2 };
    const ds = build(h);
    const fresh = () =>
      buildTierList(ds, buildPersonIndex(ds), ruleSetOf(ds, h, null), monthEnd(h), { levelSince: true });
    const list = fresh();
    const want = listRows(list).map((r) => ({ ...r, reason: list.reasonOf(r.person) }));
    expect(want.map((r) => [ds.persons.values[r.person], r.level, r.incidents])).toEqual([
      ['P1', 2, 1],
      ['P3', 1, 1],
      ['P2', 1, 2],
    ]);
    expectList(list, want, ds.persons.values);
    const swap = (a: Int32Array | Uint8Array) => ([a[1], a[2]] = [a[2], a[1]]);
    // one column (incidents) permuted, the others not
    const oneColumn = fresh();
    swap(oneColumn.cols.incidents);
    expect(() => expectList(oneColumn, want, ds.persons.values)).toThrow();
    // every column permuted alike: rows intact, order not
    const wholeRows = fresh();
    for (const key of Object.keys(wholeRows.cols) as (keyof TierList['cols'])[])
      if (key !== 'length') swap(wholeRows.cols[key]);
    expect(() => expectList(wholeRows, want, ds.persons.values)).toThrow();
  });

  it('the check can fail: a level-set day one event day off is told apart', () => {
    // a person at D since the first of two incidents: the level-set day is the first, not the second
    const h: History = {
      incidents: [
        { person: 'P1', day: 10, victim: 1, arrest: false, weapon: false, injury: false, felony: false },
        { person: 'P1', day: 20, victim: 1, arrest: false, weapon: false, injury: false, felony: false },
      ],
      notifications: [],
      overrides: [],
      lookback: undefined,
      month: 2,
    };
    const ds = build(h);
    const idx = buildPersonIndex(ds);
    const set = ruleSetOf(ds, h, null);
    const list = buildTierList(ds, idx, set, monthEnd(h), { levelSince: true });
    expect(listRows(list).map((r) => r.levelSet)).toEqual([BASE + 10]);
  });

  it('a level that lapses between events (days since the last incident) is not the level of the last event day', () => {
    const h: History = {
      incidents: [{ person: 'P1', day: 10, victim: 1, arrest: false, weapon: false, injury: false, felony: false }],
      notifications: [],
      overrides: [],
      lookback: undefined,
      month: 5,
    };
    const rules = compileRules(
      [
        { level: 'A', when: 'days_since_last_incident <= 30', name: 'recent', reason: 'recent' },
        { level: 'D', when: 'incidents >= 1', name: 'any', reason: 'any' },
      ],
      'test',
    );
    const ds = build(h);
    const idx = buildPersonIndex(ds);
    const set = ruleSetOf(ds, h, rules);
    const list = buildTierList(ds, idx, set, monthEnd(h), { levelSince: true });
    // A on the incident day, D at the month end: no event day at D, so no level-set day
    expect(listRows(list).map((r) => [r.level, r.levelSet])).toEqual([[1, NO_DAY]]);
    check(h, rules);
  });

  it('DAY_FEATURES are the only features that change between event days (without a look-back)', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 90 }), (h, gap) => {
        const ds = build(h);
        const idx = buildPersonIndex(ds);
        const a = new ReferenceFeatures(ds, idx, null);
        const b = new ReferenceFeatures(ds, idx, null);
        for (let p = 0; p < idx.persons; p++) {
          // the last event day of p, and a day `gap` later with no event in between
          let last = BASE - 1;
          for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++)
            last = Math.max(last, ds.incidents.day[idx.incOrder[k]]);
          for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++)
            last = Math.max(last, ds.notifications.day[idx.notOrder[k]]);
          a.compute(p, last);
          b.compute(p, last + gap);
          const changed = FEATURE_NAMES.filter((_, i) => !Object.is(a.values[i], b.values[i]));
          for (const f of changed) expect(DAY_COUNTS, f).toContain(f);
          if (b.hi > b.lo) expect(changed).toContain('days_since_last_incident');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
