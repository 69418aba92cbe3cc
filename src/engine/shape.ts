// Shape arithmetic shared by the frontend and the backends.
import type { Shape } from './backends/backend';

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** numpy broadcasting of two shapes; throws with both shapes when they do not broadcast. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Row-major strides. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * Strides of `shape` read as `outShape` under broadcasting: 0 along repeated axes.
 * The result has outShape's rank.
 */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const own = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((_, i) => {
    const j = i - off;
    return j < 0 || shape[j] === 1 ? 0 : own[j];
  });
}

/** Normalise an axis argument (negative counts from the end) and check its range. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

export function normAxes(axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return [...Array(rank).keys()];
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => normAxis(a, rank)))].sort((x, y) => x - y);
}

/** The axes of `outShape` that were broadcast from `shape` (to sum a gradient back). */
export function broadcastAxes(shape: Shape, outShape: Shape): number[] {
  const off = outShape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < outShape.length; i++) {
    const j = i - off;
    if (j < 0 || (shape[j] === 1 && outShape[i] !== 1)) axes.push(i);
  }
  return axes;
}
