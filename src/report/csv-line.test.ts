import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import {
  QUOTED_MATCH,
  csvCell,
  csvDocument,
  csvLine,
  neutraliseFormula,
  plainCsvText,
  restoreNeutralised,
} from './csv-line.js';
import { visible } from '../io/terminal-safe.js';

const tricky = fc.string({
  unit: fc.constantFrom('a', 'B', '7', ' ', ',', ';', '"', '\n', '\r', "'", '=', 'é', '\t', '|', '-'),
});

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
        expect(csvLine(fields, ';', '\r\n')).toBe(
          stringify([fields], { delimiter: ';', record_delimiter: '\r\n', quoted_match: QUOTED_MATCH }),
        );
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
        const outside = line
          .slice(0, -1)
          .replace(/"(?:[^"]|"")*"/g, '')
          .split(d)
          .join('');
        expect(outside).not.toMatch(/[,;\t|\r\n"]/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('neutraliseFormula', () => {
  it('prefixes one apostrophe to every piece (the cell, and what follows each , ; tab | CR LF) that starts a formula or an apostrophe', () => {
    expect(
      ['=1', '+1', '-1', '@x', '\tx', '\rx', '\nx', ' =1', '  -x', '＝1', "'=1+1", "'", 'ok', '', '   '].map(
        neutraliseFormula,
      ),
    ).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@x",
      "'\tx",
      "'\rx",
      "'\nx",
      "' =1",
      "'  -x",
      "'＝1",
      "''=1+1",
      "''",
      'ok',
      '',
      '   ',
    ]);
    expect(
      ['x;=2*3;', 'a\t=1+4', 'a\r=1+3', 'p|@q', "x, 'y", 'a;b,c', 'a=1;b-2', '=1;=2'].map(neutraliseFormula),
    ).toEqual(["x;'=2*3;", "a\t'=1+4", "a\r'=1+3", "p|'@q", "x, 'y", 'a;b,c', 'a=1;b-2', "'=1;'=2"]);
  });

  it('is unambiguous: restoreNeutralised gives every value back, and distinct values stay distinct', () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        const na = neutraliseFormula(a);
        expect(restoreNeutralised(na)).toBe(a);
        if (a !== b) expect(na).not.toBe(neutraliseFormula(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves no piece that starts a formula, whatever separator splits it', () => {
    fc.assert(
      fc.property(tricky, (a) => {
        for (const piece of neutraliseFormula(a).split(/[,;\t|\r\n]/)) expect(piece).not.toMatch(/^ *[=+\-@]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('csvCell and csvDocument: numbers and booleans as they are, text neutralised unless safe is false', () => {
    expect([csvCell(-3), csvCell(Infinity), csvCell(null), csvCell(true), csvCell('=x'), csvCell('=x', false)]).toEqual(
      ['-3', '', '', 'true', "'=x", '=x'],
    );
    expect(
      csvDocument(
        ['id', 'n'],
        [
          ['=1+1', 2],
          ['a\rb', null],
        ],
      ),
    ).toBe('id,n\n\'=1+1,2\n"a\rb",\n');
  });
});

/** neutraliseFormula as it was before its quick scan (the definition the quick path must agree with). */
function neutraliseReference(value: string): string {
  const sep = (c: number) => c === 44 || c === 59 || c === 9 || c === 124 || c === 13 || c === 10;
  const formula = (v: string, i: number) => {
    if (v.charCodeAt(i) === 39) return true;
    while (i < v.length && v.charCodeAt(i) === 32) i++;
    if (i === v.length) return false;
    const c = v.charCodeAt(i);
    return c === 61 || c === 43 || c === 45 || c === 64 || c === 0xff1d || c === 0xff0b || c === 0xff0d || c === 0xff20;
  };
  let out = '';
  let from = 0;
  let pieceStart = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (pieceStart && (formula(value, i) || (i === 0 && (c === 9 || c === 13 || c === 10)))) {
      out += value.slice(from, i) + "'";
      from = i;
    }
    pieceStart = sep(c);
  }
  return from === 0 && out === '' ? value : out + value.slice(from);
}

describe('neutraliseFormula: the quick scan changes nothing', () => {
  it('gives what the full piece-by-piece rule gives, on text made of the characters that matter', () => {
    const unit = fc.constantFrom(...Array.from("a7 ,;|\t\r\n'=+-@\uff1d\uff0b\uff0d\uff20\uff0c—"));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (v) => {
        expect(neutraliseFormula(v)).toBe(neutraliseReference(v));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('plainCsvText', () => {
  it('holds only for text that csvCell, visible and csvLine leave as it is', () => {
    const unit = fc.constantFrom(...Array.from('a7 ,;|"\t\n\'=+-@.é\u202e\x7f'));
    let plain = 0;
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (v) => {
        if (!plainCsvText(v)) return;
        plain++;
        expect(visible(csvCell(v))).toBe(v);
        expect(csvLine([v, v])).toBe(`${v},${v}\n`);
      }),
      { numRuns: 5000 },
    );
    expect(plain).toBeGreaterThan(100);
    for (const v of ['2023-01-31', 'rule 1 (level A)', 'notify', '', '  x']) expect(plainCsvText(v)).toBe(true);
    for (const v of ['-2', ' =1', "'x", 'a,b', 'a"b', 'a—b', 'a\tb']) expect(plainCsvText(v)).toBe(false);
  });
});
