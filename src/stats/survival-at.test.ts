import { describe, expect, it } from 'vitest';
import { survivalAt } from './survival-at.js';
import { AML_STATUS, AML_TIME, OVARIAN_STATUS, OVARIAN_TIME } from './survival-datasets.fixture.js';

const close = (a: number | null | undefined, b: number, rel = 1e-12) =>
  expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('survivalAt vs R summary(survfit, times = )', () => {
  it('aml: before the first event, between events, at the last time, beyond it', () => {
    // R: s <- summary(survfit(Surv(time, status) ~ 1, data = aml), times = c(3, 12, 30, 45, 100, 161, 200))
    //    time n.risk surv lower upper std.err (200 is dropped by R: after the last observation)
    const want = [
      [3, 23, 1, 1, 1, 0],
      [12, 18, 0.739130434782608647, 0.579799217968031133, 0.94224652723151947, 0.091560537151700067],
      [30, 9, 0.441683919944789505, 0.271675995392291647, 0.71807847747497544, 0.109518069977657145],
      [45, 4, 0.165631469979296064, 0.059840717810080948, 0.458446770885507, 0.086035208408575106],
      [100, 1, 0.082815734989648032, 0.014834608254847221, 0.46232740656529359, 0.072661800503528301],
      [161, 1, 0.082815734989648032, 0.014834608254847221, 0.46232740656529359, 0.072661800503528301],
    ];
    const got = survivalAt(AML_TIME, AML_STATUS.map(Boolean), [3, 12, 30, 45, 100, 161, 200]);
    want.forEach(([time, n, s, lo, hi, se], i) => {
      expect(got[i].time).toBe(time);
      expect(got[i].nRisk).toBe(n);
      close(got[i].survival, s);
      close(got[i].low, lo, 1e-10);
      close(got[i].high, hi, 1e-10);
      close(got[i].stdErr, se, 1e-10);
    });
    expect(got[6]).toMatchObject({ time: 200, survival: null, note: 'beyond the longest follow-up (161)' });
  });

  it('ovarian at 180, 365 and 730 days', () => {
    // R: summary(survfit(Surv(futime, fustat) ~ 1, data = ovarian), times = c(180, 365, 730))
    const want = [
      [23, 0.88461538461538458, 0.76995418372026136, 1],
      [20, 0.73076923076923062, 0.57870194418864163, 0.92279570511512798],
      [10, 0.49673202614379081, 0.3281088280531122, 0.75201483380073686],
    ];
    const got = survivalAt(OVARIAN_TIME, OVARIAN_STATUS.map(Boolean), [180, 365, 730]);
    want.forEach(([n, s, lo, hi], i) => {
      expect(got[i].nRisk).toBe(n);
      close(got[i].survival, s);
      close(got[i].low, lo, 1e-10);
      close(got[i].high, hi, 1e-10);
    });
  });

  it('no observations or a bad horizon → null with a note', () => {
    expect(survivalAt([], [], [10])[0].survival).toBeNull();
    expect(survivalAt([5], [true], [-1])[0].note).toMatch(/non-negative/);
  });

  it("the notes for no observations and mismatched input are kaplanMeier's; horizon 0 is valid", () => {
    expect(survivalAt([], [], [10])).toStrictEqual([
      { time: 10, nRisk: null, survival: null, stdErr: null, low: null, high: null, note: 'no observations (n = 0)' },
    ]);
    expect(survivalAt([1, 2], [true], [1])[0].note).toBe('times and events must have the same length (got 2 and 1)');
    expect(survivalAt([5], [true], [-1, Number.NaN, Infinity]).map((r) => r.note)).toEqual([
      'the horizon must be a non-negative number',
      'the horizon must be a non-negative number',
      'the horizon must be a non-negative number',
    ]);
    // R: summary(survfit(Surv(c(5, 8), c(1, 0)) ~ 1), times = 0): n.risk 2, surv 1
    expect(survivalAt([5, 8], [true, false], [0])).toStrictEqual([
      { time: 0, nRisk: 2, survival: 1, stdErr: 0, low: 1, high: 1 },
    ]);
  });
});
