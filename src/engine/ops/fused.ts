// Products and fused training kernels (matmul, linear = act(x @ w + b), softmax cross-entropy
// and its gradient): shape, forward, vjp.
import { broadcastShapes } from '../shape';
import { apply, scalar } from '../tensor';
import { unbroadcast } from './elementwise';
import type { PrimTable } from './primitives';

type Fused = 'matmul' | 'linear' | 'softmax_ce' | 'softmax_ce_grad';

export const fusedPrimitives: PrimTable<Fused> = {
  matmul: {
    shape: ([a, b], { transA, transB }) => {
      if (a.shape.length < 2 || b.shape.length < 2) throw new Error('matmul needs operands of rank ≥ 2');
      const m = a.shape[a.shape.length - (transA ? 1 : 2)], k = a.shape[a.shape.length - (transA ? 2 : 1)];
      const k2 = b.shape[b.shape.length - (transB ? 1 : 2)], n = b.shape[b.shape.length - (transB ? 2 : 1)];
      if (k !== k2) throw new Error(`matmul: inner dimensions differ: [${a.shape}] x [${b.shape}]`);
      return [...broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
    },
    forward: (be, [a, b], { transA, transB }, out) => be.matmul(a, b, transA, transB, out),
    vjp: (g, [a, b], _out, { transA, transB }) => [
      a.requiresGrad
        ? unbroadcast(transA ? apply('matmul', [b, g], { transA: transB, transB: true }) : apply('matmul', [g, b], { transA: false, transB: !transB }), a.shape)
        : null,
      b.requiresGrad
        ? unbroadcast(transB ? apply('matmul', [g, a], { transA: true, transB: transA }) : apply('matmul', [a, g], { transA: !transA, transB: false }), b.shape)
        : null,
    ],
  },
  linear: {
    shape: ([x, w, b]) => {
      if (x.rank === 2 && w.rank === 2) {
        if (x.shape[1] !== w.shape[0]) throw new Error(`linear: input has ${x.shape[1]} features, weights expect ${w.shape[0]}`);
        return [x.shape[0], w.shape[1]];
      }
      return stackedLinearShape(x.shape, w.shape, b?.shape);
    },
    forward: (be, [x, w, b], { act }) => be.linear(x, w, b ?? null, act),
    vjp: (g, [x, w, b], out, { act }) => {
      let gz = g;
      // relu' masks by out > 0, i.e. out != 0 (out ≥ 0): one `where` instead of step then mul.
      if (act === 'relu') gz = apply('where', [out, g, scalar(0)], {});
      else if (act === 'tanh') gz = g.mul(scalar(1).sub(out.mul(out)));
      else if (act === 'sigmoid') gz = g.mul(out.mul(scalar(1).sub(out)));
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
  },
  softmax_ce: {
    shape: ([z], { mean }) => (mean ? [] : [z.shape[0]]),
    forward: (be, [z, t], { mean }) => {
      const rows = be.softmaxCrossEntropy(z, t);
      if (!mean) return rows;
      const n = z.shape[0];
      // The sum times fp32(1 / n), in one dispatch.
      const meanLoss = be.reduce('sum', { handle: rows, shape: [n] }, [0], 1 / n);
      be.dispose(rows);
      return meanLoss;
    },
    vjp: (g, [z, t], _out, { mean }) => {
      const n = z.shape[0];
      // A constant upstream gradient (the usual `loss.backward()`) folds into one fused kernel.
      const constant = g.constValue;
      let gz = apply('softmax_ce_grad', [z, t], { scale: (mean ? 1 / n : 1) * (constant ?? 1) });
      if (constant === undefined) gz = gz.mul(mean ? g : g.reshape([n, 1]));
      const gt = t.requiresGrad ? z.logSoftmax(-1).neg().mul(mean ? g.div(n) : g.reshape([n, 1])) : null;
      return [gz, gt];
    },
  },
  softmax_ce_grad: {
    shape: ([z]) => [...z.shape],
    forward: (be, [z, t], { scale }) => be.softmaxCrossEntropyGrad(z, t, scale),
    // (s * sum(t) - t) * scale with s = softmax(z) (targets need not sum to 1), row by row.
    vjp: (g, [z, t], _out, { scale }) => {
      const s = z.softmax(-1);
      const gs = g.mul(s).sum(-1, true);
      return [
        z.requiresGrad ? s.mul(g.sub(gs)).mul(t.sum(-1, true)).mul(scale) : null,
        t.requiresGrad ? gs.sub(g).mul(scale) : null,
      ];
    },
  },
};

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
