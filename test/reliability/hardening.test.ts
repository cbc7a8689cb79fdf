/**
 * Hardening round two (issue 14): each attack from the review, performed
 * against the built CLI, and shown to do no harm. docs/reliability.md lists
 * them with what stops each.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, fixture, runCli } from '../helpers/run-cli.js';

const KEY = Buffer.from('c2f1a7e09b5d4e3f8a6b1c0d2e9f7a5b3c1d0e8f6a4b2c9d7e5f3a1b0c8d6e4f', 'hex');

/** A folder with an export, a key, a rules file and overrides named inside a config. */
function workspace(): Record<'dir' | 'inc' | 'key' | 'rules' | 'overrides' | 'config', string> {
  const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
  const inc = join(dir, 'inc.csv');
  copyFileSync(fixture('demo', 'incidents.csv'), inc);
  const key = join(dir, 'ipvi.key');
  writeFileSync(key, KEY, { mode: 0o600 });
  const rules = join(dir, 'rules.yaml');
  copyFileSync(join(fixture('..'), 'rules', 'ipvi-default.yaml'), rules);
  const overrides = join(dir, 'overrides.csv');
  writeFileSync(overrides, 'person_id,level,reason,date,analyst\n1,A,test,2021-01-01,me\n');
  const config = join(dir, 'agency.yaml');
  writeFileSync(config, 'rules: rules.yaml\noverrides: overrides.csv\n');
  return { dir, inc, key, rules, overrides, config };
}

const classify = (w: ReturnType<typeof workspace>, ...more: string[]) =>
  runCli(['classify', '--incidents', w.inc, '--as-of', '2023-06-30', '--config', w.config, ...more]);

describe('1. an output never replaces a file the run reads', () => {
  it('--rejects onto the pseudonym key is refused; the key is unchanged', () => {
    const w = workspace();
    const r = runCli([
      'classify',
      '--incidents',
      w.inc,
      '--as-of',
      '2023-06-30',
      '--pseudonymize',
      w.key,
      '--rejects',
      w.key,
      '--skip-invalid',
    ]);
    expect(r.code).toBe(2);
    expect(readFileSync(w.key).equals(KEY)).toBe(true);
    // -o onto the key it reads: refused by identity
    const o = runCli(['classify', '--incidents', w.inc, '--as-of', '2023-06-30', '--pseudonymize', w.key, '-o', w.key]);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/refusing to write .*ipvi\.key/);
    expect(readFileSync(w.key).equals(KEY)).toBe(true);
  });

  it('-o and --rejects onto the rules file and the overrides file named inside the config are refused', () => {
    const w = workspace();
    const before = { rules: readFileSync(w.rules, 'utf8'), overrides: readFileSync(w.overrides, 'utf8') };
    for (const target of [w.rules, w.overrides]) {
      for (const opt of [
        ['-o', target],
        ['--rejects', target, '--skip-invalid'],
      ]) {
        const r = classify(w, ...opt);
        expect(r.code, `${opt.join(' ')}`).toBe(2);
        expect(r.stderr).toContain('refusing to write');
      }
    }
    expect(readFileSync(w.rules, 'utf8')).toBe(before.rules);
    expect(readFileSync(w.overrides, 'utf8')).toBe(before.overrides);
  });

  it('a hard link or a symlink to an input is the same file', () => {
    const w = workspace();
    const hard = join(w.dir, 'hard.key');
    linkSync(w.key, hard);
    const sym = join(w.dir, 'sym.csv');
    symlinkSync(w.overrides, sym);
    expect(classify(w, '--pseudonymize', w.key, '-o', hard).code).toBe(2);
    expect(classify(w, '-o', sym).code).toBe(2);
    expect(classify(w, '-o', join(w.dir, 'fine.txt')).code).toBe(0);
    expect(readFileSync(w.key).equals(KEY)).toBe(true);
    expect(lstatSync(sym).isSymbolicLink()).toBe(true);
  });

  it('the batch manifest is never an output', () => {
    const w = workspace();
    const manifest = join(w.dir, 'results.csv');
    writeFileSync(manifest, `datasets:\n  - name: demo\n    incidents: inc.csv\nanalyses:\n  - recidivism\n`);
    const text = readFileSync(manifest, 'utf8');
    const r = runCli(['batch', manifest, '-o', w.dir, '--no-reports']);
    expect(r.code).toBe(2);
    expect(readFileSync(manifest, 'utf8')).toBe(text);
  });
});

describe('5. devices, FIFOs and the standard streams', () => {
  it('-o /dev/null writes through: /dev/null stays a device and no provenance is dropped in /dev', () => {
    const w = workspace();
    const r = classify(w, '-o', '/dev/null');
    expect(r.code).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(existsSync('/dev/null.provenance.json')).toBe(false);
    expect(r.stderr).toContain('no provenance file');
  });

  it('-o /dev/stdout writes to standard output, even when it is a regular file', () => {
    const w = workspace();
    const out = join(w.dir, 'captured.txt');
    execFileSync('sh', [
      '-c',
      `"${process.execPath}" "${BIN}" classify --incidents "${w.inc}" --as-of 2023-06-30 -o /dev/stdout > "${out}" 2>/dev/null`,
    ]);
    expect(readFileSync(out, 'utf8')).toContain('IPVI levels as of 2023-06-30');
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('a FIFO is written straight through; a folder is refused; -o "" is an error', () => {
    const w = workspace();
    const fifo = join(w.dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const out = join(w.dir, 'from-pipe.txt');
    execFileSync('sh', [
      '-c',
      `cat "${fifo}" > "${out}" & "${process.execPath}" "${BIN}" classify --incidents "${w.inc}" --as-of 2023-06-30 --format csv -o "${fifo}" 2>/dev/null; s=$?; wait; exit $s`,
    ]);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^person_id,level/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const folder = join(w.dir, 'sub');
    mkdirSync(folder);
    expect(classify(w, '-o', folder).code).toBe(2);
    const empty = classify(w, '-o', '');
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
  });
});

describe('12. a run killed outright leaves no person-level temporary for long', () => {
  it('the next write of the same output removes temporaries of dead processes', () => {
    const w = workspace();
    const out = join(w.dir, 'tiers.csv');
    const stale = join(w.dir, '.tiers.csv.999999.0123abcd.tmp');
    writeFileSync(stale, 'person_id\nsecret\n');
    const live = join(w.dir, `.tiers.csv.${process.pid}.0123abcd.tmp`);
    writeFileSync(live, 'in progress');
    expect(classify(w, '-o', out).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(
      readdirSync(w.dir).filter((f) => f.startsWith('.tiers.csv.') && f !== `.tiers.csv.${process.pid}.0123abcd.tmp`),
    ).toEqual([]);
    chmodSync(w.dir, 0o700);
  });
});

/** An export whose IDs carry the attacks: ESC sequences, bidi, zero-width, HTML, look-alike letters. */
function hostileIds(dir: string): string {
  const inc = join(dir, 'hostile.csv');
  writeFileSync(
    inc,
    [
      'incident_id,incident_date,suspect_id,victim_id,weapon',
      'D1,2021-01-05,HIDE\u001b[8m,V1,false',
      'D2,2021-01-06,TITLE\u001b]0;pwned\u0007,V2,false',
      'D3,2021-01-07,CLEAR\u001b[2J,V3,false',
      'D4,2021-01-08,\u202eP4,V4,false',
      'D5,2021-01-09,P100\u200b,V5,false',
      'D6,2021-01-10,P1\u041e0,V6,false',
      'D7,2021-01-11,<img src=x onerror=alert(1)>,V7,false',
      'D8,2021-01-12,[x](javascript:alert(1)),V8,false',
      'D9,2021-01-13,A9,V9,true',
      'D10,2021-02-13,A9,V9,true',
      'D11,2021-03-13,A9,V9,true',
    ].join('\n') + '\n',
  );
  return inc;
}

describe('2. terminal escape injection', () => {
  it('no control or bidi character reaches the table, CSV or Markdown output raw; JSON keeps the IDs, escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = hostileIds(dir);
    for (const format of ['table', 'csv', 'md']) {
      const r = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', format]);
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).not.toMatch(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/,
      );
      expect(r.stdout, format).toMatch(/HIDE\\+x1B/);
      // the row after the concealing ID is still there
      expect(r.stdout, format).toContain('A9');
    }
    const json = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--format', 'json']);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    expect(json.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
    const ids = JSON.parse(json.stdout).rows.map((r: { person_id: string }) => r.person_id);
    expect(ids).toContain('HIDE\u001b[8m');
    expect(ids).toContain('\u202eP4');
  });

  it('validate warns about hidden characters and look-alike letters in IDs, and NFC-normalises them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = hostileIds(dir);
    const r = runCli(['validate', '--incidents', inc]);
    expect(r.stdout + r.stderr).toMatch(/warning id_hidden_characters: 5/);
    expect(r.stdout + r.stderr).toMatch(/warning id_mixed_script: 1/);
    const nfc = join(dir, 'nfc.csv');
    // "é" composed (U+00E9) and decomposed (e + U+0301) are one person
    writeFileSync(
      nfc,
      'incident_id,incident_date,suspect_id,victim_id\nD1,2021-01-05,Jos\u00e9,V1\nD2,2021-01-06,Jose\u0301,V1\n',
    );
    const c = runCli(['classify', '--incidents', nfc, '--as-of', '2021-12-31', '--format', 'json']);
    const rows = JSON.parse(c.stdout).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].incidents).toBe(2);
  });
});

describe('6. Markdown output passes no HTML and no links', () => {
  it('--format md escapes < > & and link syntax in every cell', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const r = runCli(['classify', '--incidents', hostileIds(dir), '--as-of', '2021-12-31', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.stdout).not.toMatch(/[^\\]\[x[^\\]*\]\(javascript/);
    expect(r.stdout).toContain('\\[x\\](javascript:alert(1))');
  });

  it('the Markdown report escapes its title and links its charts relatively', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const config = join(dir, 'c.yaml');
    writeFileSync(config, "name: '[click](javascript:alert(1)) <script>x</script>'\n");
    const out = join(dir, 'javascript:alert(1).md');
    const r = runCli([
      'report',
      '--incidents',
      fixture('demo', 'incidents.csv'),
      '--notifications',
      fixture('demo', 'notifications.csv'),
      '--config',
      config,
      '--format',
      'md',
      '-o',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).not.toContain('<script>');
    // an unescaped `](javascript:` would be a link; the escaped `\]` is text
    expect(md).not.toMatch(/[^\\]\]\(javascript:/);
    expect(md).toContain('\\[click\\](javascript:alert(1))');
  });
});

describe('9. unbounded sizes', () => {
  it('a 10,000-character ID is an error (checks.max_id_length, default 256) and table cells are capped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = join(dir, 'long.csv');
    writeFileSync(
      inc,
      `incident_id,incident_date,suspect_id,victim_id\nD1,2021-01-05,${'x'.repeat(10_000)},V1\nD2,2021-01-05,P2,V1\n`,
    );
    const r = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('id_too_long');
    expect(r.stderr.length).toBeLessThan(5000);
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'checks:\n  max_id_length: 20000\n');
    const t = runCli(['classify', '--incidents', inc, '--as-of', '2021-12-31', '--config', config]);
    expect(t.code).toBe(0);
    expect(Math.max(...t.stdout.split('\n').map((l) => l.length))).toBeLessThan(600);
  });

  it('overrides and key files must be regular files of bounded size: /dev/zero and a FIFO are refused at once', () => {
    const w = workspace();
    writeFileSync(w.config, 'rules: rules.yaml\noverrides: /dev/zero\n');
    const z = classify(w);
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('not a regular file');
    const fifo = join(w.dir, 'key.fifo');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(w.config, 'rules: rules.yaml\n');
    const k = classify(w, '--pseudonymize', fifo);
    expect(k.code).toBe(2);
    expect(k.stderr).toContain('not a regular file');
    const big = join(w.dir, 'big.csv');
    writeFileSync(big, 'person_id,level,reason,date\n' + '1,A,x,2021-01-01\n'.repeat(1_200_000));
    writeFileSync(w.config, 'rules: rules.yaml\noverrides: big.csv\n');
    const b = classify(w);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/at most \d+ are read/);
  });
});

describe('12. smaller findings', () => {
  it('a key file others can read, or a guessable key, is used with a warning', () => {
    const w = workspace();
    chmodSync(w.key, 0o644);
    const r = classify(w, '--pseudonymize', w.key);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('can be read by other users');
    writeFileSync(w.key, 'passwordpassword', { mode: 0o600 });
    chmodSync(w.key, 0o600);
    const weak = classify(w, '--pseudonymize', w.key);
    expect(weak.stderr).toContain('looks guessable');
  });

  it('a time part T25:99 is rejected; a typo year 0202 and 9999 are errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = join(dir, 'dates.csv');
    writeFileSync(
      inc,
      'incident_id,incident_date,suspect_id,victim_id\nD1,2021-01-05T25:99,P1,V1\nD2,0202-01-05,P2,V1\nD3,9999-12-31,P3,V1\nD4,2021-01-05,P4,V1\n',
    );
    const r = runCli(['validate', '--incidents', inc]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/error bad_date: 1/);
    expect(r.stdout + r.stderr).toMatch(/error implausible_date: 2/);
  });

  it('coverage start after end, nested __proto__ keys, and a rules file that is not YAML are clear errors that quote no content', () => {
    const w = workspace();
    const r = runCli([
      'classify',
      '--incidents',
      w.inc,
      '--as-of',
      '2023-06-30',
      '--coverage-start',
      '2023-01-01',
      '--coverage-end',
      '2022-01-01',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/coverage/);
    writeFileSync(w.config, 'incidents:\n  columns:\n    __proto__:\n      polluted: 1\n');
    const p = classify(w);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('__proto__');
    const secret = join(w.dir, 'shadow');
    writeFileSync(secret, 'root:$6$SECRETHASH:19000:0:99999:7:::\n');
    writeFileSync(w.config, `rules: ${secret}\n`);
    const s = classify(w);
    expect(s.code).toBe(2);
    expect(s.stderr).not.toContain('SECRETHASH');
  });
});

describe('3. a shared or planted cache is never trusted', () => {
  const levels = (stdout: string) =>
    JSON.parse(stdout)
      .rows.map((r: { level: string }) => r.level)
      .sort()
      .join('');
  const run = (cache: string) =>
    runCli(
      [
        'classify',
        '--incidents',
        fixture('demo', 'incidents.csv'),
        '--notifications',
        fixture('demo', 'notifications.csv'),
        '--as-of',
        '2023-06-30',
        '--format',
        'json',
      ],
      { env: { IPVI_CACHE_DIR: cache, IPVI_CACHE_MIN_BYTES: '0' } },
    );

  it('a folder others can write to, or another user owns, is bypassed with a warning and left empty', () => {
    const base = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const reference = run(join(base, 'private'));
    expect(reference.code).toBe(0);
    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const r = run(shared);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not using the cache folder');
    expect(readdirSync(shared)).toEqual([]);
    expect(levels(r.stdout)).toBe(levels(reference.stdout));
    if (process.getuid?.() === 0) {
      const theirs = join(base, 'theirs');
      mkdirSync(theirs, { mode: 0o700 });
      execFileSync('chown', ['4242', theirs]);
      const o = run(theirs);
      expect(o.stderr).toContain('belongs to another user');
      expect(readdirSync(theirs)).toEqual([]);
    }
  });

  it('a planted parsed-config entry (the default rules hash is public) does not decide the rules', () => {
    const base = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const cache = join(base, 'cache');
    const reference = run(cache);
    const refLevels = levels(reference.stdout);
    expect(refLevels).toMatch(/A|B|C/);
    const text = readFileSync(join(fixture('..'), 'rules', 'ipvi-default.yaml'), 'utf8').replace(/^\uFEFF/, '');
    const entries = readdirSync(cache).filter((f) => f.startsWith('config-'));
    expect(entries.length).toBeGreaterThan(0);
    // everyone D, with a forged MAC and with none
    const data = { version: 1, rules: [{ level: 'D', when: 'incidents >= 1', reason: 'planted' }] };
    for (const mac of ['0'.repeat(64), undefined]) {
      for (const f of entries) writeFileSync(join(cache, f), JSON.stringify({ text, data, mac }), { mode: 0o600 });
      const r = run(cache);
      expect(r.code).toBe(0);
      expect(levels(r.stdout)).toBe(refLevels);
      expect(r.stdout).not.toContain('planted');
    }
  });

  it('a symlink planted in the cache is never followed for writing', () => {
    const base = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const cache = join(base, 'cache');
    mkdirSync(cache, { mode: 0o700 });
    const victim = join(base, 'private.txt');
    writeFileSync(victim, 'my private file\n');
    symlinkSync(victim, join(cache, 'secret.key'));
    const r = run(cache);
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('my private file\n');
    // temporaries are random names created with O_EXCL: none is left behind
    expect(readdirSync(cache).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('4. --pseudonymize leaves no identifier behind', () => {
  const demo = [
    '--incidents',
    fixture('demo', 'incidents.csv'),
    '--notifications',
    fixture('demo', 'notifications.csv'),
  ];

  it('alerts and history pseudonymise incident (DIR) numbers too', () => {
    const w = workspace();
    const dirNumbers = /DIR-\d{4}-\d{6}/;
    const alerts = runCli(['alerts', ...demo, '--since', '2023-01-01', '--format', 'csv', '--pseudonymize', w.key]);
    expect(alerts.code, alerts.stderr).toBe(0);
    expect(alerts.stdout.split('\n').length).toBeGreaterThan(2);
    expect(alerts.stdout).not.toMatch(dirNumbers);
    expect(alerts.stdout).toMatch(/I-[0-9a-f]{16}/);
    const history = runCli(['history', ...demo, '--person', '1', '--format', 'csv', '--pseudonymize', w.key]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).not.toMatch(dirNumbers);
    expect(history.stdout).toMatch(/I-[0-9a-f]{16}/);
    // without the key, the DIR numbers are shown as before
    expect(runCli(['history', ...demo, '--person', '1', '--format', 'csv']).stdout).toMatch(dirNumbers);
  });

  it('--rejects with --pseudonymize is refused; errors quote no ID', () => {
    const w = workspace();
    const r = runCli([
      'classify',
      ...demo,
      '--as-of',
      '2023-06-30',
      '--pseudonymize',
      w.key,
      '--rejects',
      join(w.dir, 'rejects.csv'),
      '--skip-invalid',
    ]);
    expect(r.code).toBe(2);
    expect(existsSync(join(w.dir, 'rejects.csv'))).toBe(false);
    const bad = join(w.dir, 'bad.csv');
    writeFileSync(
      bad,
      'incident_id,incident_date,suspect_id,victim_id\nDIR-SECRET-1,2021-01-05,SUSPECT-NAME,V1\nDIR-SECRET-1,2021-01-05,SUSPECT-NAME,V1\nDIR-SECRET-2,2021-13-05,SUSPECT-NAME,V1\n',
    );
    const e = runCli(['classify', '--incidents', bad, '--as-of', '2023-06-30', '--pseudonymize', w.key]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('duplicate_key');
    expect(e.stderr).not.toContain('SUSPECT-NAME');
    expect(e.stderr).not.toContain('DIR-SECRET');
  });
});

describe('7 and 8. implausible wholes: a placeholder person, an outlying date', () => {
  it('validate warns about a person with more incidents than checks.max_incidents_per_person', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = join(dir, 'unknown.csv');
    const rows = Array.from({ length: 150 }, (_, i) => `D${i},2021-0${1 + (i % 9)}-1${i % 10},UNKNOWN,V${i}`);
    writeFileSync(
      inc,
      ['incident_id,incident_date,suspect_id,victim_id', ...rows, 'X1,2021-05-05,P1,V1'].join('\n') + '\n',
    );
    const r = runCli(['validate', '--incidents', inc]);
    expect(r.stdout + r.stderr).toMatch(/warning many_incidents: 1/);
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'checks:\n  max_incidents_per_person: 200\n');
    expect(runCli(['validate', '--incidents', inc, '--config', config]).stdout).not.toContain('many_incidents');
  });

  it('a date far outside the bulk is a warning, and so is the default coverage it would set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipvi-h14-'));
    const inc = join(dir, 'outlier.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `D${i},2022-0${1 + (i % 9)}-1${i % 10},P${i % 20},V${i}`);
    rows.push('T1,1992-03-04,P1,V1');
    writeFileSync(inc, ['incident_id,incident_date,suspect_id,victim_id', ...rows].join('\n') + '\n');
    const r = runCli(['validate', '--incidents', inc]);
    expect(r.stdout + r.stderr).toMatch(/warning date_outlier: 1/);
    expect(r.stdout + r.stderr).toMatch(/warning coverage_from_outlier: 1/);
    const given = runCli(['validate', '--incidents', inc, '--coverage-start', '2022-01-01']);
    expect(given.stdout + given.stderr).not.toContain('coverage_from_outlier');
  });
});

describe('11. provenance names the overrides and discloses no folder layout', () => {
  it('the overrides file is in the provenance and the config hash; paths are relative, never absolute', () => {
    const w = workspace();
    const out = join(w.dir, 'levels.txt');
    const run = () =>
      runCli(
        ['classify', '--incidents', 'inc.csv', '--as-of', '2023-06-30', '--config', 'agency.yaml', '-o', 'levels.txt'],
        { cwd: w.dir },
      );
    expect(run().code).toBe(0);
    const prov = JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8'));
    expect(prov.config.overrides.path).toBe('overrides.csv');
    expect(prov.config.overrides.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(prov)).not.toContain(w.dir);
    expect(readFileSync(out, 'utf8')).not.toContain(w.dir);
    const hash = prov.config.hash;
    writeFileSync(w.overrides, 'person_id,level,reason,date,analyst\n1,B,changed,2021-01-01,me\n');
    expect(run().code).toBe(0);
    expect(JSON.parse(readFileSync(`${out}.provenance.json`, 'utf8')).config.hash).not.toBe(hash);
  });
});

describe('10. a stale cache is never served for new content', () => {
  it('new content with the same size, mtime and inode is read afresh, and the provenance has its SHA-256', () => {
    const w = workspace();
    const cache = join(w.dir, 'cache');
    const args = ['classify', '--incidents', w.inc, '--as-of', '2023-06-30', '--format', 'json'];
    const env = { IPVI_CACHE_DIR: cache, IPVI_CACHE_MIN_BYTES: '0' };
    const first = runCli(args, { env });
    expect(first.code).toBe(0);
    expect(runCli(args, { env }).stdout.replace(/"generated_at": "[^"]*"/, '')).toBe(
      first.stdout.replace(/"generated_at": "[^"]*"/, ''),
    );
    const ref = join(w.dir, 'ref');
    execFileSync('cp', ['--preserve=timestamps', w.inc, ref]);
    const ino = statSync(w.inc).ino;
    // same size, same inode: one date's digits swapped in place, then the old mtime put back
    const text = readFileSync(w.inc, 'utf8');
    const changed = text.replace('2021-10-07', '2021-10-08');
    expect(changed.length).toBe(text.length);
    writeFileSync(w.inc, changed);
    execFileSync('touch', ['-r', ref, w.inc]);
    expect(statSync(w.inc).ino).toBe(ino);
    expect(statSync(w.inc).mtimeMs).toBe(statSync(ref).mtimeMs);
    const again = runCli(args, { env });
    const sha = (out: string) => JSON.parse(out).provenance.inputs.incidents.sha256;
    expect(sha(again.stdout)).not.toBe(sha(first.stdout));
    expect(sha(again.stdout)).toBe(execFileSync('sha256sum', [w.inc], { encoding: 'utf8' }).split(' ')[0]);
  });
});
