/**
 * docs/commands/<name>.md shows the command's real --help and the real output
 * of its first example; this test keeps both current (regenerate with
 * UPDATE_DOCS=1 npx vitest run test/metrics/docs.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { fidelityCommand } from '../../src/cli/commands/fidelity.js';
import { prepostCommand } from '../../src/cli/commands/prepost.js';
import { recidivismCommand } from '../../src/cli/commands/recidivism.js';
import { survivalCommand } from '../../src/cli/commands/survival.js';
import { trendCommand } from '../../src/cli/commands/trend.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMMANDS: [string, () => Command][] = [
  ['prepost', prepostCommand],
  ['recidivism', recidivismCommand],
  ['survival', survivalCommand],
  ['trend', trendCommand],
  ['fidelity', fidelityCommand],
];
const tmp = mkdtempSync(join(tmpdir(), 'ipvi-metrics-docs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function helpText(make: () => Command): string {
  const program = new Command('ipvi');
  const cmd = make();
  program.addCommand(cmd);
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), getOutHelpWidth: () => 80 });
  cmd.outputHelp();
  return out.trimEnd();
}

function firstExample(help: string, name: string): string[] {
  const line = help.split('\n').find((l) => l.trim().startsWith(`$ ipvi ${name} `))!;
  return line
    .trim()
    .split(/\s+/)
    .slice(3)
    .map((a) => (a.startsWith('fixtures/') ? join(ROOT, a) : a));
}

async function exampleOutput(make: () => Command, args: string[]): Promise<string> {
  const out = join(tmp, `${Math.random().toString(36).slice(2)}.txt`);
  const cmd = make();
  cmd.exitOverride();
  await cmd.parseAsync(['node', 'ipvi', ...args, '-o', out]);
  return readFileSync(out, 'utf8').trimEnd();
}

function replaceBlock(doc: string, marker: string, body: string): string {
  const re = new RegExp(`(<!-- ${marker}:start -->\\n)[\\s\\S]*?(<!-- ${marker}:end -->)`);
  if (!re.test(doc)) throw new Error(`no ${marker} block`);
  return doc.replace(re, (_m, a: string, b: string) => `${a}\`\`\`text\n${body}\n\`\`\`\n${b}`);
}

describe('docs/commands pages', () => {
  for (const [name, make] of COMMANDS) {
    it(`docs/commands/${name}.md shows the current --help and first example`, async () => {
      const path = join(ROOT, 'docs', 'commands', `${name}.md`);
      const help = helpText(make);
      const example = firstExample(help, name);
      const output = await exampleOutput(make, example);
      const doc = readFileSync(path, 'utf8');
      const expected = replaceBlock(
        replaceBlock(doc, 'help', help),
        'example',
        `$ ipvi ${name} ${example.map((a) => a.replace(ROOT + '/', '')).join(' ')}\n\n${output}`,
      );
      if (process.env.UPDATE_DOCS) writeFileSync(path, expected);
      expect(readFileSync(path, 'utf8')).toBe(expected);
    });
  }
});
