// One training of a study: the trainer on a variant of the file (other data, width or weight
// decay), its events ignored, reduced to the final training and validation error. Counts the
// trainings for progress and stops between them when cancelled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackendInfo } from '../backends/backend';
import type { Dataset, Splits } from '../data';
import type { NetworkSpec } from '../netfile/spec';
import type { EndStatus, Metrics } from '../train/events';
import { train } from '../train/trainer';
import { predictFromWeights } from './predict';
import type { ErrorMetric, StudyKind, StudyProgress } from './types';

export interface RunOutcome {
  status: EndStatus;
  /** Final error (see ErrorMetric) of the weights the run ends with; null when it failed. */
  train: number | null;
  validation: number | null;
  /** Predictions on the requested rows (predictFromWeights), when asked for. */
  predictions?: Float32Array;
}

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
  private dir: string | null = null;

  constructor(private o: {
    backend: BackendInfo;
    metric: ErrorMetric;
    signal?: AbortSignal;
    onProgress?: (p: StudyProgress) => void;
  }) {}

  get cancelled(): boolean { return this.o.signal?.aborted === true; }

  /** Trains `spec` on `splits`; throws Cancelled when the signal fired before or during it. */
  async run(study: StudyKind, step: { done: number; total: number; message: string }, spec: NetworkSpec, splits: Splits, predictOn?: Dataset): Promise<RunOutcome> {
    if (this.cancelled) throw new Cancelled();
    let weightsPath: string | undefined;
    if (predictOn) {
      this.dir ??= mkdtempSync(path.join(tmpdir(), 'backprop-studies-'));
      weightsPath = path.join(this.dir, `model-${this.done}.json`);
    }
    const end = await train({ spec, splits, backend: this.o.backend, signal: this.o.signal, weightsPath, onEvent: () => {} });
    if (end.status === 'cancelled' || this.cancelled) throw new Cancelled();
    this.done++;
    this.o.onProgress?.({ study, done: step.done + 1, total: step.total, message: step.message, overall: { done: this.done, total: this.total } });
    if (end.status === 'failed' || !end.final) return { status: end.status, train: null, validation: null };
    const out: RunOutcome = {
      status: end.status,
      train: errorOf(end.final.train, this.o.metric),
      validation: errorOf(end.final.validation, this.o.metric),
    };
    if (predictOn && weightsPath) out.predictions = await predictFromWeights(spec, weightsPath, predictOn);
    return out;
  }

  /** Removes the saved weights. */
  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
