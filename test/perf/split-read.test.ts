/**
 * Reading a file in two parts (src/ingest/split.ts, parse.ts readInTwo) gives
 * exactly what one thread gives: the same pools (in the same order), columns,
 * line numbers, counts, carried text, issues (messages included), notes and
 * excluded rows — on every fixture pair and on random hostile files with the
 * split forced onto small files and the cut put anywhere (inside quoted
 * fields, before blank lines, bad rows and quotes in unquoted fields, CR LF).
 * The part is read in this thread here (the same code a worker runs); the last
 * test runs the real worker from the built dist/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { compileFlagDeriver } from '../../src/classify/flags.js';
import type { LoadOptions, SplitOutcome } from '../../src/ingest/inputs.js';
import { parseInputs } from '../../src/ingest/read.js';
import {
  csv,
  facts,
  fixturePairs,
  incidentRow,
  INCIDENT_HEADER,
  loadConfigs,
  notificationRow,
  NOTIFICATION_HEADER,
} from '../helpers/ingest-cases.js';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configs = loadConfigs(dir);
let n = 0;

type Outcomes = Record<string, SplitOutcome>;

/** One thread against two parts (the cut tried from `at`, else after the middle); the outcome of each split file. */
async function compare(
  incidents: string,
  notifications: string,
  config: Config,
  extra: Partial<LoadOptions> = {},
  read = parseInputs,
): Promise<{ outcomes: Outcomes; one: ReturnType<typeof facts> }> {
  const base = { incidents, notifications, config, compileFlags: compileFlagDeriver, ...extra };
  const one = facts(await read({ ...base, threads: 1 }));
  const outcomes: Outcomes = {};
  const two = facts(
    await read({
      splitRunner: 'inline',
      ...base,
      threads: 2,
      splitMinBytes: 0,
      onSplit: (file, outcome) => {
        outcomes[file] = outcome;
      },
    }),
  );
  expect(two).toEqual(one);
  return { outcomes, one };
}

function files(incidents: string, notifications: string): [string, string] {
  const ip = join(dir, `i${n}.csv`);
  const np = join(dir, `n${n++}.csv`);
  writeFileSync(ip, incidents);
  writeFileSync(np, notifications);
  return [ip, np];
}

const row = (id: string, suspect: string, extra = 'V1,SP,,false,false,false,false,false,KPD', day = '2021-01-05') =>
  `${id},${day},${suspect},${extra}`;

// raw lines put among the rows: blank lines, Excel's empty rows, ragged rows, a quote inside an
// unquoted field (csv-parse reads the rest), quoted fields with line breaks, a bad date
const HOSTILE = [
  '',
  ',,,,,,,,,,,',
  'short,row',
  'Q1,2021-01-05,P"1,V1,SP,,false,false,false,false,false,KPD',
  'Q2,2021-01-05,P2,V1,"S\nP",,false,false,false,false,false,KPD',
  'Q3,2021-01-05,P3,V1,SP,"a\r\nb",false,false,false,false,false,KPD',
  'Q4,2021-02-30,P4,V1,SP,,false,false,false,false,false,KPD',
  '"Q5",2021-01-05,P5,V1,SP,,false,false,false,false,false,KPD',
];

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

describe('a file read in two parts = one thread', () => {
  it('on random hostile files, the cut anywhere, LF or CR LF, either config', { timeout: 300_000 }, async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentRow, { maxLength: 40 }),
        fc.array(notificationRow, { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(...Object.keys(configs)),
        fc.array(fc.tuple(fc.nat(60), fc.constantFrom(...HOSTILE)), { maxLength: 4 }),
        fc.integer({ min: 0, max: 999 }).map((k) => k / 1000),
        fc.integer({ min: 1, max: 64 }),
        async (inc, not, quote, eol, config, hostile, where, chunk) => {
          // a duplicate (incident, suspect) key now and then: the first row again, late
          const rows = inc.length > 2 ? [...inc, inc[0]] : inc;
          const text = csv(INCIDENT_HEADER, rows, quote, eol, []);
          const lines = text.split(eol);
          for (const [at, line] of hostile) lines.splice(1 + (at % lines.length), 0, line.replace(/\n/g, eol));
          const [ip, np] = files(
            lines.join(eol),
            csv(NOTIFICATION_HEADER, [...not, ...not.slice(0, 2)], quote, eol, []),
          );
          const { outcomes } = await compare(ip, np, configs[config], { splitAt: where, chunkBytes: chunk });
          for (const o of Object.values(outcomes)) seen[o] = (seen[o] ?? 0) + 1;
          rmSync(ip);
          rmSync(np);
        },
      ),
      { numRuns: RUNS },
    );
    // the property is not met by falling back every time: many files are merged, and each fallback is met
    expect(seen.merged).toBeGreaterThan(RUNS / 5);
    expect(seen['not-at-boundary']).toBeGreaterThan(0);
    expect(seen['duplicate-across']).toBeGreaterThan(0);
  });

  it('remaps the second part into the first part’s pools and numbers its lines on from the first', async () => {
    const inc = [
      INCIDENT_HEADER,
      row('I1', 'P1'),
      row('I2', '007'),
      row('I3', 'P1', 'V9,EX,PL 120.00,true,false,false,false,false,PCT-02'),
      '',
      // the cut falls here (splitAt): the part starts on line 6
      row('I4', '7'),
      row('I5', '007', 'V1,SP,,false,false,false,false,false,SHERIFF'),
      row('I6', 'P2', 'V9,EX,,false,false,false,false,false,KPD'),
      row('I6', 'P2'),
      row('I7', 'P3', 'V2,SP,,maybe,false,false,false,false,KPD'),
    ].join('\n');
    const [ip, np] = files(`${inc}\n`, `${NOTIFICATION_HEADER}\nP2,2021-02-01,B,letter,\n7,2021-02-01,Z,letter,\n`);
    const cut = inc.indexOf('\nI4,');
    const { outcomes, one } = await compare(ip, np, configs.default, { splitAt: (cut - 1) / statSync(ip).size });
    expect(outcomes[ip]).toBe('merged');
    expect(one.persons).toEqual(['P1', '007', '7', 'P2']);
    expect(one.victims).toEqual(['V1', 'V9']);
    expect(one.strings).toEqual(['', 'SP', 'KPD', 'EX', 'PL 120.00', 'PCT-02', 'SHERIFF', 'letter']);
    expect(one.incidents.line).toEqual([2, 3, 4, 6, 7, 8]);
    expect(one.incidents.person).toEqual([0, 1, 0, 2, 1, 3]);
    expect(one.errors.map((e) => [e.line, e.code, e.message])).toEqual([
      [9, 'duplicate_key', 'incident I6 with suspect P2 already appears on line 8'],
      [10, 'bad_boolean', 'not a yes/no value'],
      [3, 'unknown_level', expect.stringContaining('not a level')],
    ]);
    expect(one.counts.incidents).toEqual({ read: 8, accepted: 6, rejected: 2, excluded: 0 });
  });

  it('reads on as one thread when the second part repeats a key of the first (either file)', async () => {
    const inc = [INCIDENT_HEADER, row('I1', 'P1'), row('I2', 'P2'), row('I3', 'P3'), row('I1', 'P1')].join('\n');
    const not = [NOTIFICATION_HEADER, 'P1,2021-02-01,B,letter,', 'P2,2021-02-01,B,letter,', 'P1,2021-02-01,B,letter,'];
    const [ip, np] = files(`${inc}\n`, `${not.join('\n')}\n`);
    const { outcomes, one } = await compare(ip, np, configs.default, {
      splitAt: (inc.indexOf('\nI3,') - 1) / statSync(ip).size,
    });
    expect(outcomes[ip]).toBe('duplicate-across');
    expect(one.errors[0].message).toBe('incident I1 with suspect P1 already appears on line 2');
    expect(outcomes[np]).toBe('duplicate-across');
    expect(one.warnings[0].line).toBe(4);
  });

  it('reads on as one thread when the second part repeats an incident’s second suspect', async () => {
    // I1 has P1 then P2 before the cut; (I1, P2) again after it is a key only the later suspects' table holds
    const inc = [INCIDENT_HEADER, row('I1', 'P1'), row('I1', 'P2'), row('I2', 'P3'), row('I3', 'P3'), row('I1', 'P2')];
    const [ip, np] = files(`${inc.join('\n')}\n`, `${NOTIFICATION_HEADER}\n`);
    const { outcomes, one } = await compare(ip, np, configs.default, {
      splitAt: (inc.join('\n').indexOf('\nI3,') - 1) / statSync(ip).size,
    });
    expect(outcomes[ip]).toBe('duplicate-across');
    expect(one.errors.map((e) => [e.line, e.message])).toEqual([
      [6, 'incident I1 with suspect P2 already appears on line 3'],
    ]);
  });

  it('the progress goes on while the second part is read again on one thread', async () => {
    // I1 again after the cut: the part is dropped ('duplicate-across') and this thread reads the rows from the cut
    // on again, without hashing them again. The progress (file, position, size, rows read) must move through that
    // re-read as through a normal read: before the fix it stood still at the whole file and the first part's rows.
    const inc = [INCIDENT_HEADER, ...['1', '2', '3', '4', '5', '6', '7', '8'].map((k) => row(`I${k}`, `P${k}`))];
    inc.push(row('I1', 'P1'));
    const [ip, np] = files(`${inc.join('\n')}\n`, `${NOTIFICATION_HEADER}\n`);
    const size = statSync(ip).size;
    const cut = inc.join('\n').indexOf('\nI5,') + 1; // rows I1 … I4 before it, I5 … I8 and I1 again after
    const seen: { bytes: number; total: number; rows: number; after: boolean }[] = [];
    let after = false;
    const r = await parseInputs({
      incidents: ip,
      notifications: np,
      config: configs.default,
      compileFlags: compileFlagDeriver,
      splitRunner: 'inline',
      threads: 2,
      splitMinBytes: 0,
      splitAt: (cut - 1) / size,
      chunkBytes: 16,
      onSplit: (file, outcome) => {
        if (file === ip) {
          expect(outcome).toBe('duplicate-across');
          after = true;
        }
      },
      onProgress: (file, bytes, total, rows) => {
        if (file === ip) seen.push({ bytes, total, rows, after });
      },
    });
    expect(r.counts.incidents).toMatchObject({ read: 9, accepted: 8, rejected: 1 });
    const reread = seen.filter((p) => p.after);
    // one report per 16-byte chunk of the second part (and one at the end), not only the end's
    expect(reread.length).toBeGreaterThanOrEqual(Math.floor((size - cut) / 16));
    expect(reread.every((p) => p.total === size && p.bytes > cut && p.bytes <= size)).toBe(true);
    // the position and the rows move on from the cut and the first part's 4 rows to the whole file and 9 rows
    for (let i = 1; i < reread.length; i++) {
      expect(reread[i].bytes).toBeGreaterThanOrEqual(reread[i - 1].bytes);
      expect(reread[i].rows).toBeGreaterThanOrEqual(reread[i - 1].rows);
    }
    expect(reread[0].rows).toBeLessThanOrEqual(5);
    expect(reread.at(-1)).toMatchObject({ bytes: size, rows: 9 });
    expect(new Set(reread.map((p) => p.rows)).size).toBeGreaterThanOrEqual(4);
  });

  it('reads on as one thread when the cut is inside a quoted field, or csv-parse reads the first part', async () => {
    const quoted = [
      INCIDENT_HEADER,
      row('I1', 'P1'),
      'I2,2021-01-05,P2,V1,SP,"x\nI9,y",false,false,false,false,false,KPD',
    ];
    const [ip, np] = files(`${[...quoted, row('I3', 'P3')].join('\n')}\n`, `${NOTIFICATION_HEADER}\n`);
    const { outcomes } = await compare(ip, np, configs.default, {
      splitAt: (quoted.join('\n').indexOf('\nI9,') - 1) / statSync(ip).size,
    });
    expect(outcomes[ip]).toBe('not-at-boundary');
    const bare = [INCIDENT_HEADER, row('I1', 'P"1'), row('I2', 'P2'), row('I3', 'P3')];
    const [ip2, np2] = files(`${bare.join('\n')}\n`, `${NOTIFICATION_HEADER}\n`);
    const r = await compare(ip2, np2, configs.default, {
      splitAt: (bare.join('\n').indexOf('\nI3,') - 1) / statSync(ip2).size,
    });
    expect(r.outcomes[ip2]).toBe('not-at-boundary');
  });

  it('merges a CSV syntax error in the second part at its line, and CR LF files', async () => {
    const inc = [INCIDENT_HEADER, row('I1', 'P1'), row('I2', 'P2'), row('I3', 'P3'), 'I4,2021-01-05,"P4'];
    const [ip, np] = files(`${inc.join('\r\n')}\r\n${row('I5', 'P5')}\r\n`, `${NOTIFICATION_HEADER}\r\n`);
    const { outcomes, one } = await compare(ip, np, configs.default, {
      splitAt: inc.join('\r\n').indexOf('I3,') / statSync(ip).size,
    });
    expect(outcomes[ip]).toBe('merged');
    expect(one.errors.map((e) => [e.line, e.code])).toEqual([[5, 'csv_unterminated_quote']]);
  });

  it('on every fixture pair (with its config), cut after the middle', { timeout: 300_000 }, async () => {
    const pairs = fixturePairs();
    expect(pairs.length).toBeGreaterThan(3);
    let merged = 0;
    for (const [d, cfg] of pairs) {
      const { outcomes } = await compare(join(d, 'incidents.csv'), join(d, 'notifications.csv'), cfg);
      merged += Object.values(outcomes).filter((o) => o === 'merged').length;
    }
    expect(merged).toBeGreaterThan(3);
  });

  it('in a real worker thread (the built dist/)', { timeout: 120_000 }, async () => {
    const built = resolve('dist/ingest/read.js');
    expect(existsSync(built), 'run npm run build first').toBe(true);
    const dist = (await import(built)) as { parseInputs: typeof parseInputs };
    const d = 'fixtures/demo';
    const cfg = loadConfig();
    const { outcomes } = await compare(
      join(d, 'incidents.csv'),
      join(d, 'notifications.csv'),
      cfg,
      { splitRunner: 'worker' },
      dist.parseInputs,
    );
    expect(Object.values(outcomes)).toContain('merged');
  });
});

describe('ipvi --threads and IPVI_THREADS', () => {
  const demo = ['--incidents', 'fixtures/demo/incidents.csv', '--notifications', 'fixtures/demo/notifications.csv'];
  const env = { IPVI_SPLIT_MIN_BYTES: '0', IPVI_CACHE_DIR: join(dir, 'cache') };

  it('gives the same output on two threads as on one (the built binary, both files split)', () => {
    for (const args of [
      ['validate', ...demo, '--format', 'json', '--no-cache'],
      ['prepost', ...demo, '--format', 'csv', '--no-cache'],
    ]) {
      const one = runCli([...args, '--threads', '1'], { env });
      const two = runCli([...args, '--threads', '2'], { env });
      const fromEnv = runCli(args, { env: { ...env, IPVI_THREADS: '2' } });
      expect(one.code).toBe(0);
      expect(two).toEqual(one);
      expect(fromEnv).toEqual(one);
    }
  });

  it('--verbose says how each file was read: in two parts, or on one thread and why; without it, nothing', () => {
    // a quoted note near the middle whose lines look like records: the cut falls inside it
    const [header, ...rows] = readFileSync('fixtures/demo/incidents.csv', 'utf8').trimEnd().split('\n');
    const lookalike = 'DIR-2099-000001,2021-10-07,1,V000001,GF,PL 145.00,true,false,false,false,false,PCT-01,';
    const mid = rows.length >> 1;
    const withNote = rows.map((r, i) => (i === mid ? `${r},"${Array(6000).fill(lookalike).join('\n')}"` : `${r},`));
    const quoted = join(dir, 'quoted-middle.csv');
    writeFileSync(quoted, `${header},notes\n${withNote.join('\n')}\n`);
    const args = ['validate', '--notifications', 'fixtures/demo/notifications.csv', '--threads', '2', '--no-cache'];
    const verbose = runCli([...args, '--incidents', quoted, '--verbose'], { env });
    expect(verbose.stderr).toContain(
      'quoted-middle.csv: read on one thread: the cut near the middle of the file was not at the start of a record',
    );
    expect(verbose.stderr).toContain('fixtures/demo/notifications.csv: read in two parts on two threads');
    const quiet = runCli([...args, '--incidents', quoted], { env });
    expect(quiet.stderr).not.toContain('thread');
    expect(quiet.stdout).toBe(verbose.stdout);
    expect(quiet.code).toBe(verbose.code);
  });

  it('refuses a thread count that is not a whole number of at least 1', () => {
    const bad = runCli(['validate', ...demo, '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--threads '0' must be a whole number of at least 1");
    const badEnv = runCli(['validate', ...demo], { env: { IPVI_THREADS: 'two' } });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain("IPVI_THREADS 'two' must be a whole number of at least 1");
  });

  it('refuses a tuning byte count that is not a whole number (IPVI_SPLIT_MIN_BYTES, IPVI_CACHE_MIN_BYTES), and reads an empty one as unset', () => {
    for (const [name, value] of [
      ['IPVI_SPLIT_MIN_BYTES', '32MiB'],
      ['IPVI_SPLIT_MIN_BYTES', '-1'],
      ['IPVI_CACHE_MIN_BYTES', '1.5'],
    ]) {
      const bad = runCli(['validate', ...demo, '--no-cache'], { env: { [name]: value } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`${name} '${value}' must be a whole number of bytes (0 or more)`);
      expect(bad.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
    const empty = runCli(['validate', ...demo, '--no-cache'], {
      env: { IPVI_SPLIT_MIN_BYTES: '', IPVI_CACHE_MIN_BYTES: ' ' },
    });
    expect(empty.code).toBe(runCli(['validate', ...demo, '--no-cache']).code);
  });
});
