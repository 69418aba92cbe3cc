// Small edits of a network file's text that keep its comments and layout: replace only a
// value's text, or insert whole lines indented like their neighbours. Block and flow (JSON)
// style are both handled; every change is a replacement of text offsets, so the same edits
// serve the editor, the command line and the tests.
import type { NetworkSpec, SourceRange } from './spec';

/** Replace text[start, end) with `text` (an insertion when start = end). */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

export type Scalar = string | number | boolean;

/** A network file's text with the parse that gave its ranges. */
export class EditTarget {
  /** Offset of the first character of each line (line 1 at index 0). */
  private readonly starts: number[] = [0];

  constructor(
    readonly text: string,
    readonly spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>,
    /** A *.nn.json file: keys and strings are written quoted. */
    readonly json = false,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }

  /** Offset just before the line break of `line` (1-based). */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return next > this.lineStart(line) && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  /** Offset just after the line break of `line`, the end of the text on the last line. */
  afterLine(line: number): number {
    return line < this.starts.length ? this.starts[line]! : this.text.length;
  }

  /** The offset of a 1-based line and column, kept inside its line (as editors do). */
  offset(line: number, column: number): number {
    const start = this.lineStart(line);
    return Math.min(start + Math.max(column - 1, 0), this.lineEnd(line));
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  textOf(r: SourceRange): string {
    const start = this.offset(r.line, r.column);
    return this.text.slice(start, Math.max(start, this.offset(r.endLine, r.endColumn)));
  }

  /** A whole-text JSON document (its root is one flow mapping). */
  get isJsonText(): boolean {
    return this.text.trimStart().startsWith('{');
  }
}

const replace = (t: EditTarget, r: SourceRange, text: string): TextChange => ({ start: t.offset(r.line, r.column), end: t.offset(r.endLine, r.endColumn), text });
const insert = (at: number, text: string): TextChange => ({ start: at, end: at, text });
const insertAt = (t: EditTarget, line: number, column: number, text: string) => insert(t.offset(line, column), text);

/** Is the node at `path` a flow collection (`{…}` / `[…]`, as in JSON files)? */
export function isFlow(t: EditTarget, path: string): boolean {
  const r = t.spec.ranges[path];
  return !!r && /^[[{]/.test(t.textOf(r));
}

/** Quote like the file does: JSON files quote keys and strings. */
function quoted(t: EditTarget, near: SourceRange | undefined, word: string): string {
  const sample = near ? t.textOf(near) : '';
  return sample.startsWith('"') || t.json ? JSON.stringify(word) : word;
}

/** A value as the file would write it: numbers short, strings quoted where the file quotes. */
function literal(t: EditTarget, near: SourceRange | undefined, v: Scalar): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  return quoted(t, near, v);
}

/** Replace the value at `path` (which must exist); strings keep the file's quoting. */
export function setValue(t: EditTarget, path: string, value: Scalar): TextChange | undefined {
  const r = t.spec.ranges[path];
  if (!r || (t.spec.keyRanges?.[path] && r === t.spec.keyRanges[path])) return undefined;
  return replace(t, r, literal(t, r, value));
}

/** The direct children of the mapping or sequence at `parent` ('' is the root), by path. */
function children(t: EditTarget, parent: string): string[] {
  return Object.keys(t.spec.ranges).filter((p) => {
    if (parent === '') return /^[^.[\]]+$/.test(p);
    if (!p.startsWith(parent)) return false;
    const rest = p.slice(parent.length);
    return /^\.[^.[\]]+$/.test(rest) || /^\[\d+\]$/.test(rest);
  });
}

function endOf(t: EditTarget, path: string): SourceRange {
  const v = t.spec.ranges[path]!;
  const k = t.spec.keyRanges?.[path];
  return k && after(k, v) ? k : v;
}

function after(a: SourceRange, b: SourceRange): boolean {
  return a.endLine > b.endLine || (a.endLine === b.endLine && a.endColumn > b.endColumn);
}

/** Set `parent.key` to `value`: replace it when written, else insert it into `parent`. */
export function setOrInsert(t: EditTarget, parent: string, key: string, value: Scalar): TextChange | undefined {
  const path = parent ? `${parent}.${key}` : key;
  return t.spec.ranges[path] ? setValue(t, path, value) : insertKey(t, parent, key, value);
}

/** Insert `key: value` as the last entry of the mapping at `parent` (created when missing). */
export function insertKey(t: EditTarget, parent: string, key: string, value: Scalar): TextChange | undefined {
  const own = t.spec.ranges[parent];
  const parentKey = t.spec.keyRanges?.[parent];
  const kids = children(t, parent).filter((p) => !p.endsWith(']'));
  const firstKid = kids[0] ? t.spec.keyRanges?.[kids[0]] : undefined;
  const valueText = literal(t, firstKid ?? own, value);
  const keyText = quoted(t, firstKid, key);
  if (!own) return parent.includes('.') ? undefined : insertSection(t, parent, key, value);
  const lastKid = kids.length ? kids.reduce((a, b) => (after(endOf(t, b), endOf(t, a)) ? b : a)) : undefined;
  if (isFlow(t, parent)) {
    const body = t.textOf(own);
    const at = lastKid ? endOf(t, lastKid) : { ...own, endColumn: own.column + 1 };
    const sep = kids.length ? ', ' : body.length > 2 ? ' ' : '';
    return insertAt(t, at.endLine, at.endColumn, `${sep}${keyText}: ${valueText}`);
  }
  if (parentKey && own.line === parentKey.line) {
    // Nothing or a scalar after the key: `train:` (empty) or the shorthand `optimizer: sgd`,
    // which becomes a mapping with the same type and the new key.
    const current = own === parentKey || own.column === parentKey.column ? '' : t.textOf(own).trim();
    const indent = ' '.repeat(parentKey.column - 1 + 2);
    const typeLine = current && parent === 'optimizer' ? `\n${indent}type: ${current}` : '';
    if (!current) return insert(t.lineEnd(parentKey.line), `\n${indent}${key}: ${valueText}`);
    if (!typeLine) return undefined;
    // Inside a JSON file the shorthand becomes a flow mapping.
    if (t.isJsonText) return replace(t, own, `{ ${quoted(t, own, 'type')}: ${current}, ${quoted(t, own, key)}: ${valueText} }`);
    const from = t.offset(parentKey.endLine, parentKey.endColumn);
    return { start: from, end: t.offset(own.endLine, own.endColumn), text: `:${typeLine}\n${indent}${key}: ${valueText}` };
  }
  const firstKey = kids[0] && t.spec.keyRanges?.[kids[0]];
  if (!lastKid || !firstKey) return undefined;
  return insert(t.lineEnd(endOf(t, lastKid).endLine), `\n${' '.repeat(firstKey.column - 1)}${key}: ${valueText}`);
}

/** A missing top-level section with one key, at the end of the file. */
function insertSection(t: EditTarget, section: string, key: string, value: Scalar): TextChange {
  const text = t.text;
  if (t.isJsonText) {
    // A JSON file: its root is one flow mapping; add the section before its closing brace.
    const end = text.slice(0, text.lastIndexOf('}')).trimEnd().length;
    const json = typeof value === 'string' ? JSON.stringify(value) : literal(t, undefined, value);
    return insert(end, `,\n  ${JSON.stringify(section)}: { ${JSON.stringify(key)}: ${json} }`);
  }
  const lead = t.lineText(t.lineCount).trim() === '' ? '' : '\n';
  return insert(text.length, `${lead}\n${section}:\n  ${key}: ${literal(t, undefined, value)}\n`);
}

/** The items of `model`, in order. */
function layerItems(t: EditTarget): string[] {
  return children(t, 'model').filter((p) => /^model\[\d+\]$/.test(p)).sort((a, b) => itemIndex(a) - itemIndex(b));
}

/** The column (0-based) of the `-` that starts a block item, when it is first on its line. */
function dashOf(t: EditTarget, item: SourceRange): number | undefined {
  const dashLine = t.lineText(item.line);
  const dash = dashLine.lastIndexOf('-', item.column - 2);
  return dash < 0 || dashLine.slice(0, dash).trim() !== '' ? undefined : dash;
}

/**
 * Insert a layer into `model` before item `index` (or after the last item when index is
 * the length): `fields` in order, e.g. [['dense', 32], ['activation', 'relu']]; `copies`
 * identical items in one edit (a deeper model adds several hidden layers alike).
 */
export function insertLayer(t: EditTarget, index: number, fields: [string, Scalar][], copies = 1): TextChange | undefined {
  const items = layerItems(t);
  if (!items.length || copies < 1) return undefined;
  const before = index < items.length;
  const anchor = t.spec.ranges[items[before ? index : items.length - 1]!]!;
  if (isFlow(t, 'model')) {
    const json = t.json || t.textOf(anchor).includes('"');
    const body = fields.map(([k, v]) => `${json ? JSON.stringify(k) : k}: ${typeof v === 'string' && json ? JSON.stringify(v) : literal(t, undefined, v)}`).join(', ');
    const item = `{ ${body} }`;
    return before
      ? insertAt(t, anchor.line, anchor.column, `${item}, `.repeat(copies))
      : insertAt(t, anchor.endLine, anchor.endColumn, `, ${item}`.repeat(copies));
  }
  const dash = dashOf(t, anchor);
  if (dash === undefined) return undefined;
  const item = ' '.repeat(anchor.column - 1);
  const lines = fields.map(([k, v], i) => `${i === 0 ? `${' '.repeat(dash)}-${' '.repeat(anchor.column - 2 - dash)}` : item}${k}: ${typeof v === 'string' ? v : literal(t, undefined, v)}`);
  const all = Array.from({ length: copies }, () => lines.join('\n')).join('\n');
  return before ? insert(t.lineStart(anchor.line), `${all}\n`) : insert(t.lineEnd(anchor.endLine), `\n${all}`);
}

/**
 * Remove the items `indices` of `model`: one deletion per run of adjacent items, so that
 * the edits never overlap (in flow style neighbours would share a comma). Block style: the
 * items' whole lines, from the dash to the item's last line (comments on other lines stay).
 * Flow style: the items and the comma after them (before them at the end of the list).
 * Undefined when an index is not an item or nothing would be left.
 */
export function removeLayers(t: EditTarget, indices: number[]): TextChange[] | undefined {
  const items = layerItems(t).map((p) => t.spec.ranges[p]!);
  const wanted = [...new Set(indices)].sort((a, b) => a - b);
  if (!wanted.length || wanted.length >= items.length || wanted.some((i) => !items[i])) return undefined;
  const runs: [number, number][] = [];
  for (const i of wanted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  const flow = isFlow(t, 'model');
  const changes: TextChange[] = [];
  for (const [a, b] of runs) {
    const first = items[a]!, end = items[b]!, next = items[b + 1], prev = items[a - 1];
    if (flow) {
      changes.push(next
        ? { start: t.offset(first.line, first.column), end: t.offset(next.line, next.column), text: '' }
        : { start: t.offset(prev!.endLine, prev!.endColumn), end: t.offset(end.endLine, end.endColumn), text: '' });
      continue;
    }
    if (dashOf(t, first) === undefined) return undefined;
    // Through the line break after the item's last line (the text's end when none).
    changes.push({ start: t.lineStart(first.line), end: t.afterLine(end.endLine), text: '' });
  }
  return changes;
}

export function itemIndex(path: string): number {
  return Number(/\[(\d+)\]$/.exec(path)?.[1] ?? -1);
}

/** Short and exact: 0.1 / 10 → "0.01", not "0.010000000000000002". */
export function formatNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** `text` with non-overlapping `changes` applied (inserts at one offset keep their order). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  const sorted = changes.map((c, i) => ({ c, i })).sort((a, b) => b.c.start - a.c.start || b.i - a.i);
  let out = text;
  for (const { c } of sorted) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}
