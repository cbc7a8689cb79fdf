/**
 * The demo's report in a real browser: headless Chromium (Debian's
 * `chromium` package, installed by .ci/run when missing) driven by
 * playwright-core. Every section and chart renders with a size, nothing is
 * logged as an error, and nothing but the file itself is requested. A
 * screenshot is saved to test-output/report-demo.png.
 *
 * Without chromium the test fails in CI (CI is set); on a developer machine
 * without it, it is skipped with a warning saying how to install it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium, launchChromium } from '../helpers/chromium.js';
import { ROOT, fixture, runCli } from '../helpers/run-cli.js';
import { SECTION_IDS } from '../../src/report/document.js';

const inCi = Boolean(process.env.CI);
if (!haveChromium && !inCi) {
  process.stderr.write(
    `warning: ${CHROMIUM} not found; skipping the browser test of the report (install it: apt-get install -y chromium, as .ci/run does)\n`,
  );
}
const CHARTS = ['tiers', 'prepost', 'recidivism', 'survival', 'trend'];

describe.skipIf(!haveChromium && !inCi)('the demo report in headless Chromium', () => {
  it('renders every section and chart, with no console error and no request but the file', async () => {
    expect(
      haveChromium,
      `${CHROMIUM} is missing: .ci/run installs Debian's chromium package (apt-get install -y chromium)`,
    ).toBe(true);
    const out = join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'report-demo.html');
    const r = runCli([
      'report',
      '--incidents',
      fixture('demo/incidents.csv'),
      '--notifications',
      fixture('demo/notifications.csv'),
      '--coverage-start',
      '2019-01-01',
      '--coverage-end',
      '2023-12-31',
      '--launch',
      '2020-01-01',
      '-o',
      file,
    ]);
    expect(r.code, r.stderr).toBe(0);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      const failed: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('request', (req) => requests.push(req.url()));
      page.on('requestfailed', (req) => failed.push(`${req.url()} ${req.failure()?.errorText ?? ''}`));
      const url = pathToFileURL(file).href;
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.ok()).toBe(true);

      expect(await page.title()).toBe('IPVI evaluation report');
      for (const id of SECTION_IDS) {
        const heading = page.locator(`section#${id} > .keep > h2`);
        expect(await heading.count(), id).toBe(1);
        expect(await heading.isVisible(), id).toBe(true);
        expect((await heading.textContent())?.trim().length, id).toBeGreaterThan(5);
      }
      for (const id of CHARTS) {
        const svg = page.locator(`figure#figure-${id} > svg`);
        expect(await svg.count(), id).toBe(1);
        const box = await svg.boundingBox();
        expect(box && box.width > 200 && box.height > 150, `${id} ${JSON.stringify(box)}`).toBe(true);
        // the chart has drawn marks: paths or symbols inside its plotting area
        expect(await svg.locator('path').count(), id).toBeGreaterThan(3);
        expect(await svg.getAttribute('role')).toBe('img');
        expect(await page.locator(`#chart-${id}-title`).textContent()).toBeTruthy();
      }
      expect(await page.locator('table').count()).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: join(out, 'report-demo.png'), fullPage: true });

      expect(errors).toEqual([]);
      expect(failed).toEqual([]);
      expect([...new Set(requests)]).toEqual([url]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
