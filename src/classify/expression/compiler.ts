/**
 * The compiler: a parsed tree becomes nested closures over catalog indices,
 * with constant subtrees folded. Identifiers resolve only through the catalog's
 * Maps, so nothing on the JavaScript prototype chain is reachable. Every
 * rejection names the offending text and what to write instead.
 */
import type jsep from 'jsep';
import { BUILTINS, type IndexedCatalog } from './catalog.js';
import type { Annotation, Ev, ExprEnv } from './compiled.js';
import { fail } from './error.js';
import { exampleArgs, listNames, plural, suggest } from './messages.js';
import { isSpace, type Node, type Parsed } from './parser.js';
import { endOf, startOf } from './tree.js';

export interface Compiled {
  ev: Ev;
  /** value, when the subtree is constant (no features or catalog calls) */
  konst?: number;
}

const NO_ENV: ExprEnv = {
  values: new Float64Array(0),
  call() {
    throw new Error('constant folding must not call catalog functions');
  },
};

const ARITH_OR_COMPARE = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']);

export class Compiler {
  readonly features: string[] = [];
  readonly functions: string[] = [];
  readonly annotations: Annotation[] = [];

  constructor(
    private readonly source: string,
    private readonly cat: IndexedCatalog,
    private readonly parsed: Parsed,
  ) {}

  private fail(reason: string, node: Node): never {
    fail(reason, startOf(node, this.parsed), this.source);
  }

  /** The source text of a token or parenthesised group (every node a token read returns has a range). */
  private text(node: Node): string {
    const r = (this.parsed.parens.get(node) ?? this.parsed.ranges.get(node))!;
    return this.source.slice(r.start, r.end);
  }

  compile(node: Node): Compiled {
    const out = this.compileNode(node);
    if (out.konst === undefined) return out;
    const k = out.konst;
    return { ev: () => k, konst: k };
  }

  private compileNode(node: Node): Compiled {
    switch (node.type) {
      case 'Literal':
        return this.literal(node as jsep.Literal);
      case 'Identifier':
        return this.identifier(node as jsep.Identifier);
      case 'UnaryExpression':
        return this.unary(node as jsep.UnaryExpression);
      case 'BinaryExpression':
        return this.binary(node as jsep.BinaryExpression);
      case 'ConditionalExpression':
        return this.conditional(node as jsep.ConditionalExpression);
      case 'CallExpression':
        return this.call(node as jsep.CallExpression);
      case 'MemberExpression':
        return this.member(node as jsep.MemberExpression);
      case 'ThisExpression':
        return this.fail("'this' is not supported: rules may only use catalog features and functions", node);
      case 'ArrayExpression':
        return this.fail("arrays ('[...]') are not supported", node);
      case 'Compound':
      case 'SequenceExpression':
        return this.fail("a rule is a single expression: combine conditions with 'and'/'or'", node);
      default:
        return this.fail(`unsupported syntax (${String(node.type)})`, node);
    }
  }

  private literal(node: jsep.Literal): Compiled {
    const v = node.value;
    if (typeof v === 'number') return { ev: () => v, konst: v };
    if (typeof v === 'boolean') {
      const k = v ? 1 : 0;
      return { ev: () => k, konst: k };
    }
    if (typeof v === 'string') {
      return this.fail(
        `text strings are not supported (${node.raw}): rules compute only with numbers, features and functions`,
        node,
      );
    }
    return this.fail(`unsupported literal ${String(node.raw)}`, node);
  }

  private identifier(node: jsep.Identifier): Compiled {
    const name = node.name;
    const i = this.cat.features.get(name);
    if (i !== undefined) {
      if (!this.features.includes(name)) this.features.push(name);
      const ev: Ev = (env) => env.values[i];
      const r = this.parsed.ranges.get(node);
      if (r) this.annotations.push({ end: r.end, ev });
      return { ev };
    }
    const fn = this.cat.functions.get(name);
    if (fn) {
      return this.fail(
        `'${name}' is a function, not a feature: call it with ${plural(fn.arity, 'argument')}, e.g. ${name}(${exampleArgs(fn.arity)})`,
        node,
      );
    }
    const builtin = BUILTINS.get(name);
    if (builtin) return this.fail(`'${name}' is a function, not a feature: call it as ${builtin.usage}`, node);
    if (/^(true|false)$/i.test(name)) {
      return this.fail(`unknown feature '${name}': the boolean constants are lowercase 'true' and 'false'`, node);
    }
    return this.fail(
      `unknown feature '${name}'${suggest(name, this.cat.featureNames, this.cat.functionNames)} known features: ${listNames(this.cat.featureNames)}`,
      node,
    );
  }

  private unary(node: jsep.UnaryExpression): Compiled {
    const A = this.compile(node.argument);
    const a = A.ev;
    let ev: Ev;
    switch (node.operator) {
      case '-':
        ev = (env) => -a(env);
        break;
      case '!':
      case 'not':
        ev = (env) => {
          const x = a(env);
          return x !== 0 && !Number.isNaN(x) ? 0 : 1;
        };
        break;
      default:
        return this.fail(`unsupported operator '${node.operator}'`, node);
    }
    return A.konst === undefined ? { ev } : { ev, konst: ev(NO_ENV) };
  }

  private binary(node: jsep.BinaryExpression): Compiled {
    const op = node.operator;
    const left = node.left;
    if (
      ARITH_OR_COMPARE.has(op) &&
      left.type === 'UnaryExpression' &&
      ((left as jsep.UnaryExpression).operator === 'not' || (left as jsep.UnaryExpression).operator === '!') &&
      !this.parsed.parens.has(left)
    ) {
      const u = left as jsep.UnaryExpression;
      const arg = this.text(u.argument);
      this.fail(
        `ambiguous '${u.operator}': it applies only to '${arg}', not to the whole '${op}' comparison or sum; ` +
          `write '${u.operator} (${arg} ${op} ...)' to negate the whole comparison, or '(${u.operator} ${arg}) ${op} ...' if that is really meant`,
        left,
      );
    }
    const L = this.compile(node.left);
    const R = this.compile(node.right);
    const a = L.ev;
    const b = R.ev;
    let ev: Ev;
    switch (op) {
      case '+':
        ev = (env) => a(env) + b(env);
        break;
      case '-':
        ev = (env) => a(env) - b(env);
        break;
      case '*':
        ev = (env) => a(env) * b(env);
        break;
      case '/':
        ev = (env) => {
          const x = a(env);
          const y = b(env);
          return y === 0 ? NaN : x / y;
        };
        break;
      case '%':
        ev = (env) => a(env) % b(env); // x % 0 is NaN in IEEE arithmetic
        break;
      case '<':
        ev = (env) => (a(env) < b(env) ? 1 : 0);
        break;
      case '<=':
        ev = (env) => (a(env) <= b(env) ? 1 : 0);
        break;
      case '>':
        ev = (env) => (a(env) > b(env) ? 1 : 0);
        break;
      case '>=':
        ev = (env) => (a(env) >= b(env) ? 1 : 0);
        break;
      case '==':
        ev = (env) => (a(env) === b(env) ? 1 : 0);
        break;
      case '!=':
        // Every comparison involving NaN is false, including '!='.
        ev = (env) => {
          const x = a(env);
          const y = b(env);
          return x !== y && !Number.isNaN(x) && !Number.isNaN(y) ? 1 : 0;
        };
        break;
      case 'and':
      case '&&':
        ev = (env) => {
          const x = a(env);
          if (x === 0 || Number.isNaN(x)) return 0;
          const y = b(env);
          return y !== 0 && !Number.isNaN(y) ? 1 : 0;
        };
        break;
      case 'or':
      case '||':
        ev = (env) => {
          const x = a(env);
          if (x !== 0 && !Number.isNaN(x)) return 1;
          const y = b(env);
          return y !== 0 && !Number.isNaN(y) ? 1 : 0;
        };
        break;
      default:
        return this.fail(`unsupported operator '${op}'`, node);
    }
    return L.konst !== undefined && R.konst !== undefined ? { ev, konst: ev(NO_ENV) } : { ev };
  }

  private conditional(node: jsep.ConditionalExpression): Compiled {
    const T = this.compile(node.test);
    const C = this.compile(node.consequent);
    const A = this.compile(node.alternate);
    const t = T.ev;
    const c = C.ev;
    const a = A.ev;
    const ev: Ev = (env) => {
      const x = t(env);
      return x !== 0 && !Number.isNaN(x) ? c(env) : a(env);
    };
    return T.konst !== undefined && C.konst !== undefined && A.konst !== undefined ? { ev, konst: ev(NO_ENV) } : { ev };
  }

  private call(node: jsep.CallExpression): Compiled {
    const callee = node.callee;
    if (callee.type === 'MemberExpression') return this.member(callee as jsep.MemberExpression);
    if (callee.type !== 'Identifier') {
      return this.fail(
        'only catalog functions (and min, max, abs) can be called, by name, e.g. offenses_within_months(12)',
        node,
      );
    }
    const name = (callee as jsep.Identifier).name;
    const nargs = node.arguments.length;

    const builtin = BUILTINS.get(name);
    if (builtin) {
      if (nargs < builtin.minArgs || nargs > builtin.maxArgs) {
        const expected =
          builtin.maxArgs === Infinity
            ? `at least ${plural(builtin.minArgs, 'argument')}`
            : plural(builtin.maxArgs, 'argument');
        return this.fail(
          `wrong number of arguments: '${name}' takes ${expected}, got ${nargs}; usage: ${builtin.usage}`,
          node,
        );
      }
      const args = node.arguments.map((arg) => this.compile(arg));
      const evs = args.map((x) => x.ev);
      const ev = builtinEv(name, evs);
      return args.every((x) => x.konst !== undefined) ? { ev, konst: ev(NO_ENV) } : { ev };
    }

    const fn = this.cat.functions.get(name);
    if (fn) {
      if (nargs !== fn.arity) {
        return this.fail(
          `wrong number of arguments: '${name}' takes ${plural(fn.arity, 'argument')}, got ${nargs}; e.g. ${name}(${exampleArgs(fn.arity)})`,
          node,
        );
      }
      if (!this.functions.includes(name)) this.functions.push(name);
      const evs = node.arguments.map((arg) => this.compile(arg).ev);
      const ev = catalogCallEv(fn.index, evs);
      const r = this.parsed.ranges.get(node);
      if (r) this.annotations.push({ end: r.end, ev });
      return { ev };
    }

    if (this.cat.features.has(name)) {
      return this.fail(`'${name}' is a feature, not a function: remove the parentheses and write just '${name}'`, node);
    }
    const known = [...this.cat.functionNames, ...BUILTINS.keys()];
    return this.fail(
      `unknown function '${name}'${suggest(name, known, this.cat.featureNames)} known functions: ${listNames(known)}`,
      node,
    );
  }

  private member(node: jsep.MemberExpression): never {
    // Point at the first '.', '[' or '?.' of the chain.
    let m: jsep.MemberExpression = node;
    for (;;) {
      const o = m.object as Node;
      if (o.type === 'MemberExpression') m = o as jsep.MemberExpression;
      else if (o.type === 'CallExpression' && (o as jsep.CallExpression).callee.type === 'MemberExpression') {
        m = (o as jsep.CallExpression).callee as jsep.MemberExpression;
      } else break;
    }
    let pos = endOf(m.object as Node, this.parsed) ?? startOf(node, this.parsed);
    while (pos < this.source.length && isSpace(this.source[pos])) pos++;
    fail(
      "property access ('.', '[...]') is not supported: rules may only use the catalog's features and functions by name",
      pos,
      this.source,
    );
  }
}

function builtinEv(name: string, evs: Ev[]): Ev {
  if (name === 'abs') {
    const a = evs[0];
    return (env) => Math.abs(a(env));
  }
  const pick = name === 'min' ? Math.min : Math.max;
  if (evs.length === 1) return evs[0];
  if (evs.length === 2) {
    const [a, b] = evs;
    return (env) => pick(a(env), b(env));
  }
  return (env) => {
    let acc = evs[0](env);
    for (let i = 1; i < evs.length; i++) acc = pick(acc, evs[i](env));
    return acc;
  };
}

function catalogCallEv(index: number, evs: Ev[]): Ev {
  switch (evs.length) {
    case 0:
      return (env) => env.call(index, []);
    case 1: {
      const a = evs[0];
      return (env) => env.call(index, [a(env)]);
    }
    case 2: {
      const [a, b] = evs;
      return (env) => env.call(index, [a(env), b(env)]);
    }
    default:
      return (env) => {
        const args = new Array<number>(evs.length);
        for (let i = 0; i < evs.length; i++) args[i] = evs[i](env);
        return env.call(index, args);
      };
  }
}
