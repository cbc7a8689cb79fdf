/** Facts about a parsed tree: its depth (bounded before compiling) and where each node starts and ends in the source. */
import type jsep from 'jsep';
import { fail } from './error.js';
import type { Node, Parsed } from './parsed.js';

/** Deepest accepted syntax tree (bounds long operator chains such as `a or b or c ...`). */
export const MAX_TREE_DEPTH = 1_000;

/** Depth of the tree, computed without recursion; bounds the compiler's and evaluator's recursion. */
export function checkTreeDepth(root: Node, parsed: Parsed, source: string): void {
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
export function startOf(node: Node, parsed: Pick<Parsed, 'ranges'>): number {
  let n: Node | undefined = node;
  for (let guard = 0; n && guard < 100_000; guard++) {
    const r = parsed.ranges.get(n);
    if (r) return r.start;
    n = (n.left ?? n.test ?? n.callee ?? n.object ?? n.argument) as Node | undefined;
  }
  return 0;
}

/**
 * End offset of a node: tokens and parenthesised groups have recorded ranges
 * (the parser records the base of every `.`/`[`/`(` chain too); a call inside
 * such a chain ends at its argument list's ')'.
 */
export function endOf(node: Node, parsed: Parsed): number | undefined {
  const r = parsed.parens.get(node) ?? parsed.ranges.get(node);
  return r ? r.end : parsed.argsEnd.get((node as jsep.CallExpression).arguments);
}
