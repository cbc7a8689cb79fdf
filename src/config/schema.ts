/**
 * The agency config (rules file) schema. One YAML or JSON file per agency
 * describes its exports (column names, value spellings, date formats), the
 * coverage period, what counts as an offense or serious incident, the tier
 * rules, and the wording of the parallel actions. Every key is optional: with
 * no config, canonical column names and the default IPVI rules apply.
 *
 * docs/config.md documents every key; keep the two in step. The `columns:`
 * keys are the input fields of src/fields.ts.
 */
import { createRequire } from 'node:module';
import { INCIDENT_FIELDS, MAX_CARRIED, NOTIFICATION_FIELDS, carryNameProblem } from '../fields.js';

/** zod is loaded only when a config has to be validated (a warm run reads the cached result). */
const z = (): typeof import('zod').z => (createRequire(import.meta.url)('zod') as typeof import('zod')).z;

function buildSchemas() {
  const Z = z();
  const isoDate = Z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as yyyy-MM-dd, e.g. 2023-12-31');

  const nonEmpty = Z.string().min(1, 'must not be empty');

  /** Column-name mapping: canonical field → source header. */
  const columnsOf = <T extends readonly [string, ...string[]]>(fields: T) => Z.partialRecord(Z.enum(fields), nonEmpty);

  const valueList = Z.array(Z.union([Z.string(), Z.number(), Z.boolean()]).transform(String));

  /**
   * Carried columns (src/fields.ts CARRY_NAME): list column name → the export's header; text shown only in
   * the operational lists (docs/config.md#carry)
   */
  const carry = Z.record(Z.string(), nonEmpty).superRefine((value, ctx) => {
    const names = Object.keys(value);
    if (names.length > MAX_CARRIED)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_CARRIED} carried columns per file` });
    for (const name of names) {
      const problem = carryNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  });

  const fileSection = {
    carry: carry.optional(),
    /** `auto` sniffs comma, semicolon or tab from the header line */
    delimiter: Z.enum([',', ';', '\t', '|', 'auto']).default('auto'),
    /** `auto` (the default): UTF-8 with or without BOM, UTF-16 by its BOM, else Windows-1252 with a warning */
    encoding: Z.enum(['auto', 'utf-8', 'utf8', 'latin1', 'windows-1252', 'utf-16le', 'utf-16be']).default('auto'),
    /** cell spellings that mean "no value" (any case); replaces the default list */
    null_values: valueList.optional(),
    /** tried in order; tokens yyyy yy MM M dd d HH H hh h mm ss a; anything else is literal */
    date_formats: Z.array(nonEmpty).min(1).optional(),
    booleans: Z.object({
      true: valueList.optional(),
      false: valueList.optional(),
    })
      .strict()
      .optional(),
  };

  const IncidentsSectionSchema = Z.object({
    ...fileSection,
    columns: columnsOf(INCIDENT_FIELDS).optional(),
    /** relationship codes that count as intimate partner; when set, other rows are excluded (reported as warnings) */
    ipv_relationships: valueList.optional(),
    /** the offense column as charges: felony and non-offense codes or prefixes (docs/methods.md#charge-codes) */
    charges: Z.object({
      /** between two charges in one cell (default ";") */
      separator: nonEmpty.optional(),
      felony_codes: valueList.optional(),
      non_offense_codes: valueList.optional(),
    })
      .strict()
      .optional(),
  }).strict();

  const NotificationsSectionSchema = Z.object({
    ...fileSection,
    columns: columnsOf(NOTIFICATION_FIELDS).optional(),
    /** source spellings of each level, e.g. A: ["A", "Level A", "4"] */
    levels: Z.partialRecord(Z.enum(['A', 'B', 'C', 'D']), valueList).optional(),
    /** validate fails when more than this share of notifications name a person with no incident (docs/methods.md#data) */
    max_unknown_person_share: Z.number().min(0).max(1).optional(),
  }).strict();

  const RuleSchema = Z.object({
    level: Z.enum(['A', 'B', 'C', 'D']),
    when: nonEmpty,
    /** plain words shown as the reason, e.g. "demonstrated repeat offending" */
    reason: Z.string().optional(),
    /** optional name used in messages; defaults to "rule <level>" */
    name: Z.string().optional(),
  }).strict();

  const actionText = Z.object({ victim: Z.string(), abuser: Z.string() }).strict();

  const ConfigSchema = Z.object({
    version: Z.literal(1).default(1),
    name: Z.string().optional(),
    description: Z.string().optional(),
    coverage: Z.object({ start: isoDate.optional(), end: isoDate.optional() }).strict().optional(),
    /** the day the program started (first notifications); compare and fidelity use it as --launch */
    launch: isoDate.optional(),
    incidents: IncidentsSectionSchema.optional(),
    notifications: NotificationsSectionSchema.optional(),
    /** expressions over incident fields (docs/methods.md#flags); see docs/config.md */
    flags: Z.object({ offense: nonEmpty.optional(), serious: nonEmpty.optional() }).strict().optional(),
    /** tier rules, tried in the order given (A first by convention); or a path to a rules file */
    rules: Z.union([Z.array(RuleSchema).min(1), nonEmpty]).optional(),
    /** persons whose only incidents are older than this many months (as of the list date) drop off */
    lookback_months: Z.number().int().positive().nullable().optional(),
    /** a CSV of manual overrides (person_id, level, reason, date, analyst), relative to this file */
    overrides: nonEmpty.optional(),
    /** wording of the parallel responses (docs/methods.md#parallel-responses) */
    actions: Z.partialRecord(Z.enum(['A', 'B', 'C', 'D']), actionText).optional(),
    /** plausibility limits checked while reading (docs/config.md, docs/reliability.md) */
    checks: Z.object({
      max_id_length: Z.number().int().positive().optional(),
      max_incidents_per_person: Z.number().int().positive().optional(),
      earliest_date: isoDate.optional(),
      latest_date: isoDate.optional(),
    })
      .strict()
      .optional(),
    /** `ipvi alerts` (docs/methods.md#alerts) */
    alerts: Z.object({
      /** warn when the newest incident is more than this many days before --since (default 7) */
      max_data_age_days: Z.number().int().min(0).optional(),
    })
      .strict()
      .optional(),
    /** levels at which the victim must be contacted on or before the notification day (docs/methods.md#parallel-responses) */
    victim_contact_first: Z.array(Z.enum(['A', 'B', 'C', 'D'])).optional(),
  }).strict();
  return { ConfigSchema, RuleSchema };
}

let schemas: ReturnType<typeof buildSchemas> | undefined;
/** The config schema (built on first use). */
export function configSchemas(): ReturnType<typeof buildSchemas> {
  schemas ??= buildSchemas();
  return schemas;
}

type Schemas = ReturnType<typeof buildSchemas>;
export type ConfigFile = import('zod').z.output<Schemas['ConfigSchema']>;
export type RuleSpec = import('zod').z.output<Schemas['RuleSchema']>;
