/**
 * Load, validate and resolve a config (YAML or JSON). Errors are ConfigError
 * with the file, line and column of the offending key, and the key path.
 */
import { makeFolder } from '../io/make-folder.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { cacheMac, readCacheFile, sameMac, writeCacheFile } from '../io/cache-dir.js';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LineCounter, Node as YamlNode, Document } from 'yaml';
import type { ZodError } from 'zod';
import { ConfigError } from '../errors.js';
import { noteInput } from '../io/output-guard.js';
import { shownPath } from '../io/shown-path.js';
import { MAX_OVERRIDES_BYTES, readSideFile } from '../io/side-file.js';
import { parseIsoDay } from '../dates.js';
import { editDistance } from '../edit-distance.js';
import { levelCode, type Day, type Level, type LevelCode } from '../model.js';
import { INCIDENT_FIELDS, NOTIFICATION_FIELDS, type IncidentField, type NotificationField } from '../fields.js';
import { DEFAULT_FLAGS } from './default-flags.js';
import { DEFAULT_CHARGE_SEPARATOR, type ChargeCodes } from './charges.js';
import { configSchemas, type ConfigFile, type RuleSpec } from './schema.js';

export const MAX_CONFIG_BYTES = 1 << 20;

/** The YAML library, loaded only when a config text is not in the parsed-config cache. */
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');
/** Bump when the cached form of a parsed config changes. */
// 3: entries carry a MAC; `__proto__` keys and `checks:` are validated; the encoding, null_values and
// linkage settings of the agency-export round are part of the parsed config
// 4: incidents.charges and alerts.max_data_age_days
// 5: `carry:`
const CONFIG_CACHE_VERSION = 5;

/** The package's own folder (two levels above this file in both src/ and dist/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RULES_FILE = resolve(PACKAGE_ROOT, 'rules', 'ipvi-default.yaml');

export interface FileSpec<F extends string> {
  delimiter: string; // 'auto' or the character
  /** 'auto' = detect (see readCsv) */
  encoding: string;
  /** lower-cased, trimmed spellings read as an empty cell */
  nullValues: Set<string>;
  /** null = the default: ISO yyyy-MM-dd with an optional time part */
  dateFormats: string[] | null;
  trueValues: Set<string>; // lower-cased, trimmed
  falseValues: Set<string>;
  /** canonical field → source header */
  columns: Record<F, string>;
  /** carried columns (config `carry:`, src/fields.ts): [list column name, source header], in config order */
  carry: [string, string][];
}

export interface Config {
  /** absolute path, or undefined when running on defaults */
  file?: string;
  /** sha256 of the config file and the rules file it uses (hex, 16 chars shown) */
  hash: string;
  name?: string;
  coverage: { start?: Day; end?: Day };
  /** program launch (config `launch:`), the default of compare's and fidelity's --launch */
  launch?: Day;
  incidents: FileSpec<IncidentField> & {
    ipvRelationships: Set<string> | null;
    /** the offense column read as charge codes (docs/methods.md#charge-codes); null: any non-blank cell is an offense */
    charges: ChargeCodes | null;
  };
  notifications: FileSpec<NotificationField> & { levels: Map<string, LevelCode>; maxUnknownPersonShare: number };
  flags: { offense: string; serious: string };
  rules: RuleSpec[];
  /** where the rules came from (a file path, or "config") */
  rulesSource: string;
  lookbackMonths: number | null;
  overridesFile?: string;
  /** the overrides file as shown (relative) and its SHA-256, part of `hash` */
  overrides?: { path: string; sha256: string };
  actions: Record<Level, { victim: string; abuser: string }>;
  victimContactFirst: LevelCode[];
  checks: Checks;
  /** `ipvi alerts` warns when the newest incident is more than this many days before --since */
  alertsMaxDataAgeDays: number;
}

/** Plausibility limits (config `checks:`). */
export interface Checks {
  /** a person, victim or incident ID longer than this is an error */
  maxIdLength: number;
  /** validate warns about a person with more incidents than this (a placeholder such as UNKNOWN?) */
  maxIncidentsPerPerson: number;
  /** dates before this day are errors (a typo'd year such as 0202) */
  earliestDay: Day;
  /** dates after this day are errors (9999-12-31 and the like) */
  latestDay: Day;
}

export const DEFAULT_CHECKS = {
  maxIdLength: 256,
  maxIncidentsPerPerson: 100,
  earliestDate: '1990-01-01',
  latestDate: '2099-12-31',
} as const;

export const DEFAULT_TRUE = ['true', 'yes', 'y', '1', 't'];
export const DEFAULT_FALSE = ['false', 'no', 'n', '0', 'f', ''];
/** Cell spellings read as "no value" unless the config lists its own (`null_values:`, any case). */
export const DEFAULT_NULL_VALUES = ['NA', 'N/A', 'NULL', '-', '--', 'none'];
/** The share of notifications naming a person with no incident above which validate fails (docs/methods.md#data). */
export const DEFAULT_MAX_UNKNOWN_PERSON_SHARE = 0.05;
/** `alerts.max_data_age_days` (docs/methods.md#alerts). */
export const DEFAULT_ALERTS_MAX_DATA_AGE_DAYS = 7;

/** docs/methods.md#parallel-responses, the NNSC 2023 IPVI presentation's "Parallel Notifications by IPVI Tier". */
export const DEFAULT_ACTIONS: Record<Level, { victim: string; abuser: string }> = {
  D: {
    victim: 'Affirmative outreach; explanation of IPVI and services',
    abuser: 'Written explanation of IPVI and LE procedures',
  },
  C: {
    victim: 'Affirmative outreach; safety planning, review of resources, case management; LE follow-up',
    abuser: 'Face-to-face deterrent message, explanation of IPVI and LE procedures',
  },
  B: {
    victim: 'Regular affirmative outreach; prior notice of LE contact with abusive partner; intensive case management',
    abuser: 'Face-to-face LE and community message; informed of legal risk and available services',
  },
  A: {
    victim: 'Assessed immediately for emergency needs; intensive case management and LE follow-up',
    abuser: 'Addressed with any legal means available (no notification)',
  },
};

export { DEFAULT_FLAGS } from './default-flags.js';

const identity = <F extends string>(fields: readonly F[]) =>
  Object.fromEntries(fields.map((f) => [f, f])) as unknown as Record<F, string>;

interface Parsed {
  data: ConfigFile;
  text: string;
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function readText(path: string, what: string): string {
  noteInput(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ConfigError(`${what} ${path} is not a file`, path);
    size = st.size;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(
      `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'unknown error'}`,
      path,
      undefined,
      undefined,
      'check the path',
    );
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(
      `${what} ${path} is ${size} bytes; a config is at most ${MAX_CONFIG_BYTES} bytes`,
      path,
      undefined,
      undefined,
      'is this really a config file?',
    );
  }
  const buf = readFileSync(path);
  if (buf.includes(0)) throw new ConfigError(`${what} ${path} is not a text file (it contains NUL bytes)`, path);
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

function nodeAt(doc: Document, path: readonly PropertyKey[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k != null && String(k.value ?? k) === String(key);
      });
      if (!pair) return node as YamlNode;
      node = pair.value ?? pair.key;
    } else if (yaml().isSeq(node) && typeof key === 'number') {
      node = node.items[key] ?? node;
    } else break;
  }
  return node as YamlNode | undefined;
}

function keyNodeAt(doc: Document, path: readonly PropertyKey[], key: string): YamlNode | undefined {
  const parent = nodeAt(doc, path);
  if (yaml().isMap(parent)) {
    const pair = parent.items.find((p) => String((p.key as { value?: unknown } | null)?.value) === key);
    if (pair) return pair.key as YamlNode;
  }
  return parent;
}

/**
 * Parse and validate a config text, through a small cache of validated results
 * keyed by the text's SHA-256 (so a warm run loads neither the YAML library nor
 * the schema library). Only texts that validated are cached; a cache entry that
 * cannot be read is ignored and rewritten.
 */
function parseConfigText(text: string, file: string, cacheDir?: string): Parsed {
  const cached = cacheDir ? join(cacheDir, `config-${CONFIG_CACHE_VERSION}-${sha256(text)}.json`) : undefined;
  if (cached && cacheDir) {
    try {
      const bytes = readCacheFile(cached);
      const entry = bytes
        ? (JSON.parse(bytes.toString('utf8')) as { text: string; data: ConfigFile; mac?: string })
        : null;
      // an entry counts only with this user's MAC over exactly this text and data (src/io/cache-dir.ts)
      const mac =
        entry && typeof entry.mac === 'string'
          ? cacheMac(cacheDir, JSON.stringify({ text: entry.text, data: entry.data }))
          : null;
      if (
        entry &&
        mac &&
        sameMac(mac, entry.mac!) &&
        entry.text === text &&
        entry.data &&
        typeof entry.data === 'object'
      )
        return { data: entry.data, text };
    } catch {
      // not cached yet (or unreadable): parse below
    }
  }
  const parsed = parseConfigTextUncached(text, file);
  if (cached && cacheDir) {
    try {
      makeFolder(cacheDir, 0o700);
      const body = JSON.stringify({ text, data: parsed.data });
      const mac = cacheMac(cacheDir, body);
      if (mac)
        writeCacheFile(cacheDir, basename(cached), [
          Buffer.from(JSON.stringify({ text, data: parsed.data, mac }), 'utf8'),
        ]);
    } catch {
      // a cache that cannot be written only costs time
    }
  }
  return parsed;
}

function parseConfigTextUncached(text: string, file: string): Parsed {
  const Y = yaml();
  const lc = new Y.LineCounter();
  let doc: Document;
  try {
    doc = Y.parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    throw new ConfigError(`cannot parse ${file}: ${(e as Error).message.split('\n')[0]}`, file);
  }
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lc.linePos(err.pos[0]);
    throw new ConfigError(
      `invalid YAML/JSON: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      file,
      pos.line,
      pos.col,
      'fix the syntax at that position (indentation, a missing bracket or quote)',
    );
  }
  const tagWarning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tagWarning) {
    const pos = lc.linePos(tagWarning.pos[0]);
    throw new ConfigError(
      'YAML tags (such as !!js/function) are not allowed in a config',
      file,
      pos.line,
      pos.col,
      'remove the tag: a config holds plain text, numbers, lists and mappings',
    );
  }
  // a `__proto__` key at any depth would be dropped (or worse) on the way to a plain object: refuse it
  let proto: YamlNode | undefined;
  Y.visit(doc, {
    Pair(_, pair) {
      const k = pair.key as { value?: unknown } | null;
      if (k && typeof k === 'object' && String(k.value) === '__proto__') {
        proto = pair.key as YamlNode;
        return Y.visit.BREAK;
      }
      return undefined;
    },
  });
  if (proto) {
    const range = (proto as { range?: [number, number, number] }).range;
    const pos = range ? lc.linePos(range[0]) : undefined;
    throw new ConfigError(
      "'__proto__' is not allowed as a key",
      file,
      pos?.line,
      pos?.col,
      'remove the key: a config holds only the keys docs/config.md lists',
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new ConfigError(
      `cannot read ${file}: ${(e as Error).message.split('\n')[0]}`,
      file,
      undefined,
      undefined,
      'avoid YAML aliases that expand recursively',
    );
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      'a config must be a mapping of keys (e.g. `incidents:`, `rules:`) at the top level',
      file,
      1,
      1,
    );
  }
  const result = configSchemas().ConfigSchema.safeParse(raw);
  if (!result.success) throw zodToConfigError(result.error, doc, lc, file);
  return { data: result.data, text };
}

/** A zod schema's definition, as far as keysAt needs it (zod 4's `_zod.def`). */
interface SchemaDef {
  type: string;
  innerType?: SchemaNode;
  shape?: Record<string, SchemaNode>;
  keyType?: SchemaNode;
  valueType?: SchemaNode;
  element?: SchemaNode;
  /** a union's members; an enum's values are `entries` */
  options?: SchemaNode[];
  entries?: Record<string, unknown>;
  in?: SchemaNode;
}
interface SchemaNode {
  _zod: { def: SchemaDef };
}

/** The keys the schema allows at `path` (an object's keys, a record's enum keys), for "did you mean". */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const unwrap = (n: SchemaNode | undefined): SchemaNode | undefined => {
    while (n && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(n._zod.def.type))
      n = n._zod.def.innerType;
    if (n?._zod.def.type === 'pipe') return unwrap(n._zod.def.in);
    return n;
  };
  const candidates = (n: SchemaNode | undefined): SchemaNode[] => {
    const u = unwrap(n);
    if (!u) return [];
    return u._zod.def.type === 'union' ? (u._zod.def.options ?? []).flatMap(candidates) : [u];
  };
  let nodes = candidates(schema as SchemaNode);
  for (const key of path) {
    nodes = nodes.flatMap((n) => {
      const d = n._zod.def;
      if (d.type === 'object') return candidates(d.shape?.[String(key)]);
      if (d.type === 'record') return candidates(d.valueType);
      if (d.type === 'array' && typeof key === 'number') return candidates(d.element);
      return [];
    });
  }
  const keys = new Set<string>();
  for (const n of nodes) {
    const d = n._zod.def;
    if (d.type === 'object') for (const k of Object.keys(d.shape ?? {})) keys.add(k);
    if (d.type === 'record')
      for (const k of Object.values(unwrap(d.keyType)?._zod.def.entries ?? {})) keys.add(String(k));
  }
  return [...keys];
}

/**
 * The allowed key closest to `key` (case ignored): one that starts with it and
 * an underscore (`suspect` → `suspect_id`), else the nearest within a third
 * of its length in edits (at least 2; none for keys of 1–2 characters).
 */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const want = key.toLowerCase();
  const prefixed = allowed.filter((k) => k.toLowerCase().startsWith(`${want}_`));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = want.length <= 2 ? 1 : Math.max(2, Math.floor(want.length / 3)) + 1;
  for (const k of allowed) {
    const d = editDistance(want, k.toLowerCase(), { transpositions: true });
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function zodToConfigError(error: ZodError, doc: Document, lc: LineCounter, file: string): ConfigError {
  let issue = error.issues[0];
  // `rules:` is a list or a file name: report the list's own problem (an unknown key, else the deepest), not "Invalid input"
  while (issue.code === 'invalid_union') {
    const rank = (i: { code: string; path: PropertyKey[] }) =>
      (i.code === 'unrecognized_keys' ? 100 : 0) + i.path.length;
    const inner = issue.errors.flat().sort((a, b) => rank(b) - rank(a))[0];
    if (!inner || inner.path.length === 0) break;
    issue = { ...inner, path: [...issue.path, ...inner.path] } as typeof issue;
  }
  const path = issue.path;
  let node: YamlNode | undefined;
  let keyPath = path.map(String).join('.');
  let message = issue.message;
  let hint = 'see docs/config.md for the keys and their forms';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    node = keyNodeAt(doc, path, key);
    keyPath = [...path.map(String), key].join('.');
    // a file that is not a config (`rules: /etc/shadow`) would have its first line quoted here: show a key only when it looks like one
    message = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(key)
      ? `unknown key '${key}'`
      : 'an unknown key (not shown: it does not look like a config key — is this really a config or rules file?)';
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(key)) keyPath = path.map(String).join('.');
    else {
      const allowed = keysAt(configSchemas().ConfigSchema, path);
      const close = closestKey(key, allowed);
      if (close) message += `; did you mean '${close}'?`;
      if (allowed.length) hint = `the keys here are ${allowed.join(', ')} (docs/config.md)`;
    }
  } else {
    node = nodeAt(doc, path);
  }
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  const pos = range ? lc.linePos(range[0]) : undefined;
  const more =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})`
      : '';
  return new ConfigError(`${keyPath || '(top level)'}: ${message}${more}`, file, pos?.line, pos?.col, hint);
}

function lowerSet(values: string[] | undefined, fallback: string[]): Set<string> {
  return new Set((values ?? fallback).map((v) => v.trim().toLowerCase()));
}

function fileSpec<F extends string>(
  section: ConfigFile['incidents'] | ConfigFile['notifications'] | undefined,
  fields: readonly F[],
): FileSpec<F> {
  const columns = { ...identity(fields), ...((section?.columns ?? {}) as Partial<Record<F, string>>) };
  return {
    delimiter: section?.delimiter ?? 'auto',
    encoding: section?.encoding ?? 'auto',
    nullValues: new Set(lowerSet(section?.null_values, DEFAULT_NULL_VALUES)),
    dateFormats: section?.date_formats ?? null,
    trueValues: lowerSet(section?.booleans?.true, DEFAULT_TRUE),
    falseValues: lowerSet(section?.booleans?.false, DEFAULT_FALSE),
    columns: columns as Record<F, string>,
    carry: Object.entries(section?.carry ?? {}),
  };
}

function levelMap(levels: Partial<Record<Level, string[]>> | undefined): Map<string, LevelCode> {
  const map = new Map<string, LevelCode>();
  for (const l of ['D', 'C', 'B', 'A'] as Level[]) {
    map.set(l.toLowerCase(), levelCode(l));
    for (const spelling of levels?.[l] ?? []) map.set(spelling.trim().toLowerCase(), levelCode(l));
  }
  return map;
}

function optionalDay(text: string | undefined, file: string, key: string): Day | undefined {
  if (text === undefined) return undefined;
  const day = parseIsoDay(text);
  if (day === null)
    throw new ConfigError(
      `${key}: '${text}' is not a real calendar date`,
      file,
      undefined,
      undefined,
      'write it as yyyy-MM-dd',
    );
  return day;
}

export interface LoadOptions {
  /** a rules file that replaces the config's rules (the --rules option) */
  rulesFile?: string;
  /** folder for the parsed-config cache (none: always parse) */
  cacheDir?: string;
}

/**
 * Load a config file (or the defaults when `file` is undefined) and resolve it
 * into the runtime Config. The rules come from, in order: `options.rulesFile`,
 * the config's `rules` (a list, or a path relative to the config), the default
 * IPVI rules file.
 */
export function loadConfig(file?: string, options: LoadOptions = {}): Config {
  const hashes: string[] = [];
  // what the schema makes of an empty config
  let data = { version: 1 } as ConfigFile;
  let abs: string | undefined;
  if (file !== undefined) {
    abs = resolve(file);
    const text = readText(abs, 'config');
    data = parseConfigText(text, file, options.cacheDir).data;
    hashes.push(sha256(text));
  }

  let rulesData: ConfigFile | undefined;
  let rulesSource = 'config';
  const rulesPath = options.rulesFile
    ? resolve(options.rulesFile)
    : typeof data.rules === 'string'
      ? resolve(abs ? dirname(abs) : '.', data.rules)
      : data.rules === undefined
        ? DEFAULT_RULES_FILE
        : undefined;
  if (rulesPath) {
    const shown =
      options.rulesFile ?? (rulesPath === DEFAULT_RULES_FILE ? 'rules/ipvi-default.yaml' : shownPath(rulesPath));
    const text = readText(rulesPath, 'rules file');
    rulesData = parseConfigText(text, shown, options.cacheDir).data;
    if (!Array.isArray(rulesData.rules)) {
      throw new ConfigError(
        'a rules file must list its rules under `rules:`',
        shown,
        undefined,
        undefined,
        'see rules/ipvi-default.yaml for the form',
      );
    }
    hashes.push(sha256(text));
    rulesSource = shown;
  }
  const rules = (rulesData?.rules ?? data.rules) as RuleSpec[];

  const where = file ?? 'config';
  const overridesFile = data.overrides ? resolve(abs ? dirname(abs) : '.', data.overrides) : undefined;
  noteInput(overridesFile); // read later, but never an output of this run
  // the overrides decide levels as much as the rules do: their content is part of the config hash
  let overrides: Config['overrides'];
  if (overridesFile) {
    try {
      const bytes = readSideFile(overridesFile, 'overrides file', MAX_OVERRIDES_BYTES, (m) => new Error(m)).bytes;
      overrides = { path: shownPath(overridesFile), sha256: sha256(bytes) };
      hashes.push(overrides.sha256);
    } catch {
      // unreadable: readOverrides reports it when the rules are built
    }
  }
  const incidents = fileSpec(data.incidents, INCIDENT_FIELDS);
  const notifications = fileSpec(data.notifications, NOTIFICATION_FIELDS);
  const ipv = data.incidents?.ipv_relationships;
  const charges = data.incidents?.charges;
  const twice = incidents.carry.find(([name]) => notifications.carry.some(([n]) => n === name));
  if (twice)
    throw new ConfigError(
      `notifications.carry.${twice[0]}: '${twice[0]}' is carried from both files; a list has one column of each name`,
      where,
      undefined,
      undefined,
      'give one of them another name (e.g. notifying_officer)',
    );
  return {
    file: abs,
    hash: sha256(hashes.join('\n')).slice(0, 16),
    overrides,
    name: data.name,
    coverage: {
      start: optionalDay(data.coverage?.start, where, 'coverage.start'),
      end: optionalDay(data.coverage?.end, where, 'coverage.end'),
    },
    launch: optionalDay(data.launch, where, 'launch'),
    incidents: {
      ...incidents,
      ipvRelationships: ipv ? new Set(ipv.map((v) => v.trim().toLowerCase())) : null,
      charges: charges
        ? {
            separator: charges.separator ?? DEFAULT_CHARGE_SEPARATOR,
            felonyCodes: charges.felony_codes ?? [],
            nonOffenseCodes: charges.non_offense_codes ?? [],
          }
        : null,
    },
    notifications: {
      ...notifications,
      levels: levelMap(data.notifications?.levels),
      maxUnknownPersonShare: data.notifications?.max_unknown_person_share ?? DEFAULT_MAX_UNKNOWN_PERSON_SHARE,
    },
    flags: {
      offense: data.flags?.offense ?? rulesData?.flags?.offense ?? DEFAULT_FLAGS.offense,
      serious: data.flags?.serious ?? rulesData?.flags?.serious ?? DEFAULT_FLAGS.serious,
    },
    rules,
    rulesSource,
    lookbackMonths: data.lookback_months ?? rulesData?.lookback_months ?? null,
    overridesFile,
    actions: { ...DEFAULT_ACTIONS, ...(rulesData?.actions ?? {}), ...(data.actions ?? {}) },
    alertsMaxDataAgeDays: data.alerts?.max_data_age_days ?? DEFAULT_ALERTS_MAX_DATA_AGE_DAYS,
    victimContactFirst: (data.victim_contact_first ?? rulesData?.victim_contact_first ?? ['B']).map(levelCode),
    checks: {
      maxIdLength: data.checks?.max_id_length ?? DEFAULT_CHECKS.maxIdLength,
      maxIncidentsPerPerson: data.checks?.max_incidents_per_person ?? DEFAULT_CHECKS.maxIncidentsPerPerson,
      earliestDay: optionalDay(
        data.checks?.earliest_date ?? DEFAULT_CHECKS.earliestDate,
        where,
        'checks.earliest_date',
      )!,
      latestDay: optionalDay(data.checks?.latest_date ?? DEFAULT_CHECKS.latestDate, where, 'checks.latest_date')!,
    },
  };
}
