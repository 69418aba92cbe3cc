// The pictures of what a network learned: the decision-boundary grid says, at every cell,
// the class and confidence the model gives there; the fitted curve is the model's output;
// both reach the event stream on the histogram schedule and at the end.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { init, prepareRun, tensor } from '../../src/engine';
import type { Splits } from '../../src/engine/data';
import type { NetworkSpec } from '../../src/engine/netfile/spec';
import { lossTakesLogits } from '../../src/engine/nn/losses';
import { Sequential } from '../../src/engine/nn/model';
import type { DataEvent, EpochEvent } from '../../src/engine/train/events';
import { CURVE_POINTS, decodeCell, GRID, pickFeatures, Pictures } from '../../src/engine/train/pictures';
import { trainFile } from '../helpers/run';

async function prepared(file: string): Promise<{ spec: NetworkSpec; splits: Splits }> {
  const p = await prepareRun(file, { overrides: { backend: 'cpu' } });
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  return p;
}

/** The model's output for raw feature values `raw` (normalised as training normalised them). */
async function predict(model: Sequential, splits: Splits, spec: NetworkSpec, raw: number[]): Promise<Float32Array> {
  const { offset, scale } = splits.normalization;
  const x = tensor(raw.map((v, f) => (v - offset[f]) / scale[f]), { shape: [1, raw.length] });
  return model.forward(x, { training: false, logits: lossTakesLogits(spec.loss) }).data();
}

describe('pictures', () => {
  before(async () => { await init({ backend: 'cpu' }); });

  it('the boundary grid gives, cell by cell, the class and confidence the model predicts at the cell centre', async () => {
    const { spec, splits } = await prepared('examples/iris.nn.yaml');
    const model = new Sequential(spec.model, splits.train.features, 7);
    const pictures = Pictures.for(splits, spec.loss)!;
    const d = pictures.data;
    assert.equal(d.picture, 'boundary');
    // Petal length and width separate the species far better than the sepals.
    assert.deepEqual(d.features, [2, 3]);
    assert.equal(d.train.x.length, splits.train.n);
    const cells = Buffer.from((await pictures.draw(model)).boundary!, 'base64');
    assert.equal(cells.length, GRID * GRID);
    for (const [r, c] of [[0, 0], [0, 99], [99, 0], [99, 99], [50, 50], [13, 71], [88, 22], [40, 60]]) {
      const gx = d.xRange[0] + ((c + 0.5) / GRID) * (d.xRange[1] - d.xRange[0]);
      const gy = d.yRange![1] - ((r + 0.5) / GRID) * (d.yRange![1] - d.yRange![0]);
      const raw = Array.from({ length: 4 }, (_, f) => (f === 2 ? gx : f === 3 ? gy : d.fixed![String(f)]));
      const out = await predict(model, splits, spec, raw);
      const cls = out.indexOf(Math.max(...out));
      const p = Math.exp(out[cls]) / out.reduce((s, v) => s + Math.exp(v), 0);
      const got = decodeCell(cells[r * GRID + c], 3);
      assert.equal(got.cls, cls, `cell ${r},${c}`);
      // The fixed features were rounded to 4 digits in the event: confidence within a level or two.
      assert.ok(Math.abs(got.q - (p - 1 / 3) / (2 / 3)) < 0.03, `cell ${r},${c}: q ${got.q} vs p ${p}`);
    }
    pictures.dispose();
    model.dispose();
  });

  it('picks the two features with the most between-class spread, the others fixed at their training mean', async () => {
    const { splits } = await prepared('examples/iris.nn.yaml');
    assert.deepEqual(pickFeatures(splits.train), [2, 3]);
    const d = Pictures.for(splits, 'cross_entropy')!.data;
    assert.deepEqual(d.featureNames, ['petal_length', 'petal_width']);
    assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
    // Iris' sepal length averages ~5.8 cm in any 120-flower training split.
    assert.ok(Math.abs(d.fixed!['0']! - 5.84) < 0.15, `sepal length mean ${d.fixed!['0']}`);
  });

  it('the fitted curve is the model output at evenly spaced inputs over the data range', async () => {
    const { spec, splits } = await prepared('examples/overfitting-5-points.nn.yaml');
    const model = new Sequential(spec.model, 1, 3);
    const pictures = Pictures.for(splits, spec.loss)!;
    const d = pictures.data;
    assert.equal(d.picture, 'fit');
    assert.equal(d.train.x.length, 5);
    assert.equal(d.validation!.x.length, 20);
    const fit = (await pictures.draw(model)).fit!;
    assert.equal(fit.length, CURVE_POINTS);
    for (const i of [0, 57, 199]) {
      const x = d.xRange[0] + (i / (CURVE_POINTS - 1)) * (d.xRange[1] - d.xRange[0]);
      const [y] = await predict(model, splits, spec, [x]);
      assert.ok(Math.abs(fit[i]! - y!) < 1e-4 * Math.max(1, Math.abs(y!)), `curve at ${x}: ${fit[i]} vs ${y}`);
    }
    pictures.dispose();
    model.dispose();
  });

  it('a run sends the data once, a grid at epoch 0, on the histogram schedule and at the end; MNIST has none', async () => {
    // A linear model (no early stopping), so the run goes all the way.
    const r = await trainFile('examples/circles-linear.nn.yaml', 'cpu', { epochs: 450 });
    const data = r.events.filter((e): e is DataEvent => e.type === 'data');
    assert.equal(data.length, 1);
    assert.equal(r.events.indexOf(data[0]!), 1, 'right after start');
    const withGrid = r.epochs.filter((e: EpochEvent) => e.boundary).map((e) => e.epoch);
    // 450 epochs: every 2nd, plus epochs 0 and 1 and the last.
    assert.deepEqual(withGrid.slice(0, 4), [0, 1, 2, 4]);
    assert.equal(withGrid.at(-1), 450);
    assert.ok(withGrid.length <= 230, `${withGrid.length} grids`);
    assert.equal(Buffer.from(r.end.boundary!, 'base64').length, GRID * GRID);
    const mnist = await prepared('examples/mnist.nn.yaml');
    assert.equal(Pictures.for(mnist.splits, mnist.spec.loss), null);
  });
});
