/**
 * The `classify` table: every person with a level as of T, the rule that
 * fired and why, the value of every feature any rule uses (the same columns
 * for everyone), first and last incident, last notification.
 */
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Column, type Dataset, type Day, type Table } from '../model.js';
import { lazyTable, type RowSource } from '../row-source.js';
import { NO_RULE, OVERRIDE_RULE, ReasonTexts, type RuleSet } from './classify.js';
import { FEATURE_INDEX, FeatureComputer } from './features.js';
import type { PersonIndex } from './person-index.js';
import { dayTexts, daysSince, lastNotification, textComparator, walkPerson, type PersonWalk } from './tier-list.js';

export function classificationTable(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  T: Day,
  personLabel: (p: number) => string,
): Table {
  const fc = new FeatureComputer(ds, idx, set.features);
  const incDay = ds.incidents.day;
  const featureCols = [...new Set(['incidents', ...set.rules.flatMap((r) => r.expr.features)])];
  const featureIdx = featureCols.map((f) => FEATURE_INDEX[f]);
  const walk: PersonWalk = { rule: NO_RULE, level: 0, previousRule: NO_RULE, previousLevel: 0, levelSet: NO_DAY };

  // Everything a row shows is made in one walk per person, in person order (the rows are then
  // written in list order), and kept in columns by the person's place among those with a level:
  // the level, the rule, the features the rules use, the reason (each distinct text once), the
  // first and last incident, the level-set day and the last notification. The features are
  // counts and day differences (integers far below 2^24) or NaN: exact in 32 bits.
  const persons: number[] = [];
  let cap = 1024;
  let level = new Uint8Array(cap);
  let rule = new Int16Array(cap);
  let feature = new Float32Array(cap * featureIdx.length);
  let days = new Int32Array(cap * 5); // first incident, last incident, level set, last notified day, last notified level
  let reasonAt = new Int32Array(cap);
  const reasons = new ReasonTexts(set);
  for (let p = 0; p < idx.persons; p++) {
    // no incident and no override: no level (as classifyAll)
    if (idx.incStart[p + 1] === idx.incStart[p] && !set.overrides.has(p)) continue;
    walkPerson(ds, idx, set, p, T, Number.NaN, true, fc, walk);
    if (!walk.level) continue;
    const k = persons.length;
    if (k === cap) {
      cap *= 2;
      level = grow(level, new Uint8Array(cap));
      rule = grow(rule, new Int16Array(cap));
      feature = grow(feature, new Float32Array(cap * featureIdx.length));
      days = grow(days, new Int32Array(cap * 5));
      reasonAt = grow(reasonAt, new Int32Array(cap));
    }
    persons.push(p);
    level[k] = walk.level;
    rule[k] = walk.rule;
    for (let f = 0; f < featureIdx.length; f++) feature[k * featureIdx.length + f] = fc.values[featureIdx[f]];
    days[k * 5] = fc.hi > fc.lo ? incDay[idx.incOrder[fc.lo]] : NO_DAY;
    days[k * 5 + 1] = fc.hi > fc.lo ? incDay[idx.incOrder[fc.hi - 1]] : NO_DAY;
    days[k * 5 + 2] = walk.levelSet;
    const [nl, nd] = lastNotification(ds, idx, p, T);
    days[k * 5 + 3] = nd;
    days[k * 5 + 4] = nl;
    reasonAt[k] = reasons.id(p, T, walk.rule, fc);
  }

  // order: A, B, C, D, then person id (labels: pseudonyms sort as pseudonyms)
  const labels = persons.map(personLabel);
  const order = persons.map((_, i) => i);
  const byLabel = textComparator(labels);
  order.sort((x, y) => level[y] - level[x] || byLabel(x, y));

  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (let k = 0; k < persons.length; k++) counts[levelName(level[k])]++;
  const columns: Column[] = [
    { key: 'person_id' },
    { key: 'level' },
    { key: 'rule' },
    { key: 'reason' },
    ...featureCols.map((f) => ({ key: f, kind: 'number' as const })),
    { key: 'first_incident_date', kind: 'date' },
    { key: 'last_incident_date', kind: 'date' },
    ...(featureCols.includes('days_since_last_incident')
      ? []
      : [{ key: 'days_since_last_incident', kind: 'int' as const }]),
    { key: 'days_since_level_set', kind: 'int' },
    { key: 'last_notified_level' },
    { key: 'last_notified_date', kind: 'date' },
  ];
  const sinceColumn = !featureCols.includes('days_since_last_incident');
  // row-free rendering: a row is made from the columns above when it is written
  const dayText = dayTexts();
  const source: RowSource = {
    length: order.length,
    keys: columns.map((c) => c.key),
    fill(row, out) {
      const k = order[row];
      const r = rule[k];
      let at = 0;
      out[at++] = labels[k];
      out[at++] = levelName(level[k]);
      out[at++] = r === OVERRIDE_RULE ? 'override' : set.rules[r].name;
      out[at++] = reasons.texts[reasonAt[k]];
      for (let f = 0; f < featureIdx.length; f++) out[at++] = feature[k * featureIdx.length + f];
      const first = days[k * 5],
        last = days[k * 5 + 1];
      out[at++] = dayText(first);
      out[at++] = dayText(last);
      if (sinceColumn) out[at++] = daysSince(T, last);
      out[at++] = daysSince(T, days[k * 5 + 2]);
      out[at++] = levelName(days[k * 5 + 4]);
      out[at++] = dayText(days[k * 5 + 3]);
    },
  };
  return lazyTable(
    {
      title: `IPVI levels as of ${formatDay(T)}`,
      columns,
      notes: [
        `as of ${formatDay(T)}: only incidents and notifications dated on or before it are seen (docs/methods.md#classification)`,
        'feature columns: the values every rule refers to, as of the date (docs/config.md defines each)',
        `days_since_last_incident: days from the last incident to ${formatDay(T)}; days_since_level_set: days since the event on which the person reached the level (docs/methods.md#tier-list)`,
        `levels: A ${counts.A}, B ${counts.B}, C ${counts.C}, D ${counts.D}; ${order.length} persons`,
      ],
      meta: { as_of: formatDay(T), counts },
      subjects: { asOf: T, person: order.map((k) => persons[k]) },
    },
    source,
  );
}

/** `to` with `from` copied into its start. */
function grow<A extends Uint8Array | Int16Array | Int32Array | Float32Array>(from: A, to: A): A {
  to.set(from as never);
  return to;
}
