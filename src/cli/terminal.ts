/**
 * Standard error: messages, and progress only when stderr is a terminal
 * (nothing at all when it is not, so logs and CI output stay clean). Colour
 * only on a terminal (chalk's own detection, NO_COLOR and --no-color honoured).
 */
import chalk, { chalkStderr, type ChalkInstance } from 'chalk';

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
    process.stderr.write(`${message}\n`);
  }

  warn(message: string): void {
    this.clearProgress();
    process.stderr.write(`${chalkStderr.yellow('warning:')} ${message}\n`);
  }

  error(message: string, hint?: string): void {
    this.clearProgress();
    process.stderr.write(`${chalkStderr.red('error:')} ${message}\n`);
    if (hint) process.stderr.write(`  ${chalkStderr.dim('fix:')} ${hint}\n`);
  }

  /** A progress callback for reading files, or undefined when stderr is not a terminal. */
  progressFor(label: string): ((file: string, bytes: number, total: number) => void) | undefined {
    if (!this.tty || this.quiet) return undefined;
    this.started = Date.now();
    return (file, bytes, total) => {
      const now = Date.now();
      if (now - this.lastDraw < 100 && bytes < total) return;
      this.lastDraw = now;
      const pct = total > 0 ? Math.min(100, (100 * bytes) / total) : 100;
      const secs = Math.max(0.001, (now - this.started) / 1000);
      const rate = bytes / secs / 1e6;
      process.stderr.write(`\r${label} ${file}: ${pct.toFixed(0)}% (${(bytes / 1e6).toFixed(1)} MB, ${rate.toFixed(1)} MB/s)\u001b[K`);
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
