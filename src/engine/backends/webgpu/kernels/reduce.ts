// Reductions (sum, max over any set of axes) and argmax over the last axis.
// Small reductions: one invocation per output walks its elements. Long reductions with few
// outputs: one workgroup per output, strided partial results, then a tree in workgroup memory.
import type { ReduceOp, TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { fields, modeOf, offsetFn, sizeOf, stridesOf } from '../shapes';
import { entry, f, grid, INF, packParams, paramDecl, ro, rw, SPECIALS, u } from '../wgsl';

interface Plan {
  keptDims: number[];
  keptStrides: number[];
  redDims: number[];
  redStrides: number[];
}

/** Split the input into kept and reduced groups of dims, merging contiguous neighbours. */
function plan(shape: readonly number[], axes: readonly number[]): Plan {
  const strides = stridesOf(shape);
  const p: Plan = { keptDims: [], keptStrides: [], redDims: [], redStrides: [] };
  let lastKind: 'k' | 'r' | null = null;
  shape.forEach((size, d) => {
    if (size === 1) return;
    const kind = axes.includes(d) ? 'r' : 'k';
    const dims = kind === 'r' ? p.redDims : p.keptDims;
    const st = kind === 'r' ? p.redStrides : p.keptStrides;
    if (kind === lastKind) {
      dims[dims.length - 1]! *= size;
      st[st.length - 1] = strides[d]!;
    } else {
      dims.push(size);
      st.push(strides[d]!);
    }
    lastKind = kind;
  });
  return p;
}

const INIT = { sum: '0.0', max: `(-${INF})` };
const COMBINE = { sum: (a: string, b: string) => `${a} + ${b}`, max: (a: string, b: string) => `max(${a}, ${b})` };
const WGR = 128;

export function reduce(rt: GpuRuntime, op: ReduceOp, a: TensorRef, axes: readonly number[], scale = 1): GpuTensor {
  const pl = plan(a.shape, axes);
  const outN = sizeOf(pl.keptDims);
  const redN = sizeOf(pl.redDims);
  const out = rt.output(outN);
  if (outN === 0) return out;
  const km = modeOf(pl.keptDims, pl.keptStrides);
  const rm = modeOf(pl.redDims, pl.redStrides);
  const params = [
    u('n', outN), u('r', redN), f('scale', Math.fround(scale)),
    ...fields('kd', pl.keptDims), ...fields('ks', pl.keptStrides),
    ...fields('rd', pl.redDims), ...fields('rs', pl.redStrides),
  ];
  const decl = `${SPECIALS}\n${rw(0, 'out')}\n${ro(1, 'x')}\n${paramDecl(params, 2)}
${offsetFn('base', pl.keptDims.length, km, 'kd', 'ks')}
${offsetFn('roff', pl.redDims.length, rm, 'rd', 'rs')}`;
  const tag = `${pl.keptDims.length}${km}:${pl.redDims.length}${rm}${scale === 1 ? '' : 's'}`;
  // The scale, when there is one, multiplies the finished sum (as a separate multiply would).
  const done = (v: string) => (scale === 1 ? v : `(${v}) * p.scale`);
  const src = (a.handle as GpuTensor).buf;
  if (redN >= 512 && outN <= 2048) {
    const kernel = rt.pipeline(`reduceWg:${op}:${tag}`, () => `${decl}
var<workgroup> part: array<f32, ${WGR}>;
@compute @workgroup_size(${WGR})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let o = wid.x;
  let b = base(o);
  var acc = ${INIT[op]};
  for (var r = li; r < p.r; r += ${WGR}u) { acc = ${COMBINE[op]('acc', 'x[b + roff(r)]')}; }
  part[li] = acc;
  workgroupBarrier();
  for (var s = ${WGR / 2}u; s > 0u; s = s >> 1u) {
    if (li < s) { part[li] = ${COMBINE[op]('part[li]', 'part[li + s]')}; }
    workgroupBarrier();
  }
  if (li == 0u) { out[o] = ${done('part[0]')}; }
}`);
    rt.dispatch(kernel, [out.buf, src], [outN], packParams(params));
    return out;
  }
  const kernel = rt.pipeline(`reduce:${op}:${tag}`, () => `${decl}
${entry()}
  let b = base(i);
  var acc = ${INIT[op]};
  for (var r = 0u; r < p.r; r++) { acc = ${COMBINE[op]('acc', 'x[b + roff(r)]')}; }
  out[i] = ${done('acc')};
}`);
  rt.dispatch(kernel, [out.buf, src], grid(outN), packParams(params));
  return out;
}

export function argmax(rt: GpuRuntime, a: TensorRef): GpuTensor {
  const c = a.shape.length ? a.shape[a.shape.length - 1]! : 1;
  const rows = c === 0 ? 0 : sizeOf(a.shape) / c;
  const out = rt.output(rows);
  if (rows === 0) return out;
  const params = [u('n', rows), u('c', c)];
  const kernel = rt.pipeline('argmax', () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${paramDecl(params, 2)}
${entry()}
  let b = i * p.c;
  var best = x[b];
  var bi = 0u;
  for (var j = 1u; j < p.c; j++) {
    let v = x[b + j];
    if (v > best) { best = v; bi = j; }
  }
  out[i] = f32(bi);
}`);
  rt.dispatch(kernel, [out.buf, (a.handle as GpuTensor).buf], grid(rows), packParams(params));
  return out;
}
