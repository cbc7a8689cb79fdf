/**
 * Without incidents.ipv_relationships every incident is kept whatever its
 * relationship (docs/config.md#ipv-relationships); when the relationship
 * column has values that assumption is said once: validate's `note
 * ipv_unfiltered` per value, one line on standard error for the other
 * commands, a sentence in the report's findings. With the list set, or with
 * no relationship values, nothing is said.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runInProcess } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ipvi-unfiltered-'));
const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const HEADER = 'incident_id,incident_date,suspect_id,victim_id,relationship,offense';
const incidents = write(
  'incidents.csv',
  [
    HEADER,
    'I1,2023-01-05,P1,V1,SP,ASSAULT 3',
    'I2,2023-02-05,P1,V1,SP,',
    'I3,2023-03-05,P2,V2,PARENT,ASSAULT 3',
    'I4,2023-04-05,P3,V3,,ASSAULT 3',
    'I5,2023-05-05,P4,V4,EX,',
  ].join('\n') + '\n',
);
const notifications = write('notifications.csv', 'person_id,notification_date,level\nP1,2023-01-10,D\n');
const filtered = write('filtered.yaml', 'version: 1\nincidents:\n  ipv_relationships: [SP, EX]\n');
const noRelationship = write(
  'no-relationship.csv',
  ['incident_id,incident_date,suspect_id,victim_id,offense', 'I1,2023-01-05,P1,V1,ASSAULT 3'].join('\n') + '\n',
);

const LINE =
  'incidents.ipv_relationships is not set: 4 incidents with a relationship value were kept whatever the relationship (3 values: SP 2, EX 1, PARENT 1); list the intimate-partner codes under incidents.ipv_relationships (docs/config.md#ipv-relationships)';

describe('no ipv_relationships: said once', () => {
  it('validate: a note per relationship value, most frequent first; a fact, so --strict passes', async () => {
    const r = await runInProcess(['validate', '--incidents', incidents, '--format', 'json', '--strict', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as { notes: unknown[] };
    expect(rep.notes).toEqual([
      { code: 'ipv_unfiltered', value: 'SP', count: 2 },
      { code: 'ipv_unfiltered', value: 'EX', count: 1 },
      { code: 'ipv_unfiltered', value: 'PARENT', count: 1 },
    ]);
    const text = await runInProcess(['validate', '--incidents', incidents, '--no-cache']);
    expect(text.stdout).toContain(
      '  note ipv_unfiltered: 4 incidents kept whatever their relationship: incidents.ipv_relationships is not set (docs/config.md#ipv-relationships; relationship values): SP 2, EX 1, PARENT 1',
    );
  });

  it('another command: one line on standard error, none with --quiet', async () => {
    const r = await runInProcess(['classify', '--incidents', incidents, '--as-of', '2023-06-30', '--no-cache']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.includes('ipv_relationships'))).toEqual([LINE]);
    const quiet = await runInProcess([
      'classify',
      '--incidents',
      incidents,
      '--as-of',
      '2023-06-30',
      '-q',
      '--no-cache',
    ]);
    expect(quiet.stderr).not.toContain('ipv_relationships');
  });

  it('more than five values: the first five and an ellipsis', async () => {
    const many = write(
      'many.csv',
      [HEADER, ...['A', 'B', 'C', 'D', 'E', 'F'].map((rel, i) => `J${i},2023-01-0${i + 1},Q${i},W${i},${rel},`)].join(
        '\n',
      ) + '\n',
    );
    const r = await runInProcess(['classify', '--incidents', many, '--as-of', '2023-06-30', '--no-cache']);
    expect(r.stderr).toContain(
      'incidents.ipv_relationships is not set: 6 incidents with a relationship value were kept whatever the relationship (6 values: A 1, B 1, C 1, D 1, E 1, …);',
    );
  });

  it('the report says it in its findings', async () => {
    const out = join(dir, 'report.md');
    const r = await runInProcess([
      'report',
      '--incidents',
      incidents,
      '--notifications',
      notifications,
      '--format',
      'md',
      '-o',
      out,
      '--no-cache',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toContain(
      '4 incidents with a relationship value were counted whatever the relationship: no intimate-partner relationship codes are configured (incidents.ipv_relationships), so family cases in the export, if any, are counted too.',
    );
  });
});

describe('nothing to say', () => {
  it('with the list set: the excluded rows are the note, and no unfiltered line', async () => {
    const r = await runInProcess([
      'validate',
      '--incidents',
      incidents,
      '--config',
      filtered,
      '--format',
      'json',
      '--no-cache',
    ]);
    expect(JSON.parse(r.stdout).notes).toEqual([
      { code: 'ipv_excluded', value: '(blank)', count: 1 },
      { code: 'ipv_excluded', value: 'PARENT', count: 1 },
    ]);
    const c = await runInProcess([
      'classify',
      '--incidents',
      incidents,
      '--config',
      filtered,
      '--as-of',
      '2023-06-30',
      '--no-cache',
    ]);
    expect(c.stderr).not.toContain('is not set');
  });

  it('without relationship values', async () => {
    const r = await runInProcess(['validate', '--incidents', noRelationship, '--format', 'json', '--no-cache']);
    expect(JSON.parse(r.stdout).notes).toEqual([]);
    const c = await runInProcess(['classify', '--incidents', noRelationship, '--as-of', '2023-06-30', '--no-cache']);
    expect(c.stderr).not.toContain('ipv_relationships');
  });
});

// the demo's config filters its family cases (fixtures/demo/README.txt)
it('the demo config lists the intimate-partner codes', async () => {
  const r = await runInProcess([
    'validate',
    '--incidents',
    fixture('demo/incidents.csv'),
    '--notifications',
    fixture('demo/notifications.csv'),
    '--config',
    fixture('demo/config.yaml'),
    '--format',
    'json',
    '--no-cache',
  ]);
  const rep = JSON.parse(r.stdout);
  expect(rep.files.incidents.rows).toEqual({ read: 3617, accepted: 3410, rejected: 0, excluded: 207 });
  expect(rep.notes.map((n: { code: string }) => n.code)).not.toContain('ipv_unfiltered');
});
