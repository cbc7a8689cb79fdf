/**
 * personHistory and swiftAlerts (src/classify/timeline.ts) on a tiny
 * hand-made history under the default rules (docs/methods.md#classification).
 */
import { describe, expect, it } from 'vitest';
import { explainPerson } from '../../src/classify/classify.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { personHistory, swiftAlerts } from '../../src/classify/timeline.js';
import { DEFAULT_ACTIONS, loadConfig } from '../../src/config/load.js';
import { formatDay, parseIsoDay } from '../../src/dates.js';
import { levelName } from '../../src/model.js';
import { buildDataset } from '../helpers/dataset.js';
import { inc, note, offense, seriousOffense } from '../helpers/records.js';

const incidents = [
  // tom climbs D → C → B → A
  inc('tom', '2023-01-10', { incident_id: 'T1', victim_id: 'v1' }), //              D: an incident
  offense('tom', '2023-02-05', { incident_id: 'T2', victim_id: 'v1', offense: 'ASSAULT3' }), // C: first offense
  inc('tom', '2023-03-01', { incident_id: 'T3', victim_id: 'v1' }), //              no change
  offense('tom', '2023-03-15', { incident_id: 'T4', victim_id: 'v1' }), //          B: offenses = 2
  offense('tom', '2023-04-01', { incident_id: 'T5', victim_id: 'v1' }), //          the B notification's day: not after it
  offense('tom', '2023-05-10', { incident_id: 'T6', victim_id: 'v2' }), //          A: an offense after the B notification
  // sue: first incident after `since`, never notified: none → D
  inc('sue', '2023-03-05', { incident_id: 'S1' }),
  // ned: D already, a second non-offense incident after `since`, never notified: no alert
  inc('ned', '2022-12-01', { incident_id: 'N1' }),
  inc('ned', '2023-03-20', { incident_id: 'N2' }),
  // nina: D already, notified on the day of her next (non-offense) incident: not notified *before* it, no rise: no alert
  inc('nina', '2022-10-10', { incident_id: 'K1' }),
  inc('nina', '2023-03-10', { incident_id: 'K2' }),
  // olga: notified, but every incident is before `since`
  offense('olga', '2022-05-05', { incident_id: 'O1' }),
];
const notifications = [
  note('tom', '2023-02-20', 'C', { type: 'face_to_face' }),
  note('tom', '2023-04-01', 'B', { type: 'custom_notification', victim_contact_date: '2023-03-30' }),
  note('nina', '2023-03-10', 'D', { type: 'letter' }),
  note('olga', '2022-06-01', 'C'),
];

const ds = buildDataset(incidents, notifications);
const set = buildRuleSet(loadConfig(), ds);
const idx = buildPersonIndex(ds);
const id = (p: number) => ds.persons.values[p];

describe('personHistory', () => {
  const table = personHistory(ds, idx, set, ds.persons.get('tom')!, (v) => ds.victims.values[v]);

  it('lists incidents, notifications and each level change on its day, in date order', () => {
    expect(table.rows.map((r) => [r.date, r.event, r.level])).toEqual([
      ['2023-01-10', 'incident', ''],
      ['2023-01-10', 'level', 'D'],
      ['2023-02-05', 'incident', ''],
      ['2023-02-05', 'level', 'C'],
      ['2023-02-20', 'notification', ''],
      ['2023-03-01', 'incident', ''],
      ['2023-03-15', 'incident', ''],
      ['2023-03-15', 'level', 'B'],
      ['2023-04-01', 'incident', ''],
      ['2023-04-01', 'notification', ''],
      ['2023-05-10', 'incident', ''],
      ['2023-05-10', 'level', 'A'],
    ]);
  });

  it('each level row carries the transition and the rule that fired, with its values', () => {
    const levels = table.rows.filter((r) => r.event === 'level');
    expect(levels.map((r) => r.detail)).toEqual(['none → D', 'D → C', 'C → B', 'B → A']);
    expect(levels[0].rule).toBe('D: indication of IPV — incidents (=1) >= 1');
    expect(levels[1].rule).toBe('C: first known offense — offenses (=1) >= 1');
    expect(levels[2].rule).toBe(
      'B: demonstrated repeat offending — offenses (=2) >= 2 or (notified_C (=1) and offenses_after_C (=1) >= 1)',
    );
    // the 2023-04-01 offense is on the B notification's day, so only the 2023-05-10 one is after it
    expect(levels[3].rule).toBe(
      'A: offending again after a B notification, or serious repeat offending — (notified_B (=1) and offenses_after_B (=1) >= 1) or (serious (=0) >= 1 and offenses (=4) >= 2)',
    );
  });

  it('describes incidents and notifications', () => {
    // the IDs have their own columns (never cut on a terminal); detail holds the rest
    expect(table.rows[2]).toMatchObject({
      incident_id: 'T2',
      victim_id: 'v1',
      detail: 'offense ASSAULT3; arrest, offense',
    });
    expect(table.rows[9]).toMatchObject({ incident_id: '', victim_id: '' });
    expect(table.rows[9].detail).toBe('level B (custom_notification); victim contacted 2023-03-30');
    expect(table.rows[4].detail).toBe('level C (face_to_face); no victim contact recorded');
  });

  it('a person notified but never in an incident has no level row', () => {
    const only = buildDataset([inc('x', '2023-01-01')], [note('ghost', '2023-01-05', 'B')]);
    const s = buildRuleSet(loadConfig(), only);
    const t = personHistory(only, buildPersonIndex(only), s, only.persons.get('ghost')!, String);
    expect(t.rows.map((r) => r.event)).toEqual(['notification']);
  });
});

describe('swiftAlerts', () => {
  const since = parseIsoDay('2023-03-01')!;
  const table = swiftAlerts(ds, idx, set, since, DEFAULT_ACTIONS, id);

  it('alerts on incidents by already-notified persons and on level rises, newest first; no one else', () => {
    expect(
      table.rows.map((r) => [
        r.incident_date,
        r.incident_id,
        r.person_id,
        r.level_before,
        r.level_after,
        r.notified_before,
      ]),
    ).toEqual([
      ['2023-05-10', 'T6', 'tom', 'B', 'A', 'B'],
      ['2023-04-01', 'T5', 'tom', 'B', 'B', 'C'], // notified at B that same day: "before" is still C
      ['2023-03-15', 'T4', 'tom', 'C', 'B', 'C'],
      ['2023-03-05', 'S1', 'sue', '', 'D', ''], //   never notified, but a new level
      ['2023-03-01', 'T3', 'tom', 'C', 'C', 'C'], // no rise, but notified before
    ]);
    expect(table.meta).toEqual({ alerts: 5 });
    const people = new Set(table.rows.map((r) => r.person_id));
    for (const excluded of ['ned', 'nina', 'olga']) expect(people.has(excluded), excluded).toBe(false);
  });

  it('says what is due', () => {
    const rise = table.rows.find((r) => r.incident_id === 'T4')!;
    expect(rise.reason).toMatch(/^B: demonstrated repeat offending/);
    expect(rise.action_due).toBe(
      `B-level notification; prosecutor flag; swift response: already notified at C; victim: ${DEFAULT_ACTIONS.B.victim}`,
    );
    const a = table.rows.find((r) => r.incident_id === 'T6')!;
    expect(a.action_due).toBe(
      `enforcement review (A: any legal means); prosecutor flag; swift response: already notified at B; victim: ${DEFAULT_ACTIONS.A.victim}`,
    );
    const sue = table.rows.find((r) => r.person_id === 'sue')!;
    expect(sue.action_due).toBe(`D-level notification; victim: ${DEFAULT_ACTIONS.D.victim}`);
  });

  it('is empty when nothing happened since the date', () => {
    const none = swiftAlerts(ds, idx, set, parseIsoDay('2023-05-11')!, DEFAULT_ACTIONS, id);
    expect(none.rows).toEqual([]);
    expect(none.meta).toEqual({ alerts: 0 });
  });

  it('is empty when the only new incidents are by un-notified persons whose level does not rise', () => {
    const quiet = swiftAlerts(ds, idx, set, parseIsoDay('2023-03-16')!, DEFAULT_ACTIONS, id);
    // after 2023-03-15: tom's T5 (notified) and T6 (notified, rise) remain; ned's N2 (2023-03-20) stays out
    expect(quiet.rows.map((r) => r.incident_id)).toEqual(['T6', 'T5']);
    const d2 = buildDataset([inc('a', '2023-01-01'), inc('a', '2023-02-01'), inc('b', '2023-02-02', { injury: true })]);
    const t = swiftAlerts(
      d2,
      buildPersonIndex(d2),
      buildRuleSet(loadConfig(), d2),
      parseIsoDay('2023-02-01')!,
      DEFAULT_ACTIONS,
      (p) => d2.persons.values[p],
    );
    // a's second incident leaves a at D; b's first incident is a rise from none to D
    expect(t.rows.map((r) => r.person_id)).toEqual(['b']);
  });
});

/**
 * Regression (was a bug in personHistory): levels were evaluated only on
 * event days (incidents, notifications, overrides). With a look-back, or with
 * rules over time windows (offenses_within_months, ...), a level can change on
 * a day with no event — an incident leaves the window — and the history never
 * shows it. Property: replaying the history's level rows must give the level
 * that explainPerson/classifyAll give on every day.
 * Fixed: the history now evaluates every day up to the coverage end (the data
 * says nothing past it), so these replays are checked up to that day.
 */
describe('personHistory on rules whose level can fall without an event', () => {
  function replayMismatches(
    dsx: ReturnType<typeof buildDataset>,
    setx: ReturnType<typeof buildRuleSet>,
    person: string,
    from: string,
    to: string,
  ): string[] {
    const idxx = buildPersonIndex(dsx);
    const p = dsx.persons.get(person)!;
    const rows = personHistory(dsx, idxx, setx, p, String).rows.filter(
      (r) => r.event === 'level' || r.event === 'override',
    );
    const out: string[] = [];
    for (let d = parseIsoDay(from)!; d <= parseIsoDay(to)!; d++) {
      const shown = [...rows].reverse().find((r) => parseIsoDay(r.date as string)! <= d)?.level ?? '';
      const actual = explainPerson(dsx, idxx, setx, p, d).level;
      if (shown !== levelName(actual))
        out.push(`${formatDay(d)}: history says '${shown}', classification '${levelName(actual)}'`);
    }
    return out;
  }

  it('control: under the default rules without a look-back the replay matches every day', () => {
    expect(replayMismatches(ds, set, 'tom', '2022-12-01', '2023-12-31')).toEqual([]);
  });

  it('look-back 12 months: an incident leaving the window (2023-01-10) is a level change the history misses', () => {
    // lee: one incident 2022-01-10 → D; as of 2023-01-10 it is outside the 12-month window → no level;
    // a new incident 2023-06-01 → D again. The history shows "none → D" on 2022-01-10 and nothing else.
    const dsl = buildDataset([inc('lee', '2022-01-10'), inc('lee', '2023-06-01')]);
    const setl = { ...buildRuleSet(loadConfig(), dsl), features: { lookbackMonths: 12 } };
    expect(replayMismatches(dsl, setl, 'lee', '2022-01-01', '2023-12-31')).toEqual([]);
  });

  it('points-example rules: offenses ageing out of the 12/36-month windows lower the level unseen', () => {
    // alice of test/classify/points-example.test.ts: A (10 points) from 2023-05-01; on 2024-03-10 the
    // 2021-03-10 offense leaves the 36-month window: 9 points, B. The history still ends at A.
    const dsp = buildDataset([
      seriousOffense('alice', '2023-05-01'),
      inc('alice', '2021-03-10', { offense: 'ASSAULT3' }),
      inc('alice', '2019-08-01'),
    ]);
    dsp.coverage = { ...dsp.coverage, end: parseIsoDay('2024-12-31')!, endSource: 'option' };
    const setp = buildRuleSet(loadConfig(undefined, { rulesFile: 'rules/points-example.yaml' }), dsp);
    expect(replayMismatches(dsp, setp, 'alice', '2019-07-01', '2024-12-31')).toEqual([]);
  });
});
