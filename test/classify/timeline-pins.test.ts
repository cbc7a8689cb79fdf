/**
 * Pins for src/classify/timeline.ts (docs/methods.md#history, #alerts): every cell of
 * personHistory's rows (incident details with every flag word, the charge
 * explanation and the withheld offense text, notification details, overrides,
 * a level lost to the look-back on a day with no event, the coverage end) and
 * of swiftAlerts' rows (the `since` edge, the level as of the day before,
 * "notified before" the incident day, each action, same-day incidents, the order).
 * test/classify/timeline.test.ts builds its tables in describe bodies, where
 * Stryker cannot see them; here every table is made inside `it`.
 *
 * Default rules (rules/ipvi-default.yaml):
 *   A: (notified_B and offenses_after_B >= 1) or (serious >= 1 and offenses >= 2)
 *   B: offenses >= 2 or (notified_C and offenses_after_C >= 1)
 *   C: offenses >= 1
 *   D: incidents >= 1
 */
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { resolveRuleSet, withOverridePersons } from '../../src/classify/ruleset.js';
import { personHistory, swiftAlerts } from '../../src/classify/timeline.js';
import { DEFAULT_ACTIONS } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { buildDataset } from '../helpers/dataset.js';
import { pinWorld, ruleSetSpec } from '../helpers/pin-world.js';
import { inc, note, offense, seriousOffense } from '../helpers/records.js';

const day = (s: string) => parseIsoDay(s)!;

describe('personHistory', () => {
  /*
   * h: 2023-01-10 two incidents (H1: every flag and a felony charge, victim v1; H2: nothing,
   *    no victim) → offenses 1, serious 1 → C ("none → C").
   *    2023-02-01 two notifications: B (contact 01-31) listed first (same day: highest level
   *    first), then C (type letter, no contact). B rule: notified_C and offenses_after_C = 0;
   *    A: offenses_after_B = 0 → still C: no level row.
   *    2023-03-01 H3 offense 'X' (no flag but the derived offense) → offenses 2, serious 1 → A ("C → A").
   *    2023-04-01 override to D by ana → "A → D", event override.
   * The days run to the later of the last event (04-01) and the coverage end (03-01 here).
   */
  const hist = () =>
    pinWorld(
      [
        inc('h', '2023-01-10', {
          incident_id: 'H1',
          victim_id: 'v1',
          arrest: true,
          injury: true,
          weapon: true,
          strangulation: true,
          felony: true,
          offense: 'PL 120.05 Assault 2',
        }),
        inc('h', '2023-01-10', { incident_id: 'H2' }),
        inc('h', '2023-03-01', { incident_id: 'H3', victim_id: 'v2', offense: 'X' }),
      ],
      [
        note('h', '2023-02-01', 'C', { type: 'letter' }),
        note('h', '2023-02-01', 'B', { victim_contact_date: '2023-01-31' }),
      ],
      [['h', [{ level: 1, reason: 'reviewed', day: day('2023-04-01'), analyst: 'ana', line: 2 }]]],
    );
  const charges = {
    codes: { separator: ';', felonyCodes: ['PL 120.05'], nonOffenseCodes: ['PL 240'] },
    nullValues: new Set(['n/a']),
  };

  it('every row and cell, in day order: incidents, then notifications, then the level of the day', () => {
    const { ds, set, p } = hist();
    const t = personHistory(ds, buildPersonIndex(ds), set, p('h'), (v) => `<${ds.victims.values[v]}>`);
    const row = (
      date: string,
      event: string,
      incident_id: string,
      victim_id: string,
      detail: string,
      level = '',
      rule = '',
    ) => ({
      date,
      event,
      incident_id,
      victim_id,
      detail,
      level,
      rule,
    });
    expect(t.rows).toEqual([
      row(
        '2023-01-10',
        'incident',
        'H1',
        '<v1>',
        'offense PL 120.05 Assault 2; arrest, injury, weapon, strangulation, felony, offense, serious',
      ),
      row('2023-01-10', 'incident', 'H2', '', 'no victim id'),
      row('2023-01-10', 'level', '', '', 'none → C', 'C', 'C: first known offense — offenses (=1) >= 1'),
      row('2023-02-01', 'notification', '', '', 'level B; victim contacted 2023-01-31'),
      row('2023-02-01', 'notification', '', '', 'level C (letter); no victim contact recorded'),
      row('2023-03-01', 'incident', 'H3', '<v2>', 'offense X; offense'),
      row(
        '2023-03-01',
        'level',
        '',
        '',
        'C → A',
        'A',
        'A: offending again after a B notification, or serious repeat offending — (notified_B (=1) and offenses_after_B (=1) >= 1) or (serious (=1) >= 1 and offenses (=2) >= 2)',
      ),
      row('2023-04-01', 'override', '', '', 'A → D', 'D', 'manual override to D on 2023-04-01 by ana: reviewed'),
    ]);
    expect(t.title).toBe('History of h');
    expect(t.columns).toEqual([
      { key: 'date', kind: 'date' },
      { key: 'event' },
      { key: 'incident_id' },
      { key: 'victim_id' },
      { key: 'level' },
      { key: 'detail' },
      { key: 'rule' },
    ]);
    expect(t.notes).toEqual([
      'each level row is the classification as of that day (docs/methods.md#classification), with the rule that fired and the values behind it',
    ]);
    expect(t.subjects).toEqual({ asOf: Number.POSITIVE_INFINITY, person: t.rows.map(() => p('h')) });
  });

  it('with the charge codes: which charge made it a felony or an offense; withheld under --pseudonymize', () => {
    const { ds, set, p } = hist();
    const idx = buildPersonIndex(ds);
    const label = (i: number) => `#${ds.incidentIds.values[i]}`;
    const t = personHistory(ds, idx, set, p('h'), String, label, charges);
    expect(t.rows.filter((r) => r.event === 'incident').map((r) => [r.incident_id, r.detail])).toEqual([
      [
        '#H1',
        "offense PL 120.05 Assault 2; arrest, injury, weapon, strangulation, felony, offense, serious (felony by 'PL 120.05 Assault 2' (felony code PL 120.05))",
      ],
      ['#H2', 'no victim id'],
      ['#H3', "offense X; offense (offense by 'X' (not a listed non-offense code))"],
    ]);
    const w = personHistory(ds, idx, set, p('h'), String, label, charges, false);
    expect(w.rows.filter((r) => r.event === 'incident').map((r) => r.detail)).toEqual([
      'offense (withheld); arrest, injury, weapon, strangulation, felony, offense, serious',
      'no victim id',
      'offense (withheld); offense',
    ]);
    // no charge codes: no explanation
    const n = personHistory(ds, idx, set, p('h'), String, label, null);
    expect(n.rows[0].detail).toBe(
      'offense PL 120.05 Assault 2; arrest, injury, weapon, strangulation, felony, offense, serious',
    );
  });

  it('a level lost on a day with no event (look-back 12 months) is shown that day, up to the coverage end', () => {
    // lb: one incident 2022-01-10 → D; as of 2023-01-10 it is not after T − 12 months → none
    const s = pinWorld([inc('lb', '2022-01-10', { incident_id: 'L1' })], [], [], { lookbackMonths: 12 });
    const idx = buildPersonIndex(s.ds);
    const upTo = (end: string) => {
      s.ds.coverage = { ...s.ds.coverage, end: day(end) };
      return personHistory(s.ds, idx, s.set, s.p('lb'), String).rows.map((r) => [
        r.date,
        r.event,
        r.detail,
        r.level,
        r.rule,
      ]);
    };
    const first = [
      ['2022-01-10', 'incident', 'no victim id', '', ''],
      ['2022-01-10', 'level', 'none → D', 'D', 'D: indication of IPV — incidents (=1) >= 1'],
    ];
    expect(upTo('2023-01-10')).toEqual([
      ...first,
      ['2023-01-10', 'level', 'D → none', '', 'no incident as of this date'],
    ]);
    // coverage ending the day before: the loss is past the data, not shown
    expect(upTo('2023-01-09')).toEqual(first);
  });

  it("starts at the earliest event of any kind; the next person's records of the same day are not this person's", () => {
    // e: a D note 01-05 before the first incident 02-01; f (the next person) has a note on 01-05
    // and an incident on 02-01 too
    const s = pinWorld(
      [inc('e', '2023-02-01', { incident_id: 'E1' }), inc('f', '2023-02-01', { incident_id: 'F1' })],
      [note('e', '2023-01-05', 'D'), note('f', '2023-01-05', 'C')],
    );
    const t = personHistory(s.ds, s.idx, s.set, s.p('e'), String);
    expect(t.rows.map((r) => [r.date, r.event, r.incident_id, r.detail])).toEqual([
      ['2023-01-05', 'notification', '', 'level D; no victim contact recorded'],
      ['2023-02-01', 'incident', 'E1', 'no victim id'],
      ['2023-02-01', 'level', '', 'none → D'],
    ]);
  });

  it('a person with no event has no row', () => {
    const spec = ruleSetSpec();
    const ds = withOverridePersons(buildDataset([inc('x', '2023-01-01')]), {
      ...spec,
      overrides: new Map([['ghost', []]]),
    });
    const t = personHistory(ds, buildPersonIndex(ds), resolveRuleSet(spec, ds), ds.persons.get('ghost')!, String);
    expect(t.rows).toEqual([]);
  });
});

describe('swiftAlerts (since 2023-03-01)', () => {
  /*
   * zed  incident 03-20 (first ever): none → D.                           alert
   * two  offenses 03-20 ×2 (first ever): none → B as of 03-20 (both seen).   two alerts, same values
   * a    incident 02-28 only: before `since`.                               none
   * b    incident 03-01 = since: none → D.                                  alert
   * c    offense 02-15 (before since, not listed), offense 03-05: C → B.   alert
   * n    incident 01-01, D note 02-01, incident 03-10: D → D, notified before at D.   alert
   * s    incident 01-01, D note 03-12, incident 03-12: notified that day, not before; D → D.  none
   * aa   serious offense 01-05, C note 02-01, offense 04-01: C → A (serious + 2 offenses).  alert
   * bb   offense 01-05, offense 04-05 and a B note 04-05: C → B; notified at B that day → no
   *      B notification due.                                               alert
   * Order: newest first, then person id: bb 04-05, aa 04-01, two two zed 03-20, n 03-10,
   * c 03-05, b 03-01.
   */
  const alerts = () =>
    pinWorld(
      [
        inc('zed', '2023-03-20', { incident_id: 'Z1' }),
        offense('two', '2023-03-20', { incident_id: 'W1' }),
        offense('two', '2023-03-20', { incident_id: 'W2' }),
        inc('a', '2023-02-28', { incident_id: 'A1' }),
        inc('b', '2023-03-01', { incident_id: 'B1' }),
        offense('c', '2023-02-15', { incident_id: 'C1' }),
        offense('c', '2023-03-05', { incident_id: 'C2' }),
        inc('n', '2023-01-01', { incident_id: 'N1' }),
        inc('n', '2023-03-10', { incident_id: 'N2' }),
        inc('s', '2023-01-01', { incident_id: 'S1' }),
        inc('s', '2023-03-12', { incident_id: 'S2' }),
        seriousOffense('aa', '2023-01-05', { incident_id: 'AA1' }),
        offense('aa', '2023-04-01', { incident_id: 'AA2' }),
        offense('bb', '2023-01-05', { incident_id: 'BB1' }),
        offense('bb', '2023-04-05', { incident_id: 'BB2' }),
      ],
      [
        note('n', '2023-02-01', 'D'),
        note('s', '2023-03-12', 'D'),
        note('aa', '2023-02-01', 'C'),
        note('bb', '2023-04-05', 'B', { victim_contact_date: '2023-04-01' }),
      ],
    );
  const V = (l: 'A' | 'B' | 'C' | 'D') => `victim: ${DEFAULT_ACTIONS[l].victim}`;

  it('every row and cell, newest first, then by person id', () => {
    const { ds, set } = alerts();
    const t = swiftAlerts(
      ds,
      buildPersonIndex(ds),
      set,
      day('2023-03-01'),
      DEFAULT_ACTIONS,
      (p) => ds.persons.values[p],
    );
    const cells = t.rows.map((r) => [
      r.incident_date,
      r.incident_id,
      r.person_id,
      r.level_before,
      r.level_after,
      r.notified_before,
      r.action_due,
    ]);
    expect(cells).toEqual([
      ['2023-04-05', 'BB2', 'bb', 'C', 'B', '', `prosecutor flag; ${V('B')}`],
      [
        '2023-04-01',
        'AA2',
        'aa',
        'C',
        'A',
        'C',
        `enforcement review (A: any legal means); prosecutor flag; swift response: already notified at C; ${V('A')}`,
      ],
      ['2023-03-20', 'W1', 'two', '', 'B', '', `B-level notification; prosecutor flag; ${V('B')}`],
      ['2023-03-20', 'W2', 'two', '', 'B', '', `B-level notification; prosecutor flag; ${V('B')}`],
      ['2023-03-20', 'Z1', 'zed', '', 'D', '', `D-level notification; ${V('D')}`],
      ['2023-03-10', 'N2', 'n', 'D', 'D', 'D', `swift response: already notified at D; ${V('D')}`],
      ['2023-03-05', 'C2', 'c', 'C', 'B', '', `B-level notification; prosecutor flag; ${V('B')}`],
      ['2023-03-01', 'B1', 'b', '', 'D', '', `D-level notification; ${V('D')}`],
    ]);
    expect(t.rows[0]).toEqual({
      incident_date: '2023-04-05',
      incident_id: 'BB2',
      person_id: 'bb',
      level_before: 'C',
      level_after: 'B',
      notified_before: '',
      reason:
        'B: demonstrated repeat offending — offenses (=2) >= 2 or (notified_C (=0) and offenses_after_C (=0) >= 1)',
      action_due: `prosecutor flag; ${V('B')}`,
    });
    expect(t.rows.find((r) => r.incident_id === 'N2')!.reason).toBe('D: indication of IPV — incidents (=2) >= 1');
    expect(t.meta).toEqual({ alerts: 8 });
    const p = (id: string) => ds.persons.get(id)!;
    expect(t.subjects).toEqual({
      asOf: Number.POSITIVE_INFINITY,
      person: ['bb', 'aa', 'two', 'two', 'zed', 'n', 'c', 'b'].map(p),
    });
    expect(t.title).toBe('Swift-response alerts since 2023-03-01');
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([
      ['incident_date', 'date'],
      ['incident_id', undefined],
      ['person_id', undefined],
      ['level_before', undefined],
      ['level_after', undefined],
      ['notified_before', undefined],
      ['reason', undefined],
      ['action_due', undefined],
    ]);
    expect(t.notes).toEqual([
      'incidents dated on or after 2023-03-01 whose suspect was notified before the incident day, or whose level rose that day',
      'level_before is the level as of the day before the incident; level_after as of the incident day (all incidents of that day seen)',
    ]);
  });

  it('the since day itself counts; a day later it does not', () => {
    const { ds, set } = alerts();
    const idx = buildPersonIndex(ds);
    const ids = (since: string) =>
      swiftAlerts(
        ds,
        idx,
        set,
        day(since),
        DEFAULT_ACTIONS,
        (p) => ds.persons.values[p],
        (i) => `#${ds.incidentIds.values[i]}`,
      ).rows.map((r) => r.incident_id);
    expect(ids('2023-03-02')).toEqual(['#BB2', '#AA2', '#W1', '#W2', '#Z1', '#N2', '#C2']);
    // since 02-15: a's 02-28 incident is a first incident (none → D); c's 02-15 one is none → C
    expect(ids('2023-02-15')).toEqual(['#BB2', '#AA2', '#W1', '#W2', '#Z1', '#N2', '#C2', '#B1', '#A1', '#C1']);
    expect(ids('2023-04-06')).toEqual([]);
  });

  it('a notified person whose level after the incident is none: listed, with no level and no victim action', () => {
    // only a C rule: n's non-offense incidents give no level; n was notified at D before 03-10
    const s = pinWorld(
      [inc('n', '2023-01-01', { incident_id: 'N1' }), inc('n', '2023-03-10', { incident_id: 'N2' })],
      [note('n', '2023-02-01', 'D')],
      [],
      { rules: [{ level: 'C', when: 'offenses >= 1' }] },
    );
    const t = swiftAlerts(s.ds, buildPersonIndex(s.ds), s.set, day('2023-03-01'), DEFAULT_ACTIONS, String);
    expect(
      t.rows.map((r) => [r.incident_id, r.level_before, r.level_after, r.notified_before, r.reason, r.action_due]),
    ).toEqual([['N2', '', '', 'D', 'no rule holds', 'swift response: already notified at D']]);
  });
});
