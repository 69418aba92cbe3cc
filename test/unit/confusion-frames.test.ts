// The confusion matrix at each epoch of the pictures' schedule, the samples its cells list
// (tabular values or uint8 images) with each sample's prediction and confidence, and the
// grids of every feature pair a user can pick for the decision boundary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { init, prepareRun, tensor } from '../../src/engine';
import { lossTakesLogits } from '../../src/engine/nn/losses';
import { Sequential } from '../../src/engine/nn/model';
import { confusionFrom, predictions } from '../../src/engine/train/confusion';
import type { DataEvent, SamplesEvent } from '../../src/engine/train/events';
import { decodeCell, GRID, Pictures } from '../../src/engine/train/pictures';
import { MAX_LISTED } from '../../src/engine/train/samples';
import { networkFile, trainFile } from '../helpers/run';

const bytes = (b64: string) => [...Buffer.from(b64, 'base64')];

describe('confusion frames and listed samples', () => {
  it('precision and recall match a matrix computed by hand', () => {
    // true:      0 0 0 0 1 1 1 2 2 2
    // predicted: 0 0 1 2 1 1 0 2 2 1
    const c = confusionFrom([0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 1, 2, 1, 1, 0, 2, 2, 1], 3);
    assert.deepEqual(c.matrix, [[2, 1, 1], [1, 2, 0], [0, 1, 2]]);
    // precision: column k's diagonal over its column sum: 2/3, 2/4, 2/3.
    assert.deepEqual(c.precision, [2 / 3, 2 / 4, 2 / 3]);
    // recall: row k's diagonal over its row sum: 2/4, 2/3, 2/3.
    assert.deepEqual(c.recall, [2 / 4, 2 / 3, 2 / 3]);
    assert.equal(c.accuracy, 6 / 10);
    assert.equal(c.samples, 10);
  });

  it('confidence is the predicted class\' probability: softmax of logits, sigmoid of one logit, the output itself otherwise', () => {
    const soft = predictions(new Float32Array([0, Math.log(3), 0]), 3, 'cross_entropy');
    assert.deepEqual([...soft.cls], [1]);
    assert.ok(Math.abs(soft.p[0]! - 3 / 5) < 1e-6);
    const one = predictions(new Float32Array([-Math.log(4)]), 1, 'binary_cross_entropy');
    assert.deepEqual([...one.cls], [0]);
    assert.ok(Math.abs(one.p[0]! - 0.8) < 1e-6, `${one.p[0]}`);
    const probs = predictions(new Float32Array([0.1, 0.7, 0.2]), 3, 'mse');
    assert.ok(Math.abs(probs.p[0]! - 0.7) < 1e-6);
  });

  it('iris: every scheduled epoch carries the validation matrix, and each listed sample\'s prediction agrees with it', async () => {
    const r = await trainFile('examples/iris.nn.yaml', 'cpu', { epochs: 12 });
    const samples = r.events.find((e): e is SamplesEvent => e.type === 'samples')!;
    assert.deepEqual(samples.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.equal(samples.featureNames.length, 4);
    const v = samples.validation!;
    assert.equal(v.total, 30);
    assert.equal(v.labels.length, 30);
    assert.equal(v.x!.length, 30);
    assert.equal(v.x![0]!.length, 4);
    // Raw units: petal lengths of iris lie between 1 and 7 cm.
    assert.ok(v.x!.every((row) => row[2]! >= 1 && row[2]! <= 7), 'raw petal lengths');
    const framed = r.epochs.filter((e) => e.confusion);
    assert.deepEqual(framed.map((e) => e.epoch), r.epochs.map((e) => e.epoch), 'a short run: every epoch (the histogram schedule)');
    for (const e of framed) {
      const c = e.confusion!.validation!;
      const pred = bytes(c.predicted!);
      // Rebuilding the matrix from the listed predictions gives the event's matrix (all 30 are listed).
      assert.deepEqual(confusionFrom(v.labels, pred, 3).matrix, c.matrix, `epoch ${e.epoch}`);
      assert.ok(Math.abs(c.accuracy - e.validation!.accuracy!) < 1e-9, `epoch ${e.epoch}: ${c.accuracy} vs ${e.validation!.accuracy}`);
      // A prediction's confidence is at least a third (3 classes, the largest probability).
      assert.ok(bytes(c.confidence!).every((b) => b >= Math.floor(255 / 3)), `epoch ${e.epoch}`);
    }
    assert.deepEqual(bytes(r.end.confusion!.validation!.predicted!).length, 30);
  });

  it('iris: the end event has the grid of every pair of features, the default pair equal to the drawn boundary', async () => {
    const r = await trainFile('examples/iris.nn.yaml', 'cpu', { epochs: 5 });
    const d = r.events.find((e): e is DataEvent => e.type === 'data')!;
    assert.deepEqual(d.choices!.features, [0, 1, 2, 3]);
    assert.equal(d.choices!.names.length, 4);
    assert.deepEqual([d.choices!.names[2], d.choices!.names[3]], d.featureNames);
    assert.deepEqual(Object.keys(r.end.boundaries!).sort(), ['0,1', '0,2', '0,3', '1,2', '1,3', '2,3']);
    assert.equal(r.end.boundaries!['2,3'], r.end.boundary, 'the default pair (petals) is the drawn boundary');
    assert.deepEqual(d.choices!.ranges[2], d.xRange);
    assert.deepEqual(d.choices!.train[3], d.train.y, 'the pair\'s points are the drawn points');
    const sepals = bytes(r.end.boundaries!['0,1']!);
    assert.equal(sepals.length, GRID * GRID);
    assert.notDeepEqual(sepals, bytes(r.end.boundary!));
    assert.ok(new Set(sepals.map((b) => decodeCell(b, 3).cls)).size >= 2, 'the sepal grid shows more than one class');
  });

  it('a picked pair\'s grid gives the class the model predicts at each cell centre, the other features at their mean', async () => {
    await init({ backend: 'cpu' });
    const p = await prepareRun('examples/iris.nn.yaml', { overrides: { backend: 'cpu' } });
    if (!p.ok) throw new Error('iris');
    const { spec, splits } = p;
    const model = new Sequential(spec.model, 4, 3);
    const pictures = Pictures.for(splits, spec.loss)!;
    const d = pictures.data;
    const cells = bytes((await pictures.drawPairs(model))!['0,3']!);
    const [xr, yr] = [d.choices!.ranges[0]!, d.choices!.ranges[3]!];
    const { offset, scale } = splits.normalization;
    const mean = [0, 1, 2, 3].map((f) => { let s = 0; for (let i = 0; i < splits.train.n; i++) s += splits.train.x[i * 4 + f]!; return s / splits.train.n; });
    for (const [r, c] of [[0, 0], [0, 99], [99, 0], [99, 99], [50, 50], [20, 70], [75, 30]]) {
      const x = mean.slice();
      x[0] = (xr[0] + ((c + 0.5) / GRID) * (xr[1] - xr[0]) - offset[0]!) / scale[0]!;
      x[3] = (yr[1] - ((r + 0.5) / GRID) * (yr[1] - yr[0]) - offset[3]!) / scale[3]!;
      const out = await model.forward(tensor(x, { shape: [1, 4] }), { training: false, logits: lossTakesLogits(spec.loss) }).data();
      assert.equal(decodeCell(cells[r * GRID + c]!, 3).cls, out.indexOf(Math.max(...out)), `cell ${r},${c}`);
    }
    pictures.dispose();
    model.dispose();
  });

  it('MNIST: the listed validation images travel as uint8 pixels, at most MAX_LISTED of them', async () => {
    const r = await trainFile(networkFile(`data: { source: mnist, limit: 1500, validation: 0.8 }
model:
  - dense: 16
    activation: relu
  - dense: 10
loss: cross_entropy
train: { epochs: 1 }
`));
    const samples = r.events.find((e): e is SamplesEvent => e.type === 'samples')!;
    assert.deepEqual(samples.inputShape, [28, 28]);
    assert.equal(samples.featureNames.length, 0);
    const v = samples.validation!;
    const pixels = Buffer.from(v.images!, 'base64');
    assert.equal(v.labels.length, Math.min(v.total, MAX_LISTED));
    assert.equal(pixels.length, v.labels.length * 784);
    assert.deepEqual(v.pixelRange, [0, 1]);
    // A digit: mostly black background with some bright strokes.
    const first = pixels.subarray(0, 784);
    assert.ok(first.filter((p) => p === 0).length > 400 && first.some((p) => p > 200));
    assert.equal(bytes(r.end.confusion!.validation!.predicted!).length, v.labels.length);
  });
});
