/**
 * The parallel victim-outreach list (`ipvi tiers --victims`, victimTable in
 * src/classify/tier-list.ts; docs/methods.md#parallel-responses): every branch of the
 * victim-safety check, hand-worked, through the real path (CSV → loadDataset
 * → loadConfig → buildTierList → victimTable).
 *
 * As of T = 2023-06-30 under the default rules: two offenses → B, one → C.
 * Contact-first levels are B (the default) unless a case says otherwise.
 *
 * Each table is built in `beforeEach`, not in the describe body: code run while
 * vitest collects the tests runs before Stryker switches a mutant on and is not
 * attributed to a test, so a mutant there would go unseen (docs/testing.md).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { buildTierList, victimTable } from '../../src/classify/tier-list.js';
import { parseIsoDay } from '../../src/dates.js';
import type { Table } from '../../src/model.js';
import { loadFixture } from '../helpers/csv-fixture.js';
import { inc, note, offense, seriousOffense, type IncidentRec, type NotificationRec } from '../helpers/records.js';

const T = '2023-06-30';

async function outreach(
  incidents: IncidentRec[],
  notifications: NotificationRec[],
  configYaml?: string,
): Promise<Table> {
  const { dataset: ds, config } = await loadFixture({ incidents, notifications, configYaml });
  const set = buildRuleSet(config, ds);
  const idx = buildPersonIndex(ds);
  const list = buildTierList(ds, idx, set, parseIsoDay(T)!);
  return victimTable(
    ds,
    idx,
    list,
    config.actions,
    config.victimContactFirst,
    (p) => ds.persons.values[p],
    (v) => ds.victims.values[v],
  );
}

const safetyOf = (t: Table) => Object.fromEntries(t.rows.map((r) => [r.person_id, r.safety]));

describe('victim-safety check (contact-first level B)', () => {
  const twoOffenses = (id: string, victim = `V-${id}`) => [
    offense(id, '2023-01-01', { victim_id: victim }),
    offense(id, '2023-02-01', { victim_id: victim }),
  ];
  let t: Table;
  let s: Record<string, unknown>;
  beforeEach(async () => {
    t = await outreach(
      [
        ...twoOffenses('contacted_before'),
        ...twoOffenses('contacted_same_day'),
        ...twoOffenses('contacted_after'),
        ...twoOffenses('never_contacted'),
        ...twoOffenses('not_yet_notified'),
        ...twoOffenses('notified_C_only'),
        ...twoOffenses('first_violation_kept'),
        ...twoOffenses('notified_after_T'),
        offense('level_C', '2023-03-01', { victim_id: 'V-c' }),
      ],
      [
        note('contacted_before', '2023-03-10', 'B', { victim_contact_date: '2023-03-09' }),
        note('contacted_same_day', '2023-03-10', 'B', { victim_contact_date: '2023-03-10' }),
        note('contacted_after', '2023-03-10', 'B', { victim_contact_date: '2023-03-11' }),
        note('never_contacted', '2023-03-10', 'B'),
        // a C notification without contact is not checked when only B is contact-first
        note('notified_C_only', '2023-01-15', 'C'),
        // a violation, then a later B notification that was safe: the violation is the one reported
        note('first_violation_kept', '2023-03-10', 'B'),
        note('first_violation_kept', '2023-04-10', 'B', { victim_contact_date: '2023-04-01' }),
        // after T: not seen; the person is due a reminder
        note('notified_after_T', '2023-07-10', 'B'),
        // C-level person, never notified at B: no check and no reminder
        note('level_C', '2023-03-10', 'C'),
      ],
    );
    s = safetyOf(t);
  });

  it('contact before, or on, the notification day is safe', () => {
    expect(s.contacted_before).toBe('victim contacted before the B-level notification');
    expect(s.contacted_same_day).toBe('victim contacted before the B-level notification');
  });

  it('contact after the notification day, or none recorded, breaks the rule', () => {
    expect(s.contacted_after).toBe('VICTIM NOT CONTACTED BEFORE the B-level notification of 2023-03-10');
    expect(s.never_contacted).toBe('VICTIM NOT CONTACTED BEFORE the B-level notification of 2023-03-10');
  });

  it('the first violation is reported even when a later notification was safe', () => {
    expect(s.first_violation_kept).toBe('VICTIM NOT CONTACTED BEFORE the B-level notification of 2023-03-10');
  });

  it('a person at a contact-first level not yet notified at it gets a reminder (notifications after T do not count)', () => {
    expect(s.not_yet_notified).toBe('contact the victim before the B-level notification');
    expect(s.notified_after_T).toBe('contact the victim before the B-level notification');
    expect(s.notified_C_only).toBe('contact the victim before the B-level notification');
  });

  it('a person below the contact-first level: no check, no reminder', () => {
    expect(s.level_C).toBe('');
  });

  it('counts the persons whose notifications broke the rule, once each', () => {
    expect(t.meta).toEqual({ victim_contact_violations: 3 }); // contacted_after, never_contacted, first_violation_kept
    expect(t.notes[1]).toBe(
      'victim safety rule (docs/methods.md#parallel-responses): before a B-level notification the victim is contacted (on or before the notification day); 3 person(s) on this list had a notification that broke it',
    );
    expect(t.notes[0]).toBe('one row per victim of each person on the 2023-06 tier list, most recent incident first');
    expect(t.title).toBe('IPVI parallel victim outreach for 2023-06');
  });
});

describe('victim-safety check with several contact-first levels (victim_contact_first: [A, B])', () => {
  let t: Table;
  let s: Record<string, unknown>;
  beforeEach(async () => {
    t = await outreach(
      [
        // A by the serious shortcut; notified at B (safely) but not yet at A: both parts are said
        seriousOffense('a_notified_B', '2023-01-01', { victim_id: 'V1' }),
        offense('a_notified_B', '2023-02-01', { victim_id: 'V1' }),
        // A, notified at A after contacting the victim: no reminder
        seriousOffense('a_notified_A', '2023-01-01', { victim_id: 'V2' }),
        offense('a_notified_A', '2023-02-01', { victim_id: 'V2' }),
        // A, a B notification without contact, not notified at A: the violation and the reminder
        seriousOffense('a_violation', '2023-01-01', { victim_id: 'V3' }),
        offense('a_violation', '2023-02-01', { victim_id: 'V3' }),
      ],
      [
        note('a_notified_B', '2023-03-01', 'B', { victim_contact_date: '2023-02-27' }),
        note('a_notified_A', '2023-03-01', 'A', { victim_contact_date: '2023-03-01' }),
        note('a_violation', '2023-03-01', 'B'),
      ],
      'victim_contact_first: [A, B]\n',
    );
    s = safetyOf(t);
  });

  it('joins the last check and the reminder', () => {
    expect(s.a_notified_B).toBe(
      'victim contacted before the B-level notification; contact the victim before the A-level notification',
    );
    expect(s.a_violation).toBe(
      'VICTIM NOT CONTACTED BEFORE the B-level notification of 2023-03-01; contact the victim before the A-level notification',
    );
  });

  it("no reminder once notified at the person's level", () => {
    expect(s.a_notified_A).toBe('victim contacted before the A-level notification');
  });

  it('names every contact-first level in the note', () => {
    expect(t.notes[1]).toContain('before a A or B-level notification');
    expect(t.meta).toEqual({ victim_contact_violations: 1 });
  });
});

describe('victim rows', () => {
  let t: Table;
  beforeEach(async () => {
    t = await outreach(
      [
        offense('many', '2023-01-01', { victim_id: 'V-old' }),
        offense('many', '2023-03-01', { victim_id: 'V-new' }),
        inc('many', '2023-02-01', { victim_id: 'V-old' }), //  V-old's last incident in view: 02-01
        inc('many', '2023-02-15', { victim_id: '' }), //       no victim id: skipped when others have one
        inc('many', '2023-07-01', { victim_id: 'V-later' }), // after T: not listed
        offense('nobody', '2023-05-01', { victim_id: '' }),
      ],
      [],
    );
  });

  it("one row per victim, most recent incident first, with that victim's last incident date", () => {
    const rows = t.rows.filter((r) => r.person_id === 'many');
    expect(rows.map((r) => [r.victim_id, r.last_incident_date, r.level])).toEqual([
      ['V-new', '2023-03-01', 'B'],
      ['V-old', '2023-02-01', 'B'],
    ]);
    expect(rows[0].note).toBe('');
    expect(rows[0].victim_action).toBe(rows[1].victim_action);
    expect(String(rows[0].victim_action).length).toBeGreaterThan(0);
  });

  it('a person with no victim id recorded still gets one row, saying so', () => {
    expect(t.rows.filter((r) => r.person_id === 'nobody')).toEqual([
      expect.objectContaining({
        victim_id: '',
        level: 'C',
        last_incident_date: '2023-05-01',
        note: 'no victim id recorded',
        safety: '',
      }),
    ]);
  });

  it('rows follow the tier list order', () => {
    expect(t.rows.map((r) => r.person_id)).toEqual(['many', 'many', 'nobody']);
  });
});

describe('the as-of day itself counts, and the table has its columns', () => {
  let t: Table;
  beforeEach(async () => {
    t = await outreach(
      [offense('onT', '2023-06-01', { victim_id: 'V-a' }), offense('onT', '2023-06-30', { victim_id: 'V-b' })],
      [note('onT', '2023-06-30', 'B', { victim_contact_date: '2023-06-30' })],
    );
  });

  it('an incident and a notification dated exactly T are seen', () => {
    expect(t.rows.map((r) => [r.victim_id, r.last_incident_date, r.safety])).toEqual([
      ['V-b', '2023-06-30', 'victim contacted before the B-level notification'],
      ['V-a', '2023-06-01', 'victim contacted before the B-level notification'],
    ]);
  });

  it('columns', () => {
    expect(t.columns).toEqual([
      { key: 'victim_id' },
      { key: 'person_id' },
      { key: 'level' },
      { key: 'last_incident_date', kind: 'date' },
      { key: 'victim_action' },
      { key: 'safety' },
      { key: 'note' },
    ]);
  });
});

describe("each person's rows name only that person's victims", () => {
  let t: Table;
  beforeEach(async () => {
    // adjacent persons in the index, each with a victim in view: p1's scan must stop at p2's first incident
    t = await outreach(
      [
        offense('p1', '2023-01-01', { victim_id: 'V1' }),
        offense('p2', '2023-02-01', { victim_id: 'V2' }),
        offense('p3', '2023-03-01', { victim_id: 'V3' }),
      ],
      [],
    );
  });

  it('one row per person, with their own victim', () => {
    expect(t.rows.map((r) => [r.person_id, r.victim_id]).sort()).toEqual([
      ['p1', 'V1'],
      ['p2', 'V2'],
      ['p3', 'V3'],
    ]);
  });
});
