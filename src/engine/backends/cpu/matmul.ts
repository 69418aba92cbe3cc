// Matrix products for the CPU reference backend. The inner loops run over contiguous
// memory (i-k-j order, or row·row dot products when B is transposed) so V8 keeps them fast.
import type { FusedActivation, Shape } from '../backend';
import { broadcastShapes, sizeOf, stridesOf } from '../../shape';

/** C[m,n] (+)= op(A) op(B) for one matrix pair, at the given offsets. */
function gemm(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): void {
  if (transB && !transA) {
    for (let i = 0; i < m; i++) {
      const ai = aOff + i * k;
      for (let j = 0; j < n; j++) {
        const bj = bOff + j * k;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
        c[cOff + i * n + j] = s;
      }
    }
    return;
  }
  if (!transB) {
    gemmBlocked(a, aOff, b, bOff, c, cOff, m, k, n, transA);
    return;
  }
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    for (let p = 0; p < k; p++) {
      const av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
      if (av === 0) continue;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * k + p];
    }
  }
}

// Cache blocking: a KB×JB block of B (64 KiB) stays in L2 while every row of A passes over
// it, and four rows of C are updated per load of B. Without it large products fall out of
// cache and run at half the speed.
const KB = 64, JB = 256;

function gemmBlocked(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, transA: boolean,
): void {
  const at = (i: number, p: number) => (transA ? a[aOff + p * m + i] : a[aOff + i * k + p]);
  for (let jj = 0; jj < n; jj += JB) {
    const jEnd = Math.min(jj + JB, n);
    for (let kk = 0; kk < k; kk += KB) {
      const kEnd = Math.min(kk + KB, k);
      let i = 0;
      for (; i + 3 < m; i += 4) {
        const c0 = cOff + i * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        for (let p = kk; p < kEnd; p++) {
          const a0 = at(i, p), a1 = at(i + 1, p), a2 = at(i + 2, p), a3 = at(i + 3, p);
          // Sparse inputs (MNIST pixels, ReLU outputs) skip whole rows of B.
          if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
          const bp = bOff + p * n;
          for (let j = jj; j < jEnd; j++) {
            const bv = b[bp + j];
            c[c0 + j] += a0 * bv;
            c[c1 + j] += a1 * bv;
            c[c2 + j] += a2 * bv;
            c[c3 + j] += a3 * bv;
          }
        }
      }
      for (; i + 1 < m; i += 2) {
        const c0 = cOff + i * n, c1 = c0 + n;
        for (let p = kk; p < kEnd; p++) {
          const a0 = at(i, p), a1 = at(i + 1, p);
          if (a0 === 0 && a1 === 0) continue;
          const bp = bOff + p * n;
          for (let j = jj; j < jEnd; j++) {
            const bv = b[bp + j];
            c[c0 + j] += a0 * bv;
            c[c1 + j] += a1 * bv;
          }
        }
      }
      for (; i < m; i++) {
        const c0 = cOff + i * n;
        for (let p = kk; p < kEnd; p++) {
          const a0 = at(i, p);
          if (a0 === 0) continue;
          const bp = bOff + p * n;
          for (let j = jj; j < jEnd; j++) c[c0 + j] += a0 * b[bp + j];
        }
      }
    }
  }
}

/** The m, k, n of a (batched) product from the operands' shapes. */
export function productDims(as: Shape, bs: Shape, transA: boolean, transB: boolean): { m: number; k: number; n: number } {
  const ra = as.length, rb = bs.length;
  return {
    m: transA ? as[ra - 1] : as[ra - 2],
    k: transA ? as[ra - 2] : as[ra - 1],
    n: transB ? bs[rb - 2] : bs[rb - 1],
  };
}

/** Calls `fn(t, aBatch, bBatch)` for each output batch t with the operands' (broadcast) batch indices. */
export function forEachBatch(as: Shape, bs: Shape, outShape: Shape, fn: (t: number, ai: number, bi: number) => void): void {
  const batchShape = outShape.slice(0, -2);
  const batches = sizeOf(batchShape);
  if (batches === 1) {
    fn(0, 0, 0);
    return;
  }
  // Broadcast leading (batch) axes: map each output batch to the operands' batch offsets.
  const aBatch = as.slice(0, -2), bBatch = bs.slice(0, -2);
  broadcastShapes(aBatch, bBatch);
  const outStr = stridesOf(batchShape);
  const aStr = stridesOf(aBatch), bStr = stridesOf(bBatch);
  for (let t = 0; t < batches; t++) {
    let ai = 0, bi = 0, rem = t;
    for (let ax = 0; ax < batchShape.length; ax++) {
      const idx = Math.floor(rem / outStr[ax]);
      rem -= idx * outStr[ax];
      const ja = ax - (batchShape.length - aBatch.length);
      const jb = ax - (batchShape.length - bBatch.length);
      if (ja >= 0 && aBatch[ja] !== 1) ai += idx * aStr[ja];
      if (jb >= 0 && bBatch[jb] !== 1) bi += idx * bStr[jb];
    }
    fn(t, ai, bi);
  }
}

export function matmul(a: Float32Array, as: Shape, b: Float32Array, bs: Shape, transA: boolean, transB: boolean, outShape: Shape): Float32Array {
  const { m, k, n } = productDims(as, bs, transA, transB);
  const out = new Float32Array(sizeOf(outShape));
  forEachBatch(as, bs, outShape, (t, ai, bi) => gemm(a, ai * m * k, b, bi * k * n, out, t * m * n, m, k, n, transA, transB));
  return out;
}

export function linear(x: Float32Array, xs: Shape, w: Float32Array, ws: Shape, bias: Float32Array | null, act: FusedActivation, bs?: Shape): Float32Array {
  if (ws.length === 3) return stackedLinear(x, xs, w, ws, bias, act, bs);
  const n = xs[0], k = xs[1], m = ws[1];
  const out = new Float32Array(n * m);
  gemm(x, 0, w, 0, out, 0, n, k, m, false, false);
  epilogue(out, 0, n, m, bias, 0, act);
  return out;
}

/** Bias and activation over an n × m block of `out`, in place (the fused dense layer's end). */
export function epilogue(out: Float32Array, off: number, n: number, m: number, bias: Float32Array | null, bOff: number, act: FusedActivation): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let v = out[off + i * m + j] + (bias ? bias[bOff + j] : 0);
      if (act === 'relu') v = v > 0 ? v : 0;
      else if (act === 'tanh') v = Math.tanh(v);
      else if (act === 'sigmoid') v = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      out[off + i * m + j] = v;
    }
  }
}

/** Stacked dense layers (ops/fused.ts): per model exactly the 2-D computation above, so
 *  models trained together get bit-for-bit the values they would get one at a time. */
function stackedLinear(x: Float32Array, xs: Shape, w: Float32Array, ws: Shape, bias: Float32Array | null, act: FusedActivation, bs?: Shape): Float32Array {
  const [B, k, m] = ws;
  const n = xs[xs.length - 2];
  const shared = xs.length === 2;
  const sharedBias = !bs || bs.length === 1;
  const out = new Float32Array(B * n * m);
  for (let t = 0; t < B; t++) {
    gemm(x, shared ? 0 : t * n * k, w, t * k * m, out, t * n * m, n, k, m, false, false);
    epilogue(out, t * n * m, n, m, bias, sharedBias ? 0 : t * m, act);
  }
  return out;
}
