/**
 * Issue 14, finding 7: personHistory and the distinct-victims feature were
 * rewritten to avoid quadratic work for one person with many incidents. These
 * properties compare the new code with the plain definitions on random
 * histories: the history rows are identical to those of the straightforward
 * day-by-day scan, and `victims` equals a Set count of the victims in view.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainPerson, OVERRIDE_RULE } from '../../src/classify/classify.js';
import { FEATURE_INDEX, FeatureComputer } from '../../src/classify/features.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { personHistory } from '../../src/classify/timeline.js';
import { loadConfig } from '../../src/config/load.js';
import { addMonths, formatDay } from '../../src/dates.js';
import { levelName, type Dataset, type Day } from '../../src/model.js';
import type { PersonIndex } from '../../src/classify/person-index.js';
import { HISTORY_BASE, historyArbitrary, historyDataset } from '../helpers/fc-history.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

/** Random histories of three persons, at least one incident: arrests and weapons (the default rules read them), no overrides. */
const history = historyArbitrary({
  persons: ['P1', 'P2', 'UNKNOWN'],
  maxDay: 400,
  flags: ['arrest', 'weapon'],
  incidents: { minLength: 1, maxLength: 60 },
  victims: 6,
  notifications: 6,
  lookback: 6,
});
const BASE = HISTORY_BASE; // 2022-01-08
const build = historyDataset;

/** The history as first written: every day evaluated, every incident scanned on every event day. */
function referenceHistory(
  ds: Dataset,
  idx: PersonIndex,
  set: ReturnType<typeof buildRuleSet>,
  p: number,
): { date: string; event: string; detail: string }[] {
  const { incidents: inc, notifications: not } = ds;
  const days = new Set<Day>();
  for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) days.add(inc.day[idx.incOrder[k]]);
  for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) days.add(not.day[idx.notOrder[k]]);
  const rows: { date: string; event: string; detail: string }[] = [];
  const sorted = [...days].sort((a, b) => a - b);
  const last = Math.max(sorted[sorted.length - 1] ?? 0, ds.coverage.end);
  let prev = 0;
  for (let d = sorted[0] ?? last + 1; d <= last; d++) {
    if (days.has(d)) {
      for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++)
        if (inc.day[idx.incOrder[k]] === d)
          rows.push({
            date: formatDay(d),
            event: 'incident',
            detail: ds.incidentIds.values[inc.incidentId[idx.incOrder[k]]],
          });
      for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++)
        if (not.day[idx.notOrder[k]] === d) rows.push({ date: formatDay(d), event: 'notification', detail: '' });
    }
    const res = explainPerson(ds, idx, set, p, d);
    if (res.level !== prev) {
      rows.push({
        date: formatDay(d),
        event: res.ruleIndex === OVERRIDE_RULE ? 'override' : 'level',
        detail: `${levelName(prev) || 'none'} → ${levelName(res.level) || 'none'}`,
      });
      prev = res.level;
    }
  }
  return rows;
}

describe('finding 7: the faster history is the same history', () => {
  it('personHistory lists the same events and level changes, in the same order, as the day-by-day scan', () => {
    fc.assert(
      fc.property(history, (h) => {
        const ds = build(h);
        const config = loadConfig();
        if (h.lookback) config.lookbackMonths = h.lookback;
        const set = buildRuleSet(config, ds);
        const idx = buildPersonIndex(ds);
        for (let p = 0; p < idx.persons; p++) {
          const fast = personHistory(ds, idx, set, p, (v) => ds.victims.values[v]).rows.map((r) => ({
            date: r.date,
            event: r.event,
            detail: r.event === 'incident' ? String(r.incident_id) : r.event === 'notification' ? '' : r.detail,
          }));
          expect(fast).toEqual(referenceHistory(ds, idx, set, p));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('victims (distinct victim ids in view) equals a Set count, with and without a look-back', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: -10, max: 420 }), (h, t) => {
        const ds = build(h);
        const idx = buildPersonIndex(ds);
        const T = BASE + t;
        const from = h.lookback ? addMonths(T, -h.lookback) : -Infinity;
        const fcmp = new FeatureComputer(ds, idx, { lookbackMonths: h.lookback ?? null });
        for (let p = 0; p < idx.persons; p++) {
          fcmp.compute(p, T);
          const seen = new Set<number>();
          for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) {
            const i = idx.incOrder[k];
            if (ds.incidents.day[i] > from && ds.incidents.day[i] <= T && ds.incidents.victim[i] >= 0)
              seen.add(ds.incidents.victim[i]);
          }
          expect(fcmp.values[FEATURE_INDEX.victims]).toBe(seen.size);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
