// Epoch 0: the metrics of the initial weights open every run's curves, stay out of the
// verdict and early stopping, and `backprop train --epochs 0` evaluates without training.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { trainFile } from '../helpers/run';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('epoch 0', () => {
  it('is the first epoch event: the initial weights at chance, weight statistics, no gradients', async () => {
    const r = await trainFile('examples/iris.nn.yaml', 'cpu', { epochs: 5 });
    assert.deepEqual(r.epochs.map((e) => e.epoch), [0, 1, 2, 3, 4, 5]);
    const [zero, one] = r.epochs;
    // Three balanced classes: an untrained softmax is near ln 3 and far from Iris' 90 %+.
    assert.ok(Math.abs(zero.train.loss - Math.log(3)) < 0.6, `initial loss ${zero.train.loss}`);
    assert.ok(zero.validation!.accuracy! < 0.7, `initial accuracy ${zero.validation!.accuracy}`);
    assert.ok(one.train.loss < zero.train.loss, 'one epoch of training lowers the loss');
    for (const l of zero.layers) {
      assert.ok(l.weight_norm > 0 && l.histogram, 'weights and their histogram');
      assert.equal(l.grad_norm, 0);
      assert.equal(l.update_ratio, 0);
      assert.equal(l.grad_histogram, undefined);
    }
    assert.ok(r.end.best_epoch >= 1, 'early stopping and the best epoch count trained epochs');
  });

  it('`backprop train --epochs 0` evaluates the initial weights: start, epoch 0, end, no verdict', () => {
    const r = cli('train', 'examples/iris.nn.yaml', '--jsonl', '--backend', 'cpu', '--epochs', '0', '--no-save');
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const epochs = events.filter((e) => e.type === 'epoch');
    assert.deepEqual(epochs.map((e) => e.epoch), [0]);
    const end = events.at(-1);
    assert.equal(end.type, 'end');
    assert.equal(end.status, 'completed');
    assert.equal(end.epochs, 0);
    assert.equal(end.verdict, null);
    assert.deepEqual(end.final, { train: epochs[0].train, validation: epochs[0].validation });
    assert.ok(!events.some((e) => e.type === 'diagnostic' && ['good_fit', 'overfitting', 'underfitting'].includes(e.kind)));
  });

  it('says so to people, and still rejects a negative count', () => {
    const r = cli('train', 'examples/iris.nn.yaml', '--backend', 'cpu', '--epochs', '0', '--no-save');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /epoch 0\/0 +loss/);
    assert.match(r.stdout, /Evaluated the initial weights \(--epochs 0: no training\)/);
    const bad = cli('train', 'examples/iris.nn.yaml', '--epochs', '-1');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--epochs needs a whole number ≥ 0/);
  });
});
