// The event stream of a training run (network-file.md, "The event stream").
// `backprop train FILE --jsonl` prints one of these per line; the worker sends the same
// objects to the extension, which stores them and forwards them to the panel.

import type { DiagnosticCode } from '../netfile/codes';
import type { Severity } from '../netfile/spec';

export interface Metrics {
  loss: number;
  accuracy?: number;
}

export interface LayerInfo {
  index: number;
  kind: 'dense' | 'dropout' | 'activation';
  units: number;
  parameters: number;
  /** 1-based line of the layer's item in the network file. */
  line: number;
  activation?: string;
  /** Output shape without the batch axis. */
  outputShape: number[];
  /** Code networks: the module's or parameter's name in the model (`fc1`, `0`, `w`). */
  name?: string;
}

export interface StartEvent {
  type: 'start';
  file: string;
  name: string;
  backend: { name: 'webgpu' | 'cpu'; adapter: string; reason: string };
  parameters: number;
  samples: { train: number; validation: number; test: number };
  layers: LayerInfo[];
  task: 'classification' | 'regression';
  classes: number;
  features: number;
  /** Shape of one input sample when it is an image, e.g. [28, 28]. */
  inputShape?: number[];
  epochs: number;
  batchSize: number;
  seed: number;
  time: string;
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface LayerStats {
  index: number;
  weight_norm: number;
  weight_max_abs: number;
  grad_norm: number;
  grad_max_abs: number;
  update_ratio: number;
  dead_fraction?: number;
  histogram?: Histogram;
  grad_histogram?: Histogram;
}

/** Points of one split as drawn: raw feature units, rounded to 4 significant digits. */
export interface DataPoints {
  /** Boundary: the first drawn feature; fit: the input. */
  x: number[];
  /** Boundary: the second drawn feature; fit: the target. */
  y: number[];
  /** Boundary: the class of each point. */
  label?: number[];
  /** Samples in the split (more than drawn when capped). */
  total: number;
}

/**
 * What the pictures of a run are drawn over (docs/events.md): sent once after `start` when
 * the task has a picture, a decision boundary (classification with 2 or more tabular
 * features) or a fitted curve (regression with 1 input and 1 target).
 */
export interface DataEvent {
  type: 'data';
  picture: 'boundary' | 'fit';
  /** Indices of the drawn input features (boundary: 2, fit: 1). */
  features: number[];
  featureNames: string[];
  classNames?: string[];
  classes: number;
  /** The other features' values on the grid (raw units: their training mean), by feature index. */
  fixed?: Record<string, number>;
  /** Drawn range of the first feature (raw units). */
  xRange: [number, number];
  /** Boundary: drawn range of the second feature. */
  yRange?: [number, number];
  /** Boundary: cells across and down; row 0 is the top (the largest second feature). */
  grid?: { width: number; height: number };
  /** Fit: how many evenly spaced inputs over xRange (ends included) the curve has. */
  curvePoints?: number;
  train: DataPoints;
  validation: DataPoints | null;
  /**
   * Boundary with more than 2 features: the features a user can pick a pair of (at most 5,
   * by Fisher score), with their ranges and the drawn points' values (raw units, 4 digits,
   * the same points as `train`/`validation`). The `end` event has a grid for each pair.
   */
  choices?: { features: number[]; names: string[]; ranges: [number, number][]; train: number[][]; validation: number[][] | null };
}

/** The samples of one split a click on a confusion cell lists (the first `labels.length` of the split). */
export interface SampleSet {
  /** Samples in the split (more than listed when capped). */
  total: number;
  /** True class of each listed sample. */
  labels: number[];
  /** Tabular data: every feature of each listed sample (raw units, 4 significant digits). */
  x?: number[][];
  /** Image data: base64 of one byte per pixel, sample after sample (`inputShape`), 0–255 over `pixelRange`. */
  images?: string;
  /** The raw pixel values that bytes 0 and 255 stand for. */
  pixelRange?: [number, number];
}

/**
 * Classification: the samples the confusion matrix's cells list, sent once after `start`
 * (docs/events.md). Each confusion matrix carries the prediction of every listed sample.
 */
export interface SamplesEvent {
  type: 'samples';
  classNames: string[];
  featureNames: string[];
  inputShape?: number[];
  validation?: SampleSet;
  test?: SampleSet;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  train: Metrics;
  validation: Metrics | null;
  seconds: number;
  learning_rate: number;
  layers: LayerStats[];
  /** The model's decision boundary on the `data` event's grid (on the histogram schedule): base64 of one byte per cell (docs/events.md). */
  boundary?: string;
  /** The model's output at the `data` event's curve inputs (on the histogram schedule). */
  fit?: number[];
  /** Code networks: the last value of each `log(name, value)` of the epoch. */
  metrics?: Record<string, number>;
  /** Classification, on the pictures' schedule: the confusion matrix on validation at this epoch (the test split is measured at the end only). */
  confusion?: { validation?: Confusion };
}

export interface DiagnosticEvent {
  type: 'diagnostic';
  /** What training finds (a TrainingCode); `backprop train --jsonl` also streams the file's warnings. */
  kind: DiagnosticCode;
  severity: Severity;
  epoch?: number;
  /** The network-file node it concerns (a key of NetworkSpec.ranges). */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  evidence: Record<string, number | string | boolean | null>;
  /** Index of the layer (layer diagnostics). */
  layer?: number;
  /** What to try, each saying what it is expected to change (verdict diagnostics). */
  advice?: string[];
}

/** Which classes a classifier mixes up on one split (rows: true class, columns: predicted). */
export interface Confusion {
  matrix: number[][];
  /** Per class: of the samples predicted as it, the fraction that are it (null: none predicted). */
  precision: (number | null)[];
  /** Per class: of its samples, the fraction predicted as it (null: no sample). */
  recall: (number | null)[];
  accuracy: number;
  samples: number;
  /** The predicted class of each sample the `samples` event lists: base64, one byte each. */
  predicted?: string;
  /** The model's confidence (the predicted class' probability) in each listed sample: base64, one byte each, round(p × 255). */
  confidence?: string;
}

export type EndStatus = 'completed' | 'early_stopped' | 'cancelled' | 'failed';
export type Verdict = 'good_fit' | 'overfitting' | 'underfitting';

export interface EndEvent {
  type: 'end';
  status: EndStatus;
  epochs: number;
  best_epoch: number;
  best: { train: Metrics; validation: Metrics | null };
  /** Metrics of the weights the run ends with (restored best, when restored). */
  final?: { train: Metrics; validation: Metrics | null };
  test?: Metrics;
  verdict: Verdict | null;
  weights?: string;
  error?: string;
  seconds: number;
  /** Classification: confusion matrices of the weights the run ends with; `classNames` names their rows. */
  confusion?: { classNames: string[]; validation?: Confusion; test?: Confusion };
  /** The picture of the weights the run ends with (restored best, when restored). */
  boundary?: string;
  fit?: number[];
  /** Boundary with `data.choices`: the grid of every pair of the choices, keyed "a,b" (feature indices, a < b), same encoding as `boundary`. */
  boundaries?: Record<string, string>;
}

export type TrainEvent = StartEvent | DataEvent | SamplesEvent | EpochEvent | DiagnosticEvent | EndEvent;
