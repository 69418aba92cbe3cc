// A worker process that fills a panel view (the studies, Try it): the subclass's listener
// writes progress and results into the view; when the process ends, the view is settled once
// (if nothing settled it before), its progress cleared and the change reported.
import type { DiagnoseRequest, TryFixesRequest } from '../../shared/worker-protocol';
import { WorkerProcess, type WorkerListener, type WorkerOutcome } from './workerProcess';

export interface JobView {
  status: string;
  progress: unknown;
  message?: string;
}

export abstract class WorkerJob<V extends JobView> {
  outcome: WorkerOutcome | undefined;
  private worker!: WorkerProcess;
  finished!: Promise<V>;

  constructor(readonly view: V) {}

  /** Starts the process; called by the subclass's constructor once its listener can use `this`. */
  protected start(extensionPath: string, request: DiagnoseRequest | TryFixesRequest, listener: WorkerListener, onChange: () => void, graceMs?: number): void {
    this.worker = new WorkerProcess(extensionPath, request, listener, graceMs);
    this.finished = this.worker.finished.then((outcome) => {
      this.outcome = outcome;
      if (this.view.status === 'running') this.settle(outcome);
      (this.view as JobView).progress = null;
      onChange();
      return this.view;
    });
  }

  get active(): boolean {
    return this.view.status === 'running';
  }

  get pid(): number | undefined {
    return this.worker.pid;
  }

  cancel(): void {
    if (this.active) this.worker.cancel();
  }

  kill(): void {
    this.worker.kill();
  }

  /** The view's final status and message from how the process ended. */
  protected abstract settle(o: WorkerOutcome): void;
}
