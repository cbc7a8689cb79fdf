/**
 * Parsing: jsep, configured for the rules language (its operators, `?:`,
 * `true`/`false`) and extended to record where every token sits in the source,
 * so that errors and explanations can point at the right character.
 */
import jsep from 'jsep';
import { ExpressionError, fail } from './error.js';
import { syntaxError } from './syntax-error.js';
import type { Node, Parsed, Range } from './parsed.js';
import { startOf } from './tree.js';

export type { Node, Parsed, Range } from './parsed.js';

interface ParserInstance {
  index: number;
  readonly expr: string;
  readonly code: number;
  readonly char: string;
  gobbleSpaces(): void;
  gobbleToken(): Node | false | undefined;
  gobbleExpression(): Node | false | undefined;
  gobbleGroup(): Node | false;
  gobbleIdentifier(): Node;
  gobbleArguments(termination: number): Node[];
  gobbleTokenProperty(node: Node): Node;
  throwError(message: string): never;
  parse(): Node;
}

interface JsepStatics {
  hooks: unknown;
  unary_ops: Record<string, unknown>;
  binary_ops: Record<string, number>;
  right_associative: Set<string>;
  additional_identifier_chars: Set<string>;
  literals: Record<string, unknown>;
  this_str: string;
  max_unop_len: number;
  max_binop_len: number;
}

type JsepClass = (new (expr: string) => ParserInstance) & JsepStatics;

const JsepBase = (jsep as unknown as { Jsep: JsepClass }).Jsep;

const CPAREN = 41;
const COMMA = 44;
const QMARK = 63;
const COLON = 58;

/** Our operator table (higher binds tighter). */
const BINARY_OPS: Record<string, number> = {
  or: 1,
  '||': 1,
  and: 2,
  '&&': 2,
  '==': 6,
  '!=': 6,
  '<': 7,
  '<=': 7,
  '>': 7,
  '>=': 7,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};
const UNARY_OPS: Record<string, number> = { '-': 1, '!': 1, not: 1 };

/** Ternary `a ? b : c`, as a hook (jsep's own plugin is global; we install our own copy). */
function gobbleTernary(this: ParserInstance, env: { node?: Node | false }): void {
  if (!env.node || this.code !== QMARK) return;
  this.index++;
  const test = env.node;
  const consequent = this.gobbleExpression();
  if (!consequent) this.throwError("Expected expression after '?'");
  this.gobbleSpaces();
  if (currentCode(this) !== COLON) this.throwError("Expected ':'");
  this.index++;
  const alternate = this.gobbleExpression();
  if (!alternate) this.throwError("Expected expression after ':'");
  env.node = { type: 'ConditionalExpression', test, consequent, alternate };
}

/** Read the parser's current char code (a getter; avoids TypeScript's narrowing of `this.code`). */
function currentCode(p: ParserInstance): number {
  return p.code;
}

const OUR_HOOKS = {
  'after-expression': [gobbleTernary],
  run(name: string, env: { context?: unknown; node?: Node }): void {
    const list = (OUR_HOOKS as unknown as Record<string, Array<(this: unknown, e: unknown) => void>>)[name];
    if (!Array.isArray(list)) return;
    for (const cb of list) cb.call(env.context ?? env, env);
  },
};

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * jsep's parser, extended to record the source range of every token, to
 * reject the separators `,`/`;` outside function calls (jsep would silently
 * accept `a;` or `(a, b)`), and to give readable errors for parentheses.
 */
class RangedParser extends JsepBase {
  /** start/end of tokens (identifiers, literals, calls, unary, ...) and parenthesized expressions */
  readonly ranges = new Map<object, Range>();
  /** nodes written inside their own parentheses, with the range of those parentheses */
  readonly parens = new Map<object, Range>();
  /** end offset (after ')') of each call's argument list, keyed by the arguments array */
  readonly argsEnd = new Map<object, number>();
  /** where each token being read (possibly nested: `[`, `(`) starts */
  private readonly tokenStarts: number[] = [];

  override gobbleIdentifier(): Node {
    const start = this.index;
    const node = super.gobbleIdentifier();
    this.ranges.set(node, { start, end: this.index });
    return node;
  }

  override gobbleArguments(termination: number): Node[] {
    const args = super.gobbleArguments(termination);
    this.argsEnd.set(args, this.index);
    // jsep also accepts arguments separated by spaces alone (`pair(1 2)`); rules need the commas.
    if (termination === CPAREN && args.length > 1) {
      let at = startOf(args[1], this);
      while (at > 0 && (isSpace(this.expr[at - 1]) || this.expr[at - 1] === '(')) at--;
      if (this.expr[at - 1] !== ',') {
        while (isSpace(this.expr[at])) at++;
        this.index = at;
        this.throwError('Expected comma');
      }
    }
    return args;
  }

  override gobbleToken(): Node | false | undefined {
    this.gobbleSpaces();
    const start = this.index;
    this.tokenStarts.push(start);
    const node = super.gobbleToken();
    this.tokenStarts.pop();
    if (node && !this.ranges.has(node)) {
      let end = this.index;
      while (end > start && isSpace(this.expr[end - 1])) end--;
      this.ranges.set(node, { start, end });
    }
    return node;
  }

  /**
   * jsep calls this with the base of a `.`/`[`/`(` chain (a name, string,
   * `true`, `this`, array or group) right after reading it: record the base's
   * range, so that an error about the chain can point just past it.
   */
  override gobbleTokenProperty(node: Node): Node {
    if (!this.ranges.has(node))
      this.ranges.set(node, { start: this.tokenStarts[this.tokenStarts.length - 1], end: this.index });
    return super.gobbleTokenProperty(node);
  }

  override gobbleGroup(): Node | false {
    const open = this.index;
    this.index++;
    this.gobbleSpaces();
    if (this.code === CPAREN) fail("empty parentheses '()': put an expression inside, or remove them", open, this.expr);
    if (this.index >= this.expr.length) fail(`'(' at position ${open} is never closed: add ')'`, open, this.expr);
    const node = this.gobbleExpression();
    if (!node) this.throwError(`Unexpected "${this.char}"`);
    this.gobbleSpaces();
    if (this.index >= this.expr.length) fail(`'(' at position ${open} is never closed: add ')'`, open, this.expr);
    if (this.code === COMMA) {
      fail("',' is only allowed between the arguments of a function call", this.index, this.expr);
    }
    if (this.code !== CPAREN) this.throwError(`Unexpected "${this.char}"`);
    this.index++;
    // jsep hands the group to gobbleTokenProperty next, which records its range if it has none.
    this.parens.set(node, { start: open, end: this.index });
    return node;
  }

  override parse(): Node {
    this.gobbleSpaces();
    const node = this.gobbleExpression();
    if (!node) this.throwError(`Unexpected "${this.char}"`);
    this.gobbleSpaces();
    if (this.index < this.expr.length) this.throwError(`Unexpected "${this.char}"`);
    return node;
  }
}

/**
 * Parse with jsep configured for this language. jsep keeps its operator
 * tables, literals and hooks in global statics shared with any other user of
 * the module, so we swap ours in for the (synchronous) duration of the parse
 * and restore the previous configuration afterwards: neither side sees the
 * other's operators or plugins.
 */
export function parse(source: string): Parsed {
  const J = JsepBase;
  const saved = {
    hooks: J.hooks,
    unary_ops: J.unary_ops,
    binary_ops: J.binary_ops,
    right_associative: J.right_associative,
    additional_identifier_chars: J.additional_identifier_chars,
    literals: J.literals,
    this_str: J.this_str,
    max_unop_len: J.max_unop_len,
    max_binop_len: J.max_binop_len,
  };
  const parser = new RangedParser(source);
  try {
    J.hooks = OUR_HOOKS;
    J.unary_ops = { ...UNARY_OPS };
    J.binary_ops = { ...BINARY_OPS };
    J.right_associative = new Set();
    J.additional_identifier_chars = new Set(['_']);
    J.literals = { true: true, false: false };
    J.this_str = 'this';
    J.max_unop_len = 3;
    J.max_binop_len = 3;
    const root = parser.parse();
    return { root, ranges: parser.ranges, parens: parser.parens, argsEnd: parser.argsEnd };
  } catch (err) {
    if (err instanceof ExpressionError) throw err;
    if (err instanceof RangeError) {
      // Should be unreachable thanks to prescan(); kept as a last line of defence.
      fail(`expression is nested too deeply; simplify it or split it into flags`, 0, source);
    }
    const e = err as { index?: unknown; description?: unknown; message?: unknown };
    if (typeof e.index === 'number') {
      const description = typeof e.description === 'string' ? e.description : String(e.message);
      throw syntaxError(description, e.index, source);
    }
    throw err;
  } finally {
    Object.assign(J, saved);
  }
}
