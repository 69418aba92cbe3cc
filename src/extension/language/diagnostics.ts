// The Problems of network files, from one `refresh(uri)`: the parser's errors and warnings
// of the editor's text (as you type, debounced by editWatch.ts) plus what training found
// (kept per file until its next run). Training findings are re-anchored on their node's current range, so
// they stay on the right line while the file is edited. `code` is what quick fixes match.
import * as vscode from 'vscode';
import { anchorRange } from '../../engine/netfile';
import type { FileDiagnostic, NetworkSpec, Severity, SourceRange } from '../../engine/netfile/spec';
import type { DiagnosticEvent, EndEvent } from '../../engine/train/events';
import { Disposable } from '../base/dispose';
import type { ParseResult } from '../../engine/netfile';
import { cachedParse, forgetDocument, isNetworkFile, parseInBackground, toRange } from './documents';
import { onNetworkFileEdited } from './editWatch';
import { addFinding, fromEvent, fromFileDiagnostic, relatedPaths, type FileFindings, type Finding } from './findings';

export const SOURCE = 'Backprop';
export const TRAINING_SOURCE = 'Backprop training';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class NetworkDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('backprop'));
  private readonly training = new Map<string, FileFindings>();

  constructor() {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.refreshDoc(d)));
    this._register(onNetworkFileEdited((uri) => this.refresh(uri)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      forgetDocument(d);
      if (isNetworkFile(d)) this.refresh(d.uri);
    }));
    vscode.workspace.textDocuments.forEach((d) => this.refreshDoc(d));
  }

  /** Findings and the run's end for `uri` (the quick fixes read evidence from them). */
  findingsOf(uri: vscode.Uri): FileFindings | undefined {
    return this.training.get(uri.toString());
  }

  /** A new run of `uri` starts: what the previous run found no longer holds. */
  clearTraining(uri: vscode.Uri): void {
    this.training.set(uri.toString(), { findings: [] });
    this.refresh(uri);
  }

  /** After a restart: what the file's last stored run found, unless a run happened since. */
  restoreTraining(uri: vscode.Uri, events: DiagnosticEvent[], end: EndEvent | undefined): void {
    if (this.training.has(uri.toString())) return;
    const entry = this.entry(uri);
    for (const e of events) addFinding(entry, fromEvent(e));
    entry.end = end;
    this.refresh(uri);
  }

  hasTraining(uri: vscode.Uri): boolean {
    return this.training.has(uri.toString());
  }

  addTrainingEvent(uri: vscode.Uri, e: DiagnosticEvent): void {
    addFinding(this.entry(uri), fromEvent(e));
    this.refresh(uri);
  }

  addFileDiagnostics(uri: vscode.Uri, ds: FileDiagnostic[]): void {
    const entry = this.entry(uri);
    for (const d of ds) addFinding(entry, fromFileDiagnostic(d));
    this.refresh(uri);
  }

  setEnd(uri: vscode.Uri, end: EndEvent): void {
    this.entry(uri).end = end;
  }

  private entry(uri: vscode.Uri): FileFindings {
    const key = uri.toString();
    let e = this.training.get(key);
    if (!e) this.training.set(key, (e = { findings: [] }));
    return e;
  }

  private refreshDoc(doc: vscode.TextDocument): void {
    if (isNetworkFile(doc)) this.refresh(doc.uri);
  }

  /**
   * Recompute every diagnostic of `uri`: the one place they are set. The text's parse comes
   * from the parse worker (at once when this version is parsed already); a parse overtaken
   * by a newer edit is dropped, that edit's refresh sets the diagnostics.
   */
  refresh(uri: vscode.Uri): void {
    if (this.isDisposed) return;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Code networks keep only training's findings: their text is TypeScript, not a network file.
    const cached = doc && cachedParse(doc);
    if (!doc || !isNetworkFile(doc) || cached) return this.set(uri, doc, cached);
    void parseInBackground(doc).then((parsed) => {
      if (parsed && !this.isDisposed) this.set(uri, doc, parsed);
    });
  }

  private set(uri: vscode.Uri, doc: vscode.TextDocument | undefined, parsed: ParseResult | undefined): void {
    const out: vscode.Diagnostic[] = [];
    const seen = new Set<string>();
    for (const d of parsed?.diagnostics ?? []) {
      out.push(this.toDiagnostic(d, d.code, SOURCE, doc));
      seen.add(`${d.code}:${d.line}:${d.column}:${d.message}`);
    }
    const spec = parsed?.spec;
    for (const f of this.training.get(uri.toString())?.findings ?? []) {
      if (seen.has(`${f.code}:${f.line}:${f.column}:${f.message}`)) continue; // the parser says it already
      const at = (f.path && spec && anchorRange(spec, f.path)) || f;
      const diagnostic = this.toDiagnostic({ ...f, ...pick(at) }, f.code, f.event ? TRAINING_SOURCE : SOURCE, doc);
      if (spec) diagnostic.relatedInformation = related(uri, f, spec);
      out.push(diagnostic);
    }
    this.collection.set(uri, out);
  }

  private toDiagnostic(r: SourceRange & { message: string; severity: Severity }, code: string, source: string, doc?: vscode.TextDocument): vscode.Diagnostic {
    let range = toRange(r);
    if (doc) range = doc.validateRange(range);
    const d = new vscode.Diagnostic(range, r.message, SEVERITY[r.severity]);
    d.code = code;
    d.source = source;
    return d;
  }
}

function pick(r: SourceRange): SourceRange {
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function related(uri: vscode.Uri, f: Finding, spec: Pick<NetworkSpec, 'ranges' | 'keyRanges'>): vscode.DiagnosticRelatedInformation[] | undefined {
  const out = relatedPaths(f).flatMap(([path, why]) => {
    const r = anchorRange(spec, path);
    return r && path !== f.path ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r)), why)] : [];
  });
  return out.length ? out : undefined;
}
