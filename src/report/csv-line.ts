import { visible } from '../io/terminal-safe.js';

/**
 * The one CSV writer: every CSV file ipvi writes (tables, the batch's long
 * results, --rejects, the simulator's data) is made of `csvLine` records, so
 * one quoting rule and one formula neutraliser hold everywhere
 * (docs/methods.md#spreadsheet-safe-csv).
 *
 * A field is quoted when it contains a separator-like character (`,` `;` tab
 * `|`, and the delimiter), a double quote, CR or LF; a quote inside is
 * doubled. Spreadsheet import dialogs guess or offer several separators at
 * once (LibreOffice's defaults are comma, semicolon and tab; a semicolon is
 * the separator in many locales), so a field carrying any of them unquoted
 * would shift the columns of its row. It renders exactly what csv-stringify
 * renders with `{ delimiter, record_delimiter: eol, quoted_match: QUOTED_MATCH }`
 * (a test checks this on random fields), but without csv-stringify's
 * per-field allocations: the simulator writes up to tens of millions of rows
 * and `classify`/`tiers` hundreds of thousands, and csv-stringify's garbage
 * dominated their run time (measured: docs/performance.md).
 *
 * @example
 * csvLine(['a', 'b;c', 'say "hi"'], ',', '\r\n') // 'a,"b;c","say ""hi"""\r\n'
 */
export function csvLine(fields: readonly string[], delimiter = ',', eol = '\n'): string {
  // one native join (a flat string) rather than a chain of concatenations the writer must flatten
  let quoted: string[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const v = fields[i];
    const f = csvField(v, delimiter);
    if (f !== v) {
      quoted ??= fields.slice();
      quoted[i] = f;
    }
  }
  return (quoted ?? fields).join(delimiter) + eol;
}

/** One field of a `csvLine`: quoted (quotes inside doubled) when it needs quotes, else as it is. */
export function csvField(v: string, delimiter = ','): string {
  return needsQuotes(v, delimiter) ? '"' + (v.includes('"') ? v.replace(/"/g, '""') : v) + '"' : v;
}

/** The characters that make `csvLine` quote a field (besides the delimiter and `"`), as csv-stringify's `quoted_match`. */
export const QUOTED_MATCH = /[\r\n,;\t|]/;

function needsQuotes(v: string, delimiter: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // " LF CR , ; tab |
    if (c === 34 || c === 10 || c === 13 || c === 44 || c === 59 || c === 9 || c === 124) return true;
  }
  return v.includes(delimiter);
}

/**
 * OWASP CSV injection, made unambiguous and separator-proof
 * (docs/methods.md#spreadsheet-safe-csv). A text cell is read as pieces: the
 * whole cell, and what follows each separator-like character in it (`,` `;`
 * tab `|` CR LF) — the pieces an importer with another separator, or one that
 * mis-reads a quote, would make into cells (LibreOffice with `;` as separator
 * turns the quoted `"x;=2*3;",4` into `"x`, `=2*3` → 6 and `",4`). One `'` is
 * inserted at the start of every piece that a spreadsheet could read as a
 * formula — its first character that is not a space is `=` `+` `-` `@` (or
 * their full-width forms, which some East Asian Excel builds accept) — and at
 * the start of every piece that already starts with `'`; a cell that starts
 * with tab, CR or LF is prefixed too. So a cell is read back by removing one
 * `'` at its start and one right after each separator-like character
 * (`restoreNeutralised`), and distinct values stay distinct.
 * Numbers are numbers and are left alone by the callers.
 *
 * @example
 * neutraliseFormula('=1+1')    // "'=1+1"
 * neutraliseFormula("'=1+1")   // "''=1+1"
 * neutraliseFormula('x;=2*3;') // "x;'=2*3;"
 */
export function neutraliseFormula(value: string): string {
  if (!mayNeedPrefix(value)) return value;
  let out = '';
  let from = 0;
  let pieceStart = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (pieceStart && (startsFormula(value, i) || (i === 0 && (c === 9 || c === 13 || c === 10)))) {
      out += value.slice(from, i) + "'";
      from = i;
    }
    pieceStart = isSeparatorLike(c);
  }
  return from === 0 && out === '' ? value : out + value.slice(from);
}

/**
 * False when no piece of `value` can need a `'` (most cells): no piece starts, after its spaces,
 * with `'`, a formula character, a full-width form or a tab, CR or LF. A quick scan that errs
 * only towards true (then `neutraliseFormula` does the exact work).
 */
function mayNeedPrefix(value: string): boolean {
  let start = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (start && c !== 32) {
      // ' = + - @, tab CR LF, and everything from the first full-width form (U+FF0B) up
      if (c === 39 || c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 || c === 10 || c >= 0xff0b)
        return true;
      start = false;
    }
    if (isSeparatorLike(c)) start = true;
  }
  return false;
}

/** The inverse of `neutraliseFormula`: one `'` removed at the start and right after each separator-like character. */
export function restoreNeutralised(cell: string): string {
  let out = '';
  let pieceStart = true;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (!(pieceStart && c === 39)) out += cell[i];
    pieceStart = pieceStart && c === 39 ? false : isSeparatorLike(c);
  }
  return out;
}

function isSeparatorLike(c: number): boolean {
  // , ; tab | CR LF
  return c === 44 || c === 59 || c === 9 || c === 124 || c === 13 || c === 10;
}

/** Does the piece starting at `i` start with `'`, or (after spaces) with a formula character? */
function startsFormula(v: string, i: number): boolean {
  if (v.charCodeAt(i) === 39) return true;
  while (i < v.length && v.charCodeAt(i) === 32) i++;
  if (i === v.length) return false;
  const c = v.charCodeAt(i);
  // = + - @ and full-width ＝ ＋ － ＠
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20;
}

/**
 * True when text goes into a comma-separated line of a safe CSV as it is: printable ASCII with no
 * quote, comma, semicolon or bar (nothing to quote, escape or neutralise; no separator-like
 * character, so its only piece is itself), not starting, after spaces, with `'` or a formula
 * character. One scan where `csvCell`, `visible` and the quoting make three; false only sends
 * the text down their full path.
 */
export function plainCsvText(v: string): boolean {
  let i = 0;
  while (i < v.length && v.charCodeAt(i) === 32) i++;
  if (i < v.length) {
    const c = v.charCodeAt(i);
    // ' = + - @
    if (c === 39 || c === 61 || c === 43 || c === 45 || c === 64) return false;
  }
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    // outside U+0020–U+007E, or " , ; |
    if (c < 0x20 || c > 0x7e || c === 34 || c === 44 || c === 59 || c === 124) return false;
  }
  return true;
}

/** A cell as CSV text: numbers unrounded (non-finite → empty), booleans `true`/`false`, text neutralised unless `safe` is false. */
export function csvCell(v: string | number | boolean | null | undefined, safe = true): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return safe ? neutraliseFormula(v) : v;
}

/** A whole CSV document (header, then rows) through `csvLine`, `csvCell` and (safe) `visible`: the writer for small outputs (--rejects, the batch's results). */
export function csvDocument(
  header: readonly string[],
  rows: Iterable<readonly (string | number | boolean | null | undefined)[]>,
  safe = true,
): string {
  // as every table's CSV (render.ts): control and bidi characters shown as escapes when safe
  const cell = (v: string | number | boolean | null | undefined) => (safe ? visible(csvCell(v)) : csvCell(v, false));
  const parts = [csvLine(header.map(cell))];
  for (const r of rows) parts.push(csvLine(r.map(cell)));
  return parts.join('');
}
