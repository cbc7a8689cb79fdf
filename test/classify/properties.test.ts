/**
 * Properties of classification and the monthly tier list under the default
 * rules (docs/methods.md#classification, #tier-list), checked with fast-check on random histories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAll } from '../../src/classify/classify.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { buildTierList, tierTable, type TierList } from '../../src/classify/tier-list.js';
import { DEFAULT_ACTIONS, loadConfig } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { levelName, type Dataset } from '../../src/model.js';
import { KEY_DAYS, dayArb, historyArb } from '../helpers/arbitraries.js';
import { loadFixture } from '../helpers/csv-fixture.js';
import { buildDataset } from '../helpers/dataset.js';
import { Rng, generateHistories, isoAddDays } from '../helpers/random-history.js';
import {
  histories,
  monthEnd,
  nextMonth,
  oracleLevel,
  oracleTierList,
  oracleTierListWithDropped,
  type OracleTierRow,
} from './oracle.js';
import { listRows } from '../helpers/tier-rows.js';

const config = loadConfig();

function prepare(ds: Dataset) {
  const set = buildRuleSet(config, ds);
  const idx = buildPersonIndex(ds);
  return { set, idx };
}

/** as-of dates: every month end over the arbitrary's span, plus the key days and the days around them */
const SWEEP = [
  ...new Set([
    ...Array.from({ length: 27 }, (_, k) =>
      monthEnd(`${2021 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`),
    ),
    ...KEY_DAYS.flatMap((d) => [isoAddDays(d, -1), d, isoAddDays(d, 1)]),
  ]),
].sort();

function levelsAt(ds: Dataset, T: string) {
  const { set, idx } = prepare(ds);
  const c = classifyAll(ds, idx, set, parseIsoDay(T)!);
  return new Map(ds.persons.values.map((id, p) => [id, levelName(c.level[p])] as const));
}

/** The §9 columns the oracle computes, from the tier table (person labels = raw ids). */
function tierRows(ds: Dataset, list: TierList): OracleTierRow[] {
  const table = tierTable(list, DEFAULT_ACTIONS, (p) => ds.persons.values[p]);
  return table.rows.map((r) => ({
    person_id: r.person_id as string,
    level: r.level as OracleTierRow['level'],
    previous_level: r.previous_level as OracleTierRow['previous_level'],
    change: r.change as OracleTierRow['change'],
    notification_due: r.notification_due as boolean,
    enforcement_review: r.enforcement_review as boolean,
    last_incident_date: r.last_incident_date as string,
    incidents: r.incidents as number,
    offenses: r.offenses as number,
    last_notified_level: r.last_notified_level as OracleTierRow['last_notified_level'],
    last_notified_date: r.last_notified_date as string,
  }));
}

describe('levels never fall as the as-of date grows (default rules, no look-back)', () => {
  it('holds for random histories, and every level equals the oracle', () => {
    fc.assert(
      fc.property(historyArb(), (h) => {
        const ds = buildDataset(h.incidents, h.notifications);
        const { set, idx } = prepare(ds);
        const hist = histories(h.incidents, h.notifications);
        const last = new Map<string, number>();
        for (const T of SWEEP) {
          const c = classifyAll(ds, idx, set, parseIsoDay(T)!);
          for (let p = 0; p < idx.persons; p++) {
            const id = ds.persons.values[p];
            expect(levelName(c.level[p]), `${id} as of ${T}`).toBe(oracleLevel(hist.get(id)!, T));
            expect(c.level[p], `${id} fell as of ${T}`).toBeGreaterThanOrEqual(last.get(id) ?? 0);
            last.set(id, c.level[p]);
          }
        }
      }),
      { numRuns: 200, seed: 4242 },
    );
  });
});

describe('row order never changes a result', () => {
  it('shuffled CSV rows, reloaded, give every person the same level and the same tier list', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb(['p1', 'p2', 'p3', '007', '7'], 16, 8), fc.integer(), async (h, seed) => {
        const rng = new Rng(seed);
        const a = await loadFixture({ incidents: h.incidents, notifications: h.notifications });
        const b = await loadFixture({
          incidents: rng.shuffle(h.incidents),
          notifications: rng.shuffle(h.notifications),
        });
        for (const T of ['2021-06-30', '2021-12-31', '2022-02-28', '2022-06-15', '2023-01-31']) {
          expect(levelsAt(b.dataset, T)).toEqual(levelsAt(a.dataset, T));
        }
        for (const month of ['2021-07', '2022-03']) {
          const T = parseIsoDay(monthEnd(month))!;
          const pa = prepare(a.dataset);
          const la = buildTierList(a.dataset, pa.idx, pa.set, T);
          const pb = prepare(b.dataset);
          const lb = buildTierList(b.dataset, pb.idx, pb.set, T);
          // the whole rendered table, reasons included
          const ta = tierTable(la, DEFAULT_ACTIONS, (p) => a.dataset.persons.values[p]);
          const tb = tierTable(lb, DEFAULT_ACTIONS, (p) => b.dataset.persons.values[p]);
          expect(tb.rows).toEqual(ta.rows);
        }
      }),
      { numRuns: 40, seed: 777 },
    );
  });
});

describe('buildTierList for consecutive months agrees with classifyAll and §9', () => {
  function checkMonths(ds: Dataset, hist: ReturnType<typeof histories>, months: string[]) {
    const { set, idx } = prepare(ds);
    let before: TierList | undefined;
    for (const month of months) {
      const T = parseIsoDay(monthEnd(month))!;
      const list = buildTierList(ds, idx, set, T);
      // level and previous_level are classifyAll at the two month ends
      const atT = classifyAll(ds, idx, set, T);
      const atP = classifyAll(ds, idx, set, list.previousAsOf);
      expect(Array.from(list.current.level)).toEqual(Array.from(atT.level));
      expect(Array.from(list.previous.level)).toEqual(Array.from(atP.level));
      for (const r of listRows(list)) {
        expect(r.level).toBe(atT.level[r.person]);
        expect(r.previous).toBe(atP.level[r.person]);
      }
      expect(list.cols.length).toBe(Array.from(atT.level).filter((l) => l > 0).length);
      if (before) {
        // this month's previous level is last month's level
        expect(list.previousAsOf).toBe(before.asOf);
        const last = new Map(listRows(before).map((r) => [r.person, r.level]));
        for (const r of listRows(list)) expect(r.previous).toBe(last.get(r.person) ?? 0);
      }
      // every §9 column against the oracle, in the §9 order
      expect(tierRows(ds, list)).toEqual(oracleTierList(hist, month));
      expect(list.droppedByLookback).toBe(0);
      before = list;
    }
  }

  it('on random small histories (fast-check)', () => {
    const monthArb = fc
      .integer({ min: 0, max: 24 })
      .map((k) => `${2021 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(historyArb(), monthArb, (h, m) => {
        const ds = buildDataset(h.incidents, h.notifications);
        checkMonths(ds, histories(h.incidents, h.notifications), [m, nextMonth(m)]);
      }),
      { numRuns: 300, seed: 99 },
    );
  });

  it('on seeded random data, 1,200 people, every month of 2022', () => {
    const gen = generateHistories(new Rng(31337), {
      persons: 1200,
      start: '2021-01-01',
      end: '2022-12-31',
      anchors: ['2022-03-31', '2022-04-01', '2022-08-31'],
    });
    const ds = buildDataset(gen.incidents, gen.notifications);
    const hist = histories(gen.incidents, gen.notifications);
    const months = Array.from({ length: 12 }, (_, k) => `2022-${String(k + 1).padStart(2, '0')}`);
    checkMonths(ds, hist, months);
    // the data exercises every value of change and both flags
    const rows = months.flatMap((m) => oracleTierList(hist, m));
    for (const c of ['new', 'escalated', 'unchanged'] as const)
      expect(rows.filter((r) => r.change === c).length, c).toBeGreaterThan(20);
    expect(rows.filter((r) => r.notification_due).length).toBeGreaterThan(100);
    expect(rows.filter((r) => !r.notification_due && r.level !== 'A').length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.enforcement_review).length).toBeGreaterThan(100);
    expect(rows.some((r) => r.change === 'lowered')).toBe(false); // default rules, no look-back
  });
});

describe('with a look-back (lookback_months)', () => {
  it('tier lists equal the oracle, droppedByLookback included, for random histories and windows', () => {
    const monthArb = fc
      .integer({ min: 0, max: 24 })
      .map((k) => `${2021 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(historyArb(), monthArb, fc.constantFrom(1, 2, 6, 12, 13), (h, month, lookbackMonths) => {
        const ds = buildDataset(h.incidents, h.notifications);
        const { set, idx } = prepare(ds);
        set.features = { lookbackMonths };
        const hist = histories(h.incidents, h.notifications);
        const list = buildTierList(ds, idx, set, parseIsoDay(monthEnd(month))!);
        const want = oracleTierListWithDropped(hist, month, { lookbackMonths });
        expect(tierRows(ds, list)).toEqual(want.rows);
        expect(list.droppedByLookback).toBe(want.dropped);
      }),
      { numRuns: 300, seed: 2024 },
    );
  });
});

describe('a person with many incidents (runs longer than 32 rows are sorted another way)', () => {
  it('equals the oracle whatever the row order', () => {
    const arb = fc.record({
      days: fc.array(dayArb, { minLength: 30, maxLength: 90 }),
      offenseMask: fc.array(fc.boolean(), { minLength: 90, maxLength: 90 }),
      nots: fc.array(fc.record({ notification_date: dayArb, level: fc.constantFrom<'C' | 'B'>('C', 'B') }), {
        maxLength: 4,
      }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(arb, ({ days, offenseMask, nots, seed }) => {
        const incidents = days.map((d, i) => ({
          incident_id: `M${i}`,
          incident_date: d,
          suspect_id: 'many',
          arrest: offenseMask[i],
          weapon: i % 17 === 0,
        }));
        const notifications = nots.map((n) => ({ person_id: 'many', ...n }));
        const ds = buildDataset(new Rng(seed).shuffle(incidents), notifications);
        const h = histories(incidents, notifications).get('many')!;
        for (const T of SWEEP) expect(levelsAt(ds, T).get('many'), T).toBe(oracleLevel(h, T));
        const list = buildTierList(ds, buildPersonIndex(ds), buildRuleSet(config, ds), parseIsoDay('2022-12-31')!);
        expect(tierRows(ds, list)).toEqual(oracleTierList(histories(incidents, notifications), '2022-12'));
      }),
      { numRuns: 60, seed: 5 },
    );
  });
});
