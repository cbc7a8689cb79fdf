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
  /**
   * called after each chunk (and at the end) with the position reached in the file and the data rows parsed so
   * far (progress); a part read again (a two-part read that falls back to one thread) reports from its start on
   */
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
 * Where a read of part of a file starts (src/ingest/split.ts): at a record boundary after
 * `line` physical lines, the header already read, with the record separator the first
 * part's reader found (no BOM is looked for).
 */
export interface ResumeAt {
  line: number;
  recordDelimiter: '\n' | '\r\n';
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
  const reader = new CsvReader(path, options, onRecord, onCells);
  await reader.read(0, Number.POSITIVE_INFINITY);
  return reader.finish();
}

/**
 * readCsv in steps, for reading a file in two parts (src/ingest/split.ts): `read` a byte
 * range (parsed and hashed, or only one of them), ask whether the parse stands exactly at a
 * record boundary (`atBoundary`), then `finish` (the end of the input: the last record, the
 * hash, and the failure thrown as readCsv throws it). Read from 0 to the end and finished,
 * it is readCsv.
 */
export class CsvReader {
  readonly stats: CsvStats;
  private readonly decoder: TextDecoder | null;
  private prevEnd = 0;
  private failure: unknown = null;
  private stopped = false;
  private fast: FastCsvScanner | null;
  private reference: CsvParseReader | null;
  private readonly accept: (fields: string[], multiLine: boolean) => void;
  private readonly acceptCells: EmitCells | undefined;
  private readonly hash = createHash('sha256');
  /** bytes hashed so far (the progress) */
  private bytes = 0;

  constructor(
    path: string,
    private readonly options: CsvOptions,
    onRecord: (fields: string[], line: number) => void,
    onCells?: OnCells,
    /** start mid-file (src/ingest/split.ts); the header is not read */
    resume?: ResumeAt,
  ) {
    this.path = path;
    const head = resume ? Buffer.alloc(0) : readHead(path);
    const decoder = decoderFor(options.encoding);
    this.decoder = decoder;
    let delimiter = options.delimiter;
    if (delimiter === 'auto') {
      if (resume) throw new Error('CsvReader: a resumed read needs the delimiter');
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
    this.stats = stats;
    if (resume) {
      this.prevEnd = resume.line;
      stats.records = 1; // the header
    }

    // A record's first line is one past the previous record's last; a record that
    // spans several lines (a line break inside a quoted field) is counted from its
    // fields: 1 + the line breaks in them (CR LF, LF or a lone CR each count once).
    const accept = (fields: string[], multiLine: boolean) => {
      if (this.stopped) return;
      const line = this.prevEnd + 1;
      this.prevEnd = multiLine ? this.prevEnd + 1 + lineBreaksIn(fields) : this.prevEnd + 1;
      if (fields.length === 1 && fields[0] === '') {
        stats.blankLines++;
        return;
      }
      if (stats.records === 0 && fields.length > MAX_COLUMNS) {
        this.failure = new CsvSyntaxError(
          `the header has ${fields.length} columns; at most ${MAX_COLUMNS} are read`,
          1,
          undefined,
          'csv_too_many_columns',
          'check the delimiter and that this is a DIR export',
        );
        this.stopped = true;
        return;
      }
      stats.records++;
      try {
        onRecord(fields, line);
      } catch (e) {
        this.failure = e;
        this.stopped = true;
      }
    };
    this.accept = accept;
    this.acceptCells =
      onCells &&
      ((buf, starts, ends, count) => {
        if (this.stopped || stats.records === 0 || (count === 1 && starts[0] === ends[0]))
          return accept(cellStrings(buf, starts, ends, count), false);
        const line = ++this.prevEnd;
        stats.records++;
        try {
          onCells(buf, starts, ends, count, line);
        } catch (e) {
          this.failure = e;
          this.stopped = true;
        }
      });

    // The fast reader (src/ingest/fast-csv.ts) reads well-formed files; from the first
    // irregular record on, csv-parse (the reference) reads the rest and owns the diagnostics.
    const delimiterCode = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
    this.fast =
      options.reader !== 'reference' && delimiterCode >= 0 && delimiterCode < 0x80 && !/["\r\n]/.test(delimiter)
        ? new FastCsvScanner(delimiterCode, MAX_RECORD_BYTES, resume?.recordDelimiter)
        : null;
    if (resume && !this.fast) throw new Error('CsvReader: a resumed read needs the fast reader');
    this.reference = this.fast ? null : new CsvParseReader(delimiter, true, accept);
    if (!this.fast) stats.referenceFrom = 1;
  }
  private readonly path: string;

  private onError(err: CsvError): void {
    // reported at the line the broken record starts on (csv-parse's own line count
    // is off after a CR LF inside a quoted field)
    const line = this.prevEnd + 1;
    this.failure = err.code ? describeCsvError(err, line) : err;
    this.stopped = true;
  }

  /** Parse `data` (UTF-8 bytes; undefined: the end), by the fast reader while it can. */
  private parse(data: Buffer | undefined, end: boolean): void {
    const fast = this.fast;
    if (fast) {
      const rest = fast.feed(data, end, this.accept, this.acceptCells);
      if (rest === null || this.stopped) return;
      this.reference = new CsvParseReader(this.stats.delimiter, !fast.bomChecked, this.accept, fast.recordDelimiter);
      this.stats.referenceFrom = this.prevEnd + 1;
      this.fast = null;
      data = rest;
    }
    const err = data === undefined ? undefined : this.reference!.parse(data, false);
    if (err !== undefined) {
      this.onError(err);
      return;
    }
    if (end && !this.stopped) {
      const e = this.reference!.parse(undefined, true);
      if (e !== undefined) this.onError(e);
    }
  }

  /**
   * Read bytes [from, to) of the file (to: at most the end): parsed (past a failure only
   * hashed: the provenance names the whole file) unless `parse` is false, hashed unless
   * `hash` is false. Never throws for bad data (finish does).
   */
  async read(from: number, to: number, { parse = true, hash = true } = {}): Promise<void> {
    const { options, stats, decoder } = this;
    const range = Number.isFinite(to) ? { start: from, end: to - 1 } : { start: from };
    if (to <= from) return;
    const source = createReadStream(this.path, { highWaterMark: options.chunkBytes ?? 1 << 20, ...range });
    if (options.onProgress && from === 0) options.onProgress(0, 0); // the start (the reader times the rate from here)
    let at = from;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        at += chunk.length;
        if (hash) {
          this.hash.update(chunk);
          this.bytes += chunk.length;
        }
        if (parse && !this.stopped)
          this.parse(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk, false);
        // after the chunk is parsed, so the count includes its rows (the header is not a row); the position in
        // the file, so that a part read again (not hashed again) moves the progress on too
        if (options.onProgress) options.onProgress(at, Math.max(0, stats.records - 1));
      }
    } catch (e) {
      if (!this.failure) this.failure = e;
      this.stopped = true;
    } finally {
      source.destroy();
    }
  }

  /**
   * Whether the parse so far ends exactly at a record boundary that a read from there
   * (a CsvReader resumed with ResumeAt) continues exactly: the fast reader is still
   * reading, nothing is pending and nothing failed. Its line and record separator.
   */
  boundary(): ResumeAt | null {
    const fast = this.fast;
    if (!fast || this.stopped || this.decoder || !fast.atRecordStart()) return null;
    const recordDelimiter = fast.recordDelimiter;
    if (recordDelimiter !== '\n' && recordDelimiter !== '\r\n') return null;
    return { line: this.prevEnd, recordDelimiter };
  }

  /** Stop at the failure of another reader (a CSV error in the part it read): nothing more is parsed. */
  stop(): void {
    this.stopped = true;
  }

  /** The end of the input: the last record, the hash (stats.sha256) and the line count; throws what readCsv throws. */
  finish(): CsvStats {
    const { options, stats, decoder } = this;
    if (!this.stopped) {
      const rest = decoder ? decoder.decode() : '';
      this.parse(rest ? Buffer.from(rest, 'utf8') : undefined, true);
    }
    // the last record is handed over only at the end of the input
    if (options.onProgress) options.onProgress(this.bytes, Math.max(0, stats.records - 1));
    stats.sha256 = this.hash.digest('hex');
    const failure = this.failure;
    if (failure instanceof CsvSyntaxError) failure.sha256 = stats.sha256;
    if (failure) throw failure;
    stats.lines = this.prevEnd;
    return stats;
  }
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
