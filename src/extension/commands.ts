// The commands. `backprop.train` resolves which network file to train (the explorer or
// editor-title argument, else the active panel's or editor's file, else a pick) and
// resolves with how the run ended; `{ restart: true }` as second argument skips the
// "restart?" question (for scripts and tests).
import * as vscode from 'vscode';
import { LANGUAGE_ID, NETWORK_GLOB } from './documents';
import type { PanelManager } from './panels';
import type { TrainResult } from './session';
import type { TrainingManager, TrainOptions } from './trainingManager';

export { LANGUAGE_ID };

function asOptions(arg: unknown): TrainOptions {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && 'restart' in arg ? { restart: !!(arg as TrainOptions).restart } : {};
}

export function registerCommands(manager: TrainingManager, panels: PanelManager): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('backprop.train', async (uri?: unknown, opts?: unknown): Promise<TrainResult | undefined> => {
      const file = uri instanceof vscode.Uri ? uri : panels.activeFile() ?? await pickNetworkFile();
      if (!file) return undefined;
      panels.show(file);
      return manager.train(file, asOptions(opts));
    }),
    vscode.commands.registerCommand('backprop.stop', async (uri?: unknown) => {
      const stopped = await manager.stop(uri instanceof vscode.Uri ? uri : panels.activeFile());
      if (!stopped) void vscode.window.showInformationMessage('Backprop: no training is running.');
      return stopped;
    }),
    vscode.commands.registerCommand('backprop.openPanel', async (uri?: unknown) => {
      if (uri instanceof vscode.Uri) return void panels.show(uri, false);
      // The active network file's panel, else the last one shown, else ask.
      const doc = vscode.window.activeTextEditor?.document;
      if (doc?.languageId === LANGUAGE_ID) return void panels.show(doc.uri, false);
      const last = panels.lastShown;
      if (last) return last.reveal(false);
      const file = await pickNetworkFile();
      if (file) panels.show(file, false);
    }),
    vscode.commands.registerCommand('backprop.openRun', async (runId?: unknown) => {
      if (typeof runId === 'string') await panels.showRun(runId);
    }),
  );
}

/** The active network file, else the only one in the workspace, else ask. */
async function pickNetworkFile(): Promise<vscode.Uri | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === LANGUAGE_ID) return doc.uri;
  const files = await vscode.workspace.findFiles(NETWORK_GLOB, '**/node_modules/**', 200);
  if (files.length === 1) return files[0];
  if (files.length === 0) {
    void vscode.window.showWarningMessage('Backprop: open a network file (*.nn.yaml) to train it.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { placeHolder: 'Which network file to train?' },
  );
  return picked?.uri;
}
