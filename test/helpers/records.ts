/**
 * Plain-object records for tests: one object per canonical CSV row
 * (docs/methods.md#data), dates as ISO `yyyy-MM-dd` strings. The CSV writer
 * (csv-fixture.ts) and the in-memory Dataset builder (dataset.ts) both take
 * these, so a test can state its data once and drive either path.
 */
import type { BooleanField } from '../../src/fields.js';

export type LevelName = 'A' | 'B' | 'C' | 'D';

/** One incident row: the input fields of src/fields.ts; yes/no fields as booleans (absent = no). */
export type IncidentRec = {
  incident_id: string;
  /** yyyy-MM-dd */
  incident_date: string;
  suspect_id: string;
  victim_id?: string;
  relationship?: string;
  offense?: string;
  agency?: string;
} & { [F in BooleanField]?: boolean };

export interface NotificationRec {
  person_id: string;
  /** yyyy-MM-dd */
  notification_date: string;
  level: LevelName;
  type?: string;
  victim_contact_date?: string;
}

export interface OverrideRec {
  person_id: string;
  level: LevelName;
  reason: string;
  date: string;
  analyst?: string;
}

let incidentCounter = 0;

/**
 * Incident builder with defaults: a non-offense incident (no arrest, no
 * offense code, no severity flag). `inc('p1', '2021-03-04', { arrest: true })`.
 */
export function inc(suspect: string, date: string, extra: Partial<IncidentRec> = {}): IncidentRec {
  return {
    incident_id: extra.incident_id ?? `I${String(++incidentCounter).padStart(6, '0')}`,
    incident_date: date,
    suspect_id: suspect,
    ...extra,
  };
}

/** An offense incident (an arrest). */
export function offense(suspect: string, date: string, extra: Partial<IncidentRec> = {}): IncidentRec {
  return inc(suspect, date, { arrest: true, ...extra });
}

/** A serious offense incident (an arrest with a weapon). */
export function seriousOffense(suspect: string, date: string, extra: Partial<IncidentRec> = {}): IncidentRec {
  return inc(suspect, date, { arrest: true, weapon: true, ...extra });
}

export function note(
  person: string,
  date: string,
  level: LevelName,
  extra: Partial<NotificationRec> = {},
): NotificationRec {
  return { person_id: person, notification_date: date, level, ...extra };
}
