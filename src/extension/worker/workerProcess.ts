// One training run (or one run of the bias/variance studies, or one "Try the fixes") in a forked Node process
// (dist/worker.js). The extension host only passes messages: a native-addon crash, a hung
// GPU or a busy loop stays in the child.
// Ending: `done` is the normal end; an exit without it, or a `crash` message, is a failure;
// `cancel` asks the run to stop and the process is killed if it lingers past the grace period.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { Study, StudyProgress, StudyResult } from '../../engine/studies/types';
import type { TrainEvent } from '../../engine/train/events';
import type { TryResult } from '../../engine/advice/types';
import type { DiagnoseRequest, ModelRequest, ModelResult, TrainRequest, TryFixesRequest, WorkerMessage } from '../../shared/worker-protocol';

export type WorkerOutcome =
  | { kind: 'done'; status: 'completed' | 'early_stopped' | 'cancelled' | 'failed' | 'invalid' }
  /** The process died or reported a bug; `message` is for the user, `detail` for the log. */
  | { kind: 'crashed'; message: string; detail?: string }
  /** Stop was asked and the process did not end within the grace period. */
  | { kind: 'killed' };

export interface WorkerListener {
  onInvalid(diagnostics: FileDiagnostic[]): void;
  onWarnings?(diagnostics: FileDiagnostic[]): void;
  onRunDir?(dir: string | null): void;
  onEvent?(event: TrainEvent): void;
  onStderr(text: string): void;
  /** A study run's messages. */
  onStudyProgress?(progress: StudyProgress): void;
  onStudy?(study: Study): void;
  onStudyResult?(result: StudyResult, cacheKey: string): void;
  onRefused?(message: string, at?: { line: number; column: number }): void;
  /** A "Try the fixes" run's messages. */
  onTrialProgress?(done: number, total: number, message: string): void;
  onTrialResult?(result: TryResult): void;
  /** Evaluate, predict or export on a saved run. */
  onModelResult?(result: ModelResult): void;
}

export const CANCEL_GRACE_MS = 3000;

export class WorkerProcess {
  private readonly child: ChildProcess;
  private outcome: WorkerOutcome | undefined;
  private crash: { message: string; stack?: string } | undefined;
  private stderrTail = '';
  private killTimer: NodeJS.Timeout | undefined;
  readonly finished: Promise<WorkerOutcome>;

  constructor(extensionPath: string, request: TrainRequest | DiagnoseRequest | TryFixesRequest | ModelRequest, listener: WorkerListener, private readonly graceMs = CANCEL_GRACE_MS) {
    this.child = fork(path.join(extensionPath, 'dist', 'worker.js'), [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // The host's own flags (inspector ports and the like) must not reach the child.
      execArgv: [],
      env: { ...process.env, BACKPROP_WORKER: '1' },
    });
    this.child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-2000);
      listener.onStderr(text);
    });
    this.finished = new Promise((resolve) => {
      this.child.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'invalid': listener.onInvalid(m.diagnostics); break;
          case 'warnings': listener.onWarnings?.(m.diagnostics); break;
          case 'run': listener.onRunDir?.(m.runDir); break;
          case 'event': listener.onEvent?.(m.event); break;
          case 'study_progress': listener.onStudyProgress?.(m.progress); break;
          case 'study': listener.onStudy?.(m.study); break;
          case 'study_result': listener.onStudyResult?.(m.result, m.cacheKey); break;
          case 'refused': listener.onRefused?.(m.message, m.at); break;
          case 'trial_progress': listener.onTrialProgress?.(m.done, m.total, m.message); break;
          case 'trial_result': listener.onTrialResult?.(m.result); break;
          case 'model_result': listener.onModelResult?.(m.result); break;
          case 'crash': this.crash = { message: m.message, stack: m.stack }; break;
          case 'done': this.outcome ??= { kind: 'done', status: m.status }; break;
        }
      });
      this.child.on('error', (err) => {
        this.outcome ??= { kind: 'crashed', message: `the training process could not start: ${err.message}` };
        resolve(this.outcome);
      });
      // 'close', not 'exit': it comes after the IPC channel has delivered every message.
      this.child.on('close', (code, signal) => {
        clearTimeout(this.killTimer);
        this.outcome ??= this.crash
          ? { kind: 'crashed', message: `the training process failed: ${this.crash.message}`, detail: this.crash.stack }
          : { kind: 'crashed', message: `the training process exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`, detail: this.stderrTail.trim() || undefined };
        resolve(this.outcome);
      });
    });
    this.child.send(request);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ask the run to end cleanly (it still sends its `end` event); kill it if it hangs. */
  cancel(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.killTimer) return;
    if (this.child.connected) this.child.send({ type: 'cancel' });
    this.killTimer = setTimeout(() => this.kill(), this.graceMs);
  }

  /** Kill at once (used after the grace period, and when the extension shuts down). */
  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.outcome ??= { kind: 'killed' };
    this.child.kill('SIGKILL');
  }
}
