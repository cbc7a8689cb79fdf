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
import { ROOT, folderData, runCli } from '../helpers/run-cli.js';

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
  return folderData(dir);
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
  it('--skip-invalid does not get past it: the linkage is a whole-file fault, not bad rows', () => {
    const r = runCli(['recidivism', ...stripped, '--skip-invalid']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown_person_linkage');
    expect(r.stdout).toBe('');
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

describe('point 4 (and 12, the lost #): a renamed required column stops the cascade', () => {
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

describe("point 5: Excel's trailing all-empty rows", () => {
  it('are blank lines in either file: counted, never errors; analyses run', () => {
    const args = variant({ incidents: (t) => `${t}${',,,,,,,,,,,\r\n'.repeat(3)}` });
    const j = json(args);
    expect(j.errors).toBe(0);
    expect(j.notes).toContainEqual({ code: 'blank_line', value: 'incidents', count: 3 });
    expect(j.notes).toContainEqual({ code: 'blank_line', value: 'notifications', count: 4 });
    const r = runCli(['tiers', ...args, '--month', '2023-11', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
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

describe('point 8: dates past the data (the export ends 2023-12-22)', () => {
  const past =
    /warning: --month 2024-03 lies after the data: the latest incident is 2023-12-22 and the coverage is 2023-01-01 to 2023-12-22/;
  it('tiers --month after the coverage end warns on stderr and under the table; a month inside does not', () => {
    const args = variant();
    const r = runCli(['tiers', ...args, '--month', '2024-03', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(past);
    expect(JSON.parse(r.stdout).notes.join('\n')).toContain('--month 2024-03 lies after the data');
    const inside = runCli(['tiers', ...args, '--month', '2023-11']);
    expect(inside.stderr).not.toContain('warning:');
    // the month the export stops in: it runs past the data
    expect(runCli(['tiers', ...args, '--month', '2023-12']).stderr).toContain(
      'warning: --month 2023-12 runs past the data: the latest incident is 2023-12-22',
    );
  });
  it('classify --as-of before the coverage start, fidelity --month after its end', () => {
    const args = variant();
    expect(runCli(['classify', ...args, '--as-of', '2022-06-30']).stderr).toContain(
      'warning: --as-of 2022-06-30 lies before the data: the latest incident is 2023-12-22 and the coverage is 2023-01-01 to 2023-12-22',
    );
    const f = runCli(['fidelity', ...args, '--month', '2024-02']);
    expect(f.code).toBe(0);
    expect(f.stderr).toContain('warning: --month 2024-02 lies after the data');
  });
  it('alerts: newest incident more than alerts.max_data_age_days (default 7) before --since', () => {
    const args = variant();
    const stale = runCli(['alerts', ...args, '--since', '2024-01-15', '--format', 'json']);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain(
      'warning: the newest incident in the export is 2023-12-22, 24 days before --since 2024-01-15 (more than alerts.max_data_age_days, 7)',
    );
    expect(JSON.parse(stale.stdout).notes.join('\n')).toContain('the newest incident in the export is 2023-12-22');
    // 5 days: within the default age, but still after the coverage end
    const late = runCli(['alerts', ...args, '--since', '2023-12-27']);
    expect(late.stderr).not.toContain('newest incident');
    expect(late.stderr).toContain('warning: --since 2023-12-27 lies after the data');
    // configurable: 30 days allowed
    const lenient = variant({ config: (t) => `${t}alerts:\n  max_data_age_days: 30\n` });
    const ok = runCli(['alerts', ...lenient, '--since', '2024-01-15']);
    expect(ok.stderr).not.toContain('newest incident');
    expect(ok.stderr).toContain('warning: --since 2024-01-15 lies after the data');
    // a --since inside the data: no warning
    expect(runCli(['alerts', ...args, '--since', '2023-12-01']).stderr).not.toContain('warning:');
  });
});

describe('point 10: the relationship filter is a fact, listed on request; init proposes the values it saw', () => {
  it('validate --list-excluded lists line and relationship value only', () => {
    const args = variant();
    const text = readFileSync(args[1], 'utf8');
    const lineOf = (id: string) => text.slice(0, text.indexOf(id)).split('\n').length;
    const r = runCli(['validate', ...args, '--list-excluded', '--strict']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rows excluded by the IPV filter (2; line: relationship value):');
    expect(r.stdout).toContain(`incidents.csv:${lineOf('23-09001')}: Parent`);
    expect(r.stdout).toContain(`incidents.csv:${lineOf('23-09002')}: Sibling`);
    // no other row contents: not the narrative, the ID or the charge
    for (const s of ['Son and mother', '0000099', '23-09002', 'Assault 3']) expect(r.stdout).not.toContain(s);
    expect(json(args).excluded_rows).toEqual([
      { file: args[1], line: lineOf('23-09001'), relationship: 'Parent' },
      { file: args[1], line: lineOf('23-09002'), relationship: 'Sibling' },
    ]);
    // without the option the text report does not list them
    expect(runCli(['validate', ...args]).stdout).not.toContain('rows excluded by the IPV filter (');
  });
  it('init lists the values with counts, selects the intimate-partner ones for review, writes the encoding; its hint runs', () => {
    const dir = join(work, 'init');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'agency.yaml');
    const inc = join(SRC, 'incidents.csv');
    const not = join(SRC, 'notifications.csv');
    const r = runCli(['init', '--from', inc, '--notifications-from', not, '-o', out]);
    expect(r.code).toBe(0);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain('encoding: utf-8  # REVIEW: detected by its byte-order mark');
    for (const v of ['Spouse', 'Ex-Spouse', 'Boyfriend/Girlfriend', 'Child in Common', 'Fiancé', 'Dating Relationship'])
      expect(yaml).toContain(`    - "${v}"  # REVIEW: 4 rows; intimate partner by its spelling`);
    expect(yaml).toContain('#   - "Parent"  # 1 row');
    expect(yaml).toContain('#   - "Sibling"  # 1 row');
    // the closing hint is a command that runs as printed
    const hint = /then run: (ipvi validate .*)$/m.exec(r.stderr)![1];
    const check = runCli(hint.split(' ').slice(1));
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('24 accepted, 0 rejected, 2 excluded by the IPV filter');
  });
  it('init on a Windows-1252 export writes encoding: windows-1252 and reads Fiancé right', () => {
    const args = variant({
      incidentsBytes: (b) => Buffer.from(b.toString('utf8').replace(/^\uFEFF/, ''), 'latin1'),
    });
    const r = runCli(['init', '--from', args[1]]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/encoding: windows-1252 {2}# REVIEW: detected: not UTF-8 \(byte 0xE9 at line \d+\)/);
    expect(r.stdout).toContain('    - "Fiancé"  # REVIEW: 4 rows');
  });
});

describe('point 11: offense and felony from the charge text (New York Penal Law codes)', () => {
  const noCharges = (t: string) => t.replace(/ {2}charges:\n(?: {4}.*\n)+/, '');
  const features = (args: string[], person: string) => {
    const r = runCli(['classify', ...args, '--as-of', '2023-12-22', '--format', 'json', '--wide']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).rows as Record<string, unknown>[];
    return rows.find((x) => x.person_id === person)!;
  };
  it('PL 240.26 (harassment, a violation) is no offense; PL 120.05 is a felony, so serious', () => {
    const without = variant({ config: noCharges });
    const withCodes = variant();
    // 0000001: harassment 2 alone (no arrest), then assault 2 + harassment 2 with an arrest
    expect(features(without, '0000001')).toMatchObject({ level: 'B' });
    const h0 = runCli(['history', ...without, '--person', '0000001', '--format', 'json']);
    const h1 = runCli(['history', ...withCodes, '--person', '0000001', '--format', 'json']);
    const rows0 = JSON.parse(h0.stdout).rows as { event: string; detail: string; level: string }[];
    const rows1 = JSON.parse(h1.stdout).rows as { event: string; detail: string; level: string }[];
    // without the lists the harassment counts as an offense (C at once); with them it does not (D)
    expect(rows0.find((x) => x.event === 'level')!.level).toBe('C');
    expect(rows1.find((x) => x.event === 'level')!.level).toBe('D');
    const incidents = rows1.filter((x) => x.event === 'incident').map((x) => x.detail);
    expect(incidents[0]).toContain("not an offense: 'PL 240.26 Harassment 2' (non-offense code PL 240.26)");
    // no flag words (offense, serious) between the charge and the explanation
    // (the incident and victim IDs are columns of their own)
    expect(incidents[0]).toMatch(/^offense PL 240\.26 Harassment 2 \(not an offense/);
    const first = rows1.find((x) => x.event === 'incident') as unknown as { incident_id: string; victim_id: string };
    expect([first.incident_id, first.victim_id]).toEqual(['23-00001', 'V00001']);
    expect(incidents[1]).toContain("felony by 'PL 120.05 Assault 2' (felony code PL 120.05)");
    expect(incidents[1]).toContain('felony, offense, serious');
    expect(rows0.filter((x) => x.event === 'incident')[1].detail).not.toContain('serious');
  });
  it('strangulation 2 and criminal contempt 1 are felonies; the separator is configurable', () => {
    const details = (args: string[], person: string) => {
      const h = runCli(['history', ...args, '--person', person, '--format', 'json']);
      expect(h.code, h.stderr).toBe(0);
      return (JSON.parse(h.stdout).rows as { event: string; detail: string }[])
        .filter((x) => x.event === 'incident')
        .map((x) => x.detail)
        .join('\n');
    };
    expect(details(variant(), '0000012')).toContain("felony by 'PL 121.12 Strangulation 2' (felony code PL 121.12)");
    // several charges per cell, split at the configured separator
    const pipe = variant({
      incidents: (t) => t.replace(/; PL /g, ' | PL '),
      config: (t) => t.replace('separator: ";"', 'separator: "|"'),
    });
    for (const args of [variant(), pipe]) {
      expect(details(args, '0000006')).toContain("felony by 'PL 215.51 Crim Contempt 1' (felony code PL 215.51)");
      const d = details(args, '0000001');
      expect(d).toContain("felony by 'PL 120.05 Assault 2' (felony code PL 120.05)");
      expect(d).toContain("not an offense: 'PL 240.26 Harassment 2' (non-offense code PL 240.26)");
    }
  });
});

describe('point 12: config typos get did-you-mean at every level', () => {
  it.each([
    [
      'incidents:\n',
      'incidents:\n  ipv_relationship: [Spouse]\n',
      "incidents.ipv_relationship: unknown key 'ipv_relationship'; did you mean 'ipv_relationships'?",
    ],
    [
      'notifications:\n',
      'notifcations:\n  levels: {}\nnotifications:\n',
      "notifcations: unknown key 'notifcations'; did you mean 'notifications'?",
    ],
    [
      '    felony_codes:',
      '    felony_code:',
      "incidents.charges.felony_code: unknown key 'felony_code'; did you mean 'felony_codes'?",
    ],
    [
      '    suspect_id: Suspect ID',
      '    suspect: Suspect ID',
      "incidents.columns.suspect: unknown key 'suspect'; did you mean 'suspect_id'?",
    ],
  ])('%s → %s', (from, to, message) => {
    const r = runCli(['validate', ...variant({ config: (t) => t.replace(from, to) })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
  it('in a rules list too', () => {
    const r = runCli([
      'validate',
      ...variant({ config: (t) => `${t}rules:\n  - levl: A\n    when: incidents >= 1\n` }),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("rules.0.levl: unknown key 'levl'; did you mean 'level'?");
    expect(r.stderr).toContain('the keys here are level, when, reason, name');
  });
});
