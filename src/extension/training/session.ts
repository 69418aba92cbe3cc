// One training run of one network file, as the host sees it: the worker process, the
// events so far, and how it ended. Everything else (diagnostics, panel, side view, status
// bar) listens to the manager's events rather than to the session.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { EndEvent, EpochEvent, StartEvent, TrainEvent } from '../../engine/train/events';
import type { TrainRequest } from '../../shared/worker-protocol';
import { WorkerProcess, type WorkerListener, type WorkerOutcome } from '../worker/workerProcess';

export type SessionState = 'starting' | 'running' | 'finished' | 'stopped' | 'failed';

/** How a run ended, as `backprop.train` resolves. */
export interface TrainResult {
  status: 'completed' | 'early_stopped' | 'cancelled' | 'failed' | 'invalid' | 'crashed' | 'killed' | 'declined';
  file: string;
  runId?: string;
  runDir?: string;
  verdict?: EndEvent['verdict'];
  epochs?: number;
  /** For failures: what the user was told. */
  message?: string;
}

export interface SessionHooks {
  onEvent(s: TrainingSession, e: TrainEvent): void;
  onFileDiagnostics(s: TrainingSession, ds: FileDiagnostic[], invalid: boolean): void;
  onChange(s: TrainingSession): void;
  onStderr(s: TrainingSession, text: string): void;
}

export class TrainingSession {
  state: SessionState = 'starting';
  runDir: string | null = null;
  readonly events: TrainEvent[] = [];
  start: StartEvent | undefined;
  lastEpoch: EpochEvent | undefined;
  end: EndEvent | undefined;
  outcome: WorkerOutcome | undefined;
  stopRequested = false;
  readonly startedAt = Date.now();
  private readonly worker: WorkerProcess;
  readonly finished: Promise<WorkerOutcome>;

  constructor(readonly file: vscode.Uri, extensionPath: string, request: TrainRequest, hooks: SessionHooks, graceMs?: number) {
    const listener: WorkerListener = {
      onInvalid: (ds) => hooks.onFileDiagnostics(this, ds, true),
      onWarnings: (ds) => hooks.onFileDiagnostics(this, ds, false),
      onRunDir: (dir) => {
        this.runDir = dir;
        hooks.onChange(this);
      },
      onEvent: (e) => {
        this.events.push(e);
        if (e.type === 'start') {
          this.start = e;
          this.state = 'running';
          hooks.onChange(this);
        } else if (e.type === 'epoch') this.lastEpoch = e;
        else if (e.type === 'end') this.end = e;
        hooks.onEvent(this, e);
      },
      onStderr: (text) => hooks.onStderr(this, text),
    };
    this.worker = new WorkerProcess(extensionPath, request, listener, graceMs);
    this.finished = this.worker.finished.then((outcome) => {
      this.outcome = outcome;
      this.state = this.stateAfter(outcome);
      hooks.onChange(this);
      return outcome;
    });
  }

  get runId(): string | undefined {
    return this.runDir ? path.basename(this.runDir) : undefined;
  }

  get name(): string {
    return this.start?.name ?? path.basename(this.file.fsPath).replace(/\.nn\.(ya?ml|json|ts|mts|js|mjs)$/i, '');
  }

  get active(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  get pid(): number | undefined {
    return this.worker.pid;
  }

  stop(): void {
    if (!this.active) return;
    this.stopRequested = true;
    this.worker.cancel();
  }

  kill(): void {
    this.worker.kill();
  }

  private stateAfter(o: WorkerOutcome): SessionState {
    if (o.kind === 'killed') return 'stopped';
    if (o.kind === 'crashed') return 'failed';
    if (o.status === 'cancelled') return 'stopped';
    return o.status === 'completed' || o.status === 'early_stopped' ? 'finished' : 'failed';
  }

  result(): TrainResult {
    const o = this.outcome;
    const base = { file: this.file.fsPath, runId: this.runId, runDir: this.runDir ?? undefined, verdict: this.end?.verdict, epochs: this.end?.epochs ?? this.lastEpoch?.epoch };
    if (!o) return { ...base, status: 'failed', message: 'still running' };
    if (o.kind === 'done') return { ...base, status: o.status, message: this.end?.error };
    if (o.kind === 'killed') return { ...base, status: 'killed' };
    return { ...base, status: 'crashed', message: o.message };
  }
}
