// One-pass kernels on the WASM SIMD tier: the optimizer step (split over threads when a
// parameter is large), ReLU's backward mask, the bias gradient's sum over the batch, the
// minibatch's row gather, softmax cross-entropy and the binary ops with the common
// broadcasts.
import type { BinaryOp, OptimizerHyper, OptimizerSlot, Shape } from '../../backend';
import { sameShape, sizeOf } from '../../../shape';
import type { WasmKernels } from './kernels';
import { Operands } from './operands';
import type { KernelCall } from './threads';

/** Parameters smaller than this are updated on the calling thread (waking a worker costs ~20–50 µs). */
const THREADED_VALUES = 1 << 16;

export function optimizerStep(w: WasmKernels, threads: number, slots: readonly OptimizerSlot[], h: OptimizerHyper): void {
  const bc1 = 1 - Math.pow(h.beta1, h.step);
  const bc2 = 1 - Math.pow(h.beta2, h.step);
  const decays = typeof h.weightDecay === 'number' ? [h.weightDecay] : h.weightDecay;
  for (const slot of slots) {
    if (slot.size === 0) continue;
    const ops = new Operands(w);
    const views = [slot.param, slot.grad, slot.state1, slot.state2] as Float32Array[];
    const [pw, pg, p1, p2] = views.map((v) => ops.in(v));
    // A stack of K models: model k owns the k-th of K equal parts of the slot, with its own decay.
    const per = slot.size / decays.length;
    if (!Number.isInteger(per)) throw new Error(`optimizerStep: a slot of ${slot.size} values is not ${decays.length} models`);
    const calls: KernelCall[] = [];
    decays.forEach((wd, k) => {
      const parts = threads > 1 && per >= THREADED_VALUES ? threads : 1;
      // Ranges in multiples of 4 values (one v128), so only the last part has a scalar tail.
      const chunk = Math.ceil(per / parts / 4) * 4;
      for (let s = 0; s < per; s += chunk) {
        const at = (k * per + s) * 4, n = Math.min(chunk, per - s);
        calls.push(h.kind === 'adam'
          ? { kernel: 'adam', args: [pw + at, pg + at, p1 + at, p2 + at, n, h.learningRate, h.beta1, h.beta2, h.epsilon, bc1, bc2, wd] }
          : { kernel: 'sgd', args: [pw + at, pg + at, p1 + at, n, h.learningRate, h.kind === 'momentum' ? h.momentum : 0, wd] });
      }
    });
    // Small slots run here one call after another; large ones `threads` parts at a time.
    const batch = per >= THREADED_VALUES ? threads : 1;
    for (let i = 0; i < calls.length; i += batch) w.parallel(calls.slice(i, i + batch));
    // Anything copied in (a buffer outside the heap) is copied back.
    views.forEach((v, i) => {
      if (!w.heap.owns(v) && i !== 1) v.set(w.f32([pw, pg, p1, p2][i], v.length));
    });
    ops.done();
  }
}

/** c != 0 ? a : b, each operand either `length` values or one; null when a shape is anything else. */
export function select(w: WasmKernels, c: Float32Array, a: Float32Array, b: Float32Array, length: number): Float32Array | null {
  if (![c, a, b].every((v) => v.length === length || v.length === 1)) return null;
  const ops = new Operands(w);
  const pc = ops.in(c), pa = ops.in(a), pb = ops.in(b);
  const out = ops.out(length);
  w.exports.select(pc, pa, pb, out.at, length, +(c.length === 1 && length !== 1), +(a.length === 1 && length !== 1), +(b.length === 1 && length !== 1));
  const result = out.finish();
  ops.done();
  return result;
}

/** The sum over the leading `rows` of a [rows, cols] array: one value per column, in row order. */
export function sumRows(w: WasmKernels, x: Float32Array, rows: number, cols: number): Float32Array {
  const ops = new Operands(w);
  const px = ops.in(x);
  const out = ops.out(cols);
  w.exports.sumRows(px, out.at, rows, cols);
  const result = out.finish();
  ops.done();
  return result;
}

/**
 * Rows `indices` (floats) of a [rows, cols] array, copied by the module (memory.copy); null
 * when an index is not a row (the reference's behaviour then, not a read outside the array)
 * or the array is not in the heap.
 */
export function gatherRows(w: WasmKernels, a: Float32Array, cols: number, indices: Float32Array): Float32Array | null {
  // An array outside the heap would be copied in whole for a few rows: the reference reads only those.
  if (!w.heap.owns(a)) return null;
  const rows = cols ? a.length / cols : 0;
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!(i >= 0 && i < rows && Number.isInteger(i))) return null;
  }
  const ops = new Operands(w);
  const pa = ops.in(a), pi = ops.in(indices);
  const out = ops.out(indices.length * cols);
  w.exports.gatherRows(pa, pi, out.at, indices.length, cols);
  const result = out.finish();
  ops.done();
  return result;
}

/** The binary ops the module runs, by their code there (assembly/pointwise.ts). */
export const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, max: 4, min: 5 };

/**
 * a op b when b is a's shape, one value, or one row repeated over a's leading axes (a bias),
 * and a is the output's shape or one value; null for any other broadcast (the reference's).
 */
export function binary(w: WasmKernels, op: BinaryOp, a: Float32Array, as: Shape, b: Float32Array, bs: Shape, outShape: Shape): Float32Array | null {
  const code = BINARY_CODES[op];
  const size = sizeOf(outShape);
  if (code === undefined || size === 0) return null;
  const cols = outShape.length ? outShape[outShape.length - 1] : 1;
  const aOne = a.length === 1 && size !== 1, bOne = b.length === 1 && size !== 1;
  const aFull = sameShape(as, outShape);
  const bFull = sameShape(bs, outShape);
  const bRow = !bFull && !bOne && bs.length >= 1 && bs[bs.length - 1] === cols && b.length === cols;
  if (!(aFull || aOne) || !(bFull || bOne || bRow)) return null;
  const ops = new Operands(w);
  const pa = ops.in(a), pb = ops.in(b);
  const out = ops.out(size);
  w.exports.binary(code, pa, pb, out.at, size / cols, cols, +aOne, +bOne, +bRow);
  const result = out.finish();
  ops.done();
  return result;
}

/** Softmax cross-entropy per row of [rows, cols] logits (`scale` null), or its gradient times `scale`. */
export function softmaxCrossEntropy(w: WasmKernels, z: Float32Array, t: Float32Array, rows: number, cols: number, scale: number | null): Float32Array {
  const ops = new Operands(w);
  const pz = ops.in(z), pt = ops.in(t);
  const out = ops.out(scale === null ? rows : rows * cols);
  if (scale === null) w.exports.softmaxCrossEntropy(pz, pt, out.at, 0, rows, cols, 1);
  else w.exports.softmaxCrossEntropy(pz, pt, 0, out.at, rows, cols, scale);
  const result = out.finish();
  ops.done();
  return result;
}
