import { chiSquareSf } from './distributions.js';
import { solveLinear } from './linear-solve.js';

/** Result of {@link logRankTest}. Fields are null when the test cannot be computed; `note` says why. */
export interface LogRankTest {
  statistic: number | null;
  /** Number of groups with a positive expected count, minus 1. */
  df: number | null;
  p: number | null;
  /** Group labels, sorted (numbers numerically, otherwise as strings), as R orders factor levels. */
  groups: (string | number)[];
  /** Observations per group. */
  n: number[];
  /** Observed events per group. */
  observed: number[];
  /** Expected events per group under H0 (equal hazards). */
  expected: number[];
  note?: string;
}

/**
 * Log-rank (Mantel–Haenszel) test comparing survival across k ≥ 2 groups.
 *
 * At each distinct event time with N at risk (N_g in group g) and D events:
 *
 *   E_g = Σ D·N_g/N
 *   V_gh = Σ D(N − D)/(N − 1) · (N_g/N) · (δ_gh − N_h/N)     (hypergeometric variance)
 *   X² = (O − E)ᵀ V⁻¹ (O − E)  on the groups with E_g > 0, dropping the first one
 *   df = (#groups with E_g > 0) − 1,  p = P(χ²_df ≥ X²)
 *
 * Ties are handled as in R (events before censorings at the same time; the
 * (N − D)/(N − 1) factor). Reference: Mantel (1966) Cancer Chemother. Rep.
 * 50:163–170; Peto & Peto (1972) JRSS A 135:185–207. Matches R
 * `survdiff(Surv(time, status) ~ group)` (rho = 0), survival 3.5-3.
 *
 * Edge cases: fewer than 2 groups, no events, or mismatched lengths → null
 * statistic/df/p with a note; groups whose expected count is 0 (e.g. all
 * censored before the first event) are left out of the statistic and df, as
 * R does, with a note; a singular variance matrix → nulls with a note. Times
 * are compared exactly (no `timefix` tolerance).
 *
 * @example
 * logRankTest([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], [1, 1, 1, 2, 2, 2]);
 * // { statistic: 5.051660516605167, df: 1, p: 0.02460234995364171, groups: [1, 2], n: [3, 3],
 * //   observed: [3, 0], expected: [1.15, 1.85] }
 */
export function logRankTest(
  times: readonly number[],
  events: readonly boolean[] | Uint8Array,
  groups: readonly (string | number)[],
): LogRankTest {
  const base = { statistic: null, df: null, p: null } as const;
  if (times.length !== events.length || times.length !== groups.length) {
    return {
      ...base,
      groups: [],
      n: [],
      observed: [],
      expected: [],
      note: 'times, events and groups must have the same length',
    };
  }
  if (times.some((t) => !Number.isFinite(t))) {
    return { ...base, groups: [], n: [], observed: [], expected: [], note: 'times must be finite numbers' };
  }

  const labels = sortLabels([...new Set(groups)]);
  const k = labels.length;
  const index = new Map(labels.map((g, i) => [g, i]));
  const g = groups.map((x) => index.get(x) as number);
  const isEvent = Array.from(events as ArrayLike<boolean | number>, (e) => Boolean(e));
  const nObs = times.length;

  const counts = new Array<number>(k).fill(0);
  for (const gi of g) counts[gi]++;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));

  if (k < 2) {
    return { ...base, groups: labels, n: counts, observed, expected, note: `need at least 2 groups (got ${k})` };
  }

  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
  const atRisk = [...counts];
  let total = nObs;
  let i = 0;
  while (i < nObs) {
    const t = times[order[i]];
    const deaths = new Array<number>(k).fill(0);
    const leaving = new Array<number>(k).fill(0);
    let d = 0;
    while (i < nObs && times[order[i]] === t) {
      const idx = order[i];
      leaving[g[idx]]++;
      if (isEvent[idx]) {
        deaths[g[idx]]++;
        d++;
      }
      i++;
    }
    if (d > 0) {
      const factor = total > 1 ? (d * (total - d)) / (total * (total - 1)) : 0;
      for (let a = 0; a < k; a++) {
        observed[a] += deaths[a];
        expected[a] += (d * atRisk[a]) / total;
        if (factor === 0 || atRisk[a] === 0) continue;
        variance[a][a] += factor * atRisk[a];
        for (let b = 0; b < k; b++) variance[a][b] -= (factor * atRisk[a] * atRisk[b]) / total;
      }
    }
    for (let a = 0; a < k; a++) atRisk[a] -= leaving[a];
    total -= leaving.reduce((s, v) => s + v, 0);
  }

  const out = { groups: labels, n: counts, observed, expected };
  if (observed.every((o) => o === 0)) return { ...base, ...out, note: 'no events: the log-rank test is undefined' };

  const used = labels.map((_, a) => a).filter((a) => expected[a] > 0);
  const notes: string[] = [];
  const unused = labels.filter((_, a) => !(expected[a] > 0));
  if (unused.length > 0) {
    notes.push(
      `group(s) ${unused.join(', ')} have 0 expected events and are left out of the statistic and df (as R survdiff)`,
    );
  }
  if (used.length < 2) {
    return { ...base, ...out, note: [...notes, 'fewer than 2 groups have expected events'].join('; ') };
  }
  const keep = used.slice(1);
  const diff = keep.map((a) => observed[a] - expected[a]);
  const v = keep.map((a) => keep.map((b) => variance[a][b]));
  const solved = solveLinear(v, diff);
  if (solved === null) return { ...base, ...out, note: [...notes, 'variance matrix is singular'].join('; ') };
  const statistic = solved.reduce((s, x, j) => s + x * diff[j], 0);
  const df = used.length - 1;
  const result: LogRankTest = { statistic, df, p: chiSquareSf(statistic, df), ...out };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

function sortLabels(labels: (string | number)[]): (string | number)[] {
  if (labels.every((x) => typeof x === 'number')) return [...labels].sort((a, b) => (a as number) - (b as number));
  return [...labels].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}
