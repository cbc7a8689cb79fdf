/**
 * The character-level pass before parsing: source length, allowed characters
 * (with advice for typographic look-alikes), and an over-estimate of how deep
 * jsep's recursive parser would nest, so hostile input fails with a message
 * instead of a stack overflow.
 */
import { ExpressionError } from './error.js';

/** Longest accepted source, in characters. */
export const MAX_SOURCE_LENGTH = 10_000;
/** Deepest accepted nesting of parentheses, prefix operators and `?:`. */
export const MAX_NESTING = 200;

/** Typographic characters people paste from word processors, and what to type instead. */
const LOOKALIKES: Record<string, string> = {
  '\u2013': "'-'",
  '\u2014': "'-'",
  '\u2212': "'-'",
  '\u2264': "'<='",
  '\u2265': "'>='",
  '\u2260': "'!='",
  '\u00d7': "'*'",
  '\u00f7': "'/'",
  '\u00a0': 'an ordinary space',
  '\u2018': 'nothing (text strings are not supported)',
  '\u2019': 'nothing (text strings are not supported)',
  '\u201c': 'nothing (text strings are not supported)',
  '\u201d': 'nothing (text strings are not supported)',
};

/**
 * Cheap checks before handing the source to jsep, which is recursive: length,
 * characters, and an over-estimate of the parser's recursion depth (open
 * parentheses/brackets, runs of prefix operators, and `?` per nesting level).
 */
export function prescan(source: string): void {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExpressionError(
      `expression is too long (${source.length} characters; the limit is ${MAX_SOURCE_LENGTH}); split it into several rules or flags`,
      MAX_SOURCE_LENGTH,
      source,
    );
  }
  if (source.trim() === '') {
    throw new ExpressionError('empty expression: write a condition such as offenses >= 1', 0, source);
  }
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c <= 126)) continue;
    const ch = source[i];
    const instead = LOOKALIKES[ch];
    const shown = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ExpressionError(
      instead
        ? `unsupported character '${ch}' (${shown}): type ${instead} instead`
        : `unsupported character ${JSON.stringify(ch)} (${shown}): rules may only contain plain ASCII letters, digits, operators and spaces`,
      i,
      source,
    );
  }

  const stack: Array<{ base: number; q: number }> = [];
  let base = 0; // nesting contributed by enclosing parentheses
  let q = 0; // '?' seen at the current level (a chain of ?: nests to the right)
  let run = 0; // consecutive prefix operators
  let prevOperand = false;
  const isWord = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
  for (let i = 0; i < source.length; ) {
    const ch = source[i];
    const start = i;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < source.length && isWord(source[i])) i++;
      const word = source.slice(start, i);
      if (word === 'not' && !prevOperand) run++;
      else if (word === 'and' || word === 'or') prevOperand = false;
      else {
        prevOperand = true;
        run = 0;
      }
    } else if (/[0-9.]/.test(ch)) {
      while (i < source.length && /[0-9.eE]/.test(source[i])) {
        if ((source[i] === 'e' || source[i] === 'E') && /[+-]/.test(source[i + 1] ?? '')) i++;
        i++;
      }
      prevOperand = true;
      run = 0;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      i++;
      while (i < source.length && source[i] !== ch) i += source[i] === '\\' ? 2 : 1;
      i++;
      prevOperand = true;
      run = 0;
    } else if (ch === '(' || ch === '[') {
      stack.push({ base, q });
      base = base + 1 + q + run;
      q = 0;
      run = 0;
      prevOperand = false;
      i++;
    } else if (ch === ')' || ch === ']') {
      const outer = stack.pop();
      if (outer) ({ base, q } = outer);
      run = 0;
      prevOperand = true;
      i++;
    } else if (ch === '?') {
      q++;
      run = 0;
      prevOperand = false;
      i++;
    } else if (ch === ',') {
      q = 0;
      run = 0;
      prevOperand = false;
      i++;
    } else if ((ch === '-' || ch === '+' || ch === '!') && source[i + 1] !== '=') {
      if (!prevOperand || ch === '!') run++;
      prevOperand = false;
      i++;
    } else {
      prevOperand = false;
      i++;
    }
    if (base + q + run > MAX_NESTING) {
      throw new ExpressionError(
        `expression is nested too deeply (more than ${MAX_NESTING} levels of parentheses, prefix operators or '?:'); simplify it or split it into flags`,
        start,
        source,
      );
    }
  }
}
