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
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const v = fields[i];
    if (i > 0) line += delimiter;
    if (needsQuotes(v, delimiter)) line += '"' + v.replace(/"/g, '""') + '"';
    else line += v;
  }
  return line + eol;
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
 * OWASP CSV injection, made unambiguous: a text cell is prefixed with one
 * `'` when a spreadsheet could read it as a formula — its first character
 * that is not a space is `=` `+` `-` `@` (or their full-width forms, which
 * some East Asian Excel builds accept), or it starts with tab or CR — and
 * also when it already starts with `'`, so a prefixed cell can always be read
 * back by removing exactly one leading `'` (docs/methods.md#spreadsheet-safe-csv).
 * Numbers are numbers and are left alone by the callers.
 *
 * A formula trigger after a separator-like character inside the cell (`x;=1+1`)
 * needs no prefix: `csvLine` always quotes such a cell, and an importer that
 * honours quotes never splits it, so the piece never starts a cell.
 */
export function neutraliseFormula(value: string): string {
  if (value.length === 0) return value;
  const c0 = value.charCodeAt(0);
  if (c0 === 39 /* ' */ || c0 === 9 || c0 === 13 || c0 === 10) return `'${value}`;
  let i = 0;
  while (i < value.length && value.charCodeAt(i) === 32) i++;
  if (i === value.length) return value;
  const c = value.charCodeAt(i);
  // = + - @ and full-width ＝ ＋ － ＠
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20 ? `'${value}` : value;
}

/** A cell as CSV text: numbers unrounded (non-finite → empty), booleans `true`/`false`, text neutralised unless `safe` is false. */
export function csvCell(v: string | number | boolean | null | undefined, safe = true): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return safe ? neutraliseFormula(v) : v;
}

/** A whole CSV document (header, then rows) through `csvLine` and `csvCell`: the writer for small outputs (--rejects, the batch's results). */
export function csvDocument(header: readonly string[], rows: Iterable<readonly (string | number | boolean | null | undefined)[]>, safe = true): string {
  const parts = [csvLine(header.map((h) => csvCell(h, safe)))];
  for (const r of rows) parts.push(csvLine(r.map((v) => csvCell(v, safe))));
  return parts.join('');
}
