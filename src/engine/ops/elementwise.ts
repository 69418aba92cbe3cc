// Element-wise primitives (binary with numpy broadcasting, unary, where): shape, forward, vjp.
import type { BinaryOp, UnaryOp } from '../backends/backend';
import { broadcastAxes, broadcastShapes, sameShape } from '../shape';
import { apply, scalar, type Tensor } from '../tensor';
import type { PrimDef, PrimTable } from './primitives';

/** Sum a gradient over the axes that broadcasting added, back to `shape`. */
export function unbroadcast(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const axes = broadcastAxes(shape, g.shape);
  return (axes.length ? g.sum(axes, true) : g).reshape([...shape]);
}

const one = () => scalar(1);
/** The gradient of a piecewise-constant function: zero almost everywhere, so none is sent. */
const noGradient = () => [null];

function binary(op: BinaryOp, vjp: PrimDef<{}>['vjp']): PrimDef<{}> {
  return { shape: ([a, b]) => broadcastShapes(a.shape, b.shape), forward: (be, [a, b], _p, out) => be.binary(op, a, b, out), vjp };
}

function unary(op: UnaryOp, vjp: PrimDef<{}>['vjp']): PrimDef<{}> {
  return { shape: ([a]) => [...a.shape], forward: (be, [a]) => be.unary(op, a), vjp };
}

type Elementwise =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'where'
  | 'neg' | 'exp' | 'log' | 'tanh' | 'sqrt' | 'abs' | 'relu' | 'sigmoid' | 'leaky_relu'
  | 'step' | 'sign' | 'leaky_relu_slope';

export const elementwisePrimitives: PrimTable<Elementwise> = {
  add: binary('add', (g, [a, b]) => [unbroadcast(g, a.shape), unbroadcast(g, b.shape)]),
  sub: binary('sub', (g, [a, b]) => [unbroadcast(g, a.shape), b.requiresGrad ? unbroadcast(g.neg(), b.shape) : null]),
  mul: binary('mul', (g, [a, b]) => [
    a.requiresGrad ? unbroadcast(g.mul(b), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(a), b.shape) : null,
  ]),
  div: binary('div', (g, [a, b]) => [
    a.requiresGrad ? unbroadcast(g.div(b), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(a).div(b.mul(b)).neg(), b.shape) : null,
  ]),
  pow: binary('pow', (g, [a, b], out) => [
    a.requiresGrad ? unbroadcast(g.mul(b).mul(a.pow(b.sub(1))), a.shape) : null,
    b.requiresGrad ? unbroadcast(g.mul(out).mul(a.log()), b.shape) : null,
  ]),
  // Ties send the gradient to the first operand, as a subgradient should.
  maximum: binary('max', (g, [a, b]) => {
    const m = a.ge(b);
    return [unbroadcast(g.mul(m), a.shape), b.requiresGrad ? unbroadcast(g.mul(one().sub(m)), b.shape) : null];
  }),
  minimum: binary('min', (g, [a, b]) => {
    const m = a.le(b);
    return [unbroadcast(g.mul(m), a.shape), b.requiresGrad ? unbroadcast(g.mul(one().sub(m)), b.shape) : null];
  }),
  where: {
    shape: ([cond, a, b]) => broadcastShapes(broadcastShapes(cond.shape, a.shape), b.shape),
    forward: (be, [cond, a, b], _p, out) => be.where(cond, a, b, out),
    vjp: (g, [cond, a, b]) => {
      const zero = scalar(0);
      return [
        null,
        a.requiresGrad ? unbroadcast(apply('where', [cond, g, zero], {}), a.shape) : null,
        b.requiresGrad ? unbroadcast(apply('where', [cond, zero, g], {}), b.shape) : null,
      ];
    },
  },

  neg: unary('neg', (g) => [g.neg()]),
  exp: unary('exp', (g, _x, out) => [g.mul(out)]),
  log: unary('log', (g, [a]) => [g.div(a)]),
  tanh: unary('tanh', (g, _x, out) => [g.mul(one().sub(out.mul(out)))]),
  sqrt: unary('sqrt', (g, _x, out) => [g.div(out.mul(2))]),
  abs: unary('abs', (g, [a]) => [g.mul(apply('sign', [a], {}))]),
  relu: unary('relu', (g, [a]) => [g.mul(apply('step', [a], {}))]),
  sigmoid: unary('sigmoid', (g, _x, out) => [g.mul(out.mul(one().sub(out)))]),
  leaky_relu: {
    shape: ([a]) => [...a.shape],
    forward: (be, [a], { alpha }) => be.leakyRelu(a, alpha, false),
    vjp: (g, [a], _out, { alpha }) => [g.mul(apply('leaky_relu_slope', [a], { alpha }))],
  },

  // Derivatives of the piecewise functions above: one kernel each, where a composition of
  // comparisons would also fill a constant operand (one more dispatch per layer and step).
  step: unary('step', noGradient),
  sign: unary('sign', noGradient),
  leaky_relu_slope: {
    shape: ([a]) => [...a.shape],
    forward: (be, [a], { alpha }) => be.leakyRelu(a, alpha, true),
    vjp: noGradient,
  },
};
