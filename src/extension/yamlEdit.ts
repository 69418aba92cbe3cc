// Small edits of a network file that keep its comments and layout: replace only a value's
// text, or insert whole lines indented like their neighbours. Block and flow (JSON) style
// are both handled; every edit is a plain text edit at a netfile source range.
import * as vscode from 'vscode';
import type { NetworkSpec, SourceRange } from '../engine/netfile/spec';
import { toRange } from './documents';

export interface EditTarget {
  doc: vscode.TextDocument;
  spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>;
}

const pos = (line: number, column: number) => new vscode.Position(line - 1, column - 1);

function textOf(t: EditTarget, r: SourceRange): string {
  return t.doc.getText(t.doc.validateRange(toRange(r)));
}

/** Is the node at `path` a flow collection (`{…}` / `[…]`, as in JSON files)? */
export function isFlow(t: EditTarget, path: string): boolean {
  const r = t.spec.ranges[path];
  return !!r && /^[[{]/.test(textOf(t, r));
}

/** Quote like the file does: JSON files quote keys and strings. */
function quoted(t: EditTarget, near: SourceRange | undefined, word: string): string {
  const sample = near ? textOf(t, near) : '';
  return sample.startsWith('"') || t.doc.uri.path.endsWith('.json') ? JSON.stringify(word) : word;
}

export type Scalar = string | number | boolean;

/** A value as the file would write it: numbers short, strings quoted where the file quotes. */
function literal(t: EditTarget, near: SourceRange | undefined, v: Scalar): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  return quoted(t, near, v);
}

/** Replace the value at `path` (which must exist); strings keep the file's quoting. */
export function setValue(t: EditTarget, path: string, value: Scalar): vscode.TextEdit | undefined {
  const r = t.spec.ranges[path];
  if (!r || (t.spec.keyRanges?.[path] && r === t.spec.keyRanges[path])) return undefined;
  return vscode.TextEdit.replace(toRange(r), literal(t, r, value));
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
  return k && (k.endLine > v.endLine || (k.endLine === v.endLine && k.endColumn > v.endColumn)) ? k : v;
}

/** Set `parent.key` to `value`: replace it when written, else insert it into `parent`. */
export function setOrInsert(t: EditTarget, parent: string, key: string, value: Scalar): vscode.TextEdit | undefined {
  const path = parent ? `${parent}.${key}` : key;
  return t.spec.ranges[path] ? setValue(t, path, value) : insertKey(t, parent, key, value);
}

/** Insert `key: value` as the last entry of the mapping at `parent` (created when missing). */
export function insertKey(t: EditTarget, parent: string, key: string, value: Scalar): vscode.TextEdit | undefined {
  const own = t.spec.ranges[parent];
  const parentKey = t.spec.keyRanges?.[parent];
  const kids = children(t, parent).filter((p) => !p.endsWith(']'));
  const firstKid = kids[0] ? t.spec.keyRanges?.[kids[0]] : undefined;
  const valueText = literal(t, firstKid ?? own, value);
  const keyText = quoted(t, firstKid, key);
  if (!own) return parent.includes('.') ? undefined : insertSection(t, parent, key, value);
  if (isFlow(t, parent)) {
    const body = textOf(t, own);
    const at = kids.length ? endOf(t, kids.reduce((a, b) => (after(endOf(t, b), endOf(t, a)) ? b : a))) : { ...own, endColumn: own.column + 1 };
    const sep = kids.length ? ', ' : body.length > 2 ? ' ' : '';
    return vscode.TextEdit.insert(pos(at.endLine, at.endColumn), `${sep}${keyText}: ${valueText}`);
  }
  if (parentKey && own.line === parentKey.line) {
    // Nothing or a scalar after the key: `train:` (empty) or the shorthand `optimizer: sgd`,
    // which becomes a mapping with the same type and the new key.
    const current = own === parentKey || (own.column === parentKey.column) ? '' : textOf(t, own).trim();
    const indent = ' '.repeat(parentKey.column - 1 + 2);
    const typeLine = current && parent === 'optimizer' ? `\n${indent}type: ${current}` : '';
    if (!current) return vscode.TextEdit.insert(t.doc.lineAt(parentKey.line - 1).range.end, `\n${indent}${key}: ${valueText}`);
    if (!typeLine) return undefined;
    if (t.doc.getText().trimStart().startsWith('{')) {
      // Inside a JSON file the shorthand becomes a flow mapping.
      return vscode.TextEdit.replace(toRange(own), `{ ${quoted(t, own, 'type')}: ${current}, ${quoted(t, own, key)}: ${valueText} }`);
    }
    return vscode.TextEdit.replace(new vscode.Range(pos(parentKey.endLine, parentKey.endColumn), pos(own.endLine, own.endColumn)), `:${typeLine}\n${indent}${key}: ${valueText}`);
  }
  if (!kids.length || !t.spec.keyRanges?.[kids[0]!]) return undefined;
  const indent = ' '.repeat(t.spec.keyRanges![kids[0]]!.column - 1);
  const lastKid = kids.reduce((a, b) => (after(endOf(t, b), endOf(t, a)) ? b : a));
  const line = t.doc.lineAt(endOf(t, lastKid).endLine - 1);
  return vscode.TextEdit.insert(line.range.end, `\n${indent}${key}: ${valueText}`);
}

/** A missing top-level section with one key, at the end of the file. */
function insertSection(t: EditTarget, section: string, key: string, value: Scalar): vscode.TextEdit {
  const text = t.doc.getText();
  if (text.trimStart().startsWith('{')) {
    // A JSON file: its root is one flow mapping; add the section before its closing brace.
    const end = text.slice(0, text.lastIndexOf('}')).trimEnd().length;
    const json = typeof value === 'string' ? JSON.stringify(value) : literal(t, undefined, value);
    return vscode.TextEdit.insert(t.doc.positionAt(end), `,\n  ${JSON.stringify(section)}: { ${JSON.stringify(key)}: ${json} }`);
  }
  const v = literal(t, undefined, value);
  const last = t.doc.lineAt(t.doc.lineCount - 1);
  const lead = last.text.trim() === '' ? '' : '\n';
  return vscode.TextEdit.insert(last.range.end, `${lead}\n${section}:\n  ${key}: ${v}\n`);
}

function after(a: SourceRange, b: SourceRange): boolean {
  return a.endLine > b.endLine || (a.endLine === b.endLine && a.endColumn > b.endColumn);
}

/** The items of `model`, in order. */
function layerItems(t: EditTarget): string[] {
  return children(t, 'model').filter((p) => /^model\[\d+\]$/.test(p)).sort((a, b) => itemIndex(a) - itemIndex(b));
}

/** The column (0-based) of the `-` that starts a block item, when it is first on its line. */
function dashOf(t: EditTarget, item: SourceRange): number | undefined {
  const dashLine = t.doc.lineAt(item.line - 1).text;
  const dash = dashLine.lastIndexOf('-', item.column - 2);
  return dash < 0 || dashLine.slice(0, dash).trim() !== '' ? undefined : dash;
}

/**
 * Insert a layer into `model` before item `index` (or after the last item when index is
 * the length): `fields` in order, e.g. [['dense', 32], ['activation', 'relu']]; `copies`
 * identical items in one edit (a deeper model adds several hidden layers alike).
 */
export function insertLayer(t: EditTarget, index: number, fields: [string, Scalar][], copies = 1): vscode.TextEdit | undefined {
  const items = layerItems(t);
  if (!items.length || copies < 1) return undefined;
  const before = index < items.length;
  const anchor = t.spec.ranges[items[before ? index : items.length - 1]]!;
  if (isFlow(t, 'model')) {
    const json = t.doc.uri.path.endsWith('.json') || textOf(t, anchor).includes('"');
    const body = fields.map(([k, v]) => `${json ? JSON.stringify(k) : k}: ${typeof v === 'string' && json ? JSON.stringify(v) : literal(t, undefined, v)}`).join(', ');
    const item = `{ ${body} }`;
    return before
      ? vscode.TextEdit.insert(pos(anchor.line, anchor.column), `${item}, `.repeat(copies))
      : vscode.TextEdit.insert(pos(anchor.endLine, anchor.endColumn), `, ${item}`.repeat(copies));
  }
  const dash = dashOf(t, anchor);
  if (dash === undefined) return undefined;
  const item = ' '.repeat(anchor.column - 1);
  const lines = fields.map(([k, v], i) => `${i === 0 ? `${' '.repeat(dash)}-${' '.repeat(anchor.column - 2 - dash)}` : item}${k}: ${typeof v === 'string' ? v : literal(t, undefined, v)}`);
  const all = Array.from({ length: copies }, () => lines.join('\n')).join('\n');
  if (before) return vscode.TextEdit.insert(new vscode.Position(anchor.line - 1, 0), `${all}\n`);
  return vscode.TextEdit.insert(t.doc.lineAt(anchor.endLine - 1).range.end, `\n${all}`);
}

/**
 * Remove the items `indices` of `model`: one deletion per run of adjacent items, so that
 * the edits never overlap (in flow style neighbours would share a comma). Block style: the
 * items' whole lines, from the dash to the item's last line (comments on other lines stay).
 * Flow style: the items and the comma after them (before them at the end of the list).
 * Undefined when an index is not an item or nothing would be left.
 */
export function removeLayers(t: EditTarget, indices: number[]): vscode.TextEdit[] | undefined {
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
  const edits: vscode.TextEdit[] = [];
  for (const [a, b] of runs) {
    const first = items[a]!, end = items[b]!, next = items[b + 1], prev = items[a - 1];
    if (flow) {
      const range = next
        ? new vscode.Range(pos(first.line, first.column), pos(next.line, next.column))
        : new vscode.Range(pos(prev!.endLine, prev!.endColumn), pos(end.endLine, end.endColumn));
      edits.push(vscode.TextEdit.delete(range));
      continue;
    }
    if (dashOf(t, first) === undefined) return undefined;
    // Through the line break after the item's last line (the document's end when none).
    edits.push(vscode.TextEdit.delete(new vscode.Range(new vscode.Position(first.line - 1, 0), t.doc.lineAt(end.endLine - 1).rangeIncludingLineBreak.end)));
  }
  return edits;
}

export function itemIndex(path: string): number {
  return Number(/\[(\d+)\]$/.exec(path)?.[1] ?? -1);
}

/** Short and exact: 0.1 / 10 → "0.01", not "0.010000000000000002". */
export function formatNumber(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** `text` with `edits` applied (for checking that a fix leaves a valid file). */
export function applyEdits(doc: vscode.TextDocument, edits: vscode.TextEdit[]): string {
  const text = doc.getText();
  const sorted = edits.map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
