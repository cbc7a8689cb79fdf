/**
 * One person's history, and the daily swift-response alerts: both evaluate
 * the rules at event dates, so each level change carries the rule that
 * caused it.
 */
import { explainCharges, readCharges, type ChargeCodes } from '../config/charges.js';
import { formatDay } from '../dates.js';
import { BOOLEAN_FIELDS } from '../fields.js';
import { FLAG, NO_DAY, levelName, type Dataset, type Day, type Level, type Table } from '../model.js';
import { explainPerson, OVERRIDE_RULE, type RuleSet } from './classify.js';
import { FeatureComputer } from './features.js';
import type { PersonIndex } from './person-index.js';
import { highestNotified, type Actions } from './tier-list.js';

function flagWords(flags: number): string {
  const words: string[] = [];
  for (const f of BOOLEAN_FIELDS) if (flags & FLAG[f]) words.push(f);
  if (flags & FLAG.offense) words.push('offense');
  if (flags & FLAG.serious) words.push('serious');
  return words.join(', ');
}

/** Timeline of person p: incidents, notifications, overrides, and every level change with its rule. */
/** `incidentLabel` shows an incident id (an index into ds.incidentIds): the id itself, or its pseudonym. */
export function personHistory(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  p: number,
  victimLabel: (v: number) => string,
  incidentLabel: (i: number) => string = (i) => ds.incidentIds.values[i],
  /** the config's charge codes: each incident's detail says which charge made it an offense or a felony */
  charges?: { codes: ChargeCodes; nullValues: ReadonlySet<string> } | null,
  /** false under --pseudonymize: the export's offense text is withheld */
  offenseText = true,
): Table {
  const { incidents: inc, notifications: not } = ds;
  const days = new Set<Day>();
  for (let k = idx.incStart[p]; k < idx.incStart[p + 1]; k++) days.add(inc.day[idx.incOrder[k]]);
  for (let k = idx.notStart[p]; k < idx.notStart[p + 1]; k++) days.add(not.day[idx.notOrder[k]]);
  for (const o of set.overrides.get(p) ?? []) days.add(o.day);
  const fc = new FeatureComputer(ds, idx, set.features);
  const rows: Table['rows'] = [];
  let prev = 0;
  // Levels can change on days with no event (an incident leaving a look-back or a
  // *_within_* window), so every day from the first event to the coverage end is
  // evaluated; events are listed on their own days.
  const sorted = [...days].sort((a, b) => a - b);
  const last = Math.max(sorted[sorted.length - 1] ?? 0, ds.coverage.end);
  // the person's incidents and notifications are in day order (person-index.ts): one pointer
  // each walks them once, instead of a scan of all of them on every event day
  let ki = idx.incStart[p],
    kn = idx.notStart[p];
  const ki1 = idx.incStart[p + 1],
    kn1 = idx.notStart[p + 1];
  for (let d = sorted[0] ?? last + 1; d <= last; d++) {
    if (days.has(d)) {
      while (ki < ki1 && inc.day[idx.incOrder[ki]] < d) ki++;
      for (; ki < ki1 && inc.day[idx.incOrder[ki]] === d; ki++) {
        const i = idx.incOrder[ki];
        const offense = ds.strings.values[inc.offense[i]];
        const flags = flagWords(inc.flags[i]);
        const why = charges && offense ? explainCharges(readCharges(offense, charges.codes, charges.nullValues)) : '';
        rows.push({
          date: formatDay(d),
          event: 'incident',
          incident_id: incidentLabel(inc.incidentId[i]),
          victim_id: inc.victim[i] >= 0 ? victimLabel(inc.victim[i]) : '',
          detail:
            [
              inc.victim[i] >= 0 ? '' : 'no victim id',
              offense ? `offense ${offenseText ? offense : '(withheld)'}` : '',
              flags,
            ]
              .filter(Boolean)
              .join('; ') + (why && offenseText ? ` (${why})` : ''),
          level: '',
          rule: '',
        });
      }
      while (kn < kn1 && not.day[idx.notOrder[kn]] < d) kn++;
      for (; kn < kn1 && not.day[idx.notOrder[kn]] === d; kn++) {
        const j = idx.notOrder[kn];
        const type = ds.strings.values[not.type[j]];
        const contact = not.victimContactDay[j];
        rows.push({
          date: formatDay(d),
          event: 'notification',
          incident_id: '',
          victim_id: '',
          detail: `level ${levelName(not.level[j])}${type ? ` (${type})` : ''}${contact !== NO_DAY ? `; victim contacted ${formatDay(contact)}` : '; no victim contact recorded'}`,
          level: '',
          rule: '',
        });
      }
    }
    const res = explainPerson(ds, idx, set, p, d, fc);
    if (res.level !== prev) {
      rows.push({
        date: formatDay(d),
        event: res.ruleIndex === OVERRIDE_RULE ? 'override' : 'level',
        incident_id: '',
        victim_id: '',
        detail: `${levelName(prev) || 'none'} → ${levelName(res.level) || 'none'}`,
        level: levelName(res.level),
        rule: res.reason,
      });
      prev = res.level;
    }
  }
  return {
    title: `History of ${ds.persons.values[p]}`,
    columns: [
      { key: 'date', kind: 'date' },
      { key: 'event' },
      { key: 'incident_id' },
      { key: 'victim_id' },
      { key: 'level' },
      { key: 'detail' },
      { key: 'rule' },
    ],
    rows,
    notes: [
      'each level row is the classification as of that day (docs/methods.md#classification), with the rule that fired and the values behind it',
    ],
    subjects: { asOf: Number.POSITIVE_INFINITY, person: rows.map(() => p) },
  };
}

/**
 * The daily swift-response list: every incident dated on or after `since`
 * whose suspect was already notified before that day, or whose level rises
 * because of it.
 */
export function swiftAlerts(
  ds: Dataset,
  idx: PersonIndex,
  set: RuleSet,
  since: Day,
  actions: Actions,
  personLabel: (p: number) => string,
  incidentLabel: (i: number) => string = (i) => ds.incidentIds.values[i],
): Table {
  const { incidents: inc } = ds;
  const fc = new FeatureComputer(ds, idx, set.features);
  const rows: (Table['rows'][number] & { _day: number; _person: number })[] = [];
  for (let p = 0; p < idx.persons; p++) {
    const lo = idx.incStart[p],
      hi = idx.incStart[p + 1];
    if (hi === lo || inc.day[idx.incOrder[hi - 1]] < since) continue;
    let lastDay = Number.NaN;
    let before = 0,
      after = 0,
      notified = 0;
    let rule = '';
    for (let k = lo; k < hi; k++) {
      const i = idx.incOrder[k];
      const d = inc.day[i];
      if (d < since) continue;
      if (d !== lastDay) {
        before = explainPerson(ds, idx, set, p, d - 1, fc).level;
        const res = explainPerson(ds, idx, set, p, d, fc);
        after = res.level;
        rule = res.reason;
        notified = highestNotified(ds, idx, p, d - 1);
        lastDay = d;
      }
      if (!(notified > 0 || after > before)) continue;
      const lv = levelName(after) as Level;
      const due: string[] = [];
      if (after >= 1 && after <= 3 && highestNotified(ds, idx, p, d) < after) due.push(`${lv}-level notification`);
      if (after === 4) due.push('enforcement review (A: any legal means)');
      if (after >= 3) due.push('prosecutor flag');
      if (notified > 0) due.push(`swift response: already notified at ${levelName(notified)}`);
      if (lv) due.push(`victim: ${actions[lv].victim}`);
      rows.push({
        _day: d,
        _person: p,
        incident_date: formatDay(d),
        incident_id: incidentLabel(inc.incidentId[i]),
        person_id: personLabel(p),
        level_before: levelName(before),
        level_after: lv,
        notified_before: levelName(notified),
        reason: rule,
        action_due: due.join('; '),
      });
    }
  }
  rows.sort((a, b) => b._day - a._day || (a.person_id! < b.person_id! ? -1 : a.person_id! > b.person_id! ? 1 : 0));
  const person = rows.map((r) => r._person);
  for (const r of rows) {
    delete (r as Record<string, unknown>)._day;
    delete (r as Record<string, unknown>)._person;
  }
  return {
    title: `Swift-response alerts since ${formatDay(since)}`,
    columns: [
      'incident_date',
      'incident_id',
      'person_id',
      'level_before',
      'level_after',
      'notified_before',
      'reason',
      'action_due',
    ].map((key) => ({ key, kind: key === 'incident_date' ? ('date' as const) : undefined })),
    rows,
    notes: [
      `incidents dated on or after ${formatDay(since)} whose suspect was notified before the incident day, or whose level rose that day`,
      'level_before is the level as of the day before the incident; level_after as of the incident day (all incidents of that day seen)',
    ],
    meta: { alerts: rows.length },
    subjects: { asOf: Number.POSITIVE_INFINITY, person },
  };
}
