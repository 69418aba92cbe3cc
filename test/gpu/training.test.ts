// The fused training kernels on WebGPU against the CPU reference: softmax cross-entropy
// (forward and gradient) and the optimizer update over many parameters at once.
import { describe, it } from 'node:test';
import type { OptimizerHyper } from '../../src/engine/backends/backend';
import { assertClose, cpu, gpuBackend, OPT, rand, randPair, same, slotsOn, type Tol } from './helpers';

const SCE: Tol = { rtol: 1e-5, atol: 1e-6 };


describe('webgpu training kernels match the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  it('softmax cross-entropy per row, with one-hot and soft targets and large logits', async () => {
    for (const [n, c] of [[1, 1], [7, 10], [128, 10], [33, 129], [3, 2]]) {
      const z = randPair(g, [n, c], n * c, -30, 30);
      const soft = randPair(g, [n, c], c, 0, 1);
      await same(g, g.softmaxCrossEntropy(z.gpu, soft.gpu), cpu.softmaxCrossEntropy(z.cpu, soft.cpu), SCE, `sce ${n}x${c}`);
      const labels = rand(n, 9, 0, c).map(Math.floor);
      const gl = { handle: g.oneHot({ handle: g.upload(labels), shape: [n] }, c), shape: [n, c] };
      const cl = { handle: cpu.oneHot({ handle: cpu.upload(labels), shape: [n] }, c), shape: [n, c] };
      await same(g, g.softmaxCrossEntropy(z.gpu, gl), cpu.softmaxCrossEntropy(z.cpu, cl), SCE, `sce one-hot ${n}x${c}`);
      await same(g, g.softmaxCrossEntropyGrad(z.gpu, gl, 1 / n), cpu.softmaxCrossEntropyGrad(z.cpu, cl, 1 / n), SCE,
        `sce grad ${n}x${c}`);
      await same(g, g.softmaxCrossEntropyGrad(z.gpu, soft.gpu, 0.5), cpu.softmaxCrossEntropyGrad(z.cpu, soft.cpu, 0.5), SCE,
        `sce grad soft ${n}x${c}`);
    }
  });

  const base: OptimizerHyper = {
    kind: 'sgd', learningRate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, step: 1,
  };
  for (const kind of ['sgd', 'momentum', 'adam'] as const) {
    it(`${kind}: three steps over 9 parameters of odd sizes, with weight decay`, async () => {
      const sizes = [1, 7, 33, 65, 129, 784 * 128, 128, 10, 3];
      const gs = slotsOn(g, sizes, 1);
      const cs = slotsOn(cpu, sizes, 1);
      for (let step = 1; step <= 3; step++) {
        const h = { ...base, kind, step, weightDecay: step === 2 ? 0.01 : 0 };
        g.optimizerStep(gs, h);
        cpu.optimizerStep(cs, h);
      }
      for (const [k, s] of gs.entries()) {
        const c = cs[k]!;
        assertClose(await g.read(s.param), await cpu.read(c.param), OPT, `${kind} param ${k}`);
        if (kind !== 'sgd') assertClose(await g.read(s.state1), await cpu.read(c.state1), OPT, `${kind} state1 ${k}`);
        if (kind === 'adam') assertClose(await g.read(s.state2), await cpu.read(c.state2), OPT, `${kind} state2 ${k}`);
      }
    });
  }
});
