// The built panel in headless Chromium behind its real CSP, fed real training runs
// (fixtures/) the way the host sends them; assertions on numbers in the DOM.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WebviewMessage } from '../../src/shared/protocol';
import { assertClean, chartSummary, fixture, openPanel, showRun, startHarness, text, weightsFixture, type Harness, type PanelPage } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const lastExport = async (p: PanelPage) => (await p.posted()).filter((m): m is Extract<WebviewMessage, { type: 'export' }> => m.type === 'export').pop();

describe('a finished run (snapshot)', () => {
  it('the overfitting run: the verdict card says Overfitting and names epoch 19, where validation loss turned', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    const verdict = await text(p, '#verdict');
    assert.match(verdict, /Overfitting \(high variance\)/);
    assert.match(verdict, /Validation loss turned at epoch 19 .* rose to 0\.146 by epoch 800/);
    assert.match(verdict, /Overfitting since epoch \d+/);
    assert.match(verdict, /Stop at epoch 19 \(train\.epochs: 19/);
    assert.equal(await p.page.getAttribute('#verdict', 'data-verdict'), 'overfitting');
    assert.equal(await text(p, '.status'), 'Finished');
    await assertClean(p);
  });

  it('the loss chart has one raw and one smoothed point per epoch (0 to 800), markers and no accuracy chart for regression', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    const loss = await chartSummary(p, 'loss-chart');
    assert.deepEqual(loss.map((d) => [d.label, d.points]), [['training (raw)', 801], ['validation (raw)', 801], ['training', 801], ['validation', 801]]);
    assert.match(await p.page.getAttribute('#loss-chart', 'aria-label') ?? '', /over 800 epochs.*best epoch 19/);
    assert.equal(await p.page.locator('#accuracy').isHidden(), true);
    await assertClean(p);
  });

  it('the smoothing slider changes the smoothed lines and not the raw ones', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    const before = await chartSummary(p, 'loss-chart');
    await p.page.locator('#smoothing').fill('0.95');
    await p.settle();
    const after = await chartSummary(p, 'loss-chart');
    assert.equal(await text(p, '#smoothing-value'), '0.95');
    assert.equal(after[0]!.mean, before[0]!.mean);
    assert.equal(after[1]!.mean, before[1]!.mean);
    assert.notEqual(after[2]!.mean, before[2]!.mean);
    assert.notEqual(after[3]!.mean, before[3]!.mean);
    await p.page.locator('#smoothing').fill('0');
    await p.settle();
    const off = await chartSummary(p, 'loss-chart');
    assert.ok(Math.abs(off[2]!.mean! - off[0]!.mean!) < 1e-12, 'no smoothing: smoothed = raw');
    await assertClean(p);
  });

  it('log scale for the loss: zero and negative values become gaps, the points stay', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    await p.page.locator('#log-scale').click();
    await p.settle();
    const loss = await chartSummary(p, 'loss-chart');
    assert.equal(loss[0]!.points, 801);
    assert.equal(await p.page.locator('#log-scale').getAttribute('aria-checked'), 'true');
    await assertClean(p);
  });

  it('iris: good fit at the restored epoch 65, early stop at 75, the model summary and the worst layer named', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    assert.match(await text(p, '#verdict'), /Good fit.*Training error 1\.7%, validation error 3\.3% at epoch 65/);
    assert.match(await text(p, '#status-line'), /early stopped at epoch 75 of 200 · best epoch 65/);
    assert.equal(await p.page.locator('#summary tbody tr').count(), 4, 'input row + 3 layers');
    assert.match(await text(p, '#summary tfoot'), /Total 131/);
    assert.match(await text(p, '#summary'), /cpu · CPU \((JavaScript reference backend|WebAssembly SIMD, \d+ threads?)\).*120 training · 30 validation/);
    assert.match(await text(p, '#worst-layer'), /layer 1 \(dense 16, tanh\)/);
    const acc = await chartSummary(p, 'accuracy-chart');
    assert.equal(acc[0]!.points, 76, 'epochs 0 to 75');
    // Gradients come from training steps: epoch 0 (the initial weights) has none.
    const grad = await chartSummary(p, 'grad-norm-chart');
    assert.deepEqual(grad.map((d) => [d.label, d.points]), [['L1 16 tanh', 75], ['L3 3 softmax', 75]]);
    const weights = await chartSummary(p, 'weight-norm-chart');
    assert.equal(weights[0]!.points, 76, 'the initial weight norm is drawn');
    await assertClean(p);
  });

  it('histograms follow the epoch slider', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    assert.equal(await p.page.getAttribute('#hist-epoch', 'max'), '75');
    assert.equal(await text(p, '#hist-epoch-value'), '75');
    const last = await chartSummary(p, 'hist-w-0-chart');
    assert.match(await p.page.getAttribute('#hist-w-0-chart', 'aria-label') ?? '', /at epoch 75: 80 values/);
    await p.page.locator('#hist-epoch').fill('0');
    await p.settle();
    assert.equal(await text(p, '#hist-epoch-value'), '0');
    const first = await chartSummary(p, 'hist-w-0-chart');
    assert.equal(first[0]!.points, 20);
    assert.equal(last[0]!.points, 20);
    const label = await p.page.getAttribute('#hist-w-0-chart', 'aria-label');
    assert.match(label ?? '', /^Weights of layer 1 \(dense 16, tanh\) at epoch 0: 80 values from -?\d\.\d+ to \d\.\d+ in 20 bins$/);
    await assertClean(p);
  });

  it('MNIST: the first layer weights as 32 images of 28×28, and the dead-unit chart for the ReLU layer', async () => {
    const p = await openPanel(h);
    await showRun(p, 'mnist', fixture('mnist'));
    await p.send({ type: 'weights', runId: 'run-mnist', ...weightsFixture() });
    await p.settle();
    const sizes = await p.page.$$eval('#first-layer canvas', (cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}x${(c as HTMLCanvasElement).height}`));
    assert.equal(sizes.length, 32);
    assert.ok(sizes.every((s) => s === '28x28'));
    assert.equal(await p.page.locator('#dead-units').isVisible(), true);
    assert.deepEqual((await chartSummary(p, 'dead-units-chart')).map((d) => d.label), ['L1 128 relu']);
    await assertClean(p);
  });
  it('says under the title where the run trained and why: a Dawn that could not load, so the CPU', async () => {
    const p = await openPanel(h);
    const reason = "no WebGPU adapter (Dawn (the 'webgpu' package's native module) could not be loaded: /x/dawn.node is damaged: 4096 bytes, cut before its section headers end (21526416)): using the CPU";
    const events = fixture('iris').map((e) => (e.type === 'start' ? { ...e, backend: { ...e.backend, name: 'cpu' as const, reason } } : e));
    await showRun(p, 'iris', events);
    assert.equal(await text(p, '#backend-reason'), `Backend cpu: ${reason}`);
    await assertClean(p);
  });
});

describe('messages to the host', () => {
  it('CSV export has a header and one row per epoch; JSON export has every event; PNG export is a PNG data URL', async () => {
    const p = await openPanel(h);
    const events = fixture('overfitting');
    await showRun(p, 'overfitting', events);
    await p.page.locator('#export-csv').click();
    const csv = (await lastExport(p))!;
    assert.equal(csv.format, 'csv');
    assert.equal(csv.suggestedName, 'overfitting-5-points-epochs.csv');
    const rows = csv.data.trim().split('\n');
    assert.equal(rows.length, 802, 'a header, epochs 0 to 800');
    assert.match(rows[0]!, /^epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm_layer1,grad_norm_layer2,grad_norm_layer3$/);
    assert.equal(rows[801]!.split(',')[0], '800');
    await p.page.locator('#export-json').click();
    assert.equal((JSON.parse((await lastExport(p))!.data) as unknown[]).length, events.length);
    await p.page.locator('#loss vscode-button.png').click();
    const png = (await lastExport(p))!;
    assert.equal(png.format, 'png');
    assert.match(png.data, /^data:image\/png;base64,/);
    assert.ok(png.data.length > 5000);
    await assertClean(p);
  });

  it('Train and Stop post commands; Stop is disabled until a run is live', async () => {
    const p = await openPanel(h);
    await p.send({ type: 'init', fileName: 'iris.nn.yaml', filePath: 'examples/iris.nn.yaml', status: 'idle' });
    await p.settle();
    assert.equal(await text(p, 'h1'), 'iris.nn.yaml');
    assert.equal(await text(p, '.status'), 'Not trained yet');
    assert.equal(await p.page.locator('#stop').getAttribute('disabled'), '');
    await p.page.locator('#train').click();
    await p.send({ type: 'status', status: 'running' });
    await p.settle();
    assert.equal(await text(p, '.status'), 'Training…');
    await p.page.locator('#stop').click();
    const commands = (await p.posted()).filter((m) => m.type === 'command').map((m) => (m as { command: string }).command);
    assert.deepEqual(commands, ['train', 'stop']);
    await assertClean(p);
  });

  it('overlay: earlier runs are offered, picking one asks the host, the returned curves are dashed lines', async () => {
    const p = await openPanel(h);
    await offerEarlierRuns(p);
    await p.page.locator('#overlay vscode-checkbox[data-run="old-1"]').click();
    const asked = (await p.posted()).filter((m) => m.type === 'overlay').pop();
    assert.deepEqual(asked, { type: 'overlay', requestId: 1, runIds: ['old-1'] });
    await p.send({ type: 'overlay', requestId: 1, runs: [{ runId: 'old-1', label: 'yesterday', points: overlayPoints(50) }] });
    await p.settle();
    const loss = await chartSummary(p, 'loss-chart');
    assert.deepEqual(loss.slice(4).map((d) => [d.label, d.points]), [['yesterday training', 50], ['yesterday validation', 50]]);
    await assertClean(p);
  });

  it('overlay: the answer to an older request is dropped while a newer one is pending, by its request id', async () => {
    const p = await openPanel(h);
    await offerEarlierRuns(p);
    await p.page.locator('#overlay vscode-checkbox[data-run="old-1"]').click();
    await p.page.locator('#overlay vscode-checkbox[data-run="old-2"]').click();
    const asked = (await p.posted()).filter((m): m is Extract<WebviewMessage, { type: 'overlay' }> => m.type === 'overlay');
    assert.deepEqual(asked.map((m) => [m.requestId, m.runIds]), [[1, ['old-1']], [2, ['old-1', 'old-2']]]);
    const yesterday = { runId: 'old-1', label: 'yesterday', points: overlayPoints(50) };
    const today = { runId: 'old-2', label: 'today', points: overlayPoints(75) };
    // The answer to request 1 comes after request 2 was asked: its run is still chosen, but it is not the newest question.
    await p.send({ type: 'overlay', requestId: 1, runs: [yesterday] });
    await p.settle();
    assert.equal((await chartSummary(p, 'loss-chart')).length, 4);
    await p.send({ type: 'overlay', requestId: 2, runs: [yesterday, today] });
    await p.settle();
    const loss = await chartSummary(p, 'loss-chart');
    assert.deepEqual(loss.slice(4).map((d) => [d.label, d.points]),
      [['yesterday training', 50], ['yesterday validation', 50], ['today training', 75], ['today validation', 75]]);
    // And a late answer to request 1 does not take the newest one's place.
    await p.send({ type: 'overlay', requestId: 1, runs: [yesterday] });
    await p.settle();
    assert.equal((await chartSummary(p, 'loss-chart')).length, 8);
    await assertClean(p);
  });
});

/** The iris run shown, two earlier runs offered, and the overlay picker opened. */
async function offerEarlierRuns(p: PanelPage): Promise<void> {
  await showRun(p, 'iris', fixture('iris'));
  await p.send({ type: 'history', runs: [{ runId: 'old-1', label: 'yesterday · overfitting · 200 epochs' }, { runId: 'old-2', label: 'today · good fit · 75 epochs' }] });
  await p.settle();
  await p.page.locator('#overlay summary').click();
}

/** `epochs` epochs of a falling loss, as the host sends an earlier run's curves. */
function overlayPoints(epochs: number) {
  return Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, trainLoss: 1 / (i + 1), valLoss: 1.2 / (i + 1), trainAccuracy: 0.9, valAccuracy: 0.8 }));
}
