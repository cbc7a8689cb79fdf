/**
 * Short-hand records for evaluation-table tests (`{ date, suspect, arrest }`,
 * dates as day numbers or `yyyy-MM-dd`), turned into the canonical records of
 * records.ts and from there through the one Dataset builder (dataset.ts) or
 * the one CSV writer (csv-fixture.ts) — the CLI tests then go through the
 * real ingest path.
 *
 * The derived flags follow docs/methods.md#flags's defaults: offense = arrest OR an
 * offense code; serious = weapon OR strangulation OR felony.
 */
import { buildPersonIndex, type PersonIndex } from '../../src/classify/person-index.js';
import { addMonths, formatDay, parseIsoDay } from '../../src/dates.js';
import type { BooleanField } from '../../src/fields.js';
import type { Dataset, Day, Level } from '../../src/model.js';
import { INCIDENT_HEADER, NOTIFICATION_HEADER, csvText, incidentRows, notificationRows } from './csv-fixture.js';
import { buildDataset as buildRecords } from './dataset.js';
import type { IncidentRec, NotificationRec } from './records.js';

export type IncidentRecord = {
  /** default: I1, I2, … in order */
  id?: string;
  date: Day | string;
  suspect: string;
  victim?: string;
  offense?: string;
} & { [F in BooleanField]?: boolean };

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
  const ds = buildRecords(spec.incidents.map(incidentRec), spec.notifications.map(notificationRec));
  const n = spec.incidents.length;
  const cov = spec.coverage;
  return {
    ...ds,
    coverage: {
      start: cov ? day(cov.start) : n ? ds.coverage.start : Infinity,
      end: cov ? day(cov.end) : n ? ds.coverage.end : -Infinity,
      startSource: cov ? 'option' : 'data',
      endSource: cov ? 'option' : 'data',
    },
    files: { incidents: { path: 'incidents.csv', sha256: '', bytes: 0 } },
  };
}

export function build(spec: Spec): { ds: Dataset; idx: PersonIndex } {
  const ds = buildDataset(spec);
  return { ds, idx: buildPersonIndex(ds) };
}

const d = (v: Day | string | undefined) => (v === undefined ? '' : formatDay(day(v)));

/** The record as a canonical incident row (test/helpers/records.ts). */
function incidentRec(r: IncidentRecord, i: number): IncidentRec {
  const { id, date, suspect, victim, offense, ...flags } = r;
  return {
    incident_id: id ?? `I${i + 1}`,
    incident_date: d(date),
    suspect_id: suspect,
    victim_id: victim,
    offense,
    ...flags,
  };
}

function notificationRec(r: NotificationRecord): NotificationRec {
  return {
    person_id: r.person,
    notification_date: d(r.date),
    level: r.level,
    type: r.type,
    victim_contact_date: r.victimContact === undefined ? undefined : d(r.victimContact),
  };
}

/** The incident columns of toCsv: every input field except the two these records cannot set. */
const SPEC_INCIDENT_COLUMNS = INCIDENT_HEADER.filter((f) => f !== 'relationship' && f !== 'agency');

/** Canonical CSV text (docs/methods.md#data field names) for the records. */
export function toCsv(spec: Spec): { incidents: string; notifications: string } {
  const keep = SPEC_INCIDENT_COLUMNS.map((f) => INCIDENT_HEADER.indexOf(f));
  const rows = incidentRows(spec.incidents.map(incidentRec)).map((r) => keep.map((k) => r[k]));
  return {
    incidents: csvText(SPEC_INCIDENT_COLUMNS, rows),
    notifications: csvText(NOTIFICATION_HEADER, notificationRows(spec.notifications.map(notificationRec))),
  };
}
