// What the network learned, as pictures computed on the run's backend: the decision
// boundary of a classifier on a grid over two input features (the others at their mean),
// or the fitted curve of a 1-input regression. Inputs are uploaded once; each picture is one
// forward pass and one read-back. docs/events.md describes the encoding.
import type { Dataset, Splits } from '../data';
import type { LossName } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import type { Sequential } from '../nn/model';
import { noGrad, tidy } from '../runtime';
import { tensor, type Tensor } from '../tensor';
import type { DataEvent, DataPoints } from './events';

/** Cells across and down: 100 × 100 keeps ~200 grids of a long run near 2.7 MB of JSONL (128² would be 4.4 MB) and is finer than the points drawn over it. */
export const GRID = 100;
export const CURVE_POINTS = 200;
/** Points of each split sent to the panel, at most. */
export const MAX_POINTS = 2000;
/** Feature counts a boundary is drawn for (tabular data; not images). */
const MAX_BOUNDARY_FEATURES = 64;

const round4 = (v: number) => Number(v.toPrecision(4));

export class Pictures {
  constructor(readonly data: DataEvent, private readonly inputs: Tensor, private readonly loss: LossName) {}

  /** The pictures this task has, or null (images, regression with several inputs, …). */
  static for(splits: Splits, loss: LossName): Pictures | null {
    const t = splits.train;
    if (t.n === 0) return null;
    if (t.task === 'classification' && t.features >= 2 && t.features <= MAX_BOUNDARY_FEATURES && !t.inputShape && t.classes >= 2 && t.classes <= 64) {
      return boundaryPictures(splits, loss);
    }
    if (t.task === 'regression' && t.features === 1 && t.targets === 1) return fitPictures(splits, loss);
    return null;
  }

  /** The picture of the model's current weights: a base64 grid or the curve's values. */
  async draw(model: Sequential): Promise<{ boundary?: string; fit?: number[] }> {
    const out = tidy(() => noGrad(() => model.forward(this.inputs, { training: false, logits: lossTakesLogits(this.loss) }).keep()));
    const v = await out.data();
    const width = out.shape[1] ?? 1;
    out.dispose();
    if (this.data.picture === 'fit') return { fit: Array.from(v, (y) => Number(y.toPrecision(5))) };
    return { boundary: Buffer.from(encodeCells(v, width, this.data.classes, this.loss)).toString('base64') };
  }

  dispose(): void {
    this.inputs.dispose();
  }
}

/**
 * One byte per cell: class × L + round(q × (L − 1)), L = ⌊256 / classes⌋, where q is the
 * confidence rescaled from [1/classes, 1] to [0, 1]. The class is the model's prediction as
 * accuracy counts it (argmax; one output unit: above 0 for logits, else above 0.5).
 */
export function encodeCells(out: Float32Array, width: number, classes: number, loss: LossName): Uint8Array {
  const n = out.length / width;
  const levels = Math.floor(256 / classes);
  const cells = new Uint8Array(n);
  const logits = lossTakesLogits(loss);
  for (let i = 0; i < n; i++) {
    let cls: number, p: number;
    if (width === 1) {
      const z = out[i];
      const p1 = logits ? 1 / (1 + Math.exp(-z)) : Math.min(1, Math.max(0, z));
      cls = (logits ? z > 0 : z > 0.5) ? 1 : 0;
      p = cls === 1 ? p1 : 1 - p1;
    } else {
      const row = out.subarray(i * width, (i + 1) * width);
      cls = 0;
      for (let k = 1; k < width; k++) if (row[k] > row[cls]) cls = k;
      if (logits) {
        let sum = 0;
        for (let k = 0; k < width; k++) sum += Math.exp(row[k] - row[cls]);
        p = 1 / sum;
      } else p = Math.min(1, Math.max(0, row[cls]));
    }
    const q = Math.min(1, Math.max(0, (p - 1 / classes) / (1 - 1 / classes)));
    cells[i] = Math.min(cls, classes - 1) * levels + Math.round((Number.isFinite(q) ? q : 0) * (levels - 1));
  }
  return cells;
}

/** Inverse of encodeCells for one byte: the class and the rescaled confidence q in [0, 1]. */
export function decodeCell(byte: number, classes: number): { cls: number; q: number } {
  const levels = Math.floor(256 / classes);
  return { cls: Math.floor(byte / levels), q: (byte % levels) / (levels - 1) };
}

/** The two features that separate the classes best (Fisher score: between-class over within-class variance). */
export function pickFeatures(d: Dataset): [number, number] {
  if (d.features === 2) return [0, 1];
  const scores = Array.from({ length: d.features }, (_, f) => {
    const sum = new Float64Array(d.classes), count = new Float64Array(d.classes);
    let mean = 0;
    for (let i = 0; i < d.n; i++) { const v = d.x[i * d.features + f]; sum[d.y[i]] += v; count[d.y[i]]++; mean += v / d.n; }
    let between = 0, within = 0;
    for (let k = 0; k < d.classes; k++) if (count[k]) between += count[k] * (sum[k] / count[k] - mean) ** 2;
    for (let i = 0; i < d.n; i++) within += (d.x[i * d.features + f] - sum[d.y[i]] / count[d.y[i]]) ** 2;
    return between / Math.max(within, 1e-12);
  });
  const order = scores.map((s, f) => ({ s, f })).sort((a, b) => b.s - a.s || a.f - b.f);
  const [a, b] = [order[0].f, order[1].f].sort((x, y) => x - y);
  return [a, b];
}

type Raw = (f: number, v: number) => number;

function rawOf(splits: Splits): Raw {
  const { offset, scale } = splits.normalization;
  return (f, v) => v * scale[f] + offset[f];
}

function range(values: number[], pad: number): [number, number] {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const m = (hi - lo) * pad;
  return [round4(lo - m), round4(hi + m)];
}

function points(d: Dataset | null, raw: Raw, fx: number, fy: number | null): DataPoints | null {
  if (!d) return null;
  const n = Math.min(d.n, MAX_POINTS);
  const x: number[] = [], y: number[] = [], label: number[] = [];
  for (let i = 0; i < n; i++) {
    x.push(round4(raw(fx, d.x[i * d.features + fx])));
    if (fy === null) y.push(round4(d.y[i]));
    else { y.push(round4(raw(fy, d.x[i * d.features + fy]))); label.push(d.y[i]); }
  }
  return fy === null ? { x, y, total: d.n } : { x, y, label, total: d.n };
}

function boundaryPictures(splits: Splits, loss: LossName): Pictures {
  const t = splits.train;
  const raw = rawOf(splits);
  const [fx, fy] = pickFeatures(t);
  const train = points(t, raw, fx, fy)!;
  const validation = points(splits.validation, raw, fx, fy);
  const xRange = range([...train.x, ...(validation?.x ?? [])], 0.05);
  const yRange = range([...train.y, ...(validation?.y ?? [])], 0.05);
  // The other features at their training mean (in the model's normalised units).
  const mean = new Float64Array(t.features);
  for (let i = 0; i < t.n; i++) for (let f = 0; f < t.features; f++) mean[f] += t.x[i * t.features + f] / t.n;
  const { scale, offset } = splits.normalization;
  const inputs = new Float32Array(GRID * GRID * t.features);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const row = (r * GRID + c) * t.features;
      for (let f = 0; f < t.features; f++) inputs[row + f] = mean[f];
      // Cell centres; row 0 is the top of the picture (the largest second feature).
      inputs[row + fx] = (xRange[0] + ((c + 0.5) / GRID) * (xRange[1] - xRange[0]) - offset[fx]) / scale[fx];
      inputs[row + fy] = (yRange[1] - ((r + 0.5) / GRID) * (yRange[1] - yRange[0]) - offset[fy]) / scale[fy];
    }
  }
  const fixed: Record<string, number> = {};
  for (let f = 0; f < t.features; f++) if (f !== fx && f !== fy) fixed[String(f)] = round4(raw(f, mean[f]));
  const data: DataEvent = {
    type: 'data', picture: 'boundary', features: [fx, fy], featureNames: [t.featureNames[fx] ?? `x${fx + 1}`, t.featureNames[fy] ?? `x${fy + 1}`],
    classNames: t.classNames, classes: t.classes, xRange, yRange, grid: { width: GRID, height: GRID }, train, validation,
  };
  if (Object.keys(fixed).length) data.fixed = fixed;
  return new Pictures(data, tensor(inputs, { shape: [GRID * GRID, t.features] }).keep(), loss);
}

function fitPictures(splits: Splits, loss: LossName): Pictures {
  const t = splits.train;
  const raw = rawOf(splits);
  const train = points(t, raw, 0, null)!;
  const validation = points(splits.validation, raw, 0, null);
  const xRange = range([...train.x, ...(validation?.x ?? [])], 0.1);
  const { scale, offset } = splits.normalization;
  const inputs = Float32Array.from({ length: CURVE_POINTS }, (_, i) => (xRange[0] + (i / (CURVE_POINTS - 1)) * (xRange[1] - xRange[0]) - offset[0]) / scale[0]);
  const data: DataEvent = {
    type: 'data', picture: 'fit', features: [0], featureNames: [t.featureNames[0] ?? 'x'], classes: 0,
    xRange, curvePoints: CURVE_POINTS, train, validation,
  };
  return new Pictures(data, tensor(inputs, { shape: [CURVE_POINTS, 1] }).keep(), loss);
}
