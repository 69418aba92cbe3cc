// Matrix products on the WASM SIMD kernels: the operands are copied into the module's
// memory, every batch runs the packed, register-blocked gemm, and the result is copied out.
// The copies are O(m·k + k·n + m·n) against the product's O(m·k·n).
import type { FusedActivation, Shape } from '../../backend';
import { sizeOf } from '../../../shape';
import { epilogue, forEachBatch, productDims } from '../matmul';
import { align, type WasmKernels } from './kernels';

/** Copies `parts` into the memory one after another; returns their byte addresses. */
function place(w: WasmKernels, parts: Float32Array[], outLength: number): { ptrs: number[]; out: number } {
  const ptrs: number[] = [];
  let at = w.operandBase;
  for (const p of parts) {
    ptrs.push(at);
    at = align(at + p.length * 4);
  }
  w.ensure(at + outLength * 4);
  parts.forEach((p, i) => w.f32(ptrs[i], p.length).set(p));
  return { ptrs, out: at };
}

export function matmul(w: WasmKernels, threads: number, a: Float32Array, as: Shape, b: Float32Array, bs: Shape, transA: boolean, transB: boolean, outShape: Shape): Float32Array {
  const { m, k, n } = productDims(as, bs, transA, transB);
  const size = sizeOf(outShape);
  const { ptrs: [pa, pb], out } = place(w, [a, b], size);
  forEachBatch(as, bs, outShape, (t, ai, bi) => {
    w.gemm(pa + ai * m * k * 4, pb + bi * k * n * 4, out + t * m * n * 4, m, k, n, transA, transB, threads);
  });
  return w.f32(out, size).slice();
}

/** act(x @ w + bias), plain ([n, k] × [k, m]) or stacked (w [B, k, m], x shared or [B, n, k]). */
export function linear(w: WasmKernels, threads: number, x: Float32Array, xs: Shape, wt: Float32Array, ws: Shape, bias: Float32Array | null, act: FusedActivation, bs?: Shape): Float32Array {
  const stacked = ws.length === 3;
  const B = stacked ? ws[0] : 1, k = ws[ws.length - 2], m = ws[ws.length - 1];
  const n = xs[xs.length - 2];
  const sharedX = xs.length === 2;
  const { ptrs: [px, pw], out } = place(w, [x, wt], B * n * m);
  for (let t = 0; t < B; t++) {
    w.gemm(px + (sharedX ? 0 : t * n * k * 4), pw + t * k * m * 4, out + t * n * m * 4, n, k, m, false, false, threads);
  }
  const result = w.f32(out, B * n * m).slice();
  // The epilogue is the reference's, so activations match the JavaScript kernels exactly.
  const sharedBias = !bs || bs.length === 1;
  for (let t = 0; t < B; t++) epilogue(result, t * n * m, n, m, bias, sharedBias ? 0 : t * m, act);
  return result;
}
