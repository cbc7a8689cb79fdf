/**
 * Standard error: messages, and progress only when stderr is a terminal
 * (nothing at all when it is not, so logs and CI output stay clean). Colour
 * only on a terminal (chalk's own detection, NO_COLOR and --no-color honoured).
 * Every message passes through `terminalText` here, the one place text reaches
 * stderr, so no ID, path or argument can send a raw control or bidi character
 * to the terminal, whoever built the message.
 */
import chalk, { chalkStderr, type ChalkInstance } from 'chalk';
import { visible } from '../io/terminal-safe.js';

/** Text for a terminal: unsafe characters as escapes (src/io/terminal-safe.ts), and a carriage return too (it would let text overwrite its line). */
export function terminalText(s: string): string {
  return visible(s).replace(/\r/g, '\\r');
}

/** `reading FILE: 45% (123,456 rows, 52,300 rows/s, 35.1 MB)` */
export function progressLine(
  label: string,
  file: string,
  bytes: number,
  total: number,
  rows: number,
  seconds: number,
): string {
  const pct = total > 0 ? Math.min(100, (100 * bytes) / total) : 100;
  const rate = rows / Math.max(0.001, seconds);
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return `${label} ${file}: ${pct.toFixed(0)}% (${n(rows)} rows, ${n(rate)} rows/s, ${(bytes / 1e6).toFixed(1)} MB)`;
}

class Stderr {
  quiet = false;
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
      process.stderr.write(`\r${progressLine(label, file, bytes, total, rows, (now - this.started) / 1000)}\u001b[K`);
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
