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

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  train: Metrics;
  validation: Metrics | null;
  seconds: number;
  learning_rate: number;
  layers: LayerStats[];
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
}

export type TrainEvent = StartEvent | EpochEvent | DiagnosticEvent | EndEvent;
