// Composite operations: built only from primitives, so they need no gradient rules.
import { normAxes, normAxis, sameShape } from '../shape';
import { apply, offTape, tensor, Tensor } from '../tensor';

export function mean(t: Tensor, axis: number | number[] | undefined, keepDims: boolean): Tensor {
  const axes = normAxes(axis, t.rank);
  const count = axes.reduce((n, a) => n * t.shape[a], 1);
  return t.sum(axes, keepDims).div(count);
}

// The max is subtracted for stability; it is detached because softmax(x - c) = softmax(x)
// for any constant c, so its gradient contribution is exactly zero.
export function softmax(t: Tensor, axis: number): Tensor {
  const e = t.sub(t.max(axis, true).detach()).exp();
  return e.div(e.sum(axis, true));
}

export function logSoftmax(t: Tensor, axis: number): Tensor {
  const shifted = t.sub(t.max(axis, true).detach());
  return shifted.sub(shifted.exp().sum(axis, true).log());
}

/** GELU, tanh approximation (Hendrycks & Gimpel). */
export function gelu(x: Tensor): Tensor {
  const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return x.mul(0.5).mul(inner.tanh().add(1));
}

export function broadcastTo(t: Tensor, shape: number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  return apply('broadcast', [t], { shape });
}

/** numpy matmul: 1-D operands are promoted to matrices and the added axis removed again. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const a2 = a.rank === 1 ? a.reshape([1, a.shape[0]]) : a;
  const b2 = b.rank === 1 ? b.reshape([b.shape[0], 1]) : b;
  let out = apply('matmul', [a2, b2], { transA: false, transB: false });
  if (a.rank === 1) out = out.reshape(out.shape.filter((_, i) => i !== out.rank - 2));
  if (b.rank === 1) out = out.reshape(out.shape.slice(0, -1));
  return out;
}

/** A size of -1 runs to the end of the axis. */
export function slice(t: Tensor, begin: number[], size: number[]): Tensor {
  const b = t.shape.map((_, i) => begin[i] ?? 0);
  const s = t.shape.map((d, i) => (size[i] === undefined || size[i] < 0 ? d - b[i] : size[i]));
  s.forEach((n, i) => {
    if (b[i] < 0 || b[i] + n > t.shape[i]) throw new Error(`slice: [${b}] + [${s}] is outside [${t.shape}]`);
  });
  return apply('slice', [t], { begin: b, size: s });
}

export function concat(parts: Tensor[], axis: number): Tensor {
  if (parts.length === 0) throw new Error('concat needs at least one tensor');
  const ax = normAxis(axis, parts[0].rank);
  for (const p of parts) {
    if (p.rank !== parts[0].rank || p.shape.some((d, i) => i !== ax && d !== parts[0].shape[i])) {
      throw new Error(`concat: shapes [${parts[0].shape}] and [${p.shape}] differ outside axis ${ax}`);
    }
  }
  return parts.length === 1 ? parts[0] : apply('concat', parts, { axis: ax });
}

/** numpy `take` on a 2-D tensor along axis 0 (rows) or 1 (columns). */
export function gather(t: Tensor, indices: Tensor | number[], axis: number): Tensor {
  if (t.rank !== 2) throw new Error('gather works on 2-D tensors');
  const idx = Array.isArray(indices) ? tensor(indices) : indices;
  const ax = normAxis(axis, 2);
  if (ax === 0) return apply('gather_rows', [t, idx.reshape([idx.size])], {});
  return gather(t.transpose(), idx, 0).transpose();
}

/** Labels (integer-valued) to one-hot rows; no gradient. */
export function oneHot(labels: Tensor, classes: number): Tensor {
  return offTape([labels.size, classes], (be) => be.oneHot({ handle: labels.handle, shape: [labels.size] }, classes));
}

/**
 * Cross-entropy of softmax(logits) against target distributions [n, c] (one-hot rows),
 * fused for stability: the mean over rows, or one value per row.
 */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor, reduction: 'mean' | 'none' = 'mean'): Tensor {
  if (logits.rank !== 2 || !sameShape(logits.shape, targets.shape)) {
    throw new Error(`softmaxCrossEntropy: logits [${logits.shape}] and targets [${targets.shape}] must be the same 2-D shape`);
  }
  return apply('softmax_ce', [logits, targets], { mean: reduction === 'mean' });
}
