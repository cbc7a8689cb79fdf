/**
 * The fast CSV reader (src/ingest/fast-csv.ts) against csv-parse, the
 * reference: on every CSV fixture and on random and hostile files, read with
 * small and default chunk sizes, both give the same records, the same line
 * each record starts on, the same counts and the same error (code, message,
 * line, column) — also when records without quotes are taken as bytes
 * (readCsv's onCells, the path the ingest uses).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvSyntaxError, cellStrings, readCsv, type CsvOptions } from '../../src/ingest/csv-source.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-fastcsv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Outcome {
  records: { fields: string[]; line: number }[];
  stats?: { lines: number; records: number; blankLines: number; delimiter: string; sha256: string };
  /** where csv-parse took over from the fast reader (0: never); not compared */
  referenceFrom?: number;
  error?: { code: string; message: string; line: number; column: number | undefined; sha256: string };
}

/** `cells`: take records without quotes as bytes (readCsv's onCells), made strings here. */
async function read(path: string, options: Partial<CsvOptions>, cells = false): Promise<Outcome> {
  const records: Outcome['records'] = [];
  try {
    const { referenceFrom, ...stats } = await readCsv(
      path,
      { delimiter: ',', encoding: 'utf-8', ...options },
      (fields, line) => records.push({ fields: [...fields], line }),
      cells
        ? (buf, starts, ends, count, line) => records.push({ fields: cellStrings(buf, starts, ends, count), line })
        : undefined,
    );
    return { records, stats, referenceFrom };
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    return { records, error: { code: e.code, message: e.message, line: e.line, column: e.column, sha256: e.sha256 } };
  }
}

/** Both readers on `bytes`; the fast one also in `chunk`-byte pieces. */
async function compare(bytes: Buffer | string, options: Partial<CsvOptions> = {}, chunk?: number): Promise<Outcome> {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, bytes);
  const reference = await read(path, { ...options, reader: 'reference' });
  const fast = await read(path, { ...options, reader: 'fast' });
  const same = (o: Outcome) => ({ ...o, referenceFrom: undefined });
  expect(same(fast)).toEqual(same(reference));
  expect(same(await read(path, { ...options, reader: 'fast' }, true))).toEqual(same(reference));
  if (chunk !== undefined) {
    expect(same(await read(path, { ...options, reader: 'fast', chunkBytes: chunk }))).toEqual(same(reference));
    expect(same(await read(path, { ...options, reader: 'fast', chunkBytes: chunk }, true))).toEqual(same(reference));
  }
  rmSync(path);
  return fast;
}

function csvFiles(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...csvFiles(p));
    else if (name.endsWith('.csv')) out.push(p);
  }
  return out;
}

// pieces of hostile CSV: delimiters of every kind, quotes alone and doubled, every line break,
// a BOM, NUL, multi-byte and invalid UTF-8, spaces
const PIECES: (string | Buffer)[] = [
  'a',
  'b7',
  'DIR-2023-000001',
  '2023-01-02',
  ',',
  ',',
  ';',
  '\t',
  '|',
  '"',
  '"',
  '""',
  '\n',
  '\n',
  '\r\n',
  '\r\n',
  '\r',
  ' ',
  '',
  'é',
  '日本',
  '\uFEFF',
  '\u0000',
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
];
const hostile = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 60 })
  .map((parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))));

/** Well-formed CSV (quoted where needed, random line ends), so the fast path runs to the end. */
const cell = fc.oneof(
  fc.constantFrom('', 'x', 'DIR-1', '007', 'yes', 'Smith, J', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'é'),
  fc.string({ maxLength: 6 }),
);
const wellFormed = fc
  .record({
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    last: fc.boolean(),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
  })
  .map(({ rows, eol, bom, last, delimiter }) => {
    const quote = (v: string) =>
      v.includes(delimiter) || /["\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
    const text = rows.map((r) => r.map(quote).join(delimiter)).join(eol) + (last ? eol : '');
    return { text: (bom ? '\uFEFF' : '') + text, delimiter };
  });

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

describe('fast CSV reader = csv-parse', () => {
  it('on every CSV fixture, whole and in 7-byte (small files) or 4 KiB chunks', { timeout: 300_000 }, async () => {
    const files = [...csvFiles('fixtures'), ...csvFiles('test')];
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const delimiter of [',', ';']) await compare(bytes, { delimiter }, bytes.length < 50_000 ? 7 : 4096);
    }
  });

  it('on random hostile bytes (quotes, every line break, BOM, NUL, invalid UTF-8), in random chunks', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.integer({ min: 1, max: 9 }), fc.constantFrom(',', ';'), async (bytes, chunk, d) => {
        await compare(bytes, { delimiter: d }, chunk);
      }),
      { numRuns: RUNS },
    );
  });

  it('on random well-formed files with any delimiter, CRLF or LF, BOM, quoted line breaks', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, fc.integer({ min: 1, max: 13 }), async ({ text, delimiter }, chunk) => {
        const out = await compare(text, { delimiter }, chunk);
        expect(out.error).toBeUndefined();
        expect(out.referenceFrom).toBe(0); // well-formed: the fast reader read it all
      }),
      { numRuns: RUNS },
    );
  });

  it('in the configured encodings (Windows-1252, UTF-16LE) and with the delimiter sniffed', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, async ({ text }) => {
        const plain = text.replace(/\uFEFF/g, '').replace(/[^\u0020-\u00ff\t\r\n]/g, '?');
        await compare(Buffer.from(plain, 'latin1'), { encoding: 'windows-1252', delimiter: 'auto' });
        await compare(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), {
          encoding: 'utf-16le',
          delimiter: 'auto',
        });
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('the same errors and lines at the edges: unclosed quote, text after a quote, over-long records, a switch mid-file', {
    timeout: 300_000,
  }, async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `r${i},"q ""${i}""",x`).join('\r\n');
    const cases: (string | Buffer)[] = [
      'a,b\n1,"open\n2,3\n',
      'a,b\n1,"x"y\n2,3\n',
      'a,b\n1,x"y\n2,3\n',
      'a,b\r\n1,"two\r\nlines"\r\n2,3\r\n"x\n',
      'a,b\n1,2\r\n3,4\n',
      'a,b\r\n1,2\n3,4\r\n',
      'a,b\r1,2\r',
      `a,b\n1,${'z'.repeat((1 << 20) + 10)}\n2,3\n`,
      `a,b\n1,"${'z'.repeat((1 << 20) + 10)}\n2,3\n`,
      `${rows}\r\n"bad"x,1\r\n${rows}`,
      '\uFEFF\uFEFFa,b\n',
      '"a"\u0000,b\n',
      '',
      '\n\n\n',
      'a,',
      '"',
      '""',
    ];
    for (const c of cases) {
      await compare(c, {}, c.length < 100_000 ? 5 : 65536);
    }
    const unclosed = await compare('h\n1\n"never\nclosed\n');
    expect(unclosed.error).toMatchObject({ code: 'csv_unterminated_quote', line: 3 });
  });
});
