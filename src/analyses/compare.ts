/**
 * `ipvi compare`: the notified cohort against a historical comparison cohort
 * (docs/methods.md#comparison-design) — difference-in-differences with a
 * seeded person-level bootstrap, recidivism difference by level, Kaplan–Meier
 * by cohort and a Cox hazard ratio. The same numbers in the command, `ipvi
 * report` (a section when a launch date is known) and `ipvi batch`: each run
 * seeds its own bootstrap generator from --seed.
 */
import { UsageError } from '../errors.js';
import { COMPARE_DEFAULTS, compareTable } from '../metrics/compare.js';
import { fmt } from '../metrics/common.js';
import type { Cell, Table } from '../model.js';
import { DOMAIN, Rng } from '../random.js';
import { launchOption, OFFENSES_ONLY, positiveNumber } from './common.js';
import type { AnalysisContext, AnalysisDescriptor } from './types.js';
import { intList, optionalDay, positiveInt, seedOption } from './values.js';

/** The launch a compare run uses: its option, else the config's `launch:`; undefined when neither. */
function launchOf(ctx: AnalysisContext, o: Record<string, unknown>) {
  return o.launch == null ? ctx.config.launch : optionalDay(o.launch as string, '--launch');
}

/** The seeded uniform random source of a compare run's bootstrap (the same seed gives the same interval everywhere). */
export function bootstrapRandom(seed: number): () => number {
  const rng = new Rng(seed, DOMAIN.bootstrap, 0);
  return () => rng.next();
}

/** "42% fewer", "7% more", "no change": a ratio in words. */
function change(ratio: number): string {
  const d = Math.round(100 * (1 - ratio));
  return d > 0 ? `${d}% fewer` : d < 0 ? `${-d}% more` : 'no change in';
}

/**
 * The report's paragraph for command staff: the window's estimate in plain
 * words, what the interval allows, and the recidivism of both groups.
 */
export function compareInWords(table: Table): string {
  const opts = (table.meta?.options ?? {}) as { launch?: string; follow_up_months?: number };
  const intro = `Did offending go down because of the notification? The people notified from the launch on ${opts.launch} are set against the people the same rules would have picked out before the launch, when nobody was notified (\`ipvi compare\`; docs/methods.md#comparison-design).`;
  const row = table.rows.find((r) => typeof r.did_ratio === 'number');
  const hidden = table.rows.some((r) => r.did_ratio === 'suppressed');
  if (!row) {
    const why = table.notes.find((n) => /^±\d+ months: /.test(n))?.replace(/^±\d+ months: /, '');
    return `${intro} ${hidden ? 'The estimate is not shown: it is built on counts suppressed for publication.' : `These data cannot support the comparison${why ? `: ${why}` : ''}.`}`;
  }
  const W = row.window_months as number;
  const did = row.did_ratio as number;
  const rr = (x: Cell) => (typeof x === 'number' ? `${change(x)} incidents` : 'a change we cannot show');
  let text = `${intro} In the ${W} months after notification, the ${row.treated_persons} people notified had ${rr(row.treated_rate_ratio)} than in the ${W} months before; the ${row.comparison_persons} comparable people from before the launch had ${rr(row.comparison_rate_ratio)} over the same stretch without any notification: the best guess of what would have happened anyway. Taking that into account, notification is associated with ${change(did)} incidents than expected (rate ratio ${fmt(did, 2)}).`;
  const lo = row.did_ci_low,
    hi = row.did_ci_high;
  if (typeof lo === 'number' && typeof hi === 'number') {
    const pc = (x: number) => Math.round(100 * Math.abs(1 - x));
    if (lo <= 1 && hi >= 1)
      text += ` But the 95% interval runs from ${change(lo)} to ${change(hi)}, which includes no change: these data do not show an effect either way.`;
    else
      text += ` The 95% interval is ${hi < 1 ? `${pc(hi)}% to ${pc(lo)}% fewer` : `${pc(lo)}% to ${pc(hi)}% more`}, which excludes no change.`;
  }
  const all = (table.meta?.recidivism as Record<string, Cell>[] | undefined)?.find((r) => r.level === 'all');
  if (all && typeof all.treated_rate === 'number' && typeof all.comparison_rate === 'number')
    text += ` Within ${opts.follow_up_months} months, ${fmt(100 * all.treated_rate, 0)}% of the notified and ${fmt(100 * all.comparison_rate, 0)}% of the comparison group had a new incident.`;
  return `${text} This holds only if reporting and offending would otherwise have stayed the same across the launch; the notes list the assumptions.`;
}

export const compare: AnalysisDescriptor = {
  kind: 'compare',
  options: [
    launchOption(
      "program launch, yyyy-MM-dd (default: the config's launch:); the comparison cohort lies wholly before it",
      { many: true },
    ),
    {
      // not `windows`: in a report that is prepost's (12,18,24); compare keeps its own default there
      name: 'compareWindows',
      flags: '--windows <months>',
      help: 'pre/post window lengths in months, comma-separated (one row each)',
      default: [...COMPARE_DEFAULTS.windows],
      parse: (raw, flag) =>
        Array.isArray(raw) ? raw : intList(raw as string | undefined, flag, [...COMPARE_DEFAULTS.windows]),
      provenanceKey: 'windows',
      manifestKey: 'windows',
      schema: (z) => z.array(positiveNumber(z)).min(1),
    },
    {
      name: 'followUpMonths',
      flags: '--follow-up <months>',
      help: 'follow-up for recidivism, Kaplan–Meier and the hazard ratio, in months',
      default: COMPARE_DEFAULTS.followUpMonths,
      parse: (raw, flag) =>
        typeof raw === 'number' ? raw : positiveInt(raw as string | undefined, flag, COMPARE_DEFAULTS.followUpMonths),
      provenanceKey: 'follow_up_months',
      manifestKey: 'follow_up',
      schema: positiveNumber,
      many: true,
    },
    {
      name: 'bootstrap',
      flags: '--bootstrap <n>',
      help: 'bootstrap replicates for the difference-in-differences interval (0: no interval)',
      default: COMPARE_DEFAULTS.bootstrap,
      parse: (raw, flag) =>
        typeof raw === 'number'
          ? raw
          : String(raw).trim() === '0'
            ? 0
            : positiveInt(raw as string | undefined, flag, COMPARE_DEFAULTS.bootstrap),
      provenanceKey: 'bootstrap',
      manifestKey: 'bootstrap',
      schema: (z) => z.number().int('must be a whole number').min(0, 'must be 0 or more'),
    },
    {
      name: 'seed',
      flags: '--seed <n>',
      help: 'random seed of the bootstrap; the same seed gives the same interval',
      default: COMPARE_DEFAULTS.seed,
      parse: (raw, flag) => (typeof raw === 'number' ? raw : seedOption(String(raw), flag)),
      provenanceKey: 'seed',
      manifestKey: 'seed',
      schema: (z) => z.number().int('must be a whole number').min(0, 'must be 0 or more'),
    },
    OFFENSES_ONLY,
  ],
  suppressible: true,
  keyColumns: ['window_months'],
  run: (ctx, o) => {
    const launch = launchOf(ctx, o);
    if (launch === undefined)
      throw new UsageError(
        'compare needs the program launch date',
        'give --launch yyyy-MM-dd (in a manifest: launch:), or launch: in the config',
      );
    const offensesOnly = o.offensesOnly as boolean;
    const table = compareTable(ctx.dataset, ctx.index, ctx.ruleSet, {
      launch,
      windows: o.compareWindows as number[],
      followUpMonths: o.followUpMonths as number,
      bootstrap: o.bootstrap as number,
      random: bootstrapRandom(o.seed as number),
      offensesOnly,
      suppressBelow: o.suppressBelow as number | undefined,
    });
    if (offensesOnly) table.notes.push(`offense incident: ${ctx.config.flags.offense}`);
    return table;
  },
  command: {
    description:
      'did offending go down? the notified cohort against the people the same rules would have notified before the launch (difference-in-differences, recidivism, hazard ratio)',
    notifications: 'required',
    help: `
The treated cohort: persons first notified from the launch on. The comparison
cohort: persons whose level the same tier rules raised to D, C or B before the
launch, at the day a notification would have come. did_ratio = (treated
post/pre) / (comparison post/pre); below 1 means offending fell more after
notification than it did, without notification, in the comparison cohort.
Design and assumptions: docs/methods.md#comparison-design.

Examples:
  $ ipvi simulate --persons 4000 --seed 7 --start 2016-01-01 --end 2023-12-31 --launch 2020-01-01 --effect 1 --out /tmp/no-effect
  $ ipvi compare --incidents /tmp/no-effect/incidents.csv --notifications /tmp/no-effect/notifications.csv --launch 2020-01-01
  $ ipvi compare --incidents export.csv --notifications notes.csv --config agency.yaml --windows 6,12 --format json -o compare.json
  $ ipvi compare --incidents export.csv --notifications notes.csv --launch 2020-01-01 --suppress-below 5 --format md -o compare.md`,
  },
  reportSection: {
    heading: 'Did offending go down? The notified against a comparison group',
    text: compareInWords,
    applies: (ctx, o) => launchOf(ctx, o) !== undefined,
  },
};
