// Entry point. Activation is lazy (network-file language, the commands, the side view, a
// restored panel) and light: it registers UI and the YAML parser only. The engine and the
// native `webgpu` addon are never imported here; training runs in a forked worker process
// (dist/worker.js).
import * as vscode from 'vscode';
import { log } from './base/log';
import { registerCommands } from './commands';
import { registerModelCommands } from './models/commands';
import { NetworkCodeActions } from './language/codeActions';
import { TrainCodeLens } from './language/codeLens';
import { NetworkCompletion } from './language/completion';
import { NetworkDiagnostics } from './language/diagnostics';
import { isCodeNetworkPath, isNetworkFile, NETWORK_SELECTOR, stopBackgroundParsing } from './language/documents';
import { LayerHover } from './language/hover';
import { setReferenceRoot } from './language/reference';
import { registerNewFileCommand } from './newFile/command';
import { RunHistory } from './runs/history';
import { StudyFindings } from './studies/findings';
import { StudyManager } from './studies/manager';
import { StudyStatusBar } from './studies/statusBar';
import { TrainingManager } from './training/manager';
import { TrainingStatusBar } from './training/statusBar';
import { TryManager } from './tryFixes/manager';
import { PanelManager } from './webviews/panels';
import { RUNS_VIEW_ID, RunsViewProvider } from './webviews/runsView';

export function activate(context: vscode.ExtensionContext): void {
  setReferenceRoot(context.extensionUri);
  const manager = new TrainingManager(context.extensionPath);
  const history = new RunHistory(manager);
  const studies = new StudyManager(context.extensionPath);
  const studyFindings = new StudyFindings(studies);
  const tries = new TryManager(context.extensionPath);
  const diagnostics = new NetworkDiagnostics();
  const panels = new PanelManager({ extensionUri: context.extensionUri, manager, history, studies, tries }, context.workspaceState);
  const runs = new RunsViewProvider(context.extensionUri, manager, history);
  const codeLens = new TrainCodeLens(history, studies);
  context.subscriptions.push(
    log, manager, studies, tries, studyFindings, history, diagnostics, panels, runs, codeLens,
    new TrainingStatusBar(manager),
    { dispose: stopBackgroundParsing },
    new StudyStatusBar(studies),
    // Training findings: cleared when the file's next run starts, added as they come.
    manager.onDidStart((s) => diagnostics.clearTraining(s.file)),
    manager.onDidReport(({ session, diagnostics: ds }) => diagnostics.addFileDiagnostics(session.file, ds)),
    studies.onDidReport(({ file, diagnostics: ds }) => diagnostics.addFileDiagnostics(file, ds)),
    tries.onDidReport(({ file, diagnostics: ds }) => diagnostics.addFileDiagnostics(file, ds)),
    manager.onDidEvent(({ session, event }) => {
      if (event.type === 'diagnostic') diagnostics.addTrainingEvent(session.file, event);
      if (event.type === 'end') diagnostics.setEnd(session.file, event);
    }),
    // After a restart the Problems show what each open file's last stored run found.
    vscode.workspace.onDidOpenTextDocument((d) => void restoreFindings(d)),
    vscode.window.registerWebviewViewProvider(RUNS_VIEW_ID, runs),
    vscode.languages.registerCodeActionsProvider(NETWORK_SELECTOR, new NetworkCodeActions(diagnostics), NetworkCodeActions.metadata),
    vscode.languages.registerCodeActionsProvider(NETWORK_SELECTOR, studyFindings, StudyFindings.metadata),
    vscode.languages.registerHoverProvider(NETWORK_SELECTOR, new LayerHover(history)),
    vscode.languages.registerCompletionItemProvider(NETWORK_SELECTOR, new NetworkCompletion(), ' '),
    vscode.languages.registerCodeLensProvider(NETWORK_SELECTOR, codeLens),
    registerCommands(manager, panels, studies, tries),
    registerModelCommands(context.extensionPath, history),
    registerNewFileCommand(),
  );
  async function restoreFindings(doc: vscode.TextDocument): Promise<void> {
    if (!(isNetworkFile(doc) || isCodeNetworkPath(doc.uri)) || doc.uri.scheme !== 'file' || diagnostics.hasTraining(doc.uri)) return;
    const last = await history.lastRun(doc.uri);
    if (last?.end) diagnostics.restoreTraining(doc.uri, last.diagnostics, last.end);
  }
  vscode.workspace.textDocuments.forEach((d) => void restoreFindings(d));
  log.info('Backprop activated');
}

export function deactivate(): void {
  // Everything is in context.subscriptions (the manager kills running workers).
}
