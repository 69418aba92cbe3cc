// The in-memory dataset every reader and generator produces, the error type they throw,
// and small helpers shared by them.
import { didYouMean as closest } from '../netfile/suggest';
import { LIMITS } from '../netfile/limits';
import type { Normalize, Task } from '../netfile/spec';

export interface Dataset {
  /** [n, features] row-major. */
  x: Float32Array;
  /** Classification: the class index of each sample [n]. Regression: [n, targets]. */
  y: Float32Array;
  n: number;
  features: number;
  /** 1 for classification. */
  targets: number;
  task: Task;
  /** 0 for regression. */
  classes: number;
  classNames?: string[];
  featureNames: string[];
  /** e.g. [28, 28] for images. */
  inputShape?: number[];
}

export interface Splits {
  train: Dataset;
  validation: Dataset | null;
  test: Dataset | null;
  /** Applied to every split: x' = (x - offset) / scale, statistics from `train` only. */
  normalization: { kind: Normalize; offset: Float32Array; scale: Float32Array };
}

/** A problem with the data, tied to the network-file node it concerns: `path` is a key of
 *  NetworkSpec.ranges ('data.source', 'data.target', 'data.features', 'data.noise' …). */
export class DataError extends Error {
  constructor(message: string, public path: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** A copy of the rows `indices` (in that order), with the same metadata. */
export function subsetRows(d: Dataset, indices: ArrayLike<number>): Dataset {
  const m = indices.length;
  const f = d.features;
  const t = d.task === 'classification' ? 1 : d.targets;
  const x = new Float32Array(m * f);
  const y = new Float32Array(m * t);
  for (let r = 0; r < m; r++) {
    const i = indices[r];
    if (!(i >= 0 && i < d.n)) throw new RangeError(`row ${i} is outside 0..${d.n - 1}`);
    x.set(d.x.subarray(i * f, i * f + f), r * f);
    for (let k = 0; k < t; k++) y[r * t + k] = d.y[i * t + k];
  }
  return { ...d, x, y, n: m };
}

/** The first `limit` rows (all of them when limit is absent or larger). */
export function firstRows(d: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= d.n) return d;
  return subsetRows(d, Array.from({ length: limit }, (_, i) => i));
}

/** Numbered feature names x1, x2, … for sources without a header. */
export function numberedNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** ' Did you mean "x"?' or ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const c = closest(name, candidates as string[]);
  return c === undefined ? '' : ` Did you mean "${c}"?`;
}

/** Whether `v` survives the trip into a Float32Array (1e39 would become Infinity). */
export function fitsFloat32(v: number): boolean {
  return Number.isFinite(Math.fround(v));
}

/** Throws when a table of `rows` × `features` passes the size limits (docs/limits.md). */
export function checkTableSize(rows: number, features: number, file: string, key: string): void {
  const limit = (what: string, max: number) => new DataError(
    `${file} has ${what}, over the limit of ${max.toLocaleString('en-US')} (see docs/limits.md)`, key);
  if (rows > LIMITS.samples) throw limit(`more than ${LIMITS.samples.toLocaleString('en-US')} rows`, LIMITS.samples);
  if (features > LIMITS.features) throw limit(`${features.toLocaleString('en-US')} input features`, LIMITS.features);
  if (rows * features > LIMITS.dataValues) {
    throw limit(`${rows.toLocaleString('en-US')} rows × ${features.toLocaleString('en-US')} features = ${(rows * features).toLocaleString('en-US')} numbers`, LIMITS.dataValues);
  }
}
