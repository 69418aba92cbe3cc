// The three commands. `backprop.train` resolves which network file to train (the explorer
// or editor-title argument, else the active editor, else a pick from the workspace).
import * as vscode from 'vscode';
import type { PanelManager } from './panel';

export const LANGUAGE_ID = 'backprop-network';
const NETWORK_GLOB = '**/*.nn.{yaml,json}';

export function registerCommands(panels: PanelManager): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('backprop.train', async (uri?: vscode.Uri) => {
      const file = uri instanceof vscode.Uri ? uri : await pickNetworkFile();
      // Training itself (a forked worker) arrives with the engine; the panel is real now.
      if (file) panels.show(file);
    }),
    vscode.commands.registerCommand('backprop.stop', () => {
      const panel = panels.lastShown;
      if (panel && (panel.status === 'running' || panel.status === 'starting')) panel.status = 'stopped';
      else void vscode.window.showInformationMessage('Backprop: no training is running.');
    }),
    vscode.commands.registerCommand('backprop.openPanel', async () => {
      const last = panels.lastShown;
      if (last) {
        last.reveal();
        return;
      }
      const file = await pickNetworkFile();
      if (file) panels.show(file);
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
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Which network file to train?' },
  );
  return picked?.uri;
}
