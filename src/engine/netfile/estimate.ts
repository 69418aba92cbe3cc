// Before training: what a run will take, from the declared sizes alone (no data loaded):
// parameters, the memory of the data, of the parameters and of one batch's activations,
// and the time of an epoch from its floating-point operations at a deliberately low
// throughput per backend. An estimate, said as such wherever it is shown (docs/limits.md).
import { countParameters } from './dataChecks';
import { estimateRunBytes, formatBytes, formatCount } from './limits';
import type { NetworkSpec } from './spec';

export interface EstimateInput {
  features: number;
  /** Outputs the data has per sample (1 for class labels). */
  targets: number;
  trainSamples: number;
  validationSamples: number;
  /** Output width of each item of `model` (dense, activation, dropout). */
  widths: number[];
  parameters: number;
  batch: number;
}

export interface RunEstimate {
  parameters: number;
  /** The samples with their targets, float32. */
  datasetBytes: number;
  /** Weights, gradients and the optimizer's two moments, float32. */
  parameterBytes: number;
  /** One batch's activations and their gradients through the model, float32. */
  activationBytes: number;
  /** All of a run, as the memory limit counts it (limits.ts: estimateRunBytes). */
  totalBytes: number;
  flopsPerEpoch: number;
  /** Seconds per epoch on each backend at its assumed throughput. */
  secondsPerEpoch: Record<'cpu' | 'webgpu', number>;
}

/**
 * Throughput assumed per backend: well below what the benchmarks measure on 2 cores
 * (bench/README.md: an MNIST 784-128-10 epoch of 10,000 samples takes 0.17 s on the CPU
 * tier, ~35 GFLOP/s of training work, and 0.74 s on a software GPU), so a real run is
 * usually faster. `stepSeconds`: the fixed cost of one batch (dispatches).
 */
export const ASSUMED_THROUGHPUT = {
  cpu: { flopsPerSecond: 10e9, stepSeconds: 0.2e-3 },
  webgpu: { flopsPerSecond: 4e9, stepSeconds: 1e-3 },
} as const;

/** Training metrics of an epoch are evaluated on at most this many samples (the trainer's default). */
const TRAIN_EVAL_LIMIT = 4096;
/** Element-wise work per activation value and sample, forward and backward (activations, loss, Adam's share is in the parameters). */
const ELEMENTWISE_FLOPS = 10;

export function estimateTraining(s: EstimateInput): RunEstimate {
  const widthSum = s.widths.reduce((a, b) => a + b, 0);
  const rows = Math.max(1, Math.min(s.batch, s.trainSamples || s.batch));
  const evaluated = Math.min(s.trainSamples, TRAIN_EVAL_LIMIT) + s.validationSamples;
  // A multiply-add per weight and sample forward (2 FLOPs), twice that backward; the
  // optimizer's update is per parameter and batch.
  const steps = Math.ceil(s.trainSamples / rows);
  const flopsPerEpoch = 6 * s.parameters * s.trainSamples + 2 * s.parameters * evaluated
    + ELEMENTWISE_FLOPS * widthSum * (s.trainSamples + evaluated) + 10 * s.parameters * steps;
  const seconds = (b: keyof typeof ASSUMED_THROUGHPUT) => flopsPerEpoch / ASSUMED_THROUGHPUT[b].flopsPerSecond + steps * ASSUMED_THROUGHPUT[b].stepSeconds;
  return {
    parameters: s.parameters,
    datasetBytes: 4 * (s.trainSamples + s.validationSamples) * (s.features + s.targets),
    parameterBytes: 4 * 4 * s.parameters,
    activationBytes: 4 * 2 * rows * (s.features + widthSum),
    totalBytes: estimateRunBytes({
      samples: s.trainSamples + s.validationSamples, features: s.features, targets: s.targets,
      parameters: s.parameters, widths: s.widths, batch: s.batch,
    }),
    flopsPerEpoch,
    secondsPerEpoch: { cpu: seconds('cpu'), webgpu: seconds('webgpu') },
  };
}

/** 0.0123 → "12 ms", 2.5 → "2.5 s", 130 → "2 min 10 s". */
export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.max(1, Math.round(s * 1000))} ms`;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${(s / 3600).toFixed(1)} h`;
}

/** One line: "about 12 MiB of memory, about 0.8 s per epoch on the CPU (estimate)". */
export function describeEstimate(e: RunEstimate, backend: 'cpu' | 'webgpu'): string {
  return `about ${formatBytes(e.totalBytes)} of memory, about ${formatSeconds(e.secondsPerEpoch[backend])} per epoch on ${backend === 'cpu' ? 'the CPU' : 'WebGPU'} (estimate)`;
}

/** The parts, for a tooltip or a verbose banner. */
export function estimateDetails(e: RunEstimate): string[] {
  return [
    `${formatCount(e.parameters)} parameters: ${formatBytes(e.parameterBytes)} with gradients and optimizer state`,
    `one batch's activations: ${formatBytes(e.activationBytes)}`,
    `data: ${formatBytes(e.datasetBytes)}`,
    `${formatCount(Math.round(e.flopsPerEpoch / 1e6))} MFLOP per epoch: about ${formatSeconds(e.secondsPerEpoch.cpu)} on the CPU, ${formatSeconds(e.secondsPerEpoch.webgpu)} on WebGPU`
    + ` (at an assumed ${ASSUMED_THROUGHPUT.cpu.flopsPerSecond / 1e9} and ${ASSUMED_THROUGHPUT.webgpu.flopsPerSecond / 1e9} GFLOP/s: most machines are faster)`,
  ];
}

/** The estimate of a network file from its declared sizes (the code lens: nothing is loaded). */
export function estimateOfSpec(spec: Pick<NetworkSpec, 'model' | 'train'>, sizes: { features: number; trainSamples: number; validationSamples: number; targets?: number }): RunEstimate {
  const { total, outputShapes } = countParameters(spec, sizes.features);
  return estimateTraining({
    features: sizes.features, targets: sizes.targets ?? 1, trainSamples: sizes.trainSamples, validationSamples: sizes.validationSamples,
    widths: outputShapes, parameters: total, batch: spec.train.batchSize,
  });
}
