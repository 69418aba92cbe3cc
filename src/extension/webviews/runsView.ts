// The "Runs" side view: the live loss curve of the current (or last) run and the list of
// runs in the store. The curve is fed in batches like the panel; the list is re-read when a
// run starts or ends, or when a run folder changes on disk (e.g. the CLI trained).
import * as vscode from 'vscode';
import type { DataEvent, EpochEvent } from '../../engine/train/events';
import { exhaustive, type OverlayPoint, type SidebarMessage, type WebviewMessage } from '../../shared/protocol';
import { Batcher } from '../base/batcher';
import { Disposable } from '../base/dispose';
import type { RunHistory } from '../runs/history';
import { overlayPoints, readEvents, toPoint, toSummary } from '../runs/store';
import type { TrainingManager } from '../training/manager';
import type { TrainingSession } from '../training/session';
import { WebviewChannel } from './channel';
import { renderHtml, webviewOptions } from './html';
import { latestPicture, pictureOf, type SidebarPicture } from './sidebarPicture';

export const RUNS_VIEW_ID = 'backprop.runs';

export class RunsViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private channel: WebviewChannel<SidebarMessage> | undefined;
  private liveSession: TrainingSession | undefined;
  private readonly points: Batcher<OverlayPoint>;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The live run's picture: what it is drawn over, and the newest frame waiting to be posted (at most one a second). */
  private pictureData: DataEvent | undefined;
  private readonly pictures: Batcher<SidebarPicture>;

  constructor(private readonly extensionUri: vscode.Uri, private readonly manager: TrainingManager, private readonly history: RunHistory) {
    super();
    this.points = this._register(new Batcher<OverlayPoint>((points) => {
      const s = this.liveSession;
      if (s) this.channel?.post({ type: 'live', runId: s.runId ?? 'live', name: s.name, points, reset: false });
    }, 250)); // a small chart: 4 redraws a second are plenty, and leave the CPU to training
    this.pictures = this._register(new Batcher<SidebarPicture>((frames) => this.channel?.post(frames[frames.length - 1]!), 1000));
    this._register(manager.onDidChange((s) => this.sessionChanged(s)));
    this._register(manager.onDidEvent(({ session, event }) => {
      if (session !== this.liveSession) return;
      if (event.type === 'epoch' && this.channel?.isReady) this.points.push(toPoint(event));
      if (event.type === 'data') this.pictureData = event;
      // A session that became the live one after its `data` event: find it in what it kept.
      this.pictureData ??= session.events.find((e): e is DataEvent => e.type === 'data');
      if ((event.type === 'epoch' || event.type === 'end') && this.pictureData && (event.boundary || event.fit) && this.channel?.isReady) {
        this.pictures.push(pictureOf(session.runId ?? 'live', this.pictureData, event.type === 'end' ? 'end' : `epoch ${event.epoch}`, event.boundary, event.fit));
      }
    }));
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*/events.jsonl', false, true, false));
    this._register(watcher.onDidCreate(() => this.scheduleRefresh()));
    this._register(watcher.onDidDelete(() => this.scheduleRefresh()));
    this._register({ dispose: () => clearTimeout(this.refreshTimer) });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.channel?.dispose();
    const channel = (this.channel = new WebviewChannel<SidebarMessage>(view.webview, 'sidebar'));
    view.webview.options = webviewOptions(this.extensionUri);
    channel.onMessage((m) => this.receive(m));
    view.onDidChangeVisibility(() => view.visible || channel.reset());
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) this.channel = undefined;
    });
    view.webview.html = renderHtml(view.webview, this.extensionUri, {
      title: 'Backprop runs', script: 'sidebar.js', style: 'sidebar.css',
      body: '<main id="app"><p class="muted">Loading…</p></main>',
    });
  }

  private receive(m: WebviewMessage): void {
    switch (m.type) {
      case 'ready': return void this.sendAll();
      case 'openRun': return void vscode.commands.executeCommand('backprop.openRun', m.runId);
      // The panel's messages: the channel refuses them from the side view. Errors are logged by the channel.
      case 'command': case 'applyStudyFix': case 'export': case 'overlay': case 'tryFixes': case 'applyTrial': case 'error': return;
      default: return exhaustive(m);
    }
  }

  private sessionChanged(s: TrainingSession): void {
    if (s !== this.liveSession && s.active) {
      this.liveSession = s;
      this.points.clear();
      this.pictures.clear();
      this.pictureData = undefined;
      this.channel?.post({ type: 'live', runId: s.runId ?? 'live', name: s.name, points: [], reset: true });
    }
    if (s === this.liveSession && !s.active) { this.points.flush(); this.pictures.flush(); }
    this.scheduleRefresh(0);
  }

  private scheduleRefresh(ms = 500): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.sendRuns(), ms);
  }

  private async sendRuns(): Promise<void> {
    if (!this.channel) return;
    const runs = await this.history.all();
    this.channel?.post({ type: 'runs', runs: runs.map(toSummary) });
  }

  /** The page (re)loaded: the list, and the curve of the live or newest run. */
  private async sendAll(): Promise<void> {
    await this.sendRuns();
    this.points.clear();
    this.pictures.clear();
    const s = this.liveSession ?? this.manager.current;
    if (s) {
      const points = s.events.filter((e): e is EpochEvent => e.type === 'epoch').map(toPoint);
      this.channel?.post({ type: 'live', runId: s.runId ?? 'live', name: s.name, points, reset: true });
      const picture = latestPicture(s.runId ?? 'live', s.events);
      if (picture) this.channel?.post(picture);
      return;
    }
    const newest = (await this.history.all())[0];
    if (!newest) return;
    const events = await readEvents(newest.dir);
    this.channel?.post({ type: 'live', runId: newest.id, name: newest.name, points: overlayPoints(events), reset: true });
    const picture = latestPicture(newest.id, events);
    if (picture) this.channel?.post(picture);
  }
}
