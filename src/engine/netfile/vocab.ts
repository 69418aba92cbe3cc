// The words a network file may use. Exported so that completions and quick fixes offer
// exactly what the parser accepts.

import type { Activation, BackendChoice, LossName, Normalize, OptimizerName, Task } from './spec';

export const TOP_LEVEL_KEYS = ['name', 'data', 'model', 'loss', 'metrics', 'optimizer', 'train'] as const;

export const BUILTIN_SOURCES = ['iris', 'mnist', 'blobs', 'moons', 'circles', 'spiral', 'xor', 'classification', 'poly'] as const;
/** Built-in sets that are generated, so that generator options apply to them. */
export const GENERATORS = ['blobs', 'moons', 'circles', 'spiral', 'xor', 'classification', 'poly'] as const;

export const DATA_KEYS = [
  'source', 'images', 'labels', 'target', 'features', 'task', 'validation', 'test',
  'normalize', 'shuffle_seed', 'limit',
] as const;
export const GENERATOR_OPTIONS = [
  'samples', 'noise', 'flip_y', 'classes', 'features', 'factor', 'class_sep', 'cluster_std', 'degree',
] as const;

export const LAYER_KEYS = ['dense', 'linear', 'dropout', 'activation'] as const;

export const ACTIVATIONS: readonly Activation[] = ['linear', 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu', 'softmax'];
export const LOSSES: readonly LossName[] = ['cross_entropy', 'binary_cross_entropy', 'mse', 'mae'];
export const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
export const NORMALIZATIONS: readonly Normalize[] = ['none', 'standard', 'minmax'];
export const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'cpu'];
export const TASKS: readonly Task[] = ['classification', 'regression'];
export const MONITORS = ['val_loss', 'val_accuracy', 'loss'] as const;
export const METRICS = ['accuracy', 'mse', 'mae'] as const;

export const OPTIMIZER_KEYS = ['type', 'learning_rate', 'momentum', 'beta1', 'beta2', 'epsilon', 'weight_decay'] as const;
export const TRAIN_KEYS = ['epochs', 'batch_size', 'seed', 'early_stopping', 'backend', 'init_from'] as const;
export const EARLY_STOPPING_KEYS = ['monitor', 'patience', 'min_delta', 'restore_best'] as const;

/** The generator options each generator takes; iris, mnist and files take none. */
export const OPTIONS_OF_GENERATOR: Record<(typeof GENERATORS)[number], readonly string[]> = {
  blobs: ['samples', 'classes', 'features', 'noise', 'cluster_std'],
  moons: ['samples', 'noise'],
  circles: ['samples', 'noise', 'factor'],
  spiral: ['samples', 'classes', 'noise'],
  xor: ['samples', 'noise'],
  classification: ['samples', 'features', 'classes', 'flip_y', 'class_sep'],
  poly: ['samples', 'degree', 'noise'],
};

/** File types `data.source`, `data.validation` and `data.test` may name (each also gzipped). */
export const DATA_FILE_EXTENSIONS = ['.csv', '.tsv', '.json'] as const;

export const DEFAULTS = {
  validation: 0.2,
  test: 0,
  normalize: 'standard' as Normalize,
  /** MNIST pixels are scaled to [0, 1] by the loader; standardising them again only adds noise. */
  normalizeMnist: 'none' as Normalize,
  shuffleSeed: 42,
  optimizer: 'adam' as OptimizerName,
  learningRate: { adam: 0.001, sgd: 0.01, momentum: 0.01 } as Record<OptimizerName, number>,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  weightDecay: 0,
  epochs: 100,
  batchSize: 32,
  seed: 0,
  backend: 'auto' as BackendChoice,
  earlyStopping: { monitor: 'val_loss' as const, patience: 10, minDelta: 0, restoreBest: true },
};

/** Learning rates outside these bounds are legal but rarely what a beginner wants. */
export const USUAL_LEARNING_RATE: Record<OptimizerName, { low: number; high: number }> = {
  adam: { low: 1e-5, high: 0.1 },
  sgd: { low: 1e-4, high: 1 },
  momentum: { low: 1e-4, high: 1 },
};
