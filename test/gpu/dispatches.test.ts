// Dispatches per training step on WebGPU: each is a GPU pass-through the driver pays for,
// so the step's fused kernels are counted. 784-128-10 (batch 128, Adam, cross-entropy):
// gather x, gather one-hot targets, 2 linear, softmax-CE, its mean, its gradient, 3 products
// and 2 bias sums of the backward pass, the ReLU mask, one optimizer step = 14.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stepper } from '../../src/engine/backends/auto/calibrate';
import { prepareRun } from '../../src/engine/prepare';
import { networkFile } from '../helpers/run';
import { gpuBackend } from './helpers';

const MNIST_128 = `data: { source: mnist, limit: 512 }
model:
  - dense: 128
    activation: relu
  - dense: 10
    activation: softmax
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.001 }
train: { batch_size: 128 }
`;

describe('WebGPU dispatches per training step', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  it('784-128-10 with Adam takes 14 dispatches and one submit per step (19 before the mean, seed, ReLU mask and one-hot were fused)', async () => {
    const p = await prepareRun(networkFile(MNIST_128));
    assert.ok(p.ok);
    const s = stepper(g, { spec: p.spec, train: p.splits.train });
    try {
      await s.run(2); // pipelines built, optimizer state allocated
      const before = g.stats();
      await s.run(4);
      const after = g.stats();
      assert.equal((after.dispatches - before.dispatches) / 4, 14);
      // One flush per step, and the read-back that waits for them.
      assert.equal(after.submits - before.submits, 4 + 1);
    } finally {
      s.dispose();
    }
  });
});
