/**
 * The monthly tier list (docs/methods.md#tier-list): who is at which level as of the
 * month's last day T, compared with the previous month's last day P; who is
 * due a notification; the parallel actions to the abusive partner and the
 * victim (docs/methods.md#parallel-responses). Pure: takes the dataset, the index, the rule set and the month.
 */
import { addMonths, endOfPreviousMonth, formatDay } from '../dates.js';
import {
  LEVELS,
  NO_DAY,
  levelCode,
  levelName,
  type Column,
  type Dataset,
  type Day,
  type Level,
  type Table,
} from '../model.js';
import {
  levelOf,
  levelOfRule,
  levelsChangeOnlyOnEvents,
  NO_RULE,
  ReasonTexts,
  reasonOfLevel,
  ruleAt,
  ruleWith,
  type Classification,
  type RuleSet,
} from './classify.js';
import { lazyTable, type RowSource } from '../row-source.js';
import { FEATURE_INDEX, FeatureComputer } from './features.js';
import type { PersonIndex } from './person-index.js';

export type Actions = Record<Level, { victim: string; abuser: string }>;

/** How a listed person's level compares with the previous month end's; a row's `change` is CHANGES[its code]. */
export const CHANGES = ['new', 'escalated', 'unchanged', 'lowered'] as const;
export type Change = (typeof CHANGES)[number];

/**
 * The listed persons as columns, one entry per person with a level as of the month end, in list
 * order (position k: the k-th row of the list; tierOrder). Typed arrays sized to the list: no
 * object per person (docs/performance.md, round two). Days are Day numbers (NO_DAY: none).
 */
export interface TierColumns {
  readonly length: number;
  readonly person: Int32Array;
  /** the level code as of the month end (1 = D … 4 = A) */
  readonly level: Uint8Array;
  /** the level code as of the previous month end (0: none) */
  readonly previous: Uint8Array;
  /** the change code: CHANGES[code] */
  readonly change: Uint8Array;
  /** 1: a notification is due (D, C or B with none at that level or higher as of the month end) */
  readonly notificationDue: Uint8Array;
  /** 1: at A, flagged for enforcement review */
  readonly enforcementReview: Uint8Array;
  readonly lastIncident: Int32Array;
  readonly incidents: Int32Array;
  readonly offenses: Int32Array;
  readonly lastNotifiedLevel: Uint8Array;
  readonly lastNotifiedDay: Int32Array;
  /** the day the person reached the current level (levelSetDay); NO_DAY when not asked for or not datable */
  readonly levelSet: Int32Array;
}

/** Positions in the list (indices into its columns), e.g. the rows a filter keeps, in list order. */
export type TierPositions = Int32Array;

export interface TierList {
  asOf: Day;
  previousAsOf: Day;
  /** the list, as columns in list order */
  cols: TierColumns;
  /** persons with an incident ever (≤ T) but none inside the look-back: off the list */
  droppedByLookback: number;
  current: Classification;
  previous: Classification;
  /** the plain-words reason of person p's level as of `asOf` (p on the list); made when a row is written, not for every row */
  reasonOf(p: number): string;
}

/** Last notification (any level) on or before T: [level, day]. */
export function lastNotification(ds: Dataset, idx: PersonIndex, p: number, T: Day): [number, Day] {
  let level = 0,
    day = NO_DAY;
  for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) {
    const j = idx.notOrder[k];
    if (ds.notifications.day[j] > T) break;
    // same-day notifications are ordered highest level first: keep the first of the last day
    if (ds.notifications.day[j] !== day) {
      day = ds.notifications.day[j];
      level = ds.notifications.level[j];
    }
  }
  return [level, day];
}

/** Highest level notified at on or before T (0 = never). */
export function highestNotified(ds: Dataset, idx: PersonIndex, p: number, T: Day): number {
  let best = 0;
  for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) {
    const j = idx.notOrder[k];
    if (ds.notifications.day[j] > T) break;
    if (ds.notifications.level[j] > best) best = ds.notifications.level[j];
  }
  return best;
}

const NO_DAYS: readonly Day[] = [];

/**
 * The day person p reached `level`, the level held as of T (docs/methods.md#tier-list):
 * the earliest of p's event days (incidents, notifications, overrides) on or
 * before T from which p has been at that level on every event day up to T.
 * A level reached between events (an incident leaving a look-back window) is
 * dated at the next event day at it; NO_DAY when there is none.
 */
export function levelSetDay(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  p: number,
  T: Day,
  level: number,
  fc = new FeatureComputer(ds, idx, set.features),
): Day {
  // p's event days on or before T, latest first, each once: a merge of the three lists, each in day order
  const incDay = ds.incidents.day,
    notDay = ds.notifications.day;
  const { incOrder, notOrder } = idx;
  const listed = set.overrides.get(p);
  const ovs = listed ? listed.map((x) => x.day).sort((a, b) => a - b) : NO_DAYS;
  const incLo = idx.incStart[p],
    notLo = idx.notStart[p];
  let i = idx.incStart[p + 1] - 1,
    n = idx.notStart[p + 1] - 1,
    o = ovs.length - 1;
  while (i >= incLo && incDay[incOrder[i]] > T) i--;
  while (n >= notLo && notDay[notOrder[n]] > T) n--;
  while (o >= 0 && ovs[o] > T) o--;
  let since = NO_DAY;
  for (;;) {
    let d = -Infinity;
    if (i >= incLo) d = incDay[incOrder[i]];
    if (n >= notLo && notDay[notOrder[n]] > d) d = notDay[notOrder[n]];
    if (o >= 0 && ovs[o] > d) d = ovs[o];
    if (d === -Infinity) break;
    if (levelOf(ds, idx, set, p, d, fc) !== level) break;
    since = d;
    while (i >= incLo && incDay[incOrder[i]] === d) i--;
    while (n >= notLo && notDay[notOrder[n]] === d) n--;
    while (o >= 0 && ovs[o] === d) o--;
  }
  return since;
}

/** What `walkPerson` found: the deciding rules as of T and of the previous day asked for, and the level-set day. */
export interface PersonWalk {
  /** ruleAt as of T: a rule index, OVERRIDE_RULE or NO_RULE */
  rule: number;
  level: number;
  /** the same as of `previous` (when asked for) */
  previousRule: number;
  previousLevel: number;
  /** levelSetDay of the level as of T (NO_DAY when not asked for, or when there is no level) */
  levelSet: Day;
}

/**
 * Person p as of T, and as of an earlier day `previous` when given (NaN: not asked for), in one
 * walk of p's history, leaving `fc` computed as of (p, T); with `levelSince`, also the day p
 * reached the level held as of T, exactly as `levelSetDay` dates it.
 *
 * Without a look-back the walk goes forward once over p's event days up to T (incident,
 * notification and override days, merged as levelSetDay merges them), and the features as of each
 * event day, of `previous` and of T are those of one FeatureComputer walk (`start`, `advance`,
 * `settle`): every count only grows as days pass, and every day-dependent value (days since,
 * the catalog functions) is taken as of the day evaluated, so each day's level is the one
 * `levelOf` gives, for any rule set; levelSetDay's answer is then the first day of the last run
 * of event days at one level, when that level is the one as of T. With a look-back, incidents
 * leave the window between event days: the features are computed afresh at `previous` and T, and
 * the level-set day by levelSetDay itself (the exact path: it re-classifies on each event day,
 * latest first). test/classify/walk-equivalence.test.ts compares both with the multi-pass
 * definitions on random histories and rule sets.
 */
export function walkPerson(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  p: number,
  T: Day,
  previous: Day,
  levelSince: boolean,
  fc: FeatureComputer,
  out: PersonWalk,
): PersonWalk {
  out.levelSet = NO_DAY;
  if (set.features.lookbackMonths) {
    if (!Number.isNaN(previous)) {
      out.previousRule = ruleAt(set, p, previous, fc, fc.compute(p, previous));
      out.previousLevel = levelOfRule(set, p, previous, out.previousRule);
    }
    out.rule = ruleAt(set, p, T, fc, fc.compute(p, T));
    out.level = levelOfRule(set, p, T, out.rule);
    if (levelSince && out.level) {
      out.levelSet = levelSetDay(ds, idx, set, p, T, out.level, fc);
      fc.compute(p, T);
    }
    return out;
  }
  fc.start(p);
  if (!levelSince) {
    if (!Number.isNaN(previous)) {
      fc.advance(previous);
      out.previousRule = ruleAt(set, p, previous, fc, fc.settle(previous));
      out.previousLevel = levelOfRule(set, p, previous, out.previousRule);
    }
    fc.advance(T);
    out.rule = ruleAt(set, p, T, fc, fc.settle(T));
    out.level = levelOfRule(set, p, T, out.rule);
    return out;
  }
  const listed = set.overrides.get(p);
  const ovs = listed ? listed.map((x) => x.day).sort((a, b) => a - b) : NO_DAYS;
  const { rules } = set;
  // levels that change only on event days: the level as of `previous` and T is the one as of the
  // last event day up to it (nothing a rule reads differs), so only event days are classified
  const onEvents = eventLevels(set);
  let o = 0;
  let pending = !Number.isNaN(previous);
  // the last run of event days at one level: its level, first day and rule
  let runLevel = -1,
    runStart = NO_DAY,
    rule = NO_RULE;
  for (;;) {
    let d = fc.nextEventDay();
    if (o < ovs.length && ovs[o] < d) d = ovs[o];
    if (pending && d > previous) {
      out.previousRule = onEvents ? rule : ruleWith(listed, rules, previous, fc, fc.settle(previous));
      out.previousLevel = onEvents ? Math.max(runLevel, 0) : levelOfRule(set, p, previous, out.previousRule);
      pending = false;
    }
    if (d > T) break;
    fc.advance(d);
    while (o < ovs.length && ovs[o] <= d) o++;
    rule = ruleWith(listed, rules, d, fc, fc.settle(d));
    const level = levelOfRule(set, p, d, rule);
    if (level !== runLevel) {
      runLevel = level;
      runStart = d;
    }
  }
  const inView = fc.settle(T);
  out.rule = onEvents ? rule : ruleWith(listed, rules, T, fc, inView);
  out.level = onEvents ? Math.max(runLevel, 0) : levelOfRule(set, p, T, out.rule);
  if (out.level && runLevel === out.level) out.levelSet = runStart;
  return out;
}

const eventOnly = new WeakMap<RuleSet, boolean>();
/** levelsChangeOnlyOnEvents(set), worked out once per rule set. */
function eventLevels(set: RuleSet): boolean {
  let v = eventOnly.get(set);
  if (v === undefined) {
    v = levelsChangeOnlyOnEvents(set);
    eventOnly.set(set, v);
  }
  return v;
}

/**
 * `levelSince`: also date when each person reached the level (levelSetDay; the lists, not the counts, need it).
 * `reasons`: make every listed person's reason text now, in the same walk (a full list writes them all),
 * instead of when its row is written (fewer when only some rows are written).
 */
export function buildTierList(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  T: Day,
  opts: { levelSince?: boolean; reasons?: boolean } = {},
): TierList {
  const P = endOfPreviousMonth(T);
  const n = idx.persons;
  const current: Classification = { asOf: T, level: new Uint8Array(n), rule: new Int16Array(n).fill(NO_RULE) };
  const previous: Classification = { asOf: P, level: new Uint8Array(n), rule: new Int16Array(n).fill(NO_RULE) };
  const fc = new FeatureComputer(ds, idx, set.features);
  const walk: PersonWalk = { rule: NO_RULE, level: 0, previousRule: NO_RULE, previousLevel: 0, levelSet: NO_DAY };
  // reasons made in the walk: one copy of each distinct text
  const reasonAt = opts.reasons ? new Int32Array(n) : null;
  const reasons = new ReasonTexts(set);
  // the listed persons' values in person order (at most n), put in list order at the end
  const cols = tierColumns(n);
  let m = 0;
  let dropped = 0;
  for (let p = 0; p < n; p++) {
    // no incident and no override: no level at either month end (as classifyAll)
    if (idx.incStart[p + 1] === idx.incStart[p] && !set.overrides.has(p)) continue;
    walkPerson(ds, idx, set, p, T, P, opts.levelSince === true, fc, walk);
    const level = walk.level;
    current.level[p] = level;
    current.rule[p] = walk.rule;
    previous.level[p] = walk.previousLevel;
    previous.rule[p] = walk.previousRule;
    if (!level) {
      if (set.features.lookbackMonths) {
        // off the list because of the look-back: incidents on or before T, none of them inside the window
        const from = addMonths(T, -set.features.lookbackMonths);
        let before = false,
          inside = false;
        for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) {
          const d = ds.incidents.day[idx.incOrder[k]];
          if (d > T) break;
          if (d > from) inside = true;
          else before = true;
        }
        if (before && !inside) dropped++;
      }
      continue;
    }
    // fc is as of T: the incidents in view, the notifications up to T
    const prev = walk.previousLevel;
    const [lastLevel, lastDay] = lastNotification(ds, idx, p, T);
    const highest = fc.values[FEATURE_INDEX.highest_notified_level];
    if (reasonAt) reasonAt[p] = reasons.id(p, T, walk.rule, fc);
    cols.person[m] = p;
    cols.level[m] = level;
    cols.previous[m] = prev;
    cols.change[m] = !prev ? NEW : level > prev ? ESCALATED : level < prev ? LOWERED : UNCHANGED;
    cols.notificationDue[m] = level < 4 && highest < level ? 1 : 0;
    cols.enforcementReview[m] = level === 4 ? 1 : 0;
    cols.lastIncident[m] = fc.hi > fc.lo ? ds.incidents.day[idx.incOrder[fc.hi - 1]] : NO_DAY;
    cols.incidents[m] = fc.hi - fc.lo;
    cols.offenses[m] = fc.values[FEATURE_INDEX.offenses];
    cols.lastNotifiedLevel[m] = lastLevel;
    cols.lastNotifiedDay[m] = lastDay;
    cols.levelSet[m] = walk.levelSet;
    m++;
  }
  cols.length = m;
  const order = tierOrder(cols, ds.persons.values);
  const reasonOf = reasonAt
    ? (p: number): string => reasons.texts[reasonAt[p]]
    : (p: number): string => {
        fc.compute(p, T);
        return reasonOfLevel(set, p, T, current.rule[p], fc);
      };
  return {
    asOf: T,
    previousAsOf: P,
    cols: reorder(cols, order),
    droppedByLookback: dropped,
    current,
    previous,
    reasonOf,
  };
}

const [NEW, ESCALATED, UNCHANGED, LOWERED] = [0, 1, 2, 3];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ColumnArray = Int32Array | Uint8Array;
const COLUMN_KEYS = [
  'person',
  'level',
  'previous',
  'change',
  'notificationDue',
  'enforcementReview',
  'lastIncident',
  'incidents',
  'offenses',
  'lastNotifiedLevel',
  'lastNotifiedDay',
  'levelSet',
] as const satisfies readonly (keyof TierColumns)[];

/** Empty tier columns with room for `size` persons (`length` 0). */
function tierColumns(size: number): Mutable<TierColumns> {
  const day = () => new Int32Array(size);
  const small = () => new Uint8Array(size);
  return {
    length: 0,
    person: new Int32Array(size),
    level: small(),
    previous: small(),
    change: small(),
    notificationDue: small(),
    enforcementReview: small(),
    lastIncident: day(),
    incidents: new Int32Array(size),
    offenses: new Int32Array(size),
    lastNotifiedLevel: small(),
    lastNotifiedDay: day(),
    levelSet: day(),
  };
}

/** The columns' first order.length entries in the order of `order` (positions), each made anew sized to it (one column at a time: the old one is let go). */
function reorder(cols: Mutable<TierColumns>, order: TierPositions): TierColumns {
  const m = order.length;
  const table = cols as unknown as Record<(typeof COLUMN_KEYS)[number], ColumnArray>;
  for (const key of COLUMN_KEYS) {
    const from = table[key];
    const to = new (from.constructor as new (size: number) => ColumnArray)(m);
    for (let k = 0; k < m; k++) to[k] = from[order[k]];
    table[key] = to;
  }
  cols.length = m;
  return cols;
}

/** Sort key of a row's last incident: most recent first; no incident in view (a level pinned by an override) after everyone of its level. */
const DAY_BIAS = 2 ** 20; // days since 1970 ± 2,800 years stay positive and below 2^21
const dayPart = (d: Day) => (d === NO_DAY ? 2 ** 21 - 1 : Math.min(2 ** 21 - 2, Math.max(1, DAY_BIAS - d)));
/** Rows a packed key can number: (level, day) take 23 bits of a double's 53, the row the other 30 at most. */
export const PACKED_SORT_ROWS = 2 ** 23;

/** A number for code units [at, at+3) of `s` (a missing unit counts as 0): exact below 2^48. */
function unitsKey(s: string, at: number): number {
  const u = (i: number) => (i < s.length ? s.charCodeAt(i) : 0);
  return u(at) * 2 ** 32 + u(at + 1) * 2 ** 16 + u(at + 2);
}

/**
 * A comparator of positions a, b by `texts[a]` and `texts[b]` (with `of`: `texts[of[a]]` and
 * `texts[of[b]]`) compared as `<` compares text (UTF-16 code units, not locale; 0 when equal). Two
 * numbers are made once per position from its text's first six code units and compared first, the
 * texts only when those are equal: if x < y as text, at the first unit where they differ x's is
 * lower, or x ends there (and counts 0, no more than any unit), so x's numbers are never above y's.
 */
export function textComparator(texts: readonly string[], of?: ArrayLike<number>): (a: number, b: number) => number {
  const n = of ? of.length : texts.length;
  const at = of ? (i: number) => texts[of[i]] : (i: number) => texts[i];
  const head = new Float64Array(n);
  const next = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    head[i] = unitsKey(at(i), 0);
    next[i] = unitsKey(at(i), 3);
  }
  return (a, b) => {
    if (head[a] !== head[b]) return head[a] - head[b];
    if (next[a] !== next[b]) return next[a] - next[b];
    const x = at(a),
      y = at(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/**
 * The tier list's order as positions in `cols` (its first `cols.length` entries): level (A first),
 * most recent incident first, person id (compared as text by UTF-16 code units, as `<` compares:
 * not by locale), then position. Up to `packedRows` rows: a native numeric sort on (level, day,
 * row) packed into one exact double, then the short runs that tie on (level, day) sorted by person
 * id; more rows: the same order by a comparison sort (slower, no limit). Ids are compared by
 * textComparator. (Ranking every id once by a sort of the ids measured slower: a native sort of
 * 460,000 ids took twice the time of the whole order.)
 */
export function tierOrder(
  cols: Pick<TierColumns, 'length' | 'person' | 'level' | 'lastIncident'>,
  names: readonly string[],
  packedRows = PACKED_SORT_ROWS,
): TierPositions {
  const n = cols.length;
  const { level, lastIncident } = cols;
  const byName = textComparator(names, cols.person.subarray(0, n));
  const group = (i: number) => (4 - level[i]) * 2 ** 21 + dayPart(lastIncident[i]);
  const order = new Int32Array(n);
  if (n > packedRows) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = group(i);
      order[i] = i;
    }
    return order.sort((a, b) => keys[a] - keys[b] || byName(a, b) || a - b);
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = group(i) * packedRows + i;
  packed.sort();
  for (let k = 0; k < n; k++) order[k] = packed[k] % packedRows;
  const groupAt = (k: number) => Math.floor(packed[k] / packedRows);
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    while (hi < n && groupAt(hi) === groupAt(lo)) hi++;
    // a run is in position order: ties on the id keep it
    if (hi - lo > 1) order.subarray(lo, hi).sort((a, b) => byName(a, b) || a - b);
    lo = hi;
  }
  return order;
}

/** formatDay with each day's text made once ('' for NO_DAY): a long list shows a few thousand distinct days. */
export function dayTexts(): (d: Day) => string {
  const memo = new Map<Day, string>();
  return (d) => {
    if (d === NO_DAY) return '';
    let text = memo.get(d);
    if (text === undefined) {
      text = formatDay(d);
      memo.set(d, text);
    }
    return text;
  };
}

/** Whole days from `day` to `asOf` (null when there is no day). */
export function daysSince(asOf: Day, day: Day): number | null {
  return day === NO_DAY ? null : asOf - day;
}

/** What a row asks someone to do this month: `notify` (a notification is due), `review` (A: enforcement review) or ''. */
export function actionOf(notificationDue: number | boolean, enforcementReview: number | boolean): string {
  return notificationDue ? 'notify' : enforcementReview ? 'review' : '';
}

/** Counts over the persons on a tier list (those whose level `keep` keeps). */
export interface TierCounts {
  persons: number;
  /** persons by level code (index 1–4; 0 unused) */
  byLevel: number[];
  /** persons by change code: new, escalated, unchanged, lowered (CHANGES) */
  changes: number[];
  notificationDue: number;
  enforcementReview: number;
}

/** The counts of the whole list, or of the persons at a level `keep` keeps: one pass over the columns. */
export function tierCounts(cols: TierColumns, keep: (level: number) => boolean = () => true): TierCounts {
  const byLevel = [0, 0, 0, 0, 0];
  const changes = [0, 0, 0, 0];
  let persons = 0,
    due = 0,
    review = 0;
  for (let k = 0; k < cols.length; k++) {
    const lv = cols.level[k];
    if (!keep(lv)) continue;
    persons++;
    byLevel[lv]++;
    changes[cols.change[k]]++;
    due += cols.notificationDue[k];
    review += cols.enforcementReview[k];
  }
  return { persons, byLevel, changes, notificationDue: due, enforcementReview: review };
}

/** Every position of a list of `length` rows (a selection of all of them). */
export function allPositions(length: number): TierPositions {
  const out = new Int32Array(length);
  for (let k = 0; k < length; k++) out[k] = k;
  return out;
}

/**
 * The tier list table (docs/methods.md#tier-list); the summary counts the whole list, `shown` (positions
 * in list order; default all) may be a filtered subset of it.
 */
export function tierTable(
  list: TierList,
  actions: Actions,
  personLabel: (p: number) => string,
  shown?: TierPositions,
): Table {
  const c = list.cols;
  const all = tierCounts(c);
  const counts = LEVELS.map((l) => all.byLevel[levelCode(l)]);
  const [isNew, escalated, , lowered] = all.changes;
  const summary = {
    as_of: formatDay(list.asOf),
    previous_as_of: formatDay(list.previousAsOf),
    counts: Object.fromEntries(LEVELS.map((l, i) => [l, counts[i]])),
    total: c.length,
    new: isNew,
    escalated,
    lowered,
    notification_due: all.notificationDue,
    enforcement_review: all.enforcementReview,
    dropped_by_lookback: list.droppedByLookback,
  };
  const notes = [
    `summary: A ${counts[3]}, B ${counts[2]}, C ${counts[1]}, D ${counts[0]} (${summary.total} persons); new ${summary.new}, escalated ${summary.escalated}, notification due ${summary.notification_due}, enforcement review ${summary.enforcement_review}`,
    `levels as of ${summary.as_of} (month end); previous level as of ${summary.previous_as_of}`,
    'notification_due: level D, C or B with no notification at that level or higher as of the month end; A-level persons are flagged enforcement_review instead',
    'action: what the month asks for: notify (notification_due) or review (enforcement_review); blank when neither',
    'change: new (no level at the previous month end), escalated, unchanged, or lowered (possible only with a look-back window or a manual override)',
    `days_since_last_incident: days from the last incident to ${summary.as_of}; days_since_level_set: days since the incident (or notification, or override) on which the person reached the current level (docs/methods.md#tier-list)`,
  ];
  if (list.droppedByLookback)
    notes.push(
      `${list.droppedByLookback} person(s) dropped off the list: their only incidents are outside the look-back window`,
    );
  const columns: Column[] = [
    { key: 'person_id' },
    { key: 'level' },
    { key: 'previous_level' },
    { key: 'change' },
    { key: 'days_since_level_set', kind: 'int' },
    { key: 'notification_due', kind: 'bool' },
    { key: 'enforcement_review', kind: 'bool' },
    { key: 'action' },
    { key: 'last_incident_date', kind: 'date' },
    { key: 'days_since_last_incident', kind: 'int' },
    { key: 'incidents', kind: 'int' },
    { key: 'offenses', kind: 'int' },
    { key: 'last_notified_level' },
    { key: 'last_notified_date', kind: 'date' },
    { key: 'abuser_action' },
    { key: 'victim_action' },
    { key: 'reason' },
  ];
  // row-free: each row's cells (and its reason) are made straight from the columns when the row is written
  const dayText = dayTexts();
  const length = shown ? shown.length : c.length;
  const source: RowSource = {
    length,
    keys: columns.map((col) => col.key),
    fill(i, out) {
      const k = shown ? shown[i] : i;
      const lv = levelName(c.level[k]) as Level;
      const p = c.person[k];
      out[0] = personLabel(p);
      out[1] = lv;
      out[2] = levelName(c.previous[k]);
      out[3] = CHANGES[c.change[k]];
      out[4] = daysSince(list.asOf, c.levelSet[k]);
      out[5] = c.notificationDue[k] === 1;
      out[6] = c.enforcementReview[k] === 1;
      out[7] = actionOf(c.notificationDue[k], c.enforcementReview[k]);
      out[8] = dayText(c.lastIncident[k]);
      out[9] = daysSince(list.asOf, c.lastIncident[k]);
      out[10] = c.incidents[k];
      out[11] = c.offenses[k];
      out[12] = levelName(c.lastNotifiedLevel[k]);
      out[13] = dayText(c.lastNotifiedDay[k]);
      out[14] = actions[lv].abuser;
      out[15] = actions[lv].victim;
      out[16] = list.reasonOf(p);
    },
  };
  const person = shown ? shown.map((k) => c.person[k]) : c.person;
  return lazyTable(
    {
      title: `IPVI tier list for ${summary.as_of.slice(0, 7)}`,
      columns,
      notes,
      meta: { summary },
      subjects: { asOf: list.asOf, person },
    },
    source,
  );
}

/**
 * The parallel victim-outreach list: one row per (victim, person on the list);
 * `selected` (positions in list order; default all) are the persons the list is for (a filter),
 * `shown` (default: `selected`) may be a part of them (--limit), the safety count covers all selected.
 * For levels whose notification must follow victim contact (docs/methods.md#parallel-responses), `safety`
 * says whether that held.
 */
export function victimTable(
  ds: Dataset,
  idx: PersonIndex,
  list: TierList,
  actions: Actions,
  contactFirst: readonly number[],
  personLabel: (p: number) => string,
  victimLabel: (v: number) => string,
  selected?: TierPositions,
  shown: TierPositions | undefined = selected,
): Table {
  const c = list.cols;
  const { incidents: inc, notifications: not } = ds;
  const rows: Table['rows'] = [];
  const subjects = { asOf: list.asOf, person: [] as number[], victim: [] as number[] };
  // every notification at a contact-first level (default B) dated on or before T must have
  // followed victim contact; a person at such a level not yet notified at it gets a reminder
  const safetyOf = (k: number): { safety: string; violated: boolean } => {
    const person = c.person[k],
      level = c.level[k];
    const lv = levelName(level) as Level;
    let safety = '';
    let notifiedAtLevel = false;
    let violated = false;
    for (let n = idx.notStart[person]; n < idx.notStart[person + 1]; n++) {
      const j = idx.notOrder[n];
      if (not.day[j] > list.asOf) break;
      if (!contactFirst.includes(not.level[j])) continue;
      if (not.level[j] === level) notifiedAtLevel = true;
      if (violated) continue; // the first violation is the one reported; keep scanning for notifiedAtLevel
      const contact = not.victimContactDay[j];
      if (contact === NO_DAY || contact > not.day[j]) {
        safety = `VICTIM NOT CONTACTED BEFORE the ${levelName(not.level[j])}-level notification of ${formatDay(not.day[j])}`;
        violated = true;
      } else {
        safety = `victim contacted before the ${levelName(not.level[j])}-level notification`;
      }
    }
    if (!notifiedAtLevel && contactFirst.includes(level)) {
      safety = [safety, `contact the victim before the ${lv}-level notification`].filter(Boolean).join('; ');
    }
    return { safety, violated };
  };
  // the count covers the whole list (every person selected), also when only some rows are shown (--limit)
  let unsafe = 0;
  const selectedCount = selected ? selected.length : c.length;
  for (let i = 0; i < selectedCount; i++) if (safetyOf(selected ? selected[i] : i).violated) unsafe++;
  const shownCount = shown ? shown.length : c.length;
  for (let s = 0; s < shownCount; s++) {
    const k = shown ? shown[s] : s;
    const person = c.person[k];
    const lv = levelName(c.level[k]) as Level;
    const lastByVictim = new Map<number, Day>();
    for (let n = idx.incStart[person]; n < idx.incStart[person + 1]; n++) {
      const i = idx.incOrder[n];
      if (inc.day[i] > list.asOf) break;
      if (inc.victim[i] >= 0) lastByVictim.set(inc.victim[i], inc.day[i]);
    }
    const { safety } = safetyOf(k);
    const victims = [...lastByVictim.entries()].sort((a, b) => b[1] - a[1]);
    if (victims.length === 0) {
      subjects.person.push(person);
      subjects.victim.push(-1);
      rows.push({
        victim_id: '',
        person_id: personLabel(person),
        level: lv,
        last_incident_date: formatDay(c.lastIncident[k]),
        victim_action: actions[lv].victim,
        safety,
        note: 'no victim id recorded',
      });
    }
    for (const [v, day] of victims) {
      subjects.person.push(person);
      subjects.victim.push(v);
      rows.push({
        victim_id: victimLabel(v),
        person_id: personLabel(person),
        level: lv,
        last_incident_date: formatDay(day),
        victim_action: actions[lv].victim,
        safety,
        note: '',
      });
    }
  }
  return {
    title: `IPVI parallel victim outreach for ${formatDay(list.asOf).slice(0, 7)}`,
    columns: [
      { key: 'victim_id' },
      { key: 'person_id' },
      { key: 'level' },
      { key: 'last_incident_date', kind: 'date' },
      { key: 'victim_action' },
      { key: 'safety' },
      { key: 'note' },
    ],
    rows,
    notes: [
      `one row per victim of each person on the ${formatDay(list.asOf).slice(0, 7)} tier list, most recent incident first`,
      `victim safety rule (docs/methods.md#parallel-responses): before a ${contactFirst.map(levelName).join(' or ')}-level notification the victim is contacted (on or before the notification day); ${unsafe} person(s) on this list had a notification that broke it`,
    ],
    meta: { victim_contact_violations: unsafe },
    subjects,
  };
}
