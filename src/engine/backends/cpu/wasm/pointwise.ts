// One-pass kernels on the WASM SIMD tier: the optimizer step (split over threads when a
// parameter is large), ReLU's backward mask and the bias gradient's sum over the batch.
import type { OptimizerHyper, OptimizerSlot } from '../../backend';
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
