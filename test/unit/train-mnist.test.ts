// MNIST 784-128-10 (Adam, 10 epochs, 20 % validation), the lessons' standard setup, on the
// CPU reference backend. TensorFlow.js reaches 0.94 validation accuracy on the same setup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainFile } from '../helpers/run';

describe('MNIST on the CPU backend', () => {
  it('reaches ≥ 0.93 validation accuracy in 10 epochs', async () => {
    const r = await trainFile('examples/mnist.nn.yaml');
    assert.equal(r.epochs.length, 10);
    assert.equal(r.events[0].type === 'start' && r.events[0].samples.validation, 2000);
    assert.ok(r.end.final!.validation!.accuracy! >= 0.93, `validation accuracy ${r.end.final!.validation!.accuracy}`);
  });
});
