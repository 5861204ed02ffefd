import type { SyntaxNode } from "./tree-sitter.js";

// What the syntax gate's diagnoses share: the problem they report and how they read a tree and its lines.

/** Zero-based, as tree-sitter counts; columns in UTF-16 code units, as JavaScript strings do. */
export interface Problem {
  row: number;
  column: number;
  what: string;
  /** Show the line before too: a mistake found at a line's start is often the previous line's. */
  withPrevious?: boolean;
  /** Where the top-level declaration holding the problem starts (its head names what it is). */
  declarationRow?: number;
}

/** Every node, depth first, in source order; `visit` returns false to skip a node's children. */
export function walkTree(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of node.children) if (child) walkTree(child, visit);
}

/** Whether nothing but blanks precede a position on its line. */
export function startsLine(lines: string[], at: { row: number; column: number }): boolean {
  return /^\s*$/.test((lines[at.row] ?? "").slice(0, at.column));
}

/** A line's indentation, in characters. */
export function indent(lines: string[], row: number): number {
  return /^\s*/.exec(lines[row] ?? "")![0].length;
}
