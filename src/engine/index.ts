// The engine's public API (`backprop/engine`).
import type { BackendInfo } from './backends/backend';
import type { BackendChoice } from './netfile/spec';
import { calibrateMode, chooseByMeasurement, type Workload } from './backends/auto';
import { createCpuBackend } from './backends/cpu';
import { runtime, setBackend } from './runtime';
import { scalar, Tensor, type TensorLike } from './tensor';
import { loadData as loadSplits, type Splits } from './data';
import { loadData as loadLibraryData, type LoadedData, type LoadOptions } from './lib/data';
import type { DataSpec } from './netfile/spec';

export { Tensor, tensor, full, zeros, ones, scalar } from './tensor';
export type { NestedArray, TensorLike, TensorOptions } from './tensor';
export { tidy, noGrad } from './runtime';
export { softmaxCrossEntropy, oneHot } from './ops/composites';

/** cond != 0 ? a : b, element-wise with broadcasting (gradients flow to a and b). */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  return (typeof a === 'number' ? scalar(a) : a).where(cond, b);
}
/** Join tensors along an existing axis. */
export function concat(parts: Tensor[], axis = 0): Tensor {
  return Tensor.concat(parts, axis);
}
export type { Backend, BackendInfo } from './backends/backend';

export type { BackendChoice, Workload };

/**
 * Select the backend for new tensors. `auto` tries a WebGPU adapter (a real GPU first, then
 * a software one) and falls back to the CPU, saying why in `reason`; given the `workload`
 * (the network file's spec and training rows) it measures both on that model and takes the
 * faster (backends/auto, cached per machine). `webgpu` throws when no adapter can be had.
 */
export async function init(opts: { backend?: BackendChoice; workload?: Workload } = {}): Promise<BackendInfo> {
  const choice = opts.backend ?? 'auto';
  if (choice === 'cpu') {
    setBackend(createCpuBackend());
    return { name: 'cpu', adapter: runtime.backend.adapter, reason: 'the CPU backend was requested' };
  }
  const { createWebGPUBackend } = await import('./backends/webgpu');
  const result = await createWebGPUBackend();
  if ('backend' in result && choice === 'auto' && opts.workload && calibrateMode() !== 'off') {
    const chosen = await chooseByMeasurement(result, opts.workload);
    setBackend(chosen.backend);
    return chosen.info;
  }
  if ('backend' in result) {
    setBackend(result.backend);
    return { name: 'webgpu', adapter: result.backend.adapter, reason: result.reason ?? 'a WebGPU adapter was found' };
  }
  if (choice === 'webgpu') throw new Error(`WebGPU is not available: ${result.error}`);
  setBackend(createCpuBackend());
  return { name: 'cpu', adapter: runtime.backend.adapter, reason: `no WebGPU adapter (${result.error}): using the CPU` };
}

/** The backend new tensors are created on. */
export function currentBackend() {
  return runtime.backend;
}

// The high-level API: network files, data, training.
export { prepareRun, type Prepared, type Overrides } from './prepare';
export { train, type TrainOptions } from './train/trainer';
export type * from './train/events';
export { parseNetworkFile, formatDiagnostic, countParameters, checkAgainstData } from './netfile';
export type { NetworkSpec, FileDiagnostic, SourceRange } from './netfile/spec';
export type { Splits, Dataset } from './data';

// The low-level library of code networks (docs/library.md): modules, optimizers, losses,
// random and range constructors, and data as tensors and minibatches.
export * as nn from './lib/nn';
export * as optim from './lib/optim';
export * as F from './lib/functional';
export { manualSeed, randn, rand, randint, randperm, linspace, arange } from './lib/random';
export { Split, dataFrom, type LoadedData, type LoadOptions, type ArrayDataOptions } from './lib/data';
// Code networks (docs/code-networks.md): `export default network({ data, model, train })`.
export { loadWeights } from './code/weights';
export { network, log, type NetworkDefinition, type TrainSettings, type FitContext, type CodeNetwork } from './code/network';

/**
 * Data as a network file's `data:` block gives it: `loadData('iris')`, `loadData('moons',
 * { samples: 400, noise: 0.2 })`, `loadData('flowers.csv', { target: 'kind' })` → tensors and
 * minibatches. (Given a parsed DataSpec, the splits as the trainer uses them.)
 */
export function loadData(source: string, opts?: LoadOptions, baseDir?: string): Promise<LoadedData>;
export function loadData(spec: DataSpec, networkFile: string, workspaceRoot?: string): Promise<Splits>;
export function loadData(a: string | DataSpec, b?: LoadOptions | string, c?: string): Promise<LoadedData | Splits> {
  if (typeof a === 'string') return loadLibraryData(a, (b ?? {}) as LoadOptions, c);
  return loadSplits(a, b as string, c);
}

/** Drop the gradient of every tensor given (parameters before a backward pass). */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) p.zeroGrad();
}

// Bias/variance studies (docs/studies.md).
export { runStudies, studyCacheKey, StudyError, STUDY_KINDS, STUDY_DEFAULTS, type StudyOptions, type StudyKeyOptions } from './studies';
export type { StudyResult, Study, StudyKind, StudyProgress, StudySummary, LearningCurveStudy, SweepStudy, BootstrapStudy, CurvePoint, Spread, QuickFix, FileEdit, StudyEvent, StudySummaryEvent } from './studies';
