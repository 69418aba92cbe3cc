// One run of the bias/variance studies of one network file ("Diagnose bias and variance"),
// as the host sees it: the worker process, the studies so far (the panel's StudyView) and
// how it ended.
import type { FileDiagnostic } from '../../engine/netfile/spec';
import type { StudyView } from '../../shared/protocol';
import type { DiagnoseRequest } from '../../shared/worker-protocol';
import { WorkerJob } from '../worker/job';
import type { WorkerOutcome } from '../worker/workerProcess';

export interface StudyRunHooks {
  /** The view changed (progress, a study, the end). */
  onChange(r: StudyRun): void;
  onInvalid(r: StudyRun, diagnostics: FileDiagnostic[]): void;
  onStderr(text: string): void;
}

export class StudyRun extends WorkerJob<StudyView> {
  /** The key the worker cached the result under (completed only). */
  cacheKey: string | undefined;
  /** Where in the file the reason for a refusal is. */
  refusedAt: { line: number; column: number } | undefined;

  constructor(extensionPath: string, request: DiagnoseRequest, hooks: StudyRunHooks, graceMs?: number) {
    super({ status: 'running', studies: [], progress: null, result: null, cached: false, stale: false, startedAt: new Date().toISOString() });
    const v = this.view;
    this.start(extensionPath, request, {
      onInvalid: (ds) => {
        // Found with the data loaded (a missing CSV, a bad column): the host's parse passed.
        const first = ds.find((d) => d.severity === 'error') ?? ds[0];
        v.message = first ? first.message : 'the file or its data has errors (see Problems)';
        if (first) this.refusedAt = { line: first.line, column: first.column };
        hooks.onInvalid(this, ds);
      },
      onStderr: hooks.onStderr,
      onStudyProgress: (p) => {
        v.progress = p;
        hooks.onChange(this);
      },
      onStudy: (s) => {
        v.studies = [...v.studies, s];
        hooks.onChange(this);
      },
      onStudyResult: (result, key) => {
        v.result = result;
        v.studies = result.studies;
        if (result.status === 'completed') this.cacheKey = key;
      },
      onRefused: (message, at) => {
        v.status = 'refused';
        v.message = message;
        this.refusedAt = at;
      },
    }, () => hooks.onChange(this), graceMs);
  }

  protected settle(o: WorkerOutcome): void {
    const v = this.view;
    if (o.kind === 'done' && v.result) v.status = v.result.status;
    else if (o.kind === 'done' && o.status === 'invalid') v.status = 'refused';
    else if (o.kind === 'killed') {
      v.status = 'cancelled';
      v.message = 'The training process did not stop and was killed.';
    } else {
      v.status = 'failed';
      v.message = o.kind === 'crashed' ? o.message : `the diagnosis ended without a result (${o.kind === 'done' ? o.status : 'killed'})`;
    }
  }
}
