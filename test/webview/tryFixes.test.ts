// "Try the fixes" in the built panel (issue 11): the button on a finished overfitting or
// underfitting run only, the request and its id, progress with Cancel, and the table of a real
// try (fixtures/try-overfitting.json, the worker's trial_result on the 5-point lesson): before →
// after on validation, the best fix highlighted with Apply, the worse one tried and not offered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TryResult } from '../../src/engine/advice/types';
import type { TrainEvent } from '../../src/engine/train/events';
import type { TryView, WebviewMessage } from '../../src/shared/protocol';
import { tryConclusion, tryRows } from '../../webview/panel/tryModel';
import { assertClean, fixture, openPanel, showRun, startHarness, text, type Harness, type PanelPage } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const result = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'try-overfitting.json'), 'utf8')) as TryResult;
const view = (over: Partial<TryView> = {}): TryView => ({
  tryId: 3, requestId: 1, status: 'completed', progress: null, result, stale: false, startedAt: '2026-01-01T00:00:00.000Z', ...over,
});
const posted = async <T extends WebviewMessage['type']>(p: PanelPage, type: T) =>
  (await p.posted()).filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
const tryButton = (p: PanelPage) => p.page.locator('#try-fixes-button');

/** The overfitting run with its verdict turned into `kind` (and `uncertain` evidence if asked). */
function withVerdict(kind: 'underfitting' | 'overfitting', uncertain = false): TrainEvent[] {
  return fixture('overfitting').map((e) => {
    if (e.type === 'end') return { ...e, verdict: kind };
    if (e.type === 'diagnostic' && e.kind === 'overfitting' && !e.evidence['provisional']) return { ...e, kind, evidence: { ...e.evidence, uncertain } };
    return e;
  });
}

describe('the Try the fixes button', () => {
  it('shows on a finished overfitting run and posts a request with a fresh id', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    assert.equal(await tryButton(p).isVisible(), true);
    assert.equal(await p.page.locator('#try-fixes').isVisible(), false, 'no table before a try');
    await tryButton(p).click();
    await tryButton(p).click();
    assert.deepEqual(await posted(p, 'tryFixes'), [{ type: 'tryFixes', requestId: 1 }, { type: 'tryFixes', requestId: 2 }]);
    await p.settle();
    assert.equal(await p.page.getAttribute('#try-fixes', 'data-status'), 'starting');
    await assertClean(p);
  });

  it('shows on a finished underfitting run', async () => {
    const p = await openPanel(h);
    await showRun(p, 'underfit', withVerdict('underfitting'));
    assert.match(await text(p, '#verdict-title'), /Underfitting/);
    assert.equal(await tryButton(p).isVisible(), true);
    await assertClean(p);
  });

  it('does not show on a good fit, an uncertain verdict, or a run still training', async () => {
    const p = await openPanel(h);
    await showRun(p, 'iris', fixture('iris'));
    assert.equal(await p.page.getAttribute('#verdict', 'data-verdict'), 'good_fit');
    assert.equal(await tryButton(p).count(), 0);
    await showRun(p, 'unsure', withVerdict('underfitting', true));
    assert.match(await text(p, '#verdict-title'), /can't tell/);
    assert.equal(await tryButton(p).count(), 0);
    await p.send({ type: 'run', runId: 'live', events: fixture('overfitting').slice(0, 300), live: true });
    await p.settle();
    assert.equal(await tryButton(p).count(), 0, 'a provisional verdict has no button');
    await assertClean(p);
  });
});

describe('a try', () => {
  it('while it runs: the step in words and Cancel', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    await p.send({ type: 'trial', view: view({ status: 'running', result: null, progress: { done: 2, total: 5, message: 'Enable early stopping' } }) });
    await p.settle();
    assert.equal(await p.page.getAttribute('#try-fixes', 'data-status'), 'running');
    assert.equal(await text(p, '#try-progress-text'), 'training 3/5: Enable early stopping');
    assert.equal(await p.page.locator('#try-progress-bar').evaluate((b) => [(b as HTMLProgressElement).value, (b as HTMLProgressElement).max].join('/')), '2/5');
    await p.page.locator('#cancel-try').click();
    assert.deepEqual(await posted(p, 'command'), [{ type: 'command', command: 'cancelTryFixes' }]);
    await assertClean(p);
  });

  it('the table: before → after, the verdict after, the best with Apply, the worse one tried and not offered', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    await p.send({ type: 'trial', view: view() });
    await p.settle();
    const rows = p.page.locator('#try-table tbody tr');
    assert.equal(await rows.count(), 1 + result.trials.length);
    assert.match(await text(p, '#try-table tbody tr[data-trial="-1"]'), /^The file as written 0\.143 overfitting$/);
    assert.equal(await p.page.locator('#try-table td.accuracy').count(), 0, 'regression: no accuracy column');
    // Every fix: its title, validation loss before → after (3 significant digits), verdict, status.
    for (const [i, t] of result.trials.entries()) {
      const row = `#try-table tbody tr[data-trial="${i}"]`;
      assert.equal(await p.page.getAttribute(row, 'data-status'), t.status);
      assert.equal(await text(p, `${row} td.loss`), `${Number(result.before.validation!.loss.toPrecision(3))} → ${Number(t.validation!.loss.toPrecision(3))}`);
      assert.equal(await text(p, `${row} td.verdict-after`), t.verdict === 'good_fit' ? 'good fit' : t.verdict!);
    }
    // This try: epochs 19 best (0.0829), three better, weight decay worse.
    assert.deepEqual(result.trials.map((t) => t.status), ['better', 'better', 'better', 'worse']);
    assert.equal(await p.page.locator('#try-table tr[data-best]').count(), 1);
    assert.match(await text(p, '#try-table tr[data-best] th'), /^Set epochs to 19 .* best$/i);
    assert.equal(await p.page.getAttribute('#try-table tr[data-best] .apply-trial', 'appearance'), 'primary');
    assert.equal(await p.page.locator('.apply-trial').count(), 3, 'Apply on each fix that measured better');
    const worse = '#try-table tr[data-status="worse"]';
    assert.match(await text(p, worse), /Add weight decay .* tried, measured worse$/);
    assert.equal(await p.page.locator(`${worse} .apply-trial`).count(), 0);
    assert.equal(await text(p, '#try-conclusion'), `Worth applying: ${result.best!.title} — validation loss 0.143 → 0.0829.`);
    // Apply: a request naming the try and the fix; a late answer to an older request is ignored.
    await p.page.locator('#try-table tr[data-best] .apply-trial').click();
    assert.deepEqual(await posted(p, 'applyTrial'), [{ type: 'applyTrial', requestId: 1, tryId: 3, trial: 0 }]);
    await p.send({ type: 'applyTrial', requestId: 0, applied: false, message: 'an old answer' });
    await p.send({ type: 'applyTrial', requestId: 1, applied: false, message: 'overfitting.nn.yaml changed since the fixes were tried: try them again for this text.' });
    await p.settle();
    assert.equal(await text(p, '#try-status'), 'Overfitting.nn.yaml changed since the fixes were tried: try them again for this text.');
    await p.send({ type: 'trial', view: view({ applied: 0, stale: true }) });
    await p.settle();
    assert.equal(await text(p, '#try-table tr[data-best] .applied'), 'Applied');
    await assertClean(p);
  });

  it('a stale or cancelled try offers no Apply; the answer to the request clears Starting…', async () => {
    const p = await openPanel(h);
    await showRun(p, 'overfitting', fixture('overfitting'));
    await p.send({ type: 'trial', view: view({ stale: true }) });
    await p.settle();
    assert.equal(await p.page.locator('.apply-trial').count(), 0);
    assert.match(await text(p, '#try-stale'), /changed since these fixes were tried/);
    await p.page.locator('#try-again').click();
    assert.deepEqual(await posted(p, 'tryFixes'), [{ type: 'tryFixes', requestId: 1 }]);
    await p.send({ type: 'tryFixes', requestId: 1, status: 'invalid', message: 'line 3: unknown key' });
    await p.send({ type: 'trial', view: view({ status: 'cancelled' }) });
    await p.settle();
    assert.equal(await p.page.getAttribute('#try-fixes', 'data-status'), 'cancelled');
    assert.equal(await p.page.locator('.apply-trial').count(), 0);
    assert.match(await text(p, '#try-conclusion'), /^Cancelled: the measurements are incomplete/);
    assert.equal(await text(p, '#try-status'), 'Not tried: line 3: unknown key.');
    await assertClean(p);
  });
});

describe('the table model (classification, a failed and an unchanged fix)', () => {
  const m = (loss: number, accuracy: number, verdict: 'overfitting' | 'good_fit') =>
    ({ verdict, validation: { loss, accuracy }, train: { loss: loss / 2, accuracy: 1 }, epochs: 50 });
  const fix = (title: string) => ({ title, edits: [] });
  const classification: TryResult = {
    before: m(0.5, 0.8, 'overfitting'), verdictDiagnostic: result.verdictDiagnostic, best: null,
    trials: [
      { title: 'A', fix: fix('A'), status: 'better', ...m(0.4, 0.9, 'good_fit') },
      { title: 'B', fix: fix('B'), status: 'same', ...m(0.499, 0.8, 'overfitting') },
      { title: 'C', fix: fix('C'), status: 'failed', reason: 'the edit cannot be placed in this file', verdict: null, validation: null, train: null, epochs: 0 },
    ],
  };
  classification.best = classification.trials[0]!;

  it('accuracy before → after in percent; Apply only on the better one; a failure says why', () => {
    const rows = tryRows(view({ result: classification }));
    assert.deepEqual(rows.map((r) => [r.title, r.loss, r.accuracy, r.verdict, r.measured, r.best, r.apply]), [
      ['The file as written', '0.5', '80.0%', 'overfitting', '', false, false],
      ['A', '0.5 → 0.4', '80.0% → 90.0%', 'good fit', 'better', true, true],
      ['B', '0.5 → 0.499', '80.0% → 80.0%', 'overfitting', 'no clear change', false, false],
      ['C', '–', '–', '–', 'failed: the edit cannot be placed in this file', false, false],
    ]);
    assert.equal(tryConclusion(view({ result: classification })), 'Worth applying: A — validation loss 0.5 → 0.4.');
    assert.ok(tryRows(view({ result: classification, stale: true })).every((r) => !r.apply), 'stale: nothing offered');
  });

  it('no verdict to fix, and none better', () => {
    assert.match(tryConclusion(view({ result: { ...classification, verdictDiagnostic: null, trials: [], best: null, before: m(0.1, 0.95, 'good_fit') } })),
      /trained to a good fit: there is no overfitting or underfitting to fix/);
    assert.equal(tryConclusion(view({ result: { ...classification, best: null } })), 'None of the fixes measured better on validation: keep the file, or get more data.');
  });
});
