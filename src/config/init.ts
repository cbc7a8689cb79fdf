/**
 * Starter config from an export's header and first rows: each canonical field
 * is mapped to the source column whose name is most similar (synonyms, then
 * edit distance), the date format and boolean spellings are guessed from the
 * values, and every guess is marked `# REVIEW` for a person to check.
 * Pure: takes header and sample rows, returns YAML text.
 */
import { compileDateFormat } from './date-format.js';
import { DEFAULT_FALSE, DEFAULT_TRUE } from './load.js';
import { editDistance } from '../edit-distance.js';
import { fieldNamed, INCIDENT_FIELDS, NOTIFICATION_FIELDS } from '../fields.js';

export const DATE_CANDIDATES = [
  'yyyy-MM-dd',
  'MM/dd/yyyy',
  'M/d/yyyy',
  'dd/MM/yyyy',
  'd/M/yyyy',
  'MM-dd-yyyy',
  'dd.MM.yyyy',
  'yyyy/MM/dd',
  'MM/dd/yy',
  'M/d/yy',
  'yyyyMMdd',
];

export function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Similarity in [0, 1] of a header to a canonical field: exact/synonym 1, else best normalised edit similarity. */
export function similarity(header: string, field: string): number {
  const h = normalise(header);
  const names = [normalise(field), ...(fieldNamed(field)?.synonyms ?? [])];
  let best = 0;
  for (const n of names) {
    if (h === n) return 1;
    const d = editDistance(h, n);
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
  const usedF = new Set<string>(),
    usedH = new Set<string>();
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
  /** the detected encoding, and why (written as `encoding:`) */
  encoding?: { name: string; why: string };
  /** every column's distinct values (trimmed) and their rows over the whole file; a column with too many is absent */
  valueCounts?: Map<string, number>[];
}

/**
 * Relationship spellings that read as intimate partner (docs/config.md#ipv-relationships):
 * spouses and former spouses, boyfriend/girlfriend, dating, a child in common,
 * (domestic, intimate, former) partners, fiancé(e)s, common-law and significant
 * others. `ipvi init` pre-selects the values that match, each marked for review.
 */
const INTIMATE_PARTNER =
  /\b(spouses?|husband|wife|ex ?spouse|ex ?husband|ex ?wife|boy ?friend|girl ?friend|dating|dated|date|fiancee?|intimate|partner|child(ren)? in common|common child(ren)?|common law|significant other|romantic|cohabiting partner|ipv)\b/;
const NOT_INTIMATE = /\b(business|room ?mate|co ?worker|colleague|neighbou?r|friend of|in law|step)\b/;

/**
 * Relationship codes that mean intimate partner: the NIBRS victim-to-offender codes
 * SE (spouse), CS (common-law spouse), XS (ex-spouse), BG (boyfriend/girlfriend),
 * XR (ex-relationship) and HR (same-sex relationship), and the usual local ones
 * SP (spouse), EX (ex-spouse), BF, GF, DP (domestic partner), DT (dating).
 */
const INTIMATE_PARTNER_CODES = new Set(['se', 'cs', 'xs', 'bg', 'xr', 'hr', 'sp', 'ex', 'bf', 'gf', 'dp', 'dt']);

/** Does a relationship value read as intimate partner by its spelling or code (accents and case ignored)? */
export function looksIntimatePartner(value: string): boolean {
  const v = value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (INTIMATE_PARTNER_CODES.has(v)) return true;
  return v !== '' && INTIMATE_PARTNER.test(v) && !NOT_INTIMATE.test(v);
}

/** The `ipv_relationships:` lines: the column's values with their rows, the intimate-partner ones selected. */
function relationshipLines(column: string, counts: Map<string, number> | undefined): string[] {
  if (!counts || counts.size === 0) {
    return [
      '  # Keep only intimate-partner relationship codes (others are excluded and counted):',
      "  # ipv_relationships: [SP, EX, BF, GF, DP]  # REVIEW: your agency's codes",
    ];
  }
  const values = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;
  const chosen = values.filter(([v]) => v !== '' && looksIntimatePartner(v));
  const others = values.filter(([v]) => v === '' || !looksIntimatePartner(v));
  const out = [
    `  # The values of ${yamlString(column)} in the export, with their rows. Rows whose value is not listed`,
    '  # under ipv_relationships are excluded (and counted per value by ipvi validate). The values that read',
    '  # as intimate partner by their spelling are selected: check each one, and move any other that is.',
  ];
  if (chosen.length) {
    out.push('  ipv_relationships:');
    for (const [v, n] of chosen)
      out.push(`    - ${yamlString(v)}  # REVIEW: ${rows(n)}; intimate partner by its spelling`);
  } else {
    out.push('  # ipv_relationships: []  # REVIEW: no value read as intimate partner; list the ones that are');
  }
  if (others.length) {
    out.push('  # not selected (REVIEW: add any that is an intimate partner):');
    for (const [v, n] of others) out.push(`  #   - ${v === '' ? '(blank)' : yamlString(v)}  # ${rows(n)}`);
  }
  return out;
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
    if (input.encoding) out.push(`  encoding: ${input.encoding.name}  # REVIEW: ${input.encoding.why}`);
    const guesses = guessColumns(input.header, fields);
    const dateValues: string[] = [];
    const levelValues = new Set<string>();
    const boolValues = new Set<string>();
    out.push('  columns:');
    for (const g of guesses) {
      if (g.header === null) {
        out.push(
          `    # ${g.field}: ""  # ${fieldNamed(g.field)?.required ? 'REQUIRED: no column looked like it; map it' : 'not found (optional)'}`,
        );
        continue;
      }
      const col = input.header.indexOf(g.header);
      const note = g.score === 1 ? 'REVIEW: name match' : `REVIEW: guessed (similarity ${g.score.toFixed(2)})`;
      out.push(`    ${g.field}: ${yamlString(g.header)}  # ${note}`);
      if (fieldNamed(g.field)?.kind === 'date') for (const r of input.rows) dateValues.push(r[col] ?? '');
      if (fieldNamed(g.field)?.kind === 'boolean') for (const r of input.rows) boolValues.add((r[col] ?? '').trim());
      if (fieldNamed(g.field)?.kind === 'level')
        for (const r of input.rows) if ((r[col] ?? '').trim()) levelValues.add((r[col] ?? '').trim());
    }
    const formats = guessDateFormats(dateValues);
    if (formats.length === 0) {
      out.push(
        '  # date_formats: ["MM/dd/yyyy"]  # REVIEW: no known format fits the sample dates; write the export\'s format',
      );
    } else {
      const dayFirst = formats.some((f) => /^d/.test(f)) && formats.some((f) => /^M/.test(f));
      const ambiguous =
        formats.length > 1
          ? ` (also fits: ${formats.slice(1).join(', ')}${dayFirst ? '; CHECK the day/month order' : ''})`
          : '';
      out.push(`  date_formats: [${yamlString(formats[0])}]  # REVIEW: fits every sampled date${ambiguous}`);
    }
    const defaults = new Set([...DEFAULT_TRUE, ...DEFAULT_FALSE]);
    const unknown = [...boolValues].filter((v) => !defaults.has(v.toLowerCase()));
    if (unknown.length) {
      out.push('  booleans:  # REVIEW: sorted the sampled spellings into yes and no');
      out.push(
        `    true: [${[...boolValues]
          .filter((v) => /^(y|yes|true|t|1|x)$/i.test(v))
          .map(yamlString)
          .join(', ')}]`,
      );
      out.push(
        `    false: [${[...boolValues]
          .filter((v) => !/^(y|yes|true|t|1|x)$/i.test(v))
          .map(yamlString)
          .join(', ')}]`,
      );
    }
    if (name === 'incidents') {
      const rel = guesses.find((g) => g.field === 'relationship')?.header ?? null;
      const at = rel === null ? -1 : input.header.indexOf(rel);
      out.push(...relationshipLines(rel ?? '', at < 0 ? undefined : input.valueCounts?.[at]));
    } else {
      const spelled = new Map<string, string[]>();
      for (const v of levelValues) {
        if (/^[ABCD]$/i.test(v)) continue;
        const m = /(?:^|[^A-Za-z])([ABCD])(?:$|[^A-Za-z])/i.exec(v);
        if (m) spelled.set(m[1].toUpperCase(), [...(spelled.get(m[1].toUpperCase()) ?? []), v]);
      }
      if (spelled.size) {
        out.push('  levels:  # REVIEW: the sampled spellings of each level');
        for (const l of ['A', 'B', 'C', 'D'])
          if (spelled.has(l)) out.push(`    ${l}: [${spelled.get(l)!.map(yamlString).join(', ')}]`);
      } else {
        out.push("  # levels:  # the export's spellings of each level, when not plain A/B/C/D");
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
