// Evaluate run, Predict… and Export model… on a saved run (issue 16): from the side view's
// context menu on a run, or the palette (which asks which run). The work runs in the training
// process (src/worker/model.ts), never in the extension host.
// Scripts and tests pass the run (its id, folder or `{ runId }`) and the rest as options:
// `predict(run, { input, out })`, `exportModel(run, { format, out })`; each resolves with the
// outcome ({ ok, result | message }).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { workspaceRootOf } from '../base/config';
import type { RunHistory } from '../runs/history';
import { readNetworkFile, requestedBackend } from '../worker/networkFile';
import type { StoredRun } from '../runs/store';
import type { ModelRequest } from '../../shared/worker-protocol';
import { runModelTask, type ModelOutcome } from './task';

const FORMATS = [
  { label: 'onnx', description: 'model.onnx: one graph with the input normalisation (onnxruntime, any ONNX tool)' },
  { label: 'safetensors', description: 'model.safetensors: the weights, with the normalisation and classes in its metadata' },
  { label: 'pytorch', description: 'train_pytorch.py: the same model, loss, optimizer and data in PyTorch, trained on from these weights' },
  { label: 'keras', description: 'train_keras.py: the same in Keras 3' },
] as const;
type Format = typeof FORMATS[number]['label'];

function hasModel(dir: string): boolean {
  return existsSync(path.join(dir, 'model.safetensors')) || existsSync(path.join(dir, 'weights.json'));
}

/** The run an argument names (a `{ runId }` from the side view's menu, a run id or folder, a
 *  folder's Uri), else the one the user picks among the saved runs. */
async function resolveRun(arg: unknown, history: RunHistory, verb: string): Promise<StoredRun | undefined> {
  const runs = (await history.all()).filter((r) => r.status !== 'running' && hasModel(r.dir));
  const wanted = typeof arg === 'object' && arg !== null && 'runId' in arg ? String((arg as { runId: unknown }).runId)
    : arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : undefined;
  if (wanted !== undefined) {
    const run = runs.find((r) => r.id === wanted || path.resolve(r.dir) === path.resolve(wanted));
    if (!run) void vscode.window.showErrorMessage(`Backprop: no saved run with weights "${wanted}" (a run that failed or is still training has none).`);
    return run;
  }
  if (!runs.length) {
    void vscode.window.showInformationMessage('Backprop: no saved run with weights yet. Train a network file first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({
    label: r.name, description: `${path.basename(r.file)} · ${r.startedAt}`,
    detail: [r.verdict?.replace('_', ' '), r.bestValidationAccuracy !== null ? `${(100 * r.bestValidationAccuracy).toFixed(1)}% val acc` : undefined, `${r.epochs} epochs`].filter(Boolean).join(' · '),
    run: r,
  })), { title: `Backprop: ${verb}`, placeHolder: 'Which run?' });
  return pick?.run;
}

function options(arg: unknown): Record<string, unknown> {
  return typeof arg === 'object' && arg !== null ? arg as Record<string, unknown> : {};
}

export function registerModelCommands(extensionPath: string, history: RunHistory): vscode.Disposable {
  const output = vscode.window.createOutputChannel('Backprop models');

  const perform = async (run: StoredRun, task: ModelRequest['task'], extra: Partial<ModelRequest>, title: string): Promise<ModelOutcome> => {
    const file = vscode.Uri.file(run.file);
    // The backend training would use (the file's own, else the setting), so evaluate gives the run's numbers.
    const { parsed } = await readNetworkFile(file);
    const backend = parsed.spec ? requestedBackend(parsed.spec, file) : undefined;
    const request: ModelRequest = { type: 'model', task, file: run.file, run: run.dir, workspaceRoot: workspaceRootOf(file), backend, ...extra };
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Backprop: ${title} ${run.name}…` },
      () => runModelTask(extensionPath, request));
    output.appendLine(`── ${title} ${run.name} (${run.id}, ${path.basename(run.file)})`);
    output.appendLine(outcome.ok ? outcome.result.text.trimEnd() : `failed: ${outcome.message}`);
    output.appendLine('');
    if (!outcome.ok) void vscode.window.showErrorMessage(`Backprop: ${outcome.message}`);
    return outcome;
  };

  const trusted = () => {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showWarningMessage('Backprop: using a saved model reads data files and runs it in a separate process, so it waits until you trust this workspace.');
    return false;
  };

  return vscode.Disposable.from(
    output,
    vscode.commands.registerCommand('backprop.evaluateRun', async (arg?: unknown): Promise<ModelOutcome | undefined> => {
      if (!trusted()) return undefined;
      const run = await resolveRun(arg, history, 'Evaluate run');
      if (!run) return undefined;
      const outcome = await perform(run, 'evaluate', {}, 'Evaluate');
      // The report (loss, accuracy, confusion matrix) in the "Backprop models" output.
      if (outcome.ok) output.show(true);
      return outcome;
    }),
    vscode.commands.registerCommand('backprop.predict', async (arg?: unknown, opts?: unknown): Promise<ModelOutcome | undefined> => {
      if (!trusted()) return undefined;
      const run = await resolveRun(arg, history, 'Predict');
      if (!run) return undefined;
      const o = options(opts);
      let input = typeof o['input'] === 'string' ? o['input'] : undefined;
      if (!input) {
        const picked = await vscode.window.showOpenDialog({
          title: `Rows for ${run.name} to predict`, openLabel: 'Predict', canSelectMany: false,
          defaultUri: vscode.Uri.file(path.dirname(run.file)),
          filters: { 'Data (CSV, JSON, IDX)': ['csv', 'tsv', 'json', 'gz', 'idx3-ubyte', 'ubyte'], 'All files': ['*'] },
        });
        input = picked?.[0]?.fsPath;
        if (!input) return undefined;
      }
      const outcome = await perform(run, 'predict', { input, out: typeof o['out'] === 'string' ? o['out'] : undefined }, 'Predict with');
      if (outcome.ok && outcome.result.out && o['open'] !== false) {
        await vscode.window.showTextDocument(vscode.Uri.file(outcome.result.out), { preview: false });
        void vscode.window.showInformationMessage(`Backprop: ${outcome.result.text}`);
      }
      return outcome;
    }),
    vscode.commands.registerCommand('backprop.exportModel', async (arg?: unknown, opts?: unknown): Promise<ModelOutcome | undefined> => {
      if (!trusted()) return undefined;
      const run = await resolveRun(arg, history, 'Export model');
      if (!run) return undefined;
      const o = options(opts);
      let format = FORMATS.find((f) => f.label === o['format'])?.label as Format | undefined;
      format ??= (await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f })), { title: `Backprop: export ${run.name}`, placeHolder: 'Which format?' }))?.label;
      if (!format) return undefined;
      const outcome = await perform(run, 'export', { format, out: typeof o['out'] === 'string' ? o['out'] : undefined }, 'Export');
      if (outcome.ok && outcome.result.out && o['open'] !== false) {
        // A script is read and edited; a model file is for other tools: say where it is.
        if (format === 'pytorch' || format === 'keras') await vscode.window.showTextDocument(vscode.Uri.file(outcome.result.out), { preview: false });
        else void vscode.window.showInformationMessage(`Backprop: ${outcome.result.text}`);
      }
      return outcome;
    }),
  );
}
