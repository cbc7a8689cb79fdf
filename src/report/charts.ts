/**
 * The report's charts: vega-lite specifications built from the same Tables
 * the commands print, rendered to static SVG in Node (no browser, no
 * network, no fonts fetched: a generic `sans-serif`). Every series is told
 * apart by shape, stroke dash or a light/dark fill, never by colour alone, so
 * the charts read the same in print and in grey scale. Each SVG carries a
 * `<title>` and `<desc>` and `role="img"`.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Cell, Table } from '../model.js';
import { PUBLISHED_RECIDIVISM } from '../metrics/benchmarks.js';

export interface Chart {
  /** short id, used for element ids and for the SVG file names of the Markdown report */
  id: string;
  title: string;
  /** one sentence on what the chart shows (the SVG's <desc>, the figure caption) */
  description: string;
  spec: TopLevelSpec;
}

const WIDTH = 620;
const HEIGHT = 260;
const INK = '#000000';
/** two fills that stay distinct in grey scale */
const FILLS = ['#303030', '#c8c8c8'];

const CONFIG = {
  font: 'sans-serif',
  background: '#ffffff',
  view: { stroke: '#666666' },
  axis: {
    labelColor: INK,
    titleColor: INK,
    domainColor: INK,
    tickColor: INK,
    gridColor: '#dddddd',
    labelFontSize: 11,
    titleFontSize: 12,
  },
  legend: {
    labelColor: INK,
    titleColor: INK,
    labelFontSize: 11,
    titleFontSize: 12,
    orient: 'bottom',
    direction: 'horizontal',
    labelLimit: 0,
  },
  title: { color: INK, fontSize: 14, anchor: 'start' },
  mark: { color: INK },
} as const;

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function base(title: string, description: string): Record<string, unknown> {
  return { title, description, width: WIDTH, height: HEIGHT, config: CONFIG };
}

/** Tier counts at the month end beside the previous month end (from `tierSummaryTable`). */
export function tierChart(summary: Table, asOf: string, previousAsOf: string): Chart {
  const values: Record<string, unknown>[] = [];
  for (const r of summary.rows) {
    if (r.level === 'all') continue;
    values.push({ level: r.level, when: `${previousAsOf} (previous month end)`, order: 0, persons: num(r.previous) });
    values.push({ level: r.level, when: `${asOf} (month end)`, order: 1, persons: num(r.persons) });
  }
  const title = `Persons at each level, ${asOf} and ${previousAsOf}`;
  const description = `Grouped bars: persons at levels A, B, C and D as of ${asOf} (dark) and as of ${previousAsOf} (light).`;
  const domain = [`${previousAsOf} (previous month end)`, `${asOf} (month end)`];
  return {
    id: 'tiers',
    title,
    description,
    spec: {
      ...base(title, description),
      data: { values: values.filter((v) => v.persons !== null) },
      encoding: {
        x: { field: 'level', type: 'nominal', sort: ['A', 'B', 'C', 'D'], title: 'level', axis: { labelAngle: 0 } },
        xOffset: { field: 'when', type: 'nominal', sort: domain },
        y: { field: 'persons', type: 'quantitative', title: 'persons' },
      },
      layer: [
        {
          mark: { type: 'bar', stroke: INK, strokeWidth: 1 },
          encoding: {
            fill: { field: 'when', type: 'nominal', title: null, scale: { domain, range: [FILLS[1], FILLS[0]] } },
          },
        },
        {
          mark: { type: 'text', dy: -6, color: INK, fontSize: 10 },
          encoding: { text: { field: 'persons', type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Pre and post offending rates per window (the Kingston pre/post table as bars). */
export function prePostChart(table: Table): Chart {
  const values: Record<string, unknown>[] = [];
  for (const r of table.rows) {
    const w = `±${r.window_months} months (${r.offenders} offenders)`;
    values.push({ window: w, phase: 'before the first notification', rate: num(r.pre_rate) });
    values.push({ window: w, phase: 'after', rate: num(r.post_rate) });
  }
  const domain = ['before the first notification', 'after'];
  const title = 'Incidents per offender before and after the first notification';
  const description =
    'Grouped bars per window: incidents per notified offender in the window before the first notification (dark) and after it (light).';
  return {
    id: 'prepost',
    title,
    description,
    spec: {
      ...base(title, description),
      data: { values: values.filter((v) => v.rate !== null) },
      encoding: {
        x: {
          field: 'window',
          type: 'nominal',
          title: 'window around the first notification',
          sort: null,
          axis: { labelAngle: 0, labelLimit: 0 },
        },
        xOffset: { field: 'phase', type: 'nominal', sort: domain },
        y: { field: 'rate', type: 'quantitative', title: 'incidents per offender' },
      },
      layer: [
        {
          mark: { type: 'bar', stroke: INK, strokeWidth: 1 },
          encoding: { fill: { field: 'phase', type: 'nominal', title: null, scale: { domain, range: FILLS } } },
        },
        {
          mark: { type: 'text', dy: -6, color: INK, fontSize: 10 },
          encoding: { text: { field: 'rate', type: 'quantitative', format: '.2f' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Recidivism rate per level with its 95% interval, and the published figures as other shapes. */
export function recidivismChart(table: Table): Chart {
  const THIS = 'this data (bar: 95% interval)';
  const values: Record<string, unknown>[] = [];
  for (const r of table.rows) {
    const rate = num(r.rate);
    if (rate === null) continue;
    values.push({ level: r.level, source: THIS, rate, low: num(r.ci_low), high: num(r.ci_high) });
  }
  for (const b of PUBLISHED_RECIDIVISM) {
    values.push({
      level: b.level,
      source: b.site === 'Kingston, NY' ? 'Kingston, NY (published)' : `${b.site} (published)`,
      rate: b.rate,
      low: null,
      high: null,
    });
  }
  const domain = [
    THIS,
    'Kingston, NY (published)',
    'High Point, NC (published)',
    'Olympia, WA (published)',
    'Rhode Island (published)',
  ];
  const title = 'Recidivism by classification level, with published figures';
  const description =
    'Filled circles: the share of notified persons with a new incident within the follow-up, per level and for all, with vertical bars for the 95% Wilson interval; hollow shapes: published rates (Kingston, NY by level; High Point, Olympia and Rhode Island overall).';
  return {
    id: 'recidivism',
    title,
    description,
    spec: {
      ...base(title, description),
      data: { values },
      encoding: {
        x: {
          field: 'level',
          type: 'nominal',
          sort: ['A', 'B', 'C', 'D', 'all'],
          title: 'level at the first notification',
          axis: { labelAngle: 0 },
        },
        y: {
          field: 'rate',
          type: 'quantitative',
          title: 'reoffended within the follow-up',
          axis: { format: '.0%' },
          scale: { domain: [0, 1] },
        },
      },
      layer: [
        {
          transform: [{ filter: `datum.source === '${THIS}' && datum.low !== null` }],
          mark: { type: 'rule', strokeWidth: 2, color: INK },
          encoding: {
            y: { field: 'low', type: 'quantitative' },
            y2: { field: 'high' },
            xOffset: { field: 'source', type: 'nominal', scale: { domain } },
          },
        },
        ...[true, false].map((filled) => ({
          transform: [{ filter: `${filled ? '' : '!'}(datum.source === '${THIS}')` }],
          mark: { type: 'point', size: 110, strokeWidth: 1.5, color: INK, filled, opacity: 1 },
          encoding: {
            shape: {
              field: 'source',
              type: 'nominal',
              title: null,
              scale: { domain, range: ['circle', 'diamond', 'triangle-up', 'square', 'cross'] },
              legend: { columns: 3, symbolStrokeColor: INK, symbolStrokeWidth: 1.5, symbolOpacity: 1 },
            },
            xOffset: { field: 'source', type: 'nominal', scale: { domain } },
          },
        })),
      ],
    } as TopLevelSpec,
  };
}

const DASHES: Record<string, number[]> = { A: [1, 0], B: [8, 4], C: [3, 3], D: [1, 3] };
const DASH_WORDS: Record<string, string> = { A: 'solid', B: 'long dashes', C: 'short dashes', D: 'dots' };

/**
 * Where each curve's label goes: at its last point, moved apart vertically
 * (in survival units) so that curves ending close together keep legible
 * labels: a cluster of close ends gets labels `gap` apart, centred on it.
 */
export function curveEndLabels(
  ends: { level: string; time: number; survival: number }[],
  gap = 0.08,
): { level: string; time: number; survival: number; at: number }[] {
  const sorted = [...ends]
    .sort((a, b) => b.survival - a.survival || (a.level < b.level ? -1 : 1))
    .map((e) => ({ ...e, at: e.survival }));
  // clusters of labels closer than `gap`: spaced `gap` apart, centred on the cluster's own ends
  for (let lo = 0; lo < sorted.length; ) {
    let hi = lo + 1;
    while (hi < sorted.length && sorted[hi - 1].survival - sorted[hi].survival < gap) hi++;
    const mean = sorted.slice(lo, hi).reduce((t, e) => t + e.survival, 0) / (hi - lo);
    for (let i = lo; i < hi; i++) sorted[i].at = mean + ((hi - lo - 1) / 2 - (i - lo)) * gap;
    lo = hi;
  }
  return sorted;
}

/** Kaplan–Meier curves by level (step lines, one dash pattern per level, each labelled at its end). */
export function survivalChart(table: Table, logRank: string): Chart {
  const values: Record<string, unknown>[] = [];
  // a level whose curve is suppressed (docs/methods.md#suppression) has no numeric row and no line
  const levels = [...new Set(table.rows.filter((r) => num(r.survival) !== null).map((r) => String(r.level)))];
  const ends: { level: string; time: number; survival: number }[] = [];
  for (const level of levels) {
    values.push({ level, time: 0, survival: 1 });
    let end = { level, time: 0, survival: 1 };
    for (const r of table.rows) {
      if (r.level !== level) continue;
      const t = num(r.time),
        s = num(r.survival);
      if (t !== null && s !== null) {
        values.push({ level, time: t, survival: s });
        end = { level, time: t, survival: s };
      }
    }
    ends.push(end);
  }
  const domain = ['A', 'B', 'C', 'D'].filter((l) => levels.includes(l));
  const labels = curveEndLabels(ends.filter((e) => domain.includes(e.level))).map((e) => ({
    ...e,
    label: `level ${e.level}`,
  }));
  const title = 'Share with no new incident, by level at the first notification (Kaplan–Meier)';
  const styles = domain.map((l) => `${l} ${DASH_WORDS[l]}`).join(', ');
  const description = domain.length
    ? `Step curves for level${domain.length === 1 ? '' : 's'} ${domain.join(', ')} (${styles}), each labelled at its end: the estimated share of notified persons with no new incident yet, by days since the first notification. ${logRank}`
    : `No curve: no notified person to follow. ${logRank}`;
  const x = { field: 'time', type: 'quantitative', title: 'days since the first notification' };
  const y = {
    field: 'survival',
    type: 'quantitative',
    title: 'no new incident yet',
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  return {
    id: 'survival',
    title,
    description,
    spec: {
      ...base(title, description),
      layer: [
        {
          data: { values },
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, color: INK },
          encoding: {
            x,
            y,
            strokeDash: {
              field: 'level',
              type: 'nominal',
              title: 'level',
              scale: { domain, range: domain.map((l) => DASHES[l]) },
            },
            detail: { field: 'level', type: 'nominal' },
          },
        },
        {
          data: { values: labels },
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'middle',
            dx: 5,
            color: INK,
            fontSize: 11,
            fontWeight: 'bold',
          },
          encoding: {
            x,
            y: { field: 'at', type: 'quantitative', scale: { domain: [0, 1] } },
            text: { field: 'label' },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/** Incidents per month with the launch marked (the Kingston and High Point charts). */
export function trendChart(table: Table, launch: string | null): Chart {
  const values = table.rows
    .filter((r) => num(r.incidents) !== null)
    .map((r) => ({
      start: String(r.start),
      incidents: num(r.incidents),
      partial: r.partial === true ? 'partial month' : 'whole month',
    }));
  const title = launch ? `Incidents per month, with the launch on ${launch}` : 'Incidents per month';
  const description = `Line with points: distinct incidents per month over the coverage (hollow points: partial months)${launch ? `; the dashed vertical line marks the launch on ${launch}` : ''}.`;
  const x = {
    field: 'start',
    type: 'temporal',
    timeUnit: 'utcyearmonth',
    title: 'month',
    axis: { format: '%b %Y', labelAngle: -40 },
  };
  const y = { field: 'incidents', type: 'quantitative', title: 'incidents' };
  const layers: unknown[] = [
    { mark: { type: 'line', strokeWidth: 1.5, color: INK }, encoding: { x, y } },
    {
      mark: { type: 'point', size: 28, strokeWidth: 1, color: INK },
      encoding: {
        x,
        y,
        fill: {
          field: 'partial',
          type: 'nominal',
          title: null,
          scale: { domain: ['whole month', 'partial month'], range: [INK, '#ffffff'] },
        },
      },
    },
  ];
  if (launch) {
    const at = { field: 'start', type: 'temporal', timeUnit: 'utcyearmonthdate' };
    layers.push(
      {
        data: { values: [{ start: launch }] },
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2, color: INK },
        encoding: { x: at },
      },
      {
        data: { values: [{ start: launch, label: `launch ${launch}` }] },
        mark: {
          type: 'text',
          align: 'left',
          dx: 4,
          dy: 4,
          baseline: 'top',
          color: INK,
          fontSize: 11,
          fontWeight: 'bold',
        },
        encoding: { x: at, y: { value: 0 }, text: { field: 'label' } },
      },
    );
  }
  return {
    id: 'trend',
    title,
    description,
    spec: {
      ...base(title, description),
      data: { values },
      layer: layers,
    } as TopLevelSpec,
  };
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Render a chart to a standalone SVG string: vega-lite compiled to vega, run
 * headless (`renderer: 'none'`), with a <title> and <desc> for screen readers.
 */
export async function renderChartSvg(chart: Chart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const id = `chart-${chart.id}`;
    return svg.replace(
      /^<svg([^>]*)>/,
      `<svg$1 id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${escapeXml(chart.title)}</title><desc id="${id}-desc">${escapeXml(chart.description)}</desc>`,
    );
  } finally {
    view.finalize();
  }
}
