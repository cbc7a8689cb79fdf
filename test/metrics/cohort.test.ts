/**
 * The evaluation cohort (docs/methods.md#cohort): notified people with no
 * usable incident are left out of every evaluation table, from one place,
 * and each table's notes say how many and why. fixtures/cohort, worked by
 * hand (coverage 2019-01-01 to 2022-12-31, default rules):
 *
 * - 000101: incidents 2020-03-01 and 2020-09-01, notified D 2020-06-01 → reoffends at 92 days;
 * - 000102: incident 2020-04-01, notified D 2020-06-15 → no new incident;
 * - 000103: notified D 2020-07-01; its only incident (2020-05-01, relationship Parent) is excluded by the IPV filter;
 * - 256: notified D 2020-08-01; the incidents name 000256 (2020-07-15): the log lost the leading zeros.
 *
 * Counting every notified person (the defect) gave 4 persons, 1 reoffender
 * (25%) and a pre rate of 0.5 at ±12; the cohort is 000101 and 000102: 2
 * persons, 1 reoffender (50%), pre rate 1, post rate 0.5.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/ingest/read.js';
import { leftOutMeta, leftOutNote, notifiedCohort } from '../../src/metrics/common.js';
import { fidelityTable } from '../../src/metrics/fidelity.js';
import { prePostTable } from '../../src/metrics/prepost.js';
import { recidivismTable } from '../../src/metrics/recidivism.js';
import { survivalObservations, survivalTable } from '../../src/metrics/survival.js';
import { ROOT } from '../helpers/run-cli.js';

const DIR = join(ROOT, 'fixtures', 'cohort');

async function load() {
  const config = loadConfig(join(DIR, 'config.yaml'));
  const result = await loadDataset({
    incidents: join(DIR, 'incidents.csv'),
    notifications: join(DIR, 'notifications.csv'),
    config,
  });
  expect(result.log.errors).toBe(0);
  const ds = result.dataset;
  return { result, ds, idx: buildPersonIndex(ds), set: buildRuleSet(config, ds) };
}

const LEFT_OUT =
  '2 notified persons left out of the cohort because they have no incident in the data: 1 whose incidents were all excluded by the IPV relationship filter; 1 with no incident in the export';

describe('the evaluation cohort: notified people with no incident are left out, and said to be', async () => {
  const { result, ds, idx, set } = await load();

  it('is built in one place: 000101 and 000102; 000103 (IPV-filtered) and 256 (no incident) left out', () => {
    const c = notifiedCohort(ds, idx);
    expect(c.persons.map((p) => ds.persons.values[p])).toEqual(['000101', '000102']);
    expect(c.leftOut).toEqual({ noIncident: 2, ipvFiltered: 1 });
    expect(leftOutNote({ noIncident: 0, ipvFiltered: 0 })).toEqual([]);
  });

  it('recidivism: 1 of 2 (50%), not 1 of 4 (25%); the note says who was left out and why', () => {
    for (const cohort of ['first', 'level-entry'] as const) {
      const t = recidivismTable(ds, idx, { followUpMonths: 12, cohort });
      const all = t.rows.find((r) => r.level === 'all')!;
      expect([all.persons, all.reoffenders, all.rate], cohort).toEqual([2, 1, 0.5]);
      expect(
        t.notes.some((n) => n.startsWith(LEFT_OUT)),
        cohort,
      ).toBe(true);
      expect(t.meta?.left_out).toEqual({ noIncident: 2, ipvFiltered: 1 });
    }
  });

  it('under --suppress-below the left-out counts read <N in the notes and the JSON (docs/methods.md#suppression)', () => {
    const tables = [
      recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first', suppressBelow: 5 }),
      prePostTable(ds, idx, { windows: [12], suppressBelow: 5 }),
      survivalTable(ds, idx, { suppressBelow: 5 }),
      fidelityTable(ds, idx, set, { contactFirst: [], suppressBelow: 5 }),
    ];
    for (const t of tables) {
      expect(t.meta?.left_out, t.title).toEqual({ noIncident: '<5', ipvFiltered: '<5' });
      const note = t.notes.find((n) => n.startsWith('<5 notified persons left out'));
      expect(note, t.title).toBeDefined();
      expect(note, t.title).not.toMatch(/\b[1-4] (whose|with)\b/);
    }
    // without suppression the numbers are shown
    expect(recidivismTable(ds, idx, { followUpMonths: 12, cohort: 'first' }).meta?.left_out).toEqual({
      noIncident: 2,
      ipvFiltered: 1,
    });
  });

  it('a hidden part of the left-out split is not given back by total − the other part (both read suppressed)', () => {
    // 20 left out, 3 IPV-filtered, 17 with no incident: at N = 5 the 3 is hidden, so the 17 is too
    const l = { noIncident: 20, ipvFiltered: 3 };
    expect(leftOutMeta(l, 5)).toEqual({ noIncident: 20, ipvFiltered: 'suppressed' });
    const note = leftOutNote(l, 5)[0];
    expect(note).toMatch(/^20 notified persons left out/);
    expect(note).not.toMatch(/\b(3|17) (whose|with)\b/);
    expect(note).toContain('suppressed whose incidents were all excluded');
    // nothing hidden: the numbers as they are
    expect(leftOutMeta(l, 3)).toEqual({ noIncident: 20, ipvFiltered: 3 });
    expect(leftOutNote(l, 3)[0]).toContain(
      '3 whose incidents were all excluded; 17 with no incident'.replace(
        'excluded;',
        'excluded by the IPV relationship filter;',
      ),
    );
  });

  it('prepost ±12: 2 offenders, pre rate 1 and post rate 0.5 (not 4 offenders at 0.5 and 0.25)', () => {
    const t = prePostTable(ds, idx, { windows: [12] });
    expect(t.rows[0]).toMatchObject({ offenders: 2, pre_incidents: 2, pre_rate: 1, post_incidents: 1, post_rate: 0.5 });
    expect(t.notes.some((n) => n.startsWith(LEFT_OUT))).toBe(true);
    expect(t.notes.some((n) => n.includes('2 notified persons with an incident; ±12: 2 in, 0 out'))).toBe(true);
  });

  it('survival: 2 persons followed, one event at 92 days; no censored observation for the left-out', () => {
    const { obs } = survivalObservations(ds, idx, {});
    expect(obs.map((o) => [ds.persons.values[o.person], o.event, o.event ? o.time : null])).toEqual([
      ['000101', true, 92],
      ['000102', false, null],
    ]);
    const t = survivalTable(ds, idx, {});
    expect(t.notes.some((n) => n.startsWith(LEFT_OUT))).toBe(true);
  });

  it('fidelity: the left-out persons notifications are not counted (D: 2, not 4); the note says why', () => {
    const t = fidelityTable(ds, idx, set, { contactFirst: [] });
    const D = t.rows.find((r) => r.level === 'D')!;
    // reached D: 000101, 000102 and 000256 (whose notification was written as 256, so it is never notified)
    expect([D.reached, D.owed, D.notified, D.never_notified, D.notifications]).toEqual([3, 3, 2, 1, 2]);
    expect(t.notes.some((n) => n.startsWith(LEFT_OUT))).toBe(true);
  });

  it('validate: the warning for 256 names the likely match 000256; the IPV-filtered one says so', () => {
    const warnings = result.log.warningList.filter((w) => w.code === 'unknown_person').map((w) => w.message);
    expect(warnings).toEqual([
      'person 000103 has no incident in the incidents file: 1 incident, all excluded by the IPV filter (Parent 1)',
      'person 256 has no incident in the incidents file; did you mean 000256? (the same ID apart from leading zeros, white space or case)',
    ]);
  });
});
