// Element-wise kernels with numpy broadcasting, on plain Float32Arrays.
import type { BinaryOp, Shape, UnaryOp } from '../backend';
import { broadcastStrides, sameShape, sizeOf } from '../../shape';

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: Math.sign,
  relu: (x) => (x > 0 ? x : 0),
  step: (x) => (x > 0 ? 1 : 0),
  // Stable for large |x|: never exponentiates a positive number.
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
};

export function unary(op: UnaryOp, a: Float32Array): Float32Array {
  const f = unaryFns[op];
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]);
  return out;
}

const binaryFns: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  max: (x, y) => (x >= y ? x : y),
  min: (x, y) => (x <= y ? x : y),
  gt: (x, y) => (x > y ? 1 : 0),
  ge: (x, y) => (x >= y ? 1 : 0),
  eq: (x, y) => (x === y ? 1 : 0),
};

/**
 * Visit every index of `outShape`, calling `fn(outIndex, offsets…)` with the flat offsets
 * of each input read under broadcasting. The inner axis is a tight loop.
 */
export function forEachBroadcast(
  outShape: Shape,
  inputs: Shape[],
  fn: (o: number, offs: Int32Array) => void,
): void {
  const rank = outShape.length;
  const total = sizeOf(outShape);
  const strides = inputs.map((s) => broadcastStrides(s, outShape));
  const offs = new Int32Array(inputs.length);
  if (rank === 0) {
    if (total === 1) fn(0, offs);
    return;
  }
  const idx = new Int32Array(rank);
  for (let o = 0; o < total; o++) {
    fn(o, offs);
    // Advance the multi-index like an odometer, updating every input's offset.
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      for (let k = 0; k < strides.length; k++) offs[k] += strides[k][ax];
      if (idx[ax] < outShape[ax]) break;
      for (let k = 0; k < strides.length; k++) offs[k] -= strides[k][ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
}

export function binary(op: BinaryOp, a: Float32Array, as: Shape, b: Float32Array, bs: Shape, outShape: Shape): Float32Array {
  const f = binaryFns[op];
  const out = new Float32Array(sizeOf(outShape));
  if (sameShape(as, outShape) && sameShape(bs, outShape)) {
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
  } else if (sameShape(as, outShape) && b.length === 1) {
    const y = b[0];
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], y);
  } else if (sameShape(bs, outShape) && a.length === 1) {
    const x = a[0];
    for (let i = 0; i < out.length; i++) out[i] = f(x, b[i]);
  } else {
    forEachBroadcast(outShape, [as, bs], (o, offs) => { out[o] = f(a[offs[0]], b[offs[1]]); });
  }
  return out;
}

export function where(c: Float32Array, cs: Shape, a: Float32Array, as: Shape, b: Float32Array, bs: Shape, outShape: Shape): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  // Every operand either the output's shape or one value (ReLU's backward mask is
  // where(out, g, 0)): a flat loop, no index arithmetic.
  const flat = (s: Shape, v: Float32Array): boolean => v.length === 1 || sameShape(s, outShape);
  if (flat(cs, c) && flat(as, a) && flat(bs, b)) {
    const ci = c.length === 1 ? 0 : 1, ai = a.length === 1 ? 0 : 1, bi = b.length === 1 ? 0 : 1;
    for (let i = 0; i < out.length; i++) out[i] = c[i * ci] !== 0 ? a[i * ai] : b[i * bi];
    return out;
  }
  forEachBroadcast(outShape, [cs, as, bs], (o, offs) => {
    out[o] = c[offs[0]] !== 0 ? a[offs[1]] : b[offs[2]];
  });
  return out;
}

export function broadcastTo(a: Float32Array, as: Shape, outShape: Shape): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  if (a.length === 1) return out.fill(a[0]);
  forEachBroadcast(outShape, [as], (o, offs) => { out[o] = a[offs[0]]; });
  return out;
}
