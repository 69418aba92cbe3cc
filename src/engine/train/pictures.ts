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
import { predictions } from './confusion';
import type { DataEvent, DataPoints } from './events';

/** Cells across and down: 100 × 100 keeps ~200 grids of a long run near 2.7 MB of JSONL (128² would be 4.4 MB) and is finer than the points drawn over it. */
export const GRID = 100;
export const CURVE_POINTS = 200;
/** Points of each split sent to the panel, at most. */
export const MAX_POINTS = 2000;
/** Feature counts a boundary is drawn for (tabular data; not images). */
const MAX_BOUNDARY_FEATURES = 64;

const round4 = (v: number) => Number(v.toPrecision(4));

/** Features a user can pick a pair of, at most (5 → 10 pairs, each one grid in the end event). */
export const MAX_CHOICES = 5;

export class Pictures {
  /** Builds the inputs of a pair's grid (for `drawPairs`), when the data has choices. */
  pairInputs: ((fx: number, fy: number) => Float32Array) | null = null;

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

  /** The grid of every pair of `data.choices` (the end event's `boundaries`), one pair at a time so a wide table never holds them all. */
  async drawPairs(model: Sequential): Promise<Record<string, string> | undefined> {
    const c = this.data.choices;
    if (!c || !this.pairInputs) return undefined;
    const features = this.inputs.shape[1]!;
    const out: Record<string, string> = {};
    for (let a = 0; a < c.features.length; a++) {
      for (let b = a + 1; b < c.features.length; b++) {
        const x = tensor(this.pairInputs(c.features[a]!, c.features[b]!), { shape: [GRID * GRID, features] });
        const y = tidy(() => noGrad(() => model.forward(x, { training: false, logits: lossTakesLogits(this.loss) }).keep()));
        x.dispose();
        const v = await y.data();
        const width = y.shape[1] ?? 1;
        y.dispose();
        out[`${c.features[a]},${c.features[b]}`] = Buffer.from(encodeCells(v, width, this.data.classes, this.loss)).toString('base64');
      }
    }
    return out;
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
  const { cls, p } = predictions(out, width, loss);
  const levels = Math.floor(256 / classes);
  const cells = new Uint8Array(cls.length);
  for (let i = 0; i < cls.length; i++) {
    const q = Math.min(1, Math.max(0, (p[i] - 1 / classes) / (1 - 1 / classes)));
    cells[i] = Math.min(cls[i], classes - 1) * levels + Math.round((Number.isFinite(q) ? q : 0) * (levels - 1));
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
  const [a, b] = rankFeatures(d).slice(0, 2).sort((x, y) => x - y);
  return [a, b];
}

/** Every feature, the best separating first (Fisher score; ties: the lower index). */
export function rankFeatures(d: Dataset): number[] {
  const scores = Array.from({ length: d.features }, (_, f) => {
    const sum = new Float64Array(d.classes), count = new Float64Array(d.classes);
    let mean = 0;
    for (let i = 0; i < d.n; i++) { const v = d.x[i * d.features + f]; sum[d.y[i]] += v; count[d.y[i]]++; mean += v / d.n; }
    let between = 0, within = 0;
    for (let k = 0; k < d.classes; k++) if (count[k]) between += count[k] * (sum[k] / count[k] - mean) ** 2;
    for (let i = 0; i < d.n; i++) within += (d.x[i * d.features + f] - sum[d.y[i]] / count[d.y[i]]) ** 2;
    return between / Math.max(within, 1e-12);
  });
  return scores.map((s, f) => ({ s, f })).sort((a, b) => b.s - a.s || a.f - b.f).map((o) => o.f);
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
  const ranges = new Map<number, [number, number]>([[fx, xRange], [fy, yRange]]);
  const gridOf = (gx: number, gy: number) => gridInputs(splits, mean, gx, gy, ranges.get(gx)!, ranges.get(gy)!);
  const inputs = gridOf(fx, fy);
  const fixed: Record<string, number> = {};
  for (let f = 0; f < t.features; f++) if (f !== fx && f !== fy) fixed[String(f)] = round4(raw(f, mean[f]));
  const data: DataEvent = {
    type: 'data', picture: 'boundary', features: [fx, fy], featureNames: [t.featureNames[fx] ?? `x${fx + 1}`, t.featureNames[fy] ?? `x${fy + 1}`],
    classNames: t.classNames, classes: t.classes, xRange, yRange, grid: { width: GRID, height: GRID }, train, validation,
  };
  if (Object.keys(fixed).length) data.fixed = fixed;
  if (t.features > 2) {
    const features = rankFeatures(t).slice(0, MAX_CHOICES).sort((x, y) => x - y);
    const column = (d: Dataset | null, f: number) => (d ? points(d, raw, f, null)!.x : []);
    for (const f of features) if (!ranges.has(f)) ranges.set(f, range([...column(t, f), ...column(splits.validation, f)], 0.05));
    data.choices = {
      features, names: features.map((f) => t.featureNames[f] ?? `x${f + 1}`), ranges: features.map((f) => ranges.get(f)!),
      train: features.map((f) => column(t, f)), validation: splits.validation ? features.map((f) => column(splits.validation, f)) : null,
    };
  }
  const pictures = new Pictures(data, tensor(inputs, { shape: [GRID * GRID, t.features] }).keep(), loss);
  if (data.choices) pictures.pairInputs = gridOf;
  return pictures;
}

/** The model's inputs at the grid's cell centres over features fx (across) and fy (down; row 0 at the top), the others at `mean`. */
function gridInputs(splits: Splits, mean: Float64Array, fx: number, fy: number, xRange: [number, number], yRange: [number, number]): Float32Array {
  const features = splits.train.features;
  const { scale, offset } = splits.normalization;
  const inputs = new Float32Array(GRID * GRID * features);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const row = (r * GRID + c) * features;
      for (let f = 0; f < features; f++) inputs[row + f] = mean[f];
      inputs[row + fx] = (xRange[0] + ((c + 0.5) / GRID) * (xRange[1] - xRange[0]) - offset[fx]) / scale[fx];
      inputs[row + fy] = (yRange[1] - ((r + 0.5) / GRID) * (yRange[1] - yRange[0]) - offset[fy]) / scale[fy];
    }
  }
  return inputs;
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
