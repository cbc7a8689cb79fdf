/**
 * Synthetic IPVI data: Domestic Incident Reports and the notifications an
 * IPVI program would have delivered under the default tier rules
 * (docs/methods.md#data, #classification, #parallel-responses). Pure: no fs, no clock, no `Math.random`; all
 * randomness comes from the seed (src/simulate/random.ts), so a seed always
 * produces the same rows.
 *
 * The model, per person (docs/commands/simulate.md states it with its rates):
 *
 * - a career: the first incident (the arrival) is uniform over
 *   [start − burn-in, end], the burn-in being MODEL.burnInDays (40 years, far
 *   longer than any career), and the career ends at an exponential time after
 *   it, independent of everything else; so arrivals are steady and the
 *   number of people active on any day, and the monthly incident count, is
 *   stationary over [start, end] (no climb at the start of the export);
 * - within a career incidents arrive at a person-specific constant hazard
 *   (mean gap uniform 30–210 days; a day's incidents are on the day the
 *   exponential clock ends, at least the day after the last one); the career
 *   end hazard is set so that the chance of another incident after each
 *   incident is a person-specific probability (uniform 0.35–0.88), so the
 *   number of incidents is a mixture of geometrics (over-dispersed);
 * - only incidents in [start, end] are in the export; a career that ends
 *   before `start` (or has no incident in the period) gives no person; the
 *   simulator's tier counts only exported incidents (the agency's records
 *   begin at `start`), so the notification levels are what `ipvi classify`
 *   computes from the export;
 * - each incident is serious (weapon, strangulation or felony) with a
 *   person-specific probability (mean 10%) and an offense incident (an arrest
 *   and/or an offense code) with about 40%; injury is more likely when serious;
 * - the victim is the current partner (one per person; 10% change partner
 *   once); relationship codes are intimate-partner codes (SP, BF, GF, DP, EX),
 *   a partner can become EX; 4% of persons are family (non-IPV) cases with
 *   codes PARENT, CHILD, SIB, RELATIVE, which the IPV filter excludes and
 *   which are never notified;
 * - 3% of incidents have a second suspect (a second row with the same
 *   incident_id), a person of their own with that single incident;
 * - the simulator keeps each person's tier (src/simulate/tier.ts); when an
 *   incident dated on or after the program launch raises it to D, C or B,
 *   a notification at that level is delivered with probability 0.8 after a
 *   lag of days to weeks (letter for D; face-to-face or custom for C; custom
 *   for B). A later incident that raises the level again before delivery
 *   replaces the pending notification (one due the same day as a
 *   non-raising incident is delivered after it), so on its date a
 *   notification's level is always the person's tier; A-level persons are
 *   never notified ("addressed with any legal means");
 * - from the end of the day of the first delivered notification, the
 *   person's incident hazard is multiplied by `effect` (default 0.5) and
 *   nothing else changes: the career end, the severity and everything else
 *   are as without notification (by memorylessness, the running exponential
 *   clock is stretched by 1 / effect). So the expected number of incidents
 *   in any period after notification is `effect` times what it would have
 *   been, and `effect` is the true rate ratio a comparison design estimates.
 */
import { civilFromDay, formatDay } from '../dates.js';
import {
  INCIDENT_FIELDS,
  NOTIFICATION_FIELDS,
  type BooleanField,
  type IncidentField,
  type NotificationField,
} from '../fields.js';
import { FLAG, levelName, type Day, type Level, type LevelCode } from '../model.js';
import { DOMAIN, Rng } from '../random.js';
import { LEVEL_A, LEVEL_C, LEVEL_D, TierState } from './tier.js';

/** The model's rates (documented in docs/commands/simulate.md). */
export const MODEL = {
  /** share of persons whose incidents are all family (non-IPV) relationships */
  nonIpvShare: 0.04,
  /** per-person probability of another incident after each incident: uniform in [min, max] */
  continueMin: 0.35,
  continueMax: 0.88,
  /** gap between a person's incidents: gapMinDays + Exponential(mean), mean uniform in [gapMeanMin, gapMeanMax] */
  gapMinDays: 7,
  gapMeanMin: 30,
  gapMeanMax: 210,
  /** per-person P(offense | not serious): uniform in [min, max] (mean 0.35; about 40% overall) */
  offenseMin: 0.15,
  offenseMax: 0.55,
  /** per-person P(serious): uniform in [0, seriousMax] (mean 0.10) */
  seriousMax: 0.2,
  /** P(an offense incident has an arrest); an offense without arrest always has a code */
  arrest: 0.7,
  /** P(an arrest also carries an offense code) */
  codeWithArrest: 0.85,
  /** P(a second suspect) per incident */
  coSuspect: 0.03,
  /** P(the second suspect is also an intimate partner, code EX; otherwise a family code) */
  coSuspectIpv: 0.3,
  /** P(a new partner) at each repeat incident, at most once per person */
  newPartner: 0.1,
  /** P(the relationship becomes EX) at each repeat incident with the same partner */
  becomesEx: 0.12,
  /** P(an incident is handled by another agency than the person's usual one) */
  otherAgency: 0.15,
  /** P(a notification is delivered) after an incident that raises the level to D, C or B */
  notify: 0.8,
  /** re-offending hazard ratio after the first notification (1 = no effect) */
  effect: 0.5,
  /** careers may start this many days before `start` (40 years): the burn-in that makes counts stationary */
  burnInDays: 14_610,
} as const;

export const IPV_RELATIONSHIPS = ['SP', 'BF', 'GF', 'DP', 'EX'] as const;
const IPV_WEIGHTS = [0.25, 0.2, 0.2, 0.15, 0.2];
const NEW_PARTNER = ['SP', 'BF', 'GF', 'DP'] as const;
export const NON_IPV_RELATIONSHIPS = ['PARENT', 'CHILD', 'SIB', 'RELATIVE'] as const;

export const AGENCIES = ['PCT-01', 'PCT-02', 'PCT-03', 'PCT-04', 'PCT-05', 'SHERIFF', 'STATE-POL'] as const;
const AGENCY_WEIGHTS = [0.22, 0.2, 0.18, 0.15, 0.12, 0.09, 0.04];

/** New York Penal Law style charge codes (Kingston, NY, as in the NNSC 2023 IPVI presentation). */
export const MISDEMEANOR_CODES = [
  'PL 240.26',
  'PL 120.00',
  'PL 215.50',
  'PL 145.00',
  'PL 121.11',
  'PL 120.14',
  'PL 240.30',
  'PL 155.25',
] as const;
const MISDEMEANOR_WEIGHTS = [0.22, 0.2, 0.16, 0.12, 0.1, 0.08, 0.07, 0.05];
export const FELONY_CODES = ['PL 120.05', 'PL 121.12', 'PL 215.51', 'PL 140.25', 'PL 265.03'] as const;

export interface SimulateOptions {
  /** number of persons (primary suspects) to generate */
  persons: number;
  /** a non-negative integer */
  seed: number;
  /** first day of the period (inclusive) */
  start: Day;
  /** last day of the period (inclusive) */
  end: Day;
  /** program launch: only incidents on or after it lead to notifications (default: start) */
  launch?: Day;
  /** re-offending hazard ratio after the first notification, > 0 (default MODEL.effect) */
  effect?: number;
}

/** One incident row as generated (day numbers and flag bits; see `incidentRow`). */
export interface SimIncident {
  incidentId: string;
  day: Day;
  suspectId: string;
  victimId: string;
  relationship: string;
  offense: string;
  /** FLAG bits of the boolean input fields (src/fields.ts) */
  flags: number;
  agency: string;
  /** the relationship is an intimate-partner code */
  ipv: boolean;
}

export interface SimNotification {
  personId: string;
  day: Day;
  level: Exclude<LevelCode, 0 | 4>;
  type: 'letter' | 'face_to_face' | 'custom_notification';
  victimContactDay: Day | null;
  /** the incident day that raised the level and led to this notification */
  triggerDay: Day;
}

/** Canonical incident row (docs/methods.md#data): all values are strings, dates yyyy-MM-dd, booleans true/false. */
export type IncidentRow = Record<IncidentField, string>;

/** Canonical notification row (docs/methods.md#data). */
export type NotificationRow = Record<NotificationField, string>;

/** The canonical CSV headers: the input fields of src/fields.ts, in order. */
export const INCIDENT_COLUMNS = INCIDENT_FIELDS;
export const NOTIFICATION_COLUMNS = NOTIFICATION_FIELDS;

export interface SimulateSummary {
  /** primary persons generated (= options.persons) */
  persons: number;
  /** second suspects: one-incident persons of their own */
  coSuspects: number;
  incidentRows: number;
  /** rows with a family (non-IPV) relationship code */
  nonIpvRows: number;
  notificationRows: number;
}

/**
 * The person id for index i (0-based). IDs are strings and must be kept as
 * strings: most are `String(i + 1)`, but 1 in 20 carries leading zeros
 * (`007`, `0007`) and is a different person from the one whose id is `7`.
 * Unique: plain ids never start with 0; zero-padded ids differ in the number
 * or in the count of zeros.
 *
 * @example
 * personId(6)   // '7'
 * personId(279) // '007'
 * personId(259) // '0007'
 */
export function personId(index: number): string {
  const r = index % 40;
  if (r === 19 || r === 39) {
    const num = Math.floor(index / 40) + 1;
    return '0'.repeat((r === 39 ? 1 : 2) + (num % 3)) + num;
  }
  return String(index + 1);
}

export function checkOptions(o: SimulateOptions): void {
  if (!Number.isInteger(o.persons) || o.persons < 1 || o.persons > 0xffffffff)
    throw new RangeError(`persons must be a whole number from 1 to 4294967295, not ${o.persons}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0)
    throw new RangeError(`seed must be a non-negative whole number, not ${o.seed}`);
  if (!Number.isInteger(o.start) || !Number.isInteger(o.end) || o.start > o.end)
    throw new RangeError('start must be on or before end');
  if (o.launch !== undefined && !Number.isInteger(o.launch)) throw new RangeError('launch must be a day');
  const effect = o.effect ?? MODEL.effect;
  if (!(effect > 0) || !Number.isFinite(effect))
    throw new RangeError(`effect must be a positive number, not ${effect}`);
}

interface Pending {
  day: Day;
  level: Exclude<LevelCode, 0 | 4>;
  type: SimNotification['type'];
  victimContactDay: Day | null;
  triggerDay: Day;
}

/**
 * The generator's state across persons (incident and victim numbering, second
 * suspects). `person(i, …)` must be called for i = 0, 1, 2, … in order.
 */
export class PersonGenerator {
  readonly seed: number;
  readonly start: Day;
  readonly end: Day;
  readonly launch: Day;
  readonly effect: number;
  readonly persons: number;
  private readonly startYear: number;
  private readonly yearSeq: number[];
  private victimSeq = 0;
  coSuspects = 0;
  /** the next career's random stream: careers with no incident in the period are skipped */
  private candidate = 0;

  constructor(o: SimulateOptions) {
    checkOptions(o);
    this.seed = o.seed;
    this.start = o.start;
    this.end = o.end;
    this.launch = o.launch ?? o.start;
    this.effect = o.effect ?? MODEL.effect;
    this.persons = o.persons;
    this.startYear = civilFromDay(o.start).y;
    this.yearSeq = new Array(civilFromDay(o.end).y - this.startYear + 1).fill(0);
  }

  private incidentId(day: Day): string {
    const y = civilFromDay(day).y;
    const seq = ++this.yearSeq[y - this.startYear];
    return `DIR-${y}-${String(seq).padStart(6, '0')}`;
  }

  private victim(): string {
    return `V${String(++this.victimSeq).padStart(6, '0')}`;
  }

  /** A notification at `level` for an incident on `t`: lag, type and victim contact. */
  private schedule(rng: Rng, t: Day, level: Exclude<LevelCode, 0 | 4>): Pending {
    let lag: number;
    let type: Pending['type'];
    let before: number; // P(victim contacted on or before the notification day)
    let late: number; // P(contacted after it)
    if (level === LEVEL_D) {
      lag = 3 + Math.floor(rng.exp(8));
      type = 'letter';
      before = 0.3;
      late = 0.1;
    } else if (level === LEVEL_C) {
      lag = 5 + Math.floor(rng.exp(10));
      type = rng.chance(0.7) ? 'face_to_face' : 'custom_notification';
      before = 0.55;
      late = 0.1;
    } else {
      lag = 4 + Math.floor(rng.exp(9));
      type = 'custom_notification';
      before = 0.88;
      late = 0.07;
    }
    const day = t + Math.min(lag, 60);
    const u = rng.next();
    let victimContactDay: Day | null = null;
    if (u < before) victimContactDay = t + rng.int(day - t + 1);
    else if (u < before + late) victimContactDay = day + 1 + Math.floor(rng.exp(6));
    if (victimContactDay !== null && victimContactDay > this.end) victimContactDay = null;
    return { day, level, type, victimContactDay, triggerDay: t };
  }

  /**
   * The first exported incident day of a career drawn from `rng`, or null
   * when the career has no incident in [start, end]. Draws the arrival, the
   * incident hazard (mean gap) and the career end.
   */
  private career(rng: Rng): { first: Day; gapMean: number; careerEnd: number } | null {
    const M = MODEL;
    const { start, end } = this;
    const arrival = start - M.burnInDays + rng.int(end - start + M.burnInDays + 1);
    const pContinue = M.continueMin + (M.continueMax - M.continueMin) * rng.next();
    const gapMean = M.gapMeanMin + (M.gapMeanMax - M.gapMeanMin) * rng.next();
    // P(another incident before the career ends) = h / (h + mu) = pContinue, h = 1 / gapMean
    const careerEnd = arrival + rng.exp((gapMean * pContinue) / (1 - pContinue));
    if (arrival >= start) return { first: arrival, gapMean, careerEnd };
    if (careerEnd < start) return null;
    // the incidents before `start` are not exported; by memorylessness the
    // first one in the period comes an exponential time after start − 1
    const x = start - 1 + rng.exp(gapMean);
    if (x > careerEnd || Math.ceil(x) > end) return null;
    return { first: Math.ceil(x), gapMean, careerEnd };
  }

  /**
   * Generate person `index`: append their rows (and any second suspect's) to
   * the arrays. Careers with no incident in the period are skipped, each on
   * a random stream of its own, so person `index` is the index-th career
   * that reaches the export.
   */
  person(index: number, incidents: SimIncident[], notifications: SimNotification[]): void {
    let rng: Rng;
    let c: ReturnType<PersonGenerator['career']>;
    do {
      rng = new Rng(this.seed, DOMAIN.person, this.candidate++);
      c = this.career(rng);
    } while (c === null);
    const { first, gapMean, careerEnd } = c;
    const id = personId(index);
    const { end, launch, effect } = this;
    const M = MODEL;
    const ipv = !rng.chance(M.nonIpvShare);
    const home = rng.weighted(AGENCIES, AGENCY_WEIGHTS);
    const pOffense = M.offenseMin + (M.offenseMax - M.offenseMin) * rng.next();
    const pSerious = M.seriousMax * rng.next();
    let victim = this.victim();
    let relationship: string = ipv ? rng.weighted(IPV_RELATIONSHIPS, IPV_WEIGHTS) : rng.pick(NON_IPV_RELATIONSHIPS);
    let changedPartner = false;

    const tier = new TierState();
    let pending: Pending | null = null;
    let notified = false;
    const deliver = (p: Pending) => {
      tier.addNotification(p.day, p.level);
      notifications.push({
        personId: id,
        day: p.day,
        level: p.level,
        type: p.type,
        victimContactDay: p.victimContactDay,
        triggerDay: p.triggerDay,
      });
    };

    let t = first;
    for (let n = 0; ; n++) {
      if (n > 0 && ipv) {
        if (!changedPartner && rng.chance(M.newPartner)) {
          changedPartner = true;
          victim = this.victim();
          relationship = rng.pick(NEW_PARTNER);
        } else if (relationship !== 'EX' && rng.chance(M.becomesEx)) {
          relationship = 'EX';
        }
      }
      // severity
      const serious = rng.chance(pSerious);
      let flags = 0;
      let isOffense: boolean;
      if (serious) {
        const kind = rng.next();
        flags |= kind < 0.4 ? FLAG.weapon : kind < 0.75 ? FLAG.strangulation : FLAG.felony;
        isOffense = (flags & FLAG.felony) !== 0 || rng.chance(0.9);
        if (isOffense && rng.chance(0.5)) flags |= FLAG.felony;
      } else {
        isOffense = rng.chance(pOffense);
      }
      let offense = '';
      if (isOffense) {
        const arrest = rng.chance(M.arrest);
        if (arrest) flags |= FLAG.arrest;
        if (!arrest || rng.chance(M.codeWithArrest)) {
          offense = flags & FLAG.felony ? rng.pick(FELONY_CODES) : rng.weighted(MISDEMEANOR_CODES, MISDEMEANOR_WEIGHTS);
        }
      }
      if (rng.chance(serious ? 0.55 : isOffense ? 0.3 : 0.08)) flags |= FLAG.injury;
      const agency = rng.chance(M.otherAgency) ? rng.weighted(AGENCIES, AGENCY_WEIGHTS) : home;
      const incidentId = this.incidentId(t);
      incidents.push({
        incidentId,
        day: t,
        suspectId: id,
        victimId: victim,
        relationship,
        offense,
        flags,
        agency,
        ipv,
      });

      // tier and notification
      const before = tier.level();
      tier.addIncident(t, isOffense, serious);
      const after = tier.level();
      if (after > before) {
        pending = null; // superseded by the higher level (or by A: no notification)
        if (ipv && after < LEVEL_A && t >= launch && rng.chance(M.notify))
          pending = this.schedule(rng, t, after as Pending['level']);
      }

      if (pending !== null && pending.day === t) {
        // due the same day as this incident, which did not raise the level: delivered after it
        deliver(pending);
        notified = true;
        pending = null;
      }

      if (rng.chance(M.coSuspect))
        this.coSuspect(rng, incidents, notifications, incidentId, t, victim, flags, offense, agency);

      // the next incident: continuous time x, on day ceil(x) (at least t + 1)
      let x = t + rng.exp(notified ? gapMean / effect : gapMean);
      if (pending !== null && pending.day < x) {
        // delivered before the next incident: from the end of its day the hazard is x effect
        if (pending.day <= end) {
          if (!notified) x = pending.day + (x - pending.day) / effect;
          deliver(pending);
          notified = true;
        }
        pending = null;
      }
      if (x > careerEnd) break;
      const next = Math.ceil(x);
      if (next > end) break;
      t = next;
    }
    if (pending !== null && pending.day <= end) deliver(pending);
  }

  /** A second suspect in the same incident: a one-incident person with an id of their own. */
  private coSuspect(
    rng: Rng,
    incidents: SimIncident[],
    notifications: SimNotification[],
    incidentId: string,
    t: Day,
    victimId: string,
    primaryFlags: number,
    primaryOffense: string,
    agency: string,
  ): void {
    const id = String(this.persons + 1 + this.coSuspects++);
    const ipv = rng.chance(MODEL.coSuspectIpv);
    const relationship = ipv ? 'EX' : rng.pick(NON_IPV_RELATIONSHIPS);
    let flags = primaryFlags & (FLAG.injury | FLAG.weapon);
    if (primaryFlags & FLAG.arrest && rng.chance(0.6)) flags |= FLAG.arrest | (primaryFlags & FLAG.felony);
    const offense = primaryOffense !== '' && rng.chance(0.7) ? primaryOffense : '';
    incidents.push({ incidentId, day: t, suspectId: id, victimId, relationship, offense, flags, agency, ipv });
    if (ipv && t >= this.launch && rng.chance(MODEL.notify)) {
      const isOffense = (flags & FLAG.arrest) !== 0 || offense !== '';
      const p = this.schedule(rng, t, isOffense ? LEVEL_C : LEVEL_D);
      if (p.day <= this.end) notifications.push({ personId: id, ...p });
    }
  }
}

/**
 * Generate person by person, in person order, handing each person's rows
 * (their incidents in date order, then a second suspect's row right after the
 * shared incident; their notifications in date order per person) to
 * `onPerson`. The arrays are reused: copy what you keep. Memory stays
 * constant however many persons are generated.
 */
export function simulateRaw(
  options: SimulateOptions,
  onPerson: (incidents: SimIncident[], notifications: SimNotification[]) => void,
): SimulateSummary {
  const gen = new PersonGenerator(options);
  const incidents: SimIncident[] = [];
  const notifications: SimNotification[] = [];
  const summary = emptySummary(options.persons);
  for (let i = 0; i < options.persons; i++) {
    incidents.length = 0;
    notifications.length = 0;
    gen.person(i, incidents, notifications);
    tally(summary, incidents, notifications);
    onPerson(incidents, notifications);
  }
  summary.coSuspects = gen.coSuspects;
  return summary;
}

export function emptySummary(persons: number): SimulateSummary {
  return { persons, coSuspects: 0, incidentRows: 0, nonIpvRows: 0, notificationRows: 0 };
}

/** Add one person's rows to the counts (coSuspects is taken from the generator at the end). */
export function tally(summary: SimulateSummary, incidents: SimIncident[], notifications: SimNotification[]): void {
  summary.incidentRows += incidents.length;
  for (const inc of incidents) if (!inc.ipv) summary.nonIpvRows++;
  summary.notificationRows += notifications.length;
}

/** The cells of a simulated incident other than the yes/no flags (those come from its flag bits). */
const INCIDENT_CELLS: { [F in Exclude<IncidentField, BooleanField>]: (i: SimIncident) => string } = {
  incident_id: (i) => i.incidentId,
  incident_date: (i) => formatDay(i.day),
  suspect_id: (i) => i.suspectId,
  victim_id: (i) => i.victimId,
  relationship: (i) => i.relationship,
  offense: (i) => i.offense,
  agency: (i) => i.agency,
};
const INCIDENT_CELL = INCIDENT_FIELDS.map((f): ((i: SimIncident) => string) => {
  if (f in INCIDENT_CELLS) return INCIDENT_CELLS[f as keyof typeof INCIDENT_CELLS];
  const bit = FLAG[f as BooleanField];
  return (i) => (i.flags & bit ? 'true' : 'false');
});

/** A simulated incident's canonical cells, in INCIDENT_COLUMNS order. */
export function incidentCells(i: SimIncident): string[] {
  return INCIDENT_CELL.map((cell) => cell(i));
}

export function incidentRow(i: SimIncident): IncidentRow {
  const row = {} as IncidentRow;
  INCIDENT_FIELDS.forEach((f, k) => (row[f] = INCIDENT_CELL[k](i)));
  return row;
}

export function notificationRow(n: SimNotification): NotificationRow {
  return {
    person_id: n.personId,
    notification_date: formatDay(n.day),
    level: levelName(n.level) as Level,
    type: n.type,
    victim_contact_date: n.victimContactDay === null ? '' : formatDay(n.victimContactDay),
  };
}

/**
 * Streaming variant: canonical rows, one call per person (notifications only
 * when the person has some). Nothing is kept between calls.
 */
export function simulateStream(
  options: SimulateOptions,
  onIncidentRows: (rows: IncidentRow[]) => void,
  onNotificationRows: (rows: NotificationRow[]) => void = () => {},
): SimulateSummary {
  return simulateRaw(options, (incidents, notifications) => {
    onIncidentRows(incidents.map(incidentRow));
    if (notifications.length) onNotificationRows(notifications.map(notificationRow));
  });
}

/**
 * Generate everything in memory (for tests and small N): incidents in
 * generation order (person by person), notifications sorted by date (stable).
 *
 * @example
 * const { incidents, notifications } = simulate({ persons: 100, seed: 42, start: parseIsoDay('2019-01-01')!, end: parseIsoDay('2023-12-31')! });
 */
export function simulate(options: SimulateOptions): {
  incidents: IncidentRow[];
  notifications: NotificationRow[];
  summary: SimulateSummary;
} {
  const incidents: IncidentRow[] = [];
  const raw: SimNotification[] = [];
  const summary = simulateRaw(options, (inc, not) => {
    for (const i of inc) incidents.push(incidentRow(i));
    for (const n of not) raw.push(n);
  });
  raw.sort((a, b) => a.day - b.day);
  return { incidents, notifications: raw.map(notificationRow), summary };
}
