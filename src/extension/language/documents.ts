// Parsed network files, cached per document version: diagnostics, hover, completion, code
// lenses and quick fixes all ask for the same parse, so it runs once per edit.
import * as vscode from 'vscode';
import { EditTarget, isJsonFile, parseNetworkFile, type ParseResult, type TextChange } from '../../engine/netfile';
import type { NetworkSpec, SourceRange } from '../../engine/netfile/spec';
import { workspaceRootOf } from '../base/config';

export const LANGUAGE_ID = 'backprop-network';
export const NETWORK_GLOB = '**/*.nn.{yaml,json}';
export const NETWORK_SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }];

export function isNetworkPath(uri: vscode.Uri): boolean {
  return /\.nn\.(ya?ml|json)$/i.test(uri.path);
}

/** A code network (issue 17): TypeScript or JavaScript exporting `network({ … })`, trained
 *  like a network file but not parsed as one. */
export const CODE_NETWORK_GLOB = '**/*.nn.{ts,mts,js,mjs}';

export function isCodeNetworkPath(uri: vscode.Uri): boolean {
  return /\.nn\.(ts|mts|js|mjs)$/i.test(uri.path);
}

/** What Train network accepts: a network file or a code network. */
export function isTrainablePath(uri: vscode.Uri): boolean {
  return isNetworkPath(uri) || isCodeNetworkPath(uri);
}

export function isNetworkFile(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE_ID || isNetworkPath(doc.uri);
}

const cache = new Map<string, { version: number; result: ParseResult }>();

export function parseDocument(doc: vscode.TextDocument): ParseResult {
  const key = doc.uri.toString();
  const hit = cache.get(key);
  if (hit && hit.version === doc.version) return hit.result;
  const result = parseNetworkFile(doc.getText(), doc.uri.fsPath, { workspaceRoot: workspaceRootOf(doc.uri) });
  cache.set(key, { version: doc.version, result });
  return result;
}

export function forgetDocument(doc: vscode.TextDocument): void {
  cache.delete(doc.uri.toString());
}

/** A netfile range (1-based, end exclusive) as a VS Code range (0-based). */
export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.line - 1, r.column - 1, Math.max(r.endLine - 1, r.line - 1), r.endLine < r.line ? r.column - 1 : r.endColumn - 1);
}

/** `doc`'s text, ready for the engine's network-file edits; `spec` is the parse of that text. */
export function editTargetOf(doc: vscode.TextDocument, spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>): EditTarget {
  return new EditTarget(doc.getText(), spec, isJsonFile(doc.uri.path));
}

/** The engine's text changes (offsets) as VS Code edits of `doc`. */
export function toTextEdits(doc: vscode.TextDocument, changes: readonly TextChange[]): vscode.TextEdit[] {
  return changes.map((c) => vscode.TextEdit.replace(new vscode.Range(doc.positionAt(c.start), doc.positionAt(c.end)), c.text));
}
