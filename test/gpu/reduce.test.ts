// Reductions and argmax on WebGPU against the CPU reference.
import { describe, it } from 'node:test';
import type { ReduceOp, Shape } from '../../src/engine/backends/backend';
import { cpu, gpuBackend, randPair, same, type Tol } from './helpers';

// Summation order differs (tree vs sequential): relative to the magnitude of the terms.
const SUM: Tol = { rtol: 1e-5, atol: 1e-5 };
const MAX: Tol = { rtol: 0, atol: 0 };

const CASES: [Shape, number[]][] = [
  [[7], [0]],
  [[1], [0]],
  [[33, 65], [0]],
  [[33, 65], [1]],
  [[33, 65], [0, 1]],
  [[129, 7], [1]],
  [[4, 5, 6], [1]],
  [[4, 5, 6], [0, 2]],
  [[2, 3, 4, 5], [1, 3]],
  [[2, 1, 3, 1], [1, 2]],
  [[3, 4099], [1]], // long rows: the workgroup-per-output path
  [[5000], [0]],
  [[2000, 3], [0]],
];

describe('webgpu reductions match the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  for (const op of ['sum', 'max'] as ReduceOp[]) {
    for (const [shape, axes] of CASES) {
      it(`${op} of [${shape}] over axes [${axes}] (rtol ${op === 'sum' ? SUM.rtol : 0})`, async () => {
        const a = randPair(g, shape, shape.length * 7 + axes.length);
        await same(g, g.reduce(op, a.gpu, axes), cpu.reduce(op, a.cpu, axes), op === 'sum' ? SUM : MAX, `${op}`);
      });
    }
  }

  it('a scaled sum (the mean of a loss in one dispatch) is the sum times fp32(scale), on both paths', async () => {
    for (const [shape, axes] of [[[128], [0]], [[33, 65], [1]], [[5000], [0]], [[3, 4099], [1]]] as [Shape, number[]][]) {
      const a = randPair(g, shape, 11);
      const scale = 1 / shape[axes[0]!]!;
      await same(g, g.reduce('sum', a.gpu, axes, scale), cpu.reduce('sum', a.cpu, axes, scale), SUM, `mean of [${shape}]`);
      // The CPU's scaled sum is exactly its sum times fp32(scale).
      const plain = cpu.readSync(cpu.reduce('sum', a.cpu, axes));
      const scaled = cpu.readSync(cpu.reduce('sum', a.cpu, axes, scale));
      plain.forEach((v, i) => { if (Math.fround(v * Math.fround(scale)) !== scaled[i]) throw new Error(`[${shape}] ${i}: ${scaled[i]} ≠ ${v} × ${scale}`); });
    }
  });

  it('reducing over no axes copies the input', async () => {
    const a = randPair(g, [3, 4], 1);
    await same(g, g.reduce('sum', a.gpu, []), cpu.reduce('sum', a.cpu, []), MAX, 'sum over []');
  });

  it('argmax along the last axis picks the first maximum', async () => {
    for (const shape of [[7], [33, 10], [2, 3, 129], [5, 1]] as Shape[]) {
      const a = randPair(g, shape, shape.length);
      await same(g, g.argmax(a.gpu), cpu.argmax(a.cpu), MAX, `argmax [${shape}]`);
    }
    const ties = new Float32Array([1, 3, 3, 0, 2, 2, 2, 1]);
    const h = g.upload(ties);
    await same(g, g.argmax({ handle: h, shape: [2, 4] }), cpu.argmax({ handle: cpu.upload(ties), shape: [2, 4] }), MAX, 'ties');
  });
});
