import { describe, expect, it } from 'vitest';
import { TierState } from './tier.js';

// Hand-worked cases of docs/methods.md#classification (the default rules).
describe('TierState', () => {
  it('has no level before any incident', () => {
    expect(new TierState().level()).toBe(0);
  });

  it('D for an incident without offense, C for one offense, B for two', () => {
    const s = new TierState();
    s.addIncident(10, false, false);
    expect(s.level()).toBe(1);
    s.addIncident(20, true, false);
    expect(s.level()).toBe(2);
    s.addIncident(30, true, false);
    expect(s.level()).toBe(3);
  });

  it('A for a serious incident and two offenses', () => {
    const s = new TierState();
    s.addIncident(10, true, true);
    expect(s.level()).toBe(2); // one offense, serious: still C
    s.addIncident(20, true, false);
    expect(s.level()).toBe(4);
  });

  it('a serious incident that is not an offense does not count as an offense', () => {
    const s = new TierState();
    s.addIncident(10, false, true);
    s.addIncident(20, true, false);
    expect(s.level()).toBe(2);
  });

  it('B after a C notification and an offense strictly after it', () => {
    const s = new TierState();
    s.addIncident(10, false, false);
    s.addNotification(15, 1); // notified at D: no rule uses it
    s.addIncident(20, true, false);
    expect(s.level()).toBe(2);
    s.addNotification(30, 2);
    s.addIncident(30, false, false); // same day as the notification: not after, and no offense anyway
    expect(s.level()).toBe(2);
    s.addIncident(40, false, false); // after, but not an offense
    expect(s.level()).toBe(2);
    // (a second offense alone would give B too; check the C-notification path with a fresh state)
    const t = new TierState();
    t.addNotification(5, 2); // a C notification before any offense (e.g. an override)
    t.addIncident(10, true, false);
    expect(t.offensesAfter[2]).toBe(1);
    expect(t.level()).toBe(3);
  });

  it('an offense on the notification day is not "after" it', () => {
    const s = new TierState();
    s.addIncident(10, true, false);
    s.addIncident(20, true, false);
    s.addNotification(30, 3);
    s.addIncident(30, true, false);
    expect(s.offensesAfter[3]).toBe(0);
    expect(s.level()).toBe(3);
    s.addIncident(31, true, false);
    expect(s.level()).toBe(4); // notified at B and offended after it
  });

  it('only the first notification at a level counts', () => {
    const s = new TierState();
    s.addNotification(10, 3);
    s.addNotification(50, 3);
    expect(s.firstNotified[3]).toBe(10);
  });
});
