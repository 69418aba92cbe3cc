// Source ranges of YAML nodes. The parser's own ranges of block collections run on to the
// next line and over trailing comments, so a collection ends where its last child ends.

import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { SourceRange } from './spec';

export type AnyNode = Node | null | undefined;

/** Offset just after the last character that belongs to the node's value. */
export function nodeEnd(node: Node, text: string): number {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  const first = text[start];
  // Flow collections end at their closing bracket, which the parser's range includes.
  if (isScalar(node) || first === '[' || first === '{') return trimEnd(text, start, valueEnd);
  if (isMap(node) || isSeq(node)) {
    const last = node.items[node.items.length - 1];
    if (last === undefined) return trimEnd(text, start, valueEnd);
    if (isPair(last)) {
      const value = last.value as AnyNode;
      const key = last.key as AnyNode;
      const ends = [value, key].filter((n): n is Node => !!n && !!n.range).map((n) => nodeEnd(n, text));
      return ends.length > 0 ? Math.max(...ends) : trimEnd(text, start, valueEnd);
    }
    return nodeEnd(last as Node, text);
  }
  return trimEnd(text, start, valueEnd);
}

function trimEnd(text: string, start: number, end: number): number {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

export function offsetsToRange(lc: LineCounter, start: number, end: number): SourceRange {
  const s = lc.linePos(start);
  const e = lc.linePos(Math.max(start, end));
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

export function rangeOfNode(lc: LineCounter, text: string, node: Node): SourceRange {
  const start = node.range?.[0] ?? 0;
  return offsetsToRange(lc, start, nodeEnd(node, text));
}

/** Where nothing better is known: the start of the file. */
export const FIRST_LINE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };
