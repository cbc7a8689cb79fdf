/**
 * Seeded random IPVI histories for oracle and property tests. Randomness is
 * injected (STYLE.md): a mulberry32 PRNG from a fixed seed, so a failure is
 * reproducible from the seed printed by the test.
 *
 * People are drawn from scenarios that hit the edges of docs/methods.md#classification: an
 * offense on the day of a notification (not "after" it), escalation after a C
 * or B notification, the serious-incident shortcut to A, notifications at
 * levels never reached, people with only non-offense incidents (some of them
 * "serious" but not offenses), people notified but never in an incident, and
 * incidents shared by two suspects.
 */
import type { IncidentRec, LevelName, NotificationRec } from './records.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** a shuffled copy (Fisher–Yates) */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** ISO day + n days (plain Date.UTC arithmetic). */
export function isoAddDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
export function isoDiffDays(a: string, b: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

export const SCENARIOS = [
  'random',
  'same_day',
  'escalate_after_C',
  'escalate_after_B',
  'serious_shortcut',
  'notified_never_reached',
  'non_offense_only',
  'notification_only',
  'shared_incident',
] as const;
export type Scenario = (typeof SCENARIOS)[number];
const WEIGHTS: Record<Scenario, number> = {
  random: 30,
  same_day: 14,
  escalate_after_C: 10,
  escalate_after_B: 10,
  serious_shortcut: 8,
  notified_never_reached: 10,
  non_offense_only: 8,
  notification_only: 4,
  shared_incident: 6,
};

export interface GenOptions {
  persons: number;
  /** first and last possible event day, yyyy-MM-dd */
  start: string;
  end: string;
  /** days that events land on more often (e.g. the as-of dates under test) */
  anchors?: string[];
}

export interface Generated {
  incidents: IncidentRec[];
  notifications: NotificationRec[];
  scenario: Map<string, Scenario>;
}

const CODES = ['ASSAULT3', 'MENACING2', 'HARASS2', 'CRIM_MISCH4', 'VIOL_OOP'];
/** A few awkward IDs: leading zeros (007 is not 7), a comma and quotes (CSV quoting), non-ASCII. */
const SPECIAL_IDS = ['007', '7', 'Smith, "JJ"', 'Müller-ß'];

export function generateHistories(rng: Rng, opts: GenOptions): Generated {
  const incidents: IncidentRec[] = [];
  const notifications: NotificationRec[] = [];
  const scenario = new Map<string, Scenario>();
  const span = isoDiffDays(opts.start, opts.end);
  const anchors = opts.anchors ?? [];
  let seq = 0;

  const randomDay = () =>
    anchors.length && rng.chance(0.25) ? rng.pick(anchors) : isoAddDays(opts.start, rng.int(0, span));
  /** k days, sorted, each ≥ the previous; `same` = chance a day equals the previous one */
  const days = (k: number, same = 0.1): string[] => {
    const out = Array.from({ length: k }, randomDay).sort();
    for (let i = 1; i < out.length; i++) if (rng.chance(same)) out[i] = out[i - 1];
    return out;
  };
  /** a day strictly after `d` (within the span if possible) */
  const after = (d: string) => {
    const left = isoDiffDays(d, opts.end);
    return isoAddDays(d, left > 1 ? rng.int(1, left) : 1);
  };
  const levels: LevelName[] = ['D', 'C', 'B', 'A'];

  type Kind = 'any' | 'offense' | 'non' | 'serious';
  const flags = (kind: Kind): Partial<IncidentRec> => {
    const f: Partial<IncidentRec> = {};
    const isOff = kind === 'offense' || kind === 'serious' || (kind === 'any' && rng.chance(0.5));
    if (isOff) {
      const how = rng.int(0, 2); // arrest only, code only, both
      if (how !== 1) f.arrest = true;
      if (how !== 0) f.offense = rng.pick(CODES);
    }
    if (rng.chance(0.25)) f.injury = true;
    if (kind === 'serious') {
      const s = rng.int(0, 2);
      if (s === 0) f.weapon = true;
      else if (s === 1) f.strangulation = true;
      else f.felony = true;
    } else if (kind === 'any' || (kind === 'non' && rng.chance(0.3))) {
      if (rng.chance(0.07)) f.weapon = true;
      if (rng.chance(0.05)) f.strangulation = true;
      if (rng.chance(0.06)) f.felony = true;
    }
    return f;
  };
  const addInc = (person: string, day: string, kind: Kind, shared?: string) => {
    const id = shared ?? `R${String(++seq).padStart(7, '0')}`;
    incidents.push({
      incident_id: id,
      incident_date: day,
      suspect_id: person,
      victim_id: rng.chance(0.9) ? `V-${person}-${rng.int(1, 2)}` : '',
      relationship: rng.pick(['IP', 'SP', 'BF', 'GF']),
      agency: rng.pick(['North', 'South', '']),
      ...flags(kind),
    });
    return id;
  };
  const addNot = (person: string, day: string, level: LevelName) => {
    const contact = rng.chance(0.7) ? isoAddDays(day, -rng.int(0, 3)) : undefined;
    notifications.push({
      person_id: person,
      notification_date: day,
      level,
      type: rng.pick(['letter', 'face_to_face', 'custom_notification']),
      victim_contact_date: contact,
    });
  };

  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const drawScenario = (): Scenario => {
    let x = rng.float() * total;
    for (const s of SCENARIOS) if ((x -= WEIGHTS[s]) < 0) return s;
    return 'random';
  };

  for (let n = 0; n < opts.persons; n++) {
    const id = n < SPECIAL_IDS.length ? SPECIAL_IDS[n] : `P${String(n).padStart(5, '0')}`;
    const s = drawScenario();
    scenario.set(id, s);
    switch (s) {
      case 'random': {
        for (const d of days(rng.int(1, 6))) addInc(id, d, 'any');
        for (const d of days(rng.int(0, 3), 0.3)) addNot(id, d, rng.pick(levels));
        break;
      }
      case 'same_day': {
        // maybe an earlier offense; an offense on the notification day; maybe a later one
        const [d0, x] = days(2, 0);
        if (rng.chance(0.5)) addInc(id, d0, rng.chance(0.7) ? 'offense' : 'non');
        addInc(id, x, rng.chance(0.15) ? 'serious' : 'offense');
        addNot(id, x, rng.pick(['C', 'B', 'C', 'B', 'D'] as LevelName[]));
        if (rng.chance(0.3)) addInc(id, after(x), 'non');
        if (rng.chance(0.25)) addInc(id, after(x), 'offense');
        break;
      }
      case 'escalate_after_C': {
        const d1 = randomDay();
        addInc(id, d1, 'offense');
        const d2 = rng.chance(0.2) ? d1 : after(d1);
        addNot(id, d2, 'C');
        addInc(id, rng.chance(0.15) ? d2 : after(d2), 'offense');
        break;
      }
      case 'escalate_after_B': {
        const [d1, d2] = days(2);
        addInc(id, d1, 'offense');
        addInc(id, d2, 'offense');
        const d3 = rng.chance(0.2) ? d2 : after(d2);
        addNot(id, d3, 'B');
        if (rng.chance(0.3)) addNot(id, after(d3), 'B'); // a second B notification: the first one counts
        addInc(id, rng.chance(0.2) ? d3 : after(d3), 'offense');
        break;
      }
      case 'serious_shortcut': {
        const [d1, d2] = days(2);
        const seriousFirst = rng.chance(0.5);
        addInc(id, d1, seriousFirst ? 'serious' : 'offense');
        addInc(id, d2, seriousFirst ? 'offense' : 'serious');
        if (rng.chance(0.3)) addNot(id, rng.chance(0.5) ? d1 : after(d1), rng.pick(['D', 'C'] as LevelName[]));
        break;
      }
      case 'notified_never_reached': {
        const ds = days(rng.int(1, 2));
        for (const d of ds) addInc(id, d, 'non');
        const nd = rng.chance(0.3) ? isoAddDays(ds[0], -rng.int(1, 60)) : rng.pick(ds);
        const lv = rng.pick(['B', 'A', 'C', 'B'] as LevelName[]);
        addNot(id, nd, lv);
        if (rng.chance(0.4)) addInc(id, after(nd), 'offense'); // one offense after a B notice is already A
        break;
      }
      case 'non_offense_only': {
        for (const d of days(rng.int(1, 4))) addInc(id, d, 'non');
        if (rng.chance(0.3)) addNot(id, randomDay(), 'D');
        break;
      }
      case 'notification_only': {
        for (const d of days(rng.int(1, 2), 0.3)) addNot(id, d, rng.pick(levels));
        break;
      }
      case 'shared_incident': {
        // this person and a partner suspect in one incident (two rows, one incident_id)
        const partner = `${id}-co`;
        scenario.set(partner, 'shared_incident');
        const d = randomDay();
        const kind: Kind = rng.pick(['offense', 'non', 'serious']);
        addInc(id, d, kind);
        const row = incidents[incidents.length - 1];
        incidents.push({ ...row, suspect_id: partner, victim_id: row.victim_id });
        if (rng.chance(0.5)) addInc(partner, after(d), 'offense');
        if (rng.chance(0.5)) addNot(id, d, 'C');
        break;
      }
    }
  }
  return { incidents, notifications, scenario };
}
