// How a study run's end is told: in the log always, and in a notification when it was
// refused (with "Go to Line" on the reason), failed, or was cancelled with nothing to show.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StudyView } from '../../shared/protocol';
import { log } from '../base/log';

/** `at`: where in the file a refusal's reason is; `keptPrevious`: the panel still shows the result before. */
export function reportEnd(file: vscode.Uri, v: StudyView, at: { line: number; column: number } | undefined, keptPrevious: boolean): void {
  const label = path.basename(file.fsPath);
  const kept = keptPrevious ? ' The panel keeps the previous result.' : '';
  log.info(`diagnosis of ${label} ended: ${v.status}${v.message ? ` — ${v.message}` : ''}`);
  if (v.status === 'refused') {
    if (at) v.message = `${label}:${at.line}:${at.column}: ${v.message}`;
    void vscode.window.showWarningMessage(`Backprop: cannot diagnose ${label} — ${v.message}${kept}`, ...(at ? ['Go to Line'] : [])).then((a) => {
      if (a && at) void vscode.window.showTextDocument(file, { selection: new vscode.Range(at.line - 1, at.column - 1, at.line - 1, at.column - 1) });
    });
  } else if (v.status === 'failed') {
    void vscode.window.showErrorMessage(`Backprop: the diagnosis of ${label} failed — ${v.message}${kept}`, 'Show Log').then((a) => a && log.show());
  } else if (v.status === 'cancelled' && keptPrevious) {
    void vscode.window.showInformationMessage(`Backprop: the diagnosis of ${label} was cancelled before a study finished.${kept}`);
  }
}
