/**
 * An interrupted run (SIGINT/SIGTERM) leaves no output file, complete or
 * partial: the output is written to a temporary file and renamed only when
 * complete, and an interrupt before then removes the temporary file.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';

function bigExport(dir: string, rows: number): string {
  const f = join(dir, 'big.csv');
  const lines = ['incident_id,incident_date,suspect_id,arrest'];
  for (let i = 0; i < rows; i++)
    lines.push(`D${i},20${10 + (i % 12)}-0${1 + (i % 9)}-1${i % 9},P${i % 50000},${i % 3 ? 'no' : 'yes'}`);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

function interrupt(
  args: string[],
  signal: NodeJS.Signals,
  afterMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnCli(args);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(signal), afterMs);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig, stderr });
    });
  });
}

describe('interrupted runs', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while reading leaves no output file and no temporary file`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ipvi-sig-'));
      const inc = bigExport(dir, 400_000);
      const out = join(dir, 'levels.csv');
      const r = await interrupt(
        ['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'csv', '-o', out],
        signal,
        400,
      );
      expect(r.code === 0).toBe(false); // it was interrupted, not finished
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['big.csv']);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
