/**
 * Standard error: messages, and progress only when stderr is a terminal
 * (nothing at all when it is not, so logs and CI output stay clean). Colour
 * only on a terminal (chalk's own detection, NO_COLOR and --no-color honoured).
 * Every message passes through `terminalText` here, the one place text reaches
 * stderr, so no ID, path or argument can send a raw control or bidi character
 * to the terminal, whoever built the message.
 */
import { basename } from 'node:path';
import chalk, { chalkStderr, type ChalkInstance } from 'chalk';
import { visible } from '../io/terminal-safe.js';

/** Text for a terminal: unsafe characters as escapes (src/io/terminal-safe.ts), and a carriage return too (it would let text overwrite its line). */
export function terminalText(s: string): string {
  return visible(s).replace(/\r/g, '\\r');
}

/**
 * `reading FILE: 45% (123,456 rows, 52,300 rows/s, 35.1 MB)`, at most `width`
 * characters (a terminal's width: a longer line wraps, and `\r` then redraws
 * only its last part): the file is shortened to its name, then cut with `…`.
 */
export function progressLine(
  label: string,
  file: string,
  bytes: number,
  total: number,
  rows: number,
  seconds: number,
  width = Infinity,
): string {
  const pct = total > 0 ? Math.min(100, (100 * bytes) / total) : 100;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  // a rate over less than a tenth of a second says nothing
  const rate = seconds >= 0.1 ? `, ${n(rows / seconds)} rows/s` : '';
  const tail = `: ${pct.toFixed(0)}% (${n(rows)} rows${rate}, ${(bytes / 1e6).toFixed(1)} MB)`;
  const line = (f: string) => `${label} ${f}${tail}`;
  if (line(file).length <= width) return line(file);
  const name = basename(file);
  if (line(name).length <= width) return line(name);
  const room = width - line('').length;
  if (room >= 8) return line(`${name.slice(0, room - 1)}…`);
  const short = `${label} ${pct.toFixed(0)}%`;
  return short.length <= width ? short : short.slice(0, Math.max(0, width));
}

class Stderr {
  quiet = false;
  /** --verbose: say how each large file was read (in two parts, or on one thread and why) */
  verbose = false;
  private lastDraw = 0;
  private drawn = false;
  private started = 0;

  get tty(): boolean {
    return Boolean(process.stderr.isTTY);
  }

  get color(): ChalkInstance {
    return chalkStderr;
  }

  disableColor(): void {
    chalk.level = 0;
    chalkStderr.level = 0;
  }

  info(message: string): void {
    if (this.quiet) return;
    this.clearProgress();
    process.stderr.write(`${terminalText(message)}\n`);
  }

  /** Text as it is (several lines, already formatted), made terminal-safe; shown even with --quiet. */
  write(text: string): void {
    this.clearProgress();
    process.stderr.write(terminalText(text));
  }

  warn(message: string): void {
    this.clearProgress();
    process.stderr.write(`${chalkStderr.yellow('warning:')} ${terminalText(message)}\n`);
  }

  error(message: string, hint?: string): void {
    this.clearProgress();
    process.stderr.write(`${chalkStderr.red('error:')} ${terminalText(message)}\n`);
    if (hint) process.stderr.write(`  ${chalkStderr.dim('fix:')} ${terminalText(hint)}\n`);
  }

  /** A progress callback for reading files, or undefined when stderr is not a terminal. */
  progressFor(label: string): ((file: string, bytes: number, total: number, rows: number) => void) | undefined {
    if (!this.tty || this.quiet) return undefined;
    let current = '';
    return (file, bytes, total, rows) => {
      const now = Date.now();
      if (file !== current) {
        current = file;
        this.started = now;
      }
      if (now - this.lastDraw < 100 && bytes < total) return;
      this.lastDraw = now;
      // one character short of the width: a line that fills it leaves the cursor past the edge on some terminals
      const width = Math.max(20, (process.stderr.columns || 80) - 1);
      const line = progressLine(label, file, bytes, total, rows, (now - this.started) / 1000, width);
      process.stderr.write(`\r${line}\u001b[K`);
      this.drawn = true;
    };
  }

  clearProgress(): void {
    if (this.drawn) {
      process.stderr.write('\r\u001b[K');
      this.drawn = false;
    }
  }
}

export const stderr = new Stderr();
