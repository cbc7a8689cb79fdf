/**
 * The CSV outputs opened in a real spreadsheet: LibreOffice Calc headless
 * (Debian's `libreoffice-calc-nogui`, installed by .ci/run when missing),
 * importing every CSV ipvi writes — classify, tiers, tiers --victims, alerts,
 * history and --rejects — whose IDs and fields carry spreadsheet payloads
 * (`x;=2*3;`, `a<TAB>=1+4`, `=1+1`, `'=1+1`, a CR inside a field), under three
 * import settings, all with "Evaluate formulas" on:
 *
 * - the import dialog's defaults: separators comma, semicolon and tab;
 * - a plain comma import;
 * - a semicolon import (the separator of many locales).
 *
 * Each file is converted to flat ODF (.fods) and every cell is read back: no
 * cell holds a formula under any setting, and under the first two every row
 * has the header's column count and every text cell is exactly the field
 * written. A comma file opened with only `;` as separator cannot keep its
 * columns (the importer ignores the commas and splits quoted fields at `;`),
 * so there only "no formula" is checked — that is what the neutraliser is for
 * (docs/methods.md#spreadsheet-safe-csv).
 *
 * CSV filter options (LibreOffice help, "CSV Filter Options"): 1 separators
 * (44 `,`, 59 `;`, 9 tab, joined by `/`), 2 text delimiter (34 `"`), 3
 * character set (76 UTF-8), 4 first line, 5 column formats, 6 language,
 * 7 quoted field as text, 8 detect special numbers, 9–10 export only,
 * 11 trim spaces, 12 sheet, 13 evaluate formulas.
 *
 * Without soffice the test fails in CI (CI is set); on a developer machine
 * without it, it is skipped with a warning saying how to install it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreNeutralised } from '../../src/report/csv-line.js';
import { runCli } from '../helpers/run-cli.js';

const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const haveSoffice = existsSync(SOFFICE);
const inCi = Boolean(process.env.CI);
if (!haveSoffice && !inCi) {
  process.stderr.write(
    `warning: ${SOFFICE} not found; skipping the spreadsheet test of the CSV outputs (install it: apt-get install -y libreoffice-calc-nogui, as .ci/run does)\n`,
  );
}

const tail = 'false,true,false,false,false,-1,true'; // quoted-as-text off, special numbers on, trim off, all sheets, evaluate formulas ON
const SETTINGS = {
  dialog: `44/59/9,34,76,1,,0,${tail}`,
  comma: `44,34,76,1,,0,${tail}`,
  semicolon: `59,34,76,1,,0,${tail}`,
} as const;
type Setting = keyof typeof SETTINGS;

interface Cell {
  text: string;
  formula: string | null;
  type: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A cell's text: its paragraphs joined by LF, with tabs, line breaks and runs of spaces as written. */
function xmlText(s: string): string {
  const paragraphs = [...s.matchAll(/<text:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/text:p>)/g)].map((m) => m[1] ?? '');
  return paragraphs
    .join('\n')
    .replace(/<text:tab\/>/g, '\t')
    .replace(/<text:line-break\/>/g, '\n')
    .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_, n) => ' '.repeat(Number(n ?? 1)))
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => ENTITIES[e])
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
}

/** The first sheet of a .fods as rows of cells (trailing empty cells and empty rows dropped). */
function readFods(path: string): Cell[][] {
  const xml = readFileSync(path, 'utf8');
  const sheet = xml.slice(xml.indexOf('<table:table '), xml.indexOf('</table:table>'));
  const rows: Cell[][] = [];
  for (const m of sheet.matchAll(/<table:table-row\b[^>]*?(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const cells: Cell[] = [];
    for (const c of (m[1] ?? '').matchAll(
      /<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g,
    )) {
      const attrs = c[1];
      const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
      const cell: Cell = {
        text: xmlText(c[2] ?? ''),
        formula: /table:formula="([^"]*)"/.exec(attrs)?.[1] ?? null,
        type: /office:value-type="([^"]*)"/.exec(attrs)?.[1] ?? null,
      };
      for (let k = 0; k < Math.min(repeat, 64); k++) cells.push(cell);
    }
    while (cells.length && cells[cells.length - 1].type === null && cells[cells.length - 1].text === '') cells.pop();
    if (cells.length) rows.push(cells);
  }
  return rows;
}

function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** One soffice per setting (its own profile), converting every file at once; the three run side by side. */
async function convertAll(files: string[], dir: string): Promise<Record<Setting, string>> {
  const out = {} as Record<Setting, string>;
  await Promise.all(
    (Object.keys(SETTINGS) as Setting[]).map(async (s) => {
      const outdir = join(dir, s);
      mkdirSync(outdir, { recursive: true });
      const r = await run(SOFFICE, [
        `-env:UserInstallation=file://${join(dir, `profile-${s}`)}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        `--infilter=CSV:${SETTINGS[s]}`,
        '--convert-to',
        'fods',
        '--outdir',
        outdir,
        ...files,
      ]);
      expect(r.code, r.stderr).toBe(0);
      out[s] = outdir;
    }),
  );
  return out;
}

const PAYLOADS = ['x;=2*3;', 'a\t=1+4', '=1+1', "'=1+1", 'b\r=1+3', '007', '-5'];

describe.skipIf(!haveSoffice && !inCi)('CSV outputs opened in LibreOffice Calc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ipvi-lo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("have no formula cell under any import, and keep every row at the header's column count under the dialog defaults and a comma import", async () => {
    expect(
      haveSoffice,
      `${SOFFICE} is missing: .ci/run installs Debian's libreoffice-calc-nogui (apt-get install -y libreoffice-calc-nogui)`,
    ).toBe(true);
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const inc = join(dir, 'incidents.csv');
    const not = join(dir, 'notifications.csv');
    writeFileSync(
      inc,
      [
        'incident_id,incident_date,suspect_id,victim_id,offense,arrest',
        `I1,2023-01-05,${q('x;=2*3;')},V1,,yes`,
        `I2,2023-01-06,${q('a\t=1+4')},${q('v;=9*9')},X,yes`,
        `I3,2023-01-07,=1+1,${q('@V3|=3+3')},,yes`,
        `I4,2023-01-08,${q("'=1+1")},V4,,yes`,
        `I5,2023-01-09,${q('b\r=1+3')},V5,,yes`,
        `I6,2023-02-09,${q('x;=2*3;')},V1,,yes`,
        'I7,2023-02-10,007,V7,,yes',
        'I8,2023-02-11,-5,V8,,yes',
        `I9,2023-02-12,${q('a\t=1+4')},V2,X,yes`,
        // rejected (month 13): its CR and formulas go to --rejects
        `I10,2023-13-10,${q('c\r=1+3,9')},${q('=HYPERLINK("x");1')},,yes`,
      ].join('\n') + '\n',
    );
    writeFileSync(
      not,
      ['person_id,notification_date,level', `${q('x;=2*3;')},2023-01-20,C`, `${q("'=1+1")},2023-01-21,C`].join('\n') +
        '\n',
    );

    const data = ['--incidents', inc, '--notifications', not, '--skip-invalid'];
    const outputs: Record<string, string[]> = {
      classify: ['classify', '--as-of', '2023-03-01'],
      tiers: ['tiers', '--month', '2023-02'],
      victims: ['tiers', '--month', '2023-02', '--victims'],
      alerts: ['alerts', '--since', '2023-01-01'],
      history: ['history', '--person', 'x;=2*3;'],
      historyTab: ['history', '--person', 'a\t=1+4'],
    };
    const files: string[] = [];
    for (const [name, args] of Object.entries(outputs)) {
      const file = join(dir, `${name}.csv`);
      const r = runCli([...args, ...data, '--format', 'csv', '-o', file]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      files.push(file);
    }
    const rejects = join(dir, 'rejects.csv');
    expect(runCli(['classify', '--as-of', '2023-03-01', ...data, '--rejects', rejects, '--format', 'json']).code).toBe(
      0,
    );
    files.push(rejects);

    // the payloads reach the outputs (a test that cannot fail is a defect)
    const written = Object.fromEntries(
      files.map((f) => [
        basename(f, '.csv'),
        parse(readFileSync(f, 'utf8'), { relax_column_count: true }) as string[][],
      ]),
    );
    for (const name of ['classify', 'tiers', 'alerts']) {
      const at = written[name][0].indexOf('person_id');
      const ids = written[name].slice(1).map((r) => restoreNeutralised(r[at]));
      for (const p of ['x;=2*3;', 'a\t=1+4', '=1+1', "'=1+1", 'b\r=1+3'])
        expect(ids, `${name} carries ${JSON.stringify(p)}`).toContain(p);
    }
    expect(written.victims.flat().map(restoreNeutralised)).toContain('v;=9*9');
    expect(written.rejects.flat().join('|')).toContain('c\r');
    for (const [name, rows] of Object.entries(written)) {
      for (const r of rows) expect(r.length, `${name}: every record has the header's field count`).toBe(rows[0].length);
    }

    const converted = await convertAll(files, dir);
    const formulas: string[] = [];
    for (const s of Object.keys(SETTINGS) as Setting[]) {
      for (const f of files) {
        const name = basename(f, '.csv');
        const sheet = readFods(join(converted[s], `${name}.fods`));
        expect(sheet.length, `${s}/${name}: read back`).toBeGreaterThan(1);
        sheet.forEach((row, i) =>
          row.forEach((c, j) => {
            if (c.formula !== null) formulas.push(`${s}/${name} row ${i + 1} column ${j + 1}: ${c.formula}`);
          }),
        );
        if (s === 'semicolon') continue;
        const rows = written[name];
        expect(sheet.length, `${s}/${name}: one spreadsheet row per record`).toBe(rows.length);
        sheet.forEach((row, i) => {
          const fields = rows[i];
          let last = fields.length;
          while (last > 0 && fields[last - 1] === '') last--;
          expect(
            row.length,
            `${s}/${name} row ${i + 1}: the header's columns (${fields.length}, the last ${fields.length - last} empty)`,
          ).toBe(last);
          row.forEach((c, j) => {
            // a CR inside a cell becomes a line break in the sheet
            if (c.type === 'string')
              expect(c.text, `${s}/${name} row ${i + 1} column ${j + 1}`).toBe(fields[j].replace(/\r\n?/g, '\n'));
          });
        });
      }
    }
    expect(formulas).toEqual([]);
  }, 180_000);
});
