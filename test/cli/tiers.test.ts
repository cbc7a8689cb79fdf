/**
 * tiers, tiers --victims, history and alerts end to end on the agency fixture
 * (hand-worked: see test/cli/agency-config.test.ts for the three people).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../helpers/run-cli.js';

const A = [
  '--incidents',
  fixture('agency/incidents.csv'),
  '--notifications',
  fixture('agency/notifications.csv'),
  '--config',
  fixture('agency/config.yaml'),
  '-q',
];
const json = (args: string[]) => {
  const r = runCli([...args, ...A, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('ipvi tiers', () => {
  it('July 2020: 007 escalated C → A (enforcement review), 7 unchanged C, 0007 D due a notification', () => {
    const t = json(['tiers', '--month', '2020-07']);
    expect(
      t.rows.map((r: Record<string, unknown>) => [
        r.person_id,
        r.level,
        r.previous_level,
        r.change,
        r.notification_due,
        r.enforcement_review,
        r.last_incident_date,
        r.incidents,
        r.offenses,
        r.last_notified_level,
        r.last_notified_date,
      ]),
    ).toEqual([
      ['007', 'A', 'C', 'escalated', false, true, '2020-07-04', 3, 2, 'B', '2020-03-10'],
      ['7', 'C', 'C', 'unchanged', false, false, '2020-06-30', 1, 1, 'B', '2020-07-01'],
      ['0007', 'D', 'D', 'unchanged', true, false, '2020-02-29', 1, 0, '', ''],
    ]);
    expect(t.rows[0].abuser_action).toBe('Addressed with any legal means available (no notification)');
    expect(t.summary).toMatchObject({
      counts: { A: 1, B: 0, C: 1, D: 1 },
      new: 0,
      escalated: 1,
      notification_due: 1,
      enforcement_review: 1,
    });
    expect(t.provenance.config.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('June 2020: 7 is new at C; 007 unchanged at C (notified at B earlier, so not due)', () => {
    const t = json(['tiers', '--month', '2020-06']);
    expect(
      t.rows.map((r: Record<string, unknown>) => `${r.person_id}:${r.level}:${r.change}:${r.notification_due}`),
    ).toEqual(['7:C:new:true', '007:C:unchanged:false', '0007:D:unchanged:true']);
  });

  it('--levels, --due and --limit filter the rows but the summary counts everyone', () => {
    const t = json(['tiers', '--month', '2020-07', '--due']);
    expect(t.rows.map((r: { person_id: string }) => r.person_id)).toEqual(['007', '0007']);
    expect(t.summary.total).toBe(3);
    expect(t.notes[0]).toBe('showing 2 of 3 persons on the list (due or enforcement review)');
    expect(
      json(['tiers', '--month', '2020-07', '--levels', 'C,D', '--limit', '1']).rows.map(
        (r: { person_id: string }) => r.person_id,
      ),
    ).toEqual(['7']);
    expect(runCli(['tiers', '--month', '2020-07', '--levels', 'E', ...A]).code).toBe(2);
  });

  it('--victims: one row per victim, with the victim-safety check on B notifications', () => {
    const v = json(['tiers', '--month', '2020-07', '--victims']);
    expect(v.rows.map((r: Record<string, unknown>) => [r.victim_id, r.person_id, r.level, r.safety])).toEqual([
      ['V-1', '007', 'A', 'victim contacted before the B-level notification'],
      ['V-3', '7', 'C', 'VICTIM NOT CONTACTED BEFORE the B-level notification of 2020-07-01'],
      ['V-4', '0007', 'D', ''],
    ]);
    expect(v.victim_contact_violations).toBe(1);
  });
});

describe('tiers --victims with several contact-first levels', () => {
  it('reports the first violation and no reminder for a level already notified (regression)', () => {
    // S1: arrests 2020-01-05 (C) and 2020-01-20 (B); notified at C on 01-10 with no victim contact,
    // then at B on 01-25 after contacting the victim on 01-24. Contact-first levels: B and C.
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-vs-'));
    writeFileSync(
      join(dir, 'inc.csv'),
      'incident_id,incident_date,suspect_id,victim_id,arrest\nI1,2020-01-05,S1,V1,yes\nI2,2020-01-20,S1,V1,yes\n',
    );
    writeFileSync(
      join(dir, 'not.csv'),
      'person_id,notification_date,level,victim_contact_date\nS1,2020-01-10,C,\nS1,2020-01-25,B,2020-01-24\n',
    );
    writeFileSync(join(dir, 'cfg.yaml'), 'victim_contact_first: [B, C]\n');
    const r = runCli([
      'tiers',
      '--victims',
      '--month',
      '2020-01',
      '--incidents',
      join(dir, 'inc.csv'),
      '--notifications',
      join(dir, 'not.csv'),
      '--config',
      join(dir, 'cfg.yaml'),
      '--format',
      'json',
      '-q',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows.map((x: { safety: string }) => x.safety)).toEqual([
      'VICTIM NOT CONTACTED BEFORE the C-level notification of 2020-01-10',
    ]);
  });
});

describe('ipvi history', () => {
  it("007's timeline: each level change with its rule", () => {
    const h = json(['history', '--person', '007']);
    expect(
      h.rows
        .filter((r: { event: string }) => r.event === 'level')
        .map((r: Record<string, unknown>) => `${r.date} ${r.detail}`),
    ).toEqual(['2020-01-15 none → D', '2020-03-02 D → C', '2020-07-04 C → A']);
    expect(h.rows.filter((r: { event: string }) => r.event === 'notification')).toHaveLength(2);
  });

  it('an unknown person is a usage error naming the exact-string rule', () => {
    const r = runCli(['history', '--person', '07', ...A]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("person '07' is not in the data");
  });
});

describe('ipvi alerts', () => {
  it('since 2020-06-01: 007 (already notified, C → A) and 7 (new at C)', () => {
    const a = json(['alerts', '--since', '2020-06-01']);
    expect(
      a.rows.map((r: Record<string, unknown>) => [
        r.incident_id,
        r.person_id,
        r.level_before,
        r.level_after,
        r.notified_before,
      ]),
    ).toEqual([
      ['20-0006', '007', 'C', 'A', 'B'],
      ['20-0004', '7', '', 'C', ''],
    ]);
    expect(a.rows[0].action_due).toContain('prosecutor flag');
    expect(a.rows[1].action_due).toContain('C-level notification');
  });

  it('nothing since a later date: an empty list and exit 0', () => {
    const a = json(['alerts', '--since', '2020-08-01']);
    expect(a.rows).toEqual([]);
  });
});
