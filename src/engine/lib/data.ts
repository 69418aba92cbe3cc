// The data API of code networks: `loadData('iris')`, `loadData('moons', { samples: 400 })`,
// `loadData('data/flowers.csv', { target: 'kind' })` — the same sources, files, split and
// normalisation as a network file's `data:` block, returned as tensors and minibatches.
import path from 'node:path';
import { loadData as loadSplits, BUILTIN_SOURCES, type Dataset, type Splits } from '../data';
import { DEFAULTS } from '../netfile/vocab';
import type { DataSpec, Normalize, Task } from '../netfile/spec';
import { Rng } from '../data/rng';
import { splitDataset } from '../data/split';
import { applyNormalization, fitNormalization } from '../data/normalize';
import { tensor, type Tensor } from '../tensor';

export interface LoadOptions {
  /** Fraction held out for validation (0.2 by default), or 0 for none. */
  validation?: number;
  test?: number;
  normalize?: Normalize;
  /** Seeds the split (and the synthetic generators). */
  seed?: number;
  /** Keep the first N rows only. */
  limit?: number;
  /** CSV/JSON files: the target column, and the feature columns (all others by default). */
  target?: string;
  features?: string[];
  task?: Task;
  /** Generator options: samples, noise, classes, features (a number here), flip_y, … */
  [option: string]: unknown;
}

/** One split as tensors, with minibatches. Classification targets are class indices [n]. */
export class Split {
  private cache?: { x: Tensor; y: Tensor };
  /** How many times batches() was called: the default shuffle seed, so each epoch differs. */
  private epochs = 0;
  constructor(readonly data: Dataset) {}
  get n(): number { return this.data.n; }
  /** Every row: x [n, features]; y [n] (class indices) or [n, targets]. */
  get x(): Tensor { return this.tensors().x; }
  get y(): Tensor { return this.tensors().y; }

  /** Minibatches of `batchSize` rows, reshuffled on every call unless `shuffle: false`. */
  *batches(batchSize: number, opts: { shuffle?: boolean; seed?: number } = {}): Generator<{ x: Tensor; y: Tensor }> {
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a whole number ≥ 1, not ${batchSize}`);
    const order = Array.from({ length: this.n }, (_, i) => i);
    if (opts.shuffle !== false) new Rng(opts.seed ?? this.epochs, 2).shuffle(order);
    this.epochs++;
    for (let start = 0; start < this.n; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      yield rowsAsTensors(this.data, rows);
    }
  }

  /** The given rows (in that order) as tensors. */
  rows(indices: number[]): { x: Tensor; y: Tensor } {
    return rowsAsTensors(this.data, indices);
  }

  private tensors(): { x: Tensor; y: Tensor } {
    this.cache ??= rowsAsTensors(this.data, null);
    return this.cache;
  }
}

export interface LoadedData {
  train: Split;
  validation: Split | null;
  test: Split | null;
  task: Task;
  features: number;
  /** 0 for regression. */
  classes: number;
  classNames?: string[];
  featureNames: string[];
  /** How the inputs were scaled (x' = (x - offset) / scale, from the training split). */
  normalization: Splits['normalization'];
}

/**
 * Load a built-in set (iris, mnist, moons, circles, blobs, spiral, xor, classification, poly)
 * or a data file (CSV, JSON, IDX with `labels`), split and normalised as a network file does.
 * Relative paths are resolved against `baseDir` (the script's folder when a code network is
 * trained, else the working directory).
 */
export async function loadData(source: string, opts: LoadOptions = {}, baseDir = process.cwd()): Promise<LoadedData> {
  const { validation, test, normalize, seed, limit, target, features, task, images, labels, ...generator } = opts;
  const builtin = BUILTIN_SOURCES.includes(source);
  const spec: DataSpec = {
    source, builtin,
    validation: validation ?? DEFAULTS.validation, test: test ?? DEFAULTS.test,
    normalize: normalize ?? (source === 'mnist' ? DEFAULTS.normalizeMnist : DEFAULTS.normalize), shuffleSeed: seed ?? DEFAULTS.shuffleSeed,
    limit, target, task,
    features: Array.isArray(features) ? features : undefined,
    images: typeof images === 'string' ? images : undefined,
    labels: typeof labels === 'string' ? labels : undefined,
    options: builtinOptions(generator, features),
  };
  const anchor = path.join(path.resolve(baseDir), 'script.nn.js');
  const splits = await loadSplits(spec, anchor, path.resolve(baseDir));
  const d = splits.train;
  return {
    train: new Split(d),
    validation: splits.validation ? new Split(splits.validation) : null,
    test: splits.test ? new Split(splits.test) : null,
    task: d.task, features: d.features, classes: d.classes, classNames: d.classNames, featureNames: d.featureNames,
    normalization: splits.normalization,
  };
}

export interface ArrayDataOptions {
  /** 'regression' by default when y has fractional values, else 'classification'. */
  task?: Task;
  /** Fraction held out for validation (none by default: the data is yours, split as you like). */
  validation?: number;
  /** 'none' by default (your numbers as they are). */
  normalize?: Normalize;
  seed?: number;
  featureNames?: string[];
}

/**
 * Your own numbers as data (the lessons' `np.linspace` / `make_classification` cells):
 * x [n, features] and y [n] (class indices) or [n, targets], as tensors or nested arrays.
 */
export async function dataFrom(x: Tensor | number[][], y: Tensor | number[] | number[][], opts: ArrayDataOptions = {}): Promise<LoadedData> {
  const [xs, xShape] = await valuesOf(x);
  const [ys, yShape] = await valuesOf(y);
  if (xShape.length !== 2) throw new Error(`dataFrom: x must be [samples, features], not [${xShape}]`);
  const n = xShape[0];
  if (yShape[0] !== n) throw new Error(`dataFrom: x has ${n} rows and y ${yShape[0]}`);
  const task = opts.task ?? (ys.every((v) => Number.isInteger(v) && v >= 0) && yShape.length === 1 ? 'classification' : 'regression');
  const classes = task === 'classification' ? Math.max(...ys) + 1 : 0;
  if (task === 'classification' && !ys.every((v) => Number.isInteger(v) && v >= 0)) throw new Error('dataFrom: classification labels must be whole numbers 0, 1, …');
  const features = xShape[1];
  const d: Dataset = {
    x: xs, y: ys, n, features, task, classes, targets: task === 'classification' ? 1 : (yShape[1] ?? 1),
    featureNames: opts.featureNames ?? Array.from({ length: features }, (_, i) => `x${i + 1}`),
  };
  const split = splitDataset(d, opts.validation ?? 0, 0, opts.seed ?? DEFAULTS.shuffleSeed);
  const normalization = fitNormalization(opts.normalize ?? 'none', split.train);
  for (const part of [split.train, split.validation]) if (part) applyNormalization(part, normalization);
  return {
    train: new Split(split.train), validation: split.validation ? new Split(split.validation) : null, test: null,
    task, features, classes, featureNames: d.featureNames, normalization,
  };
}

async function valuesOf(v: Tensor | number[] | number[][]): Promise<[Float32Array, number[]]> {
  if (Array.isArray(v)) {
    const rows = v as (number | number[])[];
    const shape = Array.isArray(rows[0]) ? [rows.length, (rows[0] as number[]).length] : [rows.length];
    return [Float32Array.from(rows.flat() as number[]), shape];
  }
  return [(await v.data()).slice(), [...v.shape]];
}

function builtinOptions(rest: Record<string, unknown>, features: unknown): DataSpec['options'] {
  const out: DataSpec['options'] = {};
  for (const [k, v] of Object.entries(rest)) {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else throw new TypeError(`loadData: option ${k} must be a number, string or boolean`);
  }
  if (typeof features === 'number') out.features = features;
  return out;
}

function rowsAsTensors(d: Dataset, rows: number[] | null): { x: Tensor; y: Tensor } {
  const t = d.task === 'classification' ? 1 : d.targets;
  if (rows === null) {
    return {
      x: tensor(d.x, { shape: [d.n, d.features] }),
      y: tensor(d.y, { shape: d.task === 'classification' ? [d.n] : [d.n, t] }),
    };
  }
  const x = new Float32Array(rows.length * d.features);
  const y = new Float32Array(rows.length * t);
  rows.forEach((r, i) => {
    x.set(d.x.subarray(r * d.features, (r + 1) * d.features), i * d.features);
    y.set(d.y.subarray(r * t, (r + 1) * t), i * t);
  });
  return {
    x: tensor(x, { shape: [rows.length, d.features] }),
    y: tensor(y, { shape: d.task === 'classification' ? [rows.length] : [rows.length, t] }),
  };
}
