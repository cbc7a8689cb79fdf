/**
 * fixtures/kingston/ holds the evaluation fixtures as CSV (for the CLI tests,
 * the docs and anyone trying the commands): the two Kingston tables, and the
 * small survival, trend and fidelity datasets. They are generated from
 * kingston-fixture.ts and small-fixtures.ts; this test keeps the files identical to the generator
 * (regenerate with UPDATE_FIXTURES=1 npx vitest run test/metrics/fixtures.test.ts)
 * and checks that reading them through the real ingest gives the same tables
 * as building the Dataset directly.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/ingest/read.js';
import { prePostTable } from '../../src/metrics/prepost.js';
import { recidivismTable } from '../../src/metrics/recidivism.js';
import { build, day, toCsv, type Spec } from '../helpers/spec.js';
import { kingstonPrePostSpec, kingstonRecidivismSpec } from './kingston-fixture.js';
import { fidelitySpec, survivalSpec, trendSpec } from './small-fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'kingston');
const FIXTURES: Record<string, () => Spec> = {
  prepost: kingstonPrePostSpec,
  recidivism: kingstonRecidivismSpec,
  survival: survivalSpec,
  trend: trendSpec,
  fidelity: fidelitySpec,
};

async function load(name: string, spec: Spec) {
  const result = await loadDataset({
    incidents: join(ROOT, name, 'incidents.csv'),
    notifications: join(ROOT, name, 'notifications.csv'),
    config: loadConfig(undefined),
    coverageStart: day(spec.coverage!.start),
    coverageEnd: day(spec.coverage!.end),
  });
  expect(result.log.errors).toBe(0);
  return { ds: result.dataset, idx: buildPersonIndex(result.dataset) };
}

describe('fixtures/kingston', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}: the CSV files are what kingston-fixture.ts writes`, () => {
      const csv = toCsv(make());
      const dir = join(ROOT, name);
      if (process.env.UPDATE_FIXTURES) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'incidents.csv'), csv.incidents);
        writeFileSync(join(dir, 'notifications.csv'), csv.notifications);
      }
      expect(readFileSync(join(dir, 'incidents.csv'), 'utf8')).toBe(csv.incidents);
      expect(readFileSync(join(dir, 'notifications.csv'), 'utf8')).toBe(csv.notifications);
    });
  }

  it('prepost: the ingested CSV gives the same table as the built Dataset', async () => {
    const spec = kingstonPrePostSpec();
    const a = await load('prepost', spec);
    const b = build(spec);
    const opts = { windows: [12, 18, 24], offensesOnly: true };
    expect(prePostTable(a.ds, a.idx, opts).rows).toEqual(prePostTable(b.ds, b.idx, opts).rows);
    expect(prePostTable(a.ds, a.idx, { windows: [12, 18, 24] }).rows.map((r) => r.offenders)).toEqual([450, 393, 314]);
  });

  it('recidivism: the ingested CSV gives the same table as the built Dataset', async () => {
    const spec = kingstonRecidivismSpec();
    const a = await load('recidivism', spec);
    const b = build(spec);
    const opts = { followUpMonths: 12, cohort: 'first' as const };
    expect(recidivismTable(a.ds, a.idx, opts).rows).toEqual(recidivismTable(b.ds, b.idx, opts).rows);
  });
});
