/**
 * README.md's "The analyst's monthly routine" runs as written on the demo
 * data: every `npx ipvi …` line of its code block exits 0 (the files it
 * writes go to a temporary folder instead of ./monthly/).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.split(/^## /m).find((s) => s.startsWith("The analyst's monthly routine")) ?? '';
const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const commands = block.split('\n').filter((l) => l.startsWith('npx ipvi '));

describe("README: the analyst's monthly routine", () => {
  it('names validate, tiers, an xlsx for the unit and the report, in that order', () => {
    expect(commands.map((c) => c.split(' ')[2])).toEqual(['validate', 'tiers', 'tiers', 'tiers', 'report']);
    expect(commands[3]).toContain('--format xlsx');
  });

  it('every command runs on the demo data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-routine-'));
    for (const line of commands) {
      const args = line
        .replace(/^npx ipvi /, '')
        .split(/\s+/)
        .map((a) => a.replace(/^monthly\//, `${dir}/monthly/`));
      const r = runCli(args);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
    expect(existsSync(join(dir, 'monthly', 'tiers.xlsx'))).toBe(true);
    expect(existsSync(join(dir, 'monthly', 'report.html'))).toBe(true);
  }, 240_000);
});
