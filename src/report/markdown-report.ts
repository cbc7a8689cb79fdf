/**
 * The report as Markdown, with each chart as a separate SVG file beside it
 * (`report.md` → `report.tiers.svg`, `report.prepost.svg`, …), linked by a
 * relative image reference. Tables are pipe tables rounded like `--format md`.
 */
import type { Column, Table } from '../model.js';
import { formatCell } from './render.js';
import { mdCell, mdText } from './markdown-safe.js';
import { renderChartSvg } from './charts.js';
import type { Block, ReportDocument } from './document.js';

const mdEscape = mdCell;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function isNumeric(c: Column): boolean {
  return (
    c.kind === 'int' || c.kind === 'number' || c.kind === 'percent' || c.kind === 'pvalue' || c.decimals !== undefined
  );
}

function tableMd(table: Table, caption: string | undefined, notes: boolean): string {
  const out: string[] = [];
  if (caption) out.push(`**${mdEscape(caption)}**`, '');
  out.push(`| ${table.columns.map((c) => mdEscape(c.label ?? c.key)).join(' | ')} |`);
  out.push(`|${table.columns.map((c) => (isNumeric(c) ? '---:' : '---')).join('|')}|`);
  for (const r of table.rows)
    out.push(`| ${table.columns.map((c) => mdEscape(formatCell(r[c.key] ?? null, c))).join(' | ')} |`);
  if (table.rows.length === 0) out.push(`| (no rows) |${' |'.repeat(Math.max(0, table.columns.length - 1))}`);
  if (notes && table.notes.length) out.push('', ...table.notes.map((n) => `- ${mdText(n)}`));
  return out.join('\n');
}

export interface MarkdownReport {
  markdown: string;
  /** chart files to write beside the Markdown file: name relative to it, and the SVG */
  charts: { file: string; svg: string }[];
}

/**
 * Render the report. `chartFile(id)` names each chart's SVG file relative to
 * the Markdown file (e.g. `report.trend.svg`).
 */
export async function renderReportMarkdown(
  doc: ReportDocument,
  chartFile: (id: string) => string,
): Promise<MarkdownReport> {
  const charts: MarkdownReport['charts'] = [];
  const out: string[] = [`# ${mdText(doc.title)}`, '', `_${mdText(doc.subtitle)}_`, '', '## Contents', ''];
  doc.sections.forEach((s, i) => {
    out.push(`${i + 1}. [${mdEscape(s.heading)}](#${s.id})`);
  });
  out.push('');
  const block = async (b: Block): Promise<string> => {
    switch (b.type) {
      case 'paragraph':
        return mdText(b.text);
      case 'list':
        return b.items.map((i) => `- ${mdText(i)}`).join('\n');
      case 'table':
        return tableMd(b.table, b.caption ?? b.table.title, b.notes !== false);
      case 'chart': {
        const file = chartFile(b.chart.id);
        // a chart file carries the report's provenance too (it may travel without the page)
        const svg = (await renderChartSvg(b.chart)).replace(
          /<\/svg>\s*$/,
          `<metadata id="provenance">${escapeXml(JSON.stringify(doc.provenance))}</metadata></svg>`,
        );
        charts.push({ file, svg });
        return `![${mdEscape(b.chart.title)}](./${encodeURI(file).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})\n\n_${mdText(b.chart.description)}_`;
      }
      case 'code':
        return '```' + b.language + '\n' + b.text.replace(/```/g, '`\u200b``') + '\n```';
      case 'summary':
        return b.items.map((i) => `- ${mdText(i.text)} ([${mdEscape(i.link)}](#${i.section}))`).join('\n');
    }
  };
  for (const s of doc.sections) {
    out.push(`<a id="${s.id}"></a>`, '', `## ${mdText(s.heading)}`, '');
    for (const b of s.blocks) {
      const text = await block(b);
      if (text) out.push(text, '');
    }
  }
  out.push(
    '---',
    '',
    `Made by ipvi ${String(doc.provenance.version ?? '')}. Aggregate figures only: no person is named in this report.`,
    '',
  );
  return { markdown: out.join('\n'), charts };
}
