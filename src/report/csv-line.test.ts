import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvLine } from './csv-line.js';

const tricky = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', ',', ';', '"', '\n', '\r', "'", '=', 'é', '\t') });

describe('csvLine', () => {
  it('renders exactly what csv-stringify renders (comma, LF)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields)).toBe(stringify([fields], { quoted_match: /[\r\n]/ }));
      }),
      { numRuns: 2000 },
    );
  });

  it('renders exactly what csv-stringify renders (semicolon, CRLF)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields, ';', '\r\n')).toBe(stringify([fields], { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ }));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes a newline even when records end with CRLF (csv_newline_in_crlf_file)', () => {
    expect(csvLine(['a\nb', 'c'], ';', '\r\n')).toBe('"a\nb";c\r\n');
  });

  it('examples', () => {
    expect(csvLine(['a', 'b;c', 'say "hi"'], ';', '\r\n')).toBe('a;"b;c";"say ""hi"""\r\n');
    expect(csvLine(['', '', ''])).toBe(',,\n');
    expect(csvLine(['007', 'x, y'])).toBe('007,"x, y"\n');
  });
});
