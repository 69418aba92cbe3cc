// matmul (plain, transposed, batched with broadcasting) and the fused linear layer on WebGPU
// against the CPU reference, for every kernel variant (tiny, direct, shared-memory tiles).
import { describe, it } from 'node:test';
import type { FusedActivation, Shape } from '../../src/engine/backends/backend';
import {
  DIRECT_CONFIG, linear, matmul, SHARED_CONFIG, SMALL_CONFIG, VEC_CONFIG, type MatmulConfig,
} from '../../src/engine/backends/webgpu/kernels/matmul';
import { cpu, gpuBackend, randPair, same, type Tol } from './helpers';

// fma and a different summation order: error grows with K (values in [-1, 1]).
const tolFor = (k: number): Tol => ({ rtol: 1e-4, atol: 2e-6 * Math.max(1, k) });

const SIZES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [7, 1, 33], [33, 65, 7], [65, 33, 129], [129, 129, 65], [64, 64, 64], [3, 200, 17],
  [33, 68, 9], [7, 4, 129], [130, 132, 3],
];
const CONFIGS: [string, MatmulConfig | undefined][] = [
  ['auto', undefined], ['tiny', SMALL_CONFIG], ['direct', DIRECT_CONFIG], ['vec4', VEC_CONFIG], ['shared', SHARED_CONFIG],
];

describe('webgpu matmul matches the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  for (const [name, config] of CONFIGS) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`${name} kernel, transA=${transA} transB=${transB}, sizes 1..129`, async () => {
          for (const [m, n, k] of SIZES) {
            const a = randPair(g, transA ? [k, m] : [m, k], m + k);
            const b = randPair(g, transB ? [n, k] : [k, n], n + k + 1);
            await same(g, matmul(g.rt, a.gpu, b.gpu, transA, transB, [m, n], config),
              cpu.matmul(a.cpu, b.cpu, transA, transB, [m, n]), tolFor(k), `${m}x${k} @ ${k}x${n}`);
          }
        });
      }
    }
  }

  it('batched matmul broadcasts leading axes', async () => {
    const cases: [Shape, Shape, Shape][] = [
      [[3, 5, 7], [3, 7, 4], [3, 5, 4]],
      [[3, 5, 7], [7, 4], [3, 5, 4]],
      [[5, 7], [2, 3, 7, 4], [2, 3, 5, 4]],
      [[2, 1, 5, 7], [1, 3, 7, 65], [2, 3, 5, 65]],
      [[1, 9, 33], [4, 33, 9], [4, 9, 9]],
      [[3, 5, 7], [1, 7, 68], [3, 5, 68]],
    ];
    for (const [as, bs, os] of cases) {
      for (const config of [undefined, DIRECT_CONFIG, VEC_CONFIG, SHARED_CONFIG]) {
        const a = randPair(g, as, 1);
        const b = randPair(g, bs, 2);
        await same(g, matmul(g.rt, a.gpu, b.gpu, false, false, os, config),
          cpu.matmul(a.cpu, b.cpu, false, false, os), tolFor(as[as.length - 1]!), `[${as}] @ [${bs}]`);
      }
    }
  });

  it('a big product with B transposed (B is transposed first on software adapters)', async () => {
    for (const [as, bs, os, ta] of [
      [[128, 200], [132, 200], [128, 132], false], [[200, 128], [132, 200], [128, 132], true],
      [[2, 64, 100], [2, 96, 100], [2, 64, 96], false],
    ] as [Shape, Shape, Shape, boolean][]) {
      const a = randPair(g, as, 7);
      const b = randPair(g, bs, 8);
      await same(g, g.matmul(a.gpu, b.gpu, ta, true, os), cpu.matmul(a.cpu, b.cpu, ta, true, os), tolFor(200), `[${as}] @ [${bs}]^T`);
    }
  });

  it('batched matmul with both operands transposed', async () => {
    const a = randPair(g, [2, 7, 5], 3);
    const b = randPair(g, [2, 9, 7], 4);
    await same(g, g.matmul(a.gpu, b.gpu, true, true, [2, 5, 9]), cpu.matmul(a.cpu, b.cpu, true, true, [2, 5, 9]), tolFor(7), 'tt');
  });

  it('a zero-length inner dimension gives zeros', async () => {
    const a = randPair(g, [3, 0], 1);
    const b = randPair(g, [0, 4], 2);
    await same(g, g.matmul(a.gpu, b.gpu, false, false, [3, 4]), cpu.matmul(a.cpu, b.cpu, false, false, [3, 4]), tolFor(1), 'k=0');
  });

  for (const act of ['none', 'relu', 'tanh', 'sigmoid'] as FusedActivation[]) {
    it(`linear with bias and ${act}, and without bias`, async () => {
      for (const [n, k, m] of [[1, 1, 1], [7, 33, 10], [128, 784, 65], [33, 129, 129], [9, 17, 132]]) {
        for (const config of [undefined, DIRECT_CONFIG, VEC_CONFIG, SHARED_CONFIG]) {
          const x = randPair(g, [n, k], n);
          const w = randPair(g, [k, m], m, -0.1, 0.1);
          const bias = randPair(g, [m], k);
          const tol = { rtol: 1e-4, atol: 1e-5 * Math.max(1, k / 10) };
          await same(g, linear(g.rt, x.gpu, w.gpu, bias.gpu, act, config), cpu.linear(x.cpu, w.cpu, bias.cpu, act), tol,
            `linear ${n}x${k}x${m} ${act}`);
          await same(g, linear(g.rt, x.gpu, w.gpu, null, act, config), cpu.linear(x.cpu, w.cpu, null, act), tol,
            `linear no bias ${n}x${k}x${m} ${act}`);
        }
      }
    });
  }
});
