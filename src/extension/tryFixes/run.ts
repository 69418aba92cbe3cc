// One "Try the fixes" of one network file as the host sees it: the worker process that trains
// the file and each fix of its verdict (same seed), the panel's TryView, and how it ended.
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { TryView } from '../../shared/protocol';
import type { TryFixesRequest } from '../../shared/worker-protocol';
import { WorkerJob } from '../worker/job';
import type { WorkerOutcome } from '../worker/workerProcess';

export interface TryRunHooks {
  /** The view changed (progress, the result, the end). */
  onChange(r: TryRun): void;
  onInvalid(r: TryRun, diagnostics: FileDiagnostic[]): void;
  onStderr(text: string): void;
}

export class TryRun extends WorkerJob<TryView> {
  /** The document's text the try trains: Apply places a fix's edits only into this same text. */
  readonly text: string;

  constructor(extensionPath: string, request: TryFixesRequest & { text: string }, tryId: number, requestId: number | undefined, hooks: TryRunHooks, graceMs?: number) {
    super({ tryId, requestId, status: 'running', progress: null, result: null, stale: false, startedAt: new Date().toISOString() });
    const v = this.view;
    this.text = request.text;
    this.start(extensionPath, request, {
      onInvalid: (ds) => {
        // Found with the data loaded (a missing CSV, a bad column): the host's parse passed.
        const first = ds.find((d) => d.severity === 'error') ?? ds[0];
        v.status = 'refused';
        v.message = first ? `line ${first.line}: ${first.message}` : 'the file or its data has errors (see Problems)';
        hooks.onInvalid(this, ds);
      },
      onStderr: hooks.onStderr,
      onTrialProgress: (done, total, message) => {
        v.progress = { done, total, message };
        hooks.onChange(this);
      },
      onTrialResult: (result) => {
        v.result = result;
      },
    }, () => hooks.onChange(this), graceMs);
  }

  protected settle(o: WorkerOutcome): void {
    const v = this.view;
    if (o.kind === 'done' && o.status === 'cancelled') v.status = 'cancelled';
    else if (o.kind === 'done' && o.status === 'invalid') v.status = 'refused';
    else if (o.kind === 'done' && v.result) v.status = 'completed';
    else if (o.kind === 'killed') {
      v.status = 'cancelled';
      v.message = 'The training process did not stop and was killed.';
    } else {
      v.status = 'failed';
      v.message = o.kind === 'crashed' ? o.message : `the try ended without a result (${o.status})`;
    }
  }
}
