/**
 * The batch's progress bar on standard error: data sets and analyses done.
 * Drawn only when stderr is a terminal (and not --quiet); otherwise every
 * call does nothing, so logs and CI output stay clean.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

export class BatchProgress {
  private done = 0;
  private datasetsDone = 0;
  private label = '';
  private drawn = false;
  private lastDraw = 0;
  readonly enabled: boolean;

  constructor(
    private readonly totalAnalyses: number,
    private readonly totalDatasets: number,
    private readonly stream: ProgressStream = process.stderr,
    options: { quiet?: boolean; now?: () => number } = {},
  ) {
    this.enabled = Boolean(stream.isTTY) && !options.quiet;
    this.now = options.now ?? (() => performance.now());
  }

  private readonly now: () => number;

  /** Starting a data set (its name is shown beside the bar). */
  startDataset(name: string): void {
    this.label = name;
    this.draw(true);
  }

  /** One analysis finished (or was skipped because its data set failed). */
  tick(n = 1): void {
    this.done = Math.min(this.totalAnalyses, this.done + n);
    this.draw(this.done === this.totalAnalyses);
  }

  finishDataset(): void {
    this.datasetsDone++;
    this.draw(true);
  }

  /** The bar's text (for tests). */
  line(width = 24): string {
    const frac = this.totalAnalyses ? this.done / this.totalAnalyses : 1;
    const full = Math.round(frac * width);
    return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${this.done}/${this.totalAnalyses} analyses, ${this.datasetsDone}/${this.totalDatasets} data sets${this.label ? ` · ${this.label}` : ''}`;
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const t = this.now();
    if (!force && t - this.lastDraw < 80) return;
    this.lastDraw = t;
    const max = Math.max(20, (this.stream.columns || 80) - 1);
    const text = this.line();
    this.stream.write(`\r${text.length > max ? text.slice(0, max - 1) + '…' : text}\u001b[K`);
    this.drawn = true;
  }

  /** Remove the bar (before printing anything else, and at the end). */
  clear(): void {
    if (this.enabled && this.drawn) {
      this.stream.write('\r\u001b[K');
      this.drawn = false;
    }
  }
}
