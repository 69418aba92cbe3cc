// Data movement: transpose, slice, concat, gatherRows, oneHot, fill. One invocation per
// output element; dims and strides in the uniform.
import type { Shape, TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { collapse, fields, modeOf, offsetFn, sizeOf, stridesOf } from '../shapes';
import { entry, f, grid, packParams, paramDecl, ro, rw, u } from '../wgsl';

const buf = (t: TensorRef): GPUBuffer => (t.handle as GpuTensor).buf;

/** out[i] = in[base + offset(i)] over `shape`, or the scatter form out[base + offset(i)] = in[i]. */
function strided(
  rt: GpuRuntime, out: GpuTensor, src: GPUBuffer, shape: Shape, strides: readonly number[],
  base: number, scatter: boolean,
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const { dims, strides: [st] } = collapse(shape, [strides]);
  const mode = modeOf(dims, st!);
  const params = [u('n', n), u('base', base), ...fields('d', dims), ...fields('s', st!)];
  const kernel = rt.pipeline(`strided:${scatter}:${dims.length}${mode}`, () => `${rw(0, 'out')}\n${ro(1, 'x')}
${paramDecl(params, 2)}
${offsetFn('off', dims.length, mode, 'd', 's')}
${entry()}
  ${scatter ? 'out[p.base + off(i)] = x[i];' : 'out[i] = x[p.base + off(i)];'}
}`);
  rt.dispatch(kernel, [out.buf, src], grid(n), packParams(params));
}

export function transpose(rt: GpuRuntime, a: TensorRef, perm: readonly number[]): GpuTensor {
  const inStrides = stridesOf(a.shape);
  const outShape = perm.map((p) => a.shape[p]!);
  const out = rt.output(sizeOf(outShape));
  strided(rt, out, buf(a), outShape, perm.map((p) => inStrides[p]!), 0, false);
  return out;
}

export function slice(rt: GpuRuntime, a: TensorRef, begin: readonly number[], size: readonly number[]): GpuTensor {
  const strides = stridesOf(a.shape);
  const base = begin.reduce((acc, b, d) => acc + b * strides[d]!, 0);
  const out = rt.output(sizeOf(size));
  strided(rt, out, buf(a), size, strides, base, false);
  return out;
}

/** One dispatch per part, each scattering into its region of the output. */
export function concat(rt: GpuRuntime, parts: readonly TensorRef[], axis: number, outShape: Shape): GpuTensor {
  const out = rt.output(sizeOf(outShape));
  const outStrides = stridesOf(outShape);
  let at = 0;
  for (const p of parts) {
    strided(rt, out, buf(p), p.shape, outStrides, at * outStrides[axis]!, true);
    at += p.shape[axis]!;
  }
  return out;
}

export function gatherRows(rt: GpuRuntime, a: TensorRef, indices: TensorRef): GpuTensor {
  const rowsIn = a.shape[0]!;
  const cols = a.shape[1]!;
  const n = sizeOf(indices.shape) * cols;
  const out = rt.output(n);
  if (n === 0) return out;
  const params = [u('n', n), u('cols', cols), u('last', Math.max(0, rowsIn - 1))];
  const kernel = rt.pipeline('gatherRows', () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${ro(2, 'idx')}
${paramDecl(params, 3)}
${entry()}
  let r = u32(clamp(i32(round(idx[i / p.cols])), 0, i32(p.last)));
  out[i] = x[r * p.cols + i % p.cols];
}`);
  rt.dispatch(kernel, [out.buf, buf(a), buf(indices)], grid(n), packParams(params));
  return out;
}

export function oneHot(rt: GpuRuntime, labels: TensorRef, classes: number): GpuTensor {
  const n = sizeOf(labels.shape) * classes;
  const out = rt.output(n);
  if (n === 0) return out;
  const params = [u('n', n), u('c', classes)];
  const kernel = rt.pipeline('oneHot', () => `${rw(0, 'out')}\n${ro(1, 'labels')}
${paramDecl(params, 2)}
${entry()}
  let hit = i32(round(labels[i / p.c])) == i32(i % p.c);
  out[i] = select(0.0, 1.0, hit);
}`);
  rt.dispatch(kernel, [out.buf, buf(labels)], grid(n), packParams(params));
  return out;
}

export function fill(rt: GpuRuntime, n: number, value: number): GpuTensor {
  const out = rt.output(n);
  if (n === 0) return out;
  const params = [u('n', n), f('value', value)];
  const kernel = rt.pipeline('fill', () => `${rw(0, 'out')}\n${paramDecl(params, 1)}
${entry()}
  out[i] = p.value;
}`);
  rt.dispatch(kernel, [out.buf], grid(n), packParams(params));
  return out;
}
