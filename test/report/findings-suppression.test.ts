/**
 * The report's data section under --suppress-below N (docs/methods.md#suppression, "The report's data
 * section"): the validation findings in words, the findings-by-code table, the input files' row accounting
 * and the provenance appendix show a count from 1 to N − 1 as `<N` (zeros shown); a hidden count takes the
 * plural ("<5 notifications … were", never "<5 notification … was", which would give a 1 away); the unknown-person
 * split adds up to the table's count and is suppressed as a column sum; rows read, the sum of a file's other
 * counts, reads `suppressed` when one of them is hidden; and the section says so once. Each document is
 * built inside `it` (docs/testing.md, "Tests Stryker can see").
 */
import { describe, expect, it } from 'vitest';
import { buildPersonIndex } from '../../src/classify/person-index.js';
import { prepareClassification } from '../../src/classify/ruleset.js';
import { datasetProvenance } from '../../src/io/provenance.js';
import type { Table } from '../../src/model.js';
import { buildReportDocument } from '../../src/report/document.js';
import { compileFlagDeriver } from '../../src/classify/flags.js';
import { loadConfig } from '../../src/config/load.js';
import { loadDataset, type LoadResult } from '../../src/ingest/read.js';
import { loadFixture, writeFixture } from '../helpers/csv-fixture.js';
import { inc, note, offense, type IncidentRec, type NotificationRec } from '../helpers/records.js';

const CONFIG = 'version: 1\nincidents:\n  columns:\n    relationship: relationship\n  ipv_relationships: [SP]\n';

/** The files read as `--skip-invalid` reads them: rows with errors are rejected and counted, not refused. */
async function loadWithErrors(incidents: IncidentRec[], notifications: NotificationRec[]) {
  const fixture = writeFixture({ incidents, notifications, configYaml: CONFIG });
  try {
    const config = loadConfig(fixture.config);
    const read = await loadDataset({ ...fixture, config, compileFlags: compileFlagDeriver });
    return { ...read, config };
  } finally {
    fixture.cleanup();
  }
}

/** The data section of the report on these records: its sentences, its two tables and the appendix's JSON. */
async function dataSection(
  incidents: IncidentRec[],
  notifications: NotificationRec[],
  suppressBelow?: number,
  loaded?: LoadResult & { config: ReturnType<typeof loadConfig> },
) {
  const result = loaded ?? (await loadFixture({ incidents, notifications, configYaml: CONFIG }));
  const { dataset, ruleSet } = prepareClassification(result.config, result.dataset);
  const ctx = { dataset, config: result.config, ruleSet, index: buildPersonIndex(dataset) };
  const doc = buildReportDocument(
    ctx,
    result,
    { windows: [12], followUpMonths: 12, cohort: 'first', suppressBelow },
    { rows: datasetProvenance(dataset, { hash: 'h', rulesSource: 'default' }).rows },
    undefined,
    { locale: 'en-US', timeZone: 'UTC', cwd: '', appendix: true },
  );
  const blocks = doc.sections.find((s) => s.id === 'data')!.blocks;
  const list = blocks.find((b) => b.type === 'list');
  const tables = blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
  const appendix = doc.sections.find((s) => s.id === 'provenance')!.blocks.find((b) => b.type === 'code');
  return {
    sentences: list?.type === 'list' ? list.items : [],
    paragraph: blocks[0].type === 'paragraph' ? blocks[0].text : '',
    files: tables.find((t) => t.title === 'Input files') as Table,
    codes: tables.find((t) => t.title === 'Validation findings by code') as Table,
    appendix: appendix?.type === 'code' ? (JSON.parse(appendix.text) as { rows: unknown }) : undefined,
  };
}

// SP relationships count; X's only incident is a Parent call (excluded); U has no incident at all
const PEOPLE = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
const small = () => ({
  incidents: [
    ...PEOPLE.map((p) => inc(p, '2021-03-01', { relationship: 'SP' })),
    inc('X1', '2021-03-02', { relationship: 'Parent' }),
  ],
  notifications: [note('P1', '2021-03-10', 'D'), note('U1', '2021-03-10', 'D'), note('X1', '2021-03-10', 'D')],
});

describe('report data section: the findings under --suppress-below', () => {
  it('without suppression: the counts as they are, a 1 in the singular, no note', async () => {
    const { incidents, notifications } = small();
    const d = await dataSection(incidents, notifications);
    expect(d.sentences).toEqual([
      '1 row excluded by the relationship filter, as configured (not an intimate-partner relationship).',
      '1 notification for a person with no incident in the export (an ID that does not match, e.g. one that lost its leading zeros: `ipvi validate` names the likely match); these people are left out of the evaluation tables.',
      '1 notification for a person whose incidents were all excluded by the relationship filter; these people are left out of the evaluation tables.',
      '`ipvi validate` lists the lines behind each of these.',
    ]);
    expect(d.codes.rows).toEqual([{ code: 'unknown_person', severity: 'warning', count: 2 }]);
    expect(d.files.rows.map((r) => [r.file, r.rows_read, r.accepted, r.rejected, r.excluded])).toEqual([
      ['incidents', 7, 6, 0, 1],
      ['notifications', 3, 3, 0, 0],
    ]);
    expect(d.appendix?.rows).toEqual({
      incidents: { read: 7, accepted: 6, rejected: 0, excluded: 1 },
      notifications: { read: 3, accepted: 3, rejected: 0, excluded: 0 },
    });
  });

  it('with --suppress-below 5: 1 … 4 read <5 in the plural, zeros shown, rows read suppressed, said once', async () => {
    const { incidents, notifications } = small();
    const d = await dataSection(incidents, notifications, 5);
    expect(d.sentences).toEqual([
      '<5 rows excluded by the relationship filter, as configured (not an intimate-partner relationship).',
      '<5 notifications for a person with no incident in the export (an ID that does not match, e.g. one that lost its leading zeros: `ipvi validate` names the likely match); these people are left out of the evaluation tables.',
      '<5 notifications for a person whose incidents were all excluded by the relationship filter; these people are left out of the evaluation tables.',
      '`ipvi validate` lists the lines behind each of these.',
      'Published with --suppress-below 5: in this section, as in the tables, counts from 1 to 4 read “<5” (zeros are shown), and a count that would give a hidden one back reads “suppressed” (docs/methods.md#suppression).',
    ]);
    // the unknown-person total (1 + 1) is small too
    expect(d.codes.rows).toEqual([{ code: 'unknown_person', severity: 'warning', count: '<5' }]);
    // incidents: 7 read = 6 accepted + 0 + <5 excluded: 7 − 6 would give the excluded 1 back, so read goes
    expect(d.files.rows.map((r) => [r.file, r.rows_read, r.accepted, r.rejected, r.excluded])).toEqual([
      ['incidents', 'suppressed', 6, 0, '<5'],
      // the 3 notifications used are P1's D letter (the fidelity table's D notifications, <5) and the 2 for a
      // person with no incident (<5): hidden parts of a total, which reads suppressed, not <5
      ['notifications', 'suppressed', 'suppressed', 0, 0],
    ]);
    expect(d.appendix?.rows).toEqual({
      incidents: { read: 'suppressed', accepted: 6, rejected: 0, excluded: '<5' },
      notifications: { read: 'suppressed', accepted: 'suppressed', rejected: 0, excluded: 0 },
    });
    // the paragraph's counts: 6 incident rows and 6 people shown, the notifications hidden
    expect(d.paragraph).toContain(
      '6 incident rows and a suppressed number of notifications were used; 6 people have an incident.',
    );
  });

  it('a count of N or more is shown, and in the singular only when it is 1 (with --suppress-below 1 nothing is hidden)', async () => {
    const { incidents, notifications } = small();
    const d = await dataSection(incidents, notifications, 1);
    expect(d.sentences[0]).toBe(
      '1 row excluded by the relationship filter, as configured (not an intimate-partner relationship).',
    );
    expect(d.sentences.join('\n')).not.toContain('Published with --suppress-below');
    expect(d.codes.rows[0].count).toBe(2);
  });

  it('the unknown-person split adds up to the table count: one part hidden takes the other with it', async () => {
    // U1 … U3: 3 notifications for a person with no incident (small); X1 … X6: 6 for a person whose incidents were
    // all excluded; the table's unknown_person count 9. Shown, 9 − 6 gives the 3 back: the 6 goes (suppressed).
    // Then none ∈ 1 … 4 and filtered ≥ 5 with none + filtered = 9: none ∈ 1 … 4, nothing pinned.
    const xs = ['X1', 'X2', 'X3', 'X4', 'X5', 'X6'];
    const d = await dataSection(
      [
        ...PEOPLE.map((p) => inc(p, '2021-03-01', { relationship: 'SP' })),
        ...xs.map((x) => inc(x, '2021-03-02', { relationship: 'Parent' })),
      ],
      [
        ...PEOPLE.map((p) => note(p, '2021-03-10', 'D')),
        ...['U1', 'U2', 'U3', ...xs].map((u) => note(u, '2021-03-10', 'D')),
      ],
      5,
    );
    expect(d.sentences.slice(0, 3)).toEqual([
      '6 rows excluded by the relationship filter, as configured (not an intimate-partner relationship).',
      '<5 notifications for a person with no incident in the export (an ID that does not match, e.g. one that lost its leading zeros: `ipvi validate` names the likely match); these people are left out of the evaluation tables.',
      'A suppressed number of notifications for a person whose incidents were all excluded by the relationship filter; these people are left out of the evaluation tables.',
    ]);
    expect(d.codes.rows).toEqual([{ code: 'unknown_person', severity: 'warning', count: 9 }]);
    expect(d.files.rows[0]).toMatchObject({ rows_read: 12, accepted: 6, rejected: 0, excluded: 6 });
  });
});

/**
 * The report under --suppress-below 5 for d people new at D and c new at C in March 2021 (incidents only); one D
 * person's incident on March 31 makes March the last complete month, so everyone has a level at its end.
 */
async function marchReport(d: number, c: number) {
  const incidents = [
    ...Array.from({ length: d }, (_, i) => inc(`D${i}`, i === 0 ? '2021-03-31' : '2021-03-01', { relationship: 'SP' })),
    ...Array.from({ length: c }, (_, i) => offense(`C${i}`, '2021-03-02', { relationship: 'SP' })),
  ];
  const result = await loadFixture({ incidents, notifications: [], configYaml: CONFIG });
  const { dataset, ruleSet } = prepareClassification(result.config, result.dataset);
  const ctx = { dataset, config: result.config, ruleSet, index: buildPersonIndex(dataset) };
  const doc = buildReportDocument(
    ctx,
    result,
    { windows: [12], followUpMonths: 12, cohort: 'first', suppressBelow: 5 },
    { rows: datasetProvenance(dataset, { hash: 'h', rulesSource: 'default' }).rows },
    undefined,
    { locale: 'en-US', timeZone: 'UTC', cwd: '', appendix: true },
  );
  const block = doc.sections.find((s) => s.id === 'tiers')!.blocks.find((b) => b.type === 'table');
  return { doc, tiers: block?.type === 'table' ? block.table : ({ rows: [], notes: [] } as unknown as Table) };
}

describe('report summary: the people with an incident under --suppress-below', () => {
  /** The summary's paragraph and the tier counts' persons by level, for d people at D and c at C (all in March 2021). */
  async function summary(d: number, c: number) {
    const { doc, tiers } = await marchReport(d, c);
    const paragraph = doc.sections.find((s) => s.id === 'summary')!.blocks.find((b) => b.type === 'paragraph');
    const data = doc.sections.find((s) => s.id === 'data')!.blocks[0];
    return {
      paragraph: paragraph?.type === 'paragraph' ? paragraph.text : '',
      data: data.type === 'paragraph' ? data.text : '',
      persons: tiers.rows.map((r) => [r.level, r.persons]),
    };
  }

  it('a tier total hidden because its parts pin it (4 + 4 under <5) is not given back as the people with an incident', async () => {
    const s = await summary(4, 4);
    // C and D both <5 with a total of 8 would pin both at 4: the total reads suppressed (docs/methods.md#suppression)
    expect(s.persons).toEqual([
      ['A', 0],
      ['B', 0],
      ['C', '<5'],
      ['D', '<5'],
      ['all', 'suppressed'],
    ]);
    expect(s.paragraph).toContain('0 notifications, a suppressed number of people with an incident.');
    expect(s.data).toContain('a suppressed number of people have an incident.');
    expect(`${s.paragraph}\n${s.data}`).not.toMatch(/\b8 people/);
  });

  it('a shown tier total leaves the count shown (3 + 3: 6 does not pin either part)', async () => {
    const s = await summary(3, 3);
    expect(s.persons.at(-1)).toEqual(['all', 6]);
    expect(s.paragraph).toContain('0 notifications, 6 people with an incident.');
  });
});

describe('report data section: the rejected rows and the error findings count the same rows', () => {
  // P1 … P6 with an SP incident and a D letter each; `badIncidents` incident rows and `badNotes` notification
  // rows with a date that cannot be read (one bad_date error each, rejected)
  async function withErrors(badIncidents: number, badNotes: number, below?: number) {
    const incidents = [
      ...PEOPLE.map((p) => inc(p, '2021-03-01', { relationship: 'SP' })),
      ...Array.from({ length: badIncidents }, (_, i) => inc(`E${i}`, '2021-13-45', { relationship: 'SP' })),
    ];
    const notifications = [
      ...PEOPLE.map((p) => note(p, '2021-03-10', 'D')),
      ...Array.from({ length: badNotes }, () => note('P1', '2021-99-01', 'D')),
    ];
    return dataSection(incidents, notifications, below, await loadWithErrors(incidents, notifications));
  }
  const rejected = (d: { files: Table }) => d.files.rows.map((r) => [r.file, r.rows_read, r.rejected]);

  it('without suppression: 3 + 10 rejected rows, 13 bad dates', async () => {
    const d = await withErrors(3, 10);
    expect(rejected(d)).toEqual([
      ['incidents', 9, 3],
      ['notifications', 16, 10],
    ]);
    expect(d.codes.rows).toEqual([{ code: 'bad_date', severity: 'error', count: 13 }]);
    expect(d.sentences[0]).toBe('13 rows with a date that could not be read (set aside: --skip-invalid).');
  });

  it("a file's hidden rejected rows are not given back by the error count less the other file's", async () => {
    // shown, 13 bad dates − 10 rejected notifications = the incidents' hidden 3: the 10 and the 13 go too
    const d = await withErrors(3, 10, 5);
    expect(rejected(d)).toEqual([
      ['incidents', 'suppressed', '<5'],
      ['notifications', 'suppressed', 'suppressed'],
    ]);
    expect(d.codes.rows).toEqual([{ code: 'bad_date', severity: 'error', count: 'suppressed' }]);
    expect(d.sentences[0]).toBe(
      'A suppressed number of rows with a date that could not be read (set aside: --skip-invalid).',
    );
    expect(d.appendix?.rows).toMatchObject({
      incidents: { read: 'suppressed', rejected: '<5' },
      notifications: { read: 'suppressed', accepted: 6, rejected: 'suppressed', excluded: 0 },
    });
    expect(JSON.stringify(d)).not.toMatch(/\b(10|13|16)\b/);
  });

  it('a hidden error count is not given back by the rejected rows (the other way round)', async () => {
    // no bad notification: 3 rejected incidents, 3 bad dates, both <5; nothing else to hide
    const d = await withErrors(3, 0, 5);
    expect(rejected(d)).toEqual([
      ['incidents', 'suppressed', '<5'],
      ['notifications', 6, 0],
    ]);
    expect(d.codes.rows).toEqual([{ code: 'bad_date', severity: 'error', count: '<5' }]);
  });

  it('no small count among them: every one shown', async () => {
    const d = await withErrors(5, 10, 5);
    expect(rejected(d)).toEqual([
      ['incidents', 11, 5],
      ['notifications', 16, 10],
    ]);
    expect(d.codes.rows).toEqual([{ code: 'bad_date', severity: 'error', count: 15 }]);
  });

  it('hidden counts are listed by code, not by their hidden size', async () => {
    // 3 incident rows with a bad date (<5) and 6 notification rows with no person (blank_required 6, hidden
    // with them): sorted by the real counts, blank_required first would say that it is the larger
    const incidents = [
      ...PEOPLE.map((p) => inc(p, '2021-03-01', { relationship: 'SP' })),
      ...['E1', 'E2', 'E3'].map((e) => inc(e, '2021-13-45', { relationship: 'SP' })),
    ];
    const notifications = [
      ...PEOPLE.map((p) => note(p, '2021-03-10', 'D')),
      ...PEOPLE.map(() => note('', '2021-03-10', 'D')),
    ];
    const loaded = await loadWithErrors(incidents, notifications);
    const plain = await dataSection(incidents, notifications, undefined, loaded);
    expect(plain.codes.rows.map((r) => [r.code, r.count])).toEqual([
      ['blank_required', 6],
      ['bad_date', 3],
    ]);
    const d = await dataSection(incidents, notifications, 5, loaded);
    expect(d.codes.rows.map((r) => [r.code, r.count])).toEqual([
      ['bad_date', '<5'],
      ['blank_required', 'suppressed'],
    ]);
  });

  it("the notifications used are not given back less the fidelity table's and the unknown-person count", async () => {
    // P1 … P6 notified at D (the fidelity table's D notifications, 6) and U1 … U3 with no incident (<5): shown,
    // 9 used less 6 would give the 3 back
    const incidents = PEOPLE.map((p) => inc(p, '2021-03-01', { relationship: 'SP' }));
    const notifications = [...PEOPLE, 'U1', 'U2', 'U3'].map((p) => note(p, '2021-03-10', 'D'));
    const plain = await dataSection(incidents, notifications);
    expect(plain.paragraph).toContain('6 incident rows and 9 notifications were used');
    expect(plain.files.rows[1]).toMatchObject({ rows_read: 9, accepted: 9 });
    const d = await dataSection(incidents, notifications, 5);
    expect(d.codes.rows).toEqual([{ code: 'unknown_person', severity: 'warning', count: '<5' }]);
    expect(d.paragraph).toContain('6 incident rows and a suppressed number of notifications were used');
    expect(d.files.rows[1]).toMatchObject({ rows_read: 'suppressed', accepted: 'suppressed', rejected: 0 });
    expect(d.appendix?.rows).toMatchObject({ notifications: { read: 'suppressed', accepted: 'suppressed' } });
    // with 6 for persons with no incident (U1 … U6), nothing is hidden: 12 used, shown
    const shown = await dataSection(
      incidents,
      [...PEOPLE, 'U1', 'U2', 'U3', 'U4', 'U5', 'U6'].map((p) => note(p, '2021-03-10', 'D')),
      5,
    );
    expect(shown.paragraph).toContain('6 incident rows and 12 notifications were used');
    expect(shown.files.rows[1]).toMatchObject({ rows_read: 12, accepted: 12 });
  });
});

describe('report tier counts: the moves between levels under --suppress-below', () => {
  /** The tier counts' table for d people new at D and c new at C in March 2021, under --suppress-below 5. */
  async function tierCounts(d: number, c: number) {
    return (await marchReport(d, c)).tiers;
  }
  const MOVES = ['new', 'escalated', 'unchanged', 'lowered'];

  it('one small move (1 new at C) hides all four move columns in every row, zeros too, and says why', async () => {
    const t = await tierCounts(6, 1);
    // without this, D's new (6 = its persons) and all's new (7) would give C's hidden 1 back, and zeros pin the rest
    for (const r of t.rows) for (const k of MOVES) expect([r.level, k, r[k]]).toEqual([r.level, k, 'suppressed']);
    expect(t.notes.join('\n')).toContain('all four columns read “suppressed” in every row');
    // the executive summary says so in words, not "with suppressed new and suppressed moved up a level"
    const { doc } = await marchReport(6, 1);
    const summary = doc.sections.find((s) => s.id === 'summary')!.blocks.find((b) => b.type === 'summary');
    const tiersItem = summary?.type === 'summary' ? summary.items.find((i) => i.section === 'tiers')?.text : '';
    expect(tiersItem).toMatch(/; how many are new and how many moved up a level is suppressed\.$/);
    // the persons now and last month keep their own suppression: C's 1 is <5, D's 6 hidden with it, all shown
    expect(t.rows.map((r) => [r.level, r.persons, r.previous])).toEqual([
      ['A', 0, 0],
      ['B', 0, 0],
      ['C', '<5', 0],
      ['D', 'suppressed', 0],
      ['all', 7, 0],
    ]);
  });

  it('no small move: the moves are shown as they are (5 and 5 new)', async () => {
    const t = await tierCounts(5, 5);
    expect(t.rows.map((r) => [r.level, r.new, r.escalated, r.unchanged, r.lowered])).toEqual([
      ['A', 0, 0, 0, 0],
      ['B', 0, 0, 0, 0],
      ['C', 5, 0, 0, 0],
      ['D', 5, 0, 0, 0],
      ['all', 10, 0, 0, 0],
    ]);
    expect(t.notes.join('\n')).not.toContain('all four columns');
  });
});
