/** The parsed tree's types, shared by the parser and the tree facts (tree.ts) without an import cycle. */
import type jsep from 'jsep';

export type Node = jsep.Expression;

export interface Range {
  start: number;
  end: number;
}

/** A parse: the root and where each token, parenthesised group and argument list sits in the source. */
export interface Parsed {
  root: Node;
  ranges: Map<object, Range>;
  parens: Map<object, Range>;
  argsEnd: Map<object, number>;
}
