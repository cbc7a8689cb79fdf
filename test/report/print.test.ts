/**
 * The demo report on paper: printed to PDF by headless Chromium at US Letter
 * and A4, no table, chart or block is wider than the printable width (checked
 * on the page laid out for print: print media, the page's content width),
 * and the PDF pages are saved as PNG under test-output/ (pdftoppm, from
 * poppler-utils, when installed) for a person to look at. No number or header word
 * is split across lines, no collapsed table prints as a bare heading, and every
 * section heading is kept with what follows it.
 *
 * Without chromium the test fails in CI (CI is set); on a developer machine
 * without it, it is skipped with a warning, as test/report/browser.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium, launchChromium } from '../helpers/chromium.js';
import { DEMO_DATA, ROOT, runCli } from '../helpers/run-cli.js';

const inCi = Boolean(process.env.CI);
const PDFTOPPM = '/usr/bin/pdftoppm';

/** CSS pixels per millimetre (96 per inch). */
const PX_PER_MM = 96 / 25.4;
/** The report's @page margins: 16 mm top and bottom, 14 mm left and right (src/report/html.ts). */
const SIDE_MARGIN_MM = 14;
const PAPERS = [
  { name: 'Letter', format: 'Letter', widthMm: 215.9 },
  { name: 'A4', format: 'A4', widthMm: 210 },
] as const;

describe.skipIf(!haveChromium && !inCi)('the demo report printed to PDF', () => {
  it('fits Letter and A4: no table, chart or block wider than the printable width', async () => {
    expect(
      haveChromium,
      `${CHROMIUM} is missing: .ci/run installs Debian's chromium package (apt-get install -y chromium)`,
    ).toBe(true);
    const out = join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const file = join(out, 'report-print.html');
    const r = runCli(['report', ...DEMO_DATA, '--launch', '2020-01-01', '--appendix', '-o', file]);
    expect(r.code, r.stderr).toBe(0);

    const browser = await launchChromium();
    try {
      for (const paper of PAPERS) {
        const printable = Math.floor((paper.widthMm - 2 * SIDE_MARGIN_MM) * PX_PER_MM);
        const page = await browser.newPage({ viewport: { width: printable, height: 1000 } });
        await page.emulateMedia({ media: 'print' });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        // every table, chart, figure, code block and section, as laid out for print
        const boxes = await page.evaluate(() =>
          [...document.querySelectorAll('table, figure, svg, pre, section, header, ul')].map((el) => {
            const b = el.getBoundingClientRect();
            return {
              what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.querySelector('caption')?.textContent ?? '').slice(0, 40)}`,
              left: b.left,
              right: b.right,
              width: b.width,
              scroll: el.scrollWidth - el.clientWidth,
            };
          }),
        );
        expect(boxes.filter((b) => b.what.startsWith('table')).length, paper.name).toBeGreaterThanOrEqual(10);
        expect(boxes.filter((b) => b.what.startsWith('svg')).length, paper.name).toBe(5);
        const tooWide = boxes.filter(
          (b) => b.left < -0.5 || b.right > printable + 0.5 || (b.what.startsWith('table') && b.scroll > 1),
        );
        expect(tooWide, `${paper.name}: printable width ${printable}px`).toEqual([]);
        // what a printed page must not do (the reviewer's Letter printout): split a number or a header
        // word across lines, print a collapsed table as a heading with nothing under it, or leave a
        // section heading alone at a page bottom (each heading sits in a block that does not break)
        const faults = await page.evaluate(() => {
          const lines = (node: Node) => {
            const r = document.createRange();
            r.selectNodeContents(node);
            return new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top))).size;
          };
          const splitNumbers = [...document.querySelectorAll('td.num')]
            .filter((td) => lines(td) > 1)
            .map((td) => td.textContent);
          const splitHeaders: string[] = [];
          for (const th of document.querySelectorAll('th'))
            for (const node of th.childNodes)
              if (node.nodeType === Node.TEXT_NODE && lines(node) > 1) splitHeaders.push(th.textContent ?? '');
          const emptyDetails = [...document.querySelectorAll('details')]
            .filter(
              (d) => getComputedStyle(d).display !== 'none' && !(d.querySelector('table')?.checkVisibility() ?? false),
            )
            .map((d) => d.querySelector('summary')?.textContent);
          const omittedUnsaid = [...document.querySelectorAll('details')]
            .filter((d) => getComputedStyle(d).display === 'none')
            .filter((d) => !(d.nextElementSibling?.classList.contains('print-only') ?? false))
            .map((d) => d.querySelector('summary')?.textContent);
          const loneHeadings = [...document.querySelectorAll('h2')]
            .filter((h) => {
              const box = h.parentElement!;
              return !(box.classList.contains('keep') && getComputedStyle(box).breakInside === 'avoid');
            })
            .map((h) => h.textContent);
          return { splitNumbers, splitHeaders, emptyDetails, omittedUnsaid, loneHeadings };
        });
        expect(faults, paper.name).toEqual({
          splitNumbers: [],
          splitHeaders: [],
          emptyDetails: [],
          omittedUnsaid: [],
          loneHeadings: [],
        });
        // and the document as a whole does not scroll sideways
        const docWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(docWidth, paper.name).toBeLessThanOrEqual(printable + 1);

        const pdf = join(out, `report-${paper.name}.pdf`);
        await page.pdf({
          path: pdf,
          format: paper.format,
          preferCSSPageSize: false,
          margin: { top: '16mm', bottom: '16mm', left: `${SIDE_MARGIN_MM}mm`, right: `${SIDE_MARGIN_MM}mm` },
        });
        expect(existsSync(pdf)).toBe(true);
        if (existsSync(PDFTOPPM)) {
          const prefix = join(out, `report-${paper.name}-page`);
          for (const f of readdirSync(out)) if (f.startsWith(`report-${paper.name}-page`)) rmSync(join(out, f));
          execFileSync(PDFTOPPM, ['-png', '-r', '60', pdf, prefix]);
          expect(
            readdirSync(out).filter((f) => f.startsWith(`report-${paper.name}-page`)).length,
            paper.name,
          ).toBeGreaterThanOrEqual(4);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
