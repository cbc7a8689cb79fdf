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
