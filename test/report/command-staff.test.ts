/**
 * The report for command staff: the config's name is the title (--title
 * overrides); the executive summary quotes the section tables' own numbers;
 * validation findings in words; dates in the locale with the time zone
 * named; provenance as a short table with relative file names and no
 * absolute path or home folder anywhere (the page, the Markdown and its SVG
 * files); the JSON appendix only with --appendix; missing output folders
 * are made.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA, ROOT, fixture, runCli } from '../helpers/run-cli.js';
import { readData } from '../../src/cli/data.js';
import { buildRuleSet } from '../../src/classify/ruleset.js';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { buildReportDocument, type Block, type ReportDocument } from '../../src/report/document.js';
import { curveEndLabels } from '../../src/report/charts.js';
import { showCount } from '../../src/report/locale.js';
import { formatCell } from '../../src/report/render.js';
import type { Table } from '../../src/model.js';

const MESSY = [
  '--incidents',
  'fixtures/demo/messy/incidents.csv',
  '--notifications',
  'fixtures/demo/messy/notifications.csv',
  '--config',
  'fixtures/demo/messy/config.yaml',
];
const DEMO = DEMO_DATA;

/** Every place an absolute path to this machine could show: the worktree, the home folder, the temporary folder. */
function absolutePaths(text: string): string[] {
  return [ROOT, homedir(), tmpdir(), '/work/', '/home/', '/root/', '/Users/'].filter(
    (p) => p.length > 1 && text.includes(p),
  );
}

describe('the report for command staff (HTML, the messy agency export)', () => {
  let dir: string;
  let html: string;
  let code: number;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ipvi-staff-'));
    // run from the worktree with relative input names, writing into a folder that does not exist yet
    const r = runCli(['report', ...MESSY, '--launch', '2020-01-01', '-o', join(dir, 'new', 'folder', 'report.html')], {
      cwd: ROOT,
    });
    code = r.code;
    expect(r.code, r.stderr).toBe(0);
    html = readFileSync(join(dir, 'new', 'folder', 'report.html'), 'utf8');
  });

  it('makes the missing output folders', () => {
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'new', 'folder'))).toEqual(['report.html']);
  });

  it("is titled by the config's name", () => {
    expect(html).toContain('<title>Synthetic agency (ipvi simulate, seed 42)</title>');
    expect(html).toContain('<h1>Synthetic agency (ipvi simulate, seed 42)</h1>');
  });

  it('opens with the summary, each sentence linking to its section', () => {
    const summary = /<section id="summary"[\s\S]*?<ul class="summary">([\s\S]*?)<\/ul>/.exec(html)![1];
    const items = summary.split('<li>').slice(1);
    // with a launch date, the comparison (ipvi compare) has its sentence too
    expect(items.length).toBe(6);
    for (const [i, section] of ['tiers', 'tiers', 'fidelity', 'prepost', 'recidivism', 'compare'].entries()) {
      expect(items[i]).toContain(`href="#${section}"`);
      expect(html).toContain(`<section id="${section}"`);
    }
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="tiers"'));
    expect(summary).toMatch(/due a notification; [\d,]+ of them (is|are) overdue/);
  });

  it('says what validation found in words, not as alarming counts', () => {
    expect(html).toMatch(/[\d,]+ rows excluded by the relationship filter, as configured/);
    expect(html).not.toMatch(/Validation: \d+ errors?, \d+ warnings?/);
  });

  it('shows dates as dates with the time zone named, never a raw UTC stamp', () => {
    expect(html).toContain('December 31, 2023');
    expect(html).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(html).toMatch(/made [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d [AP]M (UTC|\([A-Za-z ]+\))/);
  });

  it('ends with provenance as a short table with file names relative to where the command ran; no JSON appendix by default', () => {
    const prov = /<section id="provenance"[\s\S]*?<\/section>/.exec(html)![0];
    expect(prov).toContain('<td>fixtures/demo/messy/incidents.csv</td>');
    expect(prov).toContain('<td>fixtures/demo/messy/config.yaml</td>');
    expect(html).not.toContain('<pre>');
    expect(html.lastIndexOf('<section id=')).toBe(html.indexOf('<section id="provenance"'));
  });

  it('holds no absolute path and no home folder', () => {
    expect(absolutePaths(html)).toEqual([]);
  });

  it('names the NNSC 2023 IPVI presentation once and says each published measure once', () => {
    expect(html).not.toMatch(/\bseed\)|\(seed/);
    expect(html).toContain('the NNSC 2023 IPVI presentation');
    expect(html.match(/the presentation does not state the follow-up period/g)?.length).toBe(1);
  });

  it('labels the Kaplan–Meier curves at their ends and describes only the curves drawn; medians in whole days', () => {
    const svg = /<svg[^>]*id="chart-survival"[\s\S]*?<\/svg>/.exec(html)![0];
    const desc = /<desc id="chart-survival-desc">([^<]*)<\/desc>/.exec(svg)![1];
    const drawn = [...svg.matchAll(/>level ([ABCD])</g)].map((m) => m[1]).sort();
    expect(drawn.length).toBeGreaterThan(1);
    for (const l of ['A', 'B', 'C', 'D'])
      expect(desc.includes(`${l} ${{ A: 'solid', B: 'long dashes', C: 'short dashes', D: 'dots' }[l]}`), l).toBe(
        drawn.includes(l),
      );
    const medians = /<caption>Median days to the first new incident, by level<\/caption>[\s\S]*?<\/table>/.exec(
      html,
    )![0];
    expect(medians).not.toMatch(/\d+\.0</);
  });
});

describe('the report file options', () => {
  it('--title overrides the name; --locale shows dates as the locale writes them; --appendix adds the JSON with relative paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-staff-'));
    const r = runCli(
      ['report', ...MESSY, '--title', 'Riverton PD', '--locale', 'en-GB', '--appendix', '-o', join(dir, 'r.html')],
      { cwd: ROOT },
    );
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<h1>Riverton PD</h1>');
    expect(html).toContain('31 December 2023');
    const json = /<pre><code class="language-json">([\s\S]*?)<\/code><\/pre>/
      .exec(html)![1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const prov = JSON.parse(json);
    expect(prov.inputs.incidents.path).toBe('fixtures/demo/messy/incidents.csv');
    expect(prov.config.path).toBe('fixtures/demo/messy/config.yaml');
    expect(absolutePaths(html)).toEqual([]);
  });

  it('names a file outside the folder it ran in by its base name only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-staff-'));
    const r = runCli(['report', ...DEMO, '--appendix', '-o', join(dir, 'r.html')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<td>incidents.csv</td>');
    expect(absolutePaths(html)).toEqual([]);
  });

  it('--format md -o report/evaluation.md makes the folder; neither the page nor its SVG files hold an absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-staff-'));
    const r = runCli(['report', ...DEMO, '--appendix', '--format', 'md', '-o', 'report/evaluation.md'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'report')).sort();
    expect(files).toContain('evaluation.md');
    expect(files.filter((f) => f.endsWith('.svg')).length).toBe(5);
    for (const f of files) expect(absolutePaths(readFileSync(join(dir, 'report', f), 'utf8')), f).toEqual([]);
    const md = readFileSync(join(dir, 'report', 'evaluation.md'), 'utf8');
    expect(md).toMatch(/^- As of December 31, 2023, .*\(\[Tier counts\]\(#tiers\)\)$/m);
  });

  it('refuses a locale that is not one', () => {
    const r = runCli([
      'report',
      ...DEMO,
      '--locale',
      'not a locale!',
      '-o',
      join(mkdtempSync(join(tmpdir(), 'ipvi-staff-')), 'r.html'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--locale/);
  });
});

describe('the executive summary quotes the section tables', () => {
  let doc: ReportDocument;
  beforeAll(async () => {
    const data = await readData(
      {
        incidents: fixture('demo/incidents.csv'),
        notifications: fixture('demo/notifications.csv'),
        coverageStart: '2019-01-01',
        coverageEnd: '2023-12-31',
      },
      { quiet: true },
    );
    const ctx = {
      dataset: data.dataset,
      config: data.config,
      ruleSet: buildRuleSet(data.config, data.dataset),
      index: buildPersonIndex(data.dataset),
    };
    doc = buildReportDocument(
      ctx,
      data.result,
      { followUpMonths: 12, windows: [12, 18, 24], cohort: 'first' },
      { generated_at: '2026-11-29T18:34:16.072Z', version: 'test' },
      'Demo PD',
    );
  });

  it('every number in the summary equals the cells of the table its section shows, and is written as the table writes it', () => {
    const summary = doc.sections[0].blocks.find((b): b is Extract<Block, { type: 'summary' }> => b.type === 'summary')!;
    expect(summary.items.length).toBe(5);
    let checked = 0;
    for (const item of summary.items) {
      const section = doc.sections.find((s) => s.id === item.section)!;
      const tables = section.blocks
        .filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table')
        .map((b) => b.table);
      expect(item.figures.length, item.text).toBeGreaterThan(0);
      for (const f of item.figures) {
        const table = tables.find((t) => t.title === f.table) as Table;
        expect(table, `${item.section}: ${f.table}`).toBeDefined();
        const cells = f.rows.map((k) => table.rows.find((r) => String(r[f.key]) === k)?.[f.column]);
        const sum = cells.reduce((a: number, c) => a + Number(c), 0);
        expect(sum, `${f.table} ${f.rows.join('+')} ${f.column}`).toBe(f.value);
        const column = table.columns.find((c) => c.key === f.column)!;
        const shown = column.kind === 'int' ? showCount(Math.abs(f.value), 'en-US') : formatCell(f.value, column);
        expect(item.text, `${f.column} ${shown}`).toContain(shown);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // the hand-read headline: the tier list's own total
    const tiers = doc.sections.find((s) => s.id === 'tiers')!.blocks.find((b) => b.type === 'table') as Extract<
      Block,
      { type: 'table' }
    >;
    const all = tiers.table.rows.find((r) => r.level === 'all')!;
    expect(summary.items[0].text).toContain(`${showCount(Number(all.persons), 'en-US')} people are on the tier list`);
  });

  it('is titled by the name given', () => {
    expect(doc.title).toBe('Demo PD');
  });
});

describe('curve-end labels', () => {
  it('keeps labels of curves that end close together apart, centred on them', () => {
    const labels = curveEndLabels(
      [
        { level: 'C', time: 1250, survival: 0.41 },
        { level: 'D', time: 1000, survival: 0.412 },
        { level: 'B', time: 780, survival: 0.25 },
      ],
      0.08,
    );
    const at = Object.fromEntries(labels.map((l) => [l.level, l.at]));
    expect(at.D - at.C).toBeCloseTo(0.08, 10);
    expect((at.D + at.C) / 2).toBeCloseTo(0.411, 10);
    expect(at.B).toBe(0.25);
  });
});
