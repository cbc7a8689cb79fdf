/**
 * The one way tests run the CLI.
 *
 * - `runCli`: the real built binary (bin/ipvi → dist/), in a child process;
 *   what a user sees (exit code, stdout, stderr). Needs `npm run build`
 *   (`npm test` builds first).
 * - `spawnCli`: the same binary as a running child, for tests that signal it.
 * - `runInProcess`: the same program (src/cli/main.ts `run`) in this process,
 *   with stdout and stderr captured; for tests that run many commands and
 *   would otherwise pay a Node start for each.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { vi } from 'vitest';

export const ROOT = resolve(__dirname, '..', '..');
export const BIN = resolve(ROOT, 'bin', 'ipvi');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** extra environment variables */
  env?: Record<string, string>;
  /** text piped to stdin */
  input?: string;
  /** working directory (default: the repository root) */
  cwd?: string;
}

/** No colour and no terminal styling, so output compares as plain text. */
function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env };
}

/** Run `ipvi <args>` (the built binary) and wait for it. */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: cliEnv(opts.env),
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Start `ipvi <args>` (the built binary) and return the running child. */
export function spawnCli(args: string[], opts: Omit<CliOptions, 'input'> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env) });
}

/** Run `ipvi <args>` in this process, exactly as the binary would (the same commander program and output path). */
export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) =>
    ((s: string | Uint8Array) => {
      into.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  const { run } = await import('../../src/cli/main.js');
  let code: number;
  try {
    code = await run(['node', 'ipvi', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

export const fixture = (...parts: string[]) => resolve(ROOT, 'fixtures', ...parts);

/** The demo data's options (fixtures/demo), with the coverage the demo was simulated for. */
export const DEMO_DATA = [
  '--incidents',
  fixture('demo/incidents.csv'),
  '--notifications',
  fixture('demo/notifications.csv'),
  '--coverage-start',
  '2019-01-01',
  '--coverage-end',
  '2023-12-31',
];

/** The data options of a folder holding incidents.csv, notifications.csv and config.yaml. */
export const folderData = (dir: string): string[] => [
  '--incidents',
  resolve(dir, 'incidents.csv'),
  '--notifications',
  resolve(dir, 'notifications.csv'),
  '--config',
  resolve(dir, 'config.yaml'),
];
