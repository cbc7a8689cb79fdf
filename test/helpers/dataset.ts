/**
 * In-memory Dataset builder: the columnar Dataset (src/model.ts) from plain
 * records, without files. Flags are derived with the same deriver the reader
 * uses (default §2 flags unless given), so a built Dataset equals what
 * loadDataset would produce from the same rows written as CSV (line numbers
 * are the row's position + 2, as if written after a header).
 */
import { compileFlagDeriver } from '../../src/classify/flags.js';
import { DEFAULT_FLAGS } from '../../src/config/load.js';
import { parseIsoDay } from '../../src/dates.js';
import { BOOLEAN_FIELDS } from '../../src/fields.js';
import {
  FLAG,
  INCIDENT_COLUMN_TYPES,
  NOTIFICATION_COLUMN_TYPES,
  NO_DAY,
  StringPool,
  emptyColumns,
  levelCode,
  type Dataset,
  type IncidentColumns,
  type NotificationColumns,
} from '../../src/model.js';
import { simulate, type SimulateOptions } from '../../src/simulate/generate.js';
import type { IncidentRec, LevelName, NotificationRec } from './records.js';

function day(text: string, what: string): number {
  const d = parseIsoDay(text);
  if (d === null) throw new Error(`test data: ${what} '${text}' is not yyyy-MM-dd`);
  return d;
}

export function buildDataset(
  incidents: IncidentRec[],
  notifications: NotificationRec[] = [],
  flags: { offense: string; serious: string } = DEFAULT_FLAGS,
): Dataset {
  const persons = new StringPool();
  const victims = new StringPool();
  const incidentIds = new StringPool();
  const strings = new StringPool();
  strings.intern('');
  const derive = compileFlagDeriver(flags);
  const n = incidents.length;
  const ic = emptyColumns<IncidentColumns>(INCIDENT_COLUMN_TYPES, n);
  incidents.forEach((r, i) => {
    let bits = 0;
    for (const f of BOOLEAN_FIELDS) if (r[f]) bits |= FLAG[f];
    const offense = r.offense ?? '';
    const victim = r.victim_id ?? '';
    ic.incidentId[i] = incidentIds.intern(r.incident_id);
    ic.day[i] = day(r.incident_date, 'incident_date');
    ic.person[i] = persons.intern(r.suspect_id);
    ic.victim[i] = victim === '' ? -1 : victims.intern(victim);
    ic.flags[i] = bits | derive(bits, offense !== '', victim !== '');
    ic.relationship[i] = strings.intern(r.relationship ?? '');
    ic.offense[i] = strings.intern(offense);
    ic.agency[i] = strings.intern(r.agency ?? '');
    ic.line[i] = i + 2;
  });
  const m = notifications.length;
  const nc = emptyColumns<NotificationColumns>(NOTIFICATION_COLUMN_TYPES, m);
  notifications.forEach((r, j) => {
    nc.person[j] = persons.intern(r.person_id);
    nc.day[j] = day(r.notification_date, 'notification_date');
    nc.level[j] = levelCode(r.level);
    nc.type[j] = strings.intern(r.type ?? '');
    nc.victimContactDay[j] = r.victim_contact_date ? day(r.victim_contact_date, 'victim_contact_date') : NO_DAY;
    nc.line[j] = j + 2;
  });
  let min = Infinity,
    max = -Infinity;
  for (const d of ic.day) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const file = { path: '(memory)', sha256: '', bytes: 0 };
  return {
    persons,
    victims,
    incidentIds,
    strings,
    incidents: ic,
    notifications: nc,
    coverage: {
      start: Number.isFinite(min) ? min : 0,
      end: Number.isFinite(max) ? max : 0,
      startSource: 'data',
      endSource: 'data',
    },
    files: { incidents: file, notifications: m ? file : undefined },
    counts: {
      incidents: { read: n, accepted: n, rejected: 0, excluded: 0 },
      notifications: { read: m, accepted: m, rejected: 0, excluded: 0 },
    },
  };
}

/**
 * The simulator's records (`simulate()`, in memory) as a Dataset whose
 * coverage is the simulated period (start … end, as set by an option).
 */
export function simulatedDataset(options: SimulateOptions): Dataset {
  const sim = simulate(options);
  const ds = buildDataset(
    sim.incidents.map((i) => ({
      ...i,
      arrest: i.arrest === 'true',
      injury: i.injury === 'true',
      weapon: i.weapon === 'true',
      strangulation: i.strangulation === 'true',
      felony: i.felony === 'true',
    })),
    sim.notifications.map((n) => ({ ...n, level: n.level as LevelName })),
  );
  ds.coverage = { start: options.start, end: options.end, startSource: 'option', endSource: 'option' };
  return ds;
}
