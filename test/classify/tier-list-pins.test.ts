/**
 * Pins for src/classify/tier-list.ts (docs/methods.md#tier-list): every column of
 * the monthly list on a small hand-built history under the default rules, the
 * boundaries (an event dated exactly T or P, a notification at the level vs one
 * below, two notifications on one day, the look-back window's edge), the four
 * changes, the ties of the order, the helpers (lastNotification, highestNotified,
 * levelSetDay, walkPerson, textComparator, dayTexts, daysSince, actionOf,
 * tierCounts, allPositions) and the tier table's cells, summary and notes.
 * The victim-outreach list has its own file (victim-safety-pins.test.ts).
 *
 * In-memory data (test/helpers/dataset.ts), the core called inside `it` /
 * `beforeEach` so that Stryker sees it (docs/testing.md).
 *
 * Default rules (rules/ipvi-default.yaml), tried in order:
 *   A: (notified_B and offenses_after_B >= 1) or (serious >= 1 and offenses >= 2)
 *   B: offenses >= 2 or (notified_C and offenses_after_C >= 1)
 *   C: offenses >= 1
 *   D: incidents >= 1
 * T = 2023-06-30, P = 2023-05-31 (endOfPreviousMonth).
 *
 * The history (`base`), worked by hand, one line per person:
 *   esc        offense 01-10, 02-10; B note 03-01; offense 06-30 (= T)
 *              P: offenses 2, none after B → B.  T: offense after 03-01 → A: escalated,
 *              review, not due; level set 06-30 (as of 03-01 it was B) → 0 days.
 *   newc       offense 06-15. P: nothing in view → new; T: C, due (never notified);
 *              level set 06-15 → 15 days.
 *   mm         offense 06-15: ties newc on (C, 06-15); 'mm' < 'newc' so it comes first
 *              although its person index is higher.
 *   unchB      offense 01-05, 02-05; D note 02-10; C and B notes both on 03-01
 *              (the C one read first). B at P and T: unchanged; notified at B → not due;
 *              last notification: the highest of its last day, B 03-01; level set
 *              02-05 (01-05 was C) → 145 days (02-05 + 28 = 03-05, +31 = 04-05,
 *              +30 = 05-05, +31 = 06-05, +25 = 06-30).
 *   dueB       offense 01-05; C note 01-20; offense 02-01 → B at P and T; notified
 *              only at C (below B) → due; level set 02-01 (01-20: C) → 149 days.
 *   dueDeq     incident 04-01; D note 04-02 → D, notified at D (= its level) → not due;
 *              level set 04-01 (both days D) → 90 days.
 *   higherNote incident 05-01; C note 05-02 → D (no offense), notified higher → not due.
 *   afterT     incident 03-03; D note 07-01 (after T: not seen) → D, due, never notified
 *              as of T; level set 03-03 → 119 days.
 *   onP        offense 05-31 (= P) → C at P and at T: unchanged (the P day counts).
 *   future     incident 07-05 only: not on the list.
 *   lowered    offense 01-01, 02-01 → B at P; override to D on 06-10 → D at T: lowered,
 *              due (level D, never notified); level set 06-10 (02-01: B) → 20 days.
 *   pinned     no incident; override to A on 06-01 → A at T, none at P: new; no last
 *              incident; level set 06-01 → 29 days.
 *
 * List order: A (esc 06-30, pinned without an incident last), B (unchB 02-05, dueB
 * 02-01), C (mm, newc tie on 06-15 → by id; onP 05-31), D (higherNote 05-01, dueDeq
 * 04-01, afterT 03-03, lowered 02-01).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { NO_RULE, OVERRIDE_RULE } from '../../src/classify/classify.js';
import { FeatureComputer } from '../../src/classify/features.js';
import {
  actionOf,
  allPositions,
  buildTierList,
  dayTexts,
  daysSince,
  highestNotified,
  lastNotification,
  levelSetDay,
  textComparator,
  tierCounts,
  tierOrder,
  tierTable,
  walkPerson,
  type PersonWalk,
  type TierList,
} from '../../src/classify/tier-list.js';
import { DEFAULT_ACTIONS } from '../../src/config/load.js';
import { formatDay, parseIsoDay } from '../../src/dates.js';
import { NO_DAY, type Dataset } from '../../src/model.js';
import type { RuleSpec } from '../../src/config/schema.js';
import { overrideAt as ov, pinWorld, type World } from '../helpers/pin-world.js';
import { inc, note, offense, type IncidentRec, type NotificationRec } from '../helpers/records.js';
import { listRows, type TierRowObject } from '../helpers/tier-rows.js';

const day = (s: string) => parseIsoDay(s)!;
const T = day('2023-06-30');
const P = day('2023-05-31');

const baseIncidents = (): IncidentRec[] => [
  offense('esc', '2023-01-10'),
  offense('esc', '2023-02-10'),
  offense('esc', '2023-06-30'),
  offense('newc', '2023-06-15'),
  offense('mm', '2023-06-15'),
  offense('unchB', '2023-01-05'),
  offense('unchB', '2023-02-05'),
  offense('dueB', '2023-01-05'),
  offense('dueB', '2023-02-01'),
  inc('dueDeq', '2023-04-01'),
  inc('higherNote', '2023-05-01'),
  inc('afterT', '2023-03-03'),
  offense('onP', '2023-05-31'),
  inc('future', '2023-07-05'),
  offense('lowered', '2023-01-01'),
  offense('lowered', '2023-02-01'),
];
const baseNotifications = (): NotificationRec[] => [
  note('esc', '2023-03-01', 'B', { victim_contact_date: '2023-02-28' }),
  note('unchB', '2023-02-10', 'D'),
  note('unchB', '2023-03-01', 'C'),
  note('unchB', '2023-03-01', 'B'),
  note('dueB', '2023-01-20', 'C'),
  note('dueDeq', '2023-04-02', 'D'),
  note('higherNote', '2023-05-02', 'C'),
  note('afterT', '2023-07-01', 'D'),
];
const baseSetup = () =>
  pinWorld(baseIncidents(), baseNotifications(), [
    ['lowered', [ov(1, '2023-06-10', 'order lifted')]],
    ['pinned', [ov(4, '2023-06-01', 'protective order')]],
  ]);

const row = (
  person: string,
  level: number,
  previous: number,
  change: TierRowObject['change'],
  due: boolean,
  review: boolean,
  lastIncident: string | null,
  incidents: number,
  offenses: number,
  lastNotifiedLevel: number,
  lastNotifiedDay: string | null,
  levelSet: string | null,
) => ({
  person,
  level,
  previous,
  change,
  notificationDue: due,
  enforcementReview: review,
  lastIncident: lastIncident === null ? NO_DAY : day(lastIncident),
  incidents,
  offenses,
  lastNotifiedLevel,
  lastNotifiedDay: lastNotifiedDay === null ? NO_DAY : day(lastNotifiedDay),
  levelSet: levelSet === null ? NO_DAY : day(levelSet),
});

/** Every row as the hand-worked table above (levelSet when asked for). */
const EXPECTED = (withLevelSet: boolean) =>
  [
    row('esc', 4, 3, 'escalated', false, true, '2023-06-30', 3, 3, 3, '2023-03-01', '2023-06-30'),
    row('pinned', 4, 0, 'new', false, true, null, 0, 0, 0, null, '2023-06-01'),
    row('unchB', 3, 3, 'unchanged', false, false, '2023-02-05', 2, 2, 3, '2023-03-01', '2023-02-05'),
    row('dueB', 3, 3, 'unchanged', true, false, '2023-02-01', 2, 2, 2, '2023-01-20', '2023-02-01'),
    row('mm', 2, 0, 'new', true, false, '2023-06-15', 1, 1, 0, null, '2023-06-15'),
    row('newc', 2, 0, 'new', true, false, '2023-06-15', 1, 1, 0, null, '2023-06-15'),
    row('onP', 2, 2, 'unchanged', true, false, '2023-05-31', 1, 1, 0, null, '2023-05-31'),
    row('higherNote', 1, 1, 'unchanged', false, false, '2023-05-01', 1, 0, 2, '2023-05-02', '2023-05-01'),
    row('dueDeq', 1, 1, 'unchanged', false, false, '2023-04-01', 1, 0, 1, '2023-04-02', '2023-04-01'),
    row('afterT', 1, 1, 'unchanged', true, false, '2023-03-03', 1, 0, 0, null, '2023-03-03'),
    row('lowered', 1, 3, 'lowered', true, false, '2023-02-01', 2, 2, 0, null, '2023-06-10'),
  ].map((r) => (withLevelSet ? r : { ...r, levelSet: NO_DAY }));

describe('buildTierList: every column of every row (default rules, no look-back)', () => {
  let s: World;
  beforeEach(() => {
    s = baseSetup();
  });
  const named = (ds: Dataset, list: TierList) =>
    listRows(list).map((r) => ({ ...r, person: ds.persons.values[r.person] }));

  it('with the level-set day (the lists)', () => {
    const list = buildTierList(s.ds, s.idx, s.set, T, { levelSince: true });
    expect(named(s.ds, list)).toEqual(EXPECTED(true));
    expect([list.asOf, list.previousAsOf, list.droppedByLookback]).toEqual([T, P, 0]);
  });

  it('without it (the counts): the same rows, no level-set day', () => {
    const list = buildTierList(s.ds, s.idx, s.set, T);
    expect(named(s.ds, list)).toEqual(EXPECTED(false));
  });

  it('the classifications as of T and P cover every person, the unlisted ones at 0', () => {
    const list = buildTierList(s.ds, s.idx, s.set, T);
    const { p } = s;
    expect([list.current.asOf, list.previous.asOf]).toEqual([T, P]);
    expect([list.current.level[p('esc')], list.current.rule[p('esc')]]).toEqual([4, 0]);
    expect([list.previous.level[p('esc')], list.previous.rule[p('esc')]]).toEqual([3, 1]);
    expect([list.current.level[p('newc')], list.current.rule[p('newc')]]).toEqual([2, 2]);
    expect([list.previous.level[p('newc')], list.previous.rule[p('newc')]]).toEqual([0, NO_RULE]);
    expect([list.current.level[p('pinned')], list.current.rule[p('pinned')]]).toEqual([4, OVERRIDE_RULE]);
    expect([list.previous.level[p('pinned')], list.previous.rule[p('pinned')]]).toEqual([0, NO_RULE]);
    expect([list.current.level[p('lowered')], list.current.rule[p('lowered')]]).toEqual([1, OVERRIDE_RULE]);
    expect([list.previous.level[p('lowered')], list.previous.rule[p('lowered')]]).toEqual([3, 1]);
    expect([list.current.level[p('future')], list.current.rule[p('future')]]).toEqual([0, NO_RULE]);
    expect([list.current.level[p('onP')], list.previous.level[p('onP')]]).toEqual([2, 2]);
  });

  it('reasons: the same text made in the walk or when the row is written', () => {
    const eager = buildTierList(s.ds, s.idx, s.set, T, { reasons: true });
    const lazy = buildTierList(s.ds, s.idx, s.set, T);
    const { p } = s;
    const esc =
      'A: offending again after a B notification, or serious repeat offending — (notified_B (=1) and offenses_after_B (=1) >= 1) or (serious (=0) >= 1 and offenses (=3) >= 2)';
    for (const list of [eager, lazy]) {
      expect(list.reasonOf(p('esc'))).toBe(esc);
      expect(list.reasonOf(p('pinned'))).toBe('manual override to A on 2023-06-01 by jdoe: protective order');
      expect(list.reasonOf(p('newc'))).toBe('C: first known offense — offenses (=1) >= 1');
      expect(list.reasonOf(p('dueDeq'))).toBe('D: indication of IPV — incidents (=1) >= 1');
    }
    // mm and newc share one text in the walk's store
    expect(eager.reasonOf(p('mm'))).toBe(eager.reasonOf(p('newc')));
  });

  it('an empty dataset: an empty list', () => {
    const e = pinWorld([], []);
    const list = buildTierList(e.ds, e.idx, e.set, T, { levelSince: true, reasons: true });
    expect(list.cols.length).toBe(0);
    expect(list.droppedByLookback).toBe(0);
    expect(tierCounts(list.cols)).toEqual({
      persons: 0,
      byLevel: [0, 0, 0, 0, 0],
      changes: [0, 0, 0, 0],
      notificationDue: 0,
      enforcementReview: 0,
    });
  });
});

describe('lastNotification and highestNotified', () => {
  let s: World;
  beforeEach(() => {
    s = baseSetup();
  });

  it('the latest notification dated on or before T; on a day with several, the highest level', () => {
    const u = s.p('unchB');
    // unchB: D 02-10; C and B on 03-01
    expect(lastNotification(s.ds, s.idx, u, day('2023-02-09'))).toEqual([0, NO_DAY]);
    expect(lastNotification(s.ds, s.idx, u, day('2023-02-10'))).toEqual([1, day('2023-02-10')]);
    expect(lastNotification(s.ds, s.idx, u, day('2023-02-28'))).toEqual([1, day('2023-02-10')]);
    expect(lastNotification(s.ds, s.idx, u, day('2023-03-01'))).toEqual([3, day('2023-03-01')]);
    expect(lastNotification(s.ds, s.idx, u, T)).toEqual([3, day('2023-03-01')]);
    // afterT: its only notification is after T
    expect(lastNotification(s.ds, s.idx, s.p('afterT'), T)).toEqual([0, NO_DAY]);
    expect(lastNotification(s.ds, s.idx, s.p('afterT'), day('2023-07-01'))).toEqual([1, day('2023-07-01')]);
    // the next person's notifications are not this person's: newc has none
    expect(lastNotification(s.ds, s.idx, s.p('newc'), T)).toEqual([0, NO_DAY]);
  });

  it('the highest level notified at on or before T (0: never)', () => {
    const u = s.p('unchB');
    expect(highestNotified(s.ds, s.idx, u, day('2023-02-09'))).toBe(0);
    expect(highestNotified(s.ds, s.idx, u, day('2023-02-10'))).toBe(1);
    expect(highestNotified(s.ds, s.idx, u, day('2023-03-01'))).toBe(3);
    expect(highestNotified(s.ds, s.idx, s.p('afterT'), T)).toBe(0);
    expect(highestNotified(s.ds, s.idx, s.p('afterT'), day('2023-07-01'))).toBe(1);
    // a higher notification first, a lower one later: the highest stays
    const h = pinWorld([inc('x', '2023-01-01')], [note('x', '2023-01-05', 'B'), note('x', '2023-02-05', 'D')]);
    expect(highestNotified(h.ds, h.idx, h.p('x'), T)).toBe(3);
    expect(lastNotification(h.ds, h.idx, h.p('x'), T)).toEqual([1, day('2023-02-05')]);
  });
});

describe('levelSetDay', () => {
  let s: World;
  beforeEach(() => {
    s = baseSetup();
  });

  it('the first day of the last run of event days at the level held at T', () => {
    const at = (id: string, level: number, t = T) => levelSetDay(s.ds, s.idx, s.set, s.p(id), t, level);
    expect(at('esc', 4)).toBe(day('2023-06-30'));
    expect(at('unchB', 3)).toBe(day('2023-02-05'));
    expect(at('dueB', 3)).toBe(day('2023-02-01'));
    expect(at('dueDeq', 1)).toBe(day('2023-04-01'));
    // overrides are event days
    expect(at('lowered', 1)).toBe(day('2023-06-10'));
    expect(at('pinned', 4)).toBe(day('2023-06-01'));
    // as of the day before the override: pinned has no event at all
    expect(at('pinned', 4, day('2023-05-31'))).toBe(NO_DAY);
    // a level not held as of the last event day: no run
    expect(at('esc', 3)).toBe(NO_DAY);
    // as of 06-29 esc is B since 02-10 (01-10: C); the 06-30 offense is not seen
    expect(at('esc', 3, day('2023-06-29'))).toBe(day('2023-02-10'));
    // afterT: the 07-01 notification is after T and skipped
    expect(at('afterT', 1)).toBe(day('2023-03-03'));
  });

  it('an override dated exactly T is an event day (the level is set on T: 0 days)', () => {
    // x: an incident 01-01 (D), then an override to A dated T; y: the same override dated T + 1 (not seen)
    const o = pinWorld(
      [inc('x', '2023-01-01'), inc('y', '2023-01-01')],
      [],
      [
        ['x', [ov(4, '2023-06-30', 'order')]],
        ['y', [ov(4, '2023-07-01', 'order')]],
      ],
    );
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('x'), T, 4)).toBe(T);
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('y'), T, 1)).toBe(day('2023-01-01'));
    for (const levelSince of [true, false]) {
      const rows = listRows(buildTierList(o.ds, o.idx, o.set, T, { levelSince }));
      expect(rows.map((r) => [o.ds.persons.values[r.person], r.level, r.previous, r.change, r.levelSet])).toEqual([
        ['x', 4, 1, 'escalated', levelSince ? T : NO_DAY],
        ['y', 1, 1, 'unchanged', levelSince ? day('2023-01-01') : NO_DAY],
      ]);
    }
  });

  it('events after T are never looked at, also when the level differs on them', () => {
    // x: incident 01-01 (D); offense 07-01 and a D note 07-02 after T: as of 07-02 x is C
    // y: override to A 06-01; override to C 07-05 and an incident 07-10, both after T: as of 07-10 y is C
    const o = pinWorld(
      [inc('x', '2023-01-01'), offense('x', '2023-07-01'), inc('y', '2023-07-10')],
      [note('x', '2023-07-02', 'D')],
      [['y', [ov(4, '2023-06-01', 'order'), ov(2, '2023-07-05', 'lifted')]]],
    );
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('x'), T, 1)).toBe(day('2023-01-01'));
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('y'), T, 4)).toBe(day('2023-06-01'));
  });

  it('a notification day can set the level; several overrides are each an event day', () => {
    // rules: C when notified, else D. n: incident 01-01 (D), D note 03-01 → C from 03-01
    const notifiedRules: RuleSpec[] = [
      { level: 'C', when: 'notified' },
      { level: 'D', when: 'incidents >= 1' },
    ];
    const r = pinWorld([inc('n', '2023-01-01')], [note('n', '2023-03-01', 'D')], [], { rules: notifiedRules });
    expect(levelSetDay(r.ds, r.idx, r.set, r.p('n'), T, 2)).toBe(day('2023-03-01'));
    // m: the same with the note dated exactly T
    const m = pinWorld([inc('m', '2023-01-01')], [note('m', '2023-06-30', 'D')], [], {
      rules: notifiedRules,
    });
    expect(levelSetDay(m.ds, m.idx, m.set, m.p('m'), T, 2)).toBe(T);
    // v: an override to A on 05-01 before an incident on 06-10: A since 05-01 (the later incident day too)
    const v = pinWorld([inc('v', '2023-06-10')], [], [['v', [ov(4, '2023-05-01', 'order')]]]);
    expect(levelSetDay(v.ds, v.idx, v.set, v.p('v'), T, 4)).toBe(day('2023-05-01'));
    // z: A from the first of two A overrides (05-01, 06-01); w: A on 05-01, then C on 06-10 (no incident that day)
    const o = pinWorld(
      [inc('z', '2023-01-01'), inc('w', '2023-01-01')],
      [],
      [
        ['z', [ov(4, '2023-05-01', 'order'), ov(4, '2023-06-01', 'renewed')]],
        ['w', [ov(4, '2023-05-01', 'order'), ov(2, '2023-06-10', 'lowered')]],
      ],
    );
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('z'), T, 4)).toBe(day('2023-05-01'));
    const rows = listRows(buildTierList(o.ds, o.idx, o.set, T, { levelSince: true }));
    expect(rows.map((x) => [o.ds.persons.values[x.person], x.level, x.previous, x.change, x.levelSet])).toEqual([
      ['z', 4, 4, 'unchanged', day('2023-05-01')],
      ['w', 2, 4, 'lowered', day('2023-06-10')],
    ]);
  });

  it('an incident and an override on the same day are one event day', () => {
    const o = pinWorld(
      [inc('x', '2023-01-01'), offense('x', '2023-03-01'), offense('x', '2023-04-01')],
      [note('x', '2023-03-01', 'D')],
      [['x', [ov(3, '2023-03-01', 'same day')]]],
    );
    // from 03-01 on the override pins B; 01-01 was D
    expect(levelSetDay(o.ds, o.idx, o.set, o.p('x'), T, 3)).toBe(day('2023-03-01'));
  });
});

describe('walkPerson', () => {
  const fresh = (): PersonWalk => ({ rule: 7, level: 9, previousRule: 7, previousLevel: 9, levelSet: 12345 });

  it('without a previous day (NaN) the previous fields are left as they were, on every path', () => {
    const s = baseSetup();
    const lb = pinWorld(baseIncidents(), baseNotifications(), [], { lookbackMonths: 12 });
    for (const t of [s, lb])
      for (const since of [false, true]) {
        const fc = new FeatureComputer(t.ds, t.idx, t.set.features);
        const out = walkPerson(t.ds, t.idx, t.set, t.p('esc'), T, Number.NaN, since, fc, fresh());
        expect([out.previousRule, out.previousLevel]).toEqual([7, 9]);
        expect([out.rule, out.level]).toEqual([0, 4]);
        expect(out.levelSet).toBe(since ? day('2023-06-30') : NO_DAY);
      }
  });

  it('with a look-back, a person with no level as of T gets no level-set day', () => {
    // x: an incident 2022-01-01, out of the 12-month window at T; a D notification 2023-03-01 (an event
    // day at which x has no level): the walk leaves levelSet at NO_DAY, it does not date "no level"
    const lb = pinWorld([inc('x', '2022-01-01')], [note('x', '2023-03-01', 'D')], [], { lookbackMonths: 12 });
    const fc = new FeatureComputer(lb.ds, lb.idx, lb.set.features);
    const w = walkPerson(lb.ds, lb.idx, lb.set, lb.p('x'), T, P, true, fc, fresh());
    expect([w.rule, w.level, w.previousRule, w.previousLevel, w.levelSet]).toEqual([NO_RULE, 0, NO_RULE, 0, NO_DAY]);
  });

  it('as of T and of P in one walk; an event on P counts at P', () => {
    const s = baseSetup();
    for (const since of [false, true]) {
      const fc = new FeatureComputer(s.ds, s.idx, s.set.features);
      const w = walkPerson(s.ds, s.idx, s.set, s.p('onP'), T, P, since, fc, fresh());
      expect([w.rule, w.level, w.previousRule, w.previousLevel]).toEqual([2, 2, 2, 2]);
      const e = walkPerson(s.ds, s.idx, s.set, s.p('esc'), T, P, since, fc, fresh());
      expect([e.rule, e.level, e.previousRule, e.previousLevel]).toEqual([0, 4, 1, 3]);
      // P before any event: no rule, no level
      const n = walkPerson(s.ds, s.idx, s.set, s.p('newc'), T, P, since, fc, fresh());
      expect([n.rule, n.level, n.previousRule, n.previousLevel]).toEqual([2, 2, NO_RULE, 0]);
      expect(n.levelSet).toBe(since ? day('2023-06-15') : NO_DAY);
      // an override pins the level at T, the rules held at P
      const l = walkPerson(s.ds, s.idx, s.set, s.p('lowered'), T, P, since, fc, fresh());
      expect([l.rule, l.level, l.previousRule, l.previousLevel]).toEqual([OVERRIDE_RULE, 1, 1, 3]);
      expect(l.levelSet).toBe(since ? day('2023-06-10') : NO_DAY);
      // fc is left as of (p, T): the last walked person's values
      expect(fc.hi - fc.lo).toBe(2);
    }
  });

  it('rules that read a day count (levels change between events): each day is classified as of itself', () => {
    // B while the last incident is at most 30 days old, else D
    const rules: RuleSpec[] = [
      { level: 'B', when: 'days_since_last_incident <= 30' },
      { level: 'D', when: 'incidents >= 1' },
    ];
    const s = pinWorld([inc('recent', '2023-06-10'), inc('old', '2023-05-01'), inc('edge', '2023-05-31')], [], [], {
      rules,
    });
    const list = buildTierList(s.ds, s.idx, s.set, T, { levelSince: true });
    const rows = Object.fromEntries(listRows(list).map((r) => [s.ds.persons.values[r.person], r]));
    // recent: T − 06-10 = 20 ≤ 30 → B; nothing at P → new; level set 06-10 (B on its own day)
    expect(rows.recent).toMatchObject({ level: 3, previous: 0, change: 'new', levelSet: day('2023-06-10') });
    // old: T − 05-01 = 60 → D; P − 05-01 = 30 → B: lowered; on its only event day it was B → no level-set day
    expect(rows.old).toMatchObject({ level: 1, previous: 3, change: 'lowered', levelSet: NO_DAY });
    // edge: T − 05-31 = 30 → B (≤ 30 holds at 30); P: 0 → B: unchanged
    expect(rows.edge).toMatchObject({ level: 3, previous: 3, change: 'unchanged', levelSet: day('2023-05-31') });
    // the same without the level-set day
    const counts = buildTierList(s.ds, s.idx, s.set, T);
    expect(listRows(counts).map((r) => [r.level, r.previous, r.change])).toEqual(
      listRows(list).map((r) => [r.level, r.previous, r.change]),
    );
  });
});

describe('the look-back (lookback_months: 12): window (2022-06-30, 2023-06-30] at T, (2022-05-31, 2023-05-31] at P', () => {
  /*
   * fade      offense 2022-06-20, 2023-01-10. T: only 01-10 in view → C; P: both → B: lowered.
   *           Level set: on 2023-01-10 (its last event day) both were in view → B ≠ C → none.
   * refade    offense 2022-05-20, 2023-01-10, incident 2023-06-05. At 06-05 the window
   *           (2022-06-05, 2023-06-05] holds one offense → C; at T the same → C. P: the
   *           2022-05-20 offense is out ((2022-05-31, …]) → C: unchanged. Level set 06-05
   *           (reached between events, dated at the next event day at it).
   * edgeOld   incident 2022-06-30 = T − 12 months exactly: not after it → out; dropped.
   * oldLate   incident 2022-06-30, 2023-07-02 (after T, not looked at): dropped.
   * inside    incident 2022-07-01, one day inside → D, unchanged (at P also in view).
   * future    incident 2023-07-01 only: neither listed nor dropped.
   */
  let s: World;
  beforeEach(() => {
    s = pinWorld(
      [
        offense('fade', '2022-06-20'),
        offense('fade', '2023-01-10'),
        offense('refade', '2022-05-20'),
        offense('refade', '2023-01-10'),
        inc('refade', '2023-06-05'),
        inc('edgeOld', '2022-06-30'),
        inc('oldLate', '2022-06-30'),
        inc('oldLate', '2023-07-02'),
        inc('inside', '2022-07-01'),
        inc('future', '2023-07-01'),
      ],
      [],
      [],
      { lookbackMonths: 12 },
    );
  });

  it('lists the persons with an incident in the window; counts the ones whose incidents are all older', () => {
    const list = buildTierList(s.ds, s.idx, s.set, T, { levelSince: true });
    const rows = listRows(list).map((r) => ({ ...r, person: s.ds.persons.values[r.person] }));
    expect(rows).toEqual([
      row('refade', 2, 2, 'unchanged', true, false, '2023-06-05', 2, 1, 0, null, '2023-06-05'),
      row('fade', 2, 3, 'lowered', true, false, '2023-01-10', 1, 1, 0, null, null),
      row('inside', 1, 1, 'unchanged', true, false, '2022-07-01', 1, 0, 0, null, '2022-07-01'),
    ]);
    expect(list.droppedByLookback).toBe(2);
    // the same walk without the level-set day
    const counts = buildTierList(s.ds, s.idx, s.set, T);
    expect(counts.droppedByLookback).toBe(2);
    expect(listRows(counts).map((r) => [r.level, r.previous, r.change, r.levelSet])).toEqual([
      [2, 2, 'unchanged', NO_DAY],
      [2, 3, 'lowered', NO_DAY],
      [1, 1, 'unchanged', NO_DAY],
    ]);
  });

  it('the table notes the persons dropped off', () => {
    const list = buildTierList(s.ds, s.idx, s.set, T);
    const table = tierTable(list, DEFAULT_ACTIONS, (p) => s.ds.persons.values[p]);
    expect(table.notes[6]).toBe(
      '2 person(s) dropped off the list: their only incidents are outside the look-back window',
    );
    expect(table.notes).toHaveLength(7);
    expect((table.meta as { summary: { dropped_by_lookback: number } }).summary.dropped_by_lookback).toBe(2);
  });

  it('rules that leave a person with incidents in view without a level: not counted as dropped', () => {
    // only a C rule (offenses >= 1). q: old offense 2021-01-01 + a non-offense incident on T (inside);
    // r: old offense + a non-offense incident 2023-01-01 (inside); s: the old offense only → dropped
    const rules: RuleSpec[] = [{ level: 'C', when: 'offenses >= 1' }];
    const incidents = [
      offense('q', '2021-01-01'),
      inc('q', '2023-06-30'),
      offense('r', '2021-01-01'),
      inc('r', '2023-01-01'),
      offense('s', '2021-01-01'),
    ];
    const lb = pinWorld(incidents, [], [], { rules, lookbackMonths: 12 });
    const list = buildTierList(lb.ds, lb.idx, lb.set, T);
    expect([list.cols.length, list.droppedByLookback]).toEqual([0, 1]);
    // without a look-back nobody is dropped (q, r, s are all C by the old offense)
    const all = pinWorld([...incidents, inc('t', '2023-02-01')], [], [], { rules });
    const full = buildTierList(all.ds, all.idx, all.set, T);
    expect([full.cols.length, full.droppedByLookback]).toEqual([3, 0]);
  });

  it('levelSetDay re-classifies each event day with the window as of that day', () => {
    expect(levelSetDay(s.ds, s.idx, s.set, s.p('refade'), T, 2)).toBe(day('2023-06-05'));
    expect(levelSetDay(s.ds, s.idx, s.set, s.p('fade'), T, 2)).toBe(NO_DAY);
    expect(levelSetDay(s.ds, s.idx, s.set, s.p('fade'), day('2023-01-10'), 3)).toBe(day('2023-01-10'));
  });
});

describe('textComparator', () => {
  const sign = (f: (a: number, b: number) => number, a: number, b: number) => Math.sign(f(a, b));

  it('compares as `<` compares text: by the first six code units, then the rest', () => {
    const texts = ['b', 'a', 'abcdefg', 'abcdefh', 'abc', 'abc\u0000', 'abd', 'B', 'a'];
    const cmp = textComparator(texts);
    for (let a = 0; a < texts.length; a++)
      for (let b = 0; b < texts.length; b++) {
        const want = texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0;
        expect(sign(cmp, a, b), `${JSON.stringify(texts[a])} vs ${JSON.stringify(texts[b])}`).toBe(want);
      }
    // spot checks, worked by hand
    expect(sign(cmp, 2, 3)).toBe(-1); // 'abcdefg' < 'abcdefh': equal in six units, 'g' < 'h'
    expect(sign(cmp, 4, 5)).toBe(-1); // 'abc' < 'abc\0': a prefix is lower, though both count 0 at unit 3
    expect(sign(cmp, 5, 4)).toBe(1);
    expect(sign(cmp, 1, 8)).toBe(0); // equal texts
    expect(sign(cmp, 7, 1)).toBe(-1); // 'B' (66) < 'a' (97): code units, not locale
    expect(sign(cmp, 4, 6)).toBe(-1); // 'abc' < 'abd': the third unit
  });

  it('with `of`: position i compares texts[of[i]]', () => {
    const cmp = textComparator(['z', 'a', 'm'], [2, 0, 1]);
    expect(sign(cmp, 0, 1)).toBe(-1); // 'm' < 'z'
    expect(sign(cmp, 1, 2)).toBe(1); // 'z' > 'a'
    expect(sign(cmp, 2, 0)).toBe(-1); // 'a' < 'm'
    expect(sign(cmp, 1, 1)).toBe(0);
  });
});

describe('tierOrder ties', () => {
  it('level, then the most recent incident, then id, then position; an override without an incident last', () => {
    const names = ['bb', 'aa', 'cc', 'aa'];
    const order = tierOrder(
      {
        length: 4,
        person: Int32Array.from([0, 1, 2, 3]),
        level: Uint8Array.from([2, 2, 2, 2]),
        lastIncident: Int32Array.from([10, 10, NO_DAY, 10]),
      },
      names,
    );
    // (C, 10): 'aa' at 1 and 3 (same id: position), then 'bb'; cc without an incident last
    expect(Array.from(order)).toEqual([1, 3, 0, 2]);
    // runs end where (level, day) changes: (C, 10) 'bb', 'ab' then (C, 5) 'aa' — 'aa' stays last
    const runs = tierOrder(
      {
        length: 3,
        person: Int32Array.from([0, 1, 2]),
        level: Uint8Array.from([2, 2, 2]),
        lastIncident: Int32Array.from([10, 10, 5]),
      },
      ['bb', 'ab', 'aa'],
    );
    expect(Array.from(runs)).toEqual([1, 0, 2]);
    expect(
      Array.from(
        tierOrder(
          { length: 0, person: new Int32Array(0), level: new Uint8Array(0), lastIncident: new Int32Array(0) },
          [],
        ),
      ),
    ).toEqual([]);
  });
});

describe('small helpers', () => {
  it('dayTexts: yyyy-MM-dd, made once per day; empty for no day', () => {
    const text = dayTexts();
    expect(text(NO_DAY)).toBe('');
    expect(text(day('2023-06-30'))).toBe('2023-06-30');
    expect(text(day('2023-06-30'))).toBe('2023-06-30');
    expect(text(0)).toBe('1970-01-01');
    expect(text(day('2024-02-29'))).toBe('2024-02-29');
  });

  it('daysSince: asOf − day, null without a day', () => {
    expect(daysSince(T, NO_DAY)).toBeNull();
    expect(daysSince(T, T)).toBe(0);
    expect(daysSince(T, day('2023-06-01'))).toBe(29);
    expect(daysSince(T, day('2023-07-01'))).toBe(-1);
  });

  it('actionOf: notify before review; blank when neither', () => {
    expect(actionOf(1, 0)).toBe('notify');
    expect(actionOf(true, true)).toBe('notify');
    expect(actionOf(0, 1)).toBe('review');
    expect(actionOf(false, false)).toBe('');
    expect(actionOf(0, 0)).toBe('');
  });

  it('allPositions', () => {
    expect(Array.from(allPositions(0))).toEqual([]);
    expect(Array.from(allPositions(3))).toEqual([0, 1, 2]);
  });

  it('tierCounts: the whole list, or the levels kept', () => {
    const s = baseSetup();
    const list = buildTierList(s.ds, s.idx, s.set, T);
    // levels: A esc, pinned; B unchB, dueB; C mm, newc, onP; D higherNote, dueDeq, afterT, lowered
    // changes: new newc, mm, pinned; escalated esc; lowered lowered; unchanged the other 6
    // due: dueB, mm, newc, onP, afterT, lowered; review: esc, pinned
    expect(tierCounts(list.cols)).toEqual({
      persons: 11,
      byLevel: [0, 4, 3, 2, 2],
      changes: [3, 1, 6, 1],
      notificationDue: 6,
      enforcementReview: 2,
    });
    expect(tierCounts(list.cols, (lv) => lv >= 3)).toEqual({
      persons: 4,
      byLevel: [0, 0, 0, 2, 2],
      changes: [1, 1, 2, 0],
      notificationDue: 1,
      enforcementReview: 2,
    });
  });
});

describe('tierTable', () => {
  let s: World;
  let list: TierList;
  beforeEach(() => {
    s = baseSetup();
    list = buildTierList(s.ds, s.idx, s.set, T, { levelSince: true });
  });
  const label = (id: string) => `<${id}>`;

  it('title, summary, notes and columns; no look-back note when none dropped', () => {
    const t = tierTable(list, DEFAULT_ACTIONS, (p) => label(s.ds.persons.values[p]));
    expect(t.title).toBe('IPVI tier list for 2023-06');
    expect(t.meta).toEqual({
      summary: {
        as_of: '2023-06-30',
        previous_as_of: '2023-05-31',
        counts: { D: 4, C: 3, B: 2, A: 2 },
        total: 11,
        new: 3,
        escalated: 1,
        lowered: 1,
        notification_due: 6,
        enforcement_review: 2,
        dropped_by_lookback: 0,
      },
    });
    expect(t.notes).toEqual([
      'summary: A 2, B 2, C 3, D 4 (11 persons); new 3, escalated 1, notification due 6, enforcement review 2',
      'levels as of 2023-06-30 (month end); previous level as of 2023-05-31',
      'notification_due: level D, C or B with no notification at that level or higher as of the month end; A-level persons are flagged enforcement_review instead',
      'action: what the month asks for: notify (notification_due) or review (enforcement_review); blank when neither',
      'change: new (no level at the previous month end), escalated, unchanged, or lowered (possible only with a look-back window or a manual override)',
      'days_since_last_incident: days from the last incident to 2023-06-30; days_since_level_set: days since the incident (or notification, or override) on which the person reached the current level (docs/methods.md#tier-list)',
    ]);
    expect(t.columns).toEqual([
      { key: 'person_id' },
      { key: 'level' },
      { key: 'previous_level' },
      { key: 'change' },
      { key: 'days_since_level_set', kind: 'int' },
      { key: 'notification_due', kind: 'bool' },
      { key: 'enforcement_review', kind: 'bool' },
      { key: 'action' },
      { key: 'last_incident_date', kind: 'date' },
      { key: 'days_since_last_incident', kind: 'int' },
      { key: 'incidents', kind: 'int' },
      { key: 'offenses', kind: 'int' },
      { key: 'last_notified_level' },
      { key: 'last_notified_date', kind: 'date' },
      { key: 'abuser_action' },
      { key: 'victim_action' },
      { key: 'reason' },
    ]);
    expect(t.subjects?.asOf).toBe(T);
    expect(Array.from(t.subjects!.person).map((p) => s.ds.persons.values[p])).toEqual(
      EXPECTED(true).map((r) => r.person),
    );
  });

  it('every cell of the rows, in list order', () => {
    const t = tierTable(list, DEFAULT_ACTIONS, (p) => label(s.ds.persons.values[p]));
    expect(t.rows).toHaveLength(11);
    expect(t.rows[0]).toEqual({
      person_id: '<esc>',
      level: 'A',
      previous_level: 'B',
      change: 'escalated',
      days_since_level_set: 0,
      notification_due: false,
      enforcement_review: true,
      action: 'review',
      last_incident_date: '2023-06-30',
      days_since_last_incident: 0,
      incidents: 3,
      offenses: 3,
      last_notified_level: 'B',
      last_notified_date: '2023-03-01',
      abuser_action: DEFAULT_ACTIONS.A.abuser,
      victim_action: DEFAULT_ACTIONS.A.victim,
      reason:
        'A: offending again after a B notification, or serious repeat offending — (notified_B (=1) and offenses_after_B (=1) >= 1) or (serious (=0) >= 1 and offenses (=3) >= 2)',
    });
    // pinned: no incident, no previous level, no notification
    expect(t.rows[1]).toEqual({
      person_id: '<pinned>',
      level: 'A',
      previous_level: '',
      change: 'new',
      days_since_level_set: 29,
      notification_due: false,
      enforcement_review: true,
      action: 'review',
      last_incident_date: '',
      days_since_last_incident: null,
      incidents: 0,
      offenses: 0,
      last_notified_level: '',
      last_notified_date: '',
      abuser_action: DEFAULT_ACTIONS.A.abuser,
      victim_action: DEFAULT_ACTIONS.A.victim,
      reason: 'manual override to A on 2023-06-01 by jdoe: protective order',
    });
    // dueB: B, notified at C only → notify; 149 days since 02-01
    expect(t.rows[3]).toEqual({
      person_id: '<dueB>',
      level: 'B',
      previous_level: 'B',
      change: 'unchanged',
      days_since_level_set: 149,
      notification_due: true,
      enforcement_review: false,
      action: 'notify',
      last_incident_date: '2023-02-01',
      days_since_last_incident: 149,
      incidents: 2,
      offenses: 2,
      last_notified_level: 'C',
      last_notified_date: '2023-01-20',
      abuser_action: DEFAULT_ACTIONS.B.abuser,
      victim_action: DEFAULT_ACTIONS.B.victim,
      reason:
        'B: demonstrated repeat offending — offenses (=2) >= 2 or (notified_C (=1) and offenses_after_C (=1) >= 1)',
    });
    // dueDeq: D notified at D → neither flag, blank action; 90 days since 04-01
    expect(t.rows[8]).toMatchObject({
      person_id: '<dueDeq>',
      level: 'D',
      change: 'unchanged',
      days_since_level_set: 90,
      notification_due: false,
      enforcement_review: false,
      action: '',
      days_since_last_incident: 90,
      last_notified_level: 'D',
      last_notified_date: '2023-04-02',
      abuser_action: DEFAULT_ACTIONS.D.abuser,
      victim_action: DEFAULT_ACTIONS.D.victim,
    });
    // lowered: B → D by an override on 06-10 (20 days); last incident 02-01 (149 days)
    expect(t.rows[10]).toMatchObject({
      person_id: '<lowered>',
      level: 'D',
      previous_level: 'B',
      change: 'lowered',
      days_since_level_set: 20,
      days_since_last_incident: 149,
      action: 'notify',
      reason: 'manual override to D on 2023-06-10 by jdoe: order lifted',
    });
    expect(t.rows.map((r) => [r.person_id, r.days_since_level_set, r.days_since_last_incident])).toEqual([
      ['<esc>', 0, 0],
      ['<pinned>', 29, null],
      ['<unchB>', 145, 145],
      ['<dueB>', 149, 149],
      ['<mm>', 15, 15],
      ['<newc>', 15, 15],
      ['<onP>', 30, 30],
      ['<higherNote>', 60, 60],
      ['<dueDeq>', 90, 90],
      ['<afterT>', 119, 119],
      ['<lowered>', 20, 149],
    ]);
  });

  it('shown: only those rows (in the order given), the summary still of the whole list', () => {
    const t = tierTable(list, DEFAULT_ACTIONS, (p) => s.ds.persons.values[p], Int32Array.from([3, 10]));
    expect(t.rows.map((r) => [r.person_id, r.level, r.change])).toEqual([
      ['dueB', 'B', 'unchanged'],
      ['lowered', 'D', 'lowered'],
    ]);
    expect(Array.from(t.subjects!.person).map((p) => s.ds.persons.values[p])).toEqual(['dueB', 'lowered']);
    expect((t.meta as { summary: { total: number } }).summary.total).toBe(11);
    expect(t.notes[0]).toBe(
      'summary: A 2, B 2, C 3, D 4 (11 persons); new 3, escalated 1, notification due 6, enforcement review 2',
    );
    // an empty selection: no row
    expect(tierTable(list, DEFAULT_ACTIONS, String, new Int32Array(0)).rows).toEqual([]);
  });

  it("the config's action wording per level", () => {
    const actions = {
      A: { victim: 'va', abuser: 'aa' },
      B: { victim: 'vb', abuser: 'ab' },
      C: { victim: 'vc', abuser: 'ac' },
      D: { victim: 'vd', abuser: 'ad' },
    };
    const t = tierTable(list, actions, String);
    expect(t.rows.map((r) => `${r.level}:${r.abuser_action}/${r.victim_action}`)).toEqual([
      'A:aa/va',
      'A:aa/va',
      'B:ab/vb',
      'B:ab/vb',
      'C:ac/vc',
      'C:ac/vc',
      'C:ac/vc',
      'D:ad/vd',
      'D:ad/vd',
      'D:ad/vd',
      'D:ad/vd',
    ]);
    expect(formatDay(list.asOf)).toBe('2023-06-30');
  });
});
