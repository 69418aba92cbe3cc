// THE gradient table: one rule per primitive (a missing rule fails to compile). A rule gets
// the output gradient `g` and returns one gradient per input (null: none needed). Rules are
// written with tensor ops, so every backend differentiates every expression.
import { runtime, Storage } from '../runtime';
import { broadcastAxes, sameShape } from '../shape';
import { apply, full, scalar, Tensor } from '../tensor';
import { oneHot } from './composites';
import type { PrimParams, Primitive } from './primitives';

type Rule<P extends Primitive> = (g: Tensor, x: Tensor[], out: Tensor, p: PrimParams[P]) => (Tensor | null)[];

/** Sum a gradient over the axes that broadcasting added, back to `shape`. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const axes = broadcastAxes(shape, g.shape);
  return (axes.length ? g.sum(axes, true) : g).reshape([...shape]);
}

/** Element-wise function of a tensor on the backend, outside the tape (derivative masks). */
function mask(op: 'step' | 'sign', t: Tensor): Tensor {
  const be = runtime.backend;
  return new Tensor(new Storage(be, be.unary(op, { handle: t.handle, shape: t.shape })), t.shape);
}

const one = () => scalar(1);

export const gradRules: { [P in Primitive]: Rule<P> } = {
  add: (g, [a, b]) => [unbroadcast(g, a.shape), unbroadcast(g, b.shape)],
  sub: (g, [a, b]) => [unbroadcast(g, a.shape), b.requiresGrad ? unbroadcast(g.neg(), b.shape) : null],
  mul: (g, [a, b]) => [
    a.requiresGrad ? unbroadcast(g.mul(b), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(a), b.shape) : null,
  ],
  div: (g, [a, b]) => [
    a.requiresGrad ? unbroadcast(g.div(b), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(a).div(b.mul(b)).neg(), b.shape) : null,
  ],
  pow: (g, [a, b], out) => [
    a.requiresGrad ? unbroadcast(g.mul(b).mul(a.pow(b.sub(1))), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(out).mul(a.log()), b.shape) : null,
  ],
  // Ties send the gradient to the first operand, as a subgradient should.
  maximum: (g, [a, b]) => {
    const m = a.ge(b);
    return [unbroadcast(g.mul(m), a.shape), b.requiresGrad ? unbroadcast(g.mul(one().sub(m)), b.shape) : null];
  },
  minimum: (g, [a, b]) => {
    const m = a.le(b);
    return [unbroadcast(g.mul(m), a.shape), b.requiresGrad ? unbroadcast(g.mul(one().sub(m)), b.shape) : null];
  },
  neg: (g) => [g.neg()],
  exp: (g, _x, out) => [g.mul(out)],
  log: (g, [a]) => [g.div(a)],
  tanh: (g, _x, out) => [g.mul(one().sub(out.mul(out)))],
  sqrt: (g, _x, out) => [g.div(out.mul(2))],
  abs: (g, [a]) => [g.mul(mask('sign', a))],
  relu: (g, [a]) => [g.mul(mask('step', a))],
  sigmoid: (g, _x, out) => [g.mul(out.mul(one().sub(out)))],
  leaky_relu: (g, [a], _out, p) => {
    const be = runtime.backend;
    const d = new Tensor(new Storage(be, be.leakyRelu({ handle: a.handle, shape: a.shape }, p.alpha, true)), a.shape);
    return [g.mul(d)];
  },
  sum: (g, [a]) => [g.broadcastTo(a.shape)],
  // The gradient is shared equally between tied maxima.
  max: (g, [a], out, p) => {
    const hits = a.eq(out);
    return [g.mul(hits).div(hits.sum(p.axes, true))];
  },
  matmul: (g, [a, b], _out, { transA, transB }) => [
    a.requiresGrad
      ? unbroadcast(transA ? apply('matmul', [b, g], { transA: transB, transB: true }) : apply('matmul', [g, b], { transA: false, transB: !transB }), a.shape)
      : null,
    b.requiresGrad
      ? unbroadcast(transB ? apply('matmul', [g, a], { transA: true, transB: transA }) : apply('matmul', [a, g], { transA: !transA, transB: false }), b.shape)
      : null,
  ],
  reshape: (g, [a]) => [g.reshape(a.shape)],
  transpose: (g, _x, _out, { perm }) => {
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [apply('transpose', [g], { perm: inverse })];
  },
  broadcast: (g, [a]) => [unbroadcast(g, a.shape)],
  where: (g, [cond, a, b]) => {
    const zero = scalar(0);
    return [
      null,
      a.requiresGrad ? unbroadcast(apply('where', [cond, g, zero], {}), a.shape) : null,
      b.requiresGrad ? unbroadcast(apply('where', [cond, zero, g], {}), b.shape) : null,
    ];
  },
  // Pad the gradient back with zeros, one axis at a time.
  slice: (g, [a], _out, { begin, size }) => {
    let padded = g;
    a.shape.forEach((d, ax) => {
      const before = begin[ax], after = d - begin[ax] - size[ax];
      if (before === 0 && after === 0) return;
      const parts: Tensor[] = [];
      const shapeWith = (n: number) => padded.shape.map((s, i) => (i === ax ? n : s));
      if (before > 0) parts.push(full(shapeWith(before), 0));
      parts.push(padded);
      if (after > 0) parts.push(full(shapeWith(after), 0));
      padded = apply('concat', parts, { axis: ax });
    });
    return [padded];
  },
  concat: (g, parts, _out, { axis }) => {
    let offset = 0;
    return parts.map((p) => {
      const begin = g.shape.map((_, i) => (i === axis ? offset : 0));
      offset += p.shape[axis];
      return p.requiresGrad ? apply('slice', [g], { begin, size: [...p.shape] }) : null;
    });
  },
  // Scatter-add as a product with the one-hot selection matrix: dA = onehot(idx)^T g.
  gather_rows: (g, [a, idx]) => [apply('matmul', [oneHot(idx, a.shape[0]), g], { transA: true, transB: false }), null],
  linear: (g, [x, w, b], out, { act }) => {
    let gz = g;
    if (act === 'relu') gz = g.mul(mask('step', out));
    else if (act === 'tanh') gz = g.mul(one().sub(out.mul(out)));
    else if (act === 'sigmoid') gz = g.mul(out.mul(one().sub(out)));
    if (w.rank === 3) {
      // Stacked models (x [n, k] shared or [B, n, k]): the same products, one per model.
      return [
        x.requiresGrad ? unbroadcast(apply('matmul', [gz, w], { transA: false, transB: true }), x.shape) : null,
        w.requiresGrad ? apply('matmul', [x, gz], { transA: true, transB: false }) : null,
        b && b.requiresGrad ? unbroadcast(gz, b.shape) : null,
      ];
    }
    return [
      x.requiresGrad ? apply('matmul', [gz, w], { transA: false, transB: true }) : null,
      w.requiresGrad ? apply('matmul', [x, gz], { transA: true, transB: false }) : null,
      b && b.requiresGrad ? gz.sum(0) : null,
    ];
  },
  softmax_ce: (g, [z, t], _out, { mean }) => {
    const be = runtime.backend;
    const n = z.shape[0];
    const zr = { handle: z.handle, shape: z.shape }, tr = { handle: t.handle, shape: t.shape };
    // A constant upstream gradient (the usual `loss.backward()`) folds into one fused kernel.
    const constant = g.constValue;
    const scale = (mean ? 1 / n : 1) * (constant ?? 1);
    let gz = new Tensor(new Storage(be, be.softmaxCrossEntropyGrad(zr, tr, scale)), z.shape);
    if (constant === undefined) gz = gz.mul(mean ? g : g.reshape([n, 1]));
    const gt = t.requiresGrad ? z.logSoftmax(-1).neg().mul(mean ? g.div(n) : g.reshape([n, 1])) : null;
    return [gz, gt];
  },
};
