/**
 * Fuzzing the readers: random and mutated CSV bytes, truncated files, binary
 * files, huge single fields, enormous headers, malformed and hostile YAML
 * configs. Every case must end in a known error (exit 1 data / 2 config) or a
 * clean result — never an internal error, never a hang. The fast slice runs in
 * `npm test`; `npm run fuzz` sets FUZZ_RUNS for a longer run.
 * docs/reliability.md records the counts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset } from '../../src/ingest/read.js';
import { ConfigError, DataError, UsageError } from '../../src/errors.js';
import { fixture, runCli } from '../helpers/run-cli.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const dir = mkdtempSync(join(tmpdir(), 'ipvi-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let caseNo = 0;

const HEADER =
  'incident_id,incident_date,suspect_id,victim_id,relationship,offense,arrest,injury,weapon,strangulation,felony,agency\n';
const GOOD_ROW = 'DIR-1,2021-01-05,007,V1,SP,ASSAULT,yes,no,no,no,no,KPD\n';

/** Read `bytes` as an incidents file; returns 'ok' | 'data' | 'config' | 'usage', throws on anything else. */
async function readBytes(bytes: Uint8Array | string, configText?: string): Promise<string> {
  const f = join(dir, `case-${caseNo++}.csv`);
  writeFileSync(f, bytes);
  let cfgPath: string | undefined;
  if (configText !== undefined) {
    cfgPath = join(dir, `case-${caseNo++}.yaml`);
    writeFileSync(cfgPath, configText);
  }
  try {
    const config = loadConfig(cfgPath);
    const { dataset, log } = await loadDataset({ incidents: f, config, maxIssues: 50 });
    const c = dataset.counts.incidents;
    // accounting: every row read is accepted, rejected or excluded
    expect(c.read).toBe(c.accepted + c.rejected + c.excluded);
    expect(dataset.incidents.length).toBe(c.accepted);
    return log.errors > 0 ? 'data' : 'ok';
  } catch (e) {
    if (e instanceof ConfigError) return 'config';
    if (e instanceof UsageError) return 'usage';
    if (e instanceof DataError) return 'data';
    throw e;
  } finally {
    rmSync(f, { force: true });
    if (cfgPath) rmSync(cfgPath, { force: true });
  }
}

const fuzzCounts: Record<string, number> = {};
const count = (name: string, n: number) => (fuzzCounts[name] = (fuzzCounts[name] ?? 0) + n);

describe('fuzzing the CSV reader', () => {
  it('random bytes never crash it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await readBytes(bytes);
      }),
      { numRuns: RUNS, seed: 1 },
    );
    count('random bytes', RUNS);
  });

  it('mutated valid CSV (inserted quotes, delimiters, newlines, NULs, truncation) is read or rejected row by row', async () => {
    const base = HEADER + GOOD_ROW.repeat(5) + 'DIR-2,"2021-02-05",7,"V ""2""",SP,"A,B\nC",no,no,no,no,no,KPD\n';
    const special = fc.constantFrom('"', ',', '\n', '\r', '\r\n', ';', '\t', '\u0000', '\uFEFF', '""', 'é', '\uD800');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(base.length), special), { maxLength: 8 }),
        fc.nat(base.length),
        async (edits, cut) => {
          let s = base;
          for (const [at, ch] of edits) s = s.slice(0, at) + ch + s.slice(at);
          const result = await readBytes(s.slice(0, Math.max(cut, HEADER.length)));
          expect(['ok', 'data']).toContain(result);
        },
      ),
      { numRuns: RUNS, seed: 2 },
    );
    count('mutated CSV', RUNS);
  });

  it('a binary file is a clear data error', async () => {
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) & 0xff;
    expect(await readBytes(bin)).toBe('data');
    count('binary files', 1);
  });

  it('a huge single field (20 MB) is rejected with a clear error and bounded memory', async () => {
    const before = process.memoryUsage().rss;
    const huge = HEADER + `DIR-1,2021-01-05,7,"${'x'.repeat(20 * 1024 * 1024)}",SP,,no,no,no,no,no,KPD\n`;
    expect(await readBytes(huge)).toBe('data');
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
    count('huge fields', 1);
  });

  it('a header with a million columns is a clear data error', async () => {
    const cols = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',') + '\n';
    expect(await readBytes(cols)).toBe('data');
    count('million-column headers', 1);
  });

  it('an empty file and a header-only file', async () => {
    expect(await readBytes('')).toBe('data');
    expect(await readBytes(HEADER)).toBe('ok');
    count('empty files', 2);
  });
});

describe('fuzzing the config reader', () => {
  it('random YAML-ish text is a config error or a valid config, never a crash', async () => {
    const token = fc.constantFrom(
      'incidents:',
      'columns:',
      '  ',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ':',
      '&a',
      '*a',
      '!!js/function',
      '"',
      "'",
      '\n',
      'rules:',
      'when: x',
      'version: 2',
      '<<: *a',
      '#',
      '|',
      '>',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 40 }), async (tokens) => {
        const r = await readBytes(HEADER + GOOD_ROW, tokens.join(''));
        expect(['ok', 'data', 'config']).toContain(r);
      }),
      { numRuns: RUNS, seed: 3 },
    );
    count('random configs', RUNS);
  });

  it('deep nesting and alias bombs are config errors, not stack overflows or memory blow-ups', async () => {
    const deep = 'incidents: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n';
    expect(await readBytes(HEADER + GOOD_ROW, deep)).toBe('config');
    const deepMap = Array.from({ length: 5000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n';
    expect(await readBytes(HEADER + GOOD_ROW, deepMap)).toBe('config');
    const bomb =
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        ...Array.from(
          { length: 9 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
        ),
      ].join('\n') + '\n';
    expect(await readBytes(HEADER + GOOD_ROW, bomb)).toBe('config');
    const jsTag = 'name: !!js/function "function(){return process}"\n';
    expect(await readBytes(HEADER + GOOD_ROW, jsTag)).toBe('config');
    const proto = '__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n';
    expect(await readBytes(HEADER + GOOD_ROW, proto)).toBe('config');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    count('hostile configs', 5);
  });
});

describe('the CLI on hostile input', () => {
  it('ends with exit 1 or 2 and no stack trace', () => {
    const cases: [string[], number][] = [
      [['validate', '--incidents', fixture('validate/unterminated-quote.csv')], 1],
      [['classify', '--incidents', fixture('validate/bad-incidents.csv'), '--as-of', '2021-12-31'], 1],
      [['classify', '--incidents', fixture('validate/good-incidents.csv'), '--as-of', '2021-02-31'], 2],
      [['tiers', '--incidents', fixture('validate/good-incidents.csv'), '--month', '2021-13'], 2],
      [['validate', '--incidents', fixture('validate')], 2],
      [['nonsense'], 2],
    ];
    for (const [args, code] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(r.stderr).not.toContain('internal error');
    }
    count('CLI hostile invocations', cases.length);
  });
});

// ---- issue 14: IDs that attack terminals, hostile side files, output targets ----

describe('fuzzing IDs: control, bidi and zero-width characters, huge IDs', () => {
  const UNSAFE_OUT =
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
  const hostileChar = fc.constantFrom(
    '\u001b',
    '\u0007',
    '\u009b',
    '\u202e',
    '\u2066',
    '\u200b',
    '\u200f',
    '\ufeff',
    '\u2028',
    '\u0000',
    '\u007f',
    'O',
    '\u041e',
    'e\u0301',
    '<',
    '|',
    '[',
    ']',
    '(',
    '&',
    'P',
    '7',
  );
  const hostileId = fc.oneof(
    { weight: 5, arbitrary: fc.array(hostileChar, { minLength: 1, maxLength: 12 }).map((a) => a.join('')) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)) },
  );

  it('are read (or rejected when too long), and no text output shows them raw', async () => {
    const { renderTable } = await import('../../src/report/render.js');
    const { stringify } = await import('csv-stringify/sync');
    await fc.assert(
      fc.asyncProperty(fc.array(hostileId, { minLength: 1, maxLength: 6 }), async (ids) => {
        const f = join(dir, `ids-${caseNo++}.csv`);
        writeFileSync(
          f,
          stringify([
            ['incident_id', 'incident_date', 'suspect_id', 'victim_id'],
            ...ids.map((id, i) => [`D${i}`, '2021-01-05', id, id]),
          ]),
        );
        try {
          const { dataset } = await loadDataset({ incidents: f, config: loadConfig(), maxIssues: 50 });
          const c = dataset.counts.incidents;
          expect(c.read).toBe(c.accepted + c.rejected + c.excluded);
          for (const p of dataset.persons.values) expect(p.length).toBeLessThanOrEqual(256);
          const table = {
            title: ids[0],
            columns: [{ key: 'person_id' }],
            rows: dataset.persons.values.map((person_id) => ({ person_id })),
            notes: [ids[0]],
          };
          for (const format of ['table', 'csv', 'md'] as const)
            expect(renderTable(table, format)).not.toMatch(UNSAFE_OUT);
          const json = renderTable(table, 'json');
          expect(json).not.toMatch(/[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
          expect(JSON.parse(json).rows.map((r: { person_id: string }) => r.person_id)).toEqual(dataset.persons.values);
        } finally {
          rmSync(f, { force: true });
        }
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
    count('hostile IDs (control/bidi/zero-width/huge)', Math.max(20, Math.floor(RUNS / 3)));
  });
});

describe('hostile side files: overrides, key, manifest', () => {
  it('random bytes, devices, FIFOs, folders and oversized files end in a clear error, never a hang or crash', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readKeyFile } = await import('../../src/io/key-file.js');
    const { readOverrides } = await import('../../src/ingest/overrides.js');
    const { loadManifest } = await import('../../src/batch/manifest.js');
    const fifo = join(dir, 'side.fifo');
    execFileSync('mkfifo', [fifo]);
    const huge = join(dir, 'huge.bin');
    writeFileSync(huge, Buffer.alloc(17 << 20, 0x41));
    const readers: [string, (p: string) => unknown][] = [
      ['key', (p) => readKeyFile(p)],
      ['overrides', (p) => readOverrides(p)],
      ['manifest', (p) => loadManifest(p)],
    ];
    const outcome = (read: (p: string) => unknown, p: string) => {
      try {
        read(p);
        return 'ok';
      } catch (e) {
        if (e instanceof ConfigError || e instanceof UsageError) return 'refused';
        throw e;
      }
    };
    for (const [name, read] of readers) {
      for (const special of ['/dev/zero', '/dev/null', fifo, dir, huge, join(dir, 'missing')]) {
        expect(outcome(read, special), `${name} ${special}`).toBe(
          special === '/dev/null' && name === 'never' ? 'ok' : 'refused',
        );
      }
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
          const p = join(dir, `side-${caseNo++}`);
          writeFileSync(p, bytes);
          try {
            expect(['ok', 'refused']).toContain(outcome(read, p));
          } finally {
            rmSync(p, { force: true });
          }
        }),
        { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
      );
    }
    count('hostile side files (overrides, key, manifest)', 3 * (6 + Math.max(20, Math.floor(RUNS / 3))));
  });
});

describe('output targets: devices, FIFOs, symlinks, hard links, inputs', () => {
  it('an input by any name is refused; a device is written through; a folder or system path is refused', async () => {
    const { execFileSync } = await import('node:child_process');
    const { linkSync, symlinkSync, statSync, mkdirSync, readFileSync } = await import('node:fs');
    const { emit } = await import('../../src/cli/output.js');
    const { noteInput, forgetInputs } = await import('../../src/io/output-guard.js');
    forgetInputs(); // the side-file fuzz above read /dev/null as a key, in this same process
    const input = join(dir, 'input.csv');
    writeFileSync(input, HEADER + GOOD_ROW);
    noteInput(input);
    const hard = join(dir, 'hard.csv');
    linkSync(input, hard);
    const sym = join(dir, 'sym.csv');
    symlinkSync(input, sym);
    const symDir = join(dir, 'alias');
    symlinkSync(dir, symDir);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const refused = (target: string) => {
      try {
        emit('x\n', target);
        return false;
      } catch (e) {
        if (e instanceof UsageError) return true;
        throw e;
      }
    };
    for (const t of [
      input,
      hard,
      sym,
      join(symDir, 'input.csv'),
      folder,
      '',
      '/dev/zero-not-there',
      '/proc/self/status',
    ])
      expect(refused(t), t).toBe(true);
    expect(readFileSync(input, 'utf8')).toBe(HEADER + GOOD_ROW);
    expect(refused('/dev/null')).toBe(false);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    // a FIFO with a reader: written straight through, still a FIFO
    const reader = execFileSync(
      'sh',
      ['-c', `(cat "${fifo}" > "${fifo}.got" 2>/dev/null </dev/null &) ; sleep 0.2; echo started`],
      { encoding: 'utf8' },
    );
    expect(reader).toContain('started');
    expect(refused(fifo)).toBe(false);
    expect(statSync(fifo).isFIFO()).toBe(true);
    forgetInputs();
    count('output targets (inputs by name, link and symlink; devices; FIFOs; folders; system paths)', 10);
  });
});
