// Matrix products on the WASM SIMD kernels, on the operands where they are in the heap
// (./operands.ts copies in any that are not), the result written straight into a heap block.
import type { FusedActivation, Shape } from '../../backend';
import { sizeOf } from '../../../shape';
import { epilogue, forEachBatch, productDims } from '../matmul';
import type { WasmKernels } from './kernels';
import { produce } from './operands';

export function matmul(w: WasmKernels, threads: number, a: Float32Array, as: Shape, b: Float32Array, bs: Shape, transA: boolean, transB: boolean, outShape: Shape): Float32Array {
  const { m, k, n } = productDims(as, bs, transA, transB);
  return produce(w, sizeOf(outShape), (ops, at) => {
    const pa = ops.in(a), pb = ops.in(b);
    forEachBatch(as, bs, outShape, (t, ai, bi) => {
      w.gemm(pa + ai * m * k * 4, pb + bi * k * n * 4, at + t * m * n * 4, m, k, n, transA, transB, threads);
    });
  });
}

/** act(x @ w + bias), plain ([n, k] × [k, m]) or stacked (w [B, k, m], x shared or [B, n, k]). */
export function linear(w: WasmKernels, threads: number, x: Float32Array, xs: Shape, wt: Float32Array, ws: Shape, bias: Float32Array | null, act: FusedActivation, bs?: Shape): Float32Array {
  const stacked = ws.length === 3;
  const B = stacked ? ws[0] : 1, k = ws[ws.length - 2], m = ws[ws.length - 1];
  const n = xs[xs.length - 2];
  const sharedX = xs.length === 2;
  const sharedBias = !bs || bs.length === 1;
  return produce(w, B * n * m, (ops, at) => {
    const px = ops.in(x), pw = ops.in(wt), pbias = bias ? ops.in(bias) : 0;
    for (let t = 0; t < B; t++) {
      const c = at + t * n * m * 4;
      w.gemm(px + (sharedX ? 0 : t * n * k * 4), pw + t * k * m * 4, c, n, k, m, false, false, threads);
      // Bias and ReLU in SIMD (the same fp32 sums as the reference's epilogue); the others
      // through the reference's epilogue on the same memory, so activations match it exactly.
      if (act === 'relu' || act === 'none') w.exports.biasAct(c, bias ? pbias + (sharedBias ? 0 : t * m * 4) : 0, n, m, +(act === 'relu'));
      else epilogue(w.f32(at, B * n * m), t * n * m, n, m, bias, sharedBias ? 0 : t * m, act);
    }
  });
}
