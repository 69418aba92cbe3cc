// A current study result shows in Problems: "bias dominates" / "variance dominates" on the line
// its suggested edit changes (a hidden layer's width, the weight decay, the layer a shallower
// model drops; else `model`), with quick fixes that apply the suggestion. Nothing while the
// result is stale: it describes another text, and its edit may no longer fit.
import * as vscode from 'vscode';
import { anchorRange } from '../../engine/netfile';
import type { StudyCode } from '../../engine/netfile/codes';
import type { NetworkSpec } from '../../engine/netfile/spec';
import { SWEEP_KINDS, type ErrorMetric, type QuickFix } from '../../engine/studies/types';
import { Disposable } from '../base/dispose';
import { parseInBackground, toRange } from '../language/documents';
import { anchorPathOf, fixEdits, quickFixOf, type FixSource } from './fix';
import type { StudyManager } from './manager';

export const STUDY_SOURCE = 'Backprop studies';

export function formatError(v: number, metric: ErrorMetric): string {
  return metric === 'error' ? `${(100 * v).toFixed(1)}%` : v.toPrecision(3);
}

function describeFix(fix: QuickFix, metric: ErrorMetric): string {
  return `${fix.title} (validation error ${formatError(fix.from, metric)} → ${formatError(fix.to, metric)})`;
}

/** The path a finding sits on, falling back to the parent mapping, then `model`. */
function findingRange(spec: NetworkSpec, wanted: string): vscode.Range {
  const candidates = [wanted, wanted.slice(0, Math.max(0, wanted.lastIndexOf('.'))), 'model'];
  for (const p of candidates) {
    const r = p && anchorRange(spec, p);
    // A whole mapping spans many lines: point at its key only.
    if (r) return toRange(r.endLine > r.line ? (spec.keyRanges?.[p] ?? r) : r);
  }
  return new vscode.Range(0, 0, 0, 0);
}

export class StudyFindings extends Disposable implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('backprop-studies'));

  constructor(private readonly manager: StudyManager) {
    super();
    this._register(manager.onDidChangeState((file) => void this.update(file)));
  }

  private async update(file: vscode.Uri): Promise<void> {
    const result = this.manager.currentResult(file);
    const summary = result?.summary;
    if (!result || !summary || summary.dominant === 'neither') return this.collection.delete(file);
    const doc = await vscode.workspace.openTextDocument(file);
    const spec = (await parseInBackground(doc))?.spec; // off the host's thread, as you type
    if (!spec || this.manager.currentResult(file) !== result) return;
    const fix = summary.quickFix;
    const message = `Bias/variance study: ${summary.message}${fix ? ` Try: ${describeFix(fix, result.metric)}.` : ''}`;
    const d = new vscode.Diagnostic(findingRange(spec, anchorPathOf(fix)), message, vscode.DiagnosticSeverity.Warning);
    d.source = STUDY_SOURCE;
    const code: StudyCode = `study_${summary.dominant}`;
    d.code = code;
    this.collection.set(file, [d]);
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const d = context.diagnostics.find((x) => x.source === STUDY_SOURCE);
    const result = d && this.manager.currentResult(doc.uri);
    if (!d || !result) return [];
    const spec = (await parseInBackground(doc))?.spec;
    if (!spec) return [];
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const source of ['summary', ...SWEEP_KINDS] as FixSource[]) {
      const fix = quickFixOf(result, source);
      const edits = fix && !seen.has(fix.title) ? fixEdits({ doc, spec }, fix) : undefined;
      if (!fix || !edits) continue;
      seen.add(fix.title);
      const action = new vscode.CodeAction(describeFix(fix, result.metric), vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = source === 'summary';
      action.edit = new vscode.WorkspaceEdit();
      action.edit.set(doc.uri, edits);
      actions.push(action);
    }
    const show = new vscode.CodeAction('Show the bias/variance study', vscode.CodeActionKind.QuickFix);
    show.diagnostics = [d];
    show.command = { command: 'backprop.openPanel', title: 'Show the bias/variance study', arguments: [doc.uri] };
    actions.push(show);
    return actions;
  }
}
