// Index arithmetic baked into shaders. Shapes are compile-time constants of a kernel: the
// networks of a training run use a handful of shapes, each pipeline is built once, and the
// compiler can turn divisions by constants into multiplications (this matters on lavapipe,
// where the "GPU" is the CPU).
import type { Shape } from '../backend';

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Strides of `shape` read as `outShape` under numpy broadcasting (0 where repeated). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const lead = outShape.length - shape.length;
  return outShape.map((_, i) => {
    const j = i - lead;
    if (j < 0 || shape[j] === 1) return 0;
    return own[j]!;
  });
}

export interface Collapsed {
  dims: number[];
  /** One stride list per operand, same length as dims. */
  strides: number[][];
}

/**
 * Drop size-1 dimensions and merge neighbours that every operand walks contiguously, so
 * [128, 10] + [10] becomes 2 dims and a same-shape op becomes 1.
 */
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

/**
 * A WGSL function `fn name(i: u32) -> u32` mapping a linear index over `dims` to an offset
 * with `strides`. Contiguous and fully broadcast cases become one expression.
 */
export function offsetFn(name: string, dims: readonly number[], strides: readonly number[]): string {
  const contiguous = stridesOf(dims).every((s, k) => s === strides[k]);
  if (contiguous) return `fn ${name}(i: u32) -> u32 { return i; }`;
  if (strides.every((s) => s === 0)) return `fn ${name}(i: u32) -> u32 { return 0u; }`;
  const lines: string[] = [];
  for (let d = dims.length - 1; d >= 0; d--) {
    const s = strides[d]!;
    const isFirst = d === 0;
    const coord = isFirst ? 't' : `(t % ${dims[d]}u)`;
    if (s !== 0) lines.push(`  o += ${coord} * ${s}u;`);
    if (!isFirst) lines.push(`  t = t / ${dims[d]}u;`);
  }
  return `fn ${name}(i: u32) -> u32 {\n  var t = i;\n  var o = 0u;\n${lines.join('\n')}\n  return o;\n}`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
