/**
 * One CSV record as text, quoted the RFC 4180 way: a field is quoted when it
 * contains the delimiter, a double quote, CR or LF, and a quote inside is
 * doubled. It renders exactly what csv-stringify renders with the options
 * below (a test checks this on random fields), but without csv-stringify's
 * per-field allocations: the simulator writes up to tens of millions of rows
 * and `classify`/`tiers` hundreds of thousands, and csv-stringify's garbage
 * dominated their run time (measured: docs/performance.md).
 *
 * Equivalent csv-stringify options: `{ delimiter, record_delimiter: eol,
 * quoted_match: /[\r\n]/ }` (comma and `\n` by default).
 *
 * @example
 * csvLine(['a', 'b;c', 'say "hi"'], ';', '\r\n') // 'a;"b;c";"say ""hi"""\r\n'
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

function needsQuotes(v: string, delimiter: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 34 /* " */ || c === 10 || c === 13) return true;
  }
  return v.includes(delimiter);
}
