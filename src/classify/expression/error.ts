/** The one error the rules language throws for a bad expression: what is wrong, where, and how to fix it. */

export class ExpressionError extends Error {
  /** 0-based character offset into `source` of the offending text */
  readonly position: number;
  /** the expression that failed to compile */
  readonly source: string;
  /** what is wrong and how to fix it, without the position/excerpt lines */
  readonly reason: string;

  constructor(reason: string, position: number, source: string) {
    super(`${reason}\n${excerpt(source, position)}`);
    this.name = 'ExpressionError';
    this.reason = reason;
    this.position = position;
    this.source = source;
  }
}

export function fail(reason: string, position: number, source: string): never {
  throw new ExpressionError(reason, position, source);
}

/** The line of `source` around `position`, with a caret under it. */
export function excerpt(source: string, position: number): string {
  const pos = Math.max(0, Math.min(position, source.length));
  const lineStart = pos === 0 ? 0 : source.lastIndexOf('\n', pos - 1) + 1;
  let lineEnd = source.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = source.length;
  const from = Math.max(lineStart, pos - 40);
  const to = Math.min(lineEnd, pos + 40);
  const text =
    (from > lineStart ? '...' : '') + source.slice(from, to).replace(/[\t\r]/g, ' ') + (to < lineEnd ? '...' : '');
  const caret = `${' '.repeat(pos - from + (from > lineStart ? 3 : 0))}^`;
  return `  at position ${pos}:\n    ${text}\n    ${caret}`;
}
