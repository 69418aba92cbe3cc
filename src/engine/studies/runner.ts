// The trainings of a study: the trainer on variants of the file (other data, width or weight
// decay), reduced to the final training and validation error. Models that differ only in
// their seed, rows and weight decay (a learning-curve size, the bootstrap, a model-size
// setting, the whole weight-decay sweep) are trained together as one stacked model where
// that pays (placement.ts); the others one at a time.
// Counts the trainings for progress and stops when cancelled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackendInfo } from '../backends/backend';
import type { Dataset, Splits } from '../data';
import type { NetworkSpec } from '../netfile/spec';
import { runtime, setBackend } from '../runtime';
import type { EndStatus, Metrics } from '../train/events';
import { train } from '../train/trainer';
import { trainGroup, type GroupOutcome } from './ensemble/train-group';
import { Placement, type PlacementOptions, type Where } from './placement';
import { predictFromWeights } from './predict';
import type { ErrorMetric, StudyKind, StudyProgress } from './types';
import { withTrainRows } from './variants';

export interface RunOutcome {
  status: EndStatus;
  /** Final error (see ErrorMetric) of the weights the run ends with; null when it failed. */
  train: number | null;
  validation: number | null;
  /** Predictions on the requested rows (predictFromWeights), when asked for. */
  predictions?: Float32Array;
}

/** One training of a study. */
export interface TrainingJob {
  /** The file's variant; its train.seed is the model's seed. */
  spec: NetworkSpec;
  /** Training rows, as indices into the study's training split; null: all of them. */
  rows: ArrayLike<number> | null;
  /** Progress message. */
  message: string;
}

/** Least time between two progress reports of a group's epochs (the extension redraws on each). */
const PROGRESS_EVERY_MS = 250;

export class Cancelled extends Error {
  constructor() { super('the studies were cancelled'); }
}

export function errorOf(m: Metrics | null | undefined, metric: ErrorMetric): number | null {
  if (!m) return null;
  const v = metric === 'error' ? (m.accuracy === undefined ? NaN : 1 - m.accuracy) : m.loss;
  return Number.isFinite(v) ? v : null;
}

export class StudyRunner {
  done = 0;
  total = 0;
  readonly placement: Placement;
  private dir: string | null = null;

  constructor(private o: PlacementOptions & {
    metric: ErrorMetric;
    splits: Splits;
    signal?: AbortSignal;
    onProgress?: (p: StudyProgress) => void;
  }) {
    this.placement = new Placement(o);
  }

  get cancelled(): boolean { return this.o.signal?.aborted === true; }

  /**
   * Trains every job (steps first+1 … of `total` in the study); `predictOn`: each model's
   * predictions on those rows; `group`: what the jobs share, for progress while they train
   * together (default: the study). Throws Cancelled when the signal fired before or during them.
   */
  async runMany(study: StudyKind, step: { first: number; total: number; group?: string }, jobs: TrainingJob[], predictOn?: Dataset): Promise<RunOutcome[]> {
    if (this.cancelled) throw new Cancelled();
    const where = this.placement.choose(jobs);
    const previous = runtime.backend;
    setBackend(where.backend);
    try {
      if (where.together) {
        const outcomes = await this.trainTogether(study, step, jobs, where, predictOn);
        // Every model of the group is reported done when the group ends.
        if (outcomes) {
          return outcomes.map((r, i) => {
            this.progress(study, { done: step.first + i, total: step.total }, jobs[i].message);
            return { status: r.status, train: errorOf(r.train, this.o.metric), validation: errorOf(r.validation, this.o.metric), ...(r.predictions ? { predictions: r.predictions } : {}) };
          });
        }
      }
      const out: RunOutcome[] = [];
      for (const [i, job] of jobs.entries()) out.push(await this.runOne(study, { done: step.first + i, total: step.total }, job, where.info, predictOn));
      return out;
    } finally {
      setBackend(previous);
    }
  }

  /** The jobs as one stacked model; null when that failed (then they train one at a time). */
  private async trainTogether(study: StudyKind, step: { first: number; total: number; group?: string }, jobs: TrainingJob[], where: Where, predictOn?: Dataset): Promise<GroupOutcome[] | null> {
    const rows = (job: TrainingJob) => job.rows ?? Array.from({ length: this.o.splits.train.n }, (_, i) => i);
    const label = step.group ?? study.replace('_', ' ');
    // A group takes as long as all its models: report its epochs meanwhile, throttled (the
    // extension redraws on every report). `done` stays at the trainings finished.
    let last = performance.now();
    const onEpoch = (epoch: number, epochs: number) => {
      if (performance.now() - last < PROGRESS_EVERY_MS) return;
      last = performance.now();
      this.report(study, step.first, step.total, `${label}: epoch ${epoch}/${epochs} (${jobs.length} models together)`);
    };
    let outcomes: GroupOutcome[];
    try {
      outcomes = await trainGroup({
        spec: jobs[0].spec, splits: this.o.splits, signal: this.o.signal, onEpoch,
        members: jobs.map((j) => ({ seed: j.spec.train.seed, rows: rows(j), weightDecay: j.spec.optimizer.weightDecay })),
        predict: predictOn !== undefined,
      });
    } catch (err) {
      if (err instanceof Cancelled) throw err;
      if (this.cancelled) throw new Cancelled();
      // train() turns an error into one failed model; in a group it would fail every model and
      // the whole diagnosis. Train them again one at a time instead, as train() would.
      this.placement.fellBack(where, jobs.length, err instanceof Error ? err.message : String(err));
      return null;
    }
    if (outcomes.some((r) => r.status === 'cancelled') || this.cancelled) throw new Cancelled();
    return outcomes;
  }

  private async runOne(study: StudyKind, step: { done: number; total: number }, job: TrainingJob, backend: BackendInfo, predictOn?: Dataset): Promise<RunOutcome> {
    if (this.cancelled) throw new Cancelled();
    let weightsPath: string | undefined;
    if (predictOn) {
      this.dir ??= mkdtempSync(path.join(tmpdir(), 'backprop-studies-'));
      weightsPath = path.join(this.dir, `model-${this.done}.json`);
    }
    const splits = job.rows ? withTrainRows(this.o.splits, job.rows) : this.o.splits;
    const end = await train({ spec: job.spec, splits, backend, signal: this.o.signal, weightsPath, pictures: false, onEvent: () => {} });
    if (end.status === 'cancelled' || this.cancelled) throw new Cancelled();
    this.progress(study, step, job.message);
    if (end.status === 'failed' || !end.final) return { status: end.status, train: null, validation: null };
    const out: RunOutcome = {
      status: end.status,
      train: errorOf(end.final.train, this.o.metric),
      validation: errorOf(end.final.validation, this.o.metric),
    };
    if (predictOn && weightsPath) out.predictions = await predictFromWeights(job.spec, weightsPath, predictOn);
    return out;
  }

  /** Reports a training done; a cancel from the progress handler stops here, as between trainings. */
  private progress(study: StudyKind, step: { done: number; total: number }, message: string): void {
    this.done++;
    this.report(study, step.done + 1, step.total, message);
    if (this.cancelled) throw new Cancelled();
  }

  /** `done` of the study's trainings (and this.done of all) finished; `message`: the latest. */
  private report(study: StudyKind, done: number, total: number, message: string): void {
    this.o.onProgress?.({ study, done, total, message, overall: { done: this.done, total: this.total } });
  }

  /** Removes the saved weights. */
  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
