// Entry point. Activation is lazy (network-file language, the commands, the side view) and
// light: it registers UI only. The engine and the native `webgpu` addon are never imported
// here; training will run in a forked worker process (dist/worker.js).
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { log } from './log';
import { PanelManager } from './panel';
import { RUNS_VIEW_ID, RunsViewProvider } from './runsView';

export function activate(context: vscode.ExtensionContext): void {
  const panels = new PanelManager(context.extensionUri);
  const runs = new RunsViewProvider(context.extensionUri);
  context.subscriptions.push(
    log,
    panels,
    runs,
    vscode.window.registerWebviewViewProvider(RUNS_VIEW_ID, runs),
    registerCommands(panels),
  );
  log.info('Backprop activated');
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
