/**
 * Builders for evaluation-table tests: people, incidents and notifications
 * written as plain records, turned either into a columnar Dataset directly
 * (fast, for unit tests of src/metrics) or into canonical CSV text (for the
 * CLI tests, which then go through the real ingest path).
 *
 * The derived flags follow docs/methods.md#flags's defaults: offense = arrest OR an
 * offense code; serious = weapon OR strangulation OR felony.
 */
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { addMonths, formatDay, parseIsoDay } from '../../src/dates.js';
import { FLAG, NO_DAY, StringPool, levelCode, type Dataset, type Day, type Level } from '../../src/model.js';

export interface IncidentRecord {
  /** default: I1, I2, … in order */
  id?: string;
  date: Day | string;
  suspect: string;
  victim?: string;
  offense?: string;
  arrest?: boolean;
  injury?: boolean;
  weapon?: boolean;
  strangulation?: boolean;
  felony?: boolean;
}

export interface NotificationRecord {
  person: string;
  date: Day | string;
  level: Level;
  type?: string;
  victimContact?: Day | string;
}

export interface Spec {
  incidents: IncidentRecord[];
  notifications: NotificationRecord[];
  coverage?: { start: Day | string; end: Day | string };
}

/** A day from `yyyy-MM-dd` or a day number. */
export function day(d: Day | string): Day {
  if (typeof d === 'number') return d;
  const v = parseIsoDay(d);
  if (v === null) throw new Error(`bad date ${d}`);
  return v;
}

/** `yyyy-MM-dd` ± months (clamped to month end), as a day number. */
export function months(d: Day | string, m: number): Day {
  return addMonths(day(d), m);
}

/** The Dataset the ingest would produce for these records (coverage: as given, else the incident date range). */
export function buildDataset(spec: Spec): Dataset {
  const persons = new StringPool(), victims = new StringPool(), incidentIds = new StringPool(), strings = new StringPool();
  strings.intern('');
  const n = spec.incidents.length, m = spec.notifications.length;
  const inc = {
    length: n,
    incidentId: new Uint32Array(n), day: new Int32Array(n), person: new Uint32Array(n), victim: new Int32Array(n),
    flags: new Uint8Array(n), relationship: new Uint32Array(n), offense: new Uint32Array(n), agency: new Uint32Array(n), line: new Uint32Array(n),
  };
  spec.incidents.forEach((r, i) => {
    inc.incidentId[i] = incidentIds.intern(r.id ?? `I${i + 1}`);
    inc.day[i] = day(r.date);
    inc.person[i] = persons.intern(r.suspect);
    inc.victim[i] = r.victim ? victims.intern(r.victim) : -1;
    let f = 0;
    if (r.arrest) f |= FLAG.arrest;
    if (r.injury) f |= FLAG.injury;
    if (r.weapon) f |= FLAG.weapon;
    if (r.strangulation) f |= FLAG.strangulation;
    if (r.felony) f |= FLAG.felony;
    if (r.arrest || r.offense) f |= FLAG.offense;
    if (r.weapon || r.strangulation || r.felony) f |= FLAG.serious;
    inc.flags[i] = f;
    inc.offense[i] = strings.intern(r.offense ?? '');
    inc.line[i] = i + 2;
  });
  const not = {
    length: m,
    person: new Uint32Array(m), day: new Int32Array(m), level: new Uint8Array(m), type: new Uint32Array(m),
    victimContactDay: new Int32Array(m), line: new Uint32Array(m),
  };
  spec.notifications.forEach((r, j) => {
    not.person[j] = persons.intern(r.person);
    not.day[j] = day(r.date);
    not.level[j] = levelCode(r.level);
    not.type[j] = strings.intern(r.type ?? '');
    not.victimContactDay[j] = r.victimContact === undefined ? NO_DAY : day(r.victimContact);
    not.line[j] = j + 2;
  });
  let min = Infinity, max = -Infinity;
  for (const d of inc.day) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const cov = spec.coverage;
  return {
    persons, victims, incidentIds, strings,
    incidents: inc,
    notifications: not,
    coverage: {
      start: cov ? day(cov.start) : min,
      end: cov ? day(cov.end) : max,
      startSource: cov ? 'option' : 'data',
      endSource: cov ? 'option' : 'data',
    },
    files: { incidents: { path: 'incidents.csv', sha256: '', bytes: 0 } },
    counts: { incidents: { read: n, accepted: n, rejected: 0, excluded: 0 }, notifications: { read: m, accepted: m, rejected: 0, excluded: 0 } },
  };
}

export function build(spec: Spec): { ds: Dataset; idx: PersonIndex } {
  const ds = buildDataset(spec);
  return { ds, idx: buildPersonIndex(ds) };
}

const b = (v: boolean | undefined) => (v ? 'true' : 'false');
const d = (v: Day | string | undefined) => (v === undefined ? '' : formatDay(day(v)));

/** Canonical CSV text (docs/methods.md#data field names) for the records. */
export function toCsv(spec: Spec): { incidents: string; notifications: string } {
  const inc = ['incident_id,incident_date,suspect_id,victim_id,offense,arrest,injury,weapon,strangulation,felony'];
  spec.incidents.forEach((r, i) => {
    inc.push([r.id ?? `I${i + 1}`, d(r.date), r.suspect, r.victim ?? '', r.offense ?? '', b(r.arrest), b(r.injury), b(r.weapon), b(r.strangulation), b(r.felony)].join(','));
  });
  const not = ['person_id,notification_date,level,type,victim_contact_date'];
  for (const r of spec.notifications) not.push([r.person, d(r.date), r.level, r.type ?? '', d(r.victimContact)].join(','));
  return { incidents: inc.join('\n') + '\n', notifications: not.join('\n') + '\n' };
}
