// "Try the fixes" (issue 11): the fixes for a file's verdict measured before they are offered.
// One try per file at a time, in the worker process, with a cancellable progress notification;
// a second try of the same file asks to restart, as training does. The panel listens to
// `onDidChange` and reads `viewOf`; Apply goes through `apply`, into the measured text only.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TryResult } from '../../engine/advice/types';
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { TryView } from '../../shared/protocol';
import { trialProgressText } from '../../shared/trialProgress';
import { Disposable } from '../base/dispose';
import { log } from '../base/log';
import { readNetworkFile, requestFor } from '../worker/networkFile';
import { showProgress } from '../worker/progress';
import { applyTrial, type ApplyOutcome } from './apply';
import { TryRun } from './run';

export interface TryOptions {
  /** Restart a try of the same file without asking. */
  restart?: boolean;
  /** The panel request that asked for it. */
  requestId?: number;
}

/** What `backprop.tryFixes` resolves with (for scripts and tests). */
export interface TryRunResult {
  status: TryView['status'] | 'invalid' | 'declined';
  tryId?: number;
  result: TryResult | null;
  message?: string;
}

export class TryManager extends Disposable {
  /** The running or last try of each file. */
  private readonly runs = new Map<string, TryRun>();
  private nextId = 1;
  private readonly _onDidChange = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** A file's try view changed (progress, result, stale, applied). */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidReport = this._register(new vscode.EventEmitter<{ file: vscode.Uri; diagnostics: FileDiagnostic[] }>());
  /** Problems the worker found in the file or its data (they belong in Problems). */
  readonly onDidReport = this._onDidReport.event;

  constructor(private readonly extensionPath: string, private readonly graceMs?: number) {
    super();
    this._register({ dispose: () => [...this.runs.values()].forEach((r) => r.kill()) });
    // An edit after the try makes its table stale: the fixes were measured on the old text.
    this._register(vscode.workspace.onDidChangeTextDocument(({ document }) => {
      const run = this.runs.get(document.uri.toString());
      const stale = run ? document.getText() !== run.text : false;
      if (run && stale !== run.view.stale) {
        run.view.stale = stale;
        this._onDidChange.fire(document.uri);
      }
    }));
  }

  viewOf(file: vscode.Uri): TryView | null {
    return this.runs.get(file.toString())?.view ?? null;
  }

  isRunning(file: vscode.Uri): boolean {
    return this.runs.get(file.toString())?.active === true;
  }

  async run(file: vscode.Uri, opts: TryOptions = {}): Promise<TryRunResult> {
    const previous = this.runs.get(file.toString());
    if (previous?.active) {
      const p = previous.view.progress;
      const where = p ? ` (training ${Math.min(p.done + 1, p.total)}/${p.total})` : '';
      const ok = opts.restart || (await vscode.window.showWarningMessage(
        `The fixes of ${path.basename(file.fsPath)} are being tried${where}. Restart?`, { modal: true, detail: 'The current try stops; its measurements are dropped.' }, 'Restart',
      )) === 'Restart';
      if (!ok) return { status: 'declined', result: null };
      previous.cancel();
      await previous.finished;
    }
    const { text, parsed } = await readNetworkFile(file);
    if (!parsed.spec) {
      const first = parsed.diagnostics.find((d) => d.severity === 'error');
      const message = first ? `line ${first.line}: ${first.message}` : 'the file has errors';
      void vscode.window.showErrorMessage(`Backprop: fix the errors of ${path.basename(file.fsPath)} to try its fixes. ${message}`, 'Show Problems')
        .then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return { status: 'invalid', result: null, message };
    }
    const run = new TryRun(this.extensionPath, { type: 'try_fixes', ...requestFor(file, text, parsed.spec) }, this.nextId++, opts.requestId, {
      onChange: () => this._onDidChange.fire(file),
      onInvalid: (_r, ds) => this._onDidReport.fire({ file, diagnostics: ds }),
      onStderr: (t) => log.info(`[worker] ${t.trimEnd()}`),
    }, this.graceMs);
    log.info(`trying the fixes of ${file.fsPath} (worker pid ${run.pid})`);
    this.runs.set(file.toString(), run);
    this.setContext();
    this._onDidChange.fire(file);
    this.showProgress(file, run);
    const view = await run.finished;
    this.setContext();
    this.report(file, view);
    return { status: view.status, tryId: view.tryId, result: view.result, message: view.message };
  }

  /** Cancel the try of `file` (else every running one); resolves once it ended. */
  async cancel(file?: vscode.Uri): Promise<boolean> {
    const targets = [...this.runs.entries()].filter(([k, r]) => r.active && (!file || k === file.toString())).map(([, r]) => r);
    targets.forEach((r) => r.cancel());
    await Promise.all(targets.map((r) => r.finished));
    return targets.length > 0;
  }

  /** Apply trial `index` of try `tryId` (the file's latest) to the document. */
  async apply(file: vscode.Uri, tryId: number, index: number): Promise<ApplyOutcome> {
    const run = this.runs.get(file.toString());
    if (!run || run.view.tryId !== tryId) {
      const message = 'that try is no longer the file\'s latest: apply from the newest table.';
      void vscode.window.showWarningMessage(`Backprop: ${message}`);
      return { applied: false, message };
    }
    const outcome = await applyTrial(file, run, index);
    if (outcome.applied) {
      run.view.applied = index;
      this._onDidChange.fire(file);
    }
    return outcome;
  }

  private setContext(): void {
    void vscode.commands.executeCommand('setContext', 'backprop.tryingFixes', [...this.runs.values()].some((r) => r.active));
  }

  private showProgress(file: vscode.Uri, run: TryRun): void {
    showProgress(`Trying the fixes: ${path.basename(file.fsPath)}`, {
      finished: run.finished,
      cancel: () => run.cancel(),
      onDidProgress: (listener) => this.onDidChange((f) => f.toString() === file.toString() && listener()),
      progress: () => {
        const p = run.view.progress;
        return p ? { percent: (100 * p.done) / Math.max(1, p.total), message: trialProgressText(p) } : undefined;
      },
    });
  }

  private report(file: vscode.Uri, v: TryView): void {
    const label = path.basename(file.fsPath);
    log.info(`trying the fixes of ${label} ended: ${v.status}${v.message ? ` — ${v.message}` : ''}`);
    if (v.status === 'refused') void vscode.window.showWarningMessage(`Backprop: cannot try the fixes of ${label} — ${v.message}`);
    else if (v.status === 'failed') void vscode.window.showErrorMessage(`Backprop: trying the fixes of ${label} failed — ${v.message}`, 'Show Log').then((a) => a && log.show());
  }
}
