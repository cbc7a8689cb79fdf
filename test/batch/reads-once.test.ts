/**
 * "Reads each input file once": a batch of 2 data sets × 2 rule sets × every
 * analysis opens each data file exactly as often as reading that data set
 * once does (however many rule sets and analyses use it), and calls the
 * loader once per data set. Counted at the fs level (every open and read
 * stream, per path), so it holds whatever the reader does internally.
 */
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const opened = new Map<string, number>();
const count = (p: unknown) => {
  if (typeof p !== 'string') return;
  const key = resolve(p);
  opened.set(key, (opened.get(key) ?? 0) + 1);
};

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const wrapped = {
    ...fs,
    openSync: (...a: Parameters<typeof fs.openSync>) => (count(a[0]), fs.openSync(...a)),
    createReadStream: (...a: Parameters<typeof fs.createReadStream>) => (count(a[0]), fs.createReadStream(...a)),
    readFileSync: ((...a: Parameters<typeof fs.readFileSync>) => (
      count(a[0]), fs.readFileSync(...a)
    )) as typeof fs.readFileSync,
  };
  return { ...wrapped, default: wrapped };
});

const { loadManifest } = await import('../../src/batch/manifest.js');
const { runBatch, datasetOptions } = await import('../../src/batch/run.js');
const { readData } = await import('../../src/cli/data.js');

const manifestPath = resolve(__dirname, '..', '..', 'fixtures', 'batch', 'manifest.yaml');

describe('ipvi batch reads each input file once', () => {
  beforeEach(() => opened.clear());

  it('opens each data file as often as one read of its data set, and loads each data set once', async () => {
    const manifest = loadManifest(manifestPath);
    expect(manifest.datasets).toHaveLength(2);
    expect(manifest.ruleSets).toHaveLength(2);
    const files = manifest.datasets.flatMap((d) => [d.incidents, d.notifications]);

    // baseline: what reading every data set once costs, per file
    for (const d of manifest.datasets) await readData({ ...datasetOptions(d), cache: false }, { quiet: true });
    const once = new Map(files.map((f) => [f, opened.get(f) ?? 0]));
    for (const f of files) expect(once.get(f), f).toBeGreaterThan(0);

    opened.clear();
    const loads: string[] = [];
    const result = await runBatch(manifest, {
      load: (o) => {
        loads.push(o.incidents);
        return readData({ ...o, cache: false }, { quiet: true });
      },
    });
    expect(result.ok).toBe(true);
    expect(result.runs).toHaveLength(2 * 2 * manifest.analyses.length);
    expect(loads).toEqual(manifest.datasets.map((d) => d.incidents));
    for (const f of files) expect(opened.get(f) ?? 0, f).toBe(once.get(f));
  });
});
