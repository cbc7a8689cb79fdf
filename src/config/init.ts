/**
 * Starter config from an export's header and first rows: each canonical field
 * is mapped to the source column whose name is most similar (synonyms, then
 * edit distance), the date format and boolean spellings are guessed from the
 * values, and every guess is marked `# REVIEW` for a person to check.
 * Pure: takes header and sample rows, returns YAML text.
 */
import { compileDateFormat } from '../ingest/date-format.js';
import { DEFAULT_FALSE, DEFAULT_TRUE } from './load.js';
import { INCIDENT_FIELDS, NOTIFICATION_FIELDS } from './schema.js';

const SYNONYMS: Record<string, string[]> = {
  incident_id: ['incident id', 'incident number', 'incident no', 'dir number', 'dir no', 'dir id', 'report number', 'report no', 'rpt no', 'rpt number', 'case number', 'case no', 'case id', 'ccn', 'cad number', 'event number'],
  incident_date: ['incident date', 'date', 'rpt date', 'report date', 'reported date', 'occurred date', 'occurrence date', 'event date', 'date of incident', 'offense date'],
  suspect_id: ['suspect id', 'suspect', 'offender id', 'perpetrator id', 'abuser id', 'arrestee id', 'person id', 'subject id', 'suspect number', 'aggressor id'],
  victim_id: ['victim id', 'victim', 'survivor id', 'complainant id', 'victim number'],
  relationship: ['relationship', 'rel code', 'relationship code', 'victim offender relationship', 'vor', 'rel'],
  offense: ['offense', 'offense code', 'charge', 'charge code', 'crime', 'crime code', 'statute', 'offence'],
  arrest: ['arrest', 'arrest made', 'arrested', 'arrest y n', 'arrest flag'],
  injury: ['injury', 'inj', 'injured', 'victim injured', 'injury y n', 'injuries'],
  weapon: ['weapon', 'wpn', 'weapon used', 'weapon involved', 'weapon y n', 'firearm'],
  strangulation: ['strangulation', 'strangled', 'choking', 'strangulation y n'],
  felony: ['felony', 'felony charge', 'felony y n', 'fel'],
  agency: ['agency', 'pct', 'precinct', 'district', 'beat', 'ori', 'department', 'unit'],
  person_id: ['person id', 'suspect id', 'offender id', 'abuser id', 'subject id', 'perpetrator id'],
  notification_date: ['notification date', 'notified date', 'date notified', 'notice date', 'date', 'delivery date', 'contact date'],
  level: ['level', 'tier', 'classification', 'ipvi level', 'notification level', 'class'],
  type: ['type', 'notification type', 'method', 'delivery method', 'notice type'],
  victim_contact_date: ['victim contact date', 'victim contacted', 'victim outreach date', 'advocate contact date', 'vic contact date'],
};

const REQUIRED = new Set(['incident_id', 'incident_date', 'suspect_id', 'person_id', 'notification_date', 'level']);
const DATE_FIELDS = new Set(['incident_date', 'notification_date', 'victim_contact_date']);
const BOOL_FIELDS = new Set(['arrest', 'injury', 'weapon', 'strangulation', 'felony']);

export const DATE_CANDIDATES = ['yyyy-MM-dd', 'MM/dd/yyyy', 'M/d/yyyy', 'dd/MM/yyyy', 'd/M/yyyy', 'MM-dd-yyyy', 'dd.MM.yyyy', 'yyyy/MM/dd', 'MM/dd/yy', 'M/d/yy', 'yyyyMMdd'];

export function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Similarity in [0, 1] of a header to a canonical field: exact/synonym 1, else best normalised edit similarity. */
export function similarity(header: string, field: string): number {
  const h = normalise(header);
  const names = [normalise(field), ...(SYNONYMS[field] ?? [])];
  let best = 0;
  for (const n of names) {
    if (h === n) return 1;
    const d = levenshtein(h, n);
    best = Math.max(best, 1 - d / Math.max(h.length, n.length, 1));
    if (h.includes(n) && n.length >= 4) best = Math.max(best, 0.85);
  }
  return best;
}

export interface Guess {
  field: string;
  header: string | null;
  score: number;
}

/** Greedy best-first assignment of headers to fields (each header used once). */
export function guessColumns(header: string[], fields: readonly string[], threshold = 0.6): Guess[] {
  const pairs: { field: string; header: string; score: number }[] = [];
  for (const f of fields) for (const h of header) pairs.push({ field: f, header: h, score: similarity(h, f) });
  pairs.sort((a, b) => b.score - a.score);
  const usedF = new Set<string>(), usedH = new Set<string>();
  const out = new Map<string, Guess>();
  for (const p of pairs) {
    if (p.score < threshold || usedF.has(p.field) || usedH.has(p.header)) continue;
    usedF.add(p.field);
    usedH.add(p.header);
    out.set(p.field, p);
  }
  return fields.map((f) => out.get(f) ?? { field: f, header: null, score: 0 });
}

/** Date formats that parse every non-empty sample value. */
export function guessDateFormats(values: string[]): string[] {
  const sample = values.map((v) => v.trim()).filter(Boolean);
  if (sample.length === 0) return [];
  return DATE_CANDIDATES.filter((f) => {
    const parse = compileDateFormat(f);
    return sample.every((v) => parse(v) !== null);
  });
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export interface InitInput {
  file: string;
  header: string[];
  rows: string[][];
  delimiter: string;
}

export function starterConfig(incidents: InitInput, notifications?: InitInput): string {
  const out: string[] = [
    '# ipvi config: a STARTER written by `ipvi init`. Every line marked REVIEW is a guess:',
    '# check it against the export before relying on any number. docs/config.md explains each key.',
    'version: 1',
    `name: ${yamlString('My agency')}  # REVIEW: your agency's name`,
    '',
    '# The period the export covers (both days inclusive). Set it when the export runs past the last incident.',
    '# coverage:',
    '#   start: 2019-01-01',
    '#   end: 2023-12-31',
  ];
  const section = (name: 'incidents' | 'notifications', input: InitInput, fields: readonly string[]) => {
    out.push('', `${name}:`, `  # guessed from ${input.file}`);
    out.push(`  delimiter: ${yamlString(input.delimiter)}`);
    const guesses = guessColumns(input.header, fields);
    const dateValues: string[] = [];
    const levelValues = new Set<string>();
    const boolValues = new Set<string>();
    out.push('  columns:');
    for (const g of guesses) {
      if (g.header === null) {
        out.push(`    # ${g.field}: ""  # ${REQUIRED.has(g.field) ? 'REQUIRED: no column looked like it; map it' : 'not found (optional)'}`);
        continue;
      }
      const col = input.header.indexOf(g.header);
      const note = g.score === 1 ? 'REVIEW: name match' : `REVIEW: guessed (similarity ${g.score.toFixed(2)})`;
      out.push(`    ${g.field}: ${yamlString(g.header)}  # ${note}`);
      if (DATE_FIELDS.has(g.field)) for (const r of input.rows) dateValues.push(r[col] ?? '');
      if (BOOL_FIELDS.has(g.field)) for (const r of input.rows) boolValues.add((r[col] ?? '').trim());
      if (g.field === 'level') for (const r of input.rows) if ((r[col] ?? '').trim()) levelValues.add((r[col] ?? '').trim());
    }
    const formats = guessDateFormats(dateValues);
    if (formats.length === 0) {
      out.push('  # date_formats: ["MM/dd/yyyy"]  # REVIEW: no known format fits the sample dates; write the export\'s format');
    } else {
      const dayFirst = formats.some((f) => /^d/.test(f)) && formats.some((f) => /^M/.test(f));
      const ambiguous = formats.length > 1 ? ` (also fits: ${formats.slice(1).join(', ')}${dayFirst ? '; CHECK the day/month order' : ''})` : '';
      out.push(`  date_formats: [${yamlString(formats[0])}]  # REVIEW: fits every sampled date${ambiguous}`);
    }
    const defaults = new Set([...DEFAULT_TRUE, ...DEFAULT_FALSE]);
    const unknown = [...boolValues].filter((v) => !defaults.has(v.toLowerCase()));
    if (unknown.length) {
      out.push('  booleans:  # REVIEW: sorted the sampled spellings into yes and no');
      out.push(`    true: [${[...boolValues].filter((v) => /^(y|yes|true|t|1|x)$/i.test(v)).map(yamlString).join(', ')}]`);
      out.push(`    false: [${[...boolValues].filter((v) => !/^(y|yes|true|t|1|x)$/i.test(v)).map(yamlString).join(', ')}]`);
    }
    if (name === 'incidents') {
      out.push('  # Keep only intimate-partner relationship codes (others are excluded and reported):');
      out.push('  # ipv_relationships: [SP, EX, BF, GF, DP]  # REVIEW: your agency\'s codes');
    } else {
      const spelled = new Map<string, string[]>();
      for (const v of levelValues) {
        if (/^[ABCD]$/i.test(v)) continue;
        const m = /(?:^|[^A-Za-z])([ABCD])(?:$|[^A-Za-z])/i.exec(v);
        if (m) spelled.set(m[1].toUpperCase(), [...(spelled.get(m[1].toUpperCase()) ?? []), v]);
      }
      if (spelled.size) {
        out.push('  levels:  # REVIEW: the sampled spellings of each level');
        for (const l of ['A', 'B', 'C', 'D']) if (spelled.has(l)) out.push(`    ${l}: [${spelled.get(l)!.map(yamlString).join(', ')}]`);
      } else {
        out.push('  # levels:  # the export\'s spellings of each level, when not plain A/B/C/D');
        out.push('  #   A: ["Level A"]');
      }
    }
  };
  section('incidents', incidents, INCIDENT_FIELDS);
  if (notifications) section('notifications', notifications, NOTIFICATION_FIELDS);
  out.push(
    '',
    '# Tier rules: the default IPVI rules (rules/ipvi-default.yaml) apply when this is absent.',
    '# rules: my-rules.yaml',
    '',
  );
  return out.join('\n');
}
