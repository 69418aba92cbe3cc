// "This network file was edited", once the typing pauses: the Problems re-check the text and
// a shown study result is re-judged stale or current, without redoing it at every keystroke.
import * as vscode from 'vscode';
import { isNetworkFile } from './documents';

export const EDIT_DEBOUNCE_MS = 300;

/** Calls `listener(uri)` `ms` after the last edit of each network file (one timer per file). */
export function onNetworkFileEdited(listener: (uri: vscode.Uri) => void, ms = EDIT_DEBOUNCE_MS): vscode.Disposable {
  const timers = new Map<string, NodeJS.Timeout>();
  const sub = vscode.workspace.onDidChangeTextDocument((e) => {
    if (!e.contentChanges.length || !isNetworkFile(e.document)) return;
    const key = e.document.uri.toString();
    const uri = e.document.uri;
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      listener(uri);
    }, ms));
  });
  return {
    dispose: () => {
      sub.dispose();
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
