/**
 * Issue 11: a realistic agency export (fixtures/rms: RMS header names, MM/DD/YYYY,
 * CRLF, BOM, multi-line quoted narratives, several charges per cell, an Excel-kept
 * notification log with trailing `,,,,` rows) read as is, then one realistic fault
 * injected at a time: none may end in exit 0 with a number from the bad part, or
 * with the only error unlisted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

const SRC = join(ROOT, 'fixtures', 'rms');
const work = mkdtempSync(join(tmpdir(), 'ipvi-rms-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A copy of the fixture with `edit` applied to its files' text (CRLF kept); returns the CLI file options. */
function variant(
  edit: {
    incidents?: (t: string) => string;
    notifications?: (t: string) => string;
    config?: (t: string) => string;
    incidentsBytes?: (b: Buffer) => Buffer;
  } = {},
) {
  const dir = join(work, `v${++n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['incidents.csv', 'notifications.csv', 'config.yaml']) copyFileSync(join(SRC, f), join(dir, f));
  const apply = (f: string, fn?: (t: string) => string) =>
    fn && writeFileSync(join(dir, f), fn(readFileSync(join(dir, f), 'utf8')));
  apply('incidents.csv', edit.incidents);
  apply('notifications.csv', edit.notifications);
  apply('config.yaml', edit.config);
  if (edit.incidentsBytes)
    writeFileSync(join(dir, 'incidents.csv'), edit.incidentsBytes(readFileSync(join(dir, 'incidents.csv'))));
  return [
    '--incidents',
    join(dir, 'incidents.csv'),
    '--notifications',
    join(dir, 'notifications.csv'),
    '--config',
    join(dir, 'config.yaml'),
  ];
}

const lines = (t: string) => t.split('\r\n');
const json = (args: string[]) => JSON.parse(runCli(['validate', ...args, '--format', 'json']).stdout);

describe('the RMS fixture as exported', () => {
  it('validates clean, --strict too: IPV-filter exclusions and Excel blank rows are facts, not warnings', () => {
    const args = variant();
    const r = runCli(['validate', ...args, '--strict']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('26 rows read, 24 accepted, 0 rejected, 2 excluded by the IPV filter');
    expect(r.stdout).toMatch(/note ipv_excluded: 2 .*Parent 1, Sibling 1/);
    expect(r.stdout).toMatch(/note blank_line: 4/);
    expect(r.stdout).toContain('errors: 0, warnings: 0');
    const j = json(args);
    expect(j.notes).toContainEqual({ code: 'ipv_excluded', value: 'Parent', count: 1 });
    // the multi-line narratives and the UTF-8 "Fiancé" relationship are read as such
    expect(j.files.incidents.rows.accepted).toBe(24);
  });
});

describe('point 1: errors are never hidden behind the detail cap', () => {
  // every notification at level B without victim contact: 12 victim_safety warnings, then one bad date on the last row
  const args = variant({
    notifications: (t) => {
      const l = lines(t).map((x, i) =>
        i > 0 && x.startsWith('0') ? x.replace(/Tier [A-D]/, 'Tier B').replace(/,[^,]*$/, ',') : x,
      );
      l[12] = l[12].replace(/^(\d+),[^,]+,/, '$1,13/45/2023,');
      return l.join('\r\n');
    },
  });
  it('text lists the error first even with --max-errors 3', () => {
    const r = runCli(['validate', ...args, '--max-errors', '3']);
    expect(r.code).toBe(1);
    const first = r.stdout.split('\n')[0];
    expect(first).toContain('bad_date');
    expect(r.stdout).toContain('shown: 1 of 1 errors, 3 of');
  });
  it('github and json list it', () => {
    const g = runCli(['validate', ...args, '--max-errors', '3', '--format', 'github']);
    expect(g.stdout.match(/^::error /gm)?.length).toBe(1);
    const j = JSON.parse(runCli(['validate', ...args, '--max-errors', '3', '--format', 'json']).stdout);
    expect(j.issues.filter((i: { severity: string }) => i.severity === 'error')).toHaveLength(1);
    expect(j.counts).toContainEqual({ code: 'victim_safety', severity: 'warning', count: expect.any(Number) });
  });
});

describe('point 2: encoding', () => {
  const latin1 = (b: Buffer) => Buffer.from(b.toString('utf8').replace(/^\uFEFF/, ''), 'latin1');
  it('a Windows-1252 export is read as such, with a warning naming the setting; no intimate-partner row is lost', () => {
    const args = variant({ incidentsBytes: latin1 });
    const j = json(args);
    expect(j.files.incidents.rows.accepted).toBe(24);
    const w = j.issues.find((i: { code: string }) => i.code === 'encoding_guessed');
    expect(w.message).toContain('read as Windows-1252');
    expect(w.hint).toContain('encoding: windows-1252');
    expect(runCli(['validate', ...args, '--strict']).code).toBe(1);
  });
  it('pinned in the config: no warning', () => {
    const args = variant({
      incidentsBytes: latin1,
      config: (t) => t.replace('incidents:\n', 'incidents:\n  encoding: windows-1252\n'),
    });
    expect(runCli(['validate', ...args, '--strict']).code).toBe(0);
  });
  it('configured as UTF-8: an error with line and column', () => {
    const args = variant({
      incidentsBytes: latin1,
      config: (t) => t.replace('incidents:\n', 'incidents:\n  encoding: utf-8\n'),
    });
    const r = runCli(['validate', ...args]);
    expect(r.code).toBe(1);
    const j = json(args);
    const e = j.issues.find((i: { code: string }) => i.code === 'bad_encoding');
    const text = readFileSync(join(SRC, 'incidents.csv'), 'utf8');
    const line = text.slice(0, text.indexOf('Fiancé')).split('\n').length;
    expect(e.line).toBe(line);
    expect(e.column).toMatch(/^character \d+$/);
  });
  it('UTF-16 with a BOM is read as UTF-16', () => {
    const args = variant({
      incidentsBytes: (b) =>
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8').replace(/^\uFEFF/, ''), 'utf16le')]),
    });
    expect(json(args).files.incidents.rows.accepted).toBe(24);
  });
});

describe('point 3: linkage checked as a whole', () => {
  const stripped = variant({ notifications: (t) => t.replace(/^0+(\d)/gm, '$1') });
  it('Excel-stripped leading zeros: one summary error naming the cause, exit 1', () => {
    const r = runCli(['validate', ...stripped]);
    expect(r.code).toBe(1);
    const j = json(stripped);
    const errs = j.issues.filter((i: { severity: string }) => i.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0].code).toBe('unknown_person_linkage');
    expect(errs[0].message).toContain('12 of 12 notifications');
    expect(errs[0].message).toContain('leading zeros');
    expect(j.counts.find((c: { code: string }) => c.code === 'unknown_person')).toBeUndefined();
  });
  it('analyses refuse it: no 0% recidivism', () => {
    const r = runCli(['recidivism', ...stripped]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown_person_linkage');
  });
  it('the threshold is configurable: one stray ID in 12 (8.3%) fails at the default 5%, is a warning at 10%', () => {
    const one = variant({ notifications: (t) => t.replace('0000003,', '3,') });
    expect(runCli(['validate', ...one]).code).toBe(1);
    const loose = variant({
      notifications: (t) => t.replace('0000003,', '3,'),
      config: (t) => t.replace('notifications:\n', 'notifications:\n  max_unknown_person_share: 0.1\n'),
    });
    const j = json(loose);
    expect(j.errors).toBe(0);
    expect(j.counts).toContainEqual({ code: 'unknown_person', severity: 'warning', count: 1 });
  });
});

describe('point 4/5: a renamed required column stops the cascade', () => {
  it('one error with did-you-mean and the header; the other file one line', () => {
    const args = variant({ incidents: (t) => t.replace('Suspect ID', 'SuspectID') });
    const j = json(args);
    const errs = j.issues.filter((i: { severity: string }) => i.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0].message).toContain("did you mean 'SuspectID'?");
    expect(errs[0].message).toContain("'Report #'");
    expect(j.counts.find((c: { code: string }) => c.code === 'unknown_person')).toBeUndefined();
    expect(j.counts).toContainEqual({ code: 'cross_checks_skipped', severity: 'warning', count: 1 });
  });
  it('an unquoted `Report #` in the YAML: the error says to quote it', () => {
    const args = variant({ config: (t) => t.replace('incident_id: "Report #"', 'incident_id: Report #') });
    const e = json(args).issues.find((i: { code: string }) => i.code === 'missing_column');
    expect(e.hint).toContain('quote the column name');
    expect(e.hint).toContain('"Report #"');
  });
});

describe('point 6: missing values', () => {
  it('N/A in the optional victim-contact date is no value (a note), not a rejected row', () => {
    const args = variant({
      notifications: (t) =>
        t.replace('0000001,10/01/2023,Tier C,Face to face,', '0000001,10/01/2023,Tier C,Face to face,N/A'),
    });
    const j = json(args);
    expect(j.errors).toBe(0);
    expect(j.notes).toContainEqual({ code: 'null_value', value: 'Victim Contact Date', count: 1 });
  });
  it('NULL in a required field is blank_required with a hint naming null_values', () => {
    const args = variant({ notifications: (t) => t.replace('0000001,10/01/2023', 'NULL,10/01/2023') });
    const e = json(args).issues.find((i: { code: string }) => i.code === 'blank_required');
    expect(e.hint).toContain('null_values');
  });
});

describe('point 7: a notification entered twice', () => {
  it('warns and is counted once', () => {
    const args = variant({
      notifications: (t) =>
        t.replace(
          '0000004,10/10/2023,Tier C,Face to face,\r\n',
          '0000004,10/10/2023,Tier C,Face to face,\r\n0000004,10/10/2023,Tier C,Face to face,\r\n',
        ),
    });
    const j = json(args);
    expect(j.counts).toContainEqual({ code: 'duplicate_notification', severity: 'warning', count: 1 });
    expect(j.files.notifications.rows.accepted).toBe(12);
  });
});

describe('point 9: people whose incidents were all excluded by the IPV filter', () => {
  it('the unknown-person check and history say so', () => {
    const args = variant({ notifications: (t) => t.replace('0000012,', '0000099,') });
    const w = json(args).issues.find((i: { code: string }) => i.code === 'unknown_person');
    expect(w.message).toContain('1 incident, all excluded by the IPV filter (Sibling 1)');
    const h = runCli(['history', ...args, '--person', ' 0000099 ']);
    expect(h.code).not.toBe(0);
    expect(h.stderr).toContain('all excluded by the IPV filter (Sibling 1)');
  });
});

describe('point 12: messages', () => {
  it('a day/month swap is suggested', () => {
    const args = variant({
      incidents: (t) => t.replace(/(\r\n23-\d+,)(\d\d)\/(\d\d)\/2023/, (_m, a, mm) => `${a}31/${mm}/2023`),
    });
    const e = json(args).issues.find((i: { code: string }) => i.code === 'bad_date');
    expect(e.message).toContain('day and month swapped?');
  });
  it('unknown_level lists the configured spellings; warnings name the export column', () => {
    const args = variant({
      notifications: (t) => t.replace('0000001,10/01/2023,Tier C', '0000001,10/01/2023,Level C'),
    });
    const e = json(args).issues.find((i: { code: string }) => i.code === 'unknown_level');
    expect(e.message).toContain("'tier c'");
    const w = variant({
      notifications: (t) =>
        t.replace('0000001,10/01/2023,Tier C,Face to face,', '0000001,10/01/2023,Tier B,Face to face,'),
    });
    expect(json(w).issues.find((i: { code: string }) => i.code === 'victim_safety').column).toBe(
      'Victim Contact Date (victim_contact_date)',
    );
  });
  it('--person is trimmed', () => {
    const r = runCli(['history', ...variant(), '--person', ' 0000001 ']);
    expect(r.code).toBe(0);
  });
});
