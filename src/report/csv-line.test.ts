import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { QUOTED_MATCH, csvCell, csvDocument, csvLine, neutraliseFormula } from './csv-line.js';

const tricky = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', ',', ';', '"', '\n', '\r', "'", '=', 'é', '\t', '|', '-') });

describe('csvLine', () => {
  it('renders exactly what csv-stringify renders (comma, LF)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields)).toBe(stringify([fields], { quoted_match: QUOTED_MATCH }));
      }),
      { numRuns: 2000 },
    );
  });

  it('renders exactly what csv-stringify renders (semicolon, CRLF)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 8 }), (fields) => {
        expect(csvLine(fields, ';', '\r\n')).toBe(stringify([fields], { delimiter: ';', record_delimiter: '\r\n', quoted_match: QUOTED_MATCH }));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes a newline even when records end with CRLF (csv_newline_in_crlf_file)', () => {
    expect(csvLine(['a\nb', 'c'], ';', '\r\n')).toBe('"a\nb";c\r\n');
  });

  it('examples', () => {
    expect(csvLine(['a', 'b;c', 'say "hi"'], ';', '\r\n')).toBe('a;"b;c";"say ""hi"""\r\n');
    expect(csvLine(['a', 'b;c', 'x\ty', 'p|q', 'r\rs'])).toBe('a,"b;c","x\ty","p|q","r\rs"\n');
    expect(csvLine(['', '', ''])).toBe(',,\n');
    expect(csvLine(['007', 'x, y'])).toBe('007,"x, y"\n');
  });

  it('quotes every field with a separator-like character, whatever the delimiter (LibreOffice offers comma, semicolon and tab at once)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 6 }), fc.constantFrom(',', ';', '\t'), (fields, d) => {
        const line = csvLine(fields, d, '\n');
        // drop the quoted fields and the delimiters: nothing separator-like, no quote, no CR/LF is left
        const outside = line.slice(0, -1).replace(/"(?:[^"]|"")*"/g, '').split(d).join('');
        expect(outside).not.toMatch(/[,;\t|\r\n"]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('neutraliseFormula', () => {
  it('prefixes one apostrophe to a formula start, a tab/CR/LF start, and an apostrophe start', () => {
    expect(['=1', '+1', '-1', '@x', '\tx', '\rx', '\nx', ' =1', '  -x', '＝1', "'=1+1", "'", 'ok', 'x;=2*3;', '', '   '].map(neutraliseFormula)).toEqual([
      "'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "'\nx", "' =1", "'  -x", "'＝1", "''=1+1", "''", 'ok', 'x;=2*3;', '', '   ',
    ]);
  });

  it('is unambiguous: the reading rule (a cell that starts with an apostrophe had one added) gives every value back', () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        const na = neutraliseFormula(a);
        expect(na === a || na === `'${a}`).toBe(true);
        expect(na.startsWith("'") ? na.slice(1) : na).toBe(a);
        if (a !== b) expect(na).not.toBe(neutraliseFormula(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('csvCell and csvDocument: numbers and booleans as they are, text neutralised unless safe is false', () => {
    expect([csvCell(-3), csvCell(Infinity), csvCell(null), csvCell(true), csvCell('=x'), csvCell('=x', false)]).toEqual(['-3', '', '', 'true', "'=x", '=x']);
    expect(csvDocument(['id', 'n'], [['=1+1', 2], ['a\rb', null]])).toBe('id,n\n\'=1+1,2\n"a\rb",\n');
  });
});
