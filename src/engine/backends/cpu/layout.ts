// Reductions and data-movement kernels for the CPU reference backend.
import type { ReduceOp, Shape } from '../backend';
import { sizeOf, stridesOf } from '../../shape';

/** Reduce over `axes`; the output keeps the input's rank with those axes set to 1. */
export function reduce(op: ReduceOp, a: Float32Array, shape: Shape, axes: readonly number[]): Float32Array {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Float32Array(sizeOf(outShape)).fill(op === 'sum' ? 0 : -Infinity);
  const inStr = stridesOf(shape);
  const outStr = stridesOf(outShape);
  // Fast path: reducing only the last axis (softmax, mean over features).
  if (axes.length === 1 && axes[0] === shape.length - 1) {
    const inner = shape[shape.length - 1];
    for (let r = 0; r < out.length; r++) {
      let acc = op === 'sum' ? 0 : -Infinity;
      for (let j = 0, base = r * inner; j < inner; j++) {
        const v = a[base + j];
        acc = op === 'sum' ? acc + v : (v > acc || Number.isNaN(v) ? v : acc);
      }
      out[r] = acc;
    }
    return out;
  }
  // Contiguous axes (a bias gradient's sum over the batch): [outer, R, inner], summed in
  // the same order as the general loop below, so the result is bit-identical to it.
  if (axes.every((ax, i) => i === 0 || ax === axes[i - 1] + 1)) {
    const outer = sizeOf(shape.slice(0, axes[0]));
    const r = sizeOf(axes.map((ax) => shape[ax]));
    const inner = sizeOf(shape.slice(axes[axes.length - 1] + 1));
    for (let o = 0; o < outer; o++) {
      for (let q = 0; q < r; q++) {
        const src = (o * r + q) * inner, dst = o * inner;
        if (op === 'sum') for (let j = 0; j < inner; j++) out[dst + j] += a[src + j];
        else {
          for (let j = 0; j < inner; j++) {
            const v = a[src + j];
            if (v > out[dst + j] || Number.isNaN(v)) out[dst + j] = v;
          }
        }
      }
    }
    return out;
  }
  for (let i = 0; i < a.length; i++) {
    let o = 0, rem = i;
    for (let ax = 0; ax < shape.length; ax++) {
      const idx = Math.floor(rem / inStr[ax]);
      rem -= idx * inStr[ax];
      if (outShape[ax] !== 1) o += idx * outStr[ax];
    }
    const v = a[i];
    if (op === 'sum') out[o] += v;
    else if (v > out[o] || Number.isNaN(v)) out[o] = v;
  }
  return out;
}

export function argmax(a: Float32Array, shape: Shape): Float32Array {
  const inner = shape[shape.length - 1];
  const rows = a.length / inner;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < inner; j++) if (a[r * inner + j] > a[r * inner + best]) best = j;
    out[r] = best;
  }
  return out;
}

export function transpose(a: Float32Array, shape: Shape, perm: readonly number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const inStr = stridesOf(shape);
  const srcStr = perm.map((p) => inStr[p]); // input stride for each output axis
  const out = new Float32Array(a.length);
  const rank = outShape.length;
  const idx = new Int32Array(rank);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = a[src];
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      src += srcStr[ax];
      if (idx[ax] < outShape[ax]) break;
      src -= srcStr[ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
  return out;
}

export function slice(a: Float32Array, shape: Shape, begin: readonly number[], size: readonly number[]): Float32Array {
  const out = new Float32Array(sizeOf(size));
  const inStr = stridesOf(shape);
  const outStr = stridesOf(size);
  for (let o = 0; o < out.length; o++) {
    let src = 0, rem = o;
    for (let ax = 0; ax < size.length; ax++) {
      const idx = Math.floor(rem / outStr[ax]);
      rem -= idx * outStr[ax];
      src += (idx + begin[ax]) * inStr[ax];
    }
    out[o] = a[src];
  }
  return out;
}

export function concat(parts: { data: Float32Array; shape: Shape }[], axis: number, outShape: Shape): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  const outer = sizeOf(outShape.slice(0, axis));
  const innerOut = sizeOf(outShape.slice(axis));
  let offset = 0;
  for (const p of parts) {
    const inner = sizeOf(p.shape.slice(axis));
    for (let r = 0; r < outer; r++) out.set(p.data.subarray(r * inner, (r + 1) * inner), r * innerOut + offset);
    offset += inner;
  }
  return out;
}

export function gatherRows(a: Float32Array, shape: Shape, indices: Float32Array): Float32Array {
  const cols = shape[1];
  const out = new Float32Array(indices.length * cols);
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r] * cols;
    out.set(a.subarray(src, src + cols), r * cols);
  }
  return out;
}

export function oneHot(labels: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c >= 0 && c < classes) out[i * classes + c] = 1;
  }
  return out;
}
