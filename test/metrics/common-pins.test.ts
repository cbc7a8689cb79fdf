/**
 * Pins for src/metrics/common.ts and benchmarks.ts: the index notification
 * cohorts, small-count suppression at its limits, the number formats used in
 * notes, and the published-figures note. Hand-worked values.
 */
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { parseIsoDay } from '../../src/dates.js';
import { PUBLISHED_RECIDIVISM, publishedRecidivismNote } from '../../src/metrics/benchmarks.js';
import {
  coverageNote,
  firstNotifications,
  fmt,
  fmtP,
  isSmallCount,
  levelEntries,
  LEVELS_HIGH_FIRST,
  suppressionMarker,
  suppressionNote,
  suppressRow,
} from '../../src/metrics/common.js';
import { buildDataset } from '../helpers/dataset.js';
import { inc, note } from '../helpers/records.js';

const day = (s: string) => parseIsoDay(s)!;

describe('index notifications', () => {
  const ds = buildDataset(
    [inc('p', '2020-01-01'), inc('q', '2020-01-01'), inc('never', '2020-01-01')],
    [
      note('p', '2020-03-01', 'B'),
      note('p', '2020-01-05', 'D'),
      note('p', '2020-01-05', 'C'), // same day as D: the higher level is the index level
      note('p', '2020-04-01', 'C'), // C again: level-entry keeps the first C
      note('q', '2021-02-02', 'A'),
    ],
  );
  const idx = buildPersonIndex(ds);
  const id = (p: number) => ds.persons.values[p];

  it('cohort first: one per notified person, the earliest day, the highest level that day', () => {
    expect(firstNotifications(ds, idx).map((x) => [id(x.person), x.day, x.level])).toEqual([
      ['p', day('2020-01-05'), 2],
      ['q', day('2021-02-02'), 4],
    ]);
  });

  it('cohort level-entry: one per (person, level), at the first notification at that level', () => {
    const got = levelEntries(ds, idx)
      .map((x) => `${id(x.person)} ${x.level} ${x.day}`)
      .sort();
    expect(got).toEqual(
      [
        `p 1 ${day('2020-01-05')}`,
        `p 2 ${day('2020-01-05')}`,
        `p 3 ${day('2020-03-01')}`,
        `q 4 ${day('2021-02-02')}`,
      ].sort(),
    );
  });

  it('the coverage note names where each end came from', () => {
    const base = { start: day('2015-01-01'), end: day('2020-12-31') };
    const note1 = coverageNote({ ...ds, coverage: { ...base, startSource: 'option', endSource: 'data' } });
    expect(note1).toBe('coverage: 2015-01-01 (set by option) to 2020-12-31 (from the data), both days inclusive');
    const note2 = coverageNote({ ...ds, coverage: { ...base, startSource: 'config', endSource: 'option' } });
    expect(note2).toBe('coverage: 2015-01-01 (set in the config) to 2020-12-31 (set by option), both days inclusive');
  });
});

describe('small-count suppression', () => {
  it('hides 1 … below−1, never 0, never non-numbers; below ≤ 1 or undefined hides nothing', () => {
    expect([0, 1, 4, 5, 6].map((n) => isSmallCount(n, 5))).toEqual([false, true, true, false, false]);
    expect(isSmallCount('3', 5)).toBe(false);
    expect(isSmallCount(null, 5)).toBe(false);
    expect(isSmallCount(1, 1)).toBe(false);
    expect(isSmallCount(1, 2)).toBe(true);
    expect(isSmallCount(1, undefined)).toBe(false);
    expect(suppressionMarker(5)).toBe('<5');
  });

  it('replaces the count and its derived cells, once each, and counts them', () => {
    const row = { n: 3, rate: 0.5, low: 0.1, m: 7, other: 2 } as Record<string, number | string>;
    const rules = [
      { count: 'n', derived: ['rate', 'low'] },
      { count: 'm', derived: ['rate'] },
      { count: 'other', derived: ['rate'] },
    ];
    expect(suppressRow(row, 5, rules)).toBe(4); // n, rate, low, other (rate counted once)
    // counts read "<5"; what is built on them reads "suppressed" (docs/methods.md#suppression)
    expect(row).toEqual({ n: '<5', rate: 'suppressed', low: 'suppressed', m: 7, other: '<5' });
    const untouched = { n: 3 };
    expect(suppressRow(untouched, 1, [{ count: 'n', derived: [] }])).toBe(0);
    expect(suppressRow(untouched, undefined, [{ count: 'n', derived: [] }])).toBe(0);
    expect(untouched).toEqual({ n: 3 });
  });

  it('the note says how many cells, in the singular for one', () => {
    expect(suppressionNote(undefined, 3)).toEqual([]);
    expect(suppressionNote(1, 3)).toEqual([]);
    const [one] = suppressionNote(5, 1);
    expect(one).toContain(
      'counts from 1 to 4 are shown as "<5" and the rates and intervals built on them as "suppressed" (1 cell); zeros are shown; rows are suppressed one by one',
    );
    expect(suppressionNote(11, 2)[0]).toContain(
      'counts from 1 to 10 are shown as "<11" and the rates and intervals built on them as "suppressed" (2 cells);',
    );
  });
});

describe('formats for notes', () => {
  it('fmt trims trailing zeros and rounds to the digits asked; non-finite and missing are a dash', () => {
    expect([fmt(1.5), fmt(2), fmt(1.005, 3), fmt(1.23456), fmt(1.23456, 4), fmt(-0.5)]).toEqual([
      '1.5',
      '2',
      '1.005',
      '1.23',
      '1.2346',
      '-0.5',
    ]);
    expect([fmt(null), fmt(undefined), fmt(Number.NaN), fmt(Number.POSITIVE_INFINITY)]).toEqual(['—', '—', '—', '—']);
  });

  it('fmtP: 4 decimals, "< 0.0001" below, the limit itself shown', () => {
    expect([
      fmtP(0.04567),
      fmtP(0.0001),
      fmtP(0.00009999),
      fmtP(1),
      fmtP(null),
      fmtP(undefined),
      fmtP(Number.NaN),
    ]).toEqual(['0.0457', '0.0001', '< 0.0001', '1.0000', '—', '—', '—']);
  });

  it('levels are listed A first', () => {
    expect(LEVELS_HIGH_FIRST).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('published recidivism figures', () => {
  it('the note lists Kingston by level, then the other sites with their citation', () => {
    expect(publishedRecidivismNote()).toBe(
      'published, for comparison only (not computed from this data; each measured something different — check the original before comparing): ' +
        'Kingston, NY IPVI by level A 48.8%, B 52.5%, C 38.9%, D 27.3%; ' +
        'High Point, NC 19% (Sechrist & Weil (2018), Violence Against Women 24(3), IPVI); ' +
        'Olympia, WA 45% (George (2012), traditional DV intervention); ' +
        'Rhode Island 64.2% (Klein et al. (2005), traditional DV intervention)',
    );
    expect(PUBLISHED_RECIDIVISM).toHaveLength(7);
    // the Kingston figures cite the presentation itself
    expect(PUBLISHED_RECIDIVISM.filter((b) => b.site === 'Kingston, NY').map((b) => b.source)).toEqual(
      Array(4).fill('the NNSC 2023 IPVI presentation'),
    );
  });
});
