/**
 * The IPVI rules language: a small, safe expression language in which agencies
 * write tier rules without writing code, e.g.
 *
 *   (notified_B and offenses_after_B >= 1) or (serious >= 1 and offenses >= 2)
 *   offenses_within_months(24) >= 2 or days_since_last_incident <= 30
 *   3*serious + 2*offenses_within_months(12) + incidents >= 8
 *
 * Parsing is done by jsep; evaluation never uses `eval`/`new Function`. The AST
 * is compiled once into nested closures over catalog indices. Identifiers are
 * resolved only through Maps built from the catalog given at compile time, so
 * nothing on the JavaScript prototype chain (`constructor`, `__proto__`, ...)
 * is reachable. See docs/rules-language.md.
 */
import jsep from 'jsep';
import { editDistance } from '../edit-distance.js';

// ---------------------------------------------------------------- public API

export interface FeatureSpec {
  name: string;
  description: string;
}

export interface FunctionSpec {
  name: string;
  description: string;
  /** number of numeric literal-or-expression args */
  arity: number;
}

export interface ExprCatalog {
  features: FeatureSpec[];
  functions: FunctionSpec[];
}

/** Values for one person: features by catalog index, and a callback for catalog functions. */
export interface ExprEnv {
  values: Float64Array;
  call(fnIndex: number, args: number[]): number;
}

export interface CompiledExpr {
  source: string;
  /** booleans are 1/0; comparisons/and/or/not yield 1/0 */
  evaluate(env: ExprEnv): number;
  /** evaluate() !== 0 && !NaN */
  test(env: ExprEnv): boolean;
  /** catalog feature names referenced, in order of first appearance (for "why" explanations) */
  features: string[];
  /** catalog function names referenced, in order of first appearance */
  functions: string[];
  /** the expression printed back with each referenced feature's value: e.g. "offenses (=3) >= 2"; for reasons */
  explain(env: ExprEnv): string;
}

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

/** Longest accepted source, in characters. */
export const MAX_SOURCE_LENGTH = 10_000;
/** Deepest accepted nesting of parentheses, prefix operators and `?:`. */
export const MAX_NESTING = 200;
/** Deepest accepted syntax tree (bounds long operator chains such as `a or b or c ...`). */
export const MAX_TREE_DEPTH = 1_000;

export function compileExpression(source: string, catalog: ExprCatalog): CompiledExpr {
  if (typeof source !== 'string') {
    throw new TypeError('compileExpression: source must be a string');
  }
  const cat = indexCatalog(catalog);
  prescan(source);
  const parsed = parse(source);
  checkTreeDepth(parsed.root, parsed, source);
  const compiler = new Compiler(source, cat, parsed);
  const root = compiler.compile(parsed.root);
  return makeCompiled(source, cat, compiler, root.ev);
}

// ------------------------------------------------------------------- catalog

interface IndexedCatalog {
  featureNames: string[];
  functionNames: string[];
  features: Map<string, number>;
  functions: Map<string, { index: number; arity: number }>;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the language itself uses; catalogs may not define them. */
const RESERVED = new Set(['and', 'or', 'not', 'true', 'false', 'this']);
const BUILTINS = new Map<string, { minArgs: number; maxArgs: number; usage: string }>([
  ['min', { minArgs: 1, maxArgs: Infinity, usage: 'min(a, b, ...)' }],
  ['max', { minArgs: 1, maxArgs: Infinity, usage: 'max(a, b, ...)' }],
  ['abs', { minArgs: 1, maxArgs: 1, usage: 'abs(x)' }],
]);

function indexCatalog(catalog: ExprCatalog): IndexedCatalog {
  const features = new Map<string, number>();
  const functions = new Map<string, { index: number; arity: number }>();
  const seen = new Set<string>();
  const check = (name: unknown, kind: string): string => {
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      throw new Error(`expression catalog: invalid ${kind} name ${JSON.stringify(name)} (use letters, digits and '_', not starting with a digit)`);
    }
    if (RESERVED.has(name) || BUILTINS.has(name)) {
      throw new Error(`expression catalog: ${kind} name '${name}' is reserved by the rules language`);
    }
    if (seen.has(name)) throw new Error(`expression catalog: duplicate name '${name}'`);
    seen.add(name);
    return name;
  };
  catalog.features.forEach((f, i) => features.set(check(f.name, 'feature'), i));
  catalog.functions.forEach((f, i) => {
    if (!Number.isInteger(f.arity) || f.arity < 0) {
      throw new Error(`expression catalog: function '${f.name}' has invalid arity ${f.arity}`);
    }
    functions.set(check(f.name, 'function'), { index: i, arity: f.arity });
  });
  return {
    featureNames: catalog.features.map((f) => f.name),
    functionNames: catalog.functions.map((f) => f.name),
    features,
    functions,
  };
}

// ------------------------------------------------------------------- prescan

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
function prescan(source: string): void {
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

// -------------------------------------------------------------------- parser

type Node = jsep.Expression;

interface Range {
  start: number;
  end: number;
}

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

function isSpace(c: string): boolean {
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

  override gobbleIdentifier(): Node {
    const start = this.index;
    const node = super.gobbleIdentifier();
    this.ranges.set(node, { start, end: this.index });
    return node;
  }

  override gobbleArguments(termination: number): Node[] {
    const args = super.gobbleArguments(termination);
    this.argsEnd.set(args, this.index);
    return args;
  }

  override gobbleToken(): Node | false | undefined {
    this.gobbleSpaces();
    const start = this.index;
    const node = super.gobbleToken();
    if (node && !this.ranges.has(node)) {
      let end = this.index;
      while (end > start && isSpace(this.expr[end - 1])) end--;
      this.ranges.set(node, { start, end });
    }
    return node;
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
    const range = { start: open, end: this.index };
    this.parens.set(node, range);
    if (!this.ranges.has(node)) this.ranges.set(node, range);
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

function fail(reason: string, position: number, source: string): never {
  throw new ExpressionError(reason, position, source);
}

interface Parsed {
  root: Node;
  ranges: Map<object, Range>;
  parens: Map<object, Range>;
  argsEnd: Map<object, number>;
}

/**
 * Parse with jsep configured for this language. jsep keeps its operator
 * tables, literals and hooks in global statics shared with any other user of
 * the module, so we swap ours in for the (synchronous) duration of the parse
 * and restore the previous configuration afterwards: neither side sees the
 * other's operators or plugins.
 */
function parse(source: string): Parsed {
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

const JS_KEYWORDS = new Set([
  'typeof', 'new', 'void', 'delete', 'function', 'return', 'var', 'let', 'const', 'class',
  'import', 'export', 'await', 'async', 'yield', 'in', 'instanceof', 'if', 'else', 'for',
  'while', 'do', 'switch', 'case', 'throw', 'try', 'catch', 'with', 'debugger', 'super',
]);

/** Turn a jsep error into an ExpressionError that says what to do. */
function syntaxError(description: string, index: number, source: string): ExpressionError {
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
  if (description.startsWith('Unclosed quote') || ch === '"' || ch === "'" || ch === '`') {
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
  } else if (description.startsWith('Unclosed [') || ch === '[' || ch === ']') {
    reason = "'[' and ']' are not supported: rules have no arrays or indexing";
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

/** Depth of the tree, computed without recursion; bounds the compiler's and evaluator's recursion. */
function checkTreeDepth(root: Node, parsed: Parsed, source: string): void {
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_TREE_DEPTH) {
      fail(
        `expression is too complex (more than ${MAX_TREE_DEPTH} levels of operators); split it into several rules or flags`,
        startOf(node, parsed),
        source,
      );
    }
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of ['left', 'right', 'argument', 'test', 'consequent', 'alternate', 'callee', 'object', 'property']) {
    const v = (node as Record<string, unknown>)[key];
    if (v && typeof v === 'object' && typeof (v as Node).type === 'string') out.push(v as Node);
  }
  for (const key of ['arguments', 'elements', 'body', 'expressions']) {
    const v = (node as Record<string, unknown>)[key];
    if (Array.isArray(v)) for (const c of v) if (c && typeof c === 'object') out.push(c as Node);
  }
  return out;
}

/** Start offset of a node: tokens have recorded ranges; operators start at their leftmost operand. */
function startOf(node: Node, parsed: Parsed): number {
  let n: Node | undefined = node;
  for (let guard = 0; n && guard < 100_000; guard++) {
    const r = parsed.ranges.get(n);
    if (r) return r.start;
    n = (n.left ?? n.test ?? n.callee ?? n.object ?? n.argument) as Node | undefined;
  }
  return 0;
}

// ------------------------------------------------------------------ compiler

type Ev = (env: ExprEnv) => number;

interface Compiled {
  ev: Ev;
  /** value, when the subtree is constant (no features or catalog calls) */
  konst?: number;
}

interface Annotation {
  /** offset just after the annotated feature name or catalog call */
  end: number;
  ev: Ev;
}

const NO_ENV: ExprEnv = {
  values: new Float64Array(0),
  call() {
    throw new Error('constant folding must not call catalog functions');
  },
};

const ARITH_OR_COMPARE = new Set(['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=']);

class Compiler {
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

  private text(node: Node): string {
    const r = this.parsed.parens.get(node) ?? this.parsed.ranges.get(node);
    if (r) return this.source.slice(r.start, r.end);
    const start = startOf(node, this.parsed);
    return this.source.slice(start, start + 20);
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
      return this.fail(`text strings are not supported (${node.raw}): rules compute only with numbers, features and functions`, node);
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
          return x !== 0 && x === x ? 0 : 1;
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
          return x !== y && x === x && y === y ? 1 : 0;
        };
        break;
      case 'and':
      case '&&':
        ev = (env) => {
          const x = a(env);
          if (x === 0 || x !== x) return 0;
          const y = b(env);
          return y !== 0 && y === y ? 1 : 0;
        };
        break;
      case 'or':
      case '||':
        ev = (env) => {
          const x = a(env);
          if (x !== 0 && x === x) return 1;
          const y = b(env);
          return y !== 0 && y === y ? 1 : 0;
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
      return x !== 0 && x === x ? c(env) : a(env);
    };
    return T.konst !== undefined && C.konst !== undefined && A.konst !== undefined ? { ev, konst: ev(NO_ENV) } : { ev };
  }

  private call(node: jsep.CallExpression): Compiled {
    const callee = node.callee;
    if (callee.type === 'MemberExpression') return this.member(callee as jsep.MemberExpression);
    if (callee.type !== 'Identifier') {
      return this.fail('only catalog functions (and min, max, abs) can be called, by name, e.g. offenses_within_months(12)', node);
    }
    const name = (callee as jsep.Identifier).name;
    const nargs = node.arguments.length;

    const builtin = BUILTINS.get(name);
    if (builtin) {
      if (nargs < builtin.minArgs || nargs > builtin.maxArgs) {
        const expected = builtin.maxArgs === Infinity ? `at least ${plural(builtin.minArgs, 'argument')}` : plural(builtin.maxArgs, 'argument');
        return this.fail(`wrong number of arguments: '${name}' takes ${expected}, got ${nargs}; usage: ${builtin.usage}`, node);
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
    let pos = endOf(m.object as Node, this.parsed, this.source) ?? startOf(node, this.parsed);
    while (pos < this.source.length && isSpace(this.source[pos])) pos++;
    fail(
      "property access ('.', '[...]') is not supported: rules may only use the catalog's features and functions by name",
      pos,
      this.source,
    );
  }
}

/** End offset of a node, when it can be known from the recorded ranges. */
function endOf(node: Node, parsed: Parsed, source: string): number | undefined {
  const r = parsed.parens.get(node) ?? parsed.ranges.get(node);
  if (r) return r.end;
  if (node.type === 'CallExpression') return parsed.argsEnd.get((node as jsep.CallExpression).arguments);
  if (node.type === 'MemberExpression') {
    const m = node as jsep.MemberExpression;
    const end = endOf(m.property as Node, parsed, source);
    if (end === undefined || !m.computed) return end;
    const close = source.indexOf(']', end);
    return close < 0 ? undefined : close + 1;
  }
  return undefined;
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

function makeCompiled(source: string, cat: IndexedCatalog, compiler: Compiler, root: Ev): CompiledExpr {
  const nFeatures = cat.featureNames.length;
  const checkEnv = (env: ExprEnv): void => {
    if (!env || !(env.values instanceof Float64Array) || env.values.length < nFeatures) {
      throw new RangeError(
        `expression '${source}': env.values must be a Float64Array with one value per catalog feature (${nFeatures})`,
      );
    }
  };
  const annotations = [...compiler.annotations].sort((x, y) => x.end - y.end);
  return {
    source,
    features: [...compiler.features],
    functions: [...compiler.functions],
    evaluate(env: ExprEnv): number {
      checkEnv(env);
      return root(env);
    },
    test(env: ExprEnv): boolean {
      checkEnv(env);
      const v = root(env);
      return v !== 0 && v === v;
    },
    explain(env: ExprEnv): string {
      checkEnv(env);
      let out = '';
      let at = 0;
      for (const { end, ev } of annotations) {
        out += source.slice(at, end) + ` (=${formatValue(ev(env))})`;
        at = end;
      }
      out += source.slice(at);
      return out.replace(/\s+/g, ' ').trim();
    },
  };
}

// ------------------------------------------------------------------- helpers

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function exampleArgs(n: number): string {
  return Array.from({ length: n }, (_, i) => String([12, 1, 2, 3][i % 4])).join(', ');
}

function listNames(names: string[], max = 25): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length - max} more)` : shown;
}

/** " — did you mean 'x'?" for the closest name by edit distance, or ';'. */
function suggest(name: string, sameKind: string[], otherKind: string[]): string {
  const best = closest(name, sameKind) ?? closest(name, otherKind);
  return best ? ` — did you mean '${best}'?` : ';';
}

function closest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), { transpositions: true });
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestD <= limit ? best : undefined;
}

/** The line of `source` around `position`, with a caret under it. */
function excerpt(source: string, position: number): string {
  const pos = Math.max(0, Math.min(position, source.length));
  const lineStart = pos === 0 ? 0 : source.lastIndexOf('\n', pos - 1) + 1;
  let lineEnd = source.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = source.length;
  const from = Math.max(lineStart, pos - 40);
  const to = Math.min(lineEnd, pos + 40);
  const text = (from > lineStart ? '...' : '') + source.slice(from, to).replace(/[\t\r]/g, ' ') + (to < lineEnd ? '...' : '');
  const caret = ' '.repeat(pos - from + (from > lineStart ? 3 : 0)) + '^';
  return `  at position ${pos}:\n    ${text}\n    ${caret}`;
}
