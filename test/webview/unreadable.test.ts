// Damaged or crafted stored results in the built panel (real Chromium): an "unreadable result"
// card with the file and what is wrong, what could be read still shown, no script error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StudyResult } from '../../src/engine/studies/types';
import type { TrainEvent } from '../../src/engine/train/events';
import { assertClean, chartSummary, fixture, openPanel, showRun, startHarness, studyFixture, studyView, text, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const moons = fixture('moons');
/** The moons run with event `index` (0-based) replaced. */
const crafted = (index: number, event: unknown): TrainEvent[] => moons.map((e, i) => (i === index ? event as TrainEvent : e));
const epochAt = moons.findIndex((e) => e.type === 'epoch' && e.epoch === 10);

describe('unreadable results', () => {
  it('a run with an epoch whose loss is text: the card names the run and the field, the curves stop before it', async () => {
    const bad = structuredClone(moons[epochAt]) as Record<string, unknown>;
    bad['train'] = { loss: 'x', accuracy: 0.5 };
    const p = await openPanel(h);
    await showRun(p, 'moons', crafted(epochAt, bad));
    assert.equal(await p.page.locator('#unreadable').isVisible(), true);
    assert.equal(await text(p, '#unreadable h2'), 'Unreadable result');
    assert.equal(await text(p, '#unreadable .unreadable-file'), 'events of run run-moons');
    assert.equal(await text(p, '#unreadable .unreadable-reason'), `event ${epochAt + 1}: train.loss is "x", not a number`);
    // Epochs 0 … 9 are drawn (the events before the bad one); the verdict card still shows.
    const loss = await chartSummary(p, 'loss-chart');
    assert.equal(loss[0]!.points, 10);
    assert.equal(await p.page.locator('#verdict').isVisible(), true);
    await assertClean(p);
  });

  it('garbage events (not objects, unknown types, huge arrays of the wrong kind) are refused the same way', async () => {
    for (const [event, reason] of [
      [42, 'event 2: is 42, not an object'],
      [{ type: 'explode' }, 'event 2: type is "explode", not one of start, data, samples, epoch, diagnostic, end'],
      [{ ...(moons[epochAt] as object), layers: 'all' }, 'event 2: layers is "all", not a list'],
      [{ ...(moons[epochAt] as object), epoch: -3 }, 'event 2: epoch is -3, outside 0 … 9007199254740991'],
    ] as const) {
      const p = await openPanel(h);
      await showRun(p, 'moons', [moons[0]!, event as unknown as TrainEvent, ...moons.slice(1)]);
      assert.equal(await text(p, '#unreadable .unreadable-reason'), reason);
      await assertClean(p);
    }
  });

  it('a crafted study result (summary.dominant: "x"): the card instead of the studies, and a good one clears it', async () => {
    const circles = studyFixture('circles-linear');
    const bad = structuredClone(circles) as StudyResult;
    (bad.summary as unknown as Record<string, unknown>)['dominant'] = 'x';
    const p = await openPanel(h);
    await p.send({ type: 'init', fileName: 'circles-linear.nn.yaml', filePath: 'examples/circles-linear.nn.yaml', status: 'idle' });
    await p.send({ type: 'study', study: studyView(bad, { cached: true }) });
    await p.settle();
    assert.equal(await text(p, '#unreadable .unreadable-file'), 'the studies of circles-linear.nn.yaml');
    assert.equal(await text(p, '#unreadable .unreadable-reason'), 'summary.dominant is "x", not one of bias, variance, neither');
    assert.equal(await p.page.locator('#studies').isVisible(), false);
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.equal(await p.page.locator('#unreadable').isVisible(), false);
    assert.equal(await p.page.locator('#studies').isVisible(), true);
    await assertClean(p);
  });

  it('what the host found unreadable: one card per file, with its name and reason, until the host says it is gone', async () => {
    const p = await openPanel(h);
    await showRun(p, 'moons', moons);
    await p.send({ type: 'unreadable', part: 'run', problem: { file: '2024-05-01_moons/events.jsonl', reason: 'line 7 is cut short' } });
    await p.send({ type: 'unreadable', part: 'study', problem: { file: 'studies/ab12.json', reason: 'studies[0].points[2].train.mean is "<img src=x onerror=alert(1)>", not a number' } });
    await p.settle();
    assert.deepEqual(await p.page.$$eval('#unreadable .unreadable-card', (cards) => cards.map((c) => [c.getAttribute('data-part'), c.querySelector('.unreadable-file')!.textContent])),
      [['run', '2024-05-01_moons/events.jsonl'], ['study', 'studies/ab12.json']]);
    assert.match(await text(p, '#unreadable [data-part="run"]'), /line 7 is cut short.*shown up to the first event/);
    // The reason is text: the quoted markup is not an element.
    assert.equal(await p.page.locator('#unreadable img').count(), 0);
    assert.match(await text(p, '#unreadable [data-part="study"] .unreadable-reason'), /onerror=alert\(1\)/);
    await p.send({ type: 'unreadable', part: 'run', problem: null });
    await p.send({ type: 'unreadable', part: 'study', problem: null });
    await p.settle();
    assert.equal(await p.page.locator('#unreadable').isVisible(), false);
    await assertClean(p);
  });
});
