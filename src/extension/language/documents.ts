// Parsed network files, cached per document version: diagnostics, hover, completion, code
// lenses and quick fixes all ask for the same parse, so it runs once per edit. What runs as
// you type parses on a worker thread (parseInBackground); commands may parse in place.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EditTarget, isJsonFile, parseNetworkFile, type ParseResult, type TextChange } from '../../engine/netfile';
import type { NetworkSpec, SourceRange } from '../../engine/netfile/spec';
import { workspaceRootOf } from '../base/config';
import { BackgroundParser } from './backgroundParse';

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

/** The parse of `doc`'s current text, here and now (for commands; as you type, see parseInBackground). */
export function parseDocument(doc: vscode.TextDocument): ParseResult {
  const hit = cachedParse(doc);
  if (hit) return hit;
  const result = parseNetworkFile(doc.getText(), doc.uri.fsPath, { workspaceRoot: workspaceRootOf(doc.uri) });
  cache.set(doc.uri.toString(), { version: doc.version, result });
  return result;
}

/** The parse of `doc`'s current version if there is one already. */
export function cachedParse(doc: vscode.TextDocument): ParseResult | undefined {
  const hit = cache.get(doc.uri.toString());
  return hit && hit.version === doc.version ? hit.result : undefined;
}

let background: BackgroundParser | undefined;
const inFlight = new Map<string, { version: number; result: Promise<ParseResult | undefined> }>();

/**
 * The parse of `doc`'s current text, made on the parse worker thread so that the extension
 * host never waits on it; undefined when the document changed meanwhile (the newer version's
 * parse is what counts) or the parse overran its time box.
 */
export function parseInBackground(doc: vscode.TextDocument): Promise<ParseResult | undefined> {
  const hit = cachedParse(doc);
  if (hit) return Promise.resolve(hit);
  const key = doc.uri.toString();
  const running = inFlight.get(key);
  if (running?.version === doc.version) return running.result;
  background ??= new BackgroundParser(path.join(__dirname, 'parse-worker.js'));
  const version = doc.version;
  const result = background.parse(key, doc.getText(), doc.uri.fsPath, workspaceRootOf(doc.uri)).then((r) => {
    if (inFlight.get(key)?.version === version) inFlight.delete(key);
    if (!r || doc.version !== version) return undefined;
    cache.set(key, { version, result: r });
    return r;
  });
  inFlight.set(key, { version, result });
  return result;
}

/** Another text (a quick fix applied to `doc`) parsed on the worker thread. */
export function parseTextInBackground(key: string, text: string, doc: vscode.TextDocument): Promise<ParseResult | undefined> {
  background ??= new BackgroundParser(path.join(__dirname, 'parse-worker.js'));
  return background.parse(key, text, doc.uri.fsPath, workspaceRootOf(doc.uri));
}

export function forgetDocument(doc: vscode.TextDocument): void {
  cache.delete(doc.uri.toString());
}

/** Stops the parse worker (on deactivation). */
export function stopBackgroundParsing(): void {
  background?.dispose();
  background = undefined;
  inFlight.clear();
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
