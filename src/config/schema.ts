/**
 * The agency config (rules file) schema. One YAML or JSON file per agency
 * describes its exports (column names, value spellings, date formats), the
 * coverage period, what counts as an offense or serious incident, the tier
 * rules, and the wording of the parallel actions. Every key is optional: with
 * no config, canonical column names and the default IPVI rules apply.
 *
 * docs/config.md documents every key; keep the two in step.
 */
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-MM-dd, e.g. 2023-12-31');

const nonEmpty = z.string().min(1, 'must not be empty');

/** Column-name mapping: canonical field → source header. */
const columnsOf = <T extends readonly [string, ...string[]]>(fields: T) =>
  z.partialRecord(z.enum(fields), nonEmpty);

export const INCIDENT_FIELDS = [
  'incident_id',
  'incident_date',
  'suspect_id',
  'victim_id',
  'relationship',
  'offense',
  'arrest',
  'injury',
  'weapon',
  'strangulation',
  'felony',
  'agency',
] as const;
export type IncidentField = (typeof INCIDENT_FIELDS)[number];

export const NOTIFICATION_FIELDS = [
  'person_id',
  'notification_date',
  'level',
  'type',
  'victim_contact_date',
] as const;
export type NotificationField = (typeof NOTIFICATION_FIELDS)[number];

const valueList = z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String));

const fileSection = {
  /** `auto` sniffs comma, semicolon or tab from the header line */
  delimiter: z.enum([',', ';', '\t', '|', 'auto']).default('auto'),
  encoding: z.enum(['utf-8', 'utf8', 'latin1', 'windows-1252', 'utf-16le']).default('utf-8'),
  /** tried in order; tokens yyyy yy MM M dd d HH H hh h mm ss a; anything else is literal */
  date_formats: z.array(nonEmpty).min(1).optional(),
  booleans: z
    .object({
      true: valueList.optional(),
      false: valueList.optional(),
    })
    .strict()
    .optional(),
};

export const IncidentsSectionSchema = z
  .object({
    ...fileSection,
    columns: columnsOf(INCIDENT_FIELDS).optional(),
    /** relationship codes that count as intimate partner; when set, other rows are excluded (reported as warnings) */
    ipv_relationships: valueList.optional(),
  })
  .strict();

export const NotificationsSectionSchema = z
  .object({
    ...fileSection,
    columns: columnsOf(NOTIFICATION_FIELDS).optional(),
    /** source spellings of each level, e.g. A: ["A", "Level A", "4"] */
    levels: z.partialRecord(z.enum(['A', 'B', 'C', 'D']), valueList).optional(),
  })
  .strict();

export const RuleSchema = z
  .object({
    level: z.enum(['A', 'B', 'C', 'D']),
    when: nonEmpty,
    /** plain words shown as the reason, e.g. "demonstrated repeat offending" */
    reason: z.string().optional(),
    /** optional name used in messages; defaults to "rule <level>" */
    name: z.string().optional(),
  })
  .strict();

const actionText = z.object({ victim: z.string(), abuser: z.string() }).strict();

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    name: z.string().optional(),
    description: z.string().optional(),
    coverage: z
      .object({ start: isoDate.optional(), end: isoDate.optional() })
      .strict()
      .optional(),
    incidents: IncidentsSectionSchema.optional(),
    notifications: NotificationsSectionSchema.optional(),
    /** expressions over incident fields (§2); see docs/config.md */
    flags: z
      .object({ offense: nonEmpty.optional(), serious: nonEmpty.optional() })
      .strict()
      .optional(),
    /** tier rules, tried in the order given (A first by convention); or a path to a rules file */
    rules: z.union([z.array(RuleSchema).min(1), nonEmpty]).optional(),
    /** persons whose only incidents are older than this many months (as of the list date) drop off */
    lookback_months: z.number().int().positive().nullable().optional(),
    /** a CSV of manual overrides (person_id, level, reason, date, analyst), relative to this file */
    overrides: nonEmpty.optional(),
    /** wording of the parallel responses (§4) */
    actions: z.partialRecord(z.enum(['A', 'B', 'C', 'D']), actionText).optional(),
    /** levels at which the victim must be contacted on or before the notification day (§4) */
    victim_contact_first: z.array(z.enum(['A', 'B', 'C', 'D'])).optional(),
  })
  .strict();

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ConfigFile = z.output<typeof ConfigSchema>;
export type RuleSpec = z.output<typeof RuleSchema>;
