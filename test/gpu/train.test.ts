// Whole training runs on WebGPU and on the CPU reference, from the same network files:
// both must learn, to the same accuracy within a small margin (float32 summation order
// differs, so runs drift apart slowly; the margin says how far is still "the same").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainFile } from '../helpers/run';
import { gpuBackend } from './helpers';

async function both(file: string, epochs: number) {
  const cpu = await trainFile(file, 'cpu', { epochs });
  const gpu = await trainFile(file, 'webgpu', { epochs });
  return { cpu: cpu.end.final!, gpu: gpu.end.final!, gpuRun: gpu };
}

describe('training on WebGPU reaches the accuracy of the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  it('Iris: ≥ 0.9 validation accuracy on both, within 0.07 of each other', async () => {
    const r = await both('examples/iris.nn.yaml', 60);
    const [a, b] = [r.cpu.validation!.accuracy!, r.gpu.validation!.accuracy!];
    assert.ok(a >= 0.9 && b >= 0.9, `cpu ${a}, webgpu ${b}`);
    assert.ok(Math.abs(a - b) <= 0.07, `cpu ${a}, webgpu ${b}`);
    const start = r.gpuRun.events[0]!;
    assert.ok(start.type === 'start' && start.backend.name === 'webgpu', 'the run says it used webgpu');
  });

  it('MNIST 784-128-10: ≥ 0.9 validation accuracy on both after 3 epochs, within 0.02', async () => {
    const r = await both('examples/mnist.nn.yaml', 3);
    const [a, b] = [r.cpu.validation!.accuracy!, r.gpu.validation!.accuracy!];
    assert.ok(a >= 0.9 && b >= 0.9, `cpu ${a}, webgpu ${b}`);
    assert.ok(Math.abs(a - b) <= 0.02, `cpu ${a}, webgpu ${b}`);
    assert.ok(Math.abs(r.cpu.train.loss - r.gpu.train.loss) <= 0.05, `loss cpu ${r.cpu.train.loss}, webgpu ${r.gpu.train.loss}`);
  });
});
