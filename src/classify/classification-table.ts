/**
 * The `classify` table: every person with a level as of T, the rule that
 * fired and why, the value of every feature any rule uses (the same columns
 * for everyone), first and last incident, last notification.
 */
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Column, type Dataset, type Day, type Table } from '../model.js';
import { lazyTable, type RowSource } from '../row-source.js';
import { classifyAll, NO_RULE, OVERRIDE_RULE, reasonOfLevel, type RuleSet } from './classify.js';
import { FEATURE_INDEX, FeatureComputer } from './features.js';
import type { PersonIndex } from './person-index.js';
import { daysSince, lastNotification, walkPerson, type PersonWalk } from './tier-list.js';

export function classificationTable(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  T: Day,
  personLabel: (p: number) => string,
): Table {
  const fc = new FeatureComputer(ds, idx, set.features);
  const featureCols = [...new Set(['incidents', ...set.rules.flatMap((r) => r.expr.features)])];
  const featureIdx = featureCols.map((f) => FEATURE_INDEX[f]);
  const { level, rule } = classifyAll(ds, idx, set, T);
  const walk: PersonWalk = { rule: NO_RULE, level: 0, previousRule: NO_RULE, previousLevel: 0, levelSet: NO_DAY };

  // order: A, B, C, D, then person id (labels: pseudonyms sort as pseudonyms)
  const persons: number[] = [];
  for (let p = 0; p < idx.persons; p++) if (level[p]) persons.push(p);
  const labels = persons.map(personLabel);
  const order = persons.map((_, i) => i);
  order.sort(
    (x, y) => level[persons[y]] - level[persons[x]] || (labels[x] < labels[y] ? -1 : labels[x] > labels[y] ? 1 : 0),
  );

  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const p of persons) counts[levelName(level[p])]++;
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
  const incDay = ds.incidents.day;
  // row k is made when it is written (row-free rendering): the features and the reason once, for written rows only
  const source: RowSource = {
    length: order.length,
    keys: columns.map((c) => c.key),
    fill(k, out) {
      const p = persons[order[k]];
      const r = rule[p];
      // one walk: the features as of T and the day the level was reached
      const since = walkPerson(ds, idx, set, p, T, NaN, true, fc, walk).levelSet;
      let at = 0;
      out[at++] = labels[order[k]];
      out[at++] = levelName(level[p]);
      out[at++] = r === OVERRIDE_RULE ? 'override' : set.rules[r].name;
      out[at++] = reasonOfLevel(set, p, T, r, fc);
      for (let f = 0; f < featureIdx.length; f++) out[at++] = fc.values[featureIdx[f]];
      const last = fc.hi > fc.lo ? incDay[idx.incOrder[fc.hi - 1]] : NO_DAY;
      out[at++] = fc.hi > fc.lo ? formatDay(incDay[idx.incOrder[fc.lo]]) : '';
      out[at++] = last === NO_DAY ? '' : formatDay(last);
      if (sinceColumn) out[at++] = daysSince(T, last);
      out[at++] = daysSince(T, since);
      const [nl, nd] = lastNotification(ds, idx, p, T);
      out[at++] = levelName(nl);
      out[at++] = nd === NO_DAY ? '' : formatDay(nd);
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
