/**
 * Run the built CLI under a real pseudo-terminal (util-linux `script`), the
 * way a user meets it: stdout and stderr are both the terminal, `stty cols N`
 * sets its width.
 */
import { spawnSync } from 'node:child_process';
import { BIN, ROOT } from './run-cli.js';

export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Everything `ipvi ARGS` wrote to a COLS-wide terminal (stderr too unless `stderr: false`), raw, and its exit code. */
export function runOnTerminal(
  cols: number,
  args: string[],
  opts: { stderr?: boolean } = {},
): { status: number | null; output: string } {
  const quoted = [BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync(
    'script',
    [
      '-qfec',
      `stty cols ${cols} rows 60; '${process.execPath}' ${quoted}${opts.stderr ? '' : ' 2>/dev/null'}`,
      '/dev/null',
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  return { status: r.status, output: r.stdout };
}

/** The output as lines (CR and blank lines dropped). */
export const outputLines = (output: string): string[] =>
  output
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l !== '');
