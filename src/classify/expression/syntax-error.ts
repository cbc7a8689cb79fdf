/** jsep's terse syntax errors, rewritten to say what is wrong in a rule and what to write instead. */
import { ExpressionError } from './error.js';

const JS_KEYWORDS = new Set([
  'typeof',
  'new',
  'void',
  'delete',
  'function',
  'return',
  'var',
  'let',
  'const',
  'class',
  'import',
  'export',
  'await',
  'async',
  'yield',
  'in',
  'instanceof',
  'if',
  'else',
  'for',
  'while',
  'do',
  'switch',
  'case',
  'throw',
  'try',
  'catch',
  'with',
  'debugger',
  'super',
]);

const BRACKETS = "'[' and ']' are not supported: rules have no arrays or indexing";

/** Turn a jsep error into an ExpressionError that says what to do. */
export function syntaxError(description: string, index: number, source: string): ExpressionError {
  const at = Math.max(0, Math.min(index, source.length));
  const rest = source.slice(at);
  const ch = source[at] ?? '';
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)?.[0];
  const beforeMatch = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(source.slice(0, at));
  const before = beforeMatch?.[1];
  const atEnd = at >= source.length;

  let reason: string;
  if (before && JS_KEYWORDS.has(before)) {
    reason = `'${before}' is not supported: rules may only use numbers, catalog features, catalog functions and the operators of the rules language`;
    return new ExpressionError(`syntax error: ${reason}`, beforeMatch!.index, source);
  }
  if (before && /^(and|or|not)$/i.test(before) && !/^(and|or|not)$/.test(before)) {
    // `Not x`: jsep reads `Not` as a name and stumbles on the `x` after it.
    reason = `operators are lowercase: write '${before.toLowerCase()}' instead of '${before}'`;
    return new ExpressionError(`syntax error: ${reason}`, beforeMatch!.index, source);
  }
  if (description.startsWith('Unclosed quote')) {
    // jsep reports the end of the source; point at the quote that is never closed.
    reason = 'text strings are not supported: rules compute only with numbers, features and functions';
    return new ExpressionError(`syntax error: ${reason}`, unclosedQuote(source) ?? at, source);
  }
  if (ch === '"' || ch === "'" || ch === '`') {
    reason = 'text strings are not supported: rules compute only with numbers, features and functions';
  } else if (description.startsWith('Variable names cannot start with a number')) {
    reason = "a name cannot start with a digit; to multiply, write an explicit '*' (e.g. 2*offenses)";
  } else if (ch === '=' && source[at + 1] === '>') {
    reason = "'=>' (arrow functions) is not supported; to compare, use '>='";
  } else if (ch === '=' && source[at + 1] !== '=') {
    reason = "'=' is not an operator in rules (there is no assignment); to compare, use '=='";
  } else if (ch === '&' || ch === '|') {
    reason = `'${ch}' is not an operator in rules; use 'and' (or '&&') and 'or' (or '||')`;
  } else if (word && /^(and|or|not)$/i.test(word) && !/^(and|or|not)$/.test(word)) {
    reason = `operators are lowercase: write '${word.toLowerCase()}' instead of '${word}'`;
  } else if (word && JS_KEYWORDS.has(word)) {
    reason = `'${word}' is not supported: rules may only use numbers, catalog features, catalog functions and the operators of the rules language`;
  } else if (description.startsWith('Expected expression after') || description === 'missing unaryOp argument') {
    const op = description.startsWith('Expected expression after')
      ? description.slice('Expected expression after'.length).trim()
      : '';
    const opText = op ? ` after '${op.replace(/^'|'$/g, '')}'` : '';
    reason = atEnd
      ? `unexpected end of expression: a value is missing${opText}`
      : `expected a value${opText} but found '${ch}'`;
  } else if (description === "Expected ':'") {
    reason = "incomplete conditional: 'test ? value_if_true : value_if_false' needs a ':' part";
  } else if (description === 'Expected comma') {
    reason = "expected ',' or ')' between function arguments";
  } else if (description.startsWith('Unexpected token ,') || description.startsWith('Unexpected token )')) {
    reason = 'a function argument is missing';
  } else if (description === 'Expected )') {
    reason = "function call is never closed: add ')'";
  } else if (description.startsWith('Unexpected period')) {
    reason = "unexpected '.': numbers are written like 1.5, and property access is not supported";
  } else if (description.startsWith('Expected exponent')) {
    reason = 'malformed number: an exponent needs digits, e.g. 1e3';
  } else if (description.startsWith('Unclosed [')) {
    // jsep reports where it wanted the ']'; point at the '[' that is never closed.
    return new ExpressionError(`syntax error: ${BRACKETS}`, unclosedBracket(source, at), source);
  } else if (ch === '[' || ch === ']') {
    reason = BRACKETS;
  } else if (atEnd) {
    reason = 'unexpected end of expression';
  } else if (ch === ')') {
    reason = "unmatched ')': remove it or add the missing '('";
  } else if (ch === ',') {
    reason = "',' is only allowed between the arguments of a function call";
  } else if (ch === ';') {
    reason = "';' is not supported: a rule is a single expression (combine conditions with 'and'/'or')";
  } else if (word || /[0-9.]/.test(ch) || ch === '(') {
    const shown = word ?? ch;
    reason = `expected an operator (such as 'and', 'or', '>=', '+') before '${shown}'`;
  } else {
    reason = `unexpected '${ch}'`;
  }
  return new ExpressionError(`syntax error: ${reason}`, at, source);
}

/** Offset of the first quote in `source` that is never closed (a backslash escapes the next character). */
function unclosedQuote(source: string): number | undefined {
  for (let i = 0; i < source.length; i++) {
    const q = source[i];
    if (q !== '"' && q !== "'" && q !== '`') continue;
    const start = i++;
    while (i < source.length && source[i] !== q) i += source[i] === '\\' ? 2 : 1;
    if (i >= source.length) return start;
  }
  return undefined;
}

/** Offset of the last '[' before `end` that no ']' closes, else `end` (a ']' inside a string, as in `x[']'`). */
function unclosedBracket(source: string, end: number): number {
  let open = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (source[i] === ']') open--;
    else if (source[i] === '[' && ++open > 0) return i;
  }
  return end;
}
