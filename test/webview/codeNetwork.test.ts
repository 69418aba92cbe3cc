// A code network's run in the built panel (headless Chromium): its layers go by their names
// in the model, and the values it logs with log(name, value) get their own chart.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as engine from '../../src/engine';
import { loadCodeNetwork } from '../../src/engine/code/load';
import { trainCode } from '../../src/engine/code/trainer';
import type { TrainEvent } from '../../src/engine/train/events';
import { assertClean, chartSummary, openPanel, showRun, startHarness, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

async function codeRun(): Promise<TrainEvent[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'panel-code-'));
  const file = path.join(dir, 'logged.nn.mjs');
  writeFileSync(file, `import { network, nn, optim, F, loadData, log } from 'backprop/engine';
export default network({
  data: () => loadData('moons', { samples: 200 }),
  model: () => new nn.Sequential(new nn.Linear(2, 12), new nn.Tanh(), new nn.Linear(12, 2)),
  train: { epochs: 12 },
  async fit({ model, data, epochs, epochEnd }) {
    const opt = new optim.SGD(model.parameters(), { lr: 0.5 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      opt.lr = 0.5 / epoch;
      for (const { x, y } of data.train.batches(20, { seed: epoch })) {
        opt.zeroGrad();
        F.crossEntropy(model.forward(x), y).backward();
        opt.step();
      }
      log('lr', opt.lr);
      await epochEnd(epoch);
    }
  },
});
`);
  const net = await loadCodeNetwork(file, engine as never);
  const events: TrainEvent[] = [];
  await trainCode({ net, file, backend: await engine.init({ backend: 'cpu' }), onEvent: (e) => events.push(e) });
  return events;
}

describe('a code network run', () => {
  it('charts the logged metric per epoch and names layers as the model does', async () => {
    const events = await codeRun();
    const p = await openPanel(h);
    await showRun(p, 'logged', events);
    assert.equal(await p.page.locator('#metrics').isVisible(), true);
    const logged = await chartSummary(p, 'custom-metrics-chart');
    assert.deepEqual(logged.map((d) => [d.label, d.points]), [['lr', 12]]);
    const grad = await chartSummary(p, 'grad-norm-chart');
    assert.deepEqual(grad.map((d) => d.label), ['0', '2']);
    // The confusion matrix as for a network file: a frame per scheduled epoch, and a click on
    // a cell lists its samples (the run's samples event).
    assert.equal(await p.page.locator('#confusion').isVisible(), true);
    const diagonal = p.page.locator('#confusion-validation td.cm-cell[data-true="0"][data-pred="0"] button');
    const count = Number(await diagonal.textContent());
    await diagonal.click();
    await p.settle();
    assert.ok(count > 0);
    assert.equal(await p.page.locator('#confusion-samples .sample-row').count(), count);
    await p.page.screenshot({ path: path.join(__dirname, 'screenshots', 'code-network.png'), fullPage: true });
    await assertClean(p);
  });

  it('charts dead ReLU units of the layers that feed a ReLU, by their names in the model', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'panel-code-'));
    const file = path.join(dir, 'dead.nn.ts');
    // fc1's bias far below zero: all its units dead; fc2 (its own ReLU) alive; out has none.
    writeFileSync(file, `import { network, nn, loadData, tensor } from 'backprop/engine';
class Net extends nn.Module {
  fc1 = new nn.Linear(4, 16);
  fc2 = new nn.Linear(16, 8, { activation: 'relu' });
  out = new nn.Linear(8, 3);
  constructor() {
    super();
    this.fc1.bias = tensor(new Float32Array(16).fill(-1000), { shape: [16], requiresGrad: true });
  }
  forward(x: nn.Tensor) { return this.out.forward(this.fc2.forward(this.fc1.forward(x).relu())); }
}
export default network({ data: () => loadData('iris'), model: () => new Net(), train: { epochs: 8 } });
`);
    const net = await loadCodeNetwork(file, engine as never);
    const events: TrainEvent[] = [];
    await trainCode({ net, file, backend: await engine.init({ backend: 'cpu' }), onEvent: (e) => events.push(e) });
    const p = await openPanel(h);
    await showRun(p, 'dead', events);
    const dead = await chartSummary(p, 'dead-units-chart');
    assert.deepEqual(dead.map((d) => [d.label, d.points]), [['fc1', 9], ['fc2', 9]]);
    await p.page.screenshot({ path: path.join(__dirname, 'screenshots', 'code-network-dead-units.png'), fullPage: true });
    await assertClean(p);
  });

  it('a network-file run has no logged-metrics section, also after a redraw', async () => {
    const p = await openPanel(h);
    const { fixture } = await import('./harness');
    await showRun(p, 'iris', fixture('iris'));
    assert.equal(await p.page.locator('#metrics').isHidden(), true);
    // A redraw with no new events (here, the study view clearing) shows the run's sections
    // again: this one must stay hidden (it did not, once).
    await p.send({ type: 'study', study: null });
    await p.settle();
    assert.equal(await p.page.locator('#metrics').isHidden(), true);
    await assertClean(p);
  });
});
