// Index arithmetic for strided and broadcast access. Shapes are first collapsed (size-1
// dims dropped, neighbours that every operand walks contiguously merged), which turns most
// real cases into rank 1 or 2; the remaining dims and strides go to the shader as uniforms.
import type { Shape } from '../backend';
import { u, type Param } from './wgsl';

// The engine's own shape helpers: one definition of broadcasting for every backend.
import { stridesOf } from '../../shape';
export { broadcastStrides, sameShape, sizeOf, stridesOf } from '../../shape';

export interface Collapsed {
  dims: number[];
  /** One stride list per operand, same length as dims. */
  strides: number[][];
}

/** Drop size-1 dims and merge neighbours that every operand walks contiguously. */
export function collapse(outShape: Shape, strides: readonly (readonly number[])[]): Collapsed {
  const dims: number[] = [];
  const out: number[][] = strides.map(() => []);
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => out[k]![last] === s[d]! * size);
    if (mergeable) {
      dims[last] = dims[last]! * size;
      strides.forEach((s, k) => (out[k]![last] = s[d]!));
    } else {
      dims.push(size);
      strides.forEach((s, k) => out[k]!.push(s[d]!));
    }
  }
  return { dims, strides: out };
}

/** How an operand is walked: contiguously (`i`), not at all (0), or through strides. */
export type Mode = 'c' | 'z' | 'g';

export function modeOf(dims: readonly number[], strides: readonly number[]): Mode {
  if (strides.every((s) => s === 0)) return 'z';
  return stridesOf(dims).every((s, k) => s === strides[k]) ? 'c' : 'g';
}

/**
 * WGSL `fn name(i: u32) -> u32`: linear index over the dims `p.<dims>0..` to an offset with
 * strides `p.<st>0..`. Only the rank and the mode are baked in.
 */
export function offsetFn(name: string, rank: number, mode: Mode, dims: string, st: string): string {
  if (mode === 'c') return `fn ${name}(i: u32) -> u32 { return i; }`;
  if (mode === 'z' || rank === 0) return `fn ${name}(i: u32) -> u32 { return 0u; }`;
  const lines: string[] = [];
  for (let d = rank - 1; d >= 0; d--) {
    if (d === 0) lines.push(`  o += t * p.${st}${d};`);
    else lines.push(`  o += (t % p.${dims}${d}) * p.${st}${d};`, `  t = t / p.${dims}${d};`);
  }
  return `fn ${name}(i: u32) -> u32 {\n  var t = i;\n  var o = 0u;\n${lines.join('\n')}\n  return o;\n}`;
}

/** Uniform fields for `offsetFn`: dims (shared by all operands: pass once) or strides. */
export function fields(prefix: string, values: readonly number[]): Param[] {
  return values.map((v, k) => u(`${prefix}${k}`, v));
}
