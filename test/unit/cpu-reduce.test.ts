// The CPU backend's reductions over contiguous axes (the fast path a bias gradient takes)
// give bit-identical results to summing every input element into its output in input order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReduceOp, Shape } from '../../src/engine/backends/backend';
import { reduce } from '../../src/engine/backends/cpu/layout';

/** The definition: walk the input in order, fold each element into its output cell (fp32). */
function naive(op: ReduceOp, a: Float32Array, shape: Shape, axes: number[]): Float32Array {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Float32Array(outShape.reduce((x, y) => x * y, 1)).fill(op === 'sum' ? 0 : -Infinity);
  const idx = new Array(shape.length).fill(0);
  for (let i = 0; i < a.length; i++) {
    let o = 0;
    for (let ax = 0; ax < shape.length; ax++) o = o * outShape[ax] + (axes.includes(ax) ? 0 : idx[ax]);
    if (op === 'sum') out[o] += a[i];
    else if (a[i] > out[o] || Number.isNaN(a[i])) out[o] = a[i];
    for (let ax = shape.length - 1; ax >= 0 && ++idx[ax] === shape[ax]; ax--) idx[ax] = 0;
  }
  return out;
}

const data = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 437.5);

describe('CPU reduce over axes', () => {
  const cases: [Shape, number[]][] = [
    [[128, 512], [0]], [[7, 1], [0]], [[1, 9], [0]], [[3, 4, 5], [0, 1]], [[3, 4, 5], [1]],
    [[3, 4, 5], [1, 2]], [[2, 3, 4, 5], [1, 2]], [[3, 4, 5], [0, 2]], [[6, 1], [0]], [[2, 3, 4], [0, 1, 2]],
  ];
  for (const [shape, axes] of cases) {
    it(`[${shape}] over [${axes}] equals the element-by-element definition bit for bit`, () => {
      const a = data(shape.reduce((x, y) => x * y, 1));
      a[5 % a.length] = NaN;
      for (const op of ['sum', 'max'] as ReduceOp[]) {
        const got = reduce(op, a, shape, axes);
        const want = naive(op, a, shape, axes);
        assert.deepEqual(got, want, op);
      }
    });
  }
});
