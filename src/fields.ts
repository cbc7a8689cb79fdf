/**
 * The input fields (docs/methods.md#data): ONE list of every canonical column
 * of the two input files, from which the config schema (`columns:` keys), the
 * reader (required columns, the boolean flag bits), the snapshot, `ipvi init`
 * (column guessing), the simulator's canonical CSV and the test builders are
 * derived.
 *
 * Adding a column is one entry here plus its uses. A `boolean` incident field
 * gets its own bit in IncidentColumns.flags (src/model.ts FLAG), is read with
 * the configured yes/no spellings, is a feature of the `flags:` expressions
 * (src/classify/flags.ts), is written by the simulator (as false unless the
 * simulator sets its bit) and by the test builders; nothing else needs to change.
 *
 * The order of each file's fields is the canonical column order (the
 * simulator's header, `ipvi init`'s output), so append new fields at the end
 * of their file's list. Vocabulary layer: imports nothing.
 */

/** How a field's cells are read. */
export type FieldKind =
  /** an identifier: trimmed, compared as an exact string (`007` is not `7`) */
  | 'id'
  /** a calendar day in the file's date format */
  | 'date'
  /** yes/no in the file's boolean spellings; blank = no by default */
  | 'boolean'
  /** a short code (relationship, offense, agency, notification type): trimmed and interned */
  | 'code'
  /** a tier level A/B/C/D or a configured spelling */
  | 'level';

export interface FieldDef {
  name: string;
  file: 'incidents' | 'notifications';
  kind: FieldKind;
  /** a row without it is rejected; a header without it stops the file */
  required: boolean;
  /** one line for help and docs; for a boolean, what "yes" means (it is also the `flags:` feature's description) */
  help: string;
  /** header spellings `ipvi init` recognises (normalised: lower case, words separated by one space) */
  synonyms: readonly string[];
}

const field = <const N extends string, const F extends FieldDef['file'], const K extends FieldKind>(
  name: N,
  file: F,
  kind: K,
  required: boolean,
  help: string,
  synonyms: readonly string[],
): FieldDef & { name: N; file: F; kind: K } => ({ name, file, kind, required, help, synonyms });

/** Every input field, incidents first then notifications, each file's in canonical column order. */
export const FIELDS = [
  field('incident_id', 'incidents', 'id', true, 'the incident (DIR) number; one row per (incident_id, suspect_id)', [
    'incident id',
    'incident number',
    'incident no',
    'dir number',
    'dir no',
    'dir id',
    'report number',
    'report no',
    'rpt no',
    'rpt number',
    'case number',
    'case no',
    'case id',
    'ccn',
    'cad number',
    'event number',
  ]),
  field('incident_date', 'incidents', 'date', true, 'the day of the incident', [
    'incident date',
    'date',
    'rpt date',
    'report date',
    'reported date',
    'occurred date',
    'occurrence date',
    'event date',
    'date of incident',
    'offense date',
  ]),
  field('suspect_id', 'incidents', 'id', true, 'the suspect (abusive partner) the row is about', [
    'suspect id',
    'suspect',
    'offender id',
    'perpetrator id',
    'abuser id',
    'arrestee id',
    'person id',
    'subject id',
    'suspect number',
    'aggressor id',
    'offender mni',
    'suspect mni',
    'offender',
    'master name index',
    'arrestee mni',
  ]),
  field('victim_id', 'incidents', 'id', false, 'the victim; blank when not recorded', [
    'victim id',
    'victim',
    'survivor id',
    'complainant id',
    'victim number',
    'victim mni',
    'complainant mni',
  ]),
  field(
    'relationship',
    'incidents',
    'code',
    false,
    'the victim-suspect relationship code (filtered by incidents.ipv_relationships)',
    [
      'relationship',
      'rel code',
      'relationship code',
      'victim offender relationship',
      'vor',
      'rel',
      'vic rel to off',
      'victim relationship',
      'relationship to offender',
      'victim relationship to offender',
      'rel to off',
    ],
  ),
  field('offense', 'incidents', 'code', false, 'the offense/charge code; blank when none', [
    'offense',
    'offense code',
    'charge',
    'charge code',
    'crime',
    'crime code',
    'statute',
    'statute desc',
    'statute description',
    'charges',
    'charge description',
    'offense description',
    'offence',
  ]),
  field('arrest', 'incidents', 'boolean', false, 'an arrest was made', [
    'arrest',
    'arrest made',
    'arrested',
    'arrest y n',
    'arrest flag',
  ]),
  field('injury', 'incidents', 'boolean', false, 'the victim was injured', [
    'injury',
    'inj',
    'injured',
    'victim injured',
    'injury y n',
    'injuries',
  ]),
  field('weapon', 'incidents', 'boolean', false, 'a weapon was involved', [
    'weapon',
    'wpn',
    'weapon used',
    'weapon involved',
    'weapon y n',
    'firearm',
  ]),
  field('strangulation', 'incidents', 'boolean', false, 'strangulation was reported', [
    'strangulation',
    'strangled',
    'choking',
    'strangulation y n',
  ]),
  field('felony', 'incidents', 'boolean', false, 'a felony charge', ['felony', 'felony charge', 'felony y n', 'fel']),
  field('agency', 'incidents', 'code', false, 'the reporting agency, precinct or unit', [
    'agency',
    'pct',
    'precinct',
    'district',
    'beat',
    'ori',
    'department',
    'unit',
  ]),
  field('person_id', 'notifications', 'id', true, 'the notified person (a suspect_id of the incidents file)', [
    'person id',
    'suspect id',
    'offender id',
    'abuser id',
    'subject id',
    'perpetrator id',
    'mni',
    'offender mni',
    'suspect mni',
  ]),
  field('notification_date', 'notifications', 'date', true, 'the day the notification was delivered', [
    'notification date',
    'notified date',
    'date notified',
    'notice date',
    'date',
    'delivery date',
    'contact date',
  ]),
  field('level', 'notifications', 'level', true, 'the level notified at: A, B, C or D (or a configured spelling)', [
    'level',
    'tier',
    'classification',
    'ipvi level',
    'notification level',
    'class',
  ]),
  field('type', 'notifications', 'code', false, 'how it was delivered (letter, face_to_face, custom_notification)', [
    'type',
    'notification type',
    'method',
    'delivery method',
    'notice type',
  ]),
  field('victim_contact_date', 'notifications', 'date', false, 'the day the victim was contacted; blank when not', [
    'victim contact date',
    'victim contacted',
    'victim outreach date',
    'advocate contact date',
    'vic contact date',
  ]),
] as const;

type AnyField = (typeof FIELDS)[number];
type NamesOf<T> = T extends { name: infer N } ? N : never;
type Select<F, File, Kind = FieldKind> = F extends { file: File; kind: Kind } ? F : never;
/** `[a, b, c]` of one file's field names, in order, as a tuple type (for zod enums). */
type NameTuple<T extends readonly unknown[], File, Kind = FieldKind> = T extends readonly [infer H, ...infer R]
  ? H extends { file: File; kind: Kind; name: infer N }
    ? [N, ...NameTuple<R, File, Kind>]
    : NameTuple<R, File, Kind>
  : [];

export type IncidentField = NamesOf<Select<AnyField, 'incidents'>>;
export type NotificationField = NamesOf<Select<AnyField, 'notifications'>>;
/** The yes/no incident fields; each has a bit in FLAG (src/model.ts). */
export type BooleanField = NamesOf<Select<AnyField, 'incidents', 'boolean'>>;

const names = <T>(pick: (f: FieldDef) => boolean) => FIELDS.filter(pick).map((f) => f.name) as unknown as T;

/** The incidents file's canonical column names, in order. */
export const INCIDENT_FIELDS = names<NameTuple<typeof FIELDS, 'incidents'>>((f) => f.file === 'incidents');
/** The notifications file's canonical column names, in order. */
export const NOTIFICATION_FIELDS = names<NameTuple<typeof FIELDS, 'notifications'>>((f) => f.file === 'notifications');
/** The yes/no incident fields in order; bit k of IncidentColumns.flags is BOOLEAN_FIELDS[k]. */
export const BOOLEAN_FIELDS = names<NameTuple<typeof FIELDS, 'incidents', 'boolean'>>((f) => f.kind === 'boolean');
export const REQUIRED_INCIDENT_FIELDS = names<IncidentField[]>((f) => f.file === 'incidents' && f.required);
export const REQUIRED_NOTIFICATION_FIELDS = names<NotificationField[]>((f) => f.file === 'notifications' && f.required);

const byName = new Map<string, FieldDef>(FIELDS.map((f) => [f.name, f]));
/** The definition of a canonical field of either file, by name; undefined for a name that is not a field. */
export function fieldNamed(name: string): FieldDef | undefined {
  return byName.get(name);
}

/**
 * Carried columns (docs/config.md#carry, docs/methods.md#output): export
 * columns that are not input fields, named under `carry:` in a file's config
 * section (`suspect_name: "Suspect Name"`), read as plain text and shown only
 * in the operational lists (tiers, classify, alerts, history, the outreach
 * list), never in an aggregate, the report or batch, and never with
 * --pseudonymize. A carried column's name is its key: lower case, digits and
 * `_`, starting with a letter, and not an input field's name.
 */
export const CARRY_NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** The most columns one file may carry (each is a column of every list row). */
export const MAX_CARRIED = 12;
/** A carried cell longer than this is cut (with `…`): carried text is a name or an address, not a narrative. */
export const MAX_CARRIED_CHARS = 200;
/** Why `name` cannot name a carried column, or undefined when it can. */
export function carryNameProblem(name: string): string | undefined {
  if (!CARRY_NAME.test(name))
    return 'a carried column is named in lower case letters, digits and _ (starting with a letter, at most 40 characters)';
  if (byName.has(name)) return `'${name}' is an input field; map it under columns: instead, or choose another name`;
  return undefined;
}
