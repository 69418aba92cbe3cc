// Shared WGSL snippets and the dispatch-grid helper for one-invocation-per-element kernels.

/** Invocations per workgroup for elementwise kernels. */
export const WG = 64;

const MAX_GROUPS = 65535;

/** Workgroup counts covering `n` invocations; y > 1 only beyond 65535 workgroups. */
export function grid(n: number, wg = WG): [number, number] {
  const groups = Math.max(1, Math.ceil(n / wg));
  if (groups <= MAX_GROUPS) return [groups, 1];
  return [MAX_GROUPS, Math.ceil(groups / MAX_GROUPS)];
}

/** The entry point header: `i` is the linear invocation index; returns early past `n`. */
export function entry(n: number, wg = WG): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${wg}u;
  if (i >= ${n}u) { return; }`;
}

/** A float literal WGSL accepts for any JS number (Infinity and NaN included). */
export function f32Lit(x: number): string {
  if (Number.isNaN(x)) return 'bitcast<f32>(0x7fc00000u)';
  if (x === Infinity) return 'bitcast<f32>(0x7f800000u)';
  if (x === -Infinity) return 'bitcast<f32>(0xff800000u)';
  const s = Math.fround(x).toString();
  return /[.e]/.test(s) ? `f32(${s})` : `f32(${s}.0)`;
}

export const ro = (binding: number, name: string): string =>
  `@group(0) @binding(${binding}) var<storage, read> ${name}: array<f32>;`;
export const rw = (binding: number, name: string): string =>
  `@group(0) @binding(${binding}) var<storage, read_write> ${name}: array<f32>;`;
