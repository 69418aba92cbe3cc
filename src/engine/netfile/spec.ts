// The checked form of a network file (*.nn.yaml), as the rest of the engine sees it.
// Every value the file sets keeps the source range of its YAML node in `ranges`, keyed by
// a path such as 'train.epochs', 'model', 'model[2]', 'optimizer.learning_rate', so that a
// diagnostic found anywhere (parser, data loader, training) lands on the exact node.

import type { DiagnosticCode } from './codes';

export interface SourceRange {
  /** 1-based line and column of the node's first character. */
  line: number;
  column: number;
  /** 1-based line and column just after the node's last character. */
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface FileDiagnostic extends SourceRange {
  severity: Severity;
  /** A stable code that quick fixes match, e.g. 'unknown_key', 'too_many_parameters'. */
  code: DiagnosticCode;
  message: string;
  /** The word the file probably meant, for a misspelt key or name (the message says it too). */
  suggestion?: string;
  /** The path in `ranges` the diagnostic concerns, when it concerns one. */
  path?: string;
}

export type Activation = 'linear' | 'relu' | 'leaky_relu' | 'tanh' | 'sigmoid' | 'gelu' | 'softmax';
export type LossName = 'cross_entropy' | 'binary_cross_entropy' | 'mse' | 'mae';
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export type Normalize = 'none' | 'standard' | 'minmax';
export type BackendChoice = 'auto' | 'webgpu' | 'cpu';
export type Task = 'classification' | 'regression';

export type LayerSpec =
  | { kind: 'dense'; units: number; activation: Activation; path: string }
  | { kind: 'dropout'; rate: number; path: string }
  | { kind: 'activation'; activation: Activation; path: string };

export interface DataSpec {
  /** A built-in name (iris, mnist, blobs, moons, circles, spiral, xor, classification, poly) or a path. */
  source: string;
  /** True when `source` names a built-in set or generator. */
  builtin: boolean;
  /** IDX pair, instead of `source` (paths relative to the network file); `source` is then ''. */
  images?: string;
  labels?: string;
  target?: string;
  features?: string[];
  task?: Task;
  /** A fraction in [0, 1) or a path to a separate validation file. */
  validation: number | string;
  test: number | string;
  normalize: Normalize;
  shuffleSeed: number;
  limit?: number;
  /** Generator options (samples, noise, flip_y, classes, features, …), as written. */
  options: Record<string, number | string | boolean>;
}

export interface OptimizerSpec {
  type: OptimizerName;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export interface EarlyStoppingSpec {
  monitor: 'val_loss' | 'val_accuracy' | 'loss';
  patience: number;
  minDelta: number;
  restoreBest: boolean;
}

export interface TrainSpec {
  epochs: number;
  batchSize: number;
  seed: number;
  earlyStopping: EarlyStoppingSpec | null;
  backend: BackendChoice;
  /** Start from these weights (a run folder, model.safetensors or weights.json): as written
   *  in the file until prepareRun resolves it to an absolute path. */
  initFrom?: string;
}

export interface NetworkSpec {
  /** Absolute path of the network file. */
  file: string;
  name: string;
  data: DataSpec;
  model: LayerSpec[];
  loss: LossName;
  metrics: string[];
  optimizer: OptimizerSpec;
  train: TrainSpec;
  /** Source ranges of every node the file sets, by path ('train.epochs', 'model[0]', …). */
  ranges: Record<string, SourceRange>;
  /** Ranges of the keys that set those values (the `epochs` in `epochs: 10`), by the same paths. */
  keyRanges?: Record<string, SourceRange>;
}

/** What the data-aware checks need to know about the loaded data. */
export interface DataFacts {
  task: Task;
  features: number;
  /** Number of classes for classification; 0 for regression. */
  classes: number;
  /** Number of regression targets (1 for classification). */
  targets: number;
  trainSamples: number;
  validationSamples: number;
}
