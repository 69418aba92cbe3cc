// Quick fixes for the Problems of a network file: the training findings' fixes (the engine's
// netfile/fixes) and "did you mean" replacements for misspelt keys and names. A fix is only
// offered when the file it would produce still parses without errors. On an overfitting or
// underfitting verdict, "Try the fixes" measures them all first (issue 11). Parsing (the
// file, and each fixed text) runs on the parse worker thread, never in the extension host.
import * as vscode from 'vscode';
import { anchorRange, applyChanges, fixesFor, placeEdits, type Fix, type ParseResult, type TextChange } from '../../engine/netfile';
import type { NetworkSpec } from '../../engine/netfile/spec';
import type { NetworkDiagnostics } from './diagnostics';
import { SOURCE, TRAINING_SOURCE } from './diagnostics';
import { editTargetOf, parseInBackground, parseTextInBackground, toRange, toTextEdits } from './documents';

/** A fix placed in the document's current text. */
interface PlacedFix {
  title: string;
  changes: TextChange[];
  preferred?: boolean;
}

export class NetworkCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: NetworkDiagnostics) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === SOURCE || d.source === TRAINING_SOURCE);
    const parsed = ours.length ? await parseInBackground(doc) : undefined;
    if (!parsed) return actions; // nothing of ours, or edited meanwhile (VS Code asks again)
    const version = doc.version;
    for (const d of ours) {
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const fixes = [...this.trainingFixes(doc, parsed.spec, d, code), ...suggestionFixes(doc, parsed, d, code)];
      const clean = await Promise.all(fixes.map((f, i) => parsesCleanly(doc, parsed, f, i)));
      if (doc.version !== version) return [];
      fixes.filter((_, i) => clean[i]).forEach((f, i) => actions.push(toAction(doc, d, f, i === 0)));
      if (this.cannotTell(doc, code)) actions.push(diagnoseAction(doc, d));
      else if (this.canTry(doc, code)) actions.push(tryAction(doc, d));
    }
    return actions;
  }

  /** A verdict the curves cannot settle (bias or label noise, a gap within noise): Diagnose can. */
  private cannotTell(doc: vscode.TextDocument, code: string): boolean {
    return this.diagnostics.findingsOf(doc.uri)?.findings.some((f) => f.code === code && f.event?.evidence.uncertain === true) ?? false;
  }

  /** A settled overfitting or underfitting verdict: its fixes can be measured. */
  private canTry(doc: vscode.TextDocument, code: string): boolean {
    return (code === 'overfitting' || code === 'underfitting') && (this.diagnostics.findingsOf(doc.uri)?.findings
      .some((f) => f.code === code && f.event && !f.event.evidence.provisional && !f.event.evidence.prevented) ?? false);
  }

  private trainingFixes(doc: vscode.TextDocument, spec: NetworkSpec | null, d: vscode.Diagnostic, code: string): PlacedFix[] {
    if (!spec) return [];
    const stored = this.diagnostics.findingsOf(doc.uri);
    // The finding behind this diagnostic: same code, anchored where the diagnostic is.
    const candidates = stored?.findings.filter((f) => f.code === code) ?? [];
    const finding = candidates.find((f) => {
      const r = f.path && anchorRange(spec, f.path);
      return r && toRange(r).isEqual(d.range);
    }) ?? candidates[0];
    if (!finding) return [];
    return fixesFor(finding.code, { spec, event: finding.event, end: stored?.end }).flatMap((f) => placed(doc, spec, f));
  }
}

/** The fix in this text, or nothing when one of its edits cannot be placed here. */
function placed(doc: vscode.TextDocument, spec: NetworkSpec, fix: Fix): PlacedFix[] {
  const changes = placeEdits(editTargetOf(doc, spec), fix.edits);
  return changes ? [{ title: fix.title, changes, preferred: fix.preferred }] : [];
}

/** A misspelt key or name the parser has a suggestion for → replace the word. */
function suggestionFixes(doc: vscode.TextDocument, parsed: ParseResult, d: vscode.Diagnostic, code: string): PlacedFix[] {
  if (d.range.isEmpty) return [];
  const found = parsed.diagnostics.find((x) => x.code === code && x.suggestion !== undefined && doc.validateRange(toRange(x)).isEqual(d.range));
  const suggestion = found?.suggestion;
  if (suggestion === undefined) return [];
  const old = doc.getText(d.range);
  const word = /^["']/.test(old) ? `${old[0]}${suggestion}${old[0]}` : suggestion;
  return [{ title: `Change to \`${suggestion}\``, changes: [{ start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), text: word }] }];
}

async function parsesCleanly(doc: vscode.TextDocument, parsed: ParseResult, f: PlacedFix, index: number): Promise<boolean> {
  const before = parsed.diagnostics.filter((x) => x.severity === 'error').length;
  const fixed = await parseTextInBackground(`${doc.uri.toString()}#fix${index}`, applyChanges(doc.getText(), f.changes), doc);
  if (!fixed) return false;
  const after = fixed.diagnostics.filter((x) => x.severity === 'error').length;
  // A training fix must keep a valid file valid; a spelling fix must remove an error.
  return before === 0 ? after === 0 : after < before;
}

function toAction(doc: vscode.TextDocument, d: vscode.Diagnostic, f: PlacedFix, preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [d];
  action.isPreferred = preferred;
  action.edit = new vscode.WorkspaceEdit();
  action.edit.set(doc.uri, toTextEdits(doc, f.changes));
  return action;
}

function diagnoseAction(doc: vscode.TextDocument, d: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction('Diagnose bias and variance (tells a too-simple model from noise)', vscode.CodeActionKind.QuickFix);
  action.diagnostics = [d];
  action.command = { title: 'Diagnose bias and variance', command: 'backprop.diagnose', arguments: [doc.uri] };
  return action;
}

function tryAction(doc: vscode.TextDocument, d: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction('Try the fixes (measure before applying)', vscode.CodeActionKind.QuickFix);
  action.diagnostics = [d];
  action.command = { title: 'Try the fixes', command: 'backprop.tryFixes', arguments: [doc.uri] };
  return action;
}
