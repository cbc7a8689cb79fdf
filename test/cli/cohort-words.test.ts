/**
 * The reviewer's wording defects, on fixtures/cohort (data to 2022-12-31, cut to 2022-12-28 here):
 * one default month for `tiers` and `report` (the last complete month, said on stderr), the report's
 * findings telling "no incident in the export" from "all excluded by the relationship filter", the
 * fidelity period named with the dates it counts, and the default A reason for a person never notified.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { explainPerson } from '../../src/classify/classify.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { loadConfig } from '../../src/config/load.js';
import { lastCompleteMonth, parseIsoDay } from '../../src/dates.js';
import { fidelityTable } from '../../src/metrics/fidelity.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { buildDataset, day } from '../helpers/spec.js';

const DIR = join(ROOT, 'fixtures', 'cohort');
const DATA = [
  '--incidents',
  join(DIR, 'incidents.csv'),
  '--notifications',
  join(DIR, 'notifications.csv'),
  '--config',
  join(DIR, 'config.yaml'),
  '--coverage-end',
  '2022-12-28',
];

describe('one default month for the list and the report', () => {
  it('lastCompleteMonth: the month before, unless the data end on a month end', () => {
    expect(lastCompleteMonth(parseIsoDay('2024-06-28')!)).toBe('2024-05');
    expect(lastCompleteMonth(parseIsoDay('2024-06-30')!)).toBe('2024-06');
    expect(lastCompleteMonth(parseIsoDay('2024-03-01')!)).toBe('2024-02');
  });

  it('tiers and report both use 2022-11 when the data end 2022-12-28, and say so', () => {
    const note = '--month not given: using 2022-11, the last complete month of the data (coverage ends 2022-12-28)';
    const tiers = runCli(['tiers', ...DATA, '--format', 'csv']);
    expect(tiers.code, tiers.stderr).toBe(0);
    expect(tiers.stderr).toContain(note);
    const out = join(ROOT, 'test-output', 'cohort-words');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'report.md');
    const report = runCli(['report', ...DATA, '--format', 'md', '-o', file]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toContain(note);
    const md = readFileSync(file, 'utf8');
    expect(md).toContain('`ipvi tiers --month 2022-11`');
    expect(md).not.toContain('--month 2022-12');
    // the findings tell the two reasons apart
    expect(md).toContain('1 notification for a person with no incident in the export');
    expect(md).toContain('1 notification for a person whose incidents were all excluded by the relationship filter');
  });
});

describe('wording', () => {
  it('fidelity names the period with the dates it counts, from the launch when there is one', async () => {
    const { loadDataset } = await import('../../src/ingest/read.js');
    const config = loadConfig(join(DIR, 'config.yaml'));
    const { dataset: ds } = await loadDataset({
      incidents: join(DIR, 'incidents.csv'),
      notifications: join(DIR, 'notifications.csv'),
      config,
    });
    const idx = buildPersonIndex(ds);
    const set = buildRuleSet(config, ds);
    const whole = fidelityTable(ds, idx, set, { contactFirst: [] });
    expect(whole.title).toBe('Program fidelity by level: the whole coverage, 2019-01-01 to 2022-12-31');
    const launched = fidelityTable(ds, idx, set, { contactFirst: [], launch: day('2020-05-01') });
    expect(launched.title).toBe(
      'Program fidelity by level: from the launch to the coverage end, 2020-05-01 to 2022-12-31',
    );
    expect(launched.notes[0]).toMatch(
      /^period: from the launch to the coverage end, 2020-05-01 to 2022-12-31; launch 2020-05-01: /,
    );
    expect(launched.notes.join('\n')).not.toContain('whole coverage');
  });

  it('the default A reason does not call a never-notified person "undeterred"', () => {
    // two offenses, one with a weapon, and no notification: A by the serious branch
    const ds = buildDataset({
      incidents: [
        { date: '2021-01-05', suspect: 'P1', arrest: true },
        { date: '2021-02-05', suspect: 'P1', arrest: true, weapon: true },
      ],
      notifications: [],
    });
    const idx = buildPersonIndex(ds);
    const set = buildRuleSet(loadConfig(), ds);
    const e = explainPerson(ds, idx, set, 0, day('2021-03-01'));
    expect(e.level).toBe(4);
    expect(e.reason).toMatch(/^A: offending again after a B notification, or serious repeat offending — /);
    expect(e.reason).not.toMatch(/undeterred/i);
  });
});
