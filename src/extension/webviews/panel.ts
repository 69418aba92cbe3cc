// The training panel for one network file: a webview tab titled "Backprop — <file>". It
// shows one run at a time: the live run while the file trains (events forwarded in batches,
// at most 5 messages a second), else the newest stored run, or a run picked in the side
// view. Every time its page loads (first open, shown again, after a restart) it gets the
// whole run again from the session or the run store.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartEvent, TrainEvent } from '../../engine/train/events';
import { exhaustive, type PanelMessage, type PanelStatus, type WebviewMessage, type WebviewRequest } from '../../shared/protocol';
import { Batcher } from '../base/batcher';
import { Disposable } from '../base/dispose';
import { formatWhen } from '../base/format';
import { log } from '../base/log';
import type { RunHistory } from '../runs/history';
import { overlayPoints, readEvents, readRun } from '../runs/store';
import type { StudyManager } from '../studies/manager';
import type { TrainingManager } from '../training/manager';
import type { TrainingSession } from '../training/session';
import type { ApplyOutcome } from '../tryFixes/apply';
import type { TryManager, TryRunResult } from '../tryFixes/manager';
import { WebviewChannel } from './channel';
import { saveExport } from './exporter';
import { firstLayerUnits } from './firstLayer';
import { renderHtml } from './html';

export const PANEL_VIEW_TYPE = 'backprop.panel';

export function panelTitle(file: vscode.Uri): string {
  return `Backprop — ${path.basename(file.fsPath)}`;
}

export interface PanelDeps {
  extensionUri: vscode.Uri;
  manager: TrainingManager;
  history: RunHistory;
  studies: StudyManager;
  tries: TryManager;
}

export class TrainingPanel extends Disposable {
  private readonly channel: WebviewChannel<PanelMessage>;
  private readonly batch: Batcher<TrainEvent>;
  private readonly _onDidDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this._onDidDispose.event;
  /** The run shown: a stored run's id, or the live session's. */
  private shown: { runId: string; session?: TrainingSession } | undefined;
  /** A run asked for by id (side view) before the page was ready. */
  private wanted: string | undefined;

  constructor(private readonly panel: vscode.WebviewPanel, private readonly deps: PanelDeps, readonly file: vscode.Uri) {
    super();
    this.channel = this._register(new WebviewChannel<PanelMessage>(panel.webview, 'panel'));
    this.batch = this._register(new Batcher<TrainEvent>((events) => {
      if (this.shown) this.channel.post({ type: 'events', runId: this.shown.runId, events });
    }, 200)); // 5 redraws a second look live and leave the CPU to training
    this._register(panel.onDidDispose(() => this.dispose()));
    // Without retainContextWhenHidden a hidden page is gone; it says `ready` again when shown.
    this._register(panel.onDidChangeViewState(() => panel.visible || this.channel.reset()));
    this._register(this.channel.onMessage((m) => void this.receive(m)));
    this._register(deps.manager.onDidChange((s) => s.file.toString() === file.toString() && this.sessionChanged(s)));
    this._register(deps.studies.onDidChange((f) => f.toString() === file.toString() && void this.sendStudy()));
    this._register(deps.tries.onDidChange((f) => f.toString() === file.toString() && this.sendTry()));
    this._register(deps.manager.onDidEvent(({ session, event }) => {
      if (this.shown?.session === session && this.channel.isReady) this.batch.push(event);
    }));
    panel.webview.html = renderHtml(panel.webview, deps.extensionUri, {
      title: panel.title, script: 'panel.js', style: 'panel.css',
      body: '<main id="app"><p class="muted">Loading…</p></main>',
    });
  }

  get status(): PanelStatus {
    const s = this.deps.manager.sessionOf(this.file);
    return s ? s.state : this.storedStatus ?? 'idle';
  }

  /** How the shown stored run ended, when no run of this file happened in this window. */
  private storedStatus: PanelStatus | undefined;

  get shownRunId(): string | undefined {
    return this.shown?.runId;
  }

  /** The panel is the active editor tab. */
  get active(): boolean {
    return this.panel.active;
  }

  reveal(preserveFocus = true): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Show a stored run (from the side view). */
  async showRun(runId: string): Promise<void> {
    this.wanted = runId;
    if (this.channel.isReady) await this.sendSnapshot();
  }

  private async receive(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready': return this.sendSnapshot();
      // Diagnose pressed over a current result means "run it again", not "show the cache".
      case 'command': return void vscode.commands.executeCommand(`backprop.${m.command}`, this.file,
        m.command === 'diagnose' ? { force: this.deps.studies.showsCurrentCompleted(this.file) } : undefined);
      case 'overlay': return this.answerOverlay(m);
      case 'export': return void (await saveExport(this.file, m.format, m.suggestedName, m.data));
      case 'applyStudyFix': return void (await this.deps.studies.applyFix(this.file, m.source));
      case 'tryFixes': return this.answerTry(m);
      case 'applyTrial': {
        const r = await vscode.commands.executeCommand<ApplyOutcome>('backprop.applyTrial', this.file, m.tryId, m.trial);
        return this.channel.post({ type: 'applyTrial', requestId: m.requestId, applied: r.applied, message: r.message });
      }
      // The side view's message (the channel refuses it from the panel). Errors are logged by the channel.
      case 'openRun': case 'error': return;
      default: return exhaustive(m);
    }
  }

  /** Everything the page needs, from scratch. */
  private async sendSnapshot(): Promise<void> {
    this.batch.clear();
    const session = this.deps.manager.sessionOf(this.file);
    const wanted = this.wanted;
    this.wanted = undefined;
    const init = (status: PanelStatus) => this.channel.post({
      type: 'init', fileName: path.basename(this.file.fsPath), filePath: vscode.workspace.asRelativePath(this.file), status,
    });
    if (session && (!wanted || wanted === session.runId) && (session.active || !wanted)) {
      init(session.state);
      this.shown = { runId: session.runId ?? 'live', session };
      this.channel.post({ type: 'run', runId: this.shown.runId, events: [...session.events], live: session.active });
      this.channel.post({ type: 'unreadable', part: 'run', problem: null });
    } else {
      const runs = await this.deps.history.runsOf(this.file);
      const run = runs.find((r) => r.id === wanted) ?? runs[0];
      this.storedStatus = run && STORED_STATUS[run.status];
      init(this.storedStatus ?? 'idle');
      if (run) {
        this.shown = { runId: run.id };
        // A damaged or crafted events file: what fits is shown, and a card says where it stops.
        const read = await readRun(run.dir);
        const { events } = read;
        // A run another process is writing (the CLI) may be read in the middle of a line.
        const problem = run.status === 'running' && read.problem?.endsWith('cut short') ? undefined : read.problem;
        if (problem) log.warn(`run ${run.id}: events.jsonl ${problem}`);
        this.channel.post({ type: 'run', runId: run.id, events, live: false });
        this.channel.post({ type: 'unreadable', part: 'run', problem: problem ? { file: `${run.id}/events.jsonl`, reason: problem } : null });
      }
    }
    await this.sendStudy();
    this.sendTry();
    await this.sendHistory();
    await this.sendWeights();
  }

  /** The file's bias/variance studies (running, last or cached), whole. */
  private async sendStudy(): Promise<void> {
    if (!this.channel.isReady) return;
    try {
      const study = await this.deps.studies.viewOf(this.file);
      this.channel.post({ type: 'study', study });
      const unreadable = study ? undefined : this.deps.studies.unreadableOf(this.file);
      if (unreadable) log.warn(`the cached studies of ${this.file.fsPath} cannot be read: ${unreadable.file}: ${unreadable.reason}`);
      this.channel.post({ type: 'unreadable', part: 'study', problem: unreadable ? { file: `studies/${unreadable.file}`, reason: unreadable.reason } : null });
    } catch (err) {
      log.error(`the studies of ${this.file.fsPath} could not be shown: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The file's "Try the fixes" (running or last), whole. */
  private sendTry(): void {
    if (this.channel.isReady) this.channel.post({ type: 'trial', view: this.deps.tries.viewOf(this.file) });
  }

  /** Try the fixes (through the command: the same restart rule); answered when the try ends. */
  private async answerTry({ requestId }: Extract<WebviewRequest, { type: 'tryFixes' }>): Promise<void> {
    const r = await vscode.commands.executeCommand<TryRunResult | undefined>('backprop.tryFixes', this.file, { requestId });
    this.channel.post({ type: 'tryFixes', requestId, status: r?.status ?? 'declined', message: r?.message });
  }

  private sessionChanged(s: TrainingSession): void {
    if (!this.channel.isReady) return;
    if (this.shown?.session !== s && s.active) {
      // A new run: the page starts over with it once its run folder (its id) is known.
      this.batch.clear();
      this.shown = { runId: s.runId ?? 'live', session: s };
      if (s.runId) this.channel.post({ type: 'run', runId: s.runId, events: [...s.events], live: true });
    } else if (this.shown?.session === s && s.runId && this.shown.runId !== s.runId) {
      this.shown.runId = s.runId;
      this.channel.post({ type: 'run', runId: s.runId, events: [...s.events], live: s.active });
    }
    if (!s.active) this.batch.flush();
    this.channel.post({ type: 'status', status: s.state, message: statusMessage(s) });
    if (!s.active) void this.sendHistory().then(() => this.sendWeights());
  }

  private async sendHistory(): Promise<void> {
    const runs = await this.deps.history.runsOf(this.file);
    this.channel.post({
      type: 'history',
      runs: runs.filter((r) => r.id !== this.shown?.runId).map((r) => ({
        runId: r.id, label: `${formatWhen(r.startedAt)} · ${r.verdict?.replace('_', ' ') ?? r.status} · ${r.epochs} epochs`,
      })),
    });
  }

  /** The curves of the runs asked for, under the request's id (the page keeps only its newest). */
  private async answerOverlay({ requestId, runIds }: Extract<WebviewRequest, { type: 'overlay' }>): Promise<void> {
    const runs = (await this.deps.history.runsOf(this.file)).filter((r) => runIds.includes(r.id));
    const out = await Promise.all(runs.map(async (r) => ({
      runId: r.id, label: `${formatWhen(r.startedAt)} · ${r.verdict?.replace('_', ' ') ?? r.status}`, points: overlayPoints(await readEvents(r.dir)),
    })));
    this.channel.post({ type: 'overlay', requestId, runs: out });
  }

  /** The first layer's weights as images, when the shown run's inputs are images. */
  private async sendWeights(): Promise<void> {
    const shown = this.shown;
    if (!shown || shown.session?.active) return;
    const run = shown.session ? { dir: shown.session.runDir, start: shown.session.start } : await this.deps.history.find(shown.runId);
    const start: StartEvent | undefined = run?.start;
    if (!run?.dir || !start?.inputShape) return;
    const units = await firstLayerUnits(run.dir);
    if (units && this.shown === shown) this.channel.post({ type: 'weights', runId: shown.runId, inputShape: start.inputShape, units });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this._onDidDispose.fire();
    super.dispose();
    this.panel.dispose();
  }
}

const STORED_STATUS: Record<string, PanelStatus> = {
  completed: 'finished', early_stopped: 'finished', cancelled: 'stopped', failed: 'failed', interrupted: 'failed', running: 'running',
};

function statusMessage(s: TrainingSession): string | undefined {
  const r = s.outcome && s.result();
  if (!r) return s.state === 'running' && s.start ? `${s.start.backend.name} · ${s.start.backend.adapter}` : undefined;
  if (r.status === 'crashed') return `The training process stopped unexpectedly: ${r.message}. The run keeps ${r.epochs ?? 0} epochs (interrupted).`;
  if (r.status === 'killed') return 'The training process did not stop and was killed.';
  if (r.status === 'invalid') return 'The file has errors (see Problems).';
  return r.message;
}
