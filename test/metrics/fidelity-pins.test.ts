/**
 * Pins for the fidelity table (docs/methods.md#classification, #parallel-responses) that the mutation run of
 * 2026-11-30 showed unchecked: the boundaries of `levelEvents` (an incident or notification on the coverage end,
 * a notification on the set day, a lower-level notification, an already-notified person notified again, the
 * next person's notifications), the period label and its words, the period's first and last days, the
 * victim-contact share's three cases, the 7/30-day boundaries and their notes, suppression of each count with
 * what it takes with it, and the title, columns and meta; from session 10's run: a set day kept on a later
 * incident day and never taken from the next person's incident day, and the shares' suppression (a part of owed
 * left out of the base, a share of 1, never_notified and notifications hiding what is built on them). Levels
 * follow the default rules (small-fixtures.ts, fidelitySpec): an incident without an offense → D; an offense → C;
 * notified at C and a later offense → B.
 * Every table is built inside `it` (docs/testing.md, "Tests Stryker can see").
 */
import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { formatDay } from '../../src/dates.js';
import { fidelityTable, levelEvents, periodLabel } from '../../src/metrics/fidelity.js';
import type { Cell } from '../../src/model.js';
import { build, day, type Spec } from '../helpers/spec.js';
import { fidelitySpec } from './small-fixtures.js';

const COVERAGE = { start: '2023-01-01', end: '2023-06-30' };

function setup(spec: Spec) {
  const { ds, idx } = build(spec);
  return { ds, idx, set: buildRuleSet(loadConfig(undefined), ds) };
}

/** Each event as [person, level, set day, already notified, notified day or '']. */
function events(spec: Spec) {
  const { ds, idx, set } = setup(spec);
  return levelEvents(ds, idx, set).map((e) => [
    ds.persons.values[e.person],
    'DCBA'[e.level - 1],
    formatDay(e.setDay),
    e.alreadyNotified,
    e.notifiedDay < 0 ? '' : formatDay(e.notifiedDay),
  ]);
}

describe('fidelity pins: levelEvents boundaries', () => {
  it('an incident on the coverage end sets a level; one after it does not', () => {
    expect(
      events({
        incidents: [
          { date: '2023-06-30', suspect: 'P1' },
          { date: '2023-07-05', suspect: 'P1', arrest: true },
        ],
        notifications: [],
        coverage: COVERAGE,
      }),
    ).toEqual([['P1', 'D', '2023-06-30', false, '']]);
  });

  it('a notification on the set day answers it (not "already notified"); one on the coverage end counts, one after does not', () => {
    expect(
      events({
        incidents: [
          { date: '2023-03-01', suspect: 'P1', arrest: true },
          { date: '2023-06-01', suspect: 'P2' },
          { date: '2023-02-01', suspect: 'P3', arrest: true },
        ],
        notifications: [
          { person: 'P1', date: '2023-03-01', level: 'C' },
          { person: 'P2', date: '2023-06-30', level: 'D' },
          { person: 'P3', date: '2023-07-01', level: 'C' },
        ],
        coverage: COVERAGE,
      }),
    ).toEqual([
      ['P1', 'C', '2023-03-01', false, '2023-03-01'],
      ['P2', 'D', '2023-06-01', false, '2023-06-30'],
      ['P3', 'C', '2023-02-01', false, ''],
    ]);
  });

  it('a lower-level notification does not answer a level; an already-notified person keeps no notified day', () => {
    expect(
      events({
        incidents: [
          // P1: C on 02-01; only a D letter after it, then C after the coverage end
          { date: '2023-02-01', suspect: 'P1', arrest: true },
          // P2: D on 02-01, notified at D on 01-15 (already) and again on 02-10
          { date: '2023-02-01', suspect: 'P2' },
        ],
        notifications: [
          { person: 'P1', date: '2023-02-05', level: 'D' },
          { person: 'P2', date: '2023-01-15', level: 'D' },
          { person: 'P2', date: '2023-02-10', level: 'D' },
        ],
        coverage: COVERAGE,
      }),
    ).toEqual([
      ['P1', 'C', '2023-02-01', false, ''],
      ['P2', 'D', '2023-02-01', true, ''],
    ]);
  });

  it("a person never notified does not borrow the next person's notification", () => {
    expect(
      events({
        incidents: [
          { date: '2023-03-01', suspect: 'P1', arrest: true },
          { date: '2023-03-05', suspect: 'P2', arrest: true },
        ],
        notifications: [{ person: 'P2', date: '2023-03-10', level: 'C' }],
        coverage: COVERAGE,
      }),
    ).toEqual([
      ['P1', 'C', '2023-03-01', false, ''],
      ['P2', 'C', '2023-03-05', false, '2023-03-10'],
    ]);
  });
});

describe('fidelity pins: the period label', () => {
  const cs = day('2023-01-01');
  it('each of its four forms', () => {
    expect(periodLabel({ contactFirst: [] }, cs, cs, day('2023-06-30'))).toBe(
      'the whole coverage, 2023-01-01 to 2023-06-30',
    );
    expect(periodLabel({ contactFirst: [], launch: day('2023-03-01') }, cs, day('2023-03-01'), day('2023-06-30'))).toBe(
      'from the launch to the coverage end, 2023-03-01 to 2023-06-30',
    );
    const june = { first: day('2023-06-01'), last: day('2023-06-30'), label: '2023-06' };
    // a period that starts after the coverage start is not "clipped": only the launch clips
    expect(periodLabel({ contactFirst: [], period: june }, cs, june.first, june.last)).toBe(
      '2023-06, 2023-06-01 to 2023-06-30',
    );
    expect(
      periodLabel({ contactFirst: [], period: june, launch: day('2023-06-15') }, cs, day('2023-06-15'), june.last),
    ).toBe('2023-06 from the launch, 2023-06-15 to 2023-06-30');
  });
});

const FIXED_NOTES = {
  owed: 'owed = reached and not already notified at that level or higher the day before; notified = owed and later given a notification at that level or higher, up to the coverage end; never_notified = the rest, as of the coverage end (some may simply be recent)',
  delays:
    'median_days, p90_days: days from the incident that set the level to that notification, among the notified only (quantiles as R type 7); a long wait with no notification yet is not in them, so read them with never_notified',
  within:
    'within_7, within_30: share of the owed notified within 7 / 30 days, among those whose level was set at least 7 / 30 days before the coverage end',
  a: 'A-level persons are addressed with any legal means, not a notification (docs/methods.md#parallel-responses), so the A row has no notification-delay columns',
};

const reachedNote = (period: string) =>
  `period: ${period}; reached = persons whose level first became L by an incident dated in the period (levels as docs/methods.md#classification, evaluated at each incident day with the rules below; a level skipped on the way up is not reached)`;
const notificationsNote = (levels: string) =>
  `notifications: delivered at that level in the period to persons with an incident in the data; victim_contact_first: share of them with the victim contacted on or before the notification day (required at level(s) ${levels}, docs/methods.md#parallel-responses: "no implementation until victim safety is satisfied"); a missing contact date counts as not first`;
const NO_LAUNCH =
  "; no launch date (--launch or the config's launch:), so a level set before the program existed counts as owed and lengthens the delays";

describe('fidelity pins: the whole table', () => {
  it('fidelitySpec without a launch: title, columns, every note, meta', () => {
    const { ds, idx, set } = setup(fidelitySpec());
    const t = fidelityTable(ds, idx, set, { contactFirst: [3] });
    expect(t.title).toBe('Program fidelity by level: the whole coverage, 2023-01-01 to 2023-06-30');
    expect(t.columns).toEqual([
      { key: 'level' },
      { key: 'reached', kind: 'int' },
      { key: 'owed', kind: 'int' },
      { key: 'notified', kind: 'int' },
      { key: 'never_notified', kind: 'int' },
      { key: 'median_days', kind: 'number', decimals: 1 },
      { key: 'p90_days', kind: 'number', decimals: 1 },
      { key: 'within_7', kind: 'percent', decimals: 1 },
      { key: 'within_30', kind: 'percent', decimals: 1 },
      { key: 'notifications', kind: 'int' },
      { key: 'victim_contact_first', kind: 'percent', decimals: 1 },
    ]);
    expect(t.notes).toEqual([
      reachedNote(`the whole coverage, 2023-01-01 to 2023-06-30${NO_LAUNCH}`),
      FIXED_NOTES.owed,
      FIXED_NOTES.delays,
      FIXED_NOTES.within,
      notificationsNote('B'),
      FIXED_NOTES.a,
      'coverage: 2023-01-01 (set by option) to 2023-06-30 (set by option), both days inclusive',
    ]);
    expect(t.meta).toEqual({
      left_out: { noIncident: 0, ipvFiltered: 0 },
      options: {
        period: null,
        launch: null,
        victim_contact_first_levels: ['B'],
        suppress_below: null,
        coverage: { start: '2023-01-01', end: '2023-06-30' },
      },
    });
  });

  it('with a launch and no contact-first level: the launch words, "none", meta', () => {
    const { ds, idx, set } = setup(fidelitySpec());
    const t = fidelityTable(ds, idx, set, { contactFirst: [], launch: day('2023-02-01') });
    expect(t.title).toBe('Program fidelity by level: from the launch to the coverage end, 2023-02-01 to 2023-06-30');
    expect(t.notes[0]).toBe(
      reachedNote(
        'from the launch to the coverage end, 2023-02-01 to 2023-06-30; launch 2023-02-01: a level set before the launch was owed nothing and is not counted',
      ),
    );
    expect(t.notes[4]).toBe(notificationsNote('none'));
    expect(t.meta?.options).toEqual({
      period: null,
      launch: '2023-02-01',
      victim_contact_first_levels: [],
      suppress_below: null,
      coverage: { start: '2023-01-01', end: '2023-06-30' },
    });
  });
});

describe('fidelity pins: several contact-first levels', () => {
  it('are listed in the note and the meta, and each such level gets its share', () => {
    const { ds, idx, set } = setup(fidelitySpec());
    const t = fidelityTable(ds, idx, set, { contactFirst: [3, 4] });
    expect(t.notes[4]).toBe(notificationsNote('B, A'));
    expect(t.meta?.options).toMatchObject({ victim_contact_first_levels: ['B', 'A'] });
    // no A-level notification: an empty share and its note; B: F4 contacted first, F5 not
    expect(t.rows.map((r) => r.victim_contact_first)).toEqual([null, 0.5, null, null]);
    expect(t.notes).toContain('A: no A-level notification in the period, so no victim-contact share');
  });
});

describe("fidelity pins: the period's first and last days", () => {
  it('a level set on the last day of the period, notifications on its first and last days count; one before does not', () => {
    // fidelitySpec, period 2023-01-12 … 2023-03-01: set in it: F3 C 02-01, F5 B 02-10, F4 B 03-01 (the last day).
    // Notifications in it: F4 C 01-12 (the first day), F1 D 01-13, F2 C 01-20; not F8 D 01-01, F4 B 03-03, F5 B 03-20.
    const { ds, idx, set } = setup(fidelitySpec());
    const t = fidelityTable(ds, idx, set, {
      contactFirst: [3],
      period: { first: day('2023-01-12'), last: day('2023-03-01'), label: 'P' },
    });
    expect(t.rows.map((r) => [r.level, r.reached, r.notifications])).toEqual([
      ['A', 0, 0],
      ['B', 2, 0],
      ['C', 1, 2],
      ['D', 0, 1],
    ]);
    const last = fidelityTable(ds, idx, set, {
      contactFirst: [3],
      period: { first: day('2023-01-12'), last: day('2023-03-03'), label: 'P' },
    });
    // F4's B letter of 03-03 is on the last day: counted, its victim contacted on 03-01 (first)
    expect(last.rows[1]).toMatchObject({ level: 'B', notifications: 1, victim_contact_first: 1 });
  });
});

describe('fidelity pins: shares and their boundaries', () => {
  it('victim contact on the notification day counts as first; the day after, or no date, does not', () => {
    // four D persons with a D letter on 02-10: contact 02-09 (first), 02-10 (first), 02-11 (not), none (not): 2/4
    const { ds, idx, set } = setup({
      incidents: ['Q1', 'Q2', 'Q3', 'Q4'].map((suspect) => ({ date: '2023-02-01', suspect })),
      notifications: [
        { person: 'Q1', date: '2023-02-10', level: 'D', victimContact: '2023-02-09' },
        { person: 'Q2', date: '2023-02-10', level: 'D', victimContact: '2023-02-10' },
        { person: 'Q3', date: '2023-02-10', level: 'D', victimContact: '2023-02-11' },
        { person: 'Q4', date: '2023-02-10', level: 'D' },
      ],
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [1] });
    expect(t.rows[3]).toEqual({
      level: 'D',
      reached: 4,
      owed: 4,
      notified: 4,
      never_notified: 0,
      median_days: 9,
      p90_days: 9,
      within_7: 0,
      within_30: 1,
      notifications: 4,
      victim_contact_first: 0.5,
    });
  });

  it('notified exactly 7 days after the set day is within 7; a set day exactly 7 days before the coverage end is in the base', () => {
    // R1: D on 03-01, letter 03-08 (7 days). R2: D on 06-23 = coverage end − 7, never notified.
    // within_7 = 1/2 (R1 yes, R2 no); within_30: R2 set less than 30 days before the end, so 1/1.
    const { ds, idx, set } = setup({
      incidents: [
        { date: '2023-03-01', suspect: 'R1' },
        { date: '2023-06-23', suspect: 'R2' },
      ],
      notifications: [{ person: 'R1', date: '2023-03-08', level: 'D' }],
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [] });
    expect(t.rows[3]).toMatchObject({
      owed: 2,
      notified: 1,
      never_notified: 1,
      median_days: 7,
      within_7: 0.5,
      within_30: 1,
    });
  });

  it('no one with the follow-up: empty shares and their notes; a level with no one owed has no notes', () => {
    // C: R1 set 06-28 by an offense, never notified (too recent for both shares).
    // D: R2 set 02-01, already notified at D on 01-20: reached, not owed, so no note about D.
    const { ds, idx, set } = setup({
      incidents: [
        { date: '2023-06-28', suspect: 'R1', arrest: true },
        { date: '2023-02-01', suspect: 'R2' },
      ],
      notifications: [{ person: 'R2', date: '2023-01-20', level: 'D' }],
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [] });
    expect(t.rows[2]).toMatchObject({ level: 'C', reached: 1, owed: 1, notified: 0, within_7: null, within_30: null });
    expect(t.rows[3]).toMatchObject({
      level: 'D',
      reached: 1,
      owed: 0,
      notified: 0,
      median_days: null,
      within_7: null,
    });
    expect(t.notes.slice(7)).toEqual([
      'C: no one owed a notification was notified, so no delay',
      'C: no one owed a notification had 7 days of follow-up before the coverage end, so no within_7 share',
      'C: no one owed a notification had 30 days of follow-up before the coverage end, so no within_30 share',
    ]);
  });
});

describe('fidelity pins: suppression (below 3), each count with what it takes', () => {
  const hidden = (row: Record<string, Cell>) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v === '<3' || v === 'suppressed'));

  it('hidden cells per level, the note with the number of cells, meta', () => {
    // D: 4 reached (Q1–Q4), 1 owed (Q4; the others had a D letter on 01-05), notified 1 on 02-03.
    // C: 4 reached and owed (R1–R3, and S1 on 01-10), notified 1 (S1, 01-12), never 3.
    // B: 1 reached (S1: offense 01-10, C letter 01-12, offense 03-01 → B), owed 1, not notified.
    const { ds, idx, set } = setup({
      incidents: [
        ...['Q1', 'Q2', 'Q3', 'Q4'].map((suspect) => ({ date: '2023-02-01', suspect })),
        ...['R1', 'R2', 'R3'].map((suspect) => ({ date: '2023-02-01', suspect, arrest: true })),
        { date: '2023-01-10', suspect: 'S1', arrest: true },
        { date: '2023-03-01', suspect: 'S1', arrest: true },
      ],
      notifications: [
        ...['Q1', 'Q2', 'Q3'].map((person) => ({ person, date: '2023-01-05', level: 'D' as const })),
        { person: 'Q4', date: '2023-02-03', level: 'D' },
        { person: 'S1', date: '2023-01-12', level: 'C' },
      ],
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    const [a, b, c, d] = t.rows.map(hidden);
    expect(a).toEqual({});
    // B: reached 1 hides everything built on it (notified 0 too); owed and never_notified 1 are small counts themselves
    expect(b).toEqual({
      reached: '<3',
      owed: '<3',
      notified: 'suppressed',
      never_notified: '<3',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      within_7: 'suppressed',
      within_30: 'suppressed',
    });
    // C: notified 1 hides the delays; never_notified 3 shown; notifications 1 (S1's C letter) is small, but no
    // level is contact-first, so the share does not apply and stays empty (docs/methods.md#suppression)
    // within_7 and within_30 are 1 of 4 (S1, notified after 2 days): the share times owed gives notified's 1
    // back, so they are hidden with it
    expect(c).toEqual({
      notified: '<3',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      within_7: 'suppressed',
      within_30: 'suppressed',
      notifications: '<3',
    });
    expect(t.rows[2].victim_contact_first).toBeNull();
    // D: owed 1 (notified 1 is small too) hides what is built on it, never_notified 0 with it
    expect(d).toEqual({
      owed: '<3',
      notified: '<3',
      never_notified: 'suppressed',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      within_7: 'suppressed',
      within_30: 'suppressed',
    });
    expect(Object.keys(t.rows[3])).toHaveLength(11);
    expect(t.notes.at(-1)).toBe(
      'small counts suppressed for publication: counts from 1 to 2 are shown as "<3" and the rates and intervals built on them as "suppressed" (21 cells); zeros are shown; rows are suppressed one by one, so a hidden cell may still be recoverable from a total (docs/methods.md#suppression)',
    );
    expect(t.meta?.options).toMatchObject({ suppress_below: 3 });
  });

  it('cells that do not apply stay empty: the A row has no delays, a level not contact-first has no share', () => {
    // fidelitySpec: A reached by F6 alone (1, small); B reached 2, owed 2, notified 2, 2 B letters (small).
    // Without suppression the A row's delays and B's share (B not contact-first) are null; with it they must
    // stay null, not read "suppressed" as if a value were hidden (docs/methods.md#suppression).
    const { ds, idx, set } = setup(fidelitySpec());
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    const plain = fidelityTable(ds, idx, set, { contactFirst: [] });
    // the A row as without suppression but for its small count: its 7 delay columns and its share empty
    expect(t.rows[0]).toEqual({ ...plain.rows[0], reached: '<3' });
    expect(Object.entries(t.rows[0]).filter(([, v]) => v === null)).toHaveLength(8);
    expect(t.rows[1]).toMatchObject({ level: 'B', notifications: '<3', victim_contact_first: null });
    // B contact-first: its share (1 of 2) is built on the small count and is hidden
    const first = fidelityTable(ds, idx, set, { contactFirst: [3], suppressBelow: 3 });
    expect(first.rows[1]).toMatchObject({ level: 'B', notifications: '<3', victim_contact_first: 'suppressed' });
    // A contact-first: no A letter, an empty share built on a count of 0 (shown), so nothing hidden
    const a = fidelityTable(ds, idx, set, { contactFirst: [4], suppressBelow: 3 });
    expect(a.rows[0]).toMatchObject({ reached: '<3', owed: null, notifications: 0, victim_contact_first: null });
    // cells replaced: A 1 (reached); B 9 (reached, owed, notified, notifications small; never_notified, the two
    // delays and the two within shares built on them); C 5 (notified, never_notified, notifications; the two
    // delays, and the two within shares, whose numerators are at most notified); D 8 (owed, notified,
    // never_notified, notifications; the delays and within shares) = 25, and 26 with B's contact share
    expect(t.notes.at(-1)).toContain('(25 cells)');
    expect(first.notes.at(-1)).toContain('(26 cells)');
  });

  it('a small notified count hides the delays; a small never_notified count is hidden on its own', () => {
    // C: 4 reached and owed (R1–R4), notified 2 (R1 after 2 days, R2 after 4), never 2: both small
    const { ds, idx, set } = setup({
      incidents: ['R1', 'R2', 'R3', 'R4'].map((suspect) => ({ date: '2023-02-01', suspect, arrest: true })),
      notifications: [
        { person: 'R1', date: '2023-02-03', level: 'C' },
        { person: 'R2', date: '2023-02-05', level: 'C' },
      ],
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    expect(hidden(t.rows[2])).toEqual({
      notified: '<3',
      never_notified: '<3',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      // 2 of 4 within 7 and 30 days: the shares times owed would give notified's 2 back
      within_7: 'suppressed',
      within_30: 'suppressed',
      notifications: '<3',
    });
    // C is not contact-first: the share does not apply and stays empty beside the small notifications count
    expect(t.rows[2]).toMatchObject({ reached: 4, owed: 4, victim_contact_first: null });
    expect(Object.keys(t.rows[2])).toHaveLength(11);
  });

  it('a small owed count with no one notified hides notified 0; a small reached count hides owed 0', () => {
    // D: Q1–Q3 had a D letter on 01-05, before their incident of 02-01 (reached, not owed); Q4 owed, never notified
    const { ds, idx, set } = setup({
      incidents: ['Q1', 'Q2', 'Q3', 'Q4'].map((suspect) => ({ date: '2023-02-01', suspect })),
      notifications: ['Q1', 'Q2', 'Q3'].map((person) => ({ person, date: '2023-01-05', level: 'D' as const })),
      coverage: COVERAGE,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    expect(hidden(t.rows[3])).toEqual({
      owed: '<3',
      notified: 'suppressed',
      never_notified: '<3',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      within_7: 'suppressed',
      within_30: 'suppressed',
    });
    expect(t.rows[3]).toMatchObject({ reached: 4, notifications: 3 });
    // notified 0 is hidden ("suppressed"): the note that no one was notified would give it back, so it goes;
    // without suppression it is said
    expect(t.notes.join('\n')).not.toContain('D: no one owed a notification was notified');
    expect(fidelityTable(ds, idx, set, { contactFirst: [] }).notes).toContain(
      'D: no one owed a notification was notified, so no delay',
    );
    // only Q1 left: reached 1, owed 0
    const one = setup({
      incidents: [{ date: '2023-02-01', suspect: 'Q1' }],
      notifications: [{ person: 'Q1', date: '2023-01-05', level: 'D' }],
      coverage: COVERAGE,
    });
    const t1 = fidelityTable(one.ds, one.idx, one.set, { contactFirst: [], suppressBelow: 3 });
    expect(hidden(t1.rows[3])).toEqual({
      reached: '<3',
      owed: 'suppressed',
      notified: 'suppressed',
      never_notified: 'suppressed',
      median_days: 'suppressed',
      p90_days: 'suppressed',
      within_7: 'suppressed',
      within_30: 'suppressed',
      notifications: '<3',
    });
    expect(t1.rows[3].victim_contact_first).toBeNull();
  });

  it('a share with its whole shown hides a small numerator, a small rest, or a small part of the whole left out of its base', () => {
    // B (two arrests → B, default rules): P1–P6 set 02-02; P7 set 06-26, within 7 and 30 days of the coverage
    // end (06-30), so out of both bases. Notified at B: P1–P5 on 02-10 (8 days; contact 02-05, first),
    // P6 on 03-15 (41 days; no contact date, not first), P7 on 06-28 (contact 06-27, first).
    // reached 7, owed 7, notified 7, never 0: nothing small. Without the check, victim_contact_first 6/7 with
    // notifications 7 gives back 1 notification without contact first, and within_30 = 5/6 with owed 7 can only
    // be 5 of 6 (4/7 … 6/7 are not 5/6): 1 notified later than 30 days, 1 owed left out of the base.
    const people = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
    const { ds, idx, set } = setup({
      incidents: [
        ...[...people, 'P7'].flatMap((suspect) =>
          suspect === 'P7'
            ? [
                { date: '2023-06-25', suspect, arrest: true },
                { date: '2023-06-26', suspect, arrest: true },
              ]
            : [
                { date: '2023-02-01', suspect, arrest: true },
                { date: '2023-02-02', suspect, arrest: true },
              ],
        ),
      ],
      notifications: [
        ...people
          .slice(0, 5)
          .map((person) => ({ person, date: '2023-02-10', level: 'B' as const, victimContact: '2023-02-05' })),
        { person: 'P6', date: '2023-03-15', level: 'B' },
        { person: 'P7', date: '2023-06-28', level: 'B', victimContact: '2023-06-27' },
      ],
      coverage: COVERAGE,
    });
    const plain = fidelityTable(ds, idx, set, { contactFirst: [3] });
    // without suppression (worked by hand above): 0 of 6 within 7 days, 5 of 6 within 30, 6 of 7 contact first
    expect(plain.rows[1]).toMatchObject({ level: 'B', reached: 7, owed: 7, notified: 7, never_notified: 0 });
    expect(plain.rows[1]).toMatchObject({
      within_7: 0,
      within_30: 5 / 6,
      notifications: 7,
      victim_contact_first: 6 / 7,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [3], suppressBelow: 3 });
    // within_7 = 0 gives no base back (0 of anything), so it stays; the other two shares are hidden
    expect(t.rows[1]).toEqual({ ...plain.rows[1], within_30: 'suppressed', victim_contact_first: 'suppressed' });
    // C (reached by the first arrest, answered by the B letter, "at that level or higher"): the same 5 of 6
    expect(plain.rows[2]).toMatchObject({ level: 'C', owed: 7, notified: 7, within_7: 0, within_30: 5 / 6 });
    expect(t.rows[2]).toEqual({ ...plain.rows[2], within_30: 'suppressed' });
    expect(t.notes.at(-1)).toContain('(3 cells)');
    // with suppression below 1 nothing is hidden: every share as without suppression
    expect(fidelityTable(ds, idx, set, { contactFirst: [3], suppressBelow: 1 }).rows[1]).toEqual(plain.rows[1]);
  });
});

describe('fidelity pins (session 10): set days between incidents', () => {
  it('a level held again on a later incident day keeps its first set day', () => {
    // P1: two incidents without an offense, 02-01 and 03-01: D at both, set on the first
    expect(
      events({
        incidents: [
          { date: '2023-02-01', suspect: 'P1' },
          { date: '2023-03-01', suspect: 'P1' },
        ],
        notifications: [],
        coverage: COVERAGE,
      }),
    ).toEqual([['P1', 'D', '2023-02-01', false, '']]);
  });

  it("levels are evaluated at the person's own incident days, not at the next person's", () => {
    // look-back 1 month, default rules. P1: two arrests on 01-10 (offenses 2 → B; D and C skipped), an incident
    // without an offense on 01-25 (still B: both arrests within the month). On 02-15 (P2's only incident day)
    // P1's window (01-15, 02-15] holds only the 01-25 incident, so P1 would read D: no incident of P1's that
    // day, so D is not reached.
    const { ds, idx, set } = setup({
      incidents: [
        { date: '2023-01-10', suspect: 'P1', arrest: true },
        { date: '2023-01-10', suspect: 'P1', arrest: true },
        { date: '2023-01-25', suspect: 'P1' },
        { date: '2023-02-15', suspect: 'P2' },
      ],
      notifications: [],
      coverage: COVERAGE,
    });
    const lookback = { ...set, features: { ...set.features, lookbackMonths: 1 } };
    expect(
      levelEvents(ds, idx, lookback).map((e) => [
        ds.persons.values[e.person],
        'DCBA'[e.level - 1],
        formatDay(e.setDay),
      ]),
    ).toEqual([
      ['P1', 'B', '2023-01-10'],
      ['P2', 'D', '2023-02-15'],
    ]);
  });
});

describe('fidelity pins (session 10): suppression (below 3) of the shares and their derived cells', () => {
  const hidden = (row: Record<string, Cell>) =>
    Object.fromEntries(Object.entries(row).filter(([, v]) => v === '<3' || v === 'suppressed'));
  /** D (no offense): Q1–Q7 set 02-01, notified at D: Q1–Q3 on 02-05 (4 days), Q4–Q7 on `late`; Q8 set 06-28,
   * within 7 and 30 days of the coverage end (06-30), so out of both bases, notified 06-29. */
  const eight = (late: string) =>
    setup({
      incidents: [
        ...['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7'].map((suspect) => ({ date: '2023-02-01', suspect })),
        { date: '2023-06-28', suspect: 'Q8' },
      ],
      notifications: [
        ...['Q1', 'Q2', 'Q3'].map((person) => ({ person, date: '2023-02-05', level: 'D' as const })),
        ...['Q4', 'Q5', 'Q6', 'Q7'].map((person) => ({ person, date: late, level: 'D' as const })),
        { person: 'Q8', date: '2023-06-29', level: 'D' },
      ],
      coverage: COVERAGE,
    });

  it('a share hides when only the part of owed left out of its base is small (3/7 of owed 8)', () => {
    // Q4–Q7 notified 03-15 (42 days): reached 8, owed 8, notified 8, never 0, notifications 8: nothing small.
    // within_7 = within_30 = 3/7 (base Q1–Q7; Q1–Q3 in time): numerator 3, rest 4, but owed 8 − base 7 = 1,
    // and 3/7 with owed 8 can only be 3 of 7 (6/14 is over 8): it gives back 1 owed set in the last 7 days.
    const { ds, idx, set } = eight('2023-03-15');
    const plain = fidelityTable(ds, idx, set, { contactFirst: [] });
    // delays 1, 4, 4, 4, 42, 42, 42, 42 (type 7): median at position 1 + 7 × 0.5 = 4.5, (4 + 42) / 2 = 23; p90 at 7.3, 42
    expect(plain.rows[3]).toMatchObject({
      reached: 8,
      owed: 8,
      notified: 8,
      never_notified: 0,
      median_days: 23,
      p90_days: 42,
      within_7: 3 / 7,
      within_30: 3 / 7,
      notifications: 8,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    expect(t.rows[3]).toEqual({ ...plain.rows[3], within_7: 'suppressed', within_30: 'suppressed' });
  });

  it('a share of 1 gives no base back and is shown, even with a small part of owed left out of it (7/7 of owed 8)', () => {
    // Q4–Q7 notified 02-03 (2 days): within_7 = within_30 = 7/7 = 1, base 7 of owed 8 (Q8 left out: 1, small).
    // "all of the base in time" is the same for any base 1 … 8, so nothing is recoverable: shown.
    const { ds, idx, set } = eight('2023-02-03');
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    expect(t.rows[3]).toMatchObject({ reached: 8, owed: 8, notified: 8, never_notified: 0, within_7: 1, within_30: 1 });
    expect(hidden(t.rows[3])).toEqual({});
  });

  it('a small never_notified count hides the within shares (their bases hold the never notified)', () => {
    // D: R1–R10 set 02-01; notified at D: R1–R5 on 02-03 (2 days), R6–R8 on 03-15 (42 days); R9, R10 never.
    // owed 10, notified 8, never_notified 2 (small); within_7 = within_30 = 5/10 (numerator 5, rest 5, all owed in
    // the base: the share check alone would show them); delays 2, 2, 2, 2, 2, 42, 42, 42: median (type 7, position
    // 1 + 7 × 0.5 = 4.5) 2, p90 (position 7.3) 42.
    const people = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10'];
    const { ds, idx, set } = setup({
      incidents: people.map((suspect) => ({ date: '2023-02-01', suspect })),
      notifications: [
        ...people.slice(0, 5).map((person) => ({ person, date: '2023-02-03', level: 'D' as const })),
        ...people.slice(5, 8).map((person) => ({ person, date: '2023-03-15', level: 'D' as const })),
      ],
      coverage: COVERAGE,
    });
    const plain = fidelityTable(ds, idx, set, { contactFirst: [] });
    expect(plain.rows[3]).toMatchObject({
      owed: 10,
      notified: 8,
      never_notified: 2,
      median_days: 2,
      p90_days: 42,
      within_7: 0.5,
      within_30: 0.5,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 3 });
    expect(t.rows[3]).toEqual({
      ...plain.rows[3],
      never_notified: '<3',
      within_7: 'suppressed',
      within_30: 'suppressed',
    });
  });

  it('a small notifications count hides its victim-contact share, even a share of 1', () => {
    // B (two arrests): P1, P2 set 02-02, B letters 02-10, victim contacted 02-05 (first): 2 of 2 = 1
    const { ds, idx, set } = setup({
      incidents: ['P1', 'P2'].flatMap((suspect) => [
        { date: '2023-02-01', suspect, arrest: true },
        { date: '2023-02-02', suspect, arrest: true },
      ]),
      notifications: ['P1', 'P2'].map((person) => ({
        person,
        date: '2023-02-10',
        level: 'B' as const,
        victimContact: '2023-02-05',
      })),
      coverage: COVERAGE,
    });
    expect(fidelityTable(ds, idx, set, { contactFirst: [3] }).rows[1]).toMatchObject({
      notifications: 2,
      victim_contact_first: 1,
    });
    const t = fidelityTable(ds, idx, set, { contactFirst: [3], suppressBelow: 3 });
    expect(t.rows[1]).toMatchObject({ level: 'B', notifications: '<3', victim_contact_first: 'suppressed' });
  });
});

describe('fidelity pins (session 10): the two within shares together (below 3)', () => {
  /** D (no offense), coverage end 06-30. `early` set 02-01 (in both bases), `middle` set 06-10 (in within_7's base
   * only: 06-17 ≤ 06-30 < 07-10), `recent` set 06-28 (in neither); each delay in days to
   * a D letter, null = never notified. */
  const world = (early: (number | null)[], middle: (number | null)[], recent: (number | null)[] = []) => {
    const groups = [
      { set: '2023-02-01', delays: early, name: 'E' },
      { set: '2023-06-10', delays: middle, name: 'M' },
      { set: '2023-06-28', delays: recent, name: 'R' },
    ];
    const people = groups.flatMap((g) =>
      g.delays.map((delay, i) => ({ person: `${g.name}${i + 1}`, set: g.set, delay })),
    );
    return setup({
      incidents: people.map(({ person, set }) => ({ date: set, suspect: person })),
      notifications: people.flatMap(({ person, set, delay }) =>
        delay === null ? [] : [{ person, date: day(set) + delay, level: 'D' as const }],
      ),
      coverage: COVERAGE,
    });
  };
  const times = (n: number, delay: number | null) => Array<number | null>(n).fill(delay);
  const within = (w: ReturnType<typeof world>, suppressBelow?: number) => {
    const r = fidelityTable(w.ds, w.idx, w.set, { contactFirst: [], suppressBelow }).rows[3];
    return [r.owed, r.notified, r.never_notified, r.within_7, r.within_30];
  };

  it('bases 17 and 16 of owed 20 give back 1 owed set 7 to 29 days before the end: within_30 hidden', () => {
    // early 16: 5 after 4 days, 4 after 19, 4 after 59, 3 never; middle 1 after 2 days; recent 3.
    // within_7 = (5 + 1) / 17 (rest 11, owed − base 3); within_30 = 9 / 16 (rest 7, owed − base 4): each alone
    // shows, but 6/17 and 9/16 of owed 20 can only be those, and 17 − 16 = 1.
    const w = world([...times(5, 4), ...times(4, 19), ...times(4, 59), ...times(3, null)], [2], times(3, 1));
    expect(within(w)).toEqual([20, 17, 3, 6 / 17, 9 / 16]);
    expect(within(w, 3)).toEqual([20, 17, 3, 6 / 17, 'suppressed']);
  });

  it('one base, numerators 4 and 5 of 10 give back 1 notified 8 to 30 days after: within_30 hidden', () => {
    // early 10: 4 after 2 days, 1 after 20, 5 after 42: within_7 = 4/10, within_30 = 5/10, 5 − 4 = 1
    const w = world([...times(4, 2), 20, ...times(5, 42)], []);
    expect(within(w)).toEqual([10, 10, 0, 0.4, 0.5]);
    expect(within(w, 3)).toEqual([10, 10, 0, 0.4, 'suppressed']);
    const t = fidelityTable(w.ds, w.idx, w.set, { contactFirst: [], suppressBelow: 3 });
    expect(t.notes.at(-1)).toContain('(1 cell)');
  });

  it('everyone owed in the base: notified − numerator is those notified later, hidden when small', () => {
    // early 11: 4 after 2 days, 3 after 20, 1 after 42, 3 never: owed 11, notified 8, never 3.
    // within_7 = 4/11 (rest 7; notified later than 7 days: 8 − 4 = 4) shown; within_30 = 7/11 (rest 4) gives
    // back 8 − 7 = 1 notified later than 30 days: hidden (7 − 4 = 3 between the numerators, not small)
    const w = world([...times(4, 2), ...times(3, 20), 42, ...times(3, null)], []);
    expect(within(w)).toEqual([11, 8, 3, 4 / 11, 7 / 11]);
    expect(within(w, 3)).toEqual([11, 8, 3, 4 / 11, 'suppressed']);
    // with 3 more owed set 06-28 and never notified (out of both bases): notified 8 − 7 = 1 is now the notified
    // later than 30 days plus the notified of those 3, one group or the other: not given back, so shown
    const more = world([...times(4, 2), ...times(3, 20), 42, ...times(3, null)], [], times(3, null));
    expect(within(more, 3)).toEqual([14, 8, 6, 4 / 11, 7 / 11]);
  });

  it('shown when the bases differ by 3 (numerators 5 and 6 are over different bases), or either share is 0 or 1', () => {
    // early 10: 4 after 2 days, 2 after 20, 4 after 42; middle 3: after 2, 15, 15. within_7 = (4 + 1) / 13,
    // within_30 = 6/10: bases differ by 3, not small; 6 − 5 counts no one group
    const w = world([...times(4, 2), ...times(2, 20), ...times(4, 42)], [2, 15, 15]);
    expect(within(w, 3)).toEqual([13, 13, 0, 5 / 13, 0.6]);
    // as the first case, but no one within 7 days (early: 9 after 20 days; middle after 10): within_7 = 0 gives
    // no base back, so within_30 = 9/16 shows
    const z = world([...times(9, 20), ...times(4, 59), ...times(3, null)], [10], times(3, 1));
    expect(within(z, 3)).toEqual([20, 17, 3, 0, 9 / 16]);
    // nor when within_30 is 1: early 10, 5 after 2 days and 5 after 20; middle 1 after 2 days. within_7 = 6/11
    // (rest 5) gives its base 11 back, but 100% within 30 days fits any base, so 11 − 10 = 1 is not given back
    const one = world([...times(5, 2), ...times(5, 20)], [2]);
    expect(within(one, 3)).toEqual([11, 11, 0, 6 / 11, 1]);
    // and within_7 alone (everyone owed set 06-10, no within_30 base): 3 after 2 days, 3 never, 3/6 shown
    const alone = world([], [2, 2, 2, null, null, null]);
    expect(within(alone, 3)).toEqual([6, 3, 3, 0.5, null]);
  });
});
