// One-pass kernels on the WASM SIMD tier: the optimizer step (split over threads when a
// parameter is large), ReLU's backward mask, the bias gradient's sum over the batch, the
// minibatch's row gather, softmax cross-entropy and the binary ops with the common
// broadcasts.
import type { BinaryOp, OptimizerHyper, OptimizerSlot, Shape } from '../../backend';
import { sameShape, sizeOf } from '../../../shape';
import type { WasmKernels } from './kernels';
import { Operands, produce } from './operands';
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
    try {
      stepSlot(w, threads, ops, slot, h, decays, bc1, bc2);
    } finally {
      ops.done();
    }
  }
}

/** One parameter's update: its buffers placed (copied in and back when outside the heap), then the calls. */
function stepSlot(w: WasmKernels, threads: number, ops: Operands, slot: OptimizerSlot, h: OptimizerHyper, decays: readonly number[], bc1: number, bc2: number): void {
  const views = [slot.param, slot.grad, slot.state1, slot.state2] as Float32Array[];
  const [pw, pg, p1, p2] = views.map((v) => ops.in(v));
  // A stack of K models: model k owns the k-th of K equal parts of the slot, with its own decay.
  const per = slot.size / decays.length;
  if (!Number.isInteger(per)) throw new Error(`optimizerStep: a slot of ${slot.size} values is not ${decays.length} models`);
  const parts = threads > 1 && per >= THREADED_VALUES ? threads : 1;
  // Ranges in multiples of 4 values (one v128), so only the last part has a scalar tail.
  const chunk = Math.ceil(per / parts / 4) * 4;
  const calls: KernelCall[] = [];
  decays.forEach((wd, k) => {
    for (let s = 0; s < per; s += chunk) {
      const at = (k * per + s) * 4, n = Math.min(chunk, per - s);
      calls.push(h.kind === 'adam'
        ? { kernel: 'adam', args: [pw + at, pg + at, p1 + at, p2 + at, n, h.learningRate, h.beta1, h.beta2, h.epsilon, bc1, bc2, wd] }
        : { kernel: 'sgd', args: [pw + at, pg + at, p1 + at, n, h.learningRate, h.kind === 'momentum' ? h.momentum : 0, wd] });
    }
  });
  // Small slots run here one call after another; large ones `parts` calls at a time.
  for (let i = 0; i < calls.length; i += parts) w.parallel(calls.slice(i, i + parts));
  // What was copied in (a buffer outside the heap) is copied back; the gradient is only read.
  views.forEach((v, i) => {
    if (i !== 1 && !w.heap.owns(v)) v.set(w.f32([pw, pg, p1, p2][i], v.length));
  });
}

/**
 * c != 0 ? a : b over an output of `length` values, each operand either `length` values or
 * one (an operand that broadcasts to the output with as many values has its layout); null
 * for any other broadcast (the reference's).
 */
export function select(w: WasmKernels, c: Float32Array, a: Float32Array, b: Float32Array, length: number): Float32Array | null {
  if (![c, a, b].every((v) => v.length === length || v.length === 1)) return null;
  const one = (v: Float32Array) => +(v.length === 1 && length !== 1);
  return produce(w, length, (ops, at) => w.exports.select(ops.in(c), ops.in(a), ops.in(b), at, length, one(c), one(a), one(b)));
}

/** The sum over the leading `rows` of a [rows, cols] array: one value per column, in row order. */
export function sumRows(w: WasmKernels, x: Float32Array, rows: number, cols: number): Float32Array {
  return produce(w, cols, (ops, at) => w.exports.sumRows(ops.in(x), at, rows, cols));
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
  return produce(w, indices.length * cols, (ops, at) => w.exports.gatherRows(ops.in(a), ops.in(indices), at, indices.length, cols));
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
  return produce(w, size, (ops, at) => w.exports.binary(code, ops.in(a), ops.in(b), at, size / cols, cols, +aOne, +bOne, +bRow));
}

/** Softmax cross-entropy per row of [rows, cols] logits (`scale` null), or its gradient times `scale`. */
export function softmaxCrossEntropy(w: WasmKernels, z: Float32Array, t: Float32Array, rows: number, cols: number, scale: number | null): Float32Array {
  return produce(w, scale === null ? rows : rows * cols, (ops, at) => {
    if (scale === null) w.exports.softmaxCrossEntropy(ops.in(z), ops.in(t), at, 0, rows, cols, 1);
    else w.exports.softmaxCrossEntropy(ops.in(z), ops.in(t), 0, at, rows, cols, scale);
  });
}
