/**
 * End-to-end tests of the five evaluation commands on small fixtures.
 *
 * Each command is run in-process (its factory's parseAsync, as the real
 * program would after main.ts adds it) and through the real binary
 * `node bin/ipvi <cmd>` as well. Outputs go to a temp dir.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fidelityCommand } from '../../src/cli/commands/fidelity.js';
import { prepostCommand } from '../../src/cli/commands/prepost.js';
import { recidivismCommand } from '../../src/cli/commands/recidivism.js';
import { survivalCommand } from '../../src/cli/commands/survival.js';
import { trendCommand } from '../../src/cli/commands/trend.js';
import { UsageError } from '../../src/errors.js';
import { fixture, runCli } from '../helpers/run-cli.js';

const KINGSTON = fixture('kingston');
let tmp = '';

async function inProcess(make: () => Command, args: string[]): Promise<Record<string, unknown>> {
  const out = join(tmp, `out-${Math.random().toString(36).slice(2)}.json`);
  const cmd = make();
  cmd.exitOverride();
  await cmd.parseAsync(['node', 'ipvi', ...args, '--format', 'json', '-o', out]);
  return JSON.parse(readFileSync(out, 'utf8'));
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ipvi-metrics-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The built binary, run in the temp dir. */
const binary = (args: string[]) => runCli(args, { cwd: tmp });

const kingston = (name: string) => [
  '--incidents',
  join(KINGSTON, name, 'incidents.csv'),
  '--notifications',
  join(KINGSTON, name, 'notifications.csv'),
];

describe('ipvi prepost', () => {
  const args = () => [...kingston('prepost'), '--coverage-start', '2015-01-01', '--coverage-end', '2020-12-31'];
  const check = (json: Record<string, unknown>) => {
    const rows = json.rows as Record<string, number>[];
    expect(
      rows.map((r) => [
        r.window_months,
        r.offenders,
        r.pre_incidents,
        r.pre_rate.toFixed(2),
        r.post_incidents,
        r.post_rate.toFixed(2),
      ]),
    ).toEqual([
      [12, 450, 498, '1.11', 186, '0.41'],
      [18, 393, 489, '1.24', 189, '0.48'],
      [24, 314, 427, '1.36', 172, '0.55'],
    ]);
    expect(json.notes as string[]).toEqual(expect.arrayContaining([expect.stringContaining('regression to the mean')]));
    expect((json.provenance as { options: unknown }).options).toMatchObject({
      windows: [12, 18, 24],
      exclude_index: false,
    });
  };
  it('in-process: the Kingston table', async () => check(await inProcess(prepostCommand, args())));
  it('binary: the Kingston table, exit 0', () => {
    const r = binary(['prepost', ...args(), '--format', 'json']);
    expect(r.code).toBe(0);
    check(JSON.parse(r.stdout));
  });
  it('a bad --windows is a usage error', async () => {
    await expect(inProcess(prepostCommand, [...args(), '--windows', '12,x'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('ipvi recidivism', () => {
  const args = () => [...kingston('recidivism'), '--coverage-start', '2019-01-01', '--coverage-end', '2021-12-31'];
  const check = (json: Record<string, unknown>) => {
    const rows = json.rows as Record<string, unknown>[];
    expect(rows.map((r) => [r.level, r.persons, r.reoffenders, ((r.rate as number) * 100).toFixed(1)])).toEqual([
      ['A', 41, 20, '48.8'],
      ['B', 40, 21, '52.5'],
      ['C', 90, 35, '38.9'],
      ['D', 110, 30, '27.3'],
      ['all', 281, 106, '37.7'],
    ]);
    expect((json.benchmarks as unknown[]).length).toBe(7);
    expect(json.chi_square).toMatchObject({ df: 3 });
  };
  it('in-process: the Kingston percentages', async () => check(await inProcess(recidivismCommand, args())));
  it('binary: the Kingston percentages, exit 0', () => {
    const r = binary(['recidivism', ...args(), '--format', 'json']);
    expect(r.code).toBe(0);
    check(JSON.parse(r.stdout));
  });
  it('human format: percentages with one decimal, benchmarks under the table', () => {
    const r = binary(['recidivism', ...args()]);
    expect(r.stdout).toMatch(/^A\s+41\s+20\s+48\.8%/m);
    expect(r.stdout).toContain('note: published, for comparison only');
  });
});

describe('ipvi survival', () => {
  // test/metrics/small-fixtures.ts survivalSpec: the R-checked Kaplan–Meier case
  const args = () => [...kingston('survival'), '--coverage-start', '2019-01-01', '--coverage-end', '2020-12-31'];
  const check = (json: Record<string, unknown>) => {
    const rows = json.rows as Record<string, unknown>[];
    expect(rows.map((r) => [r.level, r.time, r.n_risk, r.events, r.censored])).toEqual([
      ['B', 5, 5, 2, 0],
      ['B', 40, 2, 1, 1],
      ['C', 10, 6, 1, 0],
      ['C', 30, 5, 1, 1],
      ['C', 50, 3, 1, 0],
      ['C', 120, 1, 1, 1],
      ['D', 20, 6, 1, 0],
      ['D', 100, 4, 1, 2],
    ]);
    expect(json.logrank).toMatchObject({ df: 2 });
    expect(Math.abs((json.logrank as { statistic: number }).statistic - 3.46392666187337)).toBeLessThan(1e-9);
    expect((json.medians as Record<string, unknown>).B).toMatchObject({ median: 40, low: 5, high: null });
  };
  it('in-process: KM rows, medians and log-rank as R', async () => check(await inProcess(survivalCommand, args())));
  it('--at gives survival at fixed horizons in the JSON', async () => {
    const json = await inProcess(survivalCommand, [...args(), '--at', '30,100']);
    const at = json.at as { level: string; days: number; survival: number | null }[];
    expect(at.filter((r) => r.level === 'D').map((r) => [r.days, r.survival])).toEqual([
      [30, 0.8333333333333334],
      [100, 0.625],
    ]);
  });
  it('binary: exit 0', () => {
    const r = binary(['survival', ...args(), '--format', 'json']);
    expect(r.code).toBe(0);
    check(JSON.parse(r.stdout));
  });
});

describe('ipvi trend', () => {
  // small-fixtures.ts trendSpec
  const args = () => [
    '--incidents',
    join(KINGSTON, 'trend', 'incidents.csv'),
    '--coverage-start',
    '2019-01-15',
    '--coverage-end',
    '2021-06-20',
  ];
  const check = (json: Record<string, unknown>) => {
    const rows = json.rows as Record<string, unknown>[];
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ period: '2019-01', incidents: 10, arrest: 5, partial: true, phase: 'before' });
    const launch = json.launch as { series: { series: string; mean_before: number; mean_after: number }[] };
    expect(launch.series.map((s) => [s.series, s.mean_before, s.mean_after])).toEqual([
      ['incidents', 11, 6.5],
      ['arrest', 74 / 13, 3.5],
    ]);
  };
  it('in-process: monthly counts and the launch comparison', async () =>
    check(await inProcess(trendCommand, [...args(), '--launch', '2020-03-10', '--by', 'arrest'])));
  it('binary: exit 0', () => {
    const r = binary(['trend', ...args(), '--launch', '2020-03-10', '--by', 'arrest', '--format', 'json']);
    expect(r.code).toBe(0);
    check(JSON.parse(r.stdout));
  });
  it('an unknown --by flag is a usage error (exit 2)', async () => {
    await expect(inProcess(trendCommand, [...args(), '--by', 'arson'])).rejects.toBeInstanceOf(UsageError);
    const r = binary(['trend', ...args(), '--by', 'arson']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--by 'arson' is not an incident flag");
  });
  it('--model poisson --seasonal --hac-lag 3 --min-periods 14 reach the comparison', async () => {
    const json = await inProcess(trendCommand, [
      ...args(),
      '--launch',
      '2020-03-10',
      '--model',
      'poisson',
      '--seasonal',
      '--hac-lag',
      '3',
      '--min-periods',
      '14',
    ]);
    const s = (
      json.launch as {
        series: {
          model: string;
          seasonal: boolean;
          newey_west: { lag: number };
          count_model: { family: string; level_change: unknown };
          warnings: string[];
        }[];
      }
    ).series[0];
    expect([s.model, s.seasonal, s.newey_west.lag, s.count_model.family]).toEqual(['poisson', true, 3, 'poisson']);
    expect(s.count_model.level_change).not.toBeNull();
    expect(s.warnings[0]).toContain('only 13 complete period(s) before the launch (fewer than 14)');
  });
  it('--seasonal with yearly periods, a bad --model or --hac-lag is a usage error', async () => {
    await expect(inProcess(trendCommand, [...args(), '--interval', 'year', '--seasonal'])).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(inProcess(trendCommand, [...args(), '--hac-lag', '-1'])).rejects.toBeInstanceOf(UsageError);
    await expect(inProcess(trendCommand, [...args(), '--model', 'probit'])).rejects.toThrow();
  });
});

describe('ipvi fidelity', () => {
  // small-fixtures.ts fidelitySpec (each person's story is told there)
  const args = () => [...kingston('fidelity'), '--coverage-start', '2023-01-01', '--coverage-end', '2023-06-30'];
  const check = (json: Record<string, unknown>) => {
    const rows = json.rows as Record<string, unknown>[];
    expect(rows.map((r) => [r.level, r.reached, r.owed, r.notified, r.never_notified, r.median_days])).toEqual([
      ['A', 1, null, null, null, null],
      ['B', 2, 2, 2, 0, 20],
      ['C', 4, 4, 2, 2, 8.5],
      ['D', 3, 2, 1, 1, 3],
    ]);
    expect(rows[1].victim_contact_first).toBe(0.5);
    expect((json.notes as string[]).some((n) => n.startsWith('rules: '))).toBe(true);
  };
  it('in-process: the per-level fidelity table', async () => check(await inProcess(fidelityCommand, args())));
  it('binary: exit 0', () => {
    const r = binary(['fidelity', ...args(), '--format', 'json']);
    expect(r.code).toBe(0);
    check(JSON.parse(r.stdout));
  });
  it('a bad --month is a usage error', async () => {
    await expect(inProcess(fidelityCommand, [...args(), '--month', '2023-13'])).rejects.toBeInstanceOf(UsageError);
  });
});
