// Bias/variance studies (issue 6, docs/studies.md): the same network file trained many times,
// on less data, other widths and depths, other weight decays and bootstrap resamples, to tell whether its
// error is bias or variance and what to change.
import type { BackendInfo } from '../backends/backend';
import type { Splits } from '../data';
import type { NetworkSpec } from '../netfile/spec';
import { baselines } from '../train/outcome';
import { bootstrap, planBootstrap } from './bootstrap';
import type { StudyContext } from './context';
import { resolveKinds, STUDY_DEFAULTS } from './defaults';
import { learningCurve, planLearningCurve } from './learning-curve';
import { Cancelled, StudyRunner } from './runner';
import { summarise } from './summary';
import { planSweep, sweep } from './sweeps';
import type { Study, StudyKind, StudyOptionsResolved, StudyProgress, StudyResult } from './types';

export interface StudyOptions {
  /** The backend init() selected. */
  backend: BackendInfo;
  /** Seeds per setting (learning curve and sweeps). Default 3. */
  seeds?: number;
  signal?: AbortSignal;
  onProgress?: (p: StudyProgress) => void;
  /** Called with each study as it finishes (the CLI prints it, the panel can draw it). */
  onStudy?: (s: Study) => void;
  kinds?: StudyKind[];
  /** Epochs per training. Default: the file's, at most 200. Early stopping in the file applies. */
  epochs?: number;
  /** Bootstrap models. Default 10. */
  bootstraps?: number;
  fractions?: number[];
  widthFactors?: number[];
  depthChanges?: number[];
  weightDecays?: number[];
  /** Train tiny models (or groups) on the CPU even when `backend` is WebGPU. Default true. */
  cpuForTinyModels?: boolean;
  /** Train models that differ only in seed and rows (a learning-curve size, the bootstrap, a
   *  sweep setting) together as one stacked model. Default true; the CPU's numbers are the
   *  same bit for bit either way. */
  groupModels?: boolean;
}

export class StudyError extends Error {}

export async function runStudies(spec: NetworkSpec, splits: Splits, opts: StudyOptions): Promise<StudyResult> {
  // Every study model trains from scratch: other widths and depths could not take init_from's
  // weights, and a learning curve from pre-trained weights would measure them, not the model.
  const { initFrom: _fromScratch, ...train } = spec.train;
  spec = { ...spec, train };
  const t0 = performance.now();
  if (!splits.validation) throw new StudyError('The studies measure validation error: give the file a validation split (data.validation: 0.2).');
  const options: StudyOptionsResolved = {
    kinds: resolveKinds(opts.kinds),
    seeds: positive(opts.seeds ?? STUDY_DEFAULTS.seeds, 'seeds'),
    epochs: positive(opts.epochs ?? Math.min(spec.train.epochs, STUDY_DEFAULTS.maxEpochs), 'epochs'),
    bootstraps: positive(opts.bootstraps ?? STUDY_DEFAULTS.bootstraps, 'bootstraps'),
    fractions: grid(opts.fractions ?? STUDY_DEFAULTS.fractions, 'fractions', (x) => x > 0 && x <= 1),
    widthFactors: grid(opts.widthFactors ?? STUDY_DEFAULTS.widthFactors, 'widthFactors', (x) => x > 0),
    depthChanges: grid(opts.depthChanges ?? STUDY_DEFAULTS.depthChanges, 'depthChanges', (x) => Number.isInteger(x) && Math.abs(x) <= 4),
    weightDecays: grid(opts.weightDecays ?? STUDY_DEFAULTS.weightDecays, 'weightDecays', (x) => x >= 0),
  };
  const task = splits.train.task;
  const metric = task === 'classification' ? 'error' as const : spec.loss === 'mae' ? 'mae' as const : 'mse' as const;
  const base = baselines(splits.train, spec.loss);

  const runner = new StudyRunner({
    backend: opts.backend, splits, metric, signal: opts.signal, onProgress: opts.onProgress,
    groupModels: opts.groupModels, cpuForTinyModels: opts.cpuForTinyModels,
  });
  const ctx: StudyContext = { spec, splits, runner, options, metric, baseline: task === 'classification' ? base.baselineError : base.baselineLoss, seed: spec.train.seed };
  const plan: Record<StudyKind, () => number> = {
    learning_curve: () => planLearningCurve(ctx),
    model_size: () => planSweep('model_size', ctx),
    depth: () => planSweep('depth', ctx),
    weight_decay: () => planSweep('weight_decay', ctx),
    bootstrap: () => planBootstrap(ctx),
  };
  const run: Record<StudyKind, () => Promise<Study>> = {
    learning_curve: () => learningCurve(ctx),
    model_size: () => sweep('model_size', ctx),
    depth: () => sweep('depth', ctx),
    weight_decay: () => sweep('weight_decay', ctx),
    bootstrap: () => bootstrap(ctx),
  };
  runner.total = options.kinds.reduce((n, k) => n + plan[k](), 0);

  const studies: Study[] = [];
  let status: StudyResult['status'] = 'completed';
  try {
    for (const kind of options.kinds) {
      const study = await run[kind]();
      studies.push(study);
      opts.onStudy?.(study);
    }
  } catch (err) {
    if (!(err instanceof Cancelled)) throw err;
    status = 'cancelled';
  } finally {
    runner.close();
  }
  const backend = runner.placement.describe();
  return {
    format: 'backprop-studies', version: 1, file: spec.file, name: spec.name, task, metric,
    samples: { train: splits.train.n, validation: splits.validation.n },
    backend: { name: backend.name, adapter: backend.adapter, reason: backend.reason },
    options, status, studies,
    summary: studies.length ? summarise(studies, metric, ctx.baseline) : null,
    seconds: (performance.now() - t0) / 1000,
    time: new Date().toISOString(),
  };
}

function grid(values: number[], name: string, ok: (x: number) => boolean): number[] {
  if (!values.length || !values.every((x) => Number.isFinite(x) && ok(x))) throw new StudyError(`${name} has a value out of range: ${values.join(', ')}`);
  return [...values];
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1) throw new StudyError(`${name} must be a whole number ≥ 1, not ${n}`);
  return n;
}

export { studyCacheKey, STUDY_VERSION, type StudyKeyOptions } from './cache';
export { STUDY_DEFAULTS } from './defaults';
export { decomposeSquared, decomposeZeroOne, nearestNeighbourNoise, type Decomposition } from './decompose';
export { judgeLearningCurve } from './learning-curve';
export type * from './types';
export { STUDY_KINDS, SWEEP_KINDS } from './types';
