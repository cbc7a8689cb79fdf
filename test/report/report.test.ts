/**
 * ipvi report: every section, chart and table; self-contained (nothing to
 * fetch); aggregates only; escaped; the same numbers as the commands; the
 * Markdown form with its SVG charts beside it; provenance inside; atomic
 * and never over an input.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';
import { SECTION_IDS } from '../../src/report/document.js';
import { escapeHtml, tableHtml } from '../../src/report/html.js';
import { renderChartSvg, trendChart } from '../../src/report/charts.js';

const DATA = [
  '--incidents',
  fixture('demo/incidents.csv'),
  '--notifications',
  fixture('demo/notifications.csv'),
  '--coverage-start',
  '2019-01-01',
  '--coverage-end',
  '2023-12-31',
];
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('ipvi report (HTML)', () => {
  let dir: string;
  let html: string;
  let r: ReturnType<typeof runCli>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipvi-report-'));
    r = runCli([
      'report',
      ...DATA,
      '--launch',
      '2020-01-01',
      '--month',
      '2023-12',
      '--title',
      'Demo <PD> & co',
      '--appendix',
      '-o',
      join(dir, 'report.html'),
    ]);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  });

  it('writes one file with every section, chart and table', () => {
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const id of SECTION_IDS) expect(html).toContain(`<section id="${id}"`);
    for (const id of ['tiers', 'prepost', 'recidivism', 'survival', 'trend']) {
      expect(html).toMatch(
        new RegExp(
          `<figure id="figure-${id}"><svg[^>]* id="chart-${id}" role="img" aria-labelledby="chart-${id}-title chart-${id}-desc"><title id="chart-${id}-title">`,
        ),
      );
    }
    expect((html.match(/<table>/g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(readdirSync(dir).filter((f) => f !== 'report.html')).toEqual([]); // no temporary file left behind
  });

  it('is self-contained: no script, no external URL, a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    const urls = [...html.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<)]*/gi)].map((m) => m[0]);
    expect([...new Set(urls)].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toMatch(/font-family: sans-serif/);
  });

  it('holds aggregates only: no person, victim or incident id', () => {
    for (const id of ['DIR-2021-000001', 'V000001', 'V000002', 'face_to_face']) expect(html).not.toContain(id);
    expect(html).not.toMatch(/person_id|victim_id/);
  });

  it('escapes text: the title given on the command line', () => {
    expect(html).toContain('<title>Demo &lt;PD&gt; &amp; co</title>');
    expect(tableHtml({ columns: [{ key: 'x' }], rows: [{ x: '<script>alert(1)</script>' }], notes: [] })).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });

  it('shows the numbers the commands print (recidivism, pre/post)', () => {
    const rec = JSON.parse(runCli(['recidivism', ...DATA, '--format', 'json', '-q']).stdout);
    for (const row of rec.rows) {
      const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
      expect(html).toContain(
        `<td>${row.level}</td><td class="num">${row.persons}</td><td class="num">${row.reoffenders}</td><td class="num">${pct(row.rate)}</td>`,
      );
    }
    const pp = JSON.parse(runCli(['prepost', ...DATA, '--format', 'json', '-q']).stdout);
    for (const row of pp.rows)
      expect(html).toContain(
        `<td class="num">${row.window_months}</td><td class="num">${row.offenders}</td><td class="num">${row.pre_incidents}</td><td class="num">${row.pre_rate.toFixed(2)}</td>`,
      );
    const tiers = JSON.parse(runCli(['tiers', ...DATA, '--month', '2023-12', '--format', 'json', '-q']).stdout);
    expect(html).toContain(`<td>all</td><td class="num">${tiers.summary.total}</td>`);
  });

  it("carries the provenance: version, inputs' SHA-256, config hash, options, generated-at", () => {
    const block = /<pre><code class="language-json">([\s\S]*?)<\/code><\/pre>/.exec(html)![1];
    const prov = JSON.parse(
      block
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
    expect(prov.tool).toBe('ipvi');
    expect(prov.command).toBe('report');
    expect(prov.inputs.incidents.sha256).toBe(sha(fixture('demo/incidents.csv')));
    expect(prov.inputs.notifications.sha256).toBe(sha(fixture('demo/notifications.csv')));
    expect(prov.config.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(prov.options).toMatchObject({
      month: '2023-12',
      launch: '2020-01-01',
      windows: [12, 18, 24],
      follow_up_months: 12,
    });
    expect(Date.parse(prov.generated_at)).not.toBeNaN();
  });

  it('never writes over an input, and wants a file', () => {
    const before = sha(fixture('demo/incidents.csv'));
    const bad = runCli(['report', ...DATA, '-o', fixture('demo/incidents.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/refusing to write the output over the input file/);
    expect(sha(fixture('demo/incidents.csv'))).toBe(before);
    expect(runCli(['report', ...DATA]).code).toBe(2);
  });
});

describe('ipvi report --format md', () => {
  it('writes Markdown with every chart as an SVG file beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-report-md-'));
    const r = runCli([
      'report',
      ...DATA,
      '--format',
      'md',
      '--suppress-below',
      '5',
      '--appendix',
      '-o',
      join(dir, 'evaluation.md'),
    ]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'evaluation.md'), 'utf8');
    for (const id of ['tiers', 'prepost', 'recidivism', 'survival', 'trend']) {
      const file = `evaluation.${id}.svg`;
      expect(md).toContain(`](./${file})`);
      const svg = readFileSync(join(dir, file), 'utf8');
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      expect(svg).not.toMatch(/<script|<image|href="http/);
      expect(svg).toMatch(/<metadata id="provenance">\{.*"sha256":"[0-9a-f]{64}".*\}<\/metadata><\/svg>$/);
    }
    for (const heading of [
      '## Summary',
      '## People at each level, December 2023',
      '## Fidelity: are we keeping our promises?',
      '## Offending before and after the first notification',
      '## Recidivism by classification level',
      '## Time to the first new incident',
      '## Monthly incident trend',
      '## The data and its checks',
      '## Definitions and options',
      '## Provenance',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| level | persons | reoffenders | rate | ci_low | ci_high |');
    expect(md).toMatch(/"sha256": "[0-9a-f]{64}"/);
    expect(md).toContain('"suppress_below": 5');
    expect(existsSync(join(dir, 'evaluation.md'))).toBe(true);
  });
});

describe('charts', () => {
  it('renders a chart to SVG with a title, a description and no colour-only encoding', async () => {
    const svg = await renderChartSvg(
      trendChart(
        {
          columns: [],
          notes: [],
          rows: [
            { period: '2020-01', start: '2020-01-01', incidents: 3, partial: false },
            { period: '2020-02', start: '2020-02-01', incidents: 5, partial: false },
          ],
        },
        '2020-02-01',
      ),
    );
    expect(svg).toContain('<title id="chart-trend-title">Incidents per month, with the launch on 2020-02-01</title>');
    expect(svg).toContain('stroke-dasharray="6,4"'); // the launch line is dashed
    // only black, white and greys
    const colours = new Set([...svg.matchAll(/(?:fill|stroke)="(#[0-9a-f]{3,6})"/gi)].map((m) => m[1].toLowerCase()));
    for (const c of colours) {
      const hex =
        c.length === 4
          ? c
              .slice(1)
              .split('')
              .map((x) => x + x)
              .join('')
          : c.slice(1);
      expect(hex.slice(0, 2) === hex.slice(2, 4) && hex.slice(2, 4) === hex.slice(4, 6), c).toBe(true);
    }
  });
});
