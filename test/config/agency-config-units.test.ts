/**
 * The pure parts of issue 11's remainder, case by case: charge codes matched on
 * code boundaries (docs/methods.md#charge-codes), intimate-partner spellings for
 * `ipvi init`, config did-you-mean at every nesting level, and dates past the
 * data (docs/methods.md#dates-past-the-data). Hand-worked expectations.
 */
import { describe, expect, it } from 'vitest';
import { codeMatches, explainCharges, readCharges } from '../../src/config/charges.js';
import { looksIntimatePartner } from '../../src/config/init.js';
import { closestKey, keysAt } from '../../src/config/load.js';
import { configSchemas } from '../../src/config/schema.js';
import { periodPastData, staleForAlerts } from '../../src/analyses/data-dates.js';
import { parseIsoDay } from '../../src/dates.js';
import { buildDataset } from '../helpers/dataset.js';
import { inc } from '../helpers/records.js';

const NY = { separator: ';', felonyCodes: ['PL 120.05', 'PL 121.12', 'PL 215.51'], nonOffenseCodes: ['PL 240.26'] };

describe('codeMatches: a code or prefix on a code boundary', () => {
  it.each([
    ['PL 120.05', 'PL 120.05', true],
    ['PL 120.05', 'PL 120.05(2)', true],
    ['PL 120.05', 'PL 120.05 Assault 2', true],
    ['PL 120.05', 'pl  120.05 assault 2', true], // case and white space runs ignored
    ['PL 120.0', 'PL 120.05', false], // not a code boundary
    ['PL 120.05', 'PL 120.050', false],
    ['PL 120', 'PL 120.05', true], // an article prefix
    ['PL 120.', 'PL 120.05', true], // a prefix ending in punctuation
    ['PL 12', 'PL 120.05', false],
    ['PL 120.05', 'PL 120.0', false],
    ['PL 120.05', 'VTL 120.05', false], // a prefix, never a substring
    ['', 'PL 120.05', false],
  ])('%s matches %s: %s', (code, charge, want) => {
    expect(codeMatches(code, charge)).toBe(want);
  });
});

describe('readCharges', () => {
  it('splits at the separator and classifies each charge', () => {
    const r = readCharges('PL 120.05 Assault 2; PL 240.26 Harassment 2', NY);
    expect(r).toEqual({
      offense: 'PL 120.05 Assault 2',
      felony: { charge: 'PL 120.05 Assault 2', code: 'PL 120.05' },
      nonOffense: [{ charge: 'PL 240.26 Harassment 2', code: 'PL 240.26' }],
    });
    expect(explainCharges(r)).toBe(
      "felony by 'PL 120.05 Assault 2' (felony code PL 120.05); not an offense: 'PL 240.26 Harassment 2' (non-offense code PL 240.26)",
    );
  });
  it('a violation alone is no offense; an unlisted charge is an offense but no felony', () => {
    expect(readCharges('PL 240.26 Harassment 2', NY).offense).toBeUndefined();
    const r = readCharges('PL 120.00 Assault 3', NY);
    expect(r.offense).toBe('PL 120.00 Assault 3');
    expect(r.felony).toBeUndefined();
    expect(explainCharges(r)).toBe("offense by 'PL 120.00 Assault 3' (not a listed non-offense code)");
  });
  it('empty parts and "no value" spellings are no charge; another separator', () => {
    expect(readCharges(' ; N/A ;', NY, new Set(['n/a']))).toEqual({ nonOffense: [] });
    const pipe = { ...NY, separator: '|' };
    expect(readCharges('PL 121.12 Strangulation 2 | PL 240.26', pipe).felony?.code).toBe('PL 121.12');
    // with the wrong separator the cell is one charge: its own first code decides
    expect(readCharges('PL 240.26 | PL 121.12', NY).felony).toBeUndefined();
  });
  it('a felony listing wins over a broader non-offense prefix; the longest listed code is named', () => {
    const codes = { separator: ';', felonyCodes: ['PL 215.51'], nonOffenseCodes: ['PL 215', 'PL 240'] };
    expect(readCharges('PL 215.51 Crim Contempt 1', codes)).toMatchObject({ offense: 'PL 215.51 Crim Contempt 1' });
    expect(readCharges('PL 215.50 Crim Contempt 2', codes).offense).toBeUndefined();
    const nested = { separator: ';', felonyCodes: ['PL 120', 'PL 120.05'], nonOffenseCodes: [] };
    expect(readCharges('PL 120.05(2)', nested).felony?.code).toBe('PL 120.05');
  });
});

describe('looksIntimatePartner (init pre-selects these, each for review)', () => {
  it.each([
    'Spouse',
    'Ex-Spouse',
    'Boyfriend/Girlfriend',
    'Ex-Girlfriend',
    'Dating Relationship',
    'Child in Common',
    'Fiancé',
    'FIANCEE',
    'Intimate Partner',
    'Domestic Partner',
    'Common-Law Spouse',
    'Husband',
    'SP',
    'XS',
    'bg',
  ])('%s: yes', (v) => expect(looksIntimatePartner(v)).toBe(true));
  it.each([
    'Parent',
    'Sibling',
    'Child',
    'Friend',
    'Roommate',
    'Business Partner',
    'Stepchild',
    'Mother-in-law',
    '',
    'S',
  ])('%s: no', (v) => expect(looksIntimatePartner(v)).toBe(false));
});

describe('config keys: did you mean, at every level', () => {
  const schema = () => configSchemas().ConfigSchema;
  it('keysAt finds an object, a record and a list element', () => {
    expect(keysAt(schema(), [])).toContain('notifications');
    expect(keysAt(schema(), ['incidents'])).toContain('ipv_relationships');
    expect(keysAt(schema(), ['incidents', 'charges'])).toEqual(['separator', 'felony_codes', 'non_offense_codes']);
    expect(keysAt(schema(), ['notifications', 'levels'])).toEqual(['A', 'B', 'C', 'D']);
    expect(keysAt(schema(), ['rules', 0])).toEqual(['level', 'when', 'reason', 'name']);
    expect(keysAt(schema(), ['alerts'])).toEqual(['max_data_age_days']);
  });
  it('closestKey', () => {
    expect(closestKey('ipv_relationship', keysAt(schema(), ['incidents']))).toBe('ipv_relationships');
    expect(closestKey('Columns', keysAt(schema(), ['incidents']))).toBe('columns');
    expect(closestKey('suspect', keysAt(schema(), ['incidents', 'columns']))).toBe('suspect_id');
    expect(closestKey('max_age', keysAt(schema(), ['alerts']))).toBeUndefined();
    expect(closestKey('E', ['A', 'B', 'C', 'D'])).toBeUndefined();
  });
});

describe('dates past the data', () => {
  const ds = buildDataset([inc('p', '2023-01-10'), inc('p', '2023-12-22')]);
  const d = (s: string) => parseIsoDay(s)!;
  it('a period after, running past, before and inside the coverage', () => {
    expect(periodPastData(ds, '--month 2024-03', d('2024-03-01'), d('2024-03-31'))).toBe(
      "--month 2024-03 lies after the data: the latest incident is 2023-12-22 and the coverage is 2023-01-10 to 2023-12-22; nothing after 2023-12-22 is known, so the result is not that period's (is the export stale? export again, or set the coverage)",
    );
    expect(periodPastData(ds, '--month 2023-12', d('2023-12-01'), d('2023-12-31'))).toContain(
      'runs past the data: the latest incident is 2023-12-22 and the coverage is 2023-01-10 to 2023-12-22; 2023-12-23 to 2023-12-31 is not in the export',
    );
    expect(periodPastData(ds, '--as-of 2022-12-31', d('2022-12-31'))).toContain('lies before the data');
    expect(periodPastData(ds, '--as-of 2023-12-22', d('2023-12-22'))).toBeUndefined();
    expect(periodPastData(ds, '--as-of 2023-01-10', d('2023-01-10'))).toBeUndefined();
  });
  it('alerts: stale when the newest incident is more than the allowed days before --since', () => {
    expect(staleForAlerts(ds, d('2023-12-29'), 7)).toBeUndefined(); // 7 days: allowed
    expect(staleForAlerts(ds, d('2023-12-30'), 7)).toContain('2023-12-22, 8 days before --since 2023-12-30');
    expect(staleForAlerts(ds, d('2023-12-22'), 0)).toBeUndefined();
    expect(staleForAlerts(ds, d('2023-12-01'), 7)).toBeUndefined();
  });
});
