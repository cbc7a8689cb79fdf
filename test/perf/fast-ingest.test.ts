/**
 * The byte path of the reader (rows without quotes decoded from their bytes:
 * IDs interned from bytes, dates, booleans and codes through caches keyed by
 * the cell's bytes — src/ingest/row-decoder.ts, parse.ts) against the
 * reference (csv-parse and the string decoders for every row): on every
 * fixture pair and on random files full of the cells the decoders treat
 * specially — `007` and `7`, spaces to trim, "no value" spellings, NFC and
 * invisible characters, lookalike scripts, over-long IDs, bad and
 * implausible dates, unknown booleans and levels, duplicate keys, quoted
 * cells — both give the same pools, columns, counts, carried text, issues,
 * notes, excluded rows and rejected rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/load.js';
import { compileFlagDeriver } from '../../src/classify/flags.js';
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

const dir = mkdtempSync(join(tmpdir(), 'ipvi-fastingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function both(incidents: string, notifications: string, config: Config, chunkBytes?: number) {
  const base = { incidents, notifications, config, compileFlags: compileFlagDeriver, keepRejected: true };
  const reference = facts(await parseInputs({ ...base, reader: 'reference' }));
  const fast = facts(await parseInputs({ ...base, reader: 'fast', chunkBytes }));
  expect(fast).toEqual(reference);
  return reference;
}

const configs = loadConfigs(dir);

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

describe('byte path of the reader = string path', () => {
  it('on random files of special cells, with either config, LF or CR LF, in random chunks', {
    timeout: 300_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(incidentRow, { maxLength: 40 }),
        fc.array(notificationRow, { maxLength: 15 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(...Object.keys(configs)),
        fc.integer({ min: 1, max: 64 }),
        fc.subarray([',,,,,,,,,,,', '', ' , ,,,,,,,,,,', 'short,row']),
        async (inc, not, quote, eol, config, chunk, extra) => {
          // a duplicate (incident, suspect) key now and then: repeat the first row
          const rows = inc.length > 2 ? [...inc, inc[0]] : inc;
          const ip = join(dir, `i${n}.csv`);
          const np = join(dir, `n${n++}.csv`);
          writeFileSync(ip, csv(INCIDENT_HEADER, rows, quote, eol, extra));
          writeFileSync(np, csv(NOTIFICATION_HEADER, not, quote, eol, []));
          await both(ip, np, configs[config], chunk);
          rmSync(ip);
          rmSync(np);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps 007 and 7 apart, trims " 7" to 7, reads N/A as blank and names the duplicate key', async () => {
    const ip = join(dir, 'pins-i.csv');
    const np = join(dir, 'pins-n.csv');
    writeFileSync(
      ip,
      [
        INCIDENT_HEADER,
        'I1,2021-01-05,007,V1,SP,,false,false,false,false,false,KPD',
        'I2,2021-01-06,7,V1,SP,,false,false,false,false,false,KPD',
        'I3,2021-01-07, 7,V1,SP,N/A,false,false,false,false,false,KPD',
        'I1,2021-01-05,007,V1,SP,,false,false,false,false,false,KPD',
        'I4,2021-01-08,N/A,V1,SP,,false,false,false,false,false,KPD',
        'I5,2021-01-09,7,V1,SP,N/A,false,false,false,false,false,KPD',
      ].join('\n') + '\n',
    );
    writeFileSync(
      np,
      `${NOTIFICATION_HEADER}\n7,2021-02-01,B,letter,\n007,2021-02-01,B,letter,\n7,2021-02-01,B,letter,\n`,
    );
    const r = await both(ip, np, configs.default);
    expect(r.persons).toEqual(['007', '7']);
    expect(r.incidents.person).toEqual([0, 1, 1, 1]);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'duplicate_key'],
      [6, 'blank_required'],
    ]);
    expect(r.errors[0].message).toBe('incident I1 with suspect 007 already appears on line 2');
    expect(r.warnings.map((w) => [w.line, w.code, w.message])).toEqual([
      [4, 'duplicate_notification', expect.stringContaining('person 7, B, same date')],
    ]);
    expect(r.notes).toContainEqual(['null_value', [['offense', 2]]]);
  });

  it('on every fixture pair (with its config)', { timeout: 300_000 }, async () => {
    const pairs = fixturePairs();
    expect(pairs.length).toBeGreaterThan(3);
    for (const [d, cfg] of pairs) {
      for (const chunk of [undefined, 997])
        await both(join(d, 'incidents.csv'), join(d, 'notifications.csv'), cfg, chunk);
    }
  });
});
