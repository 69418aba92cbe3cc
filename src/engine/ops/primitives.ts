// The primitive operations: the only ops with gradient rules (ops/grads.ts). Everything
// else (softmax, mean, gelu, clamp, losses, …) is composed from these in ops/composites.ts.
import type { FusedActivation, Handle, Shape, TensorRef } from '../backends/backend';
import { runtime } from '../runtime';
import { broadcastShapes } from '../shape';
import type { Tensor } from '../tensor';

/** Parameters of each primitive. The keys are the complete primitive set. */
export interface PrimParams {
  add: {}; sub: {}; mul: {}; div: {}; pow: {}; maximum: {}; minimum: {};
  neg: {}; exp: {}; log: {}; tanh: {}; sqrt: {}; abs: {}; relu: {}; sigmoid: {};
  leaky_relu: { alpha: number };
  sum: { axes: number[] };          // keeps rank (reduced axes become 1)
  max: { axes: number[] };          // keeps rank
  matmul: { transA: boolean; transB: boolean };
  reshape: { shape: number[] };
  transpose: { perm: number[] };
  broadcast: { shape: number[] };
  where: {};                        // inputs: cond (not differentiated), a, b
  slice: { begin: number[]; size: number[] };
  concat: { axis: number };
  gather_rows: {};                  // inputs: a [r, c], indices [k] (not differentiated)
  linear: { act: FusedActivation }; // inputs: x, w, b
  softmax_ce: { mean: boolean };    // inputs: logits [n, c], targets [n, c] -> [n], or [] (mean)
}
export type Primitive = keyof PrimParams;

const binaryOp = { add: 'add', sub: 'sub', mul: 'mul', div: 'div', pow: 'pow', maximum: 'max', minimum: 'min' } as const;
const unaryOp = { neg: 'neg', exp: 'exp', log: 'log', tanh: 'tanh', sqrt: 'sqrt', abs: 'abs', relu: 'relu', sigmoid: 'sigmoid' } as const;

const ref = (t: Tensor): TensorRef => ({ handle: t.handle, shape: t.shape });

/** Output shape of a primitive (checked here so that errors name the op and the shapes). */
export function outputShape<P extends Primitive>(p: P, xs: Tensor[], params: PrimParams[P]): number[] {
  const q = params as Record<string, unknown>;
  switch (p) {
    case 'add': case 'sub': case 'mul': case 'div': case 'pow': case 'maximum': case 'minimum':
      return broadcastShapes(xs[0].shape, xs[1].shape);
    case 'where':
      return broadcastShapes(broadcastShapes(xs[0].shape, xs[1].shape), xs[2].shape);
    case 'sum': case 'max':
      return xs[0].shape.map((d, i) => ((q.axes as number[]).includes(i) ? 1 : d));
    case 'matmul': {
      const [a, b] = xs;
      const { transA, transB } = q as { transA: boolean; transB: boolean };
      if (a.shape.length < 2 || b.shape.length < 2) throw new Error('matmul needs operands of rank ≥ 2');
      const m = a.shape[a.shape.length - (transA ? 1 : 2)], k = a.shape[a.shape.length - (transA ? 2 : 1)];
      const k2 = b.shape[b.shape.length - (transB ? 1 : 2)], n = b.shape[b.shape.length - (transB ? 2 : 1)];
      if (k !== k2) throw new Error(`matmul: inner dimensions differ: [${a.shape}] x [${b.shape}]`);
      return [...broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
    }
    case 'reshape': case 'broadcast':
      return [...(q.shape as number[])];
    case 'transpose':
      return (q.perm as number[]).map((i) => xs[0].shape[i]);
    case 'slice':
      return [...(q.size as number[])];
    case 'concat': {
      const axis = q.axis as number;
      const out = [...xs[0].shape];
      out[axis] = xs.reduce((s, t) => s + t.shape[axis], 0);
      return out;
    }
    case 'gather_rows':
      return [xs[1].shape[0], xs[0].shape[1]];
    case 'linear': {
      const [x, w, b] = xs;
      if (x.rank === 2 && w.rank === 2) {
        if (x.shape[1] !== w.shape[0]) throw new Error(`linear: input has ${x.shape[1]} features, weights expect ${w.shape[0]}`);
        return [x.shape[0], w.shape[1]];
      }
      return stackedLinearShape(x.shape, w.shape, b?.shape);
    }
    case 'softmax_ce':
      return (q.mean as boolean) ? [] : [xs[0].shape[0]];
    default:
      return [...xs[0].shape];
  }
}

/** Run a primitive on the current backend (no autograd bookkeeping). */
export function runForward<P extends Primitive>(p: P, xs: Tensor[], params: PrimParams[P], out: Shape): Handle {
  const be = runtime.backend;
  const q = params as Record<string, unknown>;
  if (p in binaryOp) return be.binary(binaryOp[p as keyof typeof binaryOp], ref(xs[0]), ref(xs[1]), out);
  if (p in unaryOp) return be.unary(unaryOp[p as keyof typeof unaryOp], ref(xs[0]));
  switch (p) {
    case 'leaky_relu': return be.leakyRelu(ref(xs[0]), q.alpha as number, false);
    case 'sum': return be.reduce('sum', ref(xs[0]), q.axes as number[]);
    case 'max': return be.reduce('max', ref(xs[0]), q.axes as number[]);
    case 'matmul': return be.matmul(ref(xs[0]), ref(xs[1]), q.transA as boolean, q.transB as boolean, out);
    case 'broadcast': return be.broadcastTo(ref(xs[0]), out);
    case 'transpose': return be.transpose(ref(xs[0]), q.perm as number[]);
    case 'where': return be.where(ref(xs[0]), ref(xs[1]), ref(xs[2]), out);
    case 'slice': return be.slice(ref(xs[0]), q.begin as number[], q.size as number[]);
    case 'concat': return be.concat(xs.map(ref), q.axis as number, out);
    case 'gather_rows': return be.gatherRows(ref(xs[0]), ref(xs[1]));
    case 'linear': return be.linear(ref(xs[0]), ref(xs[1]), xs[2] ? ref(xs[2]) : null, q.act as FusedActivation);
    case 'softmax_ce': {
      const rows = be.softmaxCrossEntropy(ref(xs[0]), ref(xs[1]));
      if (!(q.mean as boolean)) return rows;
      const n = xs[0].shape[0];
      const total = be.reduce('sum', { handle: rows, shape: [n] }, [0]);
      const scale = be.fill(1, 1 / n);
      const meanLoss = be.binary('mul', { handle: total, shape: [] }, { handle: scale, shape: [] }, []);
      for (const h of [rows, total, scale]) be.dispose(h);
      return meanLoss;
    }
    default: throw new Error(`no forward for primitive ${p}`);
  }
}

/**
 * A stack of dense layers (several models trained together): x [n, k] or [B, n, k], w [B, k, m],
 * bias [B, 1, m] (or [m], shared) -> [B, n, m]. One product per model, in one call.
 */
function stackedLinearShape(x: readonly number[], w: readonly number[], bias: readonly number[] | undefined): number[] {
  const B = w[0];
  const ok = w.length === 3 && (x.length === 2 || (x.length === 3 && x[0] === B)) && x[x.length - 1] === w[1]
    && (!bias || (bias.length === 1 && bias[0] === w[2]) || (bias.length === 3 && bias[0] === B && bias[1] === 1 && bias[2] === w[2]));
  if (!ok) throw new Error(`linear: stacked shapes x [${x}], w [${w}], bias [${bias ?? ''}] do not fit (x [n, k] or [B, n, k], w [B, k, m], bias [B, 1, m])`);
  return [B, x[x.length - 2], w[2]];
}
