// "Apply" next to a measured fix: its edits go into the editor as one WorkspaceEdit (not
// saved: the user decides), with the cursor on them, only into the text that was measured.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { placeEdits } from '../../engine/netfile';
import type { TryRun } from './run';
import { editTargetOf, parseDocument, toTextEdits } from '../language/documents';

export interface ApplyOutcome {
  applied: boolean;
  /** Why not, in plain words (also shown as a warning). */
  message?: string;
}

/** Apply trial `index` of `run` (the file's latest try) to `file`'s document. */
export async function applyTrial(file: vscode.Uri, run: TryRun, index: number): Promise<ApplyOutcome> {
  const label = path.basename(file.fsPath);
  const trial = run.view.result?.trials[index];
  const refusal = run.active ? 'the fixes are still being tried; apply one when the try ends.'
    : run.view.status !== 'completed' ? `the try ${run.view.status === 'cancelled' ? 'was cancelled' : 'did not finish'}: its measurements are incomplete.`
      : !trial ? 'that fix is not in the try.'
        : trial.status !== 'better' ? `"${trial.title}" measured ${trial.status === 'worse' ? 'worse' : trial.status} on validation: it is not offered as a fix.`
          : undefined;
  if (refusal || !trial) return refuse(refusal ?? 'that fix is not in the try.');
  const doc = await vscode.workspace.openTextDocument(file);
  // The edits were measured on this text: in another one they may mean something else.
  if (doc.getText() !== run.text) return refuse(`${label} changed since the fixes were tried: try them again for this text.`);
  const spec = parseDocument(doc).spec;
  const changes = spec && placeEdits(editTargetOf(doc, spec), trial.fix.edits);
  if (!changes) return refuse(`could not place "${trial.title}" in ${label}.`);
  const edits = toTextEdits(doc, changes);
  const edit = new vscode.WorkspaceEdit();
  edit.set(file, edits);
  if (!(await vscode.workspace.applyEdit(edit))) return refuse(`the editor did not take the edit of "${trial.title}".`);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: vscode.ViewColumn.One });
  const at = edits[0]?.range.start ?? new vscode.Position(0, 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  void vscode.window.showInformationMessage(`Backprop: applied "${trial.title}" (not saved). Train to see it.`);
  return { applied: true };
}

function refuse(message: string): ApplyOutcome {
  void vscode.window.showWarningMessage(`Backprop: ${message}`);
  return { applied: false, message };
}
