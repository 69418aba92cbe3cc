// MNIST 784-128-10 (Adam, 10 epochs, 20 % validation), the lessons' standard setup, on the
// CPU reference backend. TensorFlow.js reaches 0.94 validation accuracy on the same setup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainFile } from '../helpers/run';

describe('MNIST on the CPU backend', () => {
  it('reaches ≥ 0.93 validation accuracy in 10 epochs', async () => {
    const r = await trainFile('examples/mnist.nn.yaml');
    // Epoch 0 (the initial weights, at chance: ~10 %) then the 10 trained epochs.
    assert.deepEqual(r.epochs.map((e) => e.epoch), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.ok(r.epochs[0].validation!.accuracy! < 0.25, `initial accuracy ${r.epochs[0].validation!.accuracy}`);
    assert.equal(r.events[0].type === 'start' && r.events[0].samples.validation, 2000);
    assert.ok(r.end.final!.validation!.accuracy! >= 0.93, `validation accuracy ${r.end.final!.validation!.accuracy}`);
  });
});
