/**
 * The report's executive summary: a few plain sentences with the headline
 * numbers, each linking to the section it comes from. Every number is read
 * from a Table that its section shows (never recomputed), and each sentence
 * lists the cells it quotes (`figures`), so a test can check that the
 * summary and the sections agree.
 */
import type { Cell, Column, Table } from '../model.js';
import { formatCell } from './render.js';
import { showCount } from './locale.js';
import { SUPPRESSED } from '../metrics/suppression.js';

/** One quoted number: the sum of `column` over the rows whose `key` column is in `rows` (one row: that cell). */
export interface Figure {
  /** the quoted table's title, as its section shows it */
  table: string;
  key: string;
  rows: string[];
  column: string;
  value: number;
}

export interface SummaryItem {
  /** the section the sentence links to */
  section: string;
  /** the link's words */
  link: string;
  text: string;
  figures: Figure[];
}

/** The tables the summary quotes (each one a table of its section). */
export interface SummaryTables {
  tiers: Table;
  due: Table;
  fidelity: Table;
  prepost: Table;
  recidivism: Table;
  /** the comparison-cohort table (`ipvi compare`), when the report has its section */
  compare?: Table;
  asOf: string;
  previousAsOf: string;
  followUpMonths: number;
  overdueDays: number;
}

const num = (v: Cell | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Reads cells of one table, recording each as a figure and formatting it as the table shows it (counts grouped for the locale). */
class Quoter {
  readonly figures: Figure[] = [];
  constructor(
    private readonly table: Table,
    private readonly key: string,
    private readonly locale: string,
  ) {}

  private col(column: string): Column {
    const c = this.table.columns.find((x) => x.key === column);
    if (!c) throw new RangeError(`no column ${column} in ${this.table.title}`);
    return c;
  }

  /** the value of a cell, or the sum over rows; null when any is missing */
  value(rows: string | string[], column: string): number | null {
    const keys = Array.isArray(rows) ? rows : [rows];
    let sum = 0;
    for (const k of keys) {
      const v = num(this.table.rows.find((r) => String(r[this.key]) === k)?.[column]);
      if (v === null) return null;
      sum += v;
    }
    return sum;
  }

  /** the formatted value (and a figure for it); '' when missing */
  show(rows: string | string[], column: string): string {
    const v = this.value(rows, column);
    if (v === null) {
      // a cell hidden by --suppress-below reads as the table shows it ("<11", "suppressed"), not as a gap
      const keys = Array.isArray(rows) ? rows : [rows];
      const cells = keys.map((k) => this.table.rows.find((r) => String(r[this.key]) === k)?.[column]);
      const hidden = cells.find((c) => typeof c === 'string' && c !== '');
      return typeof hidden === 'string' ? (keys.length === 1 ? hidden : SUPPRESSED) : '';
    }
    this.figures.push({
      table: this.table.title ?? '',
      key: this.key,
      rows: Array.isArray(rows) ? rows : [rows],
      column,
      value: v,
    });
    const c = this.col(column);
    return c.kind === 'int' ? showCount(v, this.locale) : formatCell(v, c);
  }
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The summary's sentences, in the order of the sections. */
export function executiveSummary(t: SummaryTables, locale: string): SummaryItem[] {
  const items: SummaryItem[] = [];
  const LEVELS = ['A', 'B', 'C', 'D'];

  {
    const q = new Quoter(t.tiers, 'level', locale);
    const total = q.value('all', 'persons') ?? 0;
    const change = q.value('all', 'change') ?? 0;
    const byLevel = LEVELS.map((l) => `${l} ${q.show(l, 'persons')}`).join(', ');
    // each shown figure is recorded once, in the order the sentence reads
    const persons = q.show('all', 'persons');
    const since =
      change === 0
        ? `the same number as on ${t.previousAsOf}`
        : `${change > 0 ? 'up' : 'down'} ${showCount(Math.abs(change), locale)} from ${q.show('all', 'previous')} on ${t.previousAsOf}`;
    const newCount = q.show('all', 'new'),
      escalated = q.show('all', 'escalated');
    const text =
      `As of ${t.asOf}, ${persons} ${plural(total, 'person is', 'people are')} on the tier list (${byLevel}); ${since}` +
      // the moves hidden together (docs/methods.md#suppression) read as a clause, not "suppressed new"
      (newCount === SUPPRESSED && escalated === SUPPRESSED
        ? '; how many are new and how many moved up a level is suppressed.'
        : `, with ${newCount} new and ${escalated} moved up a level.`);
    q.figures.push({ table: t.tiers.title ?? '', key: 'level', rows: ['all'], column: 'change', value: change });
    items.push({ section: 'tiers', link: 'Tier counts', text, figures: q.figures });
  }
  {
    const q = new Quoter(t.due, 'level', locale);
    const due = q.value('all', 'due') ?? 0;
    const overdue = q.value('all', 'overdue') ?? 0;
    const review = new Quoter(t.tiers, 'level', locale);
    const text =
      due === 0
        ? `No one is waiting for a notification as of ${t.asOf}.`
        : `${q.show('all', 'due')} ${plural(due, 'person is', 'people are')} due a notification; ${q.show('all', 'overdue')} of them ${plural(overdue, 'is', 'are')} overdue (at the level more than ${t.overdueDays} days without one).`;
    const reviewText = ` ${review.show('A', 'enforcement_review')} A-level ${plural(review.value('A', 'enforcement_review') ?? 0, 'person is', 'people are')} flagged for enforcement review.`;
    items.push({
      section: 'tiers',
      link: 'Notifications due',
      text: text + reviewText,
      figures: [...q.figures, ...review.figures],
    });
  }
  {
    const q = new Quoter(t.fidelity, 'level', locale);
    const owedLevels = ['B', 'C', 'D'].filter((l) => q.value(l, 'owed') !== null);
    const owed = q.value(owedLevels, 'owed');
    const notified = q.value(owedLevels, 'notified');
    if (owed === null || notified === null || owed === 0) {
      items.push({
        section: 'fidelity',
        link: 'Fidelity',
        text: 'No one in the period was owed a notification, so there is no fidelity figure.',
        figures: [],
      });
    } else {
      const medians = owedLevels
        .filter((l) => q.value(l, 'median_days') !== null)
        .map((l) => `${l} ${q.show(l, 'median_days')}`);
      const vcf =
        q.value('B', 'victim_contact_first') !== null
          ? ` ${q.show('B', 'victim_contact_first')} of B-level notifications came after the victim was contacted, as promised.`
          : '';
      const text =
        `Keeping promises: of the ${q.show(owedLevels, 'owed')} people owed a notification (levels ${owedLevels.join(', ')}), ${q.show(owedLevels, 'notified')} have received one` +
        (medians.length ? `; the median wait was ${medians.join(', ')} days` : '') +
        `.${vcf}`;
      items.push({ section: 'fidelity', link: 'Fidelity', text, figures: q.figures });
    }
  }
  {
    const q = new Quoter(t.prepost, 'window_months', locale);
    const first = t.prepost.rows[0];
    const w = first ? String(first.window_months) : '';
    const offenders = q.value(w, 'offenders') ?? 0;
    if (!first || offenders === 0 || q.value(w, 'rate_ratio') === null) {
      items.push({
        section: 'prepost',
        link: 'Before and after',
        text: 'No notified person has a full window before and after the first notification inside the coverage, so there is no before/after figure.',
        figures: [],
      });
    } else {
      const ratio = q.value(w, 'rate_ratio') ?? 1;
      const text = `Among the ${q.show(w, 'offenders')} people first notified with ${w} months of data on each side, incidents per person ${ratio < 1 ? 'fell' : ratio > 1 ? 'rose' : 'stayed'} from ${q.show(w, 'pre_rate')} before to ${q.show(w, 'post_rate')} after (${q.show(w, 'percent_change')}; rate ratio ${q.show(w, 'rate_ratio')}, 95% interval ${q.show(w, 'rr_ci_low')} to ${q.show(w, 'rr_ci_high')}). ${t.compare?.rows.some((r) => typeof r.did_ratio === 'number') ? 'This describes change among the notified; the comparison below estimates the effect of notification.' : 'There is no comparison group, so this describes change, not the effect of notification.'}`;
      items.push({ section: 'prepost', link: 'Before and after', text, figures: q.figures });
    }
  }
  {
    const q = new Quoter(t.recidivism, 'level', locale);
    if (q.value('all', 'rate') === null) {
      items.push({
        section: 'recidivism',
        link: 'Recidivism',
        text: `No notified person has ${t.followUpMonths} months of follow-up inside the coverage, so there is no recidivism figure.`,
        figures: [],
      });
    } else {
      const byLevel = LEVELS.filter((l) => q.value(l, 'rate') !== null).map((l) => `${l} ${q.show(l, 'rate')}`);
      const text = `Within ${t.followUpMonths} months of their first notification, ${q.show('all', 'rate')} of ${q.show('all', 'persons')} notified people had a new incident (95% interval ${q.show('all', 'ci_low')} to ${q.show('all', 'ci_high')}); by level at notification: ${byLevel.join(', ')}.`;
      items.push({ section: 'recidivism', link: 'Recidivism', text, figures: q.figures });
    }
  }
  if (t.compare) {
    const q = new Quoter(t.compare, 'window_months', locale);
    const row = t.compare.rows.find((r) => typeof r.did_ratio === 'number');
    if (!row) {
      items.push({
        section: 'compare',
        link: 'Comparison',
        text: t.compare.rows.some((r) => r.did_ratio === 'suppressed')
          ? 'The comparison with the people the same rules would have picked out before the launch is not shown: it is built on counts suppressed for publication.'
          : 'There is no comparison with the people the same rules would have picked out before the launch: these data do not have enough history on both sides of the launch (the section says what is missing).',
        figures: [],
      });
    } else {
      const w = String(row.window_months);
      const did = q.value(w, 'did_ratio') ?? 1;
      const lo = q.value(w, 'did_ci_low'),
        hi = q.value(w, 'did_ci_high');
      const pc = Math.round(100 * Math.abs(1 - did));
      const interval =
        lo === null || hi === null
          ? ''
          : `, 95% interval ${q.show(w, 'did_ci_low')} to ${q.show(w, 'did_ci_high')}${lo <= 1 && hi >= 1 ? ', which includes no change' : ''}`;
      const text = `Against the people the same rules would have picked out before the launch, notification is associated with ${pc === 0 ? 'no change in' : `${pc}% ${did < 1 ? 'fewer' : 'more'}`} incidents over the ${w} months after it (ratio ${q.show(w, 'did_ratio')}${interval}).`;
      items.push({ section: 'compare', link: 'Comparison', text, figures: q.figures });
    }
  }
  return items;
}
