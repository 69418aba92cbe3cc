// The confusion matrix in the end event: counts from the model's predictions, agreeing with
// the accuracy the run reports, for validation and test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confusionFrom, predictedClasses } from '../../src/engine/train/confusion';
import { networkFile, trainFile } from '../helpers/run';

describe('confusion matrix', () => {
  it('counts true class by predicted class, with precision and recall per class', () => {
    const c = confusionFrom([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2], 3);
    assert.deepEqual(c.matrix, [[1, 1, 0], [0, 2, 0], [1, 0, 1]]);
    assert.deepEqual(c.precision, [0.5, 2 / 3, 1]);
    assert.deepEqual(c.recall, [0.5, 1, 0.5]);
    assert.equal(c.accuracy, 4 / 6);
    // A class never predicted has no precision (nothing to divide by), not 0.
    assert.deepEqual(confusionFrom([0, 1], [0, 0], 2).precision, [0.5, null]);
  });

  it('predicts as accuracy counts: argmax, or one unit above 0 (logits) / 0.5', () => {
    assert.deepEqual([...predictedClasses(new Float32Array([0.1, 0.7, 0.2, 3, -1, 0]), 3, 'cross_entropy')], [1, 0]);
    assert.deepEqual([...predictedClasses(new Float32Array([-0.2, 0.3]), 1, 'binary_cross_entropy')], [0, 1]);
    assert.deepEqual([...predictedClasses(new Float32Array([0.4, 0.6]), 1, 'mse')], [0, 1]);
  });

  it('a run ends with the matrices of validation and test, agreeing with its accuracies', async () => {
    const file = networkFile(`data: { source: iris, validation: 0.2, test: 0.2 }
model:
  - dense: 8
    activation: tanh
  - dense: 3
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.02 }
train: { epochs: 40 }
`);
    const r = await trainFile(file);
    const c = r.end.confusion!;
    assert.deepEqual(c.classNames, ['setosa', 'versicolor', 'virginica']);
    const v = c.validation!, t = c.test!;
    assert.equal(v.matrix.flat().reduce((a, b) => a + b, 0), 30);
    assert.deepEqual(v.matrix.map((row) => row.reduce((a, b) => a + b, 0)), [10, 10, 10], 'stratified: 10 flowers of each species');
    assert.ok(Math.abs(v.accuracy - r.end.final!.validation!.accuracy!) < 1e-9, `${v.accuracy} vs ${r.end.final!.validation!.accuracy}`);
    assert.ok(Math.abs(t.accuracy - r.end.test!.accuracy!) < 1e-9, `${t.accuracy} vs ${r.end.test!.accuracy}`);
    assert.equal(t.samples, 30);
  });

  it('regression has none', async () => {
    const r = await trainFile('examples/overfitting-5-points.nn.yaml', 'cpu', { epochs: 5 });
    assert.equal(r.end.confusion, undefined);
  });
});
