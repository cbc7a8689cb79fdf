/**
 * Pins for victimTable (src/classify/tier-list.ts; docs/methods.md#parallel-responses,
 * #tier-list `--victims`): EVERY branch of the victim-safety check, in memory (fast;
 * test/classify/victim-outreach.test.ts checks the same through the CSV reader).
 *
 * The branches of `safetyOf`, and the person below that takes each:
 *   S1  a notification dated after T is not seen                  remindAfterT
 *   S2  a notification at a level not contact-first is skipped     cOnly
 *   S3  a contact-first notification at the person's level         before (no reminder)
 *   S4  a contact-first notification at another level is checked   belowLevel, aOnlyB
 *   S5  after the first violation, later ones are not checked;
 *       a later one at the person's level still counts as notified  firstKept, aBadBthenA
 *   S6  no contact recorded → violation                            never
 *   S7  contact after the notification day → violation            after
 *   S8  contact on the notification day → safe                      sameDay
 *   S9  contact before it → safe                                   before
 *   S10 a later notification's result replaces an earlier safe one safeThenBad, aSafeBthenA
 *   S11 not notified at a contact-first level held → reminder,
 *       alone or after the check's text with '; '                   remind, aOnlyB, aBadB
 *   S12 a level that is not contact-first gets no reminder          belowLevel, levelD
 *   S13 no contact-first level at all: no check, no reminder        (contactFirst [])
 *   S14 the violation count covers the selected persons, not only
 *       the shown ones; each person counted once                   (selected / shown)
 *
 * Default rules (see tier-list-pins.test.ts); T = 2023-06-30. "two offenses" → B.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { buildTierList, victimTable, type TierList } from '../../src/classify/tier-list.js';
import { DEFAULT_ACTIONS } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import type { Table } from '../../src/model.js';
import { pinWorld, type World } from '../helpers/pin-world.js';
import { inc, note, offense, seriousOffense, type IncidentRec, type NotificationRec } from '../helpers/records.js';

const T = parseIsoDay('2023-06-30')!;
const B = 3;
const A = 4;

const twoOffenses = (id: string, victim = `V-${id}`): IncidentRec[] => [
  offense(id, '2023-01-01', { victim_id: victim }),
  offense(id, '2023-02-01', { victim_id: victim }),
];
/** A by the serious shortcut (a serious incident and two offenses), no notification needed. */
const levelA = (id: string): IncidentRec[] => [
  seriousOffense(id, '2023-01-01', { victim_id: `V-${id}` }),
  offense(id, '2023-02-01', { victim_id: `V-${id}` }),
];

interface Listed extends World {
  list: TierList;
}

function world(incidents: IncidentRec[], notifications: NotificationRec[]): Listed {
  const w = pinWorld(incidents, notifications);
  return { ...w, list: buildTierList(w.ds, w.idx, w.set, T) };
}

function outreach(w: Listed, contactFirst: number[], selected?: Int32Array, shown?: Int32Array): Table {
  return victimTable(
    w.ds,
    w.idx,
    w.list,
    DEFAULT_ACTIONS,
    contactFirst,
    (p) => w.ds.persons.values[p],
    (v) => w.ds.victims.values[v],
    selected,
    ...(shown ? [shown] : []),
  );
}

const safetyOf = (t: Table) => Object.fromEntries(t.rows.map((r) => [r.person_id, r.safety]));
const SAFE = (lv: string) => `victim contacted before the ${lv}-level notification`;
const BAD = (lv: string, d: string) => `VICTIM NOT CONTACTED BEFORE the ${lv}-level notification of ${d}`;
const REMIND = (lv: string) => `contact the victim before the ${lv}-level notification`;

describe('victim-safety check, contact-first level B', () => {
  let w: Listed;
  beforeEach(() => {
    w = world(
      [
        ...twoOffenses('before'),
        ...twoOffenses('sameDay'),
        ...twoOffenses('after'),
        ...twoOffenses('never'),
        ...twoOffenses('remind'),
        ...twoOffenses('remindAfterT'),
        ...twoOffenses('cOnly'),
        ...twoOffenses('firstKept'),
        ...twoOffenses('safeThenBad'),
        offense('belowLevel', '2023-01-01', { victim_id: 'V-belowLevel' }),
        inc('levelD', '2023-01-01', { victim_id: 'V-levelD' }),
      ],
      [
        note('before', '2023-03-10', 'B', { victim_contact_date: '2023-03-09' }), //  S9, S3
        note('sameDay', '2023-03-10', 'B', { victim_contact_date: '2023-03-10' }), // S8
        note('after', '2023-03-10', 'B', { victim_contact_date: '2023-03-11' }), //   S7
        note('never', '2023-03-10', 'B'), //                                           S6
        note('remindAfterT', '2023-07-01', 'B'), //                                    S1: after T, unseen
        note('cOnly', '2023-01-15', 'C'), //                                           S2: not contact-first
        note('firstKept', '2023-03-10', 'B'), //                                       S5: the first violation …
        note('firstKept', '2023-04-10', 'B', { victim_contact_date: '2023-04-01' }), // … stays reported
        note('safeThenBad', '2023-03-10', 'B', { victim_contact_date: '2023-03-01' }), // S10: safe …
        note('safeThenBad', '2023-04-10', 'B'), //                                     … then broken
        // S4, S12: a C-level person (one offense) notified at B without contact: checked, no reminder
        note('belowLevel', '2023-02-01', 'B'),
        note('levelD', '2023-02-01', 'D'),
      ],
    );
  });

  it('each branch gives its text', () => {
    const s = safetyOf(outreach(w, [B]));
    expect(s).toEqual({
      before: SAFE('B'),
      sameDay: SAFE('B'),
      after: BAD('B', '2023-03-10'),
      never: BAD('B', '2023-03-10'),
      remind: REMIND('B'),
      remindAfterT: REMIND('B'),
      cOnly: REMIND('B'),
      firstKept: BAD('B', '2023-03-10'),
      safeThenBad: BAD('B', '2023-04-10'),
      belowLevel: BAD('B', '2023-02-01'),
      levelD: '',
    });
  });

  it('counts each person whose notifications broke the rule once, in the meta and the note', () => {
    const t = outreach(w, [B]);
    // after, never, firstKept (two notifications, one person), safeThenBad, belowLevel
    expect(t.meta).toEqual({ victim_contact_violations: 5 });
    expect(t.notes).toEqual([
      'one row per victim of each person on the 2023-06 tier list, most recent incident first',
      'victim safety rule (docs/methods.md#parallel-responses): before a B-level notification the victim is contacted (on or before the notification day); 5 person(s) on this list had a notification that broke it',
    ]);
  });

  it('S13: with no contact-first level nothing is checked and no one is reminded', () => {
    const t = outreach(w, []);
    expect(t.rows.every((r) => r.safety === '')).toBe(true);
    expect(t.meta).toEqual({ victim_contact_violations: 0 });
    expect(t.notes[1]).toBe(
      'victim safety rule (docs/methods.md#parallel-responses): before a -level notification the victim is contacted (on or before the notification day); 0 person(s) on this list had a notification that broke it',
    );
  });

  it('with C contact-first as well, C notifications are checked and C-level persons reminded', () => {
    const s = safetyOf(outreach(w, [2, B]));
    // cOnly: its C notification of 01-15 had no contact
    expect(s.cOnly).toBe(`${BAD('C', '2023-01-15')}; ${REMIND('B')}`);
    // belowLevel is C, notified at B only: the B check and a reminder for C
    expect(s.belowLevel).toBe(`${BAD('B', '2023-02-01')}; ${REMIND('C')}`);
    expect(s.before).toBe(SAFE('B'));
    expect(s.levelD).toBe('');
  });

  it('S14: the count covers every selected person, also those not shown (--limit); shown defaults to selected', () => {
    const k = (id: string) => {
      for (let i = 0; i < w.list.cols.length; i++) if (w.ds.persons.values[w.list.cols.person[i]] === id) return i;
      throw new Error(id);
    };
    const selected = Int32Array.from([k('after'), k('never'), k('before'), k('remind')]);
    const limited = outreach(w, [B], selected, Int32Array.from([k('before')]));
    expect(limited.rows.map((r) => r.person_id)).toEqual(['before']);
    expect(limited.meta).toEqual({ victim_contact_violations: 2 });
    const all = outreach(w, [B], selected);
    expect(all.rows.map((r) => r.person_id)).toEqual(['after', 'never', 'before', 'remind']);
    expect(all.meta).toEqual({ victim_contact_violations: 2 });
    expect(outreach(w, [B], new Int32Array(0)).rows).toEqual([]);
  });
});

describe('victim-safety check, contact-first levels A and B', () => {
  let w: Listed;
  beforeEach(() => {
    w = world(
      [...levelA('aBadBthenA'), ...levelA('aSafeBthenA'), ...levelA('aOnlyB'), ...levelA('aBadB'), ...levelA('aNone')],
      [
        // S5: the B violation is reported; the later A notification (at the level) stops the reminder
        note('aBadBthenA', '2023-03-01', 'B'),
        note('aBadBthenA', '2023-04-01', 'A', { victim_contact_date: '2023-03-31' }),
        // S10: both safe, the A one last
        note('aSafeBthenA', '2023-03-01', 'B', { victim_contact_date: '2023-02-27' }),
        note('aSafeBthenA', '2023-04-01', 'A', { victim_contact_date: '2023-04-01' }),
        // S4 + S11: checked at B, reminded for A
        note('aOnlyB', '2023-03-01', 'B', { victim_contact_date: '2023-03-01' }),
        note('aBadB', '2023-03-01', 'B'),
      ],
    );
  });

  it('each branch gives its text', () => {
    const t = outreach(w, [A, B]);
    expect(safetyOf(t)).toEqual({
      aBadBthenA: BAD('B', '2023-03-01'),
      aSafeBthenA: SAFE('A'),
      aOnlyB: `${SAFE('B')}; ${REMIND('A')}`,
      aBadB: `${BAD('B', '2023-03-01')}; ${REMIND('A')}`,
      aNone: REMIND('A'),
    });
    expect(t.meta).toEqual({ victim_contact_violations: 2 });
    expect(t.notes[1]).toContain('before a A or B-level notification the victim');
  });

  it('with only B contact-first, A persons get no reminder and A notifications are not checked', () => {
    expect(safetyOf(outreach(w, [B]))).toEqual({
      aBadBthenA: BAD('B', '2023-03-01'),
      aSafeBthenA: SAFE('B'),
      aOnlyB: SAFE('B'),
      aBadB: BAD('B', '2023-03-01'),
      aNone: '',
    });
  });
});

describe('victim rows', () => {
  let w: Listed;
  beforeEach(() => {
    w = world(
      [
        offense('many', '2023-01-01', { victim_id: 'V-old' }),
        inc('many', '2023-02-01', { victim_id: 'V-old' }), //   V-old's last incident in view
        inc('many', '2023-02-15', { victim_id: '' }), //        no victim id: no row of its own
        offense('many', '2023-03-01', { victim_id: 'V-new' }),
        inc('many', '2023-07-01', { victim_id: 'V-later' }), // after T: not listed
        inc('many', '2023-07-02', { victim_id: 'V-old' }), //   after T: V-old stays at 02-01
        offense('nobody', '2023-05-01', { victim_id: '' }),
        inc('nobody', '2023-05-03'),
        inc('next', '2023-06-01', { victim_id: 'V-next' }),
      ],
      [],
    );
  });

  it("one row per victim, most recent first, with that victim's last incident; a person without a victim id gets one row", () => {
    const t = outreach(w, [B]);
    expect(t.title).toBe('IPVI parallel victim outreach for 2023-06');
    expect(t.rows).toEqual([
      {
        victim_id: 'V-new',
        person_id: 'many',
        level: 'B',
        last_incident_date: '2023-03-01',
        victim_action: DEFAULT_ACTIONS.B.victim,
        safety: REMIND('B'),
        note: '',
      },
      {
        victim_id: 'V-old',
        person_id: 'many',
        level: 'B',
        last_incident_date: '2023-02-01',
        victim_action: DEFAULT_ACTIONS.B.victim,
        safety: REMIND('B'),
        note: '',
      },
      {
        victim_id: '',
        person_id: 'nobody',
        level: 'C',
        last_incident_date: '2023-05-03',
        victim_action: DEFAULT_ACTIONS.C.victim,
        safety: '',
        note: 'no victim id recorded',
      },
      {
        victim_id: 'V-next',
        person_id: 'next',
        level: 'D',
        last_incident_date: '2023-06-01',
        victim_action: DEFAULT_ACTIONS.D.victim,
        safety: '',
        note: '',
      },
    ]);
    const v = (id: string) => w.ds.victims.get(id)!;
    const p = (id: string) => w.ds.persons.get(id)!;
    expect(t.subjects).toEqual({
      asOf: T,
      person: [p('many'), p('many'), p('nobody'), p('next')],
      victim: [v('V-new'), v('V-old'), -1, v('V-next')],
    });
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

  it('an empty list: no rows, no violation', () => {
    const e = world([], []);
    const t = outreach(e, [B]);
    expect(t.rows).toEqual([]);
    expect(t.meta).toEqual({ victim_contact_violations: 0 });
  });
});
