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
      const fixes = [...this.trainingFixes(doc, d, code), ...suggestionFixes(doc, d)];
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

/** "… did you mean `epochs`?" → replace the misspelt word. */
function suggestionFixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Fix[] {
  const m = /did you mean `([^`]+)`\?/.exec(d.message);
  if (!m || d.range.isEmpty) return [];
  const old = doc.getText(d.range);
  const word = /^["']/.test(old) ? `${old[0]}${m[1]}${old[0]}` : m[1]!;
  return [{ title: `Change to \`${m[1]}\``, edits: [vscode.TextEdit.replace(d.range, word)] }];
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
