// Shared WGSL pieces: the dispatch grid for one-invocation-per-element kernels, uniform
// parameter blocks, and literals.
//
// Shapes and sizes travel in uniforms, not baked into the source: lavapipe compiles a
// pipeline on first use in ~0.1 s (small kernels) to seconds (the register-tiled matmul),
// so a pipeline per *kind* of kernel, shared by all shapes, keeps the first training step
// and the test suite fast, and Mesa's disk cache then serves every later run.

/** Invocations per workgroup for elementwise kernels. */
export const WG = 64;

const MAX_GROUPS = 65535;

/** Workgroup counts covering `n` invocations; y > 1 only beyond 65535 workgroups. */
export function grid(n: number, wg = WG): [number, number] {
  const groups = Math.max(1, Math.ceil(n / wg));
  if (groups <= MAX_GROUPS) return [groups, 1];
  return [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

/** The entry point header: `i` is the linear invocation index; returns early past `bound`. */
export function entry(bound = 'p.n', wg = WG): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${wg}u;
  if (i >= ${bound}) { return; }`;
}

/** One uniform parameter: a u32 unless `float`. */
export interface Param { name: string; value: number; float?: boolean }

export const u = (name: string, value: number): Param => ({ name, value });
export const f = (name: string, value: number): Param => ({ name, value, float: true });

/** `struct P {...}` bound as `p` at `binding`. The field list is part of the kernel key. */
export function paramDecl(params: readonly Param[], binding: number): string {
  const fields = params.map((q) => `${q.name}: ${q.float ? 'f32' : 'u32'}`).join(', ');
  return `struct P { ${fields} }\n@group(0) @binding(${binding}) var<uniform> p: P;`;
}

export function packParams(params: readonly Param[]): Uint32Array {
  const out = new Uint32Array(Math.max(4, Math.ceil(params.length / 4) * 4));
  const asFloat = new Float32Array(out.buffer);
  params.forEach((q, k) => {
    if (q.float) asFloat[k] = q.value;
    else out[k] = q.value >>> 0;
  });
  return out;
}

/**
 * NaN and infinities as runtime values: WGSL rejects constant expressions that evaluate to
 * them, so they are read from private variables. Include SPECIALS in a shader that uses them.
 */
export const SPECIALS = 'var<private> kNaNBits: u32 = 0x7fc00000u;\nvar<private> kInfBits: u32 = 0x7f800000u;';
export const NAN = 'bitcast<f32>(kNaNBits)';
export const INF = 'bitcast<f32>(kInfBits)';

export const ro = (binding: number, name: string): string =>
  `@group(0) @binding(${binding}) var<storage, read> ${name}: array<f32>;`;
export const rw = (binding: number, name: string): string =>
  `@group(0) @binding(${binding}) var<storage, read_write> ${name}: array<f32>;`;
