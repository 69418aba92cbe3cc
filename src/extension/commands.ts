// The commands. `backprop.train` resolves which network file to train (the explorer or
// editor-title argument, else the active panel's or editor's file, else a pick) and
// resolves with how the run ended; `{ restart: true }` as second argument skips the
// "restart?" question (for scripts and tests). `backprop.tryFixes` likewise (issue 11).
import * as vscode from 'vscode';
import { CODE_NETWORK_GLOB, LANGUAGE_ID, NETWORK_GLOB, isCodeNetworkPath, isNetworkFile, isNetworkPath } from './language/documents';
import type { StudyRunOptions } from './studies/input';
import type { StudyManager } from './studies/manager';
import type { StudyRunResult } from './studies/result';
import type { TrainingManager, TrainOptions } from './training/manager';
import type { TryManager, TryOptions, TryRunResult } from './tryFixes/manager';
import type { TrainResult } from './training/session';
import type { PanelManager } from './webviews/panels';

export { LANGUAGE_ID };

function asOptions(arg: unknown): TrainOptions {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) && 'restart' in arg ? { restart: !!(arg as TrainOptions).restart } : {};
}

/** `{ seeds, bootstraps, force }` from a script's second argument. */
function asStudyRunOptions(arg: unknown): StudyRunOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  return { seeds: int(o['seeds']), bootstraps: int(o['bootstraps']), force: o['force'] === true };
}

/** `{ restart, requestId }` from a script's (or the panel's) second argument. */
function asTryOptions(arg: unknown): TryOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  return { restart: o['restart'] === true, requestId: Number.isSafeInteger(o['requestId']) ? o['requestId'] as number : undefined };
}

/**
 * Training, the studies and Try it read the file's data and run it in a separate process: in
 * an untrusted workspace they wait for trust (the manifest's capabilities say so), whichever
 * button, code lens or script asks. Reading, checking, hover and completion work without it.
 */
function trusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`Backprop: ${what} reads data files and runs the network in a separate process, so it waits until you trust this workspace.`, 'Manage Workspace Trust')
    .then((answer) => answer && vscode.commands.executeCommand('workbench.trust.manage'));
  return false;
}

export function registerCommands(manager: TrainingManager, panels: PanelManager, studies: StudyManager, tries: TryManager): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('backprop.train', async (uri?: unknown, opts?: unknown): Promise<TrainResult | undefined> => {
      if (!trusted('training')) return undefined;
      const file = uri instanceof vscode.Uri ? uri : panels.activeFile() ?? await pickNetworkFile('Which network file to train?', true);
      if (!file) return undefined;
      panels.show(file);
      return manager.train(file, asOptions(opts));
    }),
    vscode.commands.registerCommand('backprop.diagnose', async (uri?: unknown, opts?: unknown): Promise<StudyRunResult | undefined> => {
      if (!trusted('diagnosing bias and variance')) return undefined;
      const file = uri instanceof vscode.Uri ? uri : panels.activeFile() ?? await pickNetworkFile('Which network file to diagnose?');
      if (!file) return undefined;
      panels.show(file);
      const result = await studies.run(file, asStudyRunOptions(opts));
      if (result.status === 'invalid') {
        void vscode.window.showErrorMessage(`Backprop: fix the file's errors to diagnose it. ${result.message ?? ''}`, 'Show Problems')
          .then((answer) => answer && vscode.commands.executeCommand('workbench.actions.view.problems'));
      }
      return result;
    }),
    vscode.commands.registerCommand('backprop.cancelDiagnose', async (uri?: unknown) => {
      const cancelled = await studies.cancel(uri instanceof vscode.Uri ? uri : panels.activeFile());
      if (!cancelled) void vscode.window.showInformationMessage('Backprop: no diagnosis is running.');
      return cancelled;
    }),
    vscode.commands.registerCommand('backprop.tryFixes', async (uri?: unknown, opts?: unknown): Promise<TryRunResult | undefined> => {
      if (!trusted('trying the fixes')) return undefined;
      const file = uri instanceof vscode.Uri ? uri : panels.activeFile() ?? await pickNetworkFile('Which network file\'s fixes to try?');
      if (!file) return undefined;
      panels.show(file);
      return tries.run(file, asTryOptions(opts));
    }),
    // The panel's Apply (and scripts): trial `index` of try `tryId` of the file, into its measured text only.
    vscode.commands.registerCommand('backprop.applyTrial', async (uri?: unknown, tryId?: unknown, index?: unknown) => {
      if (!(uri instanceof vscode.Uri) || !Number.isSafeInteger(tryId) || !Number.isSafeInteger(index)) return { applied: false, message: 'no such fix' };
      return tries.apply(uri, tryId as number, index as number);
    }),
    vscode.commands.registerCommand('backprop.cancelTryFixes', async (uri?: unknown) => {
      const cancelled = await tries.cancel(uri instanceof vscode.Uri ? uri : panels.activeFile());
      if (!cancelled) void vscode.window.showInformationMessage('Backprop: no fixes are being tried.');
      return cancelled;
    }),
    vscode.commands.registerCommand('backprop.stop', async (uri?: unknown) => {
      const stopped = await manager.stop(uri instanceof vscode.Uri ? uri : panels.activeFile());
      if (!stopped) void vscode.window.showInformationMessage('Backprop: no training is running.');
      return stopped;
    }),
    vscode.commands.registerCommand('backprop.openPanel', async (uri?: unknown) => {
      if (uri instanceof vscode.Uri) return void panels.show(uri, false);
      // The active network file's panel, else the last one shown, else ask.
      const active = activeNetworkFile();
      if (active) return void panels.show(active, false);
      const last = panels.lastShown;
      if (last) return last.reveal(false);
      const file = await pickNetworkFile('Which network file\'s panel?');
      if (file) panels.show(file, false);
    }),
    vscode.commands.registerCommand('backprop.openRun', async (runId?: unknown) => {
      if (typeof runId === 'string') await panels.showRun(runId);
    }),
  );
}

/**
 * The network file of the active tab, else of the active text editor. The tab comes first:
 * it changes the moment a file opens, the text editor only once the file's text has loaded.
 */
function activeNetworkFile(withCode = false): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const fits = (uri: vscode.Uri) => isNetworkPath(uri) || (withCode && isCodeNetworkPath(uri));
  if (input instanceof vscode.TabInputText && fits(input.uri)) return input.uri;
  const doc = vscode.window.activeTextEditor?.document;
  return doc && (isNetworkFile(doc) || fits(doc.uri)) ? doc.uri : undefined;
}

/** The active network file, else the only one in the workspace, else ask; `withCode`: code networks count too (training). */
async function pickNetworkFile(placeHolder = 'Which network file?', withCode = false): Promise<vscode.Uri | undefined> {
  const active = activeNetworkFile(withCode);
  if (active) return active;
  const globs = withCode ? [NETWORK_GLOB, CODE_NETWORK_GLOB] : [NETWORK_GLOB];
  const files = (await Promise.all(globs.map((g) => vscode.workspace.findFiles(g, '**/node_modules/**', 200)))).flat();
  if (files.length === 1) return files[0];
  if (files.length === 0) {
    void vscode.window.showWarningMessage('Backprop: open a network file (*.nn.yaml) first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { placeHolder },
  );
  return picked?.uri;
}
