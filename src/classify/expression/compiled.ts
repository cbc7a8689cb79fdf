/**
 * A compiled expression as its callers see it: evaluate or test it against one
 * person's values, and explain it (the source with each feature's value).
 */
import type { IndexedCatalog } from './catalog.js';

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

export type Ev = (env: ExprEnv) => number;

export interface Annotation {
  /** offset just after the annotated feature name or catalog call */
  end: number;
  ev: Ev;
}

/** What the compiler records while compiling: names referenced, and the values `explain` prints. */
export interface CompilerOutput {
  readonly features: string[];
  readonly functions: string[];
  readonly annotations: Annotation[];
}

export function makeCompiled(source: string, cat: IndexedCatalog, compiler: CompilerOutput, root: Ev): CompiledExpr {
  const nFeatures = cat.featureNames.length;
  const checkEnv = (env: ExprEnv): void => {
    if (!env || !(env.values instanceof Float64Array) || env.values.length < nFeatures) {
      throw new RangeError(
        `expression '${source}': env.values must be a Float64Array with one value per catalog feature (${nFeatures})`,
      );
    }
  };
  const annotations = [...compiler.annotations].sort((x, y) => x.end - y.end);
  // The explanation is the source with ` (=value)` after each annotated name, white space collapsed
  // and trimmed. Every piece of source between two annotations ends with a name or a call's `)` and
  // a value holds no white space, so no run of white space crosses a piece: each piece is collapsed
  // once here (the first trimmed at its start, the last at its end), not every explanation.
  const collapse = (text: string) => text.replace(/\s+/g, ' ');
  const pieces: string[] = [];
  let from = 0;
  for (const { end } of annotations) {
    pieces.push(collapse(source.slice(from, end)));
    from = end;
  }
  const tail = collapse(source.slice(from)).trimEnd();
  if (pieces.length) pieces[0] = pieces[0].trimStart();
  const evs = annotations.map((a) => a.ev);
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
      return v !== 0 && !Number.isNaN(v);
    },
    explain(env: ExprEnv): string {
      checkEnv(env);
      if (evs.length === 0) return tail.trimStart();
      let out = '';
      for (let k = 0; k < evs.length; k++) out += `${pieces[k]} (=${formatValue(evs[k](env))})`;
      return out + tail;
    },
  };
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}
