// Bounds on the work of parsing, whatever the text: the parser runs on every edit in the
// editor, so a huge, deeply nested or key-flooded file must cost time linear in its size.
// Checked before the text reaches the YAML composer (which recurses per level of nesting),
// and a duplicate-key check of our own (the YAML library's compares every pair of keys).

import { CST, isScalar, Lexer, visit, type Document } from 'yaml';
import { LIMITS, formatCount } from './limits';
import type { FileDiagnostic } from './spec';

/** Tokens the lexer makes up (document and scalar markers): they take no room in the text. */
const SYNTHETIC = new Set(['\x02', '\x18', '\x1f']);

/**
 * The offset of the token where lists and mappings first nest deeper than `max`, or -1.
 * Flow collections count their brackets; block ones their indentation levels and the
 * `- - x` items that nest on one line. One pass of the YAML lexer, which does not recurse.
 */
export function tooDeepAt(text: string, max: number = LIMITS.nestingDepth): number {
  let offset = 0;
  let lineStart = 0;
  let firstOnLine = true;
  let flow = 0;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (SYNTHETIC.has(token)) continue;
    const type = CST.tokenType(token);
    const at = offset;
    offset += token.length;
    if (type === 'newline') { lineStart = offset; firstOnLine = true; continue; }
    if (type === 'space' || type === 'comment' || type === 'byte-order-mark') continue;
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flow + indents.length > max) return at;
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flow = Math.max(0, flow - 1);
    }
    if (flow > 0 && type !== 'flow-map-start' && type !== 'flow-seq-start') continue;
    if (firstOnLine || type === 'seq-item-ind' || type === 'explicit-key-ind') {
      const column = at - lineStart;
      while (indents.length > 0 && indents[indents.length - 1]! >= column) indents.pop();
      indents.push(column);
      if (indents.length + flow > max) return at;
    }
    firstOnLine = false;
  }
  return -1;
}

/** The line and column of `offset`, counting lines once (for texts not yet parsed). */
function positionOf(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return [line, offset - lineStart + 1];
}

/** An error for a text too big or too deep to parse, or undefined when it may be parsed. */
export function guardText(text: string): FileDiagnostic | undefined {
  const at = (offset: number, code: FileDiagnostic['code'], message: string): FileDiagnostic => {
    const [line, column] = positionOf(text, offset);
    return { line, column, endLine: line, endColumn: column + 1, severity: 'error', code, message };
  };
  if (text.length > LIMITS.networkFileChars) {
    return at(LIMITS.networkFileChars, 'file_too_large', `the network file has ${formatCount(text.length)} characters, more than the ${formatCount(LIMITS.networkFileChars)} a network file may have (real ones have a few thousand); data belongs in a .csv/.json file named by \`source:\``);
  }
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    return at(deep, 'nesting_too_deep', `lists and mappings nest more than ${LIMITS.nestingDepth} levels deep here; a network file needs 4 or 5`);
  }
  return undefined;
}

/** A DUPLICATE_KEY error per repeated key of a mapping, as the YAML library words them. */
export function duplicateKeyErrors(doc: Document): { pos: [number, number]; code: 'DUPLICATE_KEY'; message: string }[] {
  const out: { pos: [number, number]; code: 'DUPLICATE_KEY'; message: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || !key.range) continue;
        if (seen.has(key.value)) out.push({ pos: [key.range[0], key.range[0] + 1], code: 'DUPLICATE_KEY', message: 'Map keys must be unique' });
        seen.add(key.value);
      }
    },
  });
  return out;
}

/** At most LIMITS.diagnostics problems (sorted), and one line that counts the rest. */
export function capDiagnostics(sorted: FileDiagnostic[]): FileDiagnostic[] {
  if (sorted.length <= LIMITS.diagnostics) return sorted;
  const kept = sorted.slice(0, LIMITS.diagnostics);
  const rest = sorted.slice(LIMITS.diagnostics);
  const first = rest[0]!;
  const severity = rest.some((d) => d.severity === 'error') ? 'error' : rest.some((d) => d.severity === 'warning') ? 'warning' : 'info';
  kept.push({
    line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn, severity,
    code: 'too_many_problems', message: `${rest.length} more problems from here on are not listed (${LIMITS.diagnostics} are); fix these first`,
  });
  return kept;
}
