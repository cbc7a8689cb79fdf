/**
 * README.md's "Did the violence go down?" shows `prepost` alone beside
 * `compare` on simulated data with a known truth. Its numbers must be what the
 * commands it names print: this test runs them (the same seed, persons and
 * dates) and reads every figure of the table and of the paragraph under it
 * back from the README. A change to the simulator, the cohorts or the
 * bootstrap that moves a number fails here until the README is updated.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SECTION = README.slice(
  README.indexOf('## Did the violence go down?'),
  README.indexOf('## ', README.indexOf('## Did the violence go down?') + 5),
);

/** The section with line breaks read as spaces (for figures a paragraph wraps). */
const FLAT = SECTION.replace(/\s+/g, ' ');

const dir = mkdtempSync(join(tmpdir(), 'ipvi-readme-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's commands, run for one effect: prepost and compare as JSON. */
function runBoth(effect: string) {
  const out = join(dir, `effect-${effect}`);
  const sim = runCli(
    ['simulate', '--persons', '8000', '--seed', '1', '--start', '2014-01-01', '--end', '2023-12-31'].concat([
      '--launch',
      '2020-01-01',
      '--effect',
      effect,
      '--out',
      out,
    ]),
  );
  expect(sim.code, sim.stderr).toBe(0);
  const data = ['--incidents', join(out, 'incidents.csv'), '--notifications', join(out, 'notifications.csv')];
  const prepost = runCli(['prepost', ...data, '--windows', '6,12,24', '--format', 'json']);
  const compare = runCli(['compare', ...data, '--launch', '2020-01-01', '--windows', '6,12,24', '--format', 'json']);
  expect(prepost.code, prepost.stderr).toBe(0);
  expect(compare.code, compare.stderr).toBe(0);
  return { prepost: JSON.parse(prepost.stdout), compare: JSON.parse(compare.stdout) };
}

const f2 = (x: number) => x.toFixed(2);
/** A signed number of points as the README writes it: +0.6, −2.3 (a true minus sign). */
const pts = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(100 * x).toFixed(1)}`;

describe("README: prepost alone beside compare on simulated data (the numbers are the commands')", () => {
  it('states the commands this test runs', () => {
    expect(SECTION).toContain('--persons 8000 --seed 1 --start 2014-01-01 --end 2023-12-31');
    expect(SECTION).toContain('--launch 2020-01-01 --effect R');
    expect(SECTION).toContain('`ipvi prepost --windows 6,12,24`');
    expect(SECTION).toContain('`ipvi compare --launch 2020-01-01 --windows 6,12,24`');
  });

  for (const [effect, label] of [
    ['1', 'no effect (1)'],
    ['0.6', '0.6'],
  ] as const) {
    it(`effect ${effect}: every row of the table, the recidivism difference and the hazard ratio`, () => {
      const { prepost, compare } = runBoth(effect);
      const lines = SECTION.split('\n').filter((l) => l.startsWith(`| ${label} `));
      expect(lines).toHaveLength(3);
      [6, 12, 24].forEach((W, k) => {
        const p = prepost.rows[k],
          c = compare.rows[k];
        expect(p.window_months).toBe(W);
        expect(c.window_months).toBe(W);
        const cells = lines[k].split('|').map((s) => s.trim());
        expect(cells[2]).toBe(`±${W}`);
        const rr = `${f2(p.rate_ratio)} (${f2(p.rr_ci_low)}–${f2(p.rr_ci_high)})`;
        expect(cells[3].replace(/\*\*/g, '')).toContain(rr);
        // a p-value shown beside it is the command's
        const shownP = /p (<|=) ([0-9.]+)/.exec(cells[3]);
        if (shownP?.[1] === '<') expect(p.rr_p).toBeLessThan(Number(shownP[2]));
        if (shownP?.[1] === '=') expect(p.rr_p.toFixed(2)).toBe(shownP[2]);
        expect(cells[4]).toBe(`${f2(c.did_ratio)} (${f2(c.did_ci_low)}–${f2(c.did_ci_high)})`);
      });
      const all = compare.recidivism.find((r: { level: string }) => r.level === 'all');
      expect(FLAT).toContain(`${pts(all.difference)} points (${pts(all.diff_ci_low)} to ${pts(all.diff_ci_high)})`);
      expect(FLAT).toContain(`${f2(compare.cox.hazard_ratio)} (${f2(compare.cox.ci_low)}–${f2(compare.cox.ci_high)})`);
    }, 300_000);
  }
});
