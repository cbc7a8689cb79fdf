/**
 * Pins for the rules language (docs/rules-language.md) written against the
 * survivors of a StrykerJS run: exact messages and positions of malformed
 * rules, the nesting and tree-depth limits exactly at and one past the limit,
 * precedence, and the evaluator's less common paths. Expected values are
 * worked by hand from the documented behaviour.
 */
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  type ExprCatalog,
  type ExprEnv,
  ExpressionError,
  MAX_NESTING,
  MAX_TREE_DEPTH,
} from './expression.js';

const FEATURES = ['offenses', 'serious', 'x', 'y', 'z'] as const;
const catalog: ExprCatalog = {
  features: FEATURES.map((name) => ({ name, description: name })),
  functions: [
    { name: 'within', description: 'offenses within N months', arity: 1 },
    { name: 'pair', description: 'a*10 + b', arity: 2 },
    { name: 'triple', description: 'a*100 + b*10 + c', arity: 3 },
    { name: 'zero_args', description: 'always 7', arity: 0 },
  ],
};

function env(values: Partial<Record<(typeof FEATURES)[number], number>> = {}): ExprEnv & { calls: number[][] } {
  const v = new Float64Array(FEATURES.length);
  for (const [k, val] of Object.entries(values)) v[FEATURES.indexOf(k as (typeof FEATURES)[number])] = val;
  const calls: number[][] = [];
  return {
    values: v,
    calls,
    call(fn, args) {
      calls.push([fn, ...args]);
      if (fn === 0) return args[0];
      if (fn === 1) return args[0] * 10 + args[1];
      if (fn === 2) return args[0] * 100 + args[1] * 10 + args[2];
      return 7;
    },
  };
}

const compile = (s: string, cat: ExprCatalog = catalog) => compileExpression(s, cat);
const ev = (s: string, e: ExprEnv = env()) => compile(s).evaluate(e);

/** The ExpressionError a source fails with (fails the test if it compiles or throws anything else). */
function error(source: string, cat: ExprCatalog = catalog): ExpressionError {
  try {
    compile(source, cat);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw new Error(`expected an ExpressionError for ${JSON.stringify(source)}, got ${String(e)}`);
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

const NOT_SUPPORTED =
  'is not supported: rules may only use numbers, catalog features, catalog functions and the operators of the rules language';

describe('syntax errors: reason and position', () => {
  const cases: Array<[string, number, string]> = [
    [
      "x == 'a",
      5,
      'syntax error: text strings are not supported: rules compute only with numbers, features and functions',
    ],
    [
      'x == "a\\"b',
      5,
      'syntax error: text strings are not supported: rules compute only with numbers, features and functions',
    ],
    [
      "'a' + \"b",
      6,
      'syntax error: text strings are not supported: rules compute only with numbers, features and functions',
    ],
    [
      'x + `b`',
      4,
      'syntax error: text strings are not supported: rules compute only with numbers, features and functions',
    ],
    ['1a', 1, "syntax error: a name cannot start with a digit; to multiply, write an explicit '*' (e.g. 2*offenses)"],
    ['x => 1', 2, "syntax error: '=>' (arrow functions) is not supported; to compare, use '>='"],
    ['x = 1', 2, "syntax error: '=' is not an operator in rules (there is no assignment); to compare, use '=='"],
    ['x === 2', 4, "syntax error: '=' is not an operator in rules (there is no assignment); to compare, use '=='"],
    ['x & y', 2, "syntax error: '&' is not an operator in rules; use 'and' (or '&&') and 'or' (or '||')"],
    ['x | y', 2, "syntax error: '|' is not an operator in rules; use 'and' (or '&&') and 'or' (or '||')"],
    ['x AND y', 2, "syntax error: operators are lowercase: write 'and' instead of 'AND'"],
    ['x Or y', 2, "syntax error: operators are lowercase: write 'or' instead of 'Or'"],
    ['Not x', 0, "syntax error: operators are lowercase: write 'not' instead of 'Not'"],
    ['x and NOT  y', 6, "syntax error: operators are lowercase: write 'not' instead of 'NOT'"],
    ['x in y', 2, `syntax error: 'in' ${NOT_SUPPORTED}`],
    ['x + await y', 4, `syntax error: 'await' ${NOT_SUPPORTED}`],
    ['x +', 3, "syntax error: unexpected end of expression: a value is missing after '+'"],
    ['x == y ==', 9, "syntax error: unexpected end of expression: a value is missing after '=='"],
    ['x + )', 4, "syntax error: expected a value after '+' but found ')'"],
    ['-', 1, 'syntax error: unexpected end of expression: a value is missing'],
    ['x ? y', 5, "syntax error: incomplete conditional: 'test ? value_if_true : value_if_false' needs a ':' part"],
    ['x ? : y', 4, "syntax error: expected a value after '?' but found ':'"],
    ['x ? y :', 7, "syntax error: unexpected end of expression: a value is missing after ':'"],
    ['pair(1, 2 3)', 10, "syntax error: expected ',' or ')' between function arguments"],
    ['pair(1 2)', 7, "syntax error: expected ',' or ')' between function arguments"],
    ['min(1  (2))', 7, "syntax error: expected ',' or ')' between function arguments"],
    ['pair(1,)', 8, 'syntax error: a function argument is missing'],
    ['pair(,1)', 6, 'syntax error: a function argument is missing'],
    ['pair(1', 6, "syntax error: function call is never closed: add ')'"],
    ['1e', 2, 'syntax error: malformed number: an exponent needs digits, e.g. 1e3'],
    ['1..2', 2, "syntax error: unexpected '.': numbers are written like 1.5, and property access is not supported"],
    ['x ]', 2, "syntax error: '[' and ']' are not supported: rules have no arrays or indexing"],
    ['x.', 2, 'syntax error: unexpected end of expression'],
    ['x)', 1, "syntax error: unmatched ')': remove it or add the missing '('"],
    ['x , y', 2, "syntax error: ',' is only allowed between the arguments of a function call"],
    [
      'x; y',
      1,
      "syntax error: ';' is not supported: a rule is a single expression (combine conditions with 'and'/'or')",
    ],
    ['x y', 2, "syntax error: expected an operator (such as 'and', 'or', '>=', '+') before 'y'"],
    ['x 1', 2, "syntax error: expected an operator (such as 'and', 'or', '>=', '+') before '1'"],
    ['x @ y', 2, "syntax error: unexpected '@'"],
    ['x ! y', 2, "syntax error: unexpected '!'"],
    ['(x', 0, "'(' at position 0 is never closed: add ')'"],
    ['(  ', 0, "'(' at position 0 is never closed: add ')'"],
    ['(x, y)', 2, "',' is only allowed between the arguments of a function call"],
    ['(x @)', 3, "syntax error: unexpected '@'"],
    ['1 (2)', 2, "syntax error: expected an operator (such as 'and', 'or', '>=', '+') before '('"],
    ['x serious', 2, "syntax error: expected an operator (such as 'and', 'or', '>=', '+') before 'serious'"],
    ['x ≥ 2', 2, "unsupported character '≥' (U+2265): type '>=' instead"],
    [
      'x é',
      2,
      'unsupported character "é" (U+00E9): rules may only contain plain ASCII letters, digits, operators and spaces',
    ],
    ['()', 0, "empty parentheses '()': put an expression inside, or remove them"],
  ];
  it.each(cases)('%j fails at %i', (source, position, reason) => {
    const e = error(source);
    expect(e.reason).toBe(reason);
    expect(e.position).toBe(position);
  });

  // Every JavaScript keyword is named as unsupported at its own position, whatever follows it.
  const KEYWORDS = [
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
  ];
  it.each(KEYWORDS)("'%s x' names the keyword", (kw) => {
    const e = error(`y + ${kw} x`);
    expect(e.reason).toBe(`syntax error: '${kw}' ${NOT_SUPPORTED}`);
    expect(e.position).toBe(4);
  });
  it('a keyword followed by spaces before the error is still found', () => {
    const e = error('x + typeof   y');
    expect(e.reason).toBe(`syntax error: 'typeof' ${NOT_SUPPORTED}`);
    expect(e.position).toBe(4);
  });
  it('a keyword where an operator was expected is named at its position', () => {
    const e = error('x instanceof y');
    expect(e.reason).toBe(`syntax error: 'instanceof' ${NOT_SUPPORTED}`);
    expect(e.position).toBe(2);
  });
});

describe('prescan: characters, strings and nesting', () => {
  it('a string is skipped whole, so brackets inside it do not count as nesting', () => {
    for (const q of ['"', "'", '`']) {
      const e = error(`x == ${q}${'('.repeat(MAX_NESTING + 5)}${q}`);
      expect(e.reason).toMatch(/text strings are not supported/);
      expect(e.position).toBe(5);
    }
  });
  it('an escaped quote does not end the string', () => {
    const e = error(`x == "\\"${'('.repeat(MAX_NESTING + 5)}"`);
    expect(e.reason).toMatch(/text strings are not supported/);
  });
  it('an unterminated string runs to the end of the source', () => {
    const e = error(`x == "${'('.repeat(MAX_NESTING + 5)}`);
    expect(e.reason).toMatch(/text strings are not supported/);
  });
  it('after a string the scan goes on: later nesting is still counted', () => {
    const e = error(`"a" + ${'('.repeat(MAX_NESTING + 1)}x${')'.repeat(MAX_NESTING + 1)}`);
    expect(e.reason).toMatch(/^expression is nested too deeply/);
    expect(e.position).toBe(6 + MAX_NESTING);
  });
  const deep = `expression is nested too deeply (more than ${MAX_NESTING} levels of parentheses, prefix operators or '?:'); simplify it or split it into flags`;
  it('parentheses: exactly MAX_NESTING levels compile, one more fails at the extra "("', () => {
    const ok = `${'('.repeat(MAX_NESTING)}x${')'.repeat(MAX_NESTING)}`;
    expect(ev(ok, env({ x: 3 }))).toBe(3);
    const e = error(`${'('.repeat(MAX_NESTING + 1)}x${')'.repeat(MAX_NESTING + 1)}`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(MAX_NESTING);
  });
  it("'[' counts as nesting like '('", () => {
    const e = error(`${'['.repeat(MAX_NESTING + 1)}x${']'.repeat(MAX_NESTING + 1)}`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(MAX_NESTING);
  });
  it("a closing ')' or ']' gives the level back", () => {
    const many = Array.from({ length: MAX_NESTING + 5 }, () => '(x)').join(' + ');
    expect(ev(many, env({ x: 1 }))).toBe(MAX_NESTING + 5);
    const e = error(Array.from({ length: MAX_NESTING + 5 }, () => 'x[1]').join(' + '));
    expect(e.reason).toMatch(/^property access/);
  });
  it('prefix minus: MAX_NESTING in a row compile, one more fails', () => {
    expect(ev(`${'-'.repeat(MAX_NESTING)}x`, env({ x: 4 }))).toBe(4);
    const e = error(`${'-'.repeat(MAX_NESTING + 1)}x`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(MAX_NESTING);
  });
  it('prefix plus counts too, and a binary minus after an operand does not', () => {
    const e = error(`${'+'.repeat(MAX_NESTING + 1)}x`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(MAX_NESTING);
    // x - x - ... : each '-' follows an operand, so none is a prefix operator.
    const chain = Array.from({ length: MAX_NESTING + 5 }, () => 'x').join(' - ');
    expect(ev(chain, env({ x: 1 }))).toBe(1 - (MAX_NESTING + 4));
  });
  it("'!' counts even after an operand; '!=' is not a prefix operator", () => {
    const e = error(`x ${'!'.repeat(MAX_NESTING + 1)}`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(2 + MAX_NESTING);
    const chain = Array.from({ length: MAX_NESTING + 5 }, () => 'x').join(' != ');
    expect(() => compile(chain)).not.toThrow();
  });
  it("'not' in a row: the one past MAX_NESTING is reported", () => {
    const e = error(`${'not '.repeat(MAX_NESTING + 1)}x`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(4 * MAX_NESTING);
  });
  it("'?' nests to the right; ',' starts a fresh argument", () => {
    const chain = `${'x ? 1 : '.repeat(MAX_NESTING + 1)}0`;
    const e = error(chain);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(2 + 8 * MAX_NESTING);
    const args = `max(${'x ? 1 : 2, '.repeat(MAX_NESTING + 1)}3)`;
    expect(ev(args, env({ x: 0 }))).toBe(3);
  });
  it('control characters other than tab and line breaks are rejected', () => {
    const e = error('x \u007f');
    expect(e.position).toBe(2);
    expect(e.reason).toMatch(/\(U\+007F\): rules may only contain plain ASCII/);
    expect(ev('x\t+\r\ny', env({ x: 1, y: 2 }))).toBe(3);
  });
  it('a minus right after an operand is binary, whatever the operand and the white space', () => {
    const minuses = '-'.repeat(MAX_NESTING + 1);
    // x - (-(-...y)) with MAX_NESTING prefix minuses (an even number): x - y
    for (const operand of ['x', '2', '(x)', 'pair(1, 2)']) {
      for (const space of [' ', '\t', '\n', '\r']) {
        const value = ev(`${operand}${space}${minuses} y`, env({ x: 2, y: 5 }));
        expect(value).toBe((operand === 'pair(1, 2)' ? 12 : 2) - 5);
      }
    }
    expect(error(`"a" ${minuses} y`).reason).toMatch(/text strings are not supported/);
  });
  it("after an operator, '(', '?', ',' or 'and'/'or', a minus is a prefix operator", () => {
    const n = MAX_NESTING;
    const deep = /^expression is nested too deeply/;
    const cases: Array<[string, number]> = [
      [`x * ${'-'.repeat(n + 1)}y`, 4 + n],
      [`x and ${'-'.repeat(n + 1)}y`, 6 + n],
      [`x or ${'-'.repeat(n + 1)}y`, 5 + n],
      // one level for the parenthesis, so the n-th minus is one too many
      [`(${'-'.repeat(n)}x)`, n],
      [`x ? ${'-'.repeat(n)}y : 0`, 4 + n - 1],
      [`max(1, ${'-'.repeat(n)}x)`, 7 + n - 1],
    ];
    for (const [source, position] of cases) {
      const e = error(source);
      expect(e.reason, source).toMatch(deep);
      expect(e.position, source).toBe(position);
    }
  });
  it('numbers with exponents are read as one operand', () => {
    expect(ev('1e+2 - -1E-1')).toBeCloseTo(100.1, 12);
  });
});

describe('tree depth', () => {
  const chain = (ops: number) => `${'x + '.repeat(ops)}x`;
  const tooComplex = `expression is too complex (more than ${MAX_TREE_DEPTH} levels of operators); split it into several rules or flags`;
  it('a left chain of exactly MAX_TREE_DEPTH levels compiles; one more fails', () => {
    // n binary operators nest n deep on the left; the leaves sit at depth n + 1.
    expect(ev(chain(MAX_TREE_DEPTH - 1), env({ x: 1 }))).toBe(MAX_TREE_DEPTH);
    const e = error(chain(MAX_TREE_DEPTH));
    expect(e.reason).toBe(tooComplex);
    // the deepest node found first is the right operand of the innermost 'x + x'
    expect(e.position).toBe(4);
  });
  // A chain one level too deep once it hangs one level below the root, under each kind of child.
  const deepUnder: Array<[string, string]> = [
    ['right', `x + (${chain(MAX_TREE_DEPTH - 1)})`],
    ['argument', `-(${chain(MAX_TREE_DEPTH - 1)})`],
    ['test', `(${chain(MAX_TREE_DEPTH - 1)}) ? 1 : 2`],
    ['consequent', `x ? (${chain(MAX_TREE_DEPTH - 1)}) : 2`],
    ['alternate', `x ? 1 : (${chain(MAX_TREE_DEPTH - 1)})`],
    ['arguments', `max(1, ${chain(MAX_TREE_DEPTH - 1)})`],
    ['callee', `(${chain(MAX_TREE_DEPTH - 1)})(1)`],
    ['object', `(${chain(MAX_TREE_DEPTH - 1)}).y`],
    ['property', `y[${chain(MAX_TREE_DEPTH - 1)}]`],
    ['elements', `[1, ${chain(MAX_TREE_DEPTH - 1)}]`],
  ];
  it.each(deepUnder)('depth is counted through %s', (_key, source) => {
    expect(error(source).reason).toBe(tooComplex);
  });
  it('one level shallower under the same child is within the limit', () => {
    expect(ev(`x + (${chain(MAX_TREE_DEPTH - 2)})`, env({ x: 1 }))).toBe(MAX_TREE_DEPTH);
    expect(ev(`max(1, ${chain(MAX_TREE_DEPTH - 2)})`, env({ x: 1 }))).toBe(MAX_TREE_DEPTH - 1);
  });
  it('a sparse array is reported as an array, not a crash', () => {
    const e = error('[1,,2]');
    expect(e.reason).toBe("arrays ('[...]') are not supported");
    expect(e.position).toBe(0);
  });
});

describe('property access points at the first . or [', () => {
  const reason =
    "property access ('.', '[...]') is not supported: rules may only use the catalog's features and functions by name";
  const cases: Array<[string, number]> = [
    ['x.y', 1],
    ['offenses .length', 9],
    ['x[1]', 1],
    ['x.y.z', 1],
    ['x.y(1).z', 1],
    ['pair(1, 2).y', 10],
    ['(x + y).z', 7],
    ['1 + x [0]', 6],
    ['x\t.y', 2],
    ['x\r\n .y', 4],
    // after a string, true, this or an array (before session 10 these pointed at 0), and other bases
    ["'a'.b", 3],
    ['"a" .b', 4],
    ['true.x', 4],
    ['this.x', 4],
    ['[1].x', 3],
    ['(x).y', 3],
    ['x?.y', 1],
    ['x[y]', 1],
    ['pair(1, 2)[0]', 10],
  ];
  it.each(cases)('%j at %i', (source, position) => {
    const e = error(source);
    expect(e.reason).toBe(reason);
    expect(e.position).toBe(position);
  });
});

describe('error excerpt', () => {
  it('shows the line with a caret under the position', () => {
    expect(error('x + )').message).toBe(
      "syntax error: expected a value after '+' but found ')'\n  at position 4:\n    x + )\n        ^",
    );
  });
  it('shows only the line of a multi-line rule that holds the position', () => {
    const e = error('x >= 1 and\n  y = 2\n  or z');
    expect(e.position).toBe(15);
    expect(e.message.split('\n').slice(1)).toEqual(['  at position 15:', '      y = 2', '        ^']);
  });
  it('the caret on the first character of a later line', () => {
    const e = error('x and\ny y');
    expect(e.position).toBe(8);
    expect(e.message.split('\n').slice(1)).toEqual(['  at position 8:', '    y y', '      ^']);
  });
  it('cuts long lines to 40 characters either side with "..."', () => {
    const src = `${'x + '.repeat(20)}@ ${'+ y '.repeat(20)}`;
    const e = error(src);
    expect(e.position).toBe(80);
    const [, , text, caret] = e.message.split('\n');
    expect(text).toBe(`    ...${src.slice(40, 120)}...`);
    expect(caret).toBe(`    ${' '.repeat(43)}^`);
  });
  it('an error just before a line break stays on its own line', () => {
    const e = error('x @\ny');
    expect(e.message.split('\n').slice(1)).toEqual(['  at position 2:', '    x @', '      ^']);
  });
  it('tabs are shown as spaces so the caret lines up', () => {
    const e = error('x\t@');
    expect(e.message.split('\n').slice(2)).toEqual(['    x @', '      ^']);
  });
});

describe('compile messages: suggestions, name lists, example calls', () => {
  it('suggests the closest name of the same kind, ignoring case', () => {
    expect(error('OFFENSES').reason).toBe(
      "unknown feature 'OFFENSES' — did you mean 'offenses'? known features: offenses, serious, x, y, z",
    );
    expect(error('ofenses').reason).toMatch(/^unknown feature 'ofenses' — did you mean 'offenses'\?/);
    // a transposition counts as one edit
    expect(error('sreious').reason).toMatch(/— did you mean 'serious'\?/);
  });
  it('the first of equally close names wins', () => {
    const cat: ExprCatalog = {
      features: ['ab', 'ac'].map((name) => ({ name, description: name })),
      functions: [],
    };
    expect(error('ad', cat).reason).toBe("unknown feature 'ad' — did you mean 'ab'? known features: ab, ac");
  });
  it('how far off a name may be grows with its length, from 1 to at most 3 edits', () => {
    const cat: ExprCatalog = {
      features: ['abcdefghijkl', 'ab'].map((name) => ({ name, description: name })),
      functions: [],
    };
    // 12 letters: 3 edits allowed; 4 is too many.
    expect(error('abcdefghiXYZ', cat).reason).toMatch(/did you mean 'abcdefghijkl'/);
    expect(error('abcdefghWXYZ', cat).reason).toMatch(/^unknown feature 'abcdefghWXYZ'; known/);
    // 2 letters: still 1 edit allowed.
    expect(error('aX', cat).reason).toMatch(/did you mean 'ab'/);
    // 5 letters: 1 edit allowed, not 2.
    expect(error('abcXY', { features: [{ name: 'abcde', description: '' }], functions: [] }).reason).toMatch(
      /^unknown feature 'abcXY'; known/,
    );
  });
  it('falls back to a name of the other kind', () => {
    expect(error('withn(1)').reason).toBe(
      "unknown function 'withn' — did you mean 'within'? known functions: within, pair, triple, zero_args, min, max, abs",
    );
    expect(error('serius(1)').reason).toMatch(/^unknown function 'serius' — did you mean 'serious'\?/);
  });
  it('lists at most 25 names, then how many more', () => {
    const names = Array.from({ length: 27 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    const cat: ExprCatalog = { features: names.map((name) => ({ name, description: name })), functions: [] };
    expect(error('qqqqqq', cat).reason).toBe(
      `unknown feature 'qqqqqq'; known features: ${names.slice(0, 25).join(', ')}, ... (2 more)`,
    );
    const cat25: ExprCatalog = { features: cat.features.slice(0, 25), functions: [] };
    expect(error('qqqqqq', cat25).reason).toBe(
      `unknown feature 'qqqqqq'; known features: ${names.slice(0, 25).join(', ')}`,
    );
    expect(error('qqqqqq', { features: [], functions: [] }).reason).toBe(
      "unknown feature 'qqqqqq'; known features: (none)",
    );
  });
  it('example calls use the right number of arguments', () => {
    expect(error('triple(1)').reason).toBe(
      "wrong number of arguments: 'triple' takes 3 arguments, got 1; e.g. triple(12, 1, 2)",
    );
    expect(error('zero_args(1)').reason).toBe(
      "wrong number of arguments: 'zero_args' takes 0 arguments, got 1; e.g. zero_args()",
    );
    expect(error('within + 1').reason).toBe(
      "'within' is a function, not a feature: call it with 1 argument, e.g. within(12)",
    );
    const five: ExprCatalog = { features: [], functions: [{ name: 'f5', description: '', arity: 5 }] };
    expect(error('f5(1)', five).reason).toMatch(/e\.g\. f5\(12, 1, 2, 3, 12\)$/);
  });
  it('capitalised boolean constants get their own hint', () => {
    expect(error('TRUE').reason).toBe("unknown feature 'TRUE': the boolean constants are lowercase 'true' and 'false'");
    expect(error('x and False').position).toBe(6);
    expect(error('TRUEx').reason).toMatch(/^unknown feature 'TRUEx'; known/);
  });
});

describe('API guards', () => {
  it('a non-string source is a TypeError', () => {
    expect(() => compileExpression(3 as unknown as string, catalog)).toThrow(
      new TypeError('compileExpression: source must be a string'),
    );
  });
  it('catalog names the language reserves are rejected', () => {
    for (const word of ['and', 'or', 'not', 'true', 'false', 'this', 'min', 'max', 'abs']) {
      expect(() => compile('1', { features: [{ name: word, description: '' }], functions: [] })).toThrow(
        `expression catalog: feature name '${word}' is reserved by the rules language`,
      );
      expect(() => compile('1', { features: [], functions: [{ name: word, description: '', arity: 1 }] })).toThrow(
        `expression catalog: function name '${word}' is reserved by the rules language`,
      );
    }
  });
  it('a function may take no arguments; a negative or fractional arity is rejected', () => {
    expect(ev('zero_args() + 1')).toBe(8);
    for (const arity of [-1, 1.5]) {
      expect(() => compile('1', { features: [], functions: [{ name: 'f', description: '', arity }] })).toThrow(
        `expression catalog: function 'f' has invalid arity ${arity}`,
      );
    }
  });
  it('an env without a Float64Array of the catalog size is rejected', () => {
    const c = compile('x');
    const msg = "expression 'x': env.values must be a Float64Array with one value per catalog feature (5)";
    expect(() => c.evaluate(undefined as unknown as ExprEnv)).toThrow(new RangeError(msg));
    expect(() => c.test({ values: [0, 0, 0, 0, 0] as unknown as Float64Array, call: () => 0 })).toThrow(msg);
    expect(() => c.explain({ values: new Float64Array(4), call: () => 0 })).toThrow(msg);
    expect(c.evaluate({ values: new Float64Array(5), call: () => 0 })).toBe(0);
  });
});

describe('evaluation', () => {
  it('precedence and associativity as documented', () => {
    expect(ev('10 - 3 - 2')).toBe(5);
    expect(ev('100 / 10 / 5')).toBe(2);
    expect(ev('17 % 5 % 3')).toBe(2);
    expect(ev('2 + 3 * 4')).toBe(14);
    expect(ev('1 or 0 and 0')).toBe(1);
    expect(ev('1 < 2 == 1')).toBe(1);
    expect(ev('0 ? 1 : 0 ? 2 : 3')).toBe(3);
    expect(ev('1 ? 0 ? 5 : 6 : 7')).toBe(6);
    expect(ev('-2 * 3')).toBe(-6);
  });
  it('< and <= differ at equality (constant and variable operands)', () => {
    expect(ev('2 < 2')).toBe(0);
    expect(ev('2 <= 2')).toBe(1);
    expect(ev('x < y', env({ x: 2, y: 2 }))).toBe(0);
    expect(ev('x <= y', env({ x: 2, y: 2 }))).toBe(1);
    expect(ev('x > y', env({ x: 2, y: 2 }))).toBe(0);
    expect(ev('x >= y', env({ x: 2, y: 2 }))).toBe(1);
  });
  it('min and max with one, two and several arguments', () => {
    const e = env({ x: 5, y: -2, z: 9 });
    expect(ev('min(x)', e)).toBe(5);
    expect(ev('max(x, y)', e)).toBe(5);
    expect(ev('min(x, y)', e)).toBe(-2);
    expect(ev('max(x, y, z)', e)).toBe(9);
    expect(ev('min(z, x, y)', e)).toBe(-2);
    expect(ev('abs(y)', e)).toBe(2);
  });
  it('arguments need commas, also around parentheses and spaces', () => {
    expect(ev('pair( (1) ,  ( (2) ) )')).toBe(12);
    expect(ev('max(x,y , (z))', env({ x: 1, y: 5, z: 3 }))).toBe(5);
    expect(ev('pair(pair(1, 2), 3)')).toBe(123);
  });
  it('catalog functions get their arguments in order', () => {
    const e = env({ x: 1, y: 2, z: 3 });
    expect(ev('triple(x, y, z)', e)).toBe(123);
    expect(ev('pair(y, x)', e)).toBe(21);
    expect(ev('within(z)', e)).toBe(3);
    expect(e.calls).toEqual([
      [2, 1, 2, 3],
      [1, 2, 1],
      [0, 3],
    ]);
  });
  it('constant sub-expressions are folded without calling the environment', () => {
    const c = compile('1 ? 2 : 3');
    expect(c.evaluate({ values: new Float64Array(5), call: () => Number.NaN })).toBe(2);
    expect(ev('max(1, 4, 2) + min(3)')).toBe(7);
    expect(ev('x ? 1 : 2', env({ x: 1 }))).toBe(1);
  });
});

describe('compile-time checks', () => {
  it("'not' or '!' straight before any comparison or arithmetic operator is ambiguous", () => {
    for (const op of ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']) {
      for (const neg of ['not', '!']) {
        const e = error(`${neg} x ${op} 1`);
        expect(e.reason, `${neg} x ${op} 1`).toBe(
          `ambiguous '${neg}': it applies only to 'x', not to the whole '${op}' comparison or sum; ` +
            `write '${neg} (x ${op} ...)' to negate the whole comparison, or '(${neg} x) ${op} ...' if that is really meant`,
        );
        expect(e.position).toBe(0);
      }
    }
    expect(ev('not x and 1', env({ x: 0 }))).toBe(1);
    expect(ev('(not x) + 1', env({ x: 0 }))).toBe(2);
  });
  it('built-in functions named without parentheses show how to call them', () => {
    expect(error('min + 1').reason).toBe("'min' is a function, not a feature: call it as min(a, b, ...)");
    expect(error('x - abs').reason).toBe("'abs' is a function, not a feature: call it as abs(x)");
    expect(error('x - abs').position).toBe(4);
  });
  it('only the exact words true/false in another case get the boolean hint', () => {
    expect(error('xTRUE').reason).toMatch(/^unknown feature 'xTRUE'; known/);
  });
  it('catalog names must be plain identifiers', () => {
    for (const name of ['1abc', 'a-b', '', 'a b']) {
      expect(() => compile('1', { features: [{ name, description: '' }], functions: [] })).toThrow(
        `expression catalog: invalid feature name ${JSON.stringify(name)} (use letters, digits and '_', not starting with a digit)`,
      );
    }
  });
  it('a conditional is folded only when all three parts are constant', () => {
    expect(ev('1 ? x + 1 : 2', env({ x: 4 }))).toBe(5);
    expect(ev('0 ? 2 : x + 1', env({ x: 4 }))).toBe(5);
    expect(ev('x + 1 ? 2 : 3', env({ x: -1 }))).toBe(3);
    expect(ev('1 ? within(6) : 2')).toBe(6);
  });
});

describe('explain', () => {
  it('annotates names and calls in source order and trims the ends', () => {
    const c = compile('  within(12) >= 2 or   x <= 30  ');
    expect(c.explain(env({ x: 1.25 }))).toBe('within(12) (=12) >= 2 or x (=1.25) <= 30');
  });
  it('an expression without names is returned trimmed', () => {
    expect(compile('  1 +   2  ').explain(env())).toBe('1 + 2');
  });
  it('formats NaN, infinities and long fractions', () => {
    const c = compile('x + y + z');
    expect(c.explain(env({ x: Number.NaN, y: Number.POSITIVE_INFINITY, z: 1 / 3 }))).toBe(
      'x (=NaN) + y (=Infinity) + z (=0.333333)',
    );
    // integers are shown in full, not rounded to 6 significant digits
    expect(c.explain(env({ x: 1234567, y: -1e21, z: 1234567.89 }))).toBe('x (=1234567) + y (=-1e+21) + z (=1234570)');
  });
});

// Session 10: pins for the survivors of the rule language's run at c946b33 (docs/testing.md).
describe('session 10: where brackets and tokens are pointed at', () => {
  it("an unclosed '[' is pointed at, not the end of the rule", () => {
    const brackets = "syntax error: '[' and ']' are not supported: rules have no arrays or indexing";
    // [source, position of the '[' that is never closed]
    const cases: Array<[string, number]> = [
      ['a[b', 1],
      ['offenses[0', 8], // docs/rules-language.md's example
      ['1 + x [ y', 6],
      ['x[y z]', 1],
      ['x[y[1]', 1],
      ["x[']'", 5], // the ']' is inside a string: no '[' is found, the end of the rule is shown
    ];
    for (const [source, position] of cases) {
      const e = error(source);
      expect(e.reason, source).toBe(brackets);
      expect(e.position, source).toBe(position);
    }
    // the '[' of an array and a ']' inside a string: the array's '[' (offset 0) is the last one left open
    expect(error("[1, x[']'").position).toBe(0);
    expect(error('1 [2]').position).toBe(2);
    expect(error('1 [2]').reason).toBe(brackets);
    expect(error('x ]').position).toBe(2);
    expect(error('x ]').reason).toBe(brackets);
  });
  it('a string, this or an array is pointed at where it starts', () => {
    expect(error("x + 'ab'").reason).toBe(
      "text strings are not supported ('ab'): rules compute only with numbers, features and functions",
    );
    expect(error("x + 'ab'").position).toBe(4);
    expect(error('x + this').position).toBe(4);
    expect(error('1 + [1, 2]').position).toBe(4);
  });
  it('explain puts the value after the name, inside its parentheses', () => {
    expect(compile('(x) + ( y )').explain(env({ x: 1, y: 2 }))).toBe('(x (=1)) + ( y (=2) )');
  });
});

describe('session 10: syntax errors', () => {
  const syntax = (source: string): [string, number] => {
    const e = error(source);
    return [e.reason, e.position];
  };
  it('a word that only contains and/or/not is a name, not a miscased operator', () => {
    const expectedOp = (w: string) =>
      `syntax error: expected an operator (such as 'and', 'or', '>=', '+') before '${w}'`;
    expect(syntax('Andy x')).toEqual([expectedOp('x'), 5]);
    expect(syntax('Band x')).toEqual([expectedOp('x'), 5]);
    expect(syntax('x Andy')).toEqual([expectedOp('Andy'), 2]);
    expect(syntax('x Band')).toEqual([expectedOp('Band'), 2]);
    expect(syntax('x Or y')).toEqual(["syntax error: operators are lowercase: write 'or' instead of 'Or'", 2]);
  });
  it('a quote where an operator is expected is a text string', () => {
    const strings =
      'syntax error: text strings are not supported: rules compute only with numbers, features and functions';
    expect(syntax("x 'a'")).toEqual([strings, 2]);
    expect(syntax('x "a"')).toEqual([strings, 2]);
  });
  it("'=' advice only for '=' itself", () => {
    expect(syntax('x y> 1')).toEqual([
      "syntax error: expected an operator (such as 'and', 'or', '>=', '+') before 'y'",
      2,
    ]);
    expect(syntax('x == == 1')).toEqual(["syntax error: expected a value after '==' but found '='", 5]);
  });
  it("a ',' inside parentheses that are not a call is a syntax error", () => {
    expect(syntax('(,x)')).toEqual(["syntax error: ',' is only allowed between the arguments of a function call", 1]);
  });
});

describe('session 10: prescan', () => {
  const deep = `expression is nested too deeply (more than ${MAX_NESTING} levels of parentheses, prefix operators or '?:'); simplify it or split it into flags`;
  it('every typographic look-alike gets its own advice', () => {
    const advice: Array<[string, string]> = [
      ['\u2013', "'-'"],
      ['\u2014', "'-'"],
      ['\u2212', "'-'"],
      ['\u2264', "'<='"],
      ['\u2265', "'>='"],
      ['\u2260', "'!='"],
      ['\u00d7', "'*'"],
      ['\u00f7', "'/'"],
      ['\u00a0', 'an ordinary space'],
      ['\u2018', 'nothing (text strings are not supported)'],
      ['\u2019', 'nothing (text strings are not supported)'],
      ['\u201c', 'nothing (text strings are not supported)'],
      ['\u201d', 'nothing (text strings are not supported)'],
    ];
    for (const [ch, instead] of advice) {
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      const e = error(`x ${ch} 1`);
      expect(e.reason).toBe(`unsupported character '${ch}' (${code}): type ${instead} instead`);
      expect(e.position).toBe(2);
    }
  });
  it('control characters below the space are rejected too', () => {
    const e = error('x\u0001');
    expect(e.reason).toBe(
      'unsupported character "\\u0001" (U+0001): rules may only contain plain ASCII letters, digits, operators and spaces',
    );
    expect(e.position).toBe(1);
  });
  it("an unmatched ')' does not reset the nesting count", () => {
    // ')' with nothing open pops nothing; the 201 '(' after it nest 201 deep (the 201st at offset 201).
    const e = error(`)${'('.repeat(MAX_NESTING + 1)}`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(MAX_NESTING + 1);
  });
  it('after a closed group the count is back to the level outside it', () => {
    // '(x) + ' is 6 characters; then 201 prefix minus signs, the 201st at offset 6 + 200.
    const e = error(`(x) + ${'-'.repeat(MAX_NESTING + 1)}x`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(6 + MAX_NESTING);
  });
  it("'(' after open '?'s nests one level plus one per '?'", () => {
    // 'x ? x ? (' leaves base 1 + 2 = 3; 198 minus signs then reach 201 at the 198th (offset 9 + 197).
    const e = error(`x ? x ? (${'-'.repeat(MAX_NESTING - 2)}x) : 1 : 1`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(9 + MAX_NESTING - 3);
    expect(ev(`x ? x ? (${'-'.repeat(MAX_NESTING - 4)}x) : 1 : 1`, env({ x: 3 }))).toBe(3);
  });
  it("only '-', '+' and '!' are prefix operators, and '!=' is not one", () => {
    // after 'x', 202 '*': the first follows an operand, the others follow an operator, yet none nests,
    // so jsep reports the second '*' (offset 2), not a nesting error.
    expect(error(`x${'*'.repeat(MAX_NESTING + 2)}1`).reason).toBe(
      "syntax error: expected a value after '*' but found '*'",
    );
    // '!=' at the deepest allowed parenthesis level adds nothing to the count
    const parens = `${'('.repeat(MAX_NESTING)}x != 1${')'.repeat(MAX_NESTING)}`;
    expect(ev(parens, env({ x: 0 }))).toBe(1);
  });
  it("an exponent's sign belongs to the number; a '+' after a plain digit does not", () => {
    // '1+' then 201 prefix minus signs: the '+' is binary, all 201 count (the 201st at offset 2 + 200).
    const e = error(`1+${'-'.repeat(MAX_NESTING + 1)}x`);
    expect(e.reason).toBe(deep);
    expect(e.position).toBe(2 + MAX_NESTING);
    // '1e-' is one (malformed) number: the next '-' is binary, the other 200 nest 200 deep, within the limit,
    // so the number is what gets reported.
    for (const e of ['e', 'E']) {
      const bad = error(`1${e}-${'-'.repeat(MAX_NESTING + 1)}x`);
      expect(bad.reason).toBe('syntax error: malformed number: an exponent needs digits, e.g. 1e3');
    }
  });
});

describe('session 10: messages and catalog', () => {
  it('a swapped pair of letters counts as one edit', () => {
    // 'piar' is 4 letters, so at most 1 edit is suggested; 'pair' is 1 transposition (2 substitutions) away.
    expect(error('piar(1, 2)').reason).toMatch(/^unknown function 'piar' — did you mean 'pair'\?/);
  });
  it('a catalog name that is not a string is rejected, even when it prints as a name', () => {
    for (const name of [undefined, null]) {
      expect(() =>
        compile('1', { features: [{ name: name as unknown as string, description: '' }], functions: [] }),
      ).toThrow(`expression catalog: invalid feature name ${String(name)} (use letters`);
    }
  });
  it('an error at the start of a rule that starts with a line break shows that (empty) line', () => {
    const e = error('\n');
    expect(e.message).toBe('empty expression: write a condition such as offenses >= 1\n  at position 0:\n    \n    ^');
  });
});
