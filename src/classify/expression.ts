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
 *
 * The parts, in the order a source goes through them:
 *   expression/catalog.ts       the features and functions a rule may name (checked, indexed)
 *   expression/tokens.ts        character-level checks before parsing (length, characters, nesting)
 *   expression/parser.ts        jsep configured for the language, recording each token's position
 *   expression/syntax-error.ts  jsep's errors rewritten into advice
 *   expression/tree.ts          tree depth limit and node positions
 *   expression/compiler.ts      tree → closures, with constant folding and the semantic errors
 *   expression/compiled.ts      the CompiledExpr callers use (evaluate, test, explain)
 *   expression/error.ts         ExpressionError, with the excerpt and caret
 *   expression/messages.ts      wording helpers ("did you mean", example calls)
 */
import { type ExprCatalog, indexCatalog } from './expression/catalog.js';
import { type CompiledExpr, makeCompiled } from './expression/compiled.js';
import { Compiler } from './expression/compiler.js';
import { parse } from './expression/parser.js';
import { prescan } from './expression/tokens.js';
import { checkTreeDepth } from './expression/tree.js';

export type { ExprCatalog, FeatureSpec, FunctionSpec } from './expression/catalog.js';
export type { CompiledExpr, ExprEnv } from './expression/compiled.js';
export { ExpressionError } from './expression/error.js';
export { MAX_NESTING, MAX_SOURCE_LENGTH } from './expression/tokens.js';
export { MAX_TREE_DEPTH } from './expression/tree.js';

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
