/**
 * Write canonical incidents.csv / notifications.csv (and optionally an
 * overrides CSV and a config YAML) into a fresh temporary folder from plain
 * records, and read them back through the real read path (loadDataset).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFlagDeriver } from '../../src/classify/flags.js';
import { loadConfig, type Config } from '../../src/config/load.js';
import { fieldNamed, INCIDENT_FIELDS, NOTIFICATION_FIELDS, type BooleanField } from '../../src/fields.js';
import { loadDataset, type LoadResult } from '../../src/ingest/read.js';
import type { IncidentRec, NotificationRec, OverrideRec } from './records.js';

/** The canonical headers: the input fields of src/fields.ts, in order. */
export const INCIDENT_HEADER = INCIDENT_FIELDS;
export const NOTIFICATION_HEADER = NOTIFICATION_FIELDS;
export const OVERRIDE_HEADER = ['person_id', 'level', 'reason', 'date', 'analyst'] as const;

/** Quote a CSV cell when needed (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(header: readonly string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export interface WriteStyle {
  /** spellings used for true/false (any of the default spellings is accepted by the reader) */
  trueText?: string;
  falseText?: string;
  /** append a time of day to incident dates (the reader ignores it) */
  withTime?: (index: number) => string | undefined;
}

const bool = (v: boolean | undefined, s: WriteStyle) => (v ? (s.trueText ?? 'true') : (s.falseText ?? 'false'));

export function incidentRows(records: IncidentRec[], style: WriteStyle = {}): string[][] {
  return records.map((r, i) =>
    INCIDENT_FIELDS.map((f) => {
      if (f === 'incident_date') return r.incident_date + (style.withTime?.(i) ?? '');
      return fieldNamed(f)!.kind === 'boolean'
        ? bool(r[f as BooleanField], style)
        : (r[f as Exclude<keyof IncidentRec, BooleanField>] ?? '');
    }),
  );
}

export function notificationRows(records: NotificationRec[]): string[][] {
  return records.map((r) => NOTIFICATION_FIELDS.map((f) => r[f] ?? ''));
}

export function overrideRows(records: OverrideRec[]): string[][] {
  return records.map((r) => [r.person_id, r.level, r.reason, r.date, r.analyst ?? '']);
}

export interface Fixture {
  dir: string;
  incidents: string;
  notifications: string;
  /** the config file, when one was written */
  config?: string;
  cleanup(): void;
}

export interface FixtureInput {
  incidents: IncidentRec[];
  notifications?: NotificationRec[];
  overrides?: OverrideRec[];
  /** YAML text of a config; `overrides: overrides.csv` is appended when overrides are given and the text has no `overrides:` key */
  configYaml?: string;
  style?: WriteStyle;
}

/** Write the files into a new temp folder. */
export function writeFixture(input: FixtureInput): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'ipvi-test-'));
  const incidents = join(dir, 'incidents.csv');
  const notifications = join(dir, 'notifications.csv');
  writeFileSync(incidents, csvText(INCIDENT_HEADER, incidentRows(input.incidents, input.style)));
  writeFileSync(notifications, csvText(NOTIFICATION_HEADER, notificationRows(input.notifications ?? [])));
  let config: string | undefined;
  if (input.overrides)
    writeFileSync(join(dir, 'overrides.csv'), csvText(OVERRIDE_HEADER, overrideRows(input.overrides)));
  if (input.configYaml !== undefined || input.overrides) {
    let yaml = input.configYaml ?? '';
    if (input.overrides && !/^overrides:/m.test(yaml)) yaml += '\noverrides: overrides.csv\n';
    config = join(dir, 'config.yaml');
    writeFileSync(config, yaml);
  }
  return { dir, incidents, notifications, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Write, then read back with loadDataset. Throws when the reader reports any
 * error (a test fixture must be clean); `config` defaults to the fixture's
 * config file (or the defaults).
 */
export async function loadFixture(
  input: FixtureInput,
  options: { config?: Config; rulesFile?: string; keep?: boolean } = {},
): Promise<LoadResult & { config: Config; fixture: Fixture }> {
  const fixture = writeFixture(input);
  try {
    const loaded = options.config ?? loadConfig(fixture.config, { rulesFile: options.rulesFile });
    // generated histories may notify persons with no incident: each stays a warning here (the linkage threshold is tested in test/cli/rms-export.test.ts)
    const config = { ...loaded, notifications: { ...loaded.notifications, maxUnknownPersonShare: 1 } };
    const result = await loadDataset({
      incidents: fixture.incidents,
      notifications: fixture.notifications,
      config,
      compileFlags: compileFlagDeriver,
    });
    if (result.log.errors > 0) {
      throw new Error(
        `fixture has read errors: ${result.log.issues
          .filter((i) => i.severity === 'error')
          .map((i) => `${i.file}:${i.line} ${i.code} ${i.message}`)
          .slice(0, 5)
          .join('; ')}`,
      );
    }
    return { ...result, config, fixture };
  } finally {
    if (!options.keep) fixture.cleanup();
  }
}
