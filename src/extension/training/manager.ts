// Starts and stops training runs, one per network file at a time. It checks the file first
// (errors stay in the editor and nothing is forked), sends the editor's text (unsaved edits
// train too), shows a cancellable progress notification, and tells the user in plain words
// how a run failed. Listeners (diagnostics, panel, side view, status bar) use its events.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { TrainEvent } from '../../engine/train/events';
import type { TrainRequest } from '../../shared/worker-protocol';
import { runsDirFor } from '../base/config';
import { Disposable } from '../base/dispose';
import { formatLoss } from '../base/format';
import { log } from '../base/log';
import { isCodeNetworkPath } from '../language/documents';
import { codeNetworkRequest, readNetworkFile, requestFor } from '../worker/networkFile';
import { showProgress } from '../worker/progress';
import { TrainingSession, type TrainResult } from './session';

export interface TrainOptions {
  /** Restart a run of the same file without asking. */
  restart?: boolean;
}

export class TrainingManager extends Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  private readonly pendingRestarts = new Map<string, { stopped: boolean }>();
  private latest: TrainingSession | undefined;
  private readonly _onDidStart = this._register(new vscode.EventEmitter<TrainingSession>());
  private readonly _onDidChange = this._register(new vscode.EventEmitter<TrainingSession>());
  private readonly _onDidEvent = this._register(new vscode.EventEmitter<{ session: TrainingSession; event: TrainEvent }>());
  private readonly _onDidReport = this._register(new vscode.EventEmitter<{ session: TrainingSession; diagnostics: FileDiagnostic[] }>());
  /** A run is about to start: clear what the previous run of the file left. */
  readonly onDidStart = this._onDidStart.event;
  /** State changes: run folder known, started, ended. */
  readonly onDidChange = this._onDidChange.event;
  readonly onDidEvent = this._onDidEvent.event;
  /** Problems the worker found in the file or its data (with the data loaded). */
  readonly onDidReport = this._onDidReport.event;

  constructor(private readonly extensionPath: string, private readonly graceMs?: number) {
    super();
    this._register({ dispose: () => [...this.sessions.values()].forEach((s) => s.kill()) });
    // Stop shows in the side view while anything trains, and in the title bar of the file that trains.
    this._register(this.onDidChange(() => {
      const active = [...this.sessions.values()].filter((s) => s.active);
      void vscode.commands.executeCommand('setContext', 'backprop.training', active.length > 0);
      void vscode.commands.executeCommand('setContext', 'backprop.trainingFiles', active.map((s) => s.file.fsPath));
    }));
  }

  sessionOf(file: vscode.Uri): TrainingSession | undefined {
    return this.sessions.get(file.toString());
  }

  /** The most recently started run (the status bar's and side view's "current or last"). */
  get current(): TrainingSession | undefined {
    return this.latest;
  }

  /** Run folders being written right now. */
  liveRunDirs(): Set<string> {
    return new Set([...this.sessions.values()].filter((s) => s.active && s.runDir).map((s) => s.runDir!));
  }

  async train(file: vscode.Uri, opts: TrainOptions = {}): Promise<TrainResult> {
    const previous = this.sessionOf(file);
    if (previous?.active) {
      const label = path.basename(file.fsPath);
      const epoch = previous.lastEpoch ? ` (epoch ${previous.lastEpoch.epoch}${previous.start ? ` of ${previous.start.epochs}` : ''})` : '';
      const ok = opts.restart || (await vscode.window.showWarningMessage(
        `${label} is training${epoch}. Restart it?`, { modal: true, detail: 'The current run stops and keeps the epochs it finished.' }, 'Restart',
      )) === 'Restart';
      if (!ok) return { status: 'declined', file: file.fsPath };
      // Stop pressed while the old run winds down cancels the restart too.
      const pending = { stopped: false };
      this.pendingRestarts.set(file.toString(), pending);
      previous.stop();
      await previous.finished;
      this.pendingRestarts.delete(file.toString());
      if (pending.stopped) return { status: 'cancelled', file: file.fsPath };
    }
    const request = isCodeNetworkPath(file) ? await codeNetworkRequest(file) : await this.networkFileRequest(file);
    if (!('type' in request)) return request;
    const session = new TrainingSession(file, this.extensionPath, request, {
      onEvent: (s, event) => {
        // Where it trains and why, one line (e.g. Dawn could not load, so the CPU).
        if (event.type === 'start') log.info(`${path.basename(file.fsPath)}: backend ${event.backend.name} (${event.backend.adapter}) — ${event.backend.reason}`);
        this._onDidEvent.fire({ session: s, event });
      },
      onFileDiagnostics: (s, diagnostics, invalid) => {
        this._onDidReport.fire({ session: s, diagnostics });
        if (invalid) void this.showProblems(file, diagnostics.filter((d) => d.severity === 'error'));
      },
      onChange: (s) => this._onDidChange.fire(s),
      onStderr: (_s, t) => log.info(`[worker] ${t.trimEnd()}`),
    }, this.graceMs);
    log.info(`training ${file.fsPath} (worker pid ${session.pid}, backend ${request.backend ?? 'from the file'})`);
    this.sessions.set(file.toString(), session);
    this.latest = session;
    this._onDidStart.fire(session);
    this._onDidChange.fire(session);
    this.showProgress(session);
    await session.finished;
    const result = session.result();
    this.report(session, result);
    return result;
  }

  /** The worker request for a network file, or the result when its errors stop it here. */
  private async networkFileRequest(file: vscode.Uri): Promise<TrainRequest | TrainResult> {
    const { text, parsed } = await readNetworkFile(file);
    if (!parsed.spec) {
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      void this.showProblems(file, errors);
      return { status: 'invalid', file: file.fsPath, message: errors[0]?.message };
    }
    return { type: 'train', ...requestFor(file, text, parsed.spec), runsDir: runsDirFor(file) };
  }

  /** Stop the run of `file`, else the latest active one; resolves once it has ended. */
  async stop(file?: vscode.Uri): Promise<boolean> {
    const session = file ? this.sessionOf(file) : [...this.sessions.values()].reverse().find((s) => s.active) ?? undefined;
    for (const [key, pending] of this.pendingRestarts) if (!file || key === file.toString()) pending.stopped = true;
    log.info(`stop ${file?.toString() ?? '(latest run)'}: ${session ? `${session.state}, worker ${session.pid}` : 'no run'}`);
    if (!session?.active) return false;
    session.stop();
    await session.finished;
    return true;
  }

  private showProgress(session: TrainingSession): void {
    showProgress(`Training ${path.basename(session.file.fsPath)}`, {
      finished: session.finished,
      cancel: () => session.stop(),
      onDidProgress: (listener) => this.onDidEvent(({ session: s, event }) => s === session && event.type === 'epoch' && listener()),
      progress: () => {
        const e = session.lastEpoch;
        if (!e || !session.start) return undefined;
        return { percent: (100 * e.epoch) / session.start.epochs, message: `epoch ${e.epoch}/${session.start.epochs} · loss ${formatLoss(e.train.loss)}` };
      },
    });
  }

  private report(session: TrainingSession, result: TrainResult): void {
    const label = path.basename(session.file.fsPath);
    const kept = result.epochs ? ` The run keeps its ${result.epochs} finished epoch${result.epochs === 1 ? '' : 's'}.` : '';
    log.info(`training ${label} ended: ${result.status}${result.message ? ` — ${result.message}` : ''}`);
    if (result.status === 'crashed') {
      const o = session.outcome;
      if (o?.kind === 'crashed' && o.detail) log.error(o.detail);
      void this.offerLog(`Backprop: training ${label} failed — ${result.message}.${kept}`, 'error');
    } else if (result.status === 'killed') {
      void this.offerLog(`Backprop: the training process of ${label} did not stop and was killed.${kept}`, 'warning');
    } else if (result.status === 'failed') {
      void this.offerLog(`Backprop: training ${label} failed — ${result.message ?? 'see the log'}.${kept}`, 'error');
    }
  }

  private async offerLog(message: string, level: 'error' | 'warning'): Promise<void> {
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    if ((await show(message, 'Show Log')) === 'Show Log') log.show();
  }

  private async showProblems(file: vscode.Uri, errors: FileDiagnostic[]): Promise<void> {
    const first = errors[0];
    const where = first ? ` Line ${first.line}: ${first.message}` : '';
    const n = errors.length;
    const answer = await vscode.window.showErrorMessage(
      `Backprop: ${path.basename(file.fsPath)} has ${n} error${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} to train.${where}`, 'Show Problems');
    if (answer === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}
