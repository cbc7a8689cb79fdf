/**
 * The catalog an expression is compiled against: the features and functions
 * an agency's rules may name, checked and indexed once (names must be plain
 * identifiers, unique, and not words the language reserves), plus the
 * built-in functions min, max and abs.
 */

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

export interface IndexedCatalog {
  featureNames: string[];
  functionNames: string[];
  features: Map<string, number>;
  functions: Map<string, { index: number; arity: number }>;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the language itself uses; catalogs may not define them. */
const RESERVED = new Set(['and', 'or', 'not', 'true', 'false', 'this']);
export const BUILTINS = new Map<string, { minArgs: number; maxArgs: number; usage: string }>([
  ['min', { minArgs: 1, maxArgs: Infinity, usage: 'min(a, b, ...)' }],
  ['max', { minArgs: 1, maxArgs: Infinity, usage: 'max(a, b, ...)' }],
  ['abs', { minArgs: 1, maxArgs: 1, usage: 'abs(x)' }],
]);

export function indexCatalog(catalog: ExprCatalog): IndexedCatalog {
  const features = new Map<string, number>();
  const functions = new Map<string, { index: number; arity: number }>();
  const seen = new Set<string>();
  const check = (name: unknown, kind: string): string => {
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      throw new Error(
        `expression catalog: invalid ${kind} name ${JSON.stringify(name)} (use letters, digits and '_', not starting with a digit)`,
      );
    }
    if (RESERVED.has(name) || BUILTINS.has(name)) {
      throw new Error(`expression catalog: ${kind} name '${name}' is reserved by the rules language`);
    }
    if (seen.has(name)) throw new Error(`expression catalog: duplicate name '${name}'`);
    seen.add(name);
    return name;
  };
  catalog.features.forEach((f, i) => {
    features.set(check(f.name, 'feature'), i);
  });
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
