/**
 * Stream a CSV file through csv-parse, handing each record to a callback with
 * the physical line it starts on (header = line 1). Handles UTF-8 with or
 * without BOM, UTF-16LE, Latin-1/Windows-1252, CRLF or LF, quoted fields with
 * delimiters, quotes and newlines, and sniffs the delimiter when asked.
 *
 * A CSV syntax error (an unterminated quote, text after a closing quote, an
 * over-long record) stops the read with a CsvSyntaxError naming the line: past
 * such a point the record boundaries cannot be trusted, so no row after it is
 * guessed at.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { Parser, type CsvError } from 'csv-parse';
import { FastCsvScanner, type EmitCells } from './fast-csv.js';

export const MAX_RECORD_BYTES = 1 << 20; // one record over 1 MiB is not a DIR row
export const MAX_COLUMNS = 10_000;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number | undefined,
    readonly code: string,
    readonly hint: string,
  ) {
    super(message);
  }
  /** SHA-256 of the whole file (the read goes on hashing past the error) */
  sha256 = '';
}

export interface CsvOptions {
  delimiter: string; // 'auto' or a character
  encoding: string;
  /** 'reference': csv-parse for the whole file (the fast reader is the default; tests compare the two) */
  reader?: 'fast' | 'reference';
  /** bytes per read (default 1 MiB; tests use small chunks to cut records at every point) */
  chunkBytes?: number;
  /** called after each chunk (and at the end) with the bytes read and the data rows parsed so far (progress) */
  onProgress?: (bytes: number, records: number) => void;
}

export interface CsvStats {
  /** physical lines in the file */
  lines: number;
  /** records handed to `onRecord` (header included; blank lines excluded) */
  records: number;
  blankLines: number;
  delimiter: string;
  /** SHA-256 of the file's bytes (hex), computed in the same read; '' when the read stopped early */
  sha256: string;
  /** the line from which csv-parse read the file (the fast reader met an irregular record there); 0: never */
  referenceFrom: number;
}

const SNIFF_BYTES = 64 * 1024;

/** Line breaks inside a record's fields: CR LF, LF and a lone CR each count once. */
export function lineBreaksIn(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\r'); i >= 0; i = f.indexOf('\r', i + 1)) if (f.charCodeAt(i + 1) !== 10) n++;
    for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Pick the delimiter that occurs most often (outside quotes) in the first line. */
export function sniffDelimiter(head: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0, '|': 0 };
  let inQuotes = false;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && c in counts) counts[c]++;
  }
  let best = ',';
  for (const d of [';', '\t', '|']) if (counts[d] > counts[best]) best = d;
  return best;
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function decoderFor(encoding: string): TextDecoder | null {
  switch (encoding) {
    case 'auto':
    case 'utf-8':
    case 'utf8':
      return null; // csv-parse decodes UTF-8 itself (fast path)
    case 'latin1':
    case 'windows-1252':
      return new TextDecoder('windows-1252');
    case 'utf-16le':
      return new TextDecoder('utf-16le');
    case 'utf-16be':
      return new TextDecoder('utf-16be');
    default:
      return new TextDecoder(encoding);
  }
}

function describeCsvError(err: CsvError, line: number): CsvSyntaxError {
  const code = err.code as string;
  const col =
    typeof (err as unknown as { column?: unknown }).column === 'number'
      ? (err as unknown as { column: number }).column + 1
      : undefined;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvSyntaxError(
        `a quoted field in the record starting on line ${line} is never closed`,
        line,
        undefined,
        'csv_unterminated_quote',
        'close the quote, or double any quote character inside a quoted field ("" stands for ")',
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvSyntaxError(
        'text follows a closing quote inside a field',
        line,
        col,
        'csv_bad_quote',
        'quote the whole field and double the quotes inside it: "say ""hi"""',
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvSyntaxError(
        `the record starting on line ${line} is longer than ${MAX_RECORD_BYTES} bytes`,
        line,
        undefined,
        'csv_record_too_large',
        'check for an unclosed quote above this line, or a field that is not DIR data',
      );
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return new CsvSyntaxError(
        'a quote appears in the middle of an unquoted field',
        line,
        col,
        'csv_bad_quote',
        'quote the whole field and double the quotes inside it',
      );
    default:
      return new CsvSyntaxError(
        `the file is not valid CSV (${code ?? 'parse error'})`,
        line,
        col,
        'csv_syntax',
        'check the file is a CSV export',
      );
  }
}

/**
 * A data record without quotes, as bytes (UTF-8): field k is `buf[starts[k] .. ends[k])`,
 * `count` fields, starting on `line`; valid only during the call.
 */
export type OnCells = (buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number) => void;

/** The fields of a record given as bytes, as strings (what the string path makes of them). */
export function cellStrings(buf: Buffer, starts: Int32Array, ends: Int32Array, count: number): string[] {
  const out = new Array<string>(count);
  for (let k = 0; k < count; k++) out[k] = buf.utf8Slice(starts[k], ends[k]);
  return out;
}

/**
 * Read `path` record by record. `onRecord(fields, line)` gets the header first.
 * With `onCells`, the fast reader hands data records without quotes to it as
 * bytes instead (the header, blank lines and every other record still go
 * through `onRecord`), so the caller can decode cells without making strings.
 * Blank lines are skipped and counted. Throws CsvSyntaxError on malformed CSV,
 * and a plain Error (with `code`) when the file cannot be opened.
 *
 * The file is read once: the SHA-256 of its bytes is computed from the same
 * chunks that are parsed (`stats.sha256`). csv-parse's record-level API is
 * driven directly (no stream per record, no `info` object per record); the
 * line a record starts on is one past where the previous record ended, as
 * csv-parse counts lines (`info.lines`, read when the record is handed over).
 */
export async function readCsv(
  path: string,
  options: CsvOptions,
  onRecord: (fields: string[], line: number) => void,
  onCells?: OnCells,
): Promise<CsvStats> {
  const head = readHead(path);
  const decoder = decoderFor(options.encoding);
  let delimiter = options.delimiter;
  if (delimiter === 'auto') {
    const headText = decoder ? new TextDecoder(decoder.encoding).decode(head) : head.toString('utf8');
    delimiter = sniffDelimiter(headText.replace(/^\uFEFF/, ''));
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe && !decoder) {
    throw new CsvSyntaxError(
      'the file is UTF-16 encoded',
      1,
      undefined,
      'csv_encoding',
      'set `encoding: utf-16le` in the config, or save the export as UTF-8',
    );
  }

  const stats: CsvStats = { lines: 0, records: 0, blankLines: 0, delimiter, sha256: '', referenceFrom: 0 };
  let prevEnd = 0;
  let failure: unknown = null;
  let stopped = false;

  // A record's first line is one past the previous record's last; a record that
  // spans several lines (a line break inside a quoted field) is counted from its
  // fields: 1 + the line breaks in them (CR LF, LF or a lone CR each count once).
  const accept = (fields: string[], multiLine: boolean) => {
    if (stopped) return;
    const line = prevEnd + 1;
    prevEnd = multiLine ? prevEnd + 1 + lineBreaksIn(fields) : prevEnd + 1;
    if (fields.length === 1 && fields[0] === '') {
      stats.blankLines++;
      return;
    }
    if (stats.records === 0 && fields.length > MAX_COLUMNS) {
      failure = new CsvSyntaxError(
        `the header has ${fields.length} columns; at most ${MAX_COLUMNS} are read`,
        1,
        undefined,
        'csv_too_many_columns',
        'check the delimiter and that this is a DIR export',
      );
      stopped = true;
      return;
    }
    stats.records++;
    try {
      onRecord(fields, line);
    } catch (e) {
      failure = e;
      stopped = true;
    }
  };
  const acceptCells: EmitCells | undefined =
    onCells &&
    ((buf, starts, ends, count) => {
      if (stopped || stats.records === 0 || (count === 1 && starts[0] === ends[0]))
        return accept(cellStrings(buf, starts, ends, count), false);
      const line = ++prevEnd;
      stats.records++;
      try {
        onCells(buf, starts, ends, count, line);
      } catch (e) {
        failure = e;
        stopped = true;
      }
    });
  const onError = (err: CsvError) => {
    // reported at the line the broken record starts on (csv-parse's own line count
    // is off after a CR LF inside a quoted field)
    const line = prevEnd + 1;
    failure = err.code ? describeCsvError(err, line) : err;
    stopped = true;
  };

  // The fast reader (src/ingest/fast-csv.ts) reads well-formed files; from the first
  // irregular record on, csv-parse (the reference) reads the rest and owns the diagnostics.
  const delimiterCode = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  let fast: FastCsvScanner | null =
    options.reader !== 'reference' && delimiterCode >= 0 && delimiterCode < 0x80 && !/["\r\n]/.test(delimiter)
      ? new FastCsvScanner(delimiterCode, MAX_RECORD_BYTES)
      : null;
  let reference: CsvParseReader | null = fast ? null : new CsvParseReader(delimiter, true, accept);
  if (!fast) stats.referenceFrom = 1;
  /** Parse `data` (UTF-8 bytes; undefined: the end), by the fast reader while it can. */
  const parse = (data: Buffer | undefined, end: boolean) => {
    if (fast) {
      const rest = fast.feed(data, end, accept, acceptCells);
      if (rest === null || stopped) return;
      reference = new CsvParseReader(delimiter, !fast.bomChecked, accept, fast.recordDelimiter);
      stats.referenceFrom = prevEnd + 1;
      fast = null;
      data = rest;
    }
    const err = data === undefined ? undefined : reference!.parse(data, false);
    if (err !== undefined) return onError(err);
    if (end && !stopped) {
      const e = reference!.parse(undefined, true);
      if (e !== undefined) onError(e);
    }
  };

  const hash = createHash('sha256');
  const source = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  let bytes = 0;
  if (options.onProgress) options.onProgress(0, 0); // the start (the reader times the rate from here)
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      // past a failure the rest is only hashed (the provenance names the whole file)
      if (!stopped) parse(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk, false);
      // after the chunk is parsed, so the count includes its rows (the header is not a row)
      if (options.onProgress) options.onProgress(bytes, Math.max(0, stats.records - 1));
    }
    if (!stopped) {
      const rest = decoder ? decoder.decode() : '';
      parse(rest ? Buffer.from(rest, 'utf8') : undefined, true);
    }
    // the last record is handed over only at the end of the input
    if (options.onProgress) options.onProgress(bytes, Math.max(0, stats.records - 1));
  } catch (e) {
    if (!failure) failure = e;
  } finally {
    source.destroy();
  }
  stats.sha256 = hash.digest('hex');
  if (failure instanceof CsvSyntaxError) failure.sha256 = stats.sha256;
  if (failure) throw failure;
  stats.lines = prevEnd;
  return stats;
}

/**
 * csv-parse's own record-level API (what its stream and sync front ends both
 * drive), with the options ipvi reads every file with. csv-parse's line counter
 * counts a CR LF inside a quoted field as two lines, so it only says whether a
 * record spans several lines; `readCsv` counts them from the fields.
 */
class CsvParseReader {
  private readonly api: RecordApi;
  private parserEnd = 0;
  private readonly push: (record: string[]) => void;
  constructor(
    delimiter: string,
    bom: boolean,
    accept: (fields: string[], multiLine: boolean) => void,
    /** the record separator the fast reader found before handing over ('' : csv-parse discovers it) */
    recordDelimiter = '',
  ) {
    this.api = (
      new Parser({
        delimiter,
        bom,
        relax_column_count: true,
        // a quote inside an unquoted field is kept as a literal character (common in free-text columns);
        // quoted fields are still parsed strictly
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: MAX_RECORD_BYTES,
        ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
      }) as unknown as { api: RecordApi }
    ).api;
    const info = this.api.info;
    this.push = (fields) => {
      const span = info.lines - this.parserEnd;
      this.parserEnd = info.lines;
      accept(fields, span > 1);
    };
  }
  parse(data: Buffer | undefined, end: boolean): CsvError | undefined {
    return this.api.parse(data, end, this.push, close);
  }
}
const close = () => {};

/** The part of csv-parse's internal transform API used here (lib/api/index.js). */
interface RecordApi {
  info: { lines: number };
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): CsvError | undefined;
}
