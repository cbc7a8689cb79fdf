/**
 * Parsed-data snapshots: what reading an export pair produced (columns, string
 * pools, row counts, the issue log), kept as one compact binary file so that
 * every later command on the same, unchanged inputs skips the CSV parse.
 *
 * Where: `$IPVI_CACHE_DIR`, else `ipvi/` in the user's cache folder, private
 * to the user (chosen in src/cli/data.ts). One file per input pair and config,
 * named by a hash of its key.
 *
 * Key (any change means a fresh read): each input's path as given and
 * resolved, size, modification time in nanoseconds, inode and a content
 * fingerprint (src/io/fingerprint.ts: head, tail and sampled blocks); the config
 * hash (config file + rules file) and path; the carried columns (config
 * `carry:`, names and headers); --max-errors; the tool version,
 * the input fields (src/fields.ts) and this file format's version. The
 * inputs' SHA-256, computed during the cold read, is stored inside for
 * provenance, not used as the key (hashing a large file would cost as much as
 * a good part of the parse).
 *
 * Layout (little-endian):
 *   0   8  magic "IPVISNAP"
 *   8   4  format version (FORMAT_VERSION)
 *   12  4  header length H (bytes of UTF-8 JSON)
 *   16  8  total file length (float64)
 *   24  4  checksum of bytes 32 .. end (FNV-style over 32-bit words)
 *   28  4  zero
 *   32  H  header JSON (the key, files, counts, issue log, section table), zero-padded to 8
 *   ...    sections: raw typed-array bytes in the header's order, each zero-padded to 8
 *
 * A file that is truncated, has another magic or version, another key, a bad
 * length or a bad checksum is never trusted: it is ignored and rebuilt.
 * Writes are atomic (a temporary file in the same folder, then rename), and
 * failing to write a snapshot never fails the command.
 */
import { makeFolder } from '../io/make-folder.js';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { VERSION } from '../io/version.js';
import { join, resolve } from 'node:path';
import { FIELDS } from '../fields.js';
import {
  INCIDENT_COLUMN_TYPES,
  NOTIFICATION_COLUMN_TYPES,
  StringPool,
  type IncidentColumns,
  type NotificationColumns,
} from '../model.js';
import { restoreIssueLog, saveIssueLog, type IssueLogState } from './issues.js';
import type { LoadOptions, ParsedInputs } from './inputs.js';
import { readCacheFile, writeCacheFile } from '../io/cache-dir.js';
import { contentFingerprint } from '../io/fingerprint.js';

// 3: the issue log holds the plausibility checks (ID length, hidden characters, dates) and the
// agency-export round's notes (encoding, null values, IPV exclusions, linkage)
// 4: the lines of the rows the IPV filter excluded (validate --list-excluded); charge codes set the felony bit
// 5: the carried columns
export const FORMAT_VERSION = 5;
const MAGIC = 'IPVISNAP';
const FIXED = 32;

type Kind = 'u8' | 'u32' | 'i32';
type Column = Uint8Array | Uint32Array | Int32Array;
interface Section {
  name: string;
  kind: Kind;
  length: number;
}
interface Header {
  key: string;
  files: ParsedInputs['files'];
  counts: ParsedInputs['counts'];
  log: IssueLogState;
  incidents: number;
  notifications: number;
  /** the carried columns' names of each file (their cells and text are sections) */
  carried: { incidents: string[]; notifications: string[] };
  sections: Section[];
}

/** The sections, in file order: the columns in their storage order (src/model.ts), then the pools. */
const INCIDENT_COLUMNS = Object.keys(INCIDENT_COLUMN_TYPES) as (keyof typeof INCIDENT_COLUMN_TYPES)[];
const NOTIFICATION_COLUMNS = Object.keys(NOTIFICATION_COLUMN_TYPES) as (keyof typeof NOTIFICATION_COLUMN_TYPES)[];
const POOLS = ['persons', 'victims', 'incidentIds', 'strings'] as const;

export interface SnapshotKey {
  /** the key as canonical JSON (stored in the file and compared on read) */
  text: string;
  /** the file name in the cache folder */
  name: string;
}

function fileIdentity(path: string) {
  const st = statSync(path, { bigint: true });
  // the fingerprint (head, tail, sampled blocks) catches new content behind the same size, mtime and inode
  return {
    path,
    resolved: resolve(path),
    size: String(st.size),
    mtimeNs: String(st.mtimeNs),
    ino: String(st.ino),
    dev: String(st.dev),
    fingerprint: contentFingerprint(path),
  };
}

export function snapshotKey(options: LoadOptions): SnapshotKey {
  const key = {
    format: FORMAT_VERSION,
    tool: VERSION,
    // the input fields read (src/fields.ts): another set means other columns and flag bits
    fields: FIELDS.map((f) => `${f.file}.${f.name}:${f.kind}`).join(','),
    config: { hash: options.config.hash, file: options.config.file ?? null },
    // the carried columns (also in the config hash): other names or headers mean other text in the file
    carry: { incidents: options.config.incidents.carry, notifications: options.config.notifications.carry },
    maxIssues: options.maxIssues ?? 1000,
    incidents: fileIdentity(options.incidents),
    notifications: options.notifications ? fileIdentity(options.notifications) : null,
  };
  const text = JSON.stringify(key);
  return { text, name: `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.ipvisnap` };
}

// ---- checksum: FNV-1a-style over 32-bit little-endian words ----------------
// Every step is a bijection of the running value, so any single changed word
// changes the result; truncation is caught by the stored length.

function checksumWords(h: number, words: Int32Array): number {
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h;
}

/** Checksum `bytes` followed by zero padding up to `padded` bytes (a multiple of 4). */
function checksumBytes(h: number, bytes: Uint8Array, padded: number): number {
  const whole = bytes.length >>> 2;
  if (bytes.byteOffset % 4 === 0) {
    h = checksumWords(h, new Int32Array(bytes.buffer, bytes.byteOffset, whole));
  } else {
    const copy = new Uint8Array(whole * 4);
    copy.set(bytes.subarray(0, whole * 4));
    h = checksumWords(h, new Int32Array(copy.buffer));
  }
  let done = whole * 4;
  if (done < bytes.length) {
    let w = 0;
    for (let k = 0; done + k < bytes.length; k++) w |= bytes[done + k] << (8 * k);
    h = Math.imul(h ^ w, 0x01000193);
    done += 4;
  }
  for (; done < padded; done += 4) h = Math.imul(h ^ 0, 0x01000193);
  return h;
}

const pad8 = (n: number) => (n + 7) & ~7;
const bytesOf = (a: Column) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const kindOf = (a: Column): Kind => (a instanceof Uint8Array ? 'u8' : a instanceof Int32Array ? 'i32' : 'u32');

function columnsOf(parsed: ParsedInputs): { name: string; data: Column }[] {
  const out: { name: string; data: Column }[] = [];
  for (const c of INCIDENT_COLUMNS) out.push({ name: `incidents.${c}`, data: parsed.incidents[c] });
  for (const c of NOTIFICATION_COLUMNS) out.push({ name: `notifications.${c}`, data: parsed.notifications[c] });
  for (const p of POOLS) {
    const { bytes, offsets } = parsed[p].encode();
    out.push({ name: `${p}.bytes`, data: bytes }, { name: `${p}.offsets`, data: offsets });
  }
  const { carried } = parsed;
  const text = carried.pool.encode();
  out.push(
    { name: 'carried.incidents', data: carried.incidents.cells },
    { name: 'carried.notifications', data: carried.notifications.cells },
    { name: 'carried.bytes', data: text.bytes },
    { name: 'carried.offsets', data: text.offsets },
  );
  return out;
}

/** Save `parsed` under `key` in `dir`. Never throws: a cache that cannot be written is only a slower next run. */
export function writeSnapshot(dir: string, key: SnapshotKey, parsed: ParsedInputs): boolean {
  try {
    makeFolder(dir, 0o700);
    const columns = columnsOf(parsed);
    const header: Header = {
      key: key.text,
      files: parsed.files,
      counts: parsed.counts,
      log: saveIssueLog(parsed.log),
      incidents: parsed.incidents.length,
      notifications: parsed.notifications.length,
      carried: { incidents: parsed.carried.incidents.names, notifications: parsed.carried.notifications.names },
      sections: columns.map((c) => ({ name: c.name, kind: kindOf(c.data), length: c.data.length })),
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerPadded = pad8(headerBytes.length);
    let total = FIXED + headerPadded;
    for (const c of columns) total += pad8(c.data.byteLength);

    let h = 0x811c9dc5 | 0;
    h = checksumBytes(h, headerBytes, headerPadded);
    for (const c of columns) h = checksumBytes(h, bytesOf(c.data), pad8(c.data.byteLength));

    const fixed = Buffer.alloc(FIXED);
    fixed.write(MAGIC, 0, 'latin1');
    fixed.writeUInt32LE(FORMAT_VERSION, 8);
    fixed.writeUInt32LE(headerBytes.length, 12);
    fixed.writeDoubleLE(total, 16);
    fixed.writeInt32LE(h, 24);

    const zeros = Buffer.alloc(8);
    const pieces: Uint8Array[] = [fixed, headerBytes, zeros.subarray(0, headerPadded - headerBytes.length)];
    for (const c of columns) {
      const b = bytesOf(c.data);
      pieces.push(b, zeros.subarray(0, pad8(b.length) - b.length));
    }
    // a new temporary with a random name, created exclusively, never through a symlink (src/io/cache-dir.ts)
    writeCacheFile(dir, key.name, pieces);
    return true;
  } catch {
    return false;
  }
}

/** Why a snapshot file was not used (for tests and --verbose); null when it was. */
export type SnapshotProblem = 'missing' | 'truncated' | 'magic' | 'version' | 'length' | 'checksum' | 'header' | 'key';

export function checkSnapshot(
  buf: Buffer,
  keyText: string,
): { header: Header; problem: null } | { header: null; problem: SnapshotProblem } {
  const bad = (problem: SnapshotProblem) => ({ header: null, problem }) as const;
  if (buf.length < FIXED) return bad('truncated');
  if (buf.toString('latin1', 0, 8) !== MAGIC) return bad('magic');
  if (buf.readUInt32LE(8) !== FORMAT_VERSION) return bad('version');
  const total = buf.readDoubleLE(16);
  if (total !== buf.length) return bad(buf.length < total ? 'truncated' : 'length');
  if (total % 8 !== 0) return bad('length');
  const headerLength = buf.readUInt32LE(12);
  if (FIXED + headerLength > buf.length) return bad('length');
  const words = new Int32Array(buf.buffer, buf.byteOffset + FIXED, (buf.length - FIXED) >>> 2);
  if (checksumWords(0x811c9dc5 | 0, words) !== buf.readInt32LE(24)) return bad('checksum');
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', FIXED, FIXED + headerLength)) as Header;
  } catch {
    return bad('header');
  }
  if (header.key !== keyText) return bad('key');
  let size = FIXED + pad8(headerLength);
  for (const s of header.sections) size += pad8(s.length * (s.kind === 'u8' ? 1 : 4));
  if (size !== buf.length) return bad('length');
  return { header, problem: null };
}

/** The snapshot for `key` in `dir`, or null when there is none or it cannot be trusted. */
export function readSnapshot(dir: string, key: SnapshotKey, maxIssues: number): ParsedInputs | null {
  // only a private regular file of this user, opened without following a symlink
  let buf = readCacheFile(join(dir, key.name));
  if (!buf) return null;
  if (buf.byteOffset % 8 !== 0) buf = Buffer.from(buf); // typed-array views need alignment
  const checked = checkSnapshot(buf, key.text);
  if (!checked.header) return null;
  const header = checked.header;
  if (header.log.maxStored !== maxIssues) return null;

  const sections = new Map<string, Column>();
  let off = FIXED + pad8(buf.readUInt32LE(12));
  for (const s of header.sections) {
    const at = buf.byteOffset + off;
    const data =
      s.kind === 'u8'
        ? new Uint8Array(buf.buffer, at, s.length)
        : s.kind === 'i32'
          ? new Int32Array(buf.buffer, at, s.length)
          : new Uint32Array(buf.buffer, at, s.length);
    sections.set(s.name, data);
    off += pad8(data.byteLength);
  }
  const col = <T extends Column>(name: string): T => {
    const c = sections.get(name);
    if (!c) throw new Error(`snapshot section ${name} missing`);
    return c as T;
  };
  try {
    const incidents = { length: header.incidents } as IncidentColumns;
    for (const c of INCIDENT_COLUMNS) (incidents as unknown as Record<string, Column>)[c] = col(`incidents.${c}`);
    const notifications = { length: header.notifications } as NotificationColumns;
    for (const c of NOTIFICATION_COLUMNS)
      (notifications as unknown as Record<string, Column>)[c] = col(`notifications.${c}`);
    const pool = (p: string) => StringPool.fromEncoded(col<Uint8Array>(`${p}.bytes`), col<Uint32Array>(`${p}.offsets`));
    return {
      persons: pool('persons'),
      victims: pool('victims'),
      incidentIds: pool('incidentIds'),
      strings: pool('strings'),
      incidents,
      notifications,
      files: header.files,
      counts: header.counts,
      carried: {
        incidents: { names: header.carried.incidents, cells: col<Uint32Array>('carried.incidents') },
        notifications: { names: header.carried.notifications, cells: col<Uint32Array>('carried.notifications') },
        pool: pool('carried'),
      },
      log: restoreIssueLog(header.log),
      rejected: [],
    };
  } catch {
    return null;
  }
}
