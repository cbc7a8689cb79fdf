/**
 * Parsed-data snapshots (src/ingest/snapshot.ts): a warm read gives exactly
 * what the cold read gave, and a snapshot that is truncated, has a flipped
 * byte, another format version or stale inputs is never trusted but rebuilt.
 * No timings here: performance is measured by `npm run bench`.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset, type LoadOptions, type LoadResult } from '../../src/ingest/read.js';
import { checkSnapshot, snapshotKey } from '../../src/ingest/snapshot.js';
import { StringPool } from '../../src/model.js';
import { runCli } from '../helpers/run-cli.js';

const INCIDENTS =
  [
    'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency',
    'DIR-1,2021-01-05,007,V1,SP,,no,no,no,no,no,KPD',
    'DIR-2,2021-02-30,7,V2,SP,,no,no,no,no,no,KPD', // bad date
    'DIR-3,2021-02-01,7,V2,EX,"PL 120.00",yes,no,no,no,no,KPD',
    'DIR-1,2021-01-05,007,V1,SP,,no,no,no,no,no,KPD', // duplicate of line 2
    'DIR-3,2021-02-01,8,V2,EX,"PL 120.00",yes,no,yes,no,no,"K\nPD"', // second suspect; multi-line cell
    '',
    'DIR-5,2021-03-09,Ünïcode,V3,GF,,y,n,n,n,n,SHERIFF',
  ].join('\n') + '\n';
const NOTIFICATIONS =
  [
    'person_id,notification_date,level,type,victim_contact_date',
    '7,2021-02-10,B,face_to_face,',
    '99,2021-02-11,D,letter,',
    '007,2021-02-12,Z,letter,',
  ].join('\n') + '\n';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ipvi-snap-'));
  const incidents = join(dir, 'incidents.csv');
  const notifications = join(dir, 'notifications.csv');
  writeFileSync(incidents, INCIDENTS);
  writeFileSync(notifications, NOTIFICATIONS);
  const cacheDir = join(dir, 'cache');
  const options: LoadOptions = {
    incidents,
    notifications,
    config: loadConfig(),
    cacheDir,
    cacheMinBytes: 0,
    today: 20_000,
  };
  const snapshotFile = () => join(cacheDir, snapshotKey(options).name);
  return { dir, incidents, notifications, cacheDir, options, snapshotFile };
}

/** Everything a command can see, as plain data. */
function facts(r: LoadResult) {
  const ds = r.dataset;
  const cols = (o: object) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v]),
    );
  return {
    persons: ds.persons.values,
    victims: ds.victims.values,
    incidentIds: ds.incidentIds.values,
    strings: ds.strings.values,
    incidents: cols(ds.incidents),
    notifications: cols(ds.notifications),
    coverage: ds.coverage,
    files: ds.files,
    counts: ds.counts,
    issues: r.log.issues,
    byCode: [...r.log.countsByCode],
    errors: r.log.errors,
    warnings: r.log.warnings,
    structural: r.log.structural,
  };
}

describe('parsed-data snapshot', () => {
  it('a warm read gives exactly what the cold read gave', async () => {
    const s = setup();
    const cold = await loadDataset(s.options);
    expect(cold.cache).toBe('miss');
    const warm = await loadDataset(s.options);
    expect(warm.cache).toBe('hit');
    expect(facts(warm)).toEqual(facts(cold));
    const plain = await loadDataset({ ...s.options, cacheDir: undefined });
    expect(plain.cache).toBe('off');
    expect(facts(plain)).toEqual(facts(cold));
    // the rows and issues the fixture was written for
    expect(cold.dataset.counts.incidents).toEqual({ read: 6, accepted: 4, rejected: 2, excluded: 0 });
    expect(cold.log.issues.map((i) => `${i.line}:${i.code}`)).toEqual([
      '3:bad_date',
      '5:duplicate_key',
      '4:unknown_level',
      '0:unknown_person_linkage',
      '2:victim_safety',
    ]);
    // pools read back from a snapshot still intern and look up
    expect(warm.dataset.persons.get('7')).toBe(cold.dataset.persons.get('7'));
    expect(warm.dataset.persons.intern('new person')).toBe(cold.dataset.persons.size);
  });

  it('the cross-file checks are redone on a warm read (coverage and today are not part of the key)', async () => {
    const s = setup();
    await loadDataset(s.options);
    const warm = await loadDataset({ ...s.options, coverageEnd: 18_680 });
    expect(warm.cache).toBe('hit');
    const plain = await loadDataset({ ...s.options, coverageEnd: 18_680, cacheDir: undefined });
    expect(facts(warm)).toEqual(facts(plain));
  });

  it.each([
    ['truncated', (f: string) => truncateSync(f, Math.floor(readFileSync(f).length / 2))],
    ['truncated to the fixed header', (f: string) => truncateSync(f, 20)],
    [
      'a flipped byte in the columns',
      (f: string) => {
        const b = readFileSync(f);
        b[b.length - 40] ^= 0x01;
        writeFileSync(f, b);
      },
    ],
    [
      'a flipped byte in the header JSON',
      (f: string) => {
        const b = readFileSync(f);
        b[40] ^= 0x20;
        writeFileSync(f, b);
      },
    ],
    [
      'another format version',
      (f: string) => {
        const b = readFileSync(f);
        b.writeUInt32LE(b.readUInt32LE(8) + 1, 8);
        writeFileSync(f, b);
      },
    ],
    [
      'another magic',
      (f: string) => {
        const b = readFileSync(f);
        b.write('NOTASNAP', 0, 'latin1');
        writeFileSync(f, b);
      },
    ],
    ['bytes appended', (f: string) => appendFileSync(f, Buffer.alloc(8))],
    ['empty', (f: string) => writeFileSync(f, '')],
  ])('a snapshot %s is not trusted, and is rebuilt', async (_name, damage) => {
    const s = setup();
    const cold = await loadDataset(s.options);
    damage(s.snapshotFile());
    expect(checkSnapshot(readFileSync(s.snapshotFile()), snapshotKey(s.options).text).problem).not.toBeNull();
    const again = await loadDataset(s.options);
    expect(again.cache).toBe('miss');
    expect(facts(again)).toEqual(facts(cold));
    const warm = await loadDataset(s.options);
    expect(warm.cache).toBe('hit');
  });

  it('a changed input, config or --max-errors is a fresh read', async () => {
    const s = setup();
    await loadDataset(s.options);
    expect((await loadDataset({ ...s.options, maxIssues: 2 })).cache).toBe('miss');
    appendFileSync(s.incidents, 'DIR-9,2021-04-01,12,V9,SP,,no,no,no,no,no,KPD\n');
    const changed = await loadDataset(s.options);
    expect(changed.cache).toBe('miss');
    expect(changed.dataset.counts.incidents.read).toBe(7);
    expect((await loadDataset({ ...s.options, config: { ...s.options.config, hash: 'other' } })).cache).toBe('miss');
  });

  it('--rejects (keepRejected) always reads the CSV: a snapshot has no cells', async () => {
    const s = setup();
    await loadDataset(s.options);
    const r = await loadDataset({ ...s.options, keepRejected: true });
    expect(r.cache).toBe('off');
    expect(r.rejected.map((x) => x.line)).toEqual([3, 5, 4]);
  });

  it('the CLI: validate reports the same cold and warm, and --no-cache writes nothing', () => {
    const s = setup();
    const env = { IPVI_CACHE_DIR: s.cacheDir, IPVI_CACHE_MIN_BYTES: '0' };
    const args = ['validate', '--format', 'json', '--incidents', s.incidents, '--notifications', s.notifications];
    const none = runCli([...args, '--no-cache'], { env });
    expect(() => readdirSync(s.cacheDir)).toThrow();
    const cold = runCli(args, { env });
    expect(readdirSync(s.cacheDir).filter((f) => f.endsWith('.ipvisnap'))).toHaveLength(1);
    const warm = runCli(args, { env });
    expect(cold.code).toBe(1);
    expect(warm.code).toBe(cold.code);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stdout).toBe(none.stdout);
  });
});

describe('StringPool', () => {
  it('interns in order of first appearance and survives encoding', () => {
    const values = ['', 'a', 'b', 'a', 'Ünïcode', '007', '7', 'b', 'x'.repeat(100)];
    const pool = new StringPool();
    const idx = values.map((v) => pool.intern(v));
    expect(idx).toEqual([0, 1, 2, 1, 3, 4, 5, 2, 6]);
    const { bytes, offsets } = pool.encode();
    const back = StringPool.fromEncoded(bytes, offsets);
    expect(back.size).toBe(7);
    expect(back.values).toEqual(pool.values);
    expect(back.get('7')).toBe(5);
    expect(back.get('nope')).toBeUndefined();
    for (let i = 0; i < 5000; i++) expect(back.intern(`k${i}`)).toBe(7 + i);
    expect(back.get('k4999')).toBe(5006);
  });
});
