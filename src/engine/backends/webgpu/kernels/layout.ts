// Data movement: transpose, slice, concat, gatherRows, oneHot, fill. One invocation per
// output element with baked index maps.
import type { Shape, TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { collapse, offsetFn, sizeOf, stridesOf } from '../shapes';
import { entry, grid, ro, rw, WG } from '../wgsl';

const buf = (t: TensorRef): GPUBuffer => (t.handle as GpuTensor).buf;

/** out[i] = in[base + offset(i)] over `dims`, or the scatter form out[base + offset(i)] = in[i]. */
function strided(
  rt: GpuRuntime, out: GpuTensor, src: GPUBuffer, shape: Shape, strides: readonly number[],
  base: number, scatter: boolean,
): void {
  const n = sizeOf(shape);
  if (n === 0) return;
  const { dims, strides: [st] } = collapse(shape, [strides]);
  const key = `strided:${scatter}:${dims}:${st}:${base}:${n}`;
  const kernel = rt.pipeline(key, () => `${rw(0, 'out')}\n${ro(1, 'x')}
${offsetFn('off', dims, st!)}
${entry(n)}
  ${scatter ? `out[${base}u + off(i)] = x[i];` : `out[i] = x[${base}u + off(i)];`}
}`);
  rt.dispatch(kernel, [out.buf, src], grid(n));
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
  const kernel = rt.pipeline(`gatherRows:${rowsIn}:${cols}:${n}`, () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${ro(2, 'idx')}
${entry(n)}
  let r = u32(clamp(i32(round(idx[i / ${cols}u])), 0, ${Math.max(0, rowsIn - 1)}));
  out[i] = x[r * ${cols}u + i % ${cols}u];
}`);
  rt.dispatch(kernel, [out.buf, buf(a), buf(indices)], grid(n));
  return out;
}

export function oneHot(rt: GpuRuntime, labels: TensorRef, classes: number): GpuTensor {
  const n = sizeOf(labels.shape) * classes;
  const out = rt.output(n);
  if (n === 0) return out;
  const kernel = rt.pipeline(`oneHot:${classes}:${n}`, () => `${rw(0, 'out')}\n${ro(1, 'labels')}
${entry(n)}
  let hit = i32(round(labels[i / ${classes}u])) == i32(i % ${classes}u);
  out[i] = select(0.0, 1.0, hit);
}`);
  rt.dispatch(kernel, [out.buf, buf(labels)], grid(n));
  return out;
}

/** Value and size come in a uniform so that every fill shares one pipeline. */
export function fill(rt: GpuRuntime, n: number, value: number): GpuTensor {
  const out = rt.output(n);
  if (n === 0) return out;
  const kernel = rt.pipeline('fill', () => `${rw(0, 'out')}
struct P { value: f32, n: u32 }
@group(0) @binding(1) var<uniform> p: P;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;
  if (i < p.n) { out[i] = p.value; }
}`);
  const u = new ArrayBuffer(16);
  new Float32Array(u, 0, 1)[0] = value;
  new Uint32Array(u, 4, 1)[0] = n;
  rt.dispatch(kernel, [out.buf], grid(n), new Uint8Array(u));
  return out;
}
