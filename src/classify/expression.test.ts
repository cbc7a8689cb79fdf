import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  ExpressionError,
  MAX_NESTING,
  MAX_SOURCE_LENGTH,
  type ExprCatalog,
  type ExprEnv,
} from './expression.js';

const FEATURES = [
  'offenses',
  'serious',
  'incidents',
  'notified_B',
  'offenses_after_B',
  'notified_C',
  'offenses_after_C',
  'days_since_last_incident',
  'x',
  'y',
  'z',
] as const;
type Feature = (typeof FEATURES)[number];

const catalog: ExprCatalog = {
  features: FEATURES.map((name) => ({ name, description: `test feature ${name}` })),
  functions: [
    { name: 'offenses_within_months', description: 'offenses in the last N months', arity: 1 },
    { name: 'pair', description: 'a*10 + b', arity: 2 },
    { name: 'zero_args', description: 'always 7', arity: 0 },
  ],
};

interface TestEnv extends ExprEnv {
  calls: Array<{ fn: number; args: number[] }>;
}

/** Build an env from named feature values; offenses_within_months(n) comes from `within` (default: 0). */
function env(values: Partial<Record<Feature, number>> = {}, within: Record<number, number> = {}): TestEnv {
  const v = new Float64Array(FEATURES.length);
  for (const [name, value] of Object.entries(values)) v[FEATURES.indexOf(name as Feature)] = value as number;
  const calls: TestEnv['calls'] = [];
  return {
    values: v,
    calls,
    call(fn, args) {
      calls.push({ fn, args: [...args] });
      if (fn === 0) return within[args[0]] ?? 0;
      if (fn === 1) return args[0] * 10 + args[1];
      if (fn === 2) return 7;
      throw new Error(`unexpected function ${fn}`);
    },
  };
}

const compile = (source: string) => compileExpression(source, catalog);
const ev = (source: string, e: ExprEnv = env()) => compile(source).evaluate(e);

/** Compile, expecting an ExpressionError; returns it. */
function compileError(source: string): ExpressionError {
  try {
    compile(source);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    const e = err as ExpressionError;
    expect(e.source).toBe(source);
    expect(Number.isInteger(e.position)).toBe(true);
    expect(e.position).toBeGreaterThanOrEqual(0);
    expect(e.position).toBeLessThanOrEqual(source.length);
    return e;
  }
  throw new Error(`expected ${JSON.stringify(source.slice(0, 80))} to fail to compile`);
}

describe('evaluation: literals, features and operators', () => {
  it('evaluates literals and booleans as numbers', () => {
    expect(ev('42')).toBe(42);
    expect(ev('1.5')).toBe(1.5);
    expect(ev('.5')).toBe(0.5);
    expect(ev('1e3')).toBe(1000);
    expect(ev('true')).toBe(1);
    expect(ev('false')).toBe(0);
  });

  it('reads features by catalog index', () => {
    const e = env({ offenses: 3, serious: 1, days_since_last_incident: 45 });
    expect(ev('offenses', e)).toBe(3);
    expect(ev('serious', e)).toBe(1);
    expect(ev('days_since_last_incident', e)).toBe(45);
    expect(ev('incidents', e)).toBe(0);
  });

  it('arithmetic operators', () => {
    const e = env({ x: 7, y: 2 });
    expect(ev('x + y', e)).toBe(9);
    expect(ev('x - y', e)).toBe(5);
    expect(ev('x * y', e)).toBe(14);
    expect(ev('x / y', e)).toBe(3.5);
    expect(ev('x % y', e)).toBe(1);
    expect(ev('-x', e)).toBe(-7);
    expect(ev('- -x', e)).toBe(7);
  });

  it('comparisons yield 1/0', () => {
    const e = env({ x: 3, y: 5 });
    expect(ev('x < y', e)).toBe(1);
    expect(ev('y < x', e)).toBe(0);
    expect(ev('x <= 3', e)).toBe(1);
    expect(ev('x > y', e)).toBe(0);
    expect(ev('y >= 5', e)).toBe(1);
    expect(ev('x == 3', e)).toBe(1);
    expect(ev('x != 3', e)).toBe(0);
    expect(ev('x != y', e)).toBe(1);
  });

  it('logical operators yield 1/0 in both spellings', () => {
    const e = env({ x: 5, y: 0 });
    for (const [and, or, not] of [
      ['and', 'or', 'not '],
      ['&&', '||', '!'],
    ]) {
      expect(ev(`x ${and} y`, e)).toBe(0);
      expect(ev(`x ${and} 2`, e)).toBe(1);
      expect(ev(`x ${or} y`, e)).toBe(1);
      expect(ev(`y ${or} y`, e)).toBe(0);
      expect(ev(`y ${or} 7`, e)).toBe(1); // 1, not 7
      expect(ev(`${not}x`, e)).toBe(0);
      expect(ev(`${not}y`, e)).toBe(1);
    }
    expect(ev('not not x', e)).toBe(1);
    expect(ev('!!x', e)).toBe(1);
    expect(ev('not(y)', e)).toBe(1);
  });

  it('and/or short-circuit: the right side is not evaluated', () => {
    const e = env();
    expect(ev('false and offenses_within_months(12) >= 1', e)).toBe(0);
    expect(ev('true or offenses_within_months(12) >= 1', e)).toBe(1);
    expect(e.calls).toHaveLength(0);
    expect(ev('true and offenses_within_months(12) >= 0', e)).toBe(1);
    expect(e.calls).toEqual([{ fn: 0, args: [12] }]);
  });

  it('ternary, including nesting to the right', () => {
    const c = compile('x > 2 ? 10 : x > 1 ? 5 : 0');
    expect(c.evaluate(env({ x: 3 }))).toBe(10);
    expect(c.evaluate(env({ x: 2 }))).toBe(5);
    expect(c.evaluate(env({ x: 1 }))).toBe(0);
    expect(ev('x ? y : z', env({ x: 0, y: 1, z: 2 }))).toBe(2);
    expect(ev('x or y ? 1 : 2', env({ x: 0, y: 1 }))).toBe(1); // ?: binds loosest
  });

  it('builtins min, max, abs', () => {
    const e = env({ x: 3, y: -4, z: 10 });
    expect(ev('min(x, y)', e)).toBe(-4);
    expect(ev('max(x, y, z)', e)).toBe(10);
    expect(ev('min(x, y, z, 0)', e)).toBe(-4);
    expect(ev('max(x)', e)).toBe(3);
    expect(ev('abs(y)', e)).toBe(4);
    expect(ev('abs(min(y, -10)) + max(1, 2)', e)).toBe(12);
  });

  it('catalog functions receive evaluated arguments', () => {
    const e = env({ x: 2 }, { 24: 3 });
    expect(ev('offenses_within_months(24)', e)).toBe(3);
    expect(ev('offenses_within_months(12 * x)', e)).toBe(3);
    expect(ev('pair(x, 5)', e)).toBe(25);
    expect(ev('zero_args()', e)).toBe(7);
    expect(e.calls.map((c) => c.args)).toEqual([[24], [24], [2, 5], []]);
  });
});

describe('precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 3 - 2', 5],
    ['100 / 10 / 5', 2],
    ['2 * 7 % 4', 2],
    ['-2 * 3', -6],
    ['1 + 2 >= 3', 1],
    ['1 < 2 == 1', 1],
    ['2 > 1 == 3 > 2', 1],
    ['0 and 0 or 1', 1],
    ['1 or 0 and 0', 1], // and binds tighter than or
    ['(1 or 0) and 0', 0],
    ['not 0 and 0', 0], // (not 0) and 0
    ['not (0 and 0)', 1],
    ['1 + 1 == 2 and 3 > 2', 1],
    ['0 ? 1 : 2 + 3', 5],
    ['1 || 0 && 0', 1],
  ])('%s = %d', (source, expected) => {
    expect(ev(source)).toBe(expected);
  });
});

describe('NaN rule', () => {
  it('division by zero is NaN, so test() is false', () => {
    const e = env({ x: 5, y: 0 });
    expect(ev('x / y', e)).toBeNaN();
    expect(ev('0 / 0', e)).toBeNaN();
    expect(ev('x % y', e)).toBeNaN();
    expect(compile('x / y').test(e)).toBe(false);
  });

  it('NaN propagates through arithmetic and makes every comparison false, including !=', () => {
    const e = env({ x: NaN });
    expect(ev('x + 1', e)).toBeNaN();
    expect(ev('max(x, 1)', e)).toBeNaN();
    for (const op of ['<', '<=', '>', '>=', '==', '!=']) expect(ev(`x ${op} 1`, e)).toBe(0);
    expect(ev('x == x', e)).toBe(0);
  });

  it('NaN is falsy: not NaN is 1, NaN and/or follow truthiness', () => {
    const e = env({ x: NaN });
    expect(ev('not x', e)).toBe(1);
    expect(ev('x and 1', e)).toBe(0);
    expect(ev('x or 0', e)).toBe(0);
    expect(ev('x ? 1 : 2', e)).toBe(2);
    expect(compile('x').test(e)).toBe(false);
  });

  it('test() is true for any non-zero number', () => {
    expect(compile('x').test(env({ x: -0.5 }))).toBe(true);
    expect(compile('x').test(env({ x: 0 }))).toBe(false);
  });
});

describe('default IPVI rules', () => {
  const A = compile('(notified_B and offenses_after_B >= 1) or (serious >= 1 and offenses >= 2)');
  const recent = compile('offenses_within_months(24) >= 2 or days_since_last_incident <= 30');
  const score = compile('3*serious + 2*offenses_within_months(12) + incidents >= 8');

  it('tier A: notified at B and offended again, or serious with repeat offending', () => {
    expect(A.test(env({ notified_B: 1, offenses_after_B: 1 }))).toBe(true);
    expect(A.test(env({ notified_B: 1, offenses_after_B: 0, offenses: 5 }))).toBe(false);
    expect(A.test(env({ notified_B: 0, offenses_after_B: 2 }))).toBe(false);
    expect(A.test(env({ serious: 1, offenses: 2 }))).toBe(true);
    expect(A.test(env({ serious: 1, offenses: 1 }))).toBe(false);
    expect(A.test(env({ serious: 0, offenses: 9 }))).toBe(false);
    expect(A.features).toEqual(['notified_B', 'offenses_after_B', 'serious', 'offenses']);
    expect(A.functions).toEqual([]);
  });

  it('recent offending', () => {
    expect(recent.test(env({ days_since_last_incident: 400 }, { 24: 2 }))).toBe(true);
    expect(recent.test(env({ days_since_last_incident: 400 }, { 24: 1 }))).toBe(false);
    expect(recent.test(env({ days_since_last_incident: 30 }, { 24: 0 }))).toBe(true);
    expect(recent.test(env({ days_since_last_incident: NaN }, { 24: 0 }))).toBe(false);
    expect(recent.features).toEqual(['days_since_last_incident']);
    expect(recent.functions).toEqual(['offenses_within_months']);
  });

  it('weighted score', () => {
    const e = env({ serious: 1, incidents: 1 }, { 12: 2 });
    expect(score.evaluate(e)).toBe(1); // 3 + 4 + 1 = 8 >= 8
    expect(compile('3*serious + 2*offenses_within_months(12) + incidents').evaluate(e)).toBe(8);
    expect(score.test(env({ serious: 1, incidents: 0 }, { 12: 2 }))).toBe(false);
    expect(score.features).toEqual(['serious', 'incidents']);
    expect(score.functions).toEqual(['offenses_within_months']);
  });

  it('features/functions list each name once, in order of first appearance', () => {
    const c = compile('offenses + offenses_within_months(1) + offenses + offenses_within_months(2) + min(x, x)');
    expect(c.features).toEqual(['offenses', 'x']);
    expect(c.functions).toEqual(['offenses_within_months']);
    expect(c.source).toBe('offenses + offenses_within_months(1) + offenses + offenses_within_months(2) + min(x, x)');
  });
});

describe('explain()', () => {
  it('prints the expression back with feature values', () => {
    expect(compile('offenses >= 2').explain(env({ offenses: 3 }))).toBe('offenses (=3) >= 2');
  });

  it('annotates every occurrence and catalog call, keeping the author’s text', () => {
    const e = env({ notified_B: 1, offenses_after_B: 0, serious: 1, offenses: 3 });
    expect(compile('(notified_B and offenses_after_B >= 1) or (serious >= 1 and offenses >= 2)').explain(e)).toBe(
      '(notified_B (=1) and offenses_after_B (=0) >= 1) or (serious (=1) >= 1 and offenses (=3) >= 2)',
    );
    expect(
      compile('offenses_within_months(24) >= 2 or days_since_last_incident <= 30').explain(
        env({ days_since_last_incident: 12 }, { 24: 1 }),
      ),
    ).toBe('offenses_within_months(24) (=1) >= 2 or days_since_last_incident (=12) <= 30');
  });

  it('formats fractions and NaN, and collapses whitespace/newlines', () => {
    const e = env({ x: 1 / 3, y: NaN });
    expect(compile('x >= 0.3 and\n   y   > 1').explain(e)).toBe('x (=0.333333) >= 0.3 and y (=NaN) > 1');
    expect(compile('max(x, y)').explain(env({ x: 2, y: 5 }))).toBe('max(x (=2), y (=5))');
  });
});

describe('errors carry a position and say how to fix it', () => {
  it('syntax error', () => {
    const e = compileError('offenses >= ');
    expect(e.position).toBe(12);
    expect(e.reason).toMatch(/syntax error: unexpected end of expression: a value is missing after '>='/);
    expect(e.message).toContain('at position 12');

    expect(compileError('offenses >= 2 serious').position).toBe(14);
    expect(compileError('offenses >= 2 serious').reason).toMatch(/expected an operator/);
    expect(compileError('(offenses >= 2').position).toBe(0);
    expect(compileError('(offenses >= 2').reason).toMatch(/never closed/);
    expect(compileError('offenses >= 2)').position).toBe(13);
    expect(compileError('offenses = 2').reason).toMatch(/use '=='/);
    expect(compileError('offenses === 2').position).toBe(11);
    expect(compileError('offenses AND serious').reason).toMatch(/write 'and' instead of 'AND'/);
    expect(compileError('offenses & serious').reason).toMatch(/use 'and'/);
    expect(compileError('2offenses').reason).toMatch(/explicit '\*'/);
    expect(compileError('x ? 1').reason).toMatch(/needs a ':'/);
    expect(compileError('offenses;').position).toBe(8);
    expect(compileError('(x, y)').position).toBe(2);
    expect(compileError('()').reason).toMatch(/empty parentheses/);
    expect(compileError('   ').reason).toMatch(/empty expression/);
    expect(compileError('min(x,)').reason).toMatch(/argument is missing/);
  });

  it('typographic characters get a hint', () => {
    const e = compileError('offenses \u2265 2');
    expect(e.position).toBe(9);
    expect(e.reason).toMatch(/type '>=' instead/);
    expect(compileError('offenses \u2013 1').reason).toMatch(/type '-' instead/);
  });

  it('unknown feature, with a suggestion and the known features', () => {
    const e = compileError('serious >= 1 and ofenses >= 2');
    expect(e.position).toBe(17);
    expect(e.reason).toMatch(
      /^unknown feature 'ofenses' — did you mean 'offenses'\? known features: offenses, serious,/,
    );
    expect(compileError('Offenses').reason).toMatch(/did you mean 'offenses'/);
    expect(compileError('offenses_after_b').reason).toMatch(/did you mean 'offenses_after_B'/);
    expect(compileError('zzzzzz').reason).toMatch(/^unknown feature 'zzzzzz'; known features:/);
    expect(compileError('True').reason).toMatch(/lowercase 'true'/);
  });

  it('unknown function', () => {
    const e = compileError('x + offences_within_months(12) >= 1');
    expect(e.position).toBe(4);
    expect(e.reason).toMatch(
      /^unknown function 'offences_within_months' — did you mean 'offenses_within_months'\? known functions: .*min, max, abs/,
    );
  });

  it('wrong arity', () => {
    const e = compileError('x or offenses_within_months(12, 24) >= 1');
    expect(e.position).toBe(5);
    expect(e.reason).toMatch(/'offenses_within_months' takes 1 argument, got 2/);
    expect(compileError('pair(1)').reason).toMatch(/takes 2 arguments, got 1/);
    expect(compileError('abs(1, 2)').reason).toMatch(/'abs' takes 1 argument, got 2/);
    expect(compileError('min()').reason).toMatch(/'min' takes at least 1 argument, got 0/);
  });

  it('features and functions used as the other kind', () => {
    expect(compileError('x + offenses(12)').reason).toMatch(/'offenses' is a feature, not a function/);
    expect(compileError('x + offenses(12)').position).toBe(4);
    expect(compileError('offenses_within_months >= 2').reason).toMatch(
      /is a function, not a feature: call it with 1 argument/,
    );
    expect(compileError('max > 2').reason).toMatch(/call it as max\(a, b, \.\.\.\)/);
  });

  it('member expressions point at the . or [', () => {
    const e = compileError('offenses.length > 2');
    expect(e.position).toBe(8);
    expect(e.reason).toMatch(/property access/);
    expect(compileError('x + offenses[0]').position).toBe(12);
    expect(compileError('x + offenses_within_months(12).foo').position).toBe(30);
  });

  it("an unparenthesized 'not' before a comparison is rejected as ambiguous", () => {
    const e = compileError('x and not offenses >= 2');
    expect(e.position).toBe(6);
    expect(e.reason).toMatch(/write 'not \(offenses >= \.\.\.\)'/);
    expect(compileError('!offenses == 1').position).toBe(0);
    expect(ev('not (offenses >= 2)', env({ offenses: 1 }))).toBe(1);
    expect(ev('(not offenses) >= 1', env({ offenses: 0 }))).toBe(1);
    expect(ev('not offenses and x', env({ offenses: 0, x: 1 }))).toBe(1);
  });

  it('the message shows an excerpt with a caret under the position', () => {
    const e = compileError('serious >= 1 and ofenses >= 2');
    expect(e.message).toBe(`${e.reason}\n  at position 17:\n    serious >= 1 and ofenses >= 2\n                     ^`);
    expect(e.name).toBe('ExpressionError');
    // multi-line rules: the excerpt shows the offending line only
    const m = compileError('offenses >= 1 and\n  ofenses >= 2');
    expect(m.position).toBe(20);
    expect(m.message).toContain('\n      ofenses >= 2\n      ^');
    expect(compileError('\n )').position).toBe(2);
    expect(e).toBeInstanceOf(Error);
  });
});

describe('security: nothing outside the catalog is reachable', () => {
  const attacks: Array<[string, string]> = [
    ['constructor', 'unknown feature'],
    ['__proto__', 'unknown feature'],
    ['toString', 'unknown feature'],
    ['hasOwnProperty', 'unknown feature'],
    ['valueOf > 0', 'unknown feature'],
    ['process', 'unknown feature'],
    ['globalThis', 'unknown feature'],
    ['window', 'unknown feature'],
    ['null', 'unknown feature'],
    ['undefined', 'unknown feature'],
    ['this', "'this' is not supported"],
    ['a.constructor', 'property access'],
    ['offenses.constructor', 'property access'],
    ['(1).constructor', 'property access'],
    ['x["y"]', 'property access'],
    ['x[0]', 'property access'],
    ['x?.y', 'property access'],
    ["require('fs')", "unknown function 'require'"],
    ["eval('1')", "unknown function 'eval'"],
    ["import('fs')", "unknown function 'import'"],
    ['constructor(1)', "unknown function 'constructor'"],
    ['toString()', "unknown function 'toString'"],
    ['Function("return 1")()', 'only catalog functions'],
    ['min.call(1)', 'property access'],
    ['offenses_within_months.constructor', 'property access'],
    ['"abc"', 'text strings are not supported'],
    ["'abc' == 'abc'", 'text strings are not supported'],
    ['[1, 2]', 'arrays'],
    ['x = 1', "'='"],
    ['x += 1', "'='"],
    ['x => x', 'arrow functions'],
    ['typeof x', "'typeof' is not supported"],
    ['new Function', "'new' is not supported"],
    ['`x`', 'text strings are not supported'],
    ['x; y', "';' is not supported"],
    ['x, y', "','"],
    ['x ** 2', 'expected a value'],
    ['x ?? y', 'expected a value'],
    ['x | y', "'|' is not an operator"],
    ['~x', "unexpected '~'"],
    ['+x', "unexpected '+'"],
    ['$x', "unexpected '$'"],
  ];

  it.each(attacks)('%s is a clean ExpressionError', (source, reason) => {
    const e = compileError(source);
    expect(e.reason).toContain(reason);
  });

  it('catalog features are found only by Map lookup, not on Object.prototype', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.polluted_feature = 1;
    try {
      expect(compileError('polluted_feature').reason).toMatch(/unknown feature/);
    } finally {
      delete proto.polluted_feature;
    }
  });

  it('very long input is rejected before parsing', () => {
    const source = Array(5000).fill('offenses').join(' + ');
    const e = compileError(source);
    expect(e.position).toBe(MAX_SOURCE_LENGTH);
    expect(e.reason).toMatch(/too long/);
    expect(() => compile('1' + ' '.repeat(MAX_SOURCE_LENGTH - 1))).not.toThrow();
  });

  it.each([
    ['parentheses', '('.repeat(4999) + 'x' + ')'.repeat(4999)],
    ['brackets', '['.repeat(9000)],
    ['unary minus', '-'.repeat(9999) + 'x'],
    ['not', 'not '.repeat(2400) + 'x'],
    ['bang', '!'.repeat(9999) + 'x'],
    ['ternary chain', 'x?y:'.repeat(2400) + 'z'],
    ['nested ternary', 'x?'.repeat(3000) + 'y'],
    ['nested calls', 'abs('.repeat(1900) + 'x' + ')'.repeat(1900)],
    ['mixed', '-(not ('.repeat(1100) + 'x' + '))'.repeat(1100)],
  ])('deeply nested input (%s) is a clean error, not a stack overflow', (_name, source) => {
    const e = compileError(source);
    expect(e.reason).toMatch(/nested too deeply/);
  });

  it('long flat operator chains compile or fail cleanly', () => {
    expect(compile(Array(900).fill('x').join(' + ')).evaluate(env({ x: 1 }))).toBe(900);
    const e = compileError(Array(3000).fill('x').join('+'));
    expect(e.reason).toMatch(/too complex/);
  });

  it(`nesting up to ${MAX_NESTING} levels is accepted`, () => {
    const n = MAX_NESTING - 1;
    expect(ev('('.repeat(n) + 'x' + ')'.repeat(n), env({ x: 4 }))).toBe(4);
  });

  it("does not disturb other users of jsep's global configuration, and is not disturbed by them", () => {
    const before = jsep('a === b') as unknown as { operator: string };
    expect(before.operator).toBe('===');
    jsep.addBinaryOp('^^', 1);
    jsep.addUnaryOp('@');
    try {
      compile('x and not y');
      expect(compileError('x ^^ y').reason).toMatch(/syntax error/);
      expect(compileError('@x').reason).toMatch(/syntax error/);
      const after = jsep('a ^^ b === c') as unknown as { operator: string };
      expect(after.operator).toBe('^^');
      expect((jsep('a ? b : c') as unknown as { type: string }).type).toBe('ConditionalExpression');
      expect((jsep('x.y') as unknown as { type: string }).type).toBe('MemberExpression');
    } finally {
      jsep.removeBinaryOp('^^');
      jsep.removeUnaryOp('@');
    }
  });
});

describe('catalog and env validation', () => {
  it('rejects bad catalogs', () => {
    const bad =
      (features: string[], functions: Array<{ name: string; arity: number }> = []) =>
      () =>
        compileExpression('1', {
          features: features.map((name) => ({ name, description: '' })),
          functions: functions.map((f) => ({ ...f, description: '' })),
        });
    expect(bad(['a', 'a'])).toThrow(/duplicate name 'a'/);
    expect(bad(['a'], [{ name: 'a', arity: 1 }])).toThrow(/duplicate name 'a'/);
    expect(bad(['and'])).toThrow(/reserved/);
    expect(bad([], [{ name: 'max', arity: 2 }])).toThrow(/reserved/);
    expect(bad(['has space'])).toThrow(/invalid feature name/);
    expect(bad([], [{ name: 'f', arity: -1 }])).toThrow(/invalid arity/);
  });

  it('evaluate() requires one value per catalog feature', () => {
    const c = compile('x > 1');
    expect(() => c.evaluate({ values: new Float64Array(2), call: () => 0 })).toThrow(RangeError);
  });

  it('constant sub-expressions are folded and still evaluate correctly', () => {
    const c = compile('x > 2 * 3 + max(1, 4)');
    expect(c.evaluate(env({ x: 11 }))).toBe(1);
    expect(c.evaluate(env({ x: 10 }))).toBe(0);
    expect(compile('1 / 0 > 0').evaluate(env())).toBe(0);
  });
});
