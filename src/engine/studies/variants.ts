// The variants of a network file a study trains: fewer or resampled training rows, other
// hidden widths or layers, another weight decay, a capped number of epochs, another seed. Each returns
// a new spec or split; the originals are never changed.
import { subsetRows, type Dataset, type Splits } from '../data';
import { Rng } from '../data/rng';
import { splitIndices } from '../data/split';
import type { Activation, LayerSpec, NetworkSpec } from '../netfile/spec';
import type { FileEdit } from './types';

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

/** Width of a hidden layer added to a model without one (the model-size sweep scales it). */
export const ADDED_BASE_WIDTH = 16;

/** For a model without hidden layers: one hidden layer of `width` before the output layer.
 *  Returns the index the layer is inserted at. */
export function addHiddenLayer(spec: NetworkSpec, width: number): { spec: NetworkSpec; index: number } {
  const index = outputIndex(spec);
  const layer: LayerSpec = { kind: 'dense', units: width, activation: ADDED_ACTIVATION, path: 'model' };
  return { spec: { ...spec, model: [...spec.model.slice(0, index), layer, ...spec.model.slice(index)] }, index };
}

type DenseSpec = Extract<LayerSpec, { kind: 'dense' }>;

/** The hidden layers as the file writes them: a dense item and the activation and dropout
 *  items after it (up to the next dense), with the activation the block applies in the end. */
function hiddenBlocks(spec: NetworkSpec): { items: number[]; dense: DenseSpec; activation: Activation }[] {
  const hidden = hiddenLayers(spec);
  return hidden.map((first, k) => {
    const end = k + 1 < hidden.length ? hidden[k + 1] : outputIndex(spec);
    const items = Array.from({ length: end - first }, (_, i) => first + i);
    const dense = spec.model[first] as DenseSpec;
    const separate = items.map((i) => spec.model[i]).find((l): l is Extract<LayerSpec, { kind: 'activation' }> => l.kind === 'activation');
    return { items, dense, activation: dense.activation === 'linear' && separate ? separate.activation : dense.activation };
  });
}

/** A model with `change` hidden layers more (copies of the last hidden layer's width and
 *  activation, or 16 tanh units when there is none) or fewer (the last ones removed with their
 *  activation and dropout items). Null when fewer than none would be left. */
export function changeDepth(spec: NetworkSpec, change: number): { spec: NetworkSpec; widths: number[]; edits: FileEdit[] } | null {
  const blocks = hiddenBlocks(spec);
  if (blocks.length + change < 0) return null;
  const kept = blocks.slice(0, blocks.length + change);
  if (change <= 0) {
    const removed = new Set(blocks.slice(kept.length).flatMap((b) => b.items));
    const model = spec.model.filter((_, i) => !removed.has(i));
    // From the last index down: each removal leaves the indices before it unchanged.
    const edits: FileEdit[] = [...removed].sort((a, b) => b - a).map((index) => ({ op: 'remove_layer', index }));
    return { spec: { ...spec, model }, widths: kept.map((b) => b.dense.units), edits };
  }
  const last = blocks[blocks.length - 1];
  const layer: DenseSpec = { kind: 'dense', units: last?.dense.units ?? ADDED_BASE_WIDTH, activation: last?.activation ?? ADDED_ACTIVATION, path: 'model' };
  const index = outputIndex(spec);
  const model = [...spec.model.slice(0, index), ...Array.from({ length: change }, () => layer), ...spec.model.slice(index)];
  return {
    spec: { ...spec, model },
    widths: [...blocks.map((b) => b.dense.units), ...Array.from({ length: change }, () => layer.units)],
    edits: [{ op: 'insert_layer', index, layer: { dense: layer.units, activation: layer.activation }, ...(change > 1 ? { count: change } : {}) }],
  };
}

/** Where a new hidden layer goes: before the output (last dense) layer. */
function outputIndex(spec: NetworkSpec): number {
  return Math.max(0, spec.model.map((l) => l.kind).lastIndexOf('dense'));
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
