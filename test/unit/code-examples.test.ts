// The code-network examples (examples/code/, one per lesson cell group) reproduce the
// lesson's numbers within the tolerance their header states.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as engine from '../../src/engine';
import { loadCodeNetwork } from '../../src/engine/code/load';
import { trainCode } from '../../src/engine/code/trainer';
import type { DataEvent, EndEvent, EpochEvent, TrainEvent } from '../../src/engine/train/events';

async function train(example: string): Promise<{ end: EndEvent; events: TrainEvent[] }> {
  const file = path.resolve('examples/code', example);
  const net = await loadCodeNetwork(file, engine as never);
  const events: TrainEvent[] = [];
  const end = await trainCode({ net, file, backend: await engine.init({ backend: 'cpu' }), onEvent: (e) => events.push(e) });
  return { end, events };
}

describe('code-network examples', () => {
  it('linear regression reaches the noise floor (σ 0.5 → MSE ≈ 0.25): the line is recovered', async () => {
    const { end } = await train('linear-regression.nn.ts');
    assert.equal(end.status, 'completed');
    const loss = end.final!.train.loss;
    assert.ok(loss > 0.15 && loss < 0.32, `training MSE ${loss}`);
  });

  it('own framework, 2 layers: ≥ 75 % validation accuracy on 20 %-flipped labels, and no better than the flips allow', async () => {
    const { end } = await train('own-framework.nn.ts');
    const acc = end.final!.validation!.accuracy!;
    assert.ok(acc >= 0.75 && acc <= 0.95, `validation accuracy ${acc}`);
  });

  it('MyNet (the PyTorch-style class) reaches ≥ 85 % validation accuracy', async () => {
    const { end, events } = await train('mynet.nn.ts');
    assert.ok(end.final!.validation!.accuracy! >= 0.85, `validation accuracy ${end.final!.validation!.accuracy}`);
    const start = events[0] as Extract<TrainEvent, { type: 'start' }>;
    assert.deepEqual(start.layers.map((l) => l.name), ['fc1', 'fc2']);
    // The confusion matrix of the validation split agrees with the run's accuracy.
    const cm = end.confusion!.validation!;
    assert.equal(cm.samples, 80);
    assert.equal(cm.matrix[0][0] + cm.matrix[1][1], Math.round(end.final!.validation!.accuracy! * 80));
    // The decision boundary, as for a network file: the cell under each training point
    // mostly holds that point's class once trained (not before).
    const data = events.find((e): e is DataEvent => e.type === 'data')!;
    assert.equal(data.picture, 'boundary');
    const agreement = (b64: string) => {
      const cells = Buffer.from(b64, 'base64');
      const { width, height } = data.grid!;
      assert.equal(cells.length, width * height);
      const levels = Math.floor(256 / data.classes);
      let same = 0;
      data.train.x.forEach((x, i) => {
        const col = Math.min(width - 1, Math.floor((x - data.xRange[0]) / (data.xRange[1] - data.xRange[0]) * width));
        const row = Math.min(height - 1, Math.floor((data.yRange![1] - data.train.y[i]) / (data.yRange![1] - data.yRange![0]) * height));
        if (Math.floor(cells[row * width + col] / levels) === data.train.label![i]) same++;
      });
      return same / data.train.x.length;
    };
    const first = events.find((e): e is EpochEvent => e.type === 'epoch' && e.boundary !== undefined)!;
    assert.ok(agreement(end.boundary!) >= 0.85, `trained: ${agreement(end.boundary!)}`);
    assert.ok(agreement(end.boundary!) > agreement(first.boundary!) + 0.05, 'the boundary moved as it learned');
  });
});
