/**
 * The mapping config end to end on a messy agency-style export
 * (fixtures/agency: renamed columns, MM/dd/yyyy with and without times, Y/N,
 * semicolons, CRLF, BOM, quoted multi-line narrative, level spellings, an IPV
 * relationship filter), and `ipvi init` guessing a config that reads it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';

const data = ['--incidents', fixture('agency/incidents.csv'), '--notifications', fixture('agency/notifications.csv')];
const config = ['--config', fixture('agency/config.yaml')];

describe('agency config end to end', () => {
  it('validates: the PARENT row is excluded and reported, the B notification without victim contact warned', () => {
    const r = runCli(['validate', '--format', 'json', ...data, ...config]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout);
    expect(rep.files.incidents.rows).toEqual({ read: 6, accepted: 5, rejected: 0, excluded: 1 });
    // the exclusion is a fact (a note per relationship value), not a warning (issue 11)
    expect(rep.issues.map((i: { line: number; code: string }) => `${i.line}:${i.code}`)).toEqual(['4:victim_safety']);
    expect(rep.notes).toEqual([{ code: 'ipv_excluded', value: 'PARENT', count: 1 }]);
    expect(rep.coverage).toMatchObject({ start: '2020-01-01', end: '2021-12-31', start_source: 'config' });
  });

  it('classifies through the mapping: 007 → A, 7 → C, 0007 → D', () => {
    // 007: D incident 2020-01-15, offense 2020-03-02 (C), notified D then B (2020-03-10),
    //      offense + serious on 2020-07-04 after the B notification → A.
    // 7:   one offense with weapon and felony (serious) on 2020-06-30: serious but only one offense → C.
    // 0007: the PARENT incident is excluded; a non-offense incident on 2020-02-29 → D.
    const r = runCli(['classify', '--as-of', '2020-07-31', '--format', 'json', ...data, ...config]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).rows as { person_id: string; level: string; reason: string }[];
    expect(rows.map((x) => `${x.person_id}:${x.level}`)).toEqual(['007:A', '7:C', '0007:D']);
    expect(rows[0].reason).toContain('notified_B (=1)');
  });

  it('without the config the same export is refused with the missing columns named', () => {
    const r = runCli(['classify', '--as-of', '2020-07-31', ...data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required column 'incident_id' is not in the header");
    expect(r.stderr).toContain('ipvi init --from');
  });

  it('ipvi init writes a config that reads the export, every guess marked REVIEW', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-init-'));
    const out = join(dir, 'agency.yaml');
    const r = runCli([
      'init',
      '--from',
      fixture('agency/incidents.csv'),
      '--notifications-from',
      fixture('agency/notifications.csv'),
      '-o',
      out,
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('incident_date: "Rpt Date"  # REVIEW');
    expect(text).toContain('date_formats: ["MM/dd/yyyy"]');
    expect(text).toContain('B: ["Level B"]');
    const v = runCli(['validate', '--format', 'json', ...data, '--config', out]);
    expect(v.code).toBe(0);
    // init pre-selected the intimate-partner codes it saw (SP, EX, GF), each for review; PARENT is left out
    expect(text).toMatch(/ipv_relationships:\n {4}- "SP" {2}# REVIEW: 3 rows/);
    expect(text).toContain('#   - "PARENT"  # 1 row');
    expect(JSON.parse(v.stdout).files.incidents.rows).toMatchObject({ accepted: 5, excluded: 1 });
    // refuses to overwrite without --force
    expect(runCli(['init', '--from', fixture('agency/incidents.csv'), '-o', out]).code).toBe(2);
  });

  it('ipvi init maps records-system names: Offender MNI, Victim MNI, Vic Rel to Off, Statute Desc; MNI in the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-init-'));
    const inc = join(dir, 'inc.csv');
    const not = join(dir, 'not.csv');
    writeFileSync(
      inc,
      'Case No.,Incident Dt/Tm,Offender MNI,Victim MNI,Vic Rel to Off,Statute Desc,Arrest?\r\n' +
        'MPD-1,01/02/2019 10:35 PM,000278,V1,BG,PL 120.00,No\r\n',
    );
    writeFileSync(not, 'MNI,Date Delivered,IPVI Level\r\n000278,01/17/2019,Level D\r\n');
    const out = join(dir, 'm.yaml');
    const r = runCli(['init', '--from', inc, '--notifications-from', not, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const line of [
      'suspect_id: "Offender MNI"',
      'victim_id: "Victim MNI"',
      'relationship: "Vic Rel to Off"',
      'offense: "Statute Desc"',
      'person_id: "MNI"',
    ])
      expect(text).toContain(line);
  });

  it('reports a config error with the file, line and key path, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-cfg-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nincidents:\n  columns:\n    incident_id: DIR\n    colour: red\n');
    const r = runCli(['validate', ...data, '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:5:5: incidents.columns.colour');
    const syntax = join(dir, 'syntax.yaml');
    writeFileSync(syntax, 'incidents:\n  columns: [a, b\n');
    const s = runCli(['validate', ...data, '--config', syntax]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/syntax\.yaml:\d+:\d+: invalid YAML/);
  });
});
