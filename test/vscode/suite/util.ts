// Helpers shared by the VS Code test files.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'backprop.backprop';

/** A file of the test workspace (a temp copy of test/vscode/workspace). */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Poll until `check` returns a truthy value; fail with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Webview tabs with the given title, in every editor group. */
export function webviewTabs(label: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** What `backprop.train` resolves with (src/extension/training/session.ts, TrainResult). */
export interface TrainResult {
  status: 'completed' | 'early_stopped' | 'cancelled' | 'failed' | 'invalid' | 'crashed' | 'killed' | 'declined';
  file: string;
  runId?: string;
  runDir?: string;
  verdict?: string | null;
  epochs?: number;
  message?: string;
}

/** Train a fixture to the end (restarting a run of it without asking). */
export async function train(name: string): Promise<TrainResult> {
  const result = await vscode.commands.executeCommand<TrainResult>('backprop.train', fixture(name), { restart: true });
  if (!result) throw new Error(`backprop.train returned nothing for ${name}`);
  return result;
}

/** Start training a fixture without waiting for the end. */
export function startTraining(name: string): Thenable<TrainResult> {
  return vscode.commands.executeCommand<TrainResult>('backprop.train', fixture(name), { restart: true });
}

/** Backprop's diagnostics of a file, optionally only those with `code`. */
export function diagnosticsOf(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source?.startsWith('Backprop') && (!code || d.code === code));
}

/** 0-based line of the first line of `doc` that contains `text`. */
export function lineOf(doc: vscode.TextDocument, text: string): number {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(text)) return i;
  throw new Error(`no line contains ${JSON.stringify(text)}`);
}

/** Replace a document's whole text and save it (tests restore fixtures this way). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  await vscode.workspace.applyEdit(edit);
  await doc.save();
}
