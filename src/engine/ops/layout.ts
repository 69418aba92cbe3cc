// Reductions and data-movement primitives (sum, max, reshape, transpose, broadcast, slice,
// concat, gather_rows): shape, forward, vjp.
import { apply, full, type Tensor } from '../tensor';
import { unbroadcast } from './elementwise';
import { oneHot } from './composites';
import type { PrimTable } from './primitives';

type Layout = 'sum' | 'max' | 'reshape' | 'transpose' | 'broadcast' | 'slice' | 'concat' | 'gather_rows';

const keepRank = ([a]: Tensor[], { axes }: { axes: number[] }) => a.shape.map((d, i) => (axes.includes(i) ? 1 : d));

export const layoutPrimitives: PrimTable<Layout> = {
  sum: {
    shape: keepRank,
    forward: (be, [a], { axes }) => be.reduce('sum', a, axes),
    vjp: (g, [a]) => [g.broadcastTo(a.shape)],
  },
  max: {
    shape: keepRank,
    forward: (be, [a], { axes }) => be.reduce('max', a, axes),
    // The gradient is shared equally between tied maxima.
    vjp: (g, [a], out, { axes }) => {
      const hits = a.eq(out);
      return [g.mul(hits).div(hits.sum(axes, true))];
    },
  },
  reshape: {
    shape: (_xs, { shape }) => [...shape],
    view: true,
    vjp: (g, [a]) => [g.reshape(a.shape)],
  },
  transpose: {
    shape: ([a], { perm }) => perm.map((i) => a.shape[i]),
    forward: (be, [a], { perm }) => be.transpose(a, perm),
    vjp: (g, _x, _out, { perm }) => [apply('transpose', [g], { perm: perm.map((_, i) => perm.indexOf(i)) })],
  },
  broadcast: {
    shape: (_xs, { shape }) => [...shape],
    forward: (be, [a], _p, out) => be.broadcastTo(a, out),
    vjp: (g, [a]) => [unbroadcast(g, a.shape)],
  },
  slice: {
    shape: (_xs, { size }) => [...size],
    forward: (be, [a], { begin, size }) => be.slice(a, begin, size),
    // Pad the gradient back with zeros, one axis at a time.
    vjp: (g, [a], _out, { begin, size }) => {
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
  },
  concat: {
    shape: (xs, { axis }) => {
      const out = [...xs[0].shape];
      out[axis] = xs.reduce((s, t) => s + t.shape[axis], 0);
      return out;
    },
    forward: (be, xs, { axis }, out) => be.concat(xs, axis, out),
    vjp: (g, parts, _out, { axis }) => {
      let offset = 0;
      return parts.map((p) => {
        const begin = g.shape.map((_, i) => (i === axis ? offset : 0));
        offset += p.shape[axis];
        return p.requiresGrad ? apply('slice', [g], { begin, size: [...p.shape] }) : null;
      });
    },
  },
  gather_rows: {
    shape: ([a, idx]) => [idx.shape[0], a.shape[1]],
    forward: (be, [a, idx]) => be.gatherRows(a, idx),
    // Scatter-add as a product with the one-hot selection matrix: dA = onehot(idx)^T g.
    vjp: (g, [a, idx]) => [apply('matmul', [oneHot(idx, a.shape[0]), g], { transA: true, transB: false }), null],
  },
};
