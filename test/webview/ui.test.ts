// The panel's looks and manners: theme changes, no overflow at 800 and 1400 px, the toolkit
// under the CSP, headings, labels and the keyboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TrainEvent } from '../../src/engine/train/events';
import { assertClean, chartSummary, fixture, openPanel, showRun, startHarness, text, weightsFixture, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

describe('themes, layout and accessibility', () => {
  it('the toolkit controls render (shadow DOM, theme tokens) and document.head is the real one again', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    const [head, shadow, bg] = await p.page.evaluate(() => {
      const b = document.querySelector('#train')!;
      return [document.head === document.documentElement.querySelector('head'), !!b.shadowRoot,
        getComputedStyle(b).backgroundColor];
    });
    assert.equal(head, true);
    assert.equal(shadow, true);
    assert.equal(bg, 'rgb(0, 120, 212)', 'the primary button takes --vscode-button-background');
    await assertClean(p);
  });

  it('re-reads the theme colours when the body class changes', async () => {
    const p = await openPanel(h, 'dark');
    await showRun(p, 'iris', fixture('iris'));
    assert.equal((await chartSummary(p, 'loss-chart'))[2]!.color, '#3794ff');
    await p.page.evaluate(() => { document.body.className = 'vscode-light'; });
    await p.settle();
    assert.equal((await chartSummary(p, 'loss-chart'))[2]!.color, '#1a85ff');
    await assertClean(p);
  });

  for (const width of [520, 800, 1400]) {
    it(`nothing overflows horizontally at ${width} px`, async () => {
      const p = await openPanel(h, 'light', width);
      await showRun(p, 'mnist', fixture('mnist'));
      await p.send({ type: 'weights', runId: 'run-mnist', ...weightsFixture() });
      await p.settle();
      const [scroll, client] = await p.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${scroll} > ${client}`);
      const wide = await p.page.$$eval('section, canvas, table', (els) => els.filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => e.id || e.tagName));
      assert.deepEqual(wide, []);
      await assertClean(p);
    });
  }

  it('headings, labelled canvases and keyboard-usable controls', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    assert.equal(await p.page.locator('h1').count(), 1);
    assert.deepEqual(await p.page.$$eval('h2', (hs) => hs.filter((x) => (x as HTMLElement).offsetParent).map((x) => x.textContent)),
      ['Good fit', 'Model', 'Loss and accuracy', 'What the network learned', 'Confusion matrix', 'Gradients and weights', 'Weight and gradient histograms']);
    const unlabelled = await p.page.$$eval('canvas', (cs) => cs.filter((c) => c.getAttribute('role') !== 'img' || !c.getAttribute('aria-label')).length);
    assert.equal(unlabelled, 0);
    // Keyboard: focus the smoothing slider and press End; the value follows.
    await p.page.focus('#smoothing');
    await p.page.keyboard.press('End');
    await p.settle();
    assert.equal(await text(p, '#smoothing-value'), '0.99');
    await p.page.focus('#train');
    await p.page.keyboard.press('Enter');
    assert.ok((await p.posted()).some((m) => m.type === 'command' && m.command === 'train'));
    await assertClean(p);
  });

  it('a stopped run says so and gives no verdict; an interrupted one too', async () => {
    const p = await openPanel(h);
    const events = fixture('overfitting').filter((e) => e.type !== 'end' && !(e.type === 'diagnostic' && e.kind === 'overfitting')).slice(0, 100);
    await showRun(p, 'overfitting', [...events, { type: 'end', status: 'cancelled', epochs: 97, best_epoch: 19, best: { train: { loss: 0.04 }, validation: { loss: 0.08 } }, verdict: null, seconds: 1 }]);
    assert.equal(await text(p, '.status'), 'Stopped');
    assert.match(await text(p, '#verdict-title'), /^No verdict: the run was stopped at epoch 97$/);
    await p.send({ type: 'run', runId: 'cut', events, live: false });
    await p.settle();
    assert.match(await text(p, '#verdict-title'), /^No verdict: the run was interrupted after epoch \d+$/);
    await assertClean(p);
  });

  it('a failed run (a non-finite loss, sent as null in JSON) draws a gap and names the failure', async () => {
    const p = await openPanel(h);
    const events = fixture('iris').filter((e) => e.type !== 'end' && (e.type !== 'epoch' || e.epoch <= 10)) as TrainEvent[];
    const bad = JSON.parse(JSON.stringify({ ...events.find((e) => e.type === 'epoch')!, epoch: 11, train: { loss: Number.NaN }, validation: { loss: Number.NaN } })) as TrainEvent;
    events.push(bad, { type: 'end', status: 'failed', epochs: 11, best_epoch: 10, best: { train: { loss: 0.3 }, validation: { loss: 0.3 } }, verdict: null, error: 'The loss became NaN at epoch 11.', seconds: 1 });
    await showRun(p, 'iris', events);
    assert.equal(await text(p, '.status'), 'Failed');
    assert.equal(await text(p, '#verdict-title'), 'No verdict: the run failed');
    assert.match(await text(p, '#verdict'), /The loss became NaN at epoch 11/);
    const loss = await chartSummary(p, 'loss-chart');
    assert.equal(loss[0]!.points, 12, 'epochs 0 to 11');
    await assertClean(p);
  });
});
