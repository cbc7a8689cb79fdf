/**
 * Charge codes (docs/methods.md#charge-codes): an RMS charges cell such as
 * "PL 120.05 Assault 2; PL 240.26 Harassment 2" read against the config's
 * `incidents.charges` lists. A charge is split off at the separator; a listed
 * code matches a charge that starts with it on a code boundary (case and runs
 * of white space ignored): "PL 120.05" matches "PL 120.05(2) Assault 2" and
 * "PL 120.05 Assault 2", "PL 120" matches every charge of article 120, but
 * "PL 120.0" does not match "PL 120.05". Pure: no I/O.
 */

/** The resolved `incidents.charges:` section. */
export interface ChargeCodes {
  /** splits a cell into charges (default ";") */
  separator: string;
  /** codes or prefixes whose charges are felonies (they set the incident's felony flag) */
  felonyCodes: string[];
  /** codes or prefixes whose charges are not offenses (violations, infractions) */
  nonOffenseCodes: string[];
}

export const DEFAULT_CHARGE_SEPARATOR = ';';

/** Upper case, white space runs as one space, trimmed: the form codes and charges are compared in. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toUpperCase();
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * Does `code` match `charge` on a code boundary? Both are compared in
 * normaliseCode form. The charge must start with the code, and the code must
 * end where a code part ends: at the end of the charge, before a character
 * that is not a letter or digit, or with a code that itself ends in one
 * ("PL 120." matches "PL 120.05").
 */
export function codeMatches(code: string, charge: string): boolean {
  const c = normaliseCode(code);
  const t = normaliseCode(charge);
  if (c === '' || !t.startsWith(c)) return false;
  if (t.length === c.length) return true;
  return !WORD.test(t[c.length]) || !WORD.test(c[c.length - 1]);
}

/** The first listed code that matches `charge` (the longest when several do), or undefined. */
function matching(codes: readonly string[], charge: string): string | undefined {
  let best: string | undefined;
  for (const code of codes)
    if (codeMatches(code, charge) && (best === undefined || code.length > best.length)) best = code;
  return best;
}

/** What a charges cell says: each charge with the code that classified it. */
export interface ChargeReading {
  /** a charge that is an offense (not on the non-offense list), or undefined when none is */
  offense?: string;
  /** the first felony charge and the felony code it matched */
  felony?: { charge: string; code: string };
  /** charges on the non-offense list, with the code each matched */
  nonOffense: { charge: string; code: string }[];
}

/**
 * Read a charges cell: split at the separator (empty parts and "no value"
 * spellings dropped), then each charge against the lists. A charge on
 * neither list is an offense (as any non-blank charge is without the lists);
 * a felony charge is an offense even when a non-offense prefix also matches it.
 */
export function readCharges(cell: string, codes: ChargeCodes, nullValues?: ReadonlySet<string>): ChargeReading {
  const out: ChargeReading = { nonOffense: [] };
  for (const part of cell.split(codes.separator || DEFAULT_CHARGE_SEPARATOR)) {
    const charge = part.replace(/\s+/g, ' ').trim();
    if (charge === '' || nullValues?.has(charge.toLowerCase())) continue;
    const felony = matching(codes.felonyCodes, charge);
    if (felony !== undefined) {
      out.felony ??= { charge, code: felony };
      out.offense ??= charge;
      continue;
    }
    const non = matching(codes.nonOffenseCodes, charge);
    if (non !== undefined) out.nonOffense.push({ charge, code: non });
    else out.offense ??= charge;
  }
  return out;
}

/**
 * One line for an incident's history: which charge made it an offense and
 * which made it a felony, and which charges were not offenses. Empty when the
 * cell has no charge.
 */
export function explainCharges(reading: ChargeReading): string {
  const parts: string[] = [];
  if (reading.felony) parts.push(`felony by '${reading.felony.charge}' (felony code ${reading.felony.code})`);
  else if (reading.offense) parts.push(`offense by '${reading.offense}' (not a listed non-offense code)`);
  if (reading.nonOffense.length)
    parts.push(
      `not an offense: ${reading.nonOffense.map((n) => `'${n.charge}' (non-offense code ${n.code})`).join(', ')}`,
    );
  return parts.join('; ');
}
