// Looking up ranges by path, and printing diagnostics the way compilers do.

import { FIRST_LINE } from './positions';
import type { FileDiagnostic, NetworkSpec, SourceRange } from './spec';

/** 'model[2].activation' → 'model[2]' → 'model' → undefined. */
export function parentPath(path: string): string | undefined {
  const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m && m[1] !== '' ? m[1] : undefined;
}

/**
 * The range of the node at `path`. A value the file does not set (a default) has no node,
 * so its nearest written parent stands in, and the first line when none is written.
 */
export function rangeOf(spec: Pick<NetworkSpec, 'ranges'>, path: string): SourceRange {
  for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
    const r = spec.ranges[p];
    if (r) return r;
  }
  return FIRST_LINE;
}

/**
 * Where a diagnostic about a node goes: from its key (`model:` rather than the first layer
 * below it) to the end of its value when that is on the same line, else the end of the key.
 * Undefined when the file does not write `path` (a default).
 */
export function anchorRange(spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>, path: string): SourceRange | undefined {
  const value = spec.ranges[path];
  if (!value) return undefined;
  const key = spec.keyRanges?.[path];
  if (!key) return value;
  const end = value.line === key.line ? value : key;
  return { line: key.line, column: key.column, endLine: end.endLine, endColumn: end.endColumn };
}

/** "FILE:LINE:COL: error: message", the form editors and terminals turn into links. */
export function formatDiagnostic(file: string, d: FileDiagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}
