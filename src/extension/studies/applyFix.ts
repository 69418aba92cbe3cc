// "Apply" on a study's suggestion in the panel: the edit goes into the editor, not saved (the
// user decides), with the cursor on it. Only a result of the current text offers one.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StudyResult } from '../../engine/studies/types';
import { parseDocument } from '../language/documents';
import { fixEdits, quickFixOf, type FixSource } from './fix';

/** `result`: the file's current result, if any; `running`: a study run of the file is under way. */
export async function applyStudyFix(file: vscode.Uri, result: StudyResult | undefined, running: boolean, source: FixSource): Promise<boolean> {
  const fix = result && quickFixOf(result, source);
  if (!fix) {
    void vscode.window.showWarningMessage(running
      ? 'Backprop: the diagnosis is still running; its suggestions can be applied when it ends.'
      : result
        ? 'Backprop: the diagnosis has no suggestion to apply.'
        : 'Backprop: the file changed since the diagnosis; run it again to get a suggestion for this text.');
    return false;
  }
  const doc = await vscode.workspace.openTextDocument(file);
  const spec = parseDocument(doc).spec;
  const edits = spec && fixEdits({ doc, spec }, fix);
  if (!edits) {
    void vscode.window.showWarningMessage(`Backprop: could not place "${fix.title}" in ${path.basename(file.fsPath)}.`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.set(file, edits);
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok) {
    const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: vscode.ViewColumn.One });
    const at = edits[0]!.range.start;
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    void vscode.window.showInformationMessage(`Backprop: applied "${fix.title}". Train, or diagnose again, to check it.`);
  }
  return ok;
}
