/**
 * The one provenance builder: what every output file carries (or has
 * beside it) — the tool and version, the command and its options, the
 * inputs' SHA-256, the config hash, the coverage, the row counts and when
 * it was generated.
 */
import { basename, isAbsolute, relative } from 'node:path';
import { formatDay } from '../dates.js';
import type { Dataset } from '../model.js';
import { VERSION } from './version.js';
import { shownPath } from './shown-path.js';

/** The config fields provenance records (a structural view of Config). */
export interface ConfigIdentity {
  file?: string | null;
  hash: string;
  rulesSource: string;
  /** the overrides file as shown (relative) and its SHA-256 */
  overrides?: { path: string; sha256: string };
}

/** `{ tool, version, command, options, …body, generated_at }`: the frame every provenance record shares. */
export function provenanceRecord<B extends Record<string, unknown>>(
  command: string,
  options: Record<string, unknown>,
  body: B,
  now = new Date(),
) {
  return { tool: 'ipvi' as const, version: VERSION, command, options, ...body, generated_at: now.toISOString() };
}

/** The inputs, config, coverage and row counts of one data set read with one config. */
export function datasetProvenance(ds: Dataset, config: ConfigIdentity) {
  return {
    inputs: {
      // paths as shown (relative inside the working folder, ~/… inside the home folder): no user name in a shared file
      incidents: {
        path: shownPath(ds.files.incidents.path),
        sha256: ds.files.incidents.sha256,
        bytes: ds.files.incidents.bytes,
      },
      ...(ds.files.notifications
        ? {
            notifications: {
              path: shownPath(ds.files.notifications.path),
              sha256: ds.files.notifications.sha256,
              bytes: ds.files.notifications.bytes,
            },
          }
        : {}),
    },
    config: {
      path: config.file ? shownPath(config.file) : null,
      hash: config.hash,
      rules: config.rulesSource,
      overrides: config.overrides ?? null,
    },
    coverage: {
      start: formatDay(ds.coverage.start),
      end: formatDay(ds.coverage.end),
      start_source: ds.coverage.startSource,
      end_source: ds.coverage.endSource,
    },
    rows: ds.counts,
  };
}

/** Provenance of a command run on one data set. */
export function provenance(
  a: { dataset: Dataset; config: ConfigIdentity },
  command: string,
  options: Record<string, unknown>,
  now = new Date(),
) {
  return provenanceRecord(command, options, datasetProvenance(a.dataset, a.config), now);
}

/**
 * A path as a shared file may name it: relative to `cwd` when inside it,
 * else only its base name (a path out of the folder would show a home
 * folder, that is a user name). Never absolute. No `cwd`: the base name.
 */
export function relativePath(path: string, cwd: string): string {
  if (!cwd) return basename(path);
  if (!isAbsolute(path)) return path.startsWith('..') ? basename(path) : path;
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? basename(path) : rel;
}

/** A provenance record with its file paths (inputs, config, rules) relative to `cwd` (relativePath). */
export function relativeProvenance<P extends Record<string, unknown>>(prov: P, cwd: string): P {
  const out = structuredClone(prov) as Record<string, unknown>;
  const inputs = out.inputs as Record<string, { path?: string }> | undefined;
  for (const f of Object.values(inputs ?? {})) if (f && typeof f.path === 'string') f.path = relativePath(f.path, cwd);
  const config = out.config as { path?: string | null; rules?: string } | undefined;
  if (config && typeof config.path === 'string') config.path = relativePath(config.path, cwd);
  if (config && typeof config.rules === 'string' && /[\\/]/.test(config.rules))
    config.rules = relativePath(config.rules, cwd);
  return out as P;
}
