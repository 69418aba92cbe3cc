// The in-memory dataset every reader and generator produces, the error type they throw,
// and small helpers shared by them.
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

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate to a mistyped name, or undefined when none is plausibly meant. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return bestDist <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** ' Did you mean "x"?' or ''. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : ` Did you mean "${c}"?`;
}
