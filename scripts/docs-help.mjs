#!/usr/bin/env node
// Keep docs/commands/<name>.md in step with the real --help: rewrites the
// block between <!-- help:start --> and <!-- help:end --> (creating the page
// when missing). `node scripts/docs-help.mjs --check` exits 1 when a page is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = resolve(root, 'bin', 'ipvi');
const check = process.argv.includes('--check');

function help(args) {
  const r = spawnSync(process.execPath, [bin, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' },
  });
  return r.stdout.trimEnd();
}

const top = help([]);
const names = [...top.matchAll(/^ {2}([a-z][a-z-]*)(?: \[options\]| |$)/gm)]
  .map((m) => m[1])
  .filter((n) => n !== 'help');
let stale = 0;
for (const name of names) {
  const page = resolve(root, 'docs', 'commands', `${name}.md`);
  const block = `<!-- help:start -->\n\`\`\`text\n${help([name])}\n\`\`\`\n<!-- help:end -->`;
  let text = existsSync(page) ? readFileSync(page, 'utf8') : `# ipvi ${name}\n\n${block}\n`;
  if (text.includes('<!-- help:start -->')) {
    text = text.replace(/<!-- help:start -->[\s\S]*?<!-- help:end -->/, block);
  } else {
    text = text.replace(/^(# .*\n)/, `$1\n${block}\n`);
  }
  const old = existsSync(page) ? readFileSync(page, 'utf8') : '';
  if (old !== text) {
    stale++;
    if (check) console.error(`stale: docs/commands/${name}.md`);
    else writeFileSync(page, text);
  }
}
if (check && stale) process.exit(1);
console.log(
  `${names.length} command pages ${check ? 'checked' : 'written'}${stale && !check ? ` (${stale} updated)` : ''}`,
);
