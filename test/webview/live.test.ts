// A live run in the panel: batches as the host forwards them, a 5,000-epoch run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertClean, chartSummary, fixture, openPanel, showRun, startHarness, text, type Harness } from './harness';
import { longRun } from './synthetic';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

describe('a live run', () => {
  it('draws batches as they arrive, provisional verdict while training, final verdict at the end', async () => {
    const p = await openPanel(h);
    const events = fixture('overfitting');
    await p.send({ type: 'init', fileName: 'overfitting.nn.yaml', filePath: 'overfitting.nn.yaml', status: 'running' });
    await p.send({ type: 'run', runId: 'live', events: events.slice(0, 2), live: true });
    await p.settle();
    assert.equal(await p.page.getAttribute('#verdict', 'data-provisional'), 'true');
    const end = events.findIndex((e) => e.type === 'end');
    const sent = 302;
    for (let i = 2; i < sent; i += 10) await p.send({ type: 'events', runId: 'live', events: events.slice(i, i + 10) });
    await p.settle();
    const mid = await chartSummary(p, 'loss-chart');
    const epochsSoFar = events.slice(0, sent).filter((e) => e.type === 'epoch').length;
    assert.equal(mid[0]!.points, epochsSoFar);
    assert.match(await text(p, '#verdict'), /so far|Provisional/);
    assert.equal(await p.page.getAttribute('#verdict', 'data-provisional'), 'true');
    await p.send({ type: 'events', runId: 'live', events: events.slice(sent, end + 1) });
    await p.send({ type: 'status', status: 'finished' });
    await p.settle();
    assert.equal(await p.page.getAttribute('#verdict', 'data-provisional'), 'false');
    assert.equal(await text(p, '#verdict-title'), 'Overfitting (high variance)');
    assert.equal((await chartSummary(p, 'loss-chart'))[0]!.points, 801, 'epochs 0 to 800');
    assert.equal(await text(p, '.status'), 'Finished');
    await assertClean(p);
  });

  it('ignores batches of another run and starts over on a new run message', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    await p.send({ type: 'events', runId: 'someone-else', events: fixture('overfitting').slice(0, 50) });
    await p.settle();
    assert.equal((await chartSummary(p, 'loss-chart'))[0]!.points, 76, 'epochs 0 to 75');
    await p.send({ type: 'run', runId: 'run-2', events: fixture('mnist'), live: false });
    await p.settle();
    assert.equal((await chartSummary(p, 'loss-chart'))[0]!.points, 4, 'epochs 0 to 3');
    await assertClean(p);
  });
});

describe('a 5,000-epoch run', () => {
  it('streams in 100 batches with throttled redraws, decimated lines and ~200 histogram epochs', async () => {
    const p = await openPanel(h);
    const events = longRun(5000);
    await p.send({ type: 'init', fileName: 'long.nn.yaml', filePath: 'long.nn.yaml', status: 'running' });
    await p.send({ type: 'run', runId: 'long', events: events.slice(0, 1), live: true });
    const t0 = Date.now();
    // As fast as the page takes them: far more often than the 10 redraws a second allowed.
    for (let i = 1; i < events.length; i += 50) await p.send({ type: 'events', runId: 'long', events: events.slice(i, i + 50) });
    const elapsed = Date.now() - t0;
    await p.settle();
    const draws = Number(await p.page.getAttribute('.content', 'data-draws'));
    assert.ok(draws <= elapsed / 100 + 4, `${draws} redraws in ${elapsed} ms`);
    const loss = await chartSummary(p, 'loss-chart');
    assert.ok(loss.every((d) => d.points > 500 && d.points <= 1000), JSON.stringify(loss.map((d) => d.points)));
    assert.match(await p.page.getAttribute('#loss-chart', 'aria-label') ?? '', /over 5000 epochs/);
    assert.equal(await p.page.getAttribute('#hist-epoch', 'max'), String(events.filter((e) => e.type === 'epoch' && e.layers[0]!.histogram).length - 1));
    // A full snapshot of the finished run: one redraw of everything, well under a second.
    await p.send({ type: 'run', runId: 'long-2', events, live: false });
    await p.settle();
    assert.match(await p.page.getAttribute('#loss-chart', 'aria-label') ?? '', /best epoch 5000/);
    // How long that redraw takes is a benchmark question, not a test's: it is only logged.
    console.log(`      snapshot of 5,000 epochs redrawn in ${await p.page.getAttribute('.content', 'data-draw-ms')} ms`);
    await assertClean(p);
  });
});
