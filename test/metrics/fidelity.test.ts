import { describe, expect, it } from 'vitest';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { fidelityTable, levelEvents } from '../../src/metrics/fidelity.js';
import { formatDay } from '../../src/dates.js';
import { build, day } from '../helpers/spec.js';
import { fidelitySpec } from './small-fixtures.js';

describe('fidelity: keeping promises per level (the story of each person is in small-fixtures.ts)', () => {
  const { ds, idx } = build(fidelitySpec());
  const config = loadConfig(undefined);
  const set = buildRuleSet(config, ds);

  it('finds the incident day that set each level, evaluating the default rules at incident days', () => {
    const ev = levelEvents(ds, idx, set).map((e) => [
      ds.persons.values[e.person],
      'DCBA'[e.level - 1],
      formatDay(e.setDay),
      e.alreadyNotified,
      e.notifiedDay < 0 ? '' : formatDay(e.notifiedDay),
    ]);
    expect(ev).toEqual([
      ['F1', 'D', '2023-01-10', false, '2023-01-13'],
      ['F2', 'C', '2023-01-05', false, '2023-01-20'],
      ['F3', 'C', '2023-02-01', false, ''],
      ['F4', 'C', '2023-01-10', false, '2023-01-12'],
      ['F4', 'B', '2023-03-01', false, '2023-03-03'],
      ['F5', 'B', '2023-02-10', false, '2023-03-20'],
      ['F6', 'C', '2023-01-05', false, ''],
      ['F6', 'A', '2023-01-06', false, ''],
      ['F7', 'D', '2023-06-28', false, ''],
      ['F8', 'D', '2023-01-03', true, ''],
    ]);
  });

  it('the whole-coverage table', () => {
    const t = fidelityTable(ds, idx, set, { contactFirst: config.victimContactFirst });
    expect(t.rows).toEqual([
      {
        level: 'A',
        reached: 1,
        owed: null,
        notified: null,
        never_notified: null,
        median_days: null,
        p90_days: null,
        within_7: null,
        within_30: null,
        notifications: 0,
        victim_contact_first: null,
      },
      // delays 2 (F4) and 38 (F5): median 20, p90 = 2 + 0.9·36 = 34.4; F4 contacted first, F5 not
      {
        level: 'B',
        reached: 2,
        owed: 2,
        notified: 2,
        never_notified: 0,
        median_days: 20,
        p90_days: 34.4,
        within_7: 0.5,
        within_30: 0.5,
        notifications: 2,
        victim_contact_first: 0.5,
      },
      // delays 15 (F2) and 2 (F4); F3 and F6 never: quantile(c(2, 15), c(.5, .9)) = 8.5, 13.7
      {
        level: 'C',
        reached: 4,
        owed: 4,
        notified: 2,
        never_notified: 2,
        median_days: 8.5,
        p90_days: expect.closeTo(13.7, 12),
        within_7: 0.25,
        within_30: 0.5,
        notifications: 2,
        victim_contact_first: null,
      },
      // F8 already notified; F7 too recent for the shares (set 2023-06-28, coverage ends 2023-06-30)
      {
        level: 'D',
        reached: 3,
        owed: 2,
        notified: 1,
        never_notified: 1,
        median_days: 3,
        p90_days: 3,
        within_7: 1,
        within_30: 1,
        notifications: 2,
        victim_contact_first: null,
      },
    ]);
    const notes = t.notes.join('\n');
    expect(notes).toContain('period: the whole coverage, 2023-01-01 to 2023-06-30');
    expect(notes).toContain('required at level(s) B');
  });

  it('--month: people whose level was set in the month, notifications delivered in it', () => {
    const t = fidelityTable(ds, idx, set, {
      contactFirst: [3],
      period: { first: day('2023-02-01'), last: day('2023-02-28'), label: '2023-02' },
    });
    expect(t.rows.find((r) => r.level === 'C')).toMatchObject({
      reached: 1,
      owed: 1,
      notified: 0,
      never_notified: 1,
      median_days: null,
      within_7: 0,
    });
    expect(t.rows.find((r) => r.level === 'B')).toMatchObject({
      reached: 1,
      owed: 1,
      notified: 1,
      median_days: 38,
      notifications: 0,
      victim_contact_first: null,
    });
    const notes = t.notes.join('\n');
    expect(notes).toContain('C: no one owed a notification was notified, so no delay');
    expect(notes).toContain('B: no B-level notification in the period, so no victim-contact share');
  });

  it('suppression', () => {
    const t = fidelityTable(ds, idx, set, { contactFirst: [3], suppressBelow: 3 });
    expect(t.rows.find((r) => r.level === 'B')).toMatchObject({
      reached: '<3',
      owed: '<3',
      median_days: 'suppressed',
      notifications: '<3',
      victim_contact_first: 'suppressed',
    });
    expect(t.rows.find((r) => r.level === 'C')).toMatchObject({
      reached: 4,
      owed: 4,
      notified: '<3',
      median_days: 'suppressed',
      // 1 of 4 notified within 7 days: the share times owed would give a count of 1 (docs/methods.md#suppression)
      within_7: 'suppressed',
    });
  });
});
