// Elementwise kernels: unary, leaky relu, broadcasting binary, where, broadcastTo.
// One invocation per output element. A pipeline per op and broadcast *pattern* (rank after
// collapsing, and per operand: contiguous / scalar / strided); sizes come in the uniform.
import type { BinaryOp, Shape, TensorRef, UnaryOp } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { broadcastStrides, collapse, fields, modeOf, offsetFn, sizeOf } from '../shapes';
import { entry, f, grid, NAN, packParams, paramDecl, ro, rw, SPECIALS, u, type Param } from '../wgsl';

const UNARY: Record<UnaryOp, string> = {
  neg: '-x',
  exp: 'exp(x)',
  log: 'log(x)',
  // Clamped: some drivers compute tanh from exp(2x) and return NaN once that overflows.
  tanh: 'tanh(clamp(x, -15.0, 15.0))',
  sqrt: 'sqrt(x)',
  abs: 'abs(x)',
  sign: 'sign(x)',
  relu: 'max(x, 0.0)',
  step: 'select(0.0, 1.0, x > 0.0)',
  sigmoid: 'sigmoid(x)',
};

/** Stable logistic, shared with the fused linear epilogue. */
export const SIGMOID_FN = `fn sigmoid(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}`;

const BINARY: Record<BinaryOp, string> = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  pow: 'powf(x, y)',
  max: 'max(x, y)',
  min: 'min(x, y)',
  gt: 'select(0.0, 1.0, x > y)',
  ge: 'select(0.0, 1.0, x >= y)',
  eq: 'select(0.0, 1.0, x == y)',
};

// WGSL's pow is undefined for x < 0; match Math.pow for integer exponents and x^0 = 1.
const POW_FN = `${SPECIALS}
fn powf(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  let r = pow(abs(x), y);
  if (x >= 0.0) { return r; }
  if (y != floor(y)) { return ${NAN}; }
  return select(r, -r, (abs(y) % 2.0) == 1.0);
}`;

export function unary(rt: GpuRuntime, op: UnaryOp, a: TensorRef): GpuTensor {
  return map(rt, `unary:${op}`, sizeOf(a.shape), [a], [], (x) => `let x = ${x[0]}; let r = ${UNARY[op]};`,
    op === 'sigmoid' ? SIGMOID_FN : '');
}

export function leakyRelu(rt: GpuRuntime, a: TensorRef, alpha: number, derivative: boolean): GpuTensor {
  const body = derivative ? 'select(p.alpha, 1.0, x > 0.0)' : 'select(p.alpha * x, x, x > 0.0)';
  return map(rt, `leaky:${derivative}`, sizeOf(a.shape), [a], [f('alpha', alpha)], (x) => `let x = ${x[0]}; let r = ${body};`);
}

export function binary(rt: GpuRuntime, op: BinaryOp, a: TensorRef, b: TensorRef, outShape: Shape): GpuTensor {
  return broadcastMap(rt, `bin:${op}`, [a, b], outShape, (v) => `let x = ${v[0]}; let y = ${v[1]}; let r = ${BINARY[op]};`,
    op === 'pow' ? POW_FN : '');
}

export function where(rt: GpuRuntime, c: TensorRef, a: TensorRef, b: TensorRef, outShape: Shape): GpuTensor {
  return broadcastMap(rt, 'where', [c, a, b], outShape, (v) => `let r = select(${v[2]}, ${v[1]}, ${v[0]} != 0.0);`);
}

export function broadcastTo(rt: GpuRuntime, a: TensorRef, outShape: Shape): GpuTensor {
  return broadcastMap(rt, 'bcast', [a], outShape, (v) => `let r = ${v[0]};`);
}

/** Inputs broadcast to outShape; `body(values)` must define `r`. */
function broadcastMap(
  rt: GpuRuntime, name: string, inputs: readonly TensorRef[], outShape: Shape,
  body: (values: string[]) => string, extra = '',
): GpuTensor {
  const { dims, strides } = collapse(outShape, inputs.map((t) => broadcastStrides(t.shape, outShape)));
  const modes = strides.map((s) => modeOf(dims, s));
  const general = modes.includes('g');
  const params = general ? [...fields('d', dims), ...strides.flatMap((s, k) => fields(`s${k}_`, s))] : [];
  const fns = modes.map((m, k) => offsetFn(`off${k}`, dims.length, m, 'd', `s${k}_`)).join('\n');
  const key = `${name}:${general ? dims.length : 0}:${modes.join('')}`;
  return map(rt, key, sizeOf(outShape), inputs, params, body, `${extra}\n${fns}`, (k) => `off${k}(i)`);
}

function map(
  rt: GpuRuntime, key: string, n: number, inputs: readonly TensorRef[], extraParams: Param[],
  body: (values: string[]) => string, extra = '', index: (k: number) => string = () => 'i',
): GpuTensor {
  const out = rt.output(n);
  if (n === 0) return out;
  const params = [u('n', n), ...extraParams];
  const kernel = rt.pipeline(key, () => {
    const names = inputs.map((_, k) => `in${k}`);
    return [
      rw(0, 'out'),
      ...names.map((nm, k) => ro(k + 1, nm)),
      paramDecl(params, inputs.length + 1),
      extra,
      entry(),
      `  ${body(names.map((nm, k) => `${nm}[${index(k)}]`))}`,
      '  out[i] = r;',
      '}',
    ].join('\n');
  });
  rt.dispatch(kernel, [out.buf, ...inputs.map((t) => (t.handle as GpuTensor).buf)], grid(n), packParams(params));
  return out;
}
