// The variants of a network file a study trains: fewer or resampled training rows, other
// hidden widths, another weight decay, a capped number of epochs, another seed. Each returns
// a new spec or split; the originals are never changed.
import { subsetRows, type Dataset, type Splits } from '../data';
import { Rng } from '../data/rng';
import { splitIndices } from '../data/split';
import type { Activation, LayerSpec, NetworkSpec } from '../netfile/spec';

export function withTraining(spec: NetworkSpec, epochs: number, seed: number): NetworkSpec {
  return { ...spec, train: { ...spec.train, epochs, seed } };
}

export function withWeightDecay(spec: NetworkSpec, weightDecay: number): NetworkSpec {
  return { ...spec, optimizer: { ...spec.optimizer, weightDecay } };
}

/** Indices (in spec.model) of the hidden dense layers: every dense layer but the last. */
export function hiddenLayers(spec: NetworkSpec): number[] {
  const dense = spec.model.flatMap((l, i) => (l.kind === 'dense' ? [i] : []));
  return dense.slice(0, -1);
}

/** The hidden layers' widths times `factor` (at least 1 unit); the output layer is kept. */
export function scaleWidths(spec: NetworkSpec, factor: number): { spec: NetworkSpec; widths: number[] } {
  const hidden = new Set(hiddenLayers(spec));
  const widths: number[] = [];
  const model = spec.model.map((l, i): LayerSpec => {
    if (l.kind !== 'dense' || !hidden.has(i)) return l;
    const units = Math.max(1, Math.round(l.units * factor));
    widths.push(units);
    return { ...l, units };
  });
  return { spec: { ...spec, model }, widths };
}

/** The activation a hidden layer gets when a study adds one: tanh, smooth and free of dead
 *  units even at the smallest widths tried. */
export const ADDED_ACTIVATION: Activation = 'tanh';

/** For a model without hidden layers: one hidden layer of `width` before the output layer.
 *  Returns the index the layer is inserted at. */
export function addHiddenLayer(spec: NetworkSpec, width: number): { spec: NetworkSpec; index: number } {
  const lastDense = spec.model.map((l) => l.kind).lastIndexOf('dense');
  const index = Math.max(0, lastDense);
  const layer: LayerSpec = { kind: 'dense', units: width, activation: ADDED_ACTIVATION, path: 'model' };
  return { spec: { ...spec, model: [...spec.model.slice(0, index), layer, ...spec.model.slice(index)] }, index };
}

/** The splits with the training set replaced by its rows `indices` (the normalisation fitted
 *  on the full training split is kept: only the amount of data changes). */
export function withTrainRows(splits: Splits, indices: ArrayLike<number>): Splits {
  return { ...splits, train: subsetRows(splits.train, indices) };
}

/** About `fraction` of the rows, stratified by class for classification (every class keeps at
 *  least one row), chosen by `seed`. */
export function stratifiedSubset(train: Dataset, fraction: number, seed: number): number[] {
  if (fraction >= 1) return Array.from({ length: train.n }, (_, i) => i);
  return splitIndices(train, 1 - fraction, 0, seed).train;
}

/** n rows drawn with replacement. */
export function bootstrapRows(n: number, seed: number): Uint32Array {
  const rng = new Rng(seed, 4000);
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = rng.int(n);
  return rows;
}
