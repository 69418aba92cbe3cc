// Whole training runs on the CPU reference backend: accuracy reached, the verdicts on the
// clear cases, reproducibility and early stopping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lineOf, networkFile, trainFile } from '../helpers/run';

describe('training on the CPU backend', () => {
  it('reaches ≥ 0.90 validation accuracy on Iris with the verdict good_fit', async () => {
    const r = await trainFile('examples/iris.nn.yaml');
    assert.ok(r.end.final!.validation!.accuracy! >= 0.9, `validation accuracy ${r.end.final!.validation!.accuracy}`);
    assert.equal(r.end.verdict, 'good_fit');
    assert.ok(!r.diagnostics.some((d) => d.kind === 'overfitting' && d.severity === 'warning'));
  });

  it('reports overfitting on the line of `epochs` for a large network on a few noisy points', async () => {
    const text = readFileSync('examples/overfitting-5-points.nn.yaml', 'utf8');
    const r = await trainFile('examples/overfitting-5-points.nn.yaml', 'cpu', { epochs: 600 });
    assert.equal(r.end.verdict, 'overfitting');
    const d = r.diagnostics.find((x) => x.kind === 'overfitting' && x.severity === 'warning' && !x.evidence.provisional);
    assert.ok(d, 'an overfitting diagnostic');
    assert.equal(d.line, lineOf(text, 'epochs:'));
    assert.ok((d.evidence.validation_loss as number) > 2 * (d.evidence.train_loss as number));
    assert.ok(r.diagnostics.some((x) => x.kind === 'too_many_parameters' && x.line === lineOf(text, 'model:')));
  });

  it('reports underfitting on the line of `model` for a linear model on circles', async () => {
    const text = readFileSync('examples/circles-linear.nn.yaml', 'utf8');
    const r = await trainFile('examples/circles-linear.nn.yaml');
    assert.equal(r.end.verdict, 'underfitting');
    const d = r.diagnostics.find((x) => x.kind === 'underfitting');
    assert.equal(d?.line, lineOf(text, 'model:'));
    assert.ok(r.end.final!.train.accuracy! < 0.7);
  });

  it('learns circles with a hidden layer (the same data is not the problem)', async () => {
    const r = await trainFile('examples/circles-mlp.nn.yaml');
    assert.ok(r.end.final!.validation!.accuracy! >= 0.9, `validation accuracy ${r.end.final!.validation!.accuracy}`);
    assert.notEqual(r.end.verdict, 'underfitting');
  });

  it('is exactly reproducible with the same seed and differs with another', async () => {
    const a = await trainFile('examples/moons.nn.yaml', 'cpu', { epochs: 5 });
    const b = await trainFile('examples/moons.nn.yaml', 'cpu', { epochs: 5 });
    const c = await trainFile('examples/moons.nn.yaml', 'cpu', { epochs: 5, seed: 7 });
    const losses = (r: typeof a) => r.epochs.map((e) => [e.train.loss, e.validation!.loss]);
    assert.deepEqual(losses(a), losses(b));
    assert.notDeepEqual(losses(a), losses(c));
  });

  it('restores the best weights when training ends at the epoch limit', async () => {
    const yaml = `data: { source: poly, samples: 25, noise: 0.3, validation: 0.8 }
model:
  - dense: 64
    activation: tanh
  - dense: 1
loss: mse
optimizer: { type: adam, learning_rate: 0.02 }
train:
  epochs: 150
  batch_size: 5
  early_stopping: { patience: 1000 }
`;
    const r = await trainFile(networkFile(yaml));
    assert.equal(r.end.status, 'completed');
    const last = r.epochs[r.epochs.length - 1];
    const best = r.epochs.find((e) => e.epoch === r.end.best_epoch)!;
    assert.ok(r.end.best_epoch < last.epoch, 'the best epoch is before the last');
    assert.notEqual(last.validation!.loss, best.validation!.loss);
    // Re-measured after the restore: the weights are the best epoch's.
    assert.ok(Math.abs(r.end.final!.validation!.loss - best.validation!.loss) < 1e-6);
    assert.ok(r.diagnostics.some((d) => d.kind === 'overfitting' && d.severity === 'info' && d.evidence.prevented === true));
  });

  it('stops early when validation loss stops improving', async () => {
    const yaml = `data: { source: moons, samples: 200 }
model:
  - dense: 16
    activation: relu
  - dense: 2
optimizer: { type: adam, learning_rate: 0.05 }
train: { epochs: 500, early_stopping: { patience: 5 } }
`;
    const r = await trainFile(networkFile(yaml));
    assert.equal(r.end.status, 'early_stopped');
    assert.equal(r.end.epochs, r.end.best_epoch + 5);
  });

  for (const opt of ['sgd', 'momentum', 'adam']) {
    it(`trains Iris with ${opt} and weight decay`, async () => {
      const lr = { sgd: 0.1, momentum: 0.05, adam: 0.01 }[opt];
      const yaml = `data: iris
model:
  - dense: 8
    activation: relu
  - dropout: 0.1
  - dense: 3
    activation: softmax
optimizer: { type: ${opt}, learning_rate: ${lr}, weight_decay: 0.0001 }
train: { epochs: 150, batch_size: 16 }
`;
      const r = await trainFile(networkFile(yaml));
      assert.ok(r.end.final!.validation!.accuracy! >= 0.9, `${opt}: validation accuracy ${r.end.final!.validation!.accuracy}`);
    });
  }

  it('reports exploding gradients on the layer and a non-finite loss for an absurd learning rate', async () => {
    const yaml = `data: { source: blobs, samples: 200 }
model:
  - dense: 32
    activation: relu
  - dense: 3
optimizer: { type: sgd, learning_rate: 1000 }
train: { epochs: 30 }
`;
    const r = await trainFile(networkFile(yaml));
    assert.equal(r.end.status, 'failed');
    assert.ok(r.diagnostics.some((d) => d.kind === 'non_finite' && d.severity === 'error'), JSON.stringify(r.diagnostics.map((d) => d.kind)));
  });

  it('reports vanishing gradients in the first layers of a deep sigmoid network', async () => {
    const layers = Array.from({ length: 8 }, () => '  - dense: 16\n    activation: sigmoid\n').join('');
    const yaml = `data: { source: spiral, samples: 300 }
model:
${layers}  - dense: 3
optimizer: { type: sgd, learning_rate: 0.01 }
train: { epochs: 6 }
`;
    const r = await trainFile(networkFile(yaml));
    const v = r.diagnostics.filter((d) => d.kind === 'vanishing_gradients');
    assert.ok(v.length > 0, 'vanishing gradients reported');
    assert.equal(v[0].line, lineOf(yaml, '- dense: 16'));
  });

  it('reports dead ReLU units on the layer after a learning rate that is too high', async () => {
    const yaml = `data: { source: blobs, samples: 300, test: 0.2 }
model:
  - dense: 64
    activation: relu
  - dense: 64
    activation: relu
  - dense: 3
optimizer: { type: sgd, learning_rate: 3 }
train: { epochs: 6, seed: 1 }
`;
    const r = await trainFile(networkFile(yaml));
    const dead = r.diagnostics.find((d) => d.kind === 'dead_units');
    assert.ok(dead, 'dead units reported');
    assert.ok((dead.evidence.dead_fraction as number) >= 0.5);
    assert.equal(dead.line, yaml.split('\n').findIndex((l, i) => i > 3 && l.includes('dense: 64')) + 1);
    const layer = r.epochs.at(-1)!.layers.find((l) => l.index === dead.layer)!;
    assert.ok(layer.dead_fraction! >= 0.5);
    // The test split is evaluated once, at the end.
    assert.equal(r.events[0].type === 'start' && r.events[0].samples.test, 60);
    assert.ok(r.end.test && r.end.test.accuracy! > 0.9);
  });
});

