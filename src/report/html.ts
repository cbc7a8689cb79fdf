/**
 * The report as one self-contained HTML file: inline CSS, charts as inline
 * SVG, tables as real HTML tables, no script, no external resource (a
 * Content-Security-Policy forbids any fetch: police networks are closed).
 * Every data value is escaped. Prints in black and white on A4 or Letter.
 */
import type { Column, Table } from '../model.js';
import { formatCell } from './render.js';
import { renderChartSvg } from './charts.js';
import { visible } from '../io/terminal-safe.js';
import type { Block, ReportDocument } from './document.js';

/** Escape text for HTML element content and attribute values (control and bidi characters as visible escapes, src/io/terminal-safe.ts). */
export function escapeHtml(s: string): string {
  return visible(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline `code` spans in a paragraph, after escaping. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1.5rem; line-height: 1.45; font-size: 15px; }
header { border-bottom: 3px solid #000; margin-bottom: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #000; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.subtitle { margin: 0 0 .8rem; color: #333; }
nav ol { columns: 2; margin: .5rem 0 1rem; }
table { border-collapse: collapse; margin: .4rem 0 .6rem; font-size: .85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid #777; padding: .2rem .45rem; vertical-align: top; }
th { background: #e6e6e6; text-align: left; }
td.num, th.num { text-align: right; }
td.wrap { max-width: 26rem; overflow-wrap: anywhere; }
ul.summary { padding-left: 1.2rem; font-size: 1.02rem; }
ul.summary li { margin: .45rem 0; }
a.to-section { font-size: .85rem; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
figure { margin: .8rem 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .85rem; color: #222; margin-top: .3rem; }
ul.notes { font-size: .8rem; color: #222; padding-left: 1.2rem; }
ul.notes li { margin: .15rem 0; }
pre { background: #f2f2f2; border: 1px solid #999; padding: .6rem; font-size: .75rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
code { font-family: monospace; font-size: .9em; }
details summary { cursor: pointer; font-weight: bold; margin: .4rem 0; }
p.print-only { display: none; }
footer { margin-top: 2rem; font-size: .8rem; border-top: 1px solid #000; padding-top: .4rem; }
@page { margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
  /* a section's heading and opening sentences stay on the page of what they introduce (no heading alone at a page's foot) */
  .section-lead { page-break-inside: avoid; break-inside: avoid; }
  section { page-break-before: auto; }
  a { color: #000; text-decoration: none; }
  a.to-section { display: none; }
  /* no table wider than the page: tables take the page width and their cells wrap */
  .table-wrap { overflow: visible; max-width: 100%; }
  table { width: 100%; max-width: 100%; table-layout: auto; font-size: 8pt; page-break-inside: auto; }
  .table-wrap.wide table { font-size: 7.5pt; }
  .table-wrap.widest table { font-size: 6.5pt; }
  th, td { padding: .12rem .2rem; }
  /* a number is never split (<0.0001 on one line); a header breaks only after an underscore (the <wbr>), never mid-word; a text cell wraps between words (a word too long for the page still breaks) */
  td.num { white-space: nowrap; overflow-wrap: normal; }
  th { overflow-wrap: normal; word-break: keep-all; hyphens: manual; }
  td { overflow-wrap: break-word; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  td.wrap { max-width: none; }
  th { background: #fff; }
  figure, figure svg { max-width: 100%; }
  pre { white-space: pre-wrap; }
  /* a heading, caption or lead paragraph stays with what follows it: none is stranded at a page bottom */
  h1, h2, h3, caption, summary, .lead { page-break-after: avoid; break-after: avoid; }
  h2 + p, h3 + p { page-break-before: avoid; break-before: avoid; page-break-after: avoid; break-after: avoid; }
  div.keep { page-break-inside: avoid; break-inside: avoid; }
  /* paper has no click: a short collapsed table prints open (its caption stands for the summary line), a long one is left out and a line says so */
  details.print-open::details-content { content-visibility: visible; display: block; }
  details.print-open > summary { display: none; }
  details.print-omit { display: none; }
  p.print-only { display: block; font-size: .85rem; font-style: italic; }
}
`;

/** A collapsed table with at most this many rows prints open; a longer one is left out of the printout (with a line saying so). */
export const PRINT_OPEN_ROWS = 30;

function isNumeric(c: Column): boolean {
  return (
    c.kind === 'int' || c.kind === 'number' || c.kind === 'percent' || c.kind === 'pvalue' || c.decimals !== undefined
  );
}

/** A Table as an HTML <table> (caption = its title), rounded like the human formats. */
export function tableHtml(table: Table, caption = table.title): string {
  const size = table.columns.length > 11 ? ' widest' : table.columns.length > 7 ? ' wide' : '';
  const out: string[] = [`<div class="table-wrap${size}"><table>`];
  if (caption) out.push(`<caption>${escapeHtml(caption)}</caption>`);
  out.push('<thead><tr>');
  // a header may break after an underscore, so a narrow numeric column stays narrow
  for (const c of table.columns)
    out.push(
      `<th scope="col"${isNumeric(c) ? ' class="num"' : ''}>${escapeHtml(c.label ?? c.key).replace(/_/g, '_<wbr>')}</th>`,
    );
  out.push('</tr></thead><tbody>');
  for (const r of table.rows) {
    out.push('<tr>');
    for (const c of table.columns) {
      const text = formatCell(r[c.key] ?? null, c);
      out.push(
        `<td${isNumeric(c) ? ' class="num"' : text.length > 40 ? ' class="wrap"' : ''}>${escapeHtml(text)}</td>`,
      );
    }
    out.push('</tr>');
  }
  if (table.rows.length === 0) out.push(`<tr><td colspan="${table.columns.length}">(no rows)</td></tr>`);
  out.push('</tbody></table></div>');
  return out.join('');
}

/** How many of a section's first blocks print on the heading's page: its lead paragraphs and the block after them when it is a chart or a short table (never a whole section). */
export function keptWithHeading(blocks: Block[]): number {
  let n = 0;
  while (n < blocks.length && blocks[n].type === 'paragraph') n++;
  const next = blocks[n];
  if (!next || n + 1 >= blocks.length) return n;
  const short = next.type === 'table' && !next.collapsed && next.table.rows.length <= 12;
  return next.type === 'chart' || short ? n + 1 : n;
}

async function blockHtml(block: Block): Promise<string> {
  switch (block.type) {
    case 'paragraph':
      return `<p>${inline(block.text)}</p>`;
    case 'list':
      return block.items.length
        ? `<ul class="notes">${block.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>`
        : '';
    case 'table': {
      const html = tableHtml(block.table, block.caption ?? block.table.title);
      const notes =
        block.notes !== false && block.table.notes.length
          ? `<ul class="notes">${block.table.notes.map((n) => `<li>${inline(n)}</li>`).join('')}</ul>`
          : '';
      if (!block.collapsed) return html + notes;
      const title = `${escapeHtml(block.caption ?? block.table.title ?? 'table')} (${block.table.rows.length} rows)`;
      // on paper a long collapsed table would be pages of rows: it is left out, and a line says where it is
      const printOpen = block.table.rows.length <= PRINT_OPEN_ROWS;
      return (
        `<details class="${printOpen ? 'print-open' : 'print-omit'}"><summary>${title}</summary>${html}${notes}</details>` +
        (printOpen ? '' : `<p class="print-only">${title}: not printed; open the report in a browser to see it.</p>`)
      );
    }
    case 'chart': {
      const svg = await renderChartSvg(block.chart);
      return `<figure id="figure-${escapeHtml(block.chart.id)}">${svg}<figcaption>${escapeHtml(block.chart.description)}</figcaption></figure>`;
    }
    case 'code':
      return `<pre><code class="language-${escapeHtml(block.language)}">${escapeHtml(block.text)}</code></pre>`;
    case 'summary':
      return `<ul class="summary">${block.items.map((i) => `<li>${inline(i.text)} <a class="to-section" href="#${escapeHtml(i.section)}">${escapeHtml(i.link)} →</a></li>`).join('')}</ul>`;
  }
}

/** Render the whole report as one HTML document (a string; write it with writeFileAtomic). */
export async function renderReportHtml(doc: ReportDocument): Promise<string> {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // nothing may be fetched: no script, no font, no image from anywhere
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="ipvi ${escapeHtml(String(doc.provenance.version ?? ''))}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p></header>`,
    '<nav aria-label="Contents"><strong>Contents</strong><ol>',
    ...doc.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`),
    '</ol></nav>',
    '<main>',
  ];
  for (const s of doc.sections) {
    out.push(`<section id="${escapeHtml(s.id)}" aria-labelledby="${escapeHtml(s.id)}-heading">`);
    // on paper the heading, its lead paragraphs and a first chart or short table stay on one page
    const keep = keptWithHeading(s.blocks);
    out.push(`<div class="keep">`, `<h2 id="${escapeHtml(s.id)}-heading">${escapeHtml(s.heading)}</h2>`);
    for (const b of s.blocks.slice(0, keep)) out.push(await blockHtml(b));
    out.push('</div>');
    for (const b of s.blocks.slice(keep)) out.push(await blockHtml(b));
    out.push('</section>');
  }
  out.push(
    '</main>',
    `<footer>Made by ipvi ${escapeHtml(String(doc.provenance.version ?? ''))} from the input files named in the provenance above. Aggregate figures only: no person is named in this report.</footer>`,
    '</body>',
    '</html>',
    '',
  );
  return out.join('\n');
}
