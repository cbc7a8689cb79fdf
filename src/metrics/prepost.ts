/**
 * Offending before and after the first notification: the Kingston table
 * "Offending Pre and Post First Perpetrator Notification" (docs/methods.md#prepost).
 */
import { addMonths, formatDay } from '../dates.js';
import { FLAG, type Cell, type Dataset, type Day, type Table } from '../model.js';
import type { PersonIndex } from '../classify/person-index.js';
import { rateRatio } from '../stats/rate-ratio.js';
import { wilcoxonSignedRank } from '../stats/wilcoxon-signed-rank.js';
import { wilcoxonSignedRankExact } from '../stats/wilcoxon-signed-rank-exact.js';
import { clusterRobustRateRatio } from '../stats/cluster-robust-rate-ratio.js';
import { coverageNote, leftOutMeta, leftOutNote, notifiedCohort } from './common.js';
import { suppressTable, suppressionNotes, SUPPRESSED, type SuppressionDeclaration } from './suppression.js';

const RR = ['rate_ratio', 'rr_ci_low', 'rr_ci_high', 'rr_p', 'rr_robust_low', 'rr_robust_high'];
const WILCOXON = ['wilcoxon_n', 'wilcoxon_v', 'wilcoxon_p'];
/**
 * What reveals what in the pre/post table (docs/methods.md#suppression): the
 * incident counts are hidden with the offenders; each rate with its counts;
 * the change, the rate ratio (its interval and p give the counts back) and
 * the Wilcoxon test (on the same per-person counts) with any hidden count of
 * the row. wilcoxon_n (persons whose count changed) is a count too. Windows
 * overlap, so rows have no margin.
 */
export const PREPOST_SUPPRESSION: SuppressionDeclaration = {
  counts: ['offenders', 'pre_incidents', 'post_incidents', 'wilcoxon_n'],
  complements: { wilcoxon_n: 'offenders' },
  derived: {
    pre_incidents: ['offenders'],
    post_incidents: ['offenders'],
    pre_rate: ['offenders', 'pre_incidents'],
    post_rate: ['offenders', 'post_incidents'],
    change: ['offenders', 'pre_incidents', 'post_incidents'],
    percent_change: ['pre_incidents', 'post_incidents'],
    ...Object.fromEntries(RR.map((k) => [k, ['offenders', 'pre_incidents', 'post_incidents']])),
    ...Object.fromEntries(WILCOXON.map((k) => [k, ['offenders', 'pre_incidents', 'post_incidents', 'wilcoxon_n']])),
  },
};

/** Below this many non-zero differences the Wilcoxon p is exact (permutation distribution, ties allowed); from it on, the normal approximation. */
export const WILCOXON_EXACT_BELOW = 50;

export interface PrePostOptions {
  /** window lengths W in months; one row each (default 12, 18, 24) */
  windows: number[];
  /** count only offense incidents (flags.offense, docs/methods.md#flags) instead of every incident */
  offensesOnly?: boolean;
  /** leave the index incident (the latest incident on or before t0) out of the pre count */
  excludeIndex?: boolean;
  /** hide counts 1 … N−1 and the statistics built on them */
  suppressBelow?: number;
}

/** Per-person counts of one window row (the data behind the row, for tests and the paired test). */
export interface PrePostWindow {
  windowMonths: number;
  /** persons in the row, in person-index order */
  persons: number[];
  pre: number[];
  post: number[];
  /** notified persons left out because the ±W window is not inside the coverage */
  outsideCoverage: number;
}

/**
 * Per-person pre and post counts for each window (docs/methods.md#prepost).
 *
 * For each notified person, t0 = the earliest notification (any level). For
 * a window of W months the person is in the row only when
 * `addMonths(t0, −W) ≥ coverage_start` and `addMonths(t0, W) ≤ coverage_end`;
 * pre counts incidents with t0 − W ≤ date ≤ t0 (the notification day is pre),
 * post counts incidents with t0 < date ≤ t0 + W. Month arithmetic is
 * calendar arithmetic clamped to the month's end (`addMonths`).
 *
 * With `excludeIndex`, the index incident — the person's latest incident
 * dated on or before t0, the one that led to the notification — is not
 * counted as pre (one incident per person at most; with `offensesOnly` it is
 * only removed when it is an offense incident, since only those are counted).
 * Ties are broken by date, then incident_id (the greatest, compared as text),
 * then — for two rows of the same incident — an offense row first, so the
 * order of the input rows never changes the result.
 */
export function prePostCounts(ds: Dataset, idx: PersonIndex, options: PrePostOptions): PrePostWindow[] {
  const { incidents: inc, coverage } = ds;
  const ids = options.excludeIndex ? ds.incidentIds.values : [];
  /** Is row a later index-incident candidate than row b: later day, then greater incident_id; same incident: an offense row first. */
  const laterIndexCandidate = (a: number, b: number): boolean => {
    if (inc.day[a] !== inc.day[b]) return inc.day[a] > inc.day[b];
    const ia = ids[inc.incidentId[a]],
      ib = ids[inc.incidentId[b]];
    if (ia !== ib) return ia > ib;
    return Boolean(options.offensesOnly && inc.flags[a] & FLAG.offense && !(inc.flags[b] & FLAG.offense));
  };
  // t0 of each person of the cohort: the day of the first of the person's notifications (firstNotifications, without an object each)
  const cohort = notifiedCohort(ds, idx).persons;
  const firstDay = (p: number): Day => ds.notifications.day[idx.notOrder[idx.notStart[p]]];
  const out: PrePostWindow[] = options.windows.map((w) => ({
    windowMonths: w,
    persons: [],
    pre: [],
    post: [],
    outsideCoverage: 0,
  }));
  const windowBounds = out.map(() => new Map<Day, [Day, Day]>());
  for (const p of cohort) {
    const t0 = firstDay(p);
    const lo = idx.incStart[p],
      hi = idx.incStart[p + 1];
    // the index incident: the latest incident on or before t0, by day then incident_id (so row order never matters)
    let indexRow = -1;
    for (let k = lo; options.excludeIndex && k < hi; k++) {
      const i = idx.incOrder[k];
      if (inc.day[i] > t0) break;
      if (indexRow < 0 || laterIndexCandidate(i, indexRow)) indexRow = i;
    }
    for (let r = 0; r < out.length; r++) {
      const row = out[r];
      const W = row.windowMonths;
      // first notifications fall on a few thousand distinct days: each window's bounds are worked out once per day
      let bounds = windowBounds[r].get(t0);
      if (bounds === undefined) {
        bounds = [addMonths(t0, -W), addMonths(t0, W)];
        windowBounds[r].set(t0, bounds);
      }
      const [from, to] = bounds;
      if (from < coverage.start || to > coverage.end) {
        row.outsideCoverage++;
        continue;
      }
      let pre = 0,
        post = 0;
      for (let k = lo; k < hi; k++) {
        const i = idx.incOrder[k];
        const d = inc.day[i];
        if (d > to) break;
        if (d < from) continue;
        if (options.offensesOnly && !(inc.flags[i] & FLAG.offense)) continue;
        if (d <= t0) {
          if (!(options.excludeIndex && i === indexRow)) pre++;
        } else post++;
      }
      row.persons.push(p);
      row.pre.push(pre);
      row.post.push(post);
    }
  }
  return out;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The Kingston pre/post table: one row per window with
 * `window_months, offenders, pre_incidents, pre_rate, post_incidents, post_rate`
 * (rate = incidents / offenders), then `change` = post_rate − pre_rate,
 * `percent_change` = change / pre_rate, the post/pre rate ratio with equal
 * exposure (offenders × W person-months each side) and its exact conditional
 * Poisson 95% interval and p (`rateRatio`, R `poisson.test`), the
 * person-level cluster-robust 95% interval of the same ratio
 * (`rr_robust_low`, `rr_robust_high`: `clusterRobustRateRatio`, R `glm` +
 * `sandwich::vcovCL`), which allows for repeat offending, and the paired
 * two-sided Wilcoxon signed-rank test on per-person (post, pre) counts: exact
 * below 50 non-zero differences, ties included (`wilcoxonSignedRankExact`,
 * R `coin::wilcoxsign_test(distribution = "exact")`), else the normal
 * approximation (`wilcoxonSignedRank`, R `wilcox.test(post, pre, paired = TRUE)`).
 *
 * The two answer different questions: the rate ratio compares the cohort's
 * total count after with before; the Wilcoxon asks whether a typical
 * person's count went down, which selection on a recent incident (every
 * pre count ≥ 1) pushes towards "yes" even with no effect.
 *
 * Edge cases: a window with no eligible person → counts 0, every statistic
 * empty, with a note; a pre count of 0 → empty rate ratio upper limit and
 * percent change, with a note. Never NaN.
 *
 * @example
 * // the Kingston fixture (test/metrics/kingston-fixture.ts)
 * prePostTable(ds, idx, { windows: [12, 18, 24] }).rows[0];
 * // { window_months: 12, offenders: 450, pre_incidents: 498, pre_rate: 1.1066…, post_incidents: 186, post_rate: 0.4133…, … }
 */
export function prePostTable(ds: Dataset, idx: PersonIndex, options: PrePostOptions): Table {
  const windows = prePostCounts(ds, idx, options);
  const notes: string[] = [];
  const rows: Record<string, Cell>[] = [];
  const what = options.offensesOnly ? 'offense incidents' : 'incidents';
  const rowProblems: string[][] = [];
  for (const w of windows) {
    const problems: string[] = [];
    rowProblems.push(problems);
    const W = w.windowMonths;
    const n = w.persons.length;
    const pre = sum(w.pre),
      post = sum(w.post);
    const row: Record<string, Cell> = {
      window_months: W,
      offenders: n,
      pre_incidents: pre,
      pre_rate: null,
      post_incidents: post,
      post_rate: null,
      change: null,
      percent_change: null,
      rate_ratio: null,
      rr_ci_low: null,
      rr_ci_high: null,
      rr_p: null,
      rr_robust_low: null,
      rr_robust_high: null,
      wilcoxon_n: null,
      wilcoxon_v: null,
      wilcoxon_p: null,
    };
    if (n === 0) {
      problems.push(`±${W} months: no notified person has the whole window inside the coverage, so no rate or test`);
    } else {
      row.pre_rate = pre / n;
      row.post_rate = post / n;
      row.change = post / n - pre / n;
      if (pre > 0) row.percent_change = (post - pre) / pre;
      const exposure = n * W;
      const rr = rateRatio(post, exposure, pre, exposure);
      row.rate_ratio = rr.estimate;
      row.rr_ci_low = rr.low;
      row.rr_ci_high = rr.high;
      row.rr_p = rr.p;
      if (rr.note) problems.push(`±${W} months rate ratio: ${rr.note}`);
      if (pre === 0 && post > 0) problems.push(`±${W} months: no pre ${what}, so no percent change`);
      const robust = clusterRobustRateRatio(w.post, w.pre);
      row.rr_robust_low = robust.low;
      row.rr_robust_high = robust.high;
      if (robust.note && pre > 0) problems.push(`±${W} months robust interval: ${robust.note}`);
      const nonZero = w.post.reduce((c, v, i) => (v !== w.pre[i] ? c + 1 : c), 0);
      let how: string, wxNote: string | undefined;
      if (nonZero > 0 && nonZero < WILCOXON_EXACT_BELOW) {
        const wx = wilcoxonSignedRankExact(w.post, w.pre);
        row.wilcoxon_n = wx.n;
        row.wilcoxon_v = wx.statistic;
        row.wilcoxon_p = wx.p;
        how = 'exact p (permutation distribution of the signs, ties allowed)';
        wxNote = wx.note;
      } else {
        const wx = wilcoxonSignedRank(w.post, w.pre);
        row.wilcoxon_n = wx.n;
        row.wilcoxon_v = wx.statistic;
        row.wilcoxon_p = wx.p;
        how =
          wx.method === 'exact'
            ? 'exact p'
            : wx.method === 'normal'
              ? 'p from the normal approximation with continuity correction'
              : '';
        wxNote = wx.note;
      }
      problems.push(`±${W} months Wilcoxon: ${[how, wxNote].filter(Boolean).join('; ')}`);
    }
    rows.push(row);
  }
  const suppression = suppressTable(rows, options.suppressBelow, PREPOST_SUPPRESSION);
  // a window's notes speak of its counts and tests: shown only when the row's counts are
  const problems = rowProblems.flatMap((list, r) => (suppression.hidden[r].size ? [] : list));
  const inWindow = (r: number, n: number) => (suppression.isHidden(r, 'offenders') ? SUPPRESSED : String(n));
  const cohort = notifiedCohort(ds, idx);
  const notified = cohort.persons.length;
  notes.push(
    `t0 = each person's earliest notification (any level); pre = ${what} dated t0 − W months to t0 inclusive (an incident on the notification day is pre), post = dated after t0 up to t0 + W months inclusive (docs/methods.md#prepost)`,
    "months are calendar months clamped to the month's last day (2020-03-31 − 1 month = 2020-02-29)",
    `eligibility: a person is in the ±W row only when the whole window lies inside the coverage (t0 − W ≥ coverage start and t0 + W ≤ coverage end); ${notified} notified persons with an incident; ` +
      windows
        .map(
          (w, r) =>
            `±${w.windowMonths}: ${inWindow(r, w.persons.length)} in, ${suppression.isHidden(r, 'offenders') ? SUPPRESSED : w.outsideCoverage} out`,
        )
        .join('; '),
    ...leftOutNote(cohort.leftOut, options.suppressBelow),
    coverageNote(ds),
    `counted: ${options.offensesOnly ? 'offense incidents only (flags.offense)' : 'every incident (one per incident and suspect)'}; rate = ${what} per offender in the window`,
    options.excludeIndex
      ? "index incident excluded: each person's latest incident on or before t0 (the one that led to the notification) is not counted as pre. People are selected for notification because of a recent incident, so part of any pre/post drop is regression to the mean; excluding it removes the most obvious part, not all of it"
      : 'index incident included in the pre count (the default of docs/methods.md#prepost: an incident on the notification day is pre). People are selected for notification because of a recent incident, so part of any pre/post drop is regression to the mean, not an effect of the notification; --exclude-index leaves that incident out',
    'rate ratio = post rate / pre rate with equal exposure (offenders × W person-months each side): it answers "did the cohort\'s total number of incidents change?". 95% interval and p (rr_ci_low, rr_ci_high, rr_p): exact conditional Poisson test (R poisson.test), which assumes independent Poisson counts; repeat offending makes counts overdispersed, so it is too narrow. rr_robust_low/rr_robust_high: person-level cluster-robust 95% interval of the same ratio (sandwich variance with each person as a cluster, R sandwich::vcovCL), which allows for repeat offending — read this one',
    `Wilcoxon signed-rank test (paired, two-sided, on each person's post and pre counts; V = sum of ranks of post > pre, zero differences dropped; exact below ${WILCOXON_EXACT_BELOW} non-zero differences, ties included, else the normal approximation): it answers "did a typical person's count go down?", a different question from the rate ratio. Because people are notified after a recent incident, almost every pre count is at least 1, so a typical person's count falls even with no effect (regression to the mean): its p is inflated by selection and is not evidence of an effect on its own`,
    'there is no comparison group: the table describes change among notified people, it does not estimate the effect of notification',
    ...problems,
    ...suppressionNotes(suppression),
  );

  const p = (key: string, decimals: number, kind: 'number' | 'percent' = 'number') => ({ key, decimals, kind });
  return {
    title: `Offending pre and post first notification (${what})`,
    columns: [
      { key: 'window_months', kind: 'int' },
      { key: 'offenders', kind: 'int' },
      { key: 'pre_incidents', kind: 'int' },
      p('pre_rate', 2),
      { key: 'post_incidents', kind: 'int' },
      p('post_rate', 2),
      p('change', 2),
      p('percent_change', 1, 'percent'),
      p('rate_ratio', 2),
      p('rr_ci_low', 2),
      p('rr_ci_high', 2),
      { key: 'rr_p', kind: 'pvalue' as const },
      p('rr_robust_low', 2),
      p('rr_robust_high', 2),
      { key: 'wilcoxon_n', kind: 'int' },
      p('wilcoxon_v', 1),
      { key: 'wilcoxon_p', kind: 'pvalue' as const },
    ],
    rows,
    notes,
    meta: {
      left_out: leftOutMeta(cohort.leftOut, options.suppressBelow),
      definitions: {
        t0: 'earliest notification, any level',
        pre: 't0 - W months <= incident_date <= t0',
        post: 't0 < incident_date <= t0 + W months',
        eligibility: 't0 - W months >= coverage_start and t0 + W months <= coverage_end',
      },
      options: {
        windows: options.windows,
        counted: options.offensesOnly ? 'offense incidents' : 'incidents',
        index_incident: options.excludeIndex ? 'excluded' : 'included',
        suppress_below: options.suppressBelow ?? null,
        coverage: { start: formatDay(ds.coverage.start), end: formatDay(ds.coverage.end) },
      },
    },
  };
}
