// Memory and data-movement ops on WebGPU against the CPU reference: upload/read/fill/assign,
// transpose, slice, concat, gatherRows, oneHot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shape } from '../../src/engine/backends/backend';
import { assertClose, cpu, EXACT, gpuBackend, rand, randPair, same } from './helpers';

describe('webgpu memory and layout ops match the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  it('uploads and reads back exactly, for 0, 1, 3 and 100003 values', async () => {
    for (const n of [0, 1, 3, 100003]) {
      const data = rand(n, n);
      const h = g.upload(data);
      assert.equal(g.size(h), n);
      assertClose(await g.read(h), data, EXACT, `upload ${n}`);
      g.dispose(h);
    }
  });

  it('fills with any value, including infinities', async () => {
    for (const [n, v] of [[1, 0], [7, -2.5], [65, Infinity], [4097, 1e-30]] as [number, number][]) {
      assertClose(await g.read(g.fill(n, v)), new Float32Array(n).fill(v), EXACT, `fill ${n} ${v}`);
    }
  });

  it('assign copies in place and later ops see the new values', async () => {
    const a = g.upload(rand(33, 1));
    const b = g.upload(rand(33, 2));
    g.assign(a, b);
    const doubled = g.binary('add', { handle: a, shape: [33] }, { handle: a, shape: [33] }, [33]);
    const r = rand(33, 2).map((x) => x + x);
    assertClose(await g.read(doubled), r, EXACT, 'assign then add');
  });

  it('transposes with any permutation', async () => {
    const cases: [Shape, number[]][] = [
      [[7, 33], [1, 0]], [[1, 65], [1, 0]], [[2, 3, 4], [2, 0, 1]], [[2, 3, 4], [0, 2, 1]],
      [[2, 3, 4, 5], [3, 1, 0, 2]], [[129, 3], [1, 0]], [[5], [0]],
    ];
    for (const [s, perm] of cases) {
      const a = randPair(g, s, s.length);
      await same(g, g.transpose(a.gpu, perm), cpu.transpose(a.cpu, perm), EXACT, `transpose [${s}] by [${perm}]`);
    }
  });

  it('slices along every axis', async () => {
    const cases: [Shape, number[], number[]][] = [
      [[7], [2], [3]], [[33, 65], [1, 2], [31, 60]], [[4, 5, 6], [1, 0, 2], [2, 5, 3]], [[3, 4], [0, 0], [3, 4]],
      [[3, 4], [1, 1], [0, 2]],
    ];
    for (const [s, begin, size] of cases) {
      const a = randPair(g, s, 5);
      await same(g, g.slice(a.gpu, begin, size), cpu.slice(a.cpu, begin, size), EXACT, `slice [${s}] at [${begin}] size [${size}]`);
    }
  });

  it('concatenates along the first, middle and last axis', async () => {
    const cases: [Shape[], number][] = [
      [[[2, 3], [5, 3]], 0], [[[2, 3], [2, 1], [2, 7]], 1], [[[2, 3, 4], [2, 1, 4]], 1], [[[7], [1], [33]], 0],
    ];
    for (const [shapes, axis] of cases) {
      const parts = shapes.map((s, k) => randPair(g, s, k + 1));
      const outShape = [...shapes[0]!];
      outShape[axis] = shapes.reduce((acc, s) => acc + s[axis]!, 0);
      await same(g, g.concat(parts.map((p) => p.gpu), axis, outShape), cpu.concat(parts.map((p) => p.cpu), axis, outShape),
        EXACT, `concat ${JSON.stringify(shapes)} axis ${axis}`);
    }
  });

  it('gathers rows, repeated and in any order', async () => {
    const a = randPair(g, [10, 7], 3);
    const idx = new Float32Array([9, 0, 3, 3, 1]);
    const gi = { handle: g.upload(idx), shape: [5] };
    const ci = { handle: cpu.upload(idx), shape: [5] };
    await same(g, g.gatherRows(a.gpu, gi), cpu.gatherRows(a.cpu, ci), EXACT, 'gatherRows');
  });

  it('one-hot encodes labels', async () => {
    const labels = new Float32Array([0, 9, 3, 3, 7, 1, 2]);
    const gl = { handle: g.upload(labels), shape: [7] };
    const cl = { handle: cpu.upload(labels), shape: [7] };
    await same(g, g.oneHot(gl, 10), cpu.oneHot(cl, 10), EXACT, 'oneHot');
  });
});
