/**
 * Hardening round three (issue 14): the gaps an independent attacker found
 * on main after round two, each performed against the built CLI (or the one
 * function that holds the rule) and shown to do no harm. docs/reliability.md
 * lists them with what stops each.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { MESSAGE_QUOTES_NO_VALUE, WITHHELD_MESSAGE, withheldIssues } from '../../src/ingest/issues.js';
import { hasUnsafeCharacters, visible } from '../../src/io/terminal-safe.js';
import { shownPath } from '../../src/io/shown-path.js';
import { codeSpans, mdText } from '../../src/report/markdown-safe.js';
import { ROOT, fixture, runCli } from '../helpers/run-cli.js';

const KEY = Buffer.from('c2f1a7e09b5d4e3f8a6b1c0d2e9f7a5b3c1d0e8f6a4b2c9d7e5f3a1b0c8d6e4f', 'hex');
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const tmp = () => mkdtempSync(join(tmpdir(), 'ipvi-h14c-'));
const demo = ['--incidents', fixture('demo', 'incidents.csv'), '--notifications', fixture('demo', 'notifications.csv')];

/** Renders as markdown-it does with raw HTML allowed (the attacker's renderer). */
const md = new MarkdownIt({ html: true });
/** Every HTML tag a renderer would emit from `markdown`, besides the ones Markdown itself makes. */
function rawTags(markdown: string): string[] {
  const html = md.render(markdown);
  return [...html.matchAll(/<([a-z]+)[\s>]/gi)]
    .map((m) => m[1].toLowerCase())
    .filter(
      (t) =>
        ![
          'p',
          'code',
          'h1',
          'h2',
          'h3',
          'ul',
          'li',
          'table',
          'thead',
          'tbody',
          'tr',
          'th',
          'td',
          'em',
          'strong',
          'br',
          'hr',
          'ol',
        ].includes(t),
    );
}

describe('1. Markdown: an unmatched run of backticks is text, so nothing after it is left raw', () => {
  const payloads = [
    '```<img src=x onerror=alert(1)>`',
    '``<img src=x onerror=alert(1)>`',
    '`` ` <script>alert(1)</script>`',
    '```[x](javascript:alert(1))`',
    '`[`x`](javascript:alert(1))`',
    '<a href="`">`',
  ];

  it('mdText renders to no HTML tag and no link in markdown-it (html: true)', () => {
    for (const p of payloads) {
      const out = mdText(`report for ${p} end`);
      expect(rawTags(out), `${p} → ${out}`).toEqual([]);
      expect(md.render(out), p).not.toContain('<a ');
    }
  });

  it('code spans are found as CommonMark finds them: a run closes only a run of the same length', () => {
    expect(codeSpans('a ```x` b')).toEqual(['a ```x` b']);
    expect(codeSpans('a ``x`` b `y`')).toEqual(['a ', '``x``', ' b ', '`y`', '']);
    expect(codeSpans('```x` `y`')).toEqual(['```x', '` `', 'y`']);
    // still shown as code, with its text intact
    expect(md.render(mdText('see `docs/methods.md#data`'))).toContain('<code>docs/methods.md#data</code>');
  });

  it('the Markdown report with the payload as config name, --title and rules file name passes no HTML', () => {
    const dir = tmp();
    const payload = '```<img src=x onerror=alert(1)>`';
    const rules = join(dir, `${payload}.yaml`);
    copyFileSync(join(ROOT, 'rules', 'ipvi-default.yaml'), rules);
    const config = join(dir, 'c.yaml');
    writeFileSync(config, `name: "${payload}"\nrules: "${payload}.yaml"\n`);
    for (const title of [[], ['--title', payload]]) {
      const out = join(dir, 'r.md');
      const r = runCli(['report', ...demo, '--config', config, '--format', 'md', '-o', out, ...title], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('onerror');
      expect(text).not.toContain('<img src=x');
      // the report's own charts are images; the payload's is not
      expect(md.render(text)).not.toMatch(/<img[^>]*onerror/);
    }
  });
});

describe('2. --pseudonymize withholds every message that may quote a value (an allow-list)', () => {
  /** every issue code validate documents (docs/commands/validate.md) */
  const documented = readFileSync(join(ROOT, 'docs', 'commands', 'validate.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
  /** every issue code the reader can raise, from its source: `code: 'x'` and the code argument of `issue(field, 'x', …)` */
  const raised = readdirSync(join(ROOT, 'src', 'ingest'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => {
      const text = readFileSync(join(ROOT, 'src', 'ingest', f), 'utf8');
      return [
        ...text.matchAll(/code: '([a-z_]+)'/g),
        ...text.matchAll(/issue\(\s*'?[a-z_]+'?,\s*'([a-z_]+)'/g),
        ...text.matchAll(/new CsvSyntaxError\([^;]*?'(csv_[a-z_]+)'/gs),
      ].map((m) => m[1]);
    });

  it('every code the reader raises is documented', () => {
    expect(new Set(raised).size).toBeGreaterThan(20);
    for (const code of raised) expect(documented, code).toContain(code);
  });

  it('for every documented code, and an unknown one, a message is shown only when its code is on the allow-list', () => {
    expect(documented.length).toBeGreaterThan(25);
    expect(documented).toContain('unknown_person_linkage');
    for (const code of [...documented, 'a_code_added_later']) {
      const [shown] = withheldIssues([
        {
          file: 'f.csv',
          line: 3,
          column: 'c',
          code,
          severity: 'error',
          message: 'person SECRET-7',
          hint: 'SECRET-7',
          value: 'SECRET-7',
        },
      ]);
      expect(shown.value).toBeUndefined();
      if (MESSAGE_QUOTES_NO_VALUE.has(code)) expect(shown.message, code).toBe('person SECRET-7');
      else {
        expect(shown.message, code).toBe(WITHHELD_MESSAGE);
        expect(shown.hint, code).not.toContain('SECRET');
      }
    }
    // an allow-listed code that is not documented is a typo
    for (const code of MESSAGE_QUOTES_NO_VALUE) expect(documented, code).toContain(code);
    // the codes whose messages quote IDs, header text or null spellings are not on the list
    for (const code of [
      'unknown_person_linkage',
      'unknown_person',
      'duplicate_key',
      'duplicate_notification',
      'many_incidents',
      'missing_column',
      'ambiguous_column',
      'blank_required',
      'bad_date',
    ])
      expect(MESSAGE_QUOTES_NO_VALUE.has(code), code).toBe(false);
  });

  it('the unknown_person_linkage error names no person ID under --pseudonymize', () => {
    const dir = tmp();
    const key = join(dir, 'k.key');
    writeFileSync(key, KEY, { mode: 0o600 });
    const not = join(dir, 'not.csv');
    writeFileSync(not, 'person_id,notification_date,level\nSECRET-41,2021-06-01,D\nSECRET-42,2021-06-02,D\n');
    const args = [
      'classify',
      '--incidents',
      fixture('demo', 'incidents.csv'),
      '--notifications',
      not,
      '--as-of',
      '2023-06-30',
    ];
    const plain = runCli(args);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('SECRET-41');
    const r = runCli([...args, '--pseudonymize', key]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown_person_linkage');
    expect(r.stderr).not.toContain('SECRET');
  });
});

describe('3. --pseudonymize drops free text: override reason and analyst, offense text', () => {
  const workspace = () => {
    const dir = tmp();
    const key = join(dir, 'k.key');
    writeFileSync(key, KEY, { mode: 0o600 });
    writeFileSync(
      join(dir, 'ov.csv'),
      'person_id,level,reason,date,analyst\n1,A,Jane Roe called about her ex,2021-01-01,Officer Smith\n',
    );
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'overrides: ov.csv\n');
    return { key, config };
  };
  // one command per test: each runs the CLI twice (a full suite on two shared cores is slow)
  it.each([
    ['classify', '--as-of', '2023-06-30'],
    ['tiers', '--month', '2023-06'],
    ['history', '--person', '1'],
  ])('%s carries no override reason, analyst or offense code', (...cmd: string[]) => {
    const { key, config } = workspace();
    const base = [...cmd, ...demo, '--config', config, '--format', 'csv'];
    const plain = runCli(base);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('Officer Smith');
    if (cmd[0] === 'history') expect(plain.stdout).toMatch(/offense PL \d{3}\.\d\d/);
    const r = runCli([...base, '--pseudonymize', key, '--notes']);
    expect(r.code, r.stderr).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).not.toMatch(/Jane Roe|Officer Smith/);
    expect(all).toContain('reason withheld under --pseudonymize');
    expect(all).not.toMatch(/PL \d{3}\.\d\d/);
  });
});

describe('4. every default-ignorable code point is escaped and warned about', () => {
  const hidden = [
    '\u00ad',
    '\u034f',
    '\u180e',
    '\ufe00',
    '\ufe0f',
    '\u{e0001}',
    '\u{e0041}',
    '\u{e007f}',
    '\u3164',
    '\u115f',
    '\u1160',
    '\uffa0',
    '\ufff9',
    '\ufffa',
    '\ufffb',
  ];

  it('visible() escapes each, and the ID check uses the same set', () => {
    for (const c of hidden) {
      const v = visible(`P1${c}`);
      expect(v, c.codePointAt(0)!.toString(16)).toMatch(/^P1\\(x[0-9A-F]{2}|u\{[0-9A-F]{5}\}|u[0-9A-F]{4})$/);
      expect(hasUnsafeCharacters(`P1${c}`)).toBe(true);
    }
    expect(visible('P1\u{e0041}')).toBe('P1\\u{E0041}');
    // ordinary letters of other scripts are not hidden
    for (const s of ['José', '김철수', 'Ørsted', 'محمد', '李']) expect(visible(s)).toBe(s);
  });

  it('validate warns (id_hidden_characters) for each; the table shows the two persons apart', () => {
    const dir = tmp();
    const inc = join(dir, 'inc.csv');
    const rows = hidden.map((c, k) => `D${k},2021-01-${String(k + 1).padStart(2, '0')},P1${c},V1`);
    writeFileSync(
      inc,
      ['incident_id,incident_date,suspect_id,victim_id', 'D99,2021-01-01,P1,V1', ...rows].join('\n') + '\n',
    );
    const v = runCli(['validate', '--incidents', inc]);
    expect(v.stdout + v.stderr).toMatch(new RegExp(`warning id_hidden_characters: ${hidden.length}\\b`));
    const t = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'csv']);
    expect(t.code).toBe(0);
    for (const c of hidden) expect(t.stdout).not.toContain(c);
    expect(t.stdout).toContain('P1\\xAD');
  });
});

describe('5. no raw control character reaches the terminal or a text file', () => {
  it('override warnings show the ID escaped and the overrides path as the config gave it', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'ov.csv'),
      'person_id,level,reason,date,analyst\n"X\u001b]0;pwned\u0007",A,r,2021-01-01,a\n',
    );
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'overrides: ov.csv\n');
    const r = runCli(['classify', ...demo, '--config', 'c.yaml', '--as-of', '2023-06-30'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("override for person_id 'X\\x1B]0;pwned\\x07'");
    expect(r.stderr).toMatch(/warning: ov\.csv:2:/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toContain(dir);
  });

  it('the --rejects CSV escapes ESC, BEL and U+202E as every other CSV does', () => {
    const dir = tmp();
    const inc = join(dir, 'inc.csv');
    writeFileSync(
      inc,
      'incident_id,incident_date,suspect_id,victim_id\nD1,not-a-date,\u202eP\u001b[8m\u0007,V1\nD2,2021-01-02,P2,V1\n',
    );
    const rejects = join(dir, 'rejects.csv');
    for (const cmd of [['validate'], ['classify', '--as-of', '2021-12-31', '--skip-invalid']]) {
      const r = runCli([...cmd, '--incidents', inc, '--rejects', rejects]);
      expect([0, 1]).toContain(r.code);
      const text = readFileSync(rejects, 'utf8');
      expect(text, cmd[0]).toContain('\\u202EP\\x1B[8m\\x07');
      expect(text, cmd[0]).not.toMatch(RAW_CONTROL);
    }
  });

  it('--notes writes title and notes escaped, to the file and to stderr', () => {
    const dir = tmp();
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'rules: "r\u001b[2J\u202e.yaml"\n');
    copyFileSync(join(ROOT, 'rules', 'ipvi-default.yaml'), join(dir, 'r\u001b[2J\u202e.yaml'));
    const out = join(dir, 'out.csv');
    const base = ['classify', ...demo, '--config', config, '--as-of', '2023-06-30', '--format', 'csv', '--notes'];
    const f = runCli([...base, '-o', out]);
    expect(f.code, f.stderr).toBe(0);
    const notes = readFileSync(`${out}.notes.txt`, 'utf8');
    expect(notes).toContain('r\\x1B[2J\\u202E.yaml');
    expect(notes).not.toMatch(RAW_CONTROL);
    const s = runCli(base);
    expect(s.stderr).toContain('r\\x1B[2J\\u202E.yaml');
    expect(s.stderr).not.toMatch(RAW_CONTROL);
  });

  it('history --person echoes a hostile argument escaped; so does commander for a bad option', () => {
    const r = runCli(['history', ...demo, '--person', 'NOPE\u001b]0;X\u0007']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NOPE\\x1B]0;X\\x07');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const c = runCli(['classify', '--\u001b[2Jbad']);
    expect(c.code).toBe(2);
    expect(c.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('6. xlsx and HTML keep no raw control or bidi character', () => {
  it('xlsx cells, headers and sheet names show them escaped (not stripped, not raw)', async () => {
    const dir = tmp();
    const inc = join(dir, 'inc.csv');
    writeFileSync(
      inc,
      'incident_id,incident_date,suspect_id,victim_id\nD1,2021-01-05,P1\u001b[8m,V1\nD2,2021-01-06,P4\u202egnp.exe,V2\n',
    );
    const { default: ExcelJS } = await import('exceljs');
    const texts = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const all: string[] = [];
      wb.eachSheet((ws) => {
        all.push(ws.name);
        ws.eachRow((row) => row.eachCell((cell) => all.push(String(cell.value))));
      });
      return all;
    };
    const out = join(dir, 'c.xlsx');
    expect(runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'xlsx', '-o', out]).code).toBe(
      0,
    );
    const cells = await texts(out);
    expect(cells).toContain('P1\\x1B[8m');
    expect(cells).toContain('P4\\u202Egnp.exe');
    for (const t of cells) expect(t).not.toMatch(RAW_CONTROL);
    const h = join(dir, 'h.xlsx');
    const r = runCli(['history', '--incidents', inc, '--person', 'P4\u202egnp.exe', '--format', 'xlsx', '-o', h]);
    expect(r.code, r.stderr).toBe(0);
    const sheets = await texts(h);
    expect(sheets[0]).not.toContain('\u202e');
    expect(sheets[0]).toMatch(/^History of P4 u202Egnp\.exe/);
  });

  it('the HTML report shows ESC and BEL from --title and the config name escaped, in <title> and <h1>', () => {
    const dir = tmp();
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'name: "Agency\\e]0;pwned\\a"\n');
    for (const title of [[], ['--title', 'Agency\u001b]0;pwned\u0007']]) {
      const out = join(dir, 'r.html');
      const r = runCli(['report', ...demo, '--config', config, '-o', out, ...title]);
      expect(r.code, r.stderr).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html).toContain('<title>Agency\\x1B]0;pwned\\x07');
      expect(html).toContain('<h1>Agency\\x1B]0;pwned\\x07');
      expect(html).not.toMatch(RAW_CONTROL);
    }
  });
});

describe('7. paths are never shown absolute', () => {
  it('shownPath: inside the working folder, under home, or with ../ — never absolute', () => {
    expect(shownPath('/srv/data/rules.yaml', '/srv/work')).toBe('../data/rules.yaml');
    expect(shownPath('/srv/work/a/b.csv', '/srv/work')).toBe('a/b.csv');
    expect(shownPath('rel/x.csv', '/srv/work')).toBe('rel/x.csv');
  });

  it('rules ../myrules.yaml and overrides ov.csv named in a config given by absolute path, run from another folder', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'cfg'));
    mkdirSync(join(dir, 'work'));
    copyFileSync(join(ROOT, 'rules', 'ipvi-default.yaml'), join(dir, 'myrules.yaml'));
    writeFileSync(join(dir, 'cfg', 'ov.csv'), 'person_id,level,reason,date,analyst\nNOBODY,A,r,2021-01-01,a\n');
    writeFileSync(join(dir, 'cfg', 'agency.yaml'), 'rules: ../myrules.yaml\noverrides: ov.csv\n');
    const r = runCli(
      [
        'classify',
        ...demo,
        '--config',
        join(dir, 'cfg', 'agency.yaml'),
        '--as-of',
        '2023-06-30',
        '--format',
        'json',
        '--notes',
      ],
      { cwd: join(dir, 'work') },
    );
    expect(r.code, r.stderr).toBe(0);
    const prov = JSON.parse(r.stdout).provenance;
    expect(JSON.stringify(prov)).not.toContain(dir);
    expect(r.stderr).not.toContain(dir);
    expect(r.stderr).toContain('../cfg/ov.csv:2');
    expect(JSON.stringify(prov)).toContain('../myrules.yaml');
  });
});

describe("8. --rejects '' is a usage error, as -o '' is", () => {
  it('classify and validate refuse it', () => {
    for (const cmd of [['validate'], ['classify', '--as-of', '2023-06-30', '--skip-invalid']]) {
      const r = runCli([...cmd, ...demo, '--rejects', '']);
      expect(r.code, cmd[0]).toBe(2);
      expect(r.stderr).toContain('--rejects');
    }
  });
});

describe('visible and hasUnsafeCharacters decide text below U+3000 without the regex, as the regex does', () => {
  it('agree with the definition (control, format, default-ignorable, line/paragraph separators) on every such character', () => {
    const unsafe = /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}]/u;
    let escaped = 0;
    for (let c = 0; c < 0x3100; c++) {
      const ch = String.fromCharCode(c);
      const bad = unsafe.test(ch);
      expect(hasUnsafeCharacters(`ok ${ch} ok`), `U+${c.toString(16)}`).toBe(bad);
      expect(visible(`ok ${ch}`) === `ok ${ch}`, `U+${c.toString(16)}`).toBe(!bad);
      if (bad) escaped++;
    }
    expect(escaped).toBeGreaterThan(100); // C0, C1, the bidi controls, zero-width characters, …
    expect(visible('a—b\u202Ec')).toBe('a—b\\u202Ec');
  });
});
