// Quick fixes for the Problems of a network file: the training findings' fixes (fixes.ts)
// and "did you mean" replacements for misspelt keys and names. A fix is only offered when
// the file it would produce still parses without errors.
import * as vscode from 'vscode';
import { parseNetworkFile } from '../engine/netfile';
import { workspaceRootOf } from './config';
import type { NetworkDiagnostics } from './diagnostics';
import { SOURCE, TRAINING_SOURCE } from './diagnostics';
import { anchorRange, parseDocument, toRange } from './documents';
import { fixesFor, type Fix } from './fixes';
import { applyEdits } from './yamlEdit';

export class NetworkCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: NetworkDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== SOURCE && d.source !== TRAINING_SOURCE) continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const fixes = [...this.trainingFixes(doc, d, code), ...suggestionFixes(doc, d, code)];
      fixes.filter((f) => parsesCleanly(doc, f)).forEach((f, i) => actions.push(toAction(doc, d, f, i === 0)));
    }
    return actions;
  }

  private trainingFixes(doc: vscode.TextDocument, d: vscode.Diagnostic, code: string): Fix[] {
    const spec = parseDocument(doc).spec;
    if (!spec) return [];
    const stored = this.diagnostics.findingsOf(doc.uri);
    // The finding behind this diagnostic: same code, anchored where the diagnostic is.
    const candidates = stored?.findings.filter((f) => f.code === code) ?? [];
    const finding = candidates.find((f) => {
      const r = f.path && anchorRange(spec.ranges, spec.keyRanges, f.path);
      return r && toRange(r).isEqual(d.range);
    }) ?? candidates[0];
    return fixesFor(code, { doc, spec, event: finding?.event, end: stored?.end });
  }
}

/** A misspelt key or name the parser has a suggestion for → replace the word. */
function suggestionFixes(doc: vscode.TextDocument, d: vscode.Diagnostic, code: string): Fix[] {
  if (d.range.isEmpty) return [];
  const found = parseDocument(doc).diagnostics.find((x) => x.code === code && x.suggestion !== undefined && doc.validateRange(toRange(x)).isEqual(d.range));
  const suggestion = found?.suggestion;
  if (suggestion === undefined) return [];
  const old = doc.getText(d.range);
  const word = /^["']/.test(old) ? `${old[0]}${suggestion}${old[0]}` : suggestion;
  return [{ title: `Change to \`${suggestion}\``, edits: [vscode.TextEdit.replace(d.range, word)] }];
}

function parsesCleanly(doc: vscode.TextDocument, f: Fix): boolean {
  const before = parseDocument(doc).diagnostics.filter((x) => x.severity === 'error').length;
  const after = parseNetworkFile(applyEdits(doc, f.edits), doc.uri.fsPath, { workspaceRoot: workspaceRootOf(doc.uri) })
    .diagnostics.filter((x) => x.severity === 'error').length;
  // A training fix must keep a valid file valid; a spelling fix must remove an error.
  return before === 0 ? after === 0 : after < before;
}

function toAction(doc: vscode.TextDocument, d: vscode.Diagnostic, f: Fix, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [d];
  action.isPreferred = preferred;
  action.edit = new vscode.WorkspaceEdit();
  action.edit.set(doc.uri, f.edits);
  return action;
}
