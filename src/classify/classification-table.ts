/**
 * The `classify` table: every person with a level as of T, the rule that
 * fired and why, the value of every feature any rule uses (the same columns
 * for everyone), first and last incident, last notification.
 */
import { formatDay } from '../dates.js';
import { NO_DAY, levelName, type Cell, type Dataset, type Day, type Table } from '../model.js';
import { classifyAll, explainPerson, OVERRIDE_RULE, type RuleSet } from './classify.js';
import { FEATURE_INDEX, FeatureComputer } from './features.js';
import type { PersonIndex } from './person-index.js';
import { daysSince, lastNotification, levelSetDay } from './tier-list.js';

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
  const { level } = classifyAll(ds, idx, set, T);

  // order: A, B, C, D, then person id (labels: pseudonyms sort as pseudonyms)
  const persons: number[] = [];
  for (let p = 0; p < idx.persons; p++) if (level[p]) persons.push(p);
  const labels = persons.map(personLabel);
  const order = persons.map((_, i) => i);
  order.sort(
    (x, y) => level[persons[y]] - level[persons[x]] || (labels[x] < labels[y] ? -1 : labels[x] > labels[y] ? 1 : 0),
  );

  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  const rows: Record<string, Cell>[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const p = persons[order[k]];
    const res = explainPerson(ds, idx, set, p, T, fc);
    const lv = levelName(res.level);
    counts[lv]++;
    const [nl, nd] = lastNotification(ds, idx, p, T);
    const inc = res.incidents;
    const row: Record<string, Cell> = {
      person_id: labels[order[k]],
      level: lv,
      rule: res.ruleIndex === OVERRIDE_RULE ? 'override' : set.rules[res.ruleIndex].name,
      reason: res.reason,
    };
    for (let f = 0; f < featureCols.length; f++) row[featureCols[f]] = fc.values[featureIdx[f]];
    row.first_incident_date = inc.length ? formatDay(ds.incidents.day[inc[0]]) : '';
    row.last_incident_date = inc.length ? formatDay(ds.incidents.day[inc[inc.length - 1]]) : '';
    if (!featureCols.includes('days_since_last_incident'))
      row.days_since_last_incident = inc.length ? daysSince(T, ds.incidents.day[inc[inc.length - 1]]) : null;
    row.days_since_level_set = daysSince(T, levelSetDay(ds, idx, set, p, T, res.level, fc));
    row.last_notified_level = levelName(nl);
    row.last_notified_date = nd === NO_DAY ? '' : formatDay(nd);
    rows[k] = row;
  }
  return {
    title: `IPVI levels as of ${formatDay(T)}`,
    columns: [
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
    ],
    rows,
    notes: [
      `as of ${formatDay(T)}: only incidents and notifications dated on or before it are seen (docs/methods.md#classification)`,
      'feature columns: the values every rule refers to, as of the date (docs/config.md defines each)',
      `days_since_last_incident: days from the last incident to ${formatDay(T)}; days_since_level_set: days since the event on which the person reached the level (docs/methods.md#tier-list)`,
      `levels: A ${counts.A}, B ${counts.B}, C ${counts.C}, D ${counts.D}; ${rows.length} persons`,
    ],
    meta: { as_of: formatDay(T), counts },
    subjects: { asOf: T, person: order.map((k) => persons[k]) },
  };
}
