// The "Bias & variance" study view, fed real study results (fixtures/study-*.json, made with
// `backprop diagnose --jsonl`) as the host sends them: whole StudyView messages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BootstrapStudy, LearningCurveStudy, StudyKind, StudyResult, SweepStudy } from '../../src/engine/studies/types';
import type { StudyView, WebviewMessage } from '../../src/shared/protocol';
import {
  assertClean, chartSummary, fixture, openPanel, runningView, startHarness, studyFixture, studyView, text, type Harness, type PanelPage,
} from './harness';
import { errorText, findStudy, spreadText } from '../../webview/panel/studyModel';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const circles = studyFixture('circles-linear');
const wide = studyFixture('wide-on-noisy');
const poly = studyFixture('poly-narrow');
const find = <K extends StudyKind>(r: StudyResult, kind: K) => findStudy(r.studies, kind)!;

async function showStudy(p: PanelPage, view: StudyView | null, name = 'circles-linear'): Promise<void> {
  await p.send({ type: 'init', fileName: `${name}.nn.yaml`, filePath: `examples/${name}.nn.yaml`, status: 'idle' });
  await p.send({ type: 'study', study: view });
  await p.settle();
}

const posted = async (p: PanelPage, type: WebviewMessage['type']) => (await p.posted()).filter((m) => m.type === type);
const visible = (p: PanelPage, selector: string) => p.page.locator(selector).isVisible();

describe('no studies yet', () => {
  it('the empty state offers Diagnose; it and the header button post the diagnose command', async () => {
    const p = await openPanel(h);
    await showStudy(p, null);
    assert.equal(await visible(p, '#studies'), false);
    assert.equal(await visible(p, '#diagnose-empty'), true);
    assert.match(await text(p, '.empty'), /Diagnose bias and variance/);
    await p.page.locator('#diagnose-empty').click();
    await p.page.locator('#diagnose').click();
    assert.deepEqual(await posted(p, 'command'), [{ type: 'command', command: 'diagnose' }, { type: 'command', command: 'diagnose' }]);
    await assertClean(p);
  });
});

describe('a finished study (real results)', () => {
  it('bias (a linear model on circles): the badge, the message, every curve point, the bar\'s parts, Apply', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(circles));
    assert.equal(await visible(p, '#studies'), true);
    assert.equal(await p.page.getAttribute('#study-dominant', 'data-dominant'), 'bias');
    assert.equal(await p.page.locator('#study-dominant').textContent(), 'Bias');
    assert.match(await text(p, '#study-summary-title'), /Bias dominates \(underfitting\)/);
    assert.equal(await text(p, '#study-message'), circles.summary!.message);
    assert.equal(await p.page.locator('#study-summary .advice li').count(), circles.summary!.advice.length);
    // The learning curve and the sweeps: one mean point per study point, training and validation.
    for (const [id, kind] of [['study-learning-curve', 'learning_curve'], ['study-model-size', 'model_size'], ['study-depth', 'depth'], ['study-weight-decay', 'weight_decay']] as const) {
      const study = find(circles, kind) as LearningCurveStudy | SweepStudy;
      const sets = await chartSummary(p, `${id}-chart`);
      assert.deepEqual(sets.slice(0, 2).map((d) => [d.label, d.points]), [['training', study.points.length], ['validation', study.points.length]], id);
      const lastVal = study.points[study.points.length - 1]!.validation!.mean;
      assert.equal(sets[1]!.last, lastVal, `${id}: the last validation mean`);
      assert.equal(await p.page.locator(`#${id} tbody tr`).count(), study.points.length);
    }
    assert.equal((await chartSummary(p, 'study-learning-curve-chart')).length, 6, 'mean lines and min/max band edges');
    // The file's setting and the best one, in the table (and as chart markers).
    const size = find(circles, 'model_size') as SweepStudy;
    // (textContent: the table is in a closed <details>, so it has no rendered text.)
    assert.equal(await p.page.locator('#study-model-size tbody tr[data-best] th').textContent(), `${size.points[size.best!]!.label} (best)`);
    assert.equal(await p.page.locator('#study-model-size tbody tr[data-current] th').textContent(), 'as in the file (no hidden layer) (file)');
    // The bar: its segments are the decomposition, exactly; the negative net variance is said.
    const boot = find(circles, 'bootstrap') as BootstrapStudy;
    const bar = await chartSummary(p, 'study-bootstrap-chart');
    assert.deepEqual(bar.map((d) => d.last), [boot.bias, boot.variance, boot.noise, boot.total]);
    assert.ok(boot.variance < 0, 'this fixture has a negative net variance');
    assert.deepEqual(bar.map((d) => d.label), ['bias 60.0%', 'net variance −7.6%', 'noise 0.0%', 'total 52.4%']);
    const cells = await p.page.$$eval('#study-bootstrap td[data-part]', (tds) => tds.map((td) => [td.getAttribute('data-part'), Number(td.getAttribute('data-value'))]));
    assert.deepEqual(cells, [['bias', boot.bias], ['variance', boot.variance], ['noise', boot.noise], ['total', boot.total]]);
    assert.match(await text(p, '#study-bootstrap .negative-variance'), /net variance is negative \(−7\.6%\), drawn left of zero/);
    assert.match(await p.page.getAttribute('#study-bootstrap-chart', 'aria-label') ?? '', /bias 60\.0%, net variance −7\.6%, noise 0\.0%, total 52\.4%/);
    assert.equal(await p.page.getAttribute('#study-bootstrap-chart', 'data-x-title'), 'expected error (0-1 loss)');
    // Apply: the summary's fix (a primary button with from → to), and the model-size sweep's own.
    assert.equal(await text(p, '#apply-study-fix'), 'Apply: Add a hidden layer of 8 units');
    assert.equal(await text(p, '#apply-study-gain'), 'validation error 54.6% → 0.0%, as measured');
    await p.page.locator('#apply-study-fix').click();
    await p.page.locator('#apply-model-size-fix').click();
    await p.page.locator('#apply-depth-fix').click();
    assert.deepEqual(await posted(p, 'applyStudyFix'), [{ type: 'applyStudyFix', source: 'summary' }, { type: 'applyStudyFix', source: 'model_size' }, { type: 'applyStudyFix', source: 'depth' }]);
    assert.equal(await p.page.locator('#apply-weight-decay-fix').count(), 0, 'no weight-decay fix in this result');
    await assertClean(p);
  });

  it('variance (a wide network on 30 noisy points): the badge, the weight-decay fix, the bar without a negative part', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(wide), 'wide-on-noisy');
    assert.equal(await p.page.getAttribute('#study-dominant', 'data-dominant'), 'variance');
    assert.match(await text(p, '#study-summary-title'), /Variance dominates \(overfitting\)/);
    assert.equal(await text(p, '#apply-study-fix'), 'Apply: Set weight_decay to 1e-1');
    assert.equal(await text(p, '#apply-study-gain'), 'validation error 22.3% → 17.0%, as measured');
    const lc = find(wide, 'learning_curve');
    assert.equal((await chartSummary(p, 'study-learning-curve-chart'))[0]!.points, lc.points.length);
    assert.equal(await p.page.getAttribute('#study-learning-curve', 'data-points'), String(lc.points.length));
    await p.page.locator('#apply-weight-decay-fix').click();
    assert.deepEqual(await posted(p, 'applyStudyFix'), [{ type: 'applyStudyFix', source: 'weight_decay' }]);
    assert.equal(await p.page.locator('#apply-depth-fix').count(), 0, 'the depth sweep\'s best is within the noise: no fix');
    const boot = find(wide, 'bootstrap');
    assert.deepEqual((await chartSummary(p, 'study-bootstrap-chart')).map((d) => d.last), [boot.bias, boot.variance, boot.noise, boot.total]);
    assert.equal(await visible(p, '#study-bootstrap .negative-variance'), false);
    await assertClean(p);
  });

  it('regression (a 2-unit network on a cubic): mse as numbers, bias² and the generator\'s noise', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(poly), 'poly-narrow');
    assert.equal(await p.page.getAttribute('#study-dominant', 'data-dominant'), 'bias');
    // The depth sweep's fix gains most here, so it is the summary's too.
    assert.equal(await text(p, '#apply-study-fix'), `Apply: ${find(poly, 'depth').quickFix!.title}`);
    assert.equal(await text(p, '#apply-study-gain'), 'validation mse 0.0322 → 0.0151, as measured');
    const boot = find(poly, 'bootstrap');
    assert.equal(boot.noiseMethod, 'generator');
    const bar = await chartSummary(p, 'study-bootstrap-chart');
    assert.deepEqual(bar.map((d) => d.last), [boot.bias, boot.variance, boot.noise, boot.total]);
    assert.match(bar[0]!.label, /^bias² 0\.00975$/);
    assert.doesNotMatch(await text(p, '#study-bootstrap table'), /%/);
    assert.match(await text(p, '#study-bootstrap'), /Noise: the generator's stated noise/);
    // The axis names the error the bars add up to: squared error for a regression, whatever the metric.
    assert.equal(await p.page.getAttribute('#study-bootstrap-chart', 'data-x-title'), 'expected squared error');
    assert.match(await p.page.getAttribute('#study-bootstrap-chart', 'aria-label') ?? '', /^Bootstrap decomposition of the expected squared error: bias² 0\.00975,/);
    assert.match(await p.page.getAttribute('#study-weight-decay-chart', 'aria-label') ?? '', /^Weight decay, mean mse over seeds\. 0: training 0\.0\d+, validation 0\.0\d+;/);
    await assertClean(p);
  });
});

describe('the depth card (real results)', () => {
  for (const [name, result] of [['circles-linear', circles], ['wide-on-noisy', wide], ['poly-narrow', poly]] as const) {
    it(`${name}: every point in the chart and the table, the file's and the best depth marked, integer ticks`, async () => {
      const p = await openPanel(h);
      await showStudy(p, studyView(result), name);
      const depth = find(result, 'depth');
      const { points, best } = depth;
      assert.ok(points.length >= 3 && points.every((pt, i) => pt.x === points[0]!.x + i), 'consecutive depths');
      assert.equal(await text(p, '#study-depth h3'), 'Depth');
      assert.equal(await p.page.getAttribute('#study-depth', 'data-state'), 'done');
      const chart = '#study-depth-chart';
      assert.equal(await p.page.getAttribute(chart, 'data-x-title'), 'hidden layers');
      assert.deepEqual(JSON.parse(await p.page.getAttribute(chart, 'data-ticks') ?? ''), points.map((pt) => String(pt.x)));
      // Mean lines, then the min–max band edges: every point counted, the last one and the mean checked.
      const mean = (ys: number[]) => ys.reduce((a, b) => a + b, 0) / ys.length;
      const sets = await chartSummary(p, 'study-depth-chart');
      const expected = (['train', 'validation'] as const).flatMap((part) => ([['mean', ''], ['max', ' (max)'], ['min', ' (min)']] as const).map(([stat, suffix]) => {
        const ys = points.map((pt) => pt[part]![stat]);
        return { label: `${part === 'train' ? 'training' : 'validation'}${suffix}`, points: points.length, last: ys[ys.length - 1], mean: mean(ys) };
      }));
      const order = [0, 3, 1, 2, 4, 5]; // training, validation, then each one's band edges
      assert.deepEqual(sets.map((d) => ({ label: d.label, points: d.points, last: d.last, mean: d.mean })), order.map((i) => expected[i]));
      const current = points.findIndex((pt) => pt.current);
      assert.ok(current >= 0 && best !== null);
      assert.deepEqual(JSON.parse(await p.page.getAttribute(chart, 'data-markers') ?? ''), current === best ? [['file = best', best]] : [['file', current], ['best', best]]);
      // The table: one row per depth, its label, marks and mean ± std over seeds.
      const rows = await p.page.$$eval('#study-depth tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assert.deepEqual(rows, points.map((pt, i) => [
        `${pt.label}${pt.current || i === best ? ` (${[pt.current ? 'file' : '', i === best ? 'best' : ''].filter(Boolean).join(', ')})` : ''}`,
        spreadText(depth.metric, pt.train), spreadText(depth.metric, pt.validation), `${pt.validation!.runs}`,
      ]));
      assert.equal(await p.page.locator('#study-depth tbody tr[data-best] th').textContent(), `${points[best]!.label} (${current === best ? 'file, ' : ''}best)`);
      const label = await p.page.getAttribute(chart, 'aria-label') ?? '';
      for (const pt of points) assert.ok(label.includes(`${pt.label}: training ${errorText(depth.metric, pt.train!.mean)}, validation ${errorText(depth.metric, pt.validation!.mean)}`), `${label} has ${pt.label}`);
      assert.equal(await text(p, '#study-depth .study-sentence'), depth.summary);
      // Its own Apply when the sweep found a clear gain.
      if (depth.quickFix) {
        assert.equal(await text(p, '#study-depth .sweep-fix'), `Apply: ${depth.quickFix.title} validation ${depth.metric} ${errorText(depth.metric, depth.quickFix.from)} → ${errorText(depth.metric, depth.quickFix.to)}`);
        await p.page.locator('#apply-depth-fix').click();
        assert.deepEqual(await posted(p, 'applyStudyFix'), [{ type: 'applyStudyFix', source: 'depth' }]);
      } else {
        assert.equal(await p.page.locator('#apply-depth-fix').count(), 0);
      }
      await assertClean(p);
    });
  }

  it('the fixtures cover a file without hidden layers, a fix that adds layers, and a best within the noise', () => {
    const [c, w, q] = [circles, wide, poly].map((r) => find(r, 'depth'));
    assert.deepEqual(c.points.map((pt) => pt.label), ['no hidden layer', '1 layer (16)', '2 layers (16-16)']);
    assert.equal(c.quickFix?.title, 'Add a hidden layer of 16 units');
    assert.equal(q.quickFix?.title, 'Add 2 hidden layers of 2 units');
    assert.ok(w.best !== null && !w.points[w.best]!.current && w.quickFix === null);
  });

  it('stale: no depth Apply', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(circles, { stale: true }));
    assert.equal(await p.page.getAttribute('#study-depth', 'data-state'), 'done');
    assert.equal(await p.page.locator('#apply-depth-fix').count(), 0);
    await assertClean(p);
  });

  it('a result cached before the depth study: its card says "Not run.", the rest as before', async () => {
    const p = await openPanel(h);
    // As such a result was stored: four kinds, no depthChanges, no depth study.
    const { depthChanges: _d, ...options } = circles.options;
    const old = { ...circles, studies: circles.studies.filter((st) => st.kind !== 'depth'), options: { ...options, kinds: ['learning_curve', 'model_size', 'weight_decay', 'bootstrap'] } } as StudyResult;
    await showStudy(p, studyView(old, { cached: true }));
    const states = await p.page.$$eval('#studies .chart-card', (cs) => cs.map((c) => [c.id, c.getAttribute('data-state'), (c as HTMLElement).hidden]));
    assert.deepEqual(states, [
      ['study-learning-curve', 'done', false], ['study-model-size', 'done', false], ['study-depth', 'not-run', false],
      ['study-weight-decay', 'done', false], ['study-bootstrap', 'done', false],
    ]);
    assert.equal(await text(p, '#study-depth .placeholder'), 'Not run.');
    assert.equal(await visible(p, '#study-depth-chart'), false);
    assert.equal(await visible(p, '#study-depth .numbers'), false);
    assert.equal(await p.page.locator('#apply-depth-fix').count(), 0);
    assert.equal(await visible(p, '#apply-model-size-fix'), true);
    assert.equal(await visible(p, '#apply-study-fix'), true);
    assert.match(await p.page.locator('#study-summary .eyebrow').textContent() ?? '', /^4 studies · /);
    // The new result replaces it: the card fills in.
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.equal(await p.page.getAttribute('#study-depth', 'data-state'), 'done');
    assert.equal((await chartSummary(p, 'study-depth-chart'))[0]!.points, find(circles, 'depth').points.length);
    await assertClean(p);
  });
});

describe('opening on a finished result', () => {
  for (const [name, view] of [['completed', studyView(circles)], ['cached', studyView(circles, { cached: true })], ['cancelled', studyView({ ...circles, status: 'cancelled', summary: null }, { status: 'cancelled' })]] as const) {
    it(`the live region says nothing (${name}), also when the host sends it again`, async () => {
      const p = await openPanel(h);
      await showStudy(p, view);
      assert.equal(await visible(p, '#study-summary'), true);
      assert.equal(await p.page.locator('#study-announcer').textContent(), '');
      await p.send({ type: 'study', study: { ...view } });
      await p.settle();
      assert.equal(await p.page.locator('#study-announcer').textContent(), '');
      await assertClean(p);
    });
  }
});

describe('while the studies run', () => {
  it('progress k/N and the current step, finished studies drawn, the rest waiting; Cancel posts cancelDiagnose', async () => {
    const p = await openPanel(h);
    const running = runningView(circles, 1, 7);
    await showStudy(p, running);
    const { done, total } = running.progress!.overall;
    assert.equal(`${done}/${total}`, '22/67');
    assert.equal(await text(p, '#study-progress-count'), '22/67');
    assert.equal(await text(p, '#study-progress-text'), `22/67 trainings · model size: ${running.progress!.message}`);
    assert.deepEqual(await p.page.$eval('#study-progress-bar', (b) => [(b as HTMLProgressElement).value, (b as HTMLProgressElement).max]), [22, 67]);
    assert.equal(await p.page.locator('#diagnose').getAttribute('disabled'), '', 'Diagnose is disabled while studies run');
    assert.equal(await visible(p, '#study-summary'), false);
    const states = await p.page.$$eval('#studies .chart-card', (cs) => cs.map((c) => [c.id, c.getAttribute('data-state'), (c.querySelector('.placeholder') as HTMLElement).innerText]));
    assert.deepEqual(states, [
      ['study-learning-curve', 'done', ''],
      ['study-model-size', 'running', 'running… 7/18 trainings'],
      ['study-depth', 'waiting', 'waiting…'],
      ['study-weight-decay', 'waiting', 'waiting…'],
      ['study-bootstrap', 'waiting', 'waiting…'],
    ]);
    assert.equal(await visible(p, '#study-model-size-chart'), false);
    await p.page.locator('#cancel-diagnose').click();
    assert.deepEqual(await posted(p, 'command'), [{ type: 'command', command: 'cancelDiagnose' }]);
    await assertClean(p);
  });

  it('charts fill in as studies arrive, then the summary replaces the progress', async () => {
    const p = await openPanel(h);
    await showStudy(p, runningView(circles, 0, 3));
    assert.equal(await text(p, '#study-progress-text'), `3/67 trainings · learning curve: ${runningView(circles, 0, 3).progress!.message}`);
    await p.send({ type: 'study', study: runningView(circles, 2, 4) });
    await p.settle();
    assert.equal(await text(p, '#study-progress-text'), '37/67 trainings · depth: no hidden layer, seed 2/3', 'the depth message names its study');
    assert.equal(await text(p, '#study-depth .placeholder'), 'running… 4/9 trainings');
    await p.send({ type: 'study', study: runningView(circles, 4, 4) });
    await p.settle();
    assert.equal((await chartSummary(p, 'study-depth-chart'))[0]!.points, find(circles, 'depth').points.length);
    assert.equal((await chartSummary(p, 'study-weight-decay-chart'))[0]!.points, find(circles, 'weight_decay').points.length);
    assert.equal(await text(p, '#study-progress-text'), '61/67 trainings · bootstrap model 5/10');
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.equal(await visible(p, '#study-progress'), false);
    assert.equal(await visible(p, '#study-summary'), true);
    assert.equal(await p.page.locator('#diagnose').getAttribute('disabled'), null);
    assert.equal((await chartSummary(p, 'study-bootstrap-chart'))[0]!.last, find(circles, 'bootstrap').bias);
    await assertClean(p);
  });

  it('no Apply while the studies run: not the model-size link once its study arrived, nor the summary\'s; back when they finish', async () => {
    const p = await openPanel(h);
    // The model-size study (with its quick fix) has arrived; the weight-decay sweep runs.
    const running = runningView(circles, 2, 7);
    assert.ok(find(circles, 'model_size').quickFix, 'this fixture\'s model-size sweep has a fix');
    await showStudy(p, running);
    assert.equal(await p.page.getAttribute('#study-model-size', 'data-state'), 'done');
    assert.equal(await visible(p, '#study-model-size-chart'), true);
    assert.equal(await p.page.locator('#apply-model-size-fix').count(), 0);
    assert.equal(await visible(p, '#study-model-size .sweep-fix'), false);
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    // Even a running view that carries the result already (between the result and the process's end).
    await p.send({ type: 'study', study: { ...runningView(circles, 3, 9), result: circles } });
    await p.settle();
    assert.equal(await p.page.getAttribute('#study-depth', 'data-state'), 'done');
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    assert.equal(await p.page.locator('#apply-model-size-fix').count(), 0);
    assert.equal(await p.page.locator('#apply-depth-fix').count(), 0);
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.equal(await visible(p, '#apply-model-size-fix'), true);
    assert.equal(await visible(p, '#apply-depth-fix'), true);
    assert.equal(await visible(p, '#apply-study-fix'), true);
    // Re-run: the links go again while it runs (the same studies shown until new ones arrive).
    await p.send({ type: 'study', study: { ...runningView(circles, 2, 1), startedAt: new Date().toISOString() } });
    await p.settle();
    assert.equal(await p.page.locator('#apply-model-size-fix').count(), 0);
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    await assertClean(p);
  });

  it('no weight-decay Apply while the bootstrap runs (a variance result)', async () => {
    const p = await openPanel(h);
    assert.ok(find(wide, 'weight_decay').quickFix);
    await showStudy(p, runningView(wide, 4, 2), 'wide-on-noisy');
    assert.equal(await p.page.getAttribute('#study-weight-decay', 'data-state'), 'done');
    assert.equal(await p.page.locator('#apply-weight-decay-fix').count(), 0);
    await p.send({ type: 'study', study: studyView(wide) });
    await p.settle();
    assert.equal(await text(p, '#apply-weight-decay-fix'), 'Apply: Set weight_decay to 1e-1');
    await assertClean(p);
  });

  it('the live region: what happens while the panel watches, not the state it opened on', async () => {
    const p = await openPanel(h);
    const said = () => p.page.locator('#study-announcer').textContent();
    // Opened on a run under way: its studies so far are not news.
    await showStudy(p, runningView(circles, 1, 7));
    assert.equal(await said(), '');
    await p.send({ type: 'study', study: runningView(circles, 1, 9) });
    await p.settle();
    assert.equal(await said(), '', 'progress alone says nothing');
    await p.send({ type: 'study', study: runningView(circles, 2, 0) });
    await p.settle();
    assert.equal(await said(), 'Model size finished.');
    await p.send({ type: 'study', study: runningView(circles, 3, 0) });
    await p.settle();
    assert.equal(await said(), 'Depth finished.');
    // The last study and the end at once (before the throttled draw): the end is what is said.
    await p.send({ type: 'study', study: runningView(circles, 4, 0) });
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.equal(await said(), 'Studies finished: bias dominates.');
    // The host sending the same result again (a reload, a stale check) is not news either.
    await p.send({ type: 'study', study: studyView(circles, { stale: true }) });
    await p.settle();
    assert.equal(await said(), 'Studies finished: bias dominates.');
    await assertClean(p);
  });

  it('the live region: a cancel says how many studies finished', async () => {
    const p = await openPanel(h);
    const said = () => p.page.locator('#study-announcer').textContent();
    await showStudy(p, null);
    await p.send({ type: 'study', study: runningView(circles, 0, 0) });
    await p.settle();
    assert.equal(await said(), 'Bias and variance studies started.');
    const studies = circles.studies.slice(0, 1);
    await p.send({ type: 'study', study: studyView({ ...circles, status: 'cancelled', studies, summary: null }, { status: 'cancelled', studies }) });
    await p.settle();
    assert.equal(await said(), 'Cancelled: 1 of 5 studies finished.');
    await assertClean(p);
  });
});

describe('stale, cached, cancelled, failed, refused', () => {
  it('stale: the banner with Re-run, and no Apply anywhere', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(wide, { stale: true }));
    assert.match(await text(p, '#study-stale'), /The file changed since these studies ran: re-run to update/);
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    assert.equal(await visible(p, '#study-weight-decay .sweep-fix'), false);
    assert.equal(await p.page.getAttribute('#study-dominant', 'data-dominant'), 'variance', 'the reading stays');
    await p.page.locator('#rerun-stale').click();
    assert.deepEqual(await posted(p, 'command'), [{ type: 'command', command: 'diagnose' }]);
    await assertClean(p);
  });

  it('neither dominates, and no quick fix: the badge says so and there is no Apply', async () => {
    const p = await openPanel(h);
    const summary = { ...circles.summary!, dominant: 'neither' as const, quickFix: null };
    await showStudy(p, studyView({ ...circles, summary }));
    assert.equal(await p.page.getAttribute('#study-dominant', 'data-dominant'), 'neither');
    assert.equal(await p.page.locator('#study-dominant').textContent(), 'Neither');
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    await assertClean(p);
  });

  it('cached: when it ran, that the file has not changed, and Re-run', async () => {
    const p = await openPanel(h);
    await showStudy(p, studyView(circles, { cached: true }));
    assert.match(await text(p, '#study-cached'), /^Cached result \(.+\); the file has not changed since\. Re-run$/);
    await p.page.locator('#rerun-study').click();
    assert.deepEqual(await posted(p, 'command'), [{ type: 'command', command: 'diagnose' }]);
    await assertClean(p);
  });

  it('cancelled: how many studies finished; the others say they did not run', async () => {
    const p = await openPanel(h);
    const studies = circles.studies.slice(0, 2);
    await showStudy(p, studyView({ ...circles, status: 'cancelled', studies, summary: null }, { status: 'cancelled', studies }));
    assert.equal(await text(p, '#study-status-note'), 'Cancelled: 2 of 5 studies finished.');
    assert.equal(await p.page.getAttribute('#study-depth', 'data-state'), 'not-run');
    assert.equal(await text(p, '#study-depth .placeholder'), 'Not run: cancelled before this study.');
    assert.equal(await p.page.getAttribute('#study-weight-decay', 'data-state'), 'not-run');
    assert.equal(await text(p, '#study-weight-decay .placeholder'), 'Not run: cancelled before this study.');
    assert.equal((await chartSummary(p, 'study-model-size-chart'))[0]!.points, find(circles, 'model_size').points.length);
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    await assertClean(p);
  });

  it('cancelled after one study: "1 study", singular where a count is one', async () => {
    const p = await openPanel(h);
    const studies = circles.studies.slice(0, 1);
    await showStudy(p, studyView({ ...circles, status: 'cancelled', studies, summary: null }, { status: 'cancelled', studies }));
    assert.equal(await text(p, '#study-status-note'), 'Cancelled: 1 of 5 studies finished.');
    // (textContent: the eyebrow is drawn in capitals.)
    const eyebrow = () => p.page.locator('#study-summary .eyebrow').textContent();
    assert.match(await eyebrow() ?? '', /^1 study · \d+ training \/ \d+ validation samples · /);
    // A bootstrap of one model on one validation row, a learning curve from one sample (made up).
    const boot = { ...find(circles, 'bootstrap'), models: 1, usable: 1, samples: 1 };
    const lc = find(circles, 'learning_curve');
    const one = { ...lc, points: [{ ...lc.points[0]!, x: 1 }, ...lc.points.slice(1)] };
    const result: StudyResult = { ...circles, studies: [one, boot], samples: { ...circles.samples, validation: 1 }, options: { ...circles.options, kinds: ['learning_curve', 'bootstrap'] } };
    await p.send({ type: 'study', study: studyView(result) });
    await p.settle();
    assert.match(await eyebrow() ?? '', /^2 studies · \d+ training \/ 1 validation sample · /);
    assert.match(await text(p, '#study-bootstrap'), / 1 of 1 model, each trained on a resample of the training split, on 1 validation row\./);
    assert.match(await p.page.getAttribute('#study-learning-curve-chart', 'aria-label') ?? '', /mean error over seeds\. 1 sample: training/);
    await assertClean(p);
  });

  it('a re-run that ends without a result: the previous result again, its Apply back, not announced as finished', async () => {
    const p = await openPanel(h);
    const said = () => p.page.locator('#study-announcer').textContent();
    await showStudy(p, studyView(circles, { cached: true }));
    const rerun = new Date(Date.parse(circles.time) + 3_600_000).toISOString();
    await p.send({ type: 'study', study: { ...runningView(circles, 0, 2), startedAt: rerun } });
    await p.settle();
    assert.equal(await said(), 'Bias and variance studies started.');
    assert.equal(await p.page.locator('#apply-study-fix').count(), 0);
    // Cancelled before a study finished (or failed, or refused): the host shows the previous result.
    await p.send({ type: 'study', study: studyView(circles, { cached: true }) });
    await p.settle();
    assert.equal(await said(), 'The studies ended without a new result; the previous result is shown.');
    assert.equal(await visible(p, '#study-progress'), false);
    assert.equal(await visible(p, '#study-summary'), true);
    assert.equal(await p.page.getAttribute('#studies', 'data-status'), 'completed');
    assert.equal(await visible(p, '#apply-study-fix'), true);
    assert.equal(await visible(p, '#apply-model-size-fix'), true);
    const states = await p.page.$$eval('#studies .chart-card', (cs) => cs.map((c) => c.getAttribute('data-state')));
    assert.deepEqual(states, ['done', 'done', 'done', 'done', 'done']);
    assert.equal((await chartSummary(p, 'study-model-size-chart'))[0]!.points, find(circles, 'model_size').points.length);
    await assertClean(p);
  });

  it('failed and refused: the reason, and no study cards', async () => {
    const p = await openPanel(h);
    const none = { studies: [], progress: null, result: null, cached: false, stale: false, startedAt: circles.time };
    await showStudy(p, { ...none, status: 'failed', message: 'the worker process exited (code 1)' });
    assert.equal(await text(p, '#study-status-note'), 'The studies failed: the worker process exited (code 1)');
    assert.equal(await visible(p, '#studies .study-grid'), false);
    await p.send({ type: 'study', study: { ...none, status: 'refused', message: 'the file has no validation split (data.validation)' } });
    await p.settle();
    assert.equal(await text(p, '#study-status-note'), 'The studies cannot run on this file: the file has no validation split (data.validation)');
    assert.equal(await p.page.locator('#diagnose').getAttribute('disabled'), null);
    await p.send({ type: 'study', study: null });
    await p.settle();
    assert.equal(await visible(p, '#studies'), false);
    assert.equal(await visible(p, '#diagnose-empty'), true);
    await assertClean(p);
  });
});

describe('the study view with a run, in every theme and width', () => {
  it('sits under the run\'s verdict; headings and labelled charts', async () => {
    const p = await openPanel(h);
    await p.send({ type: 'init', fileName: 'iris.nn.yaml', filePath: 'examples/iris.nn.yaml', status: 'idle' });
    await p.send({ type: 'run', runId: 'run-iris', events: fixture('iris'), live: false });
    await p.send({ type: 'study', study: studyView(circles) });
    await p.settle();
    assert.deepEqual(await p.page.$$eval('h2', (hs) => hs.filter((x) => (x as HTMLElement).offsetParent).map((x) => x.textContent)),
      ['Good fit', 'Model', 'Bias & variance', 'Loss and accuracy', 'What the network learned', 'Confusion matrix', 'Gradients and weights', 'Weight and gradient histograms']);
    assert.deepEqual(await p.page.$$eval('#studies h3', (hs) => hs.map((x) => x.textContent)),
      ['Bias Bias dominates (underfitting)', 'Learning curve', 'Model size', 'Depth', 'Weight decay', 'Bootstrap decomposition']);
    const labels = await p.page.$$eval('#studies canvas', (cs) => cs.map((c) => `${c.getAttribute('role')}|${c.getAttribute('aria-label')}`));
    assert.equal(labels.length, 5);
    for (const l of labels) assert.match(l, /^img\|.*\d/, 'each chart is an image labelled with its numbers');
    assert.equal(await p.page.locator('.empty').isVisible(), false);
    await assertClean(p);
  });

  it('Diagnose in the header brings the section into view when the host answers', async () => {
    const p = await openPanel(h, 'dark', 1400, 700);
    await p.send({ type: 'init', fileName: 'iris.nn.yaml', filePath: 'examples/iris.nn.yaml', status: 'idle' });
    await p.send({ type: 'run', runId: 'run-iris', events: fixture('iris'), live: false });
    await p.settle();
    await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await p.page.locator('#diagnose').click();
    await p.send({ type: 'study', study: runningView(circles, 0, 1) });
    await p.settle();
    const top = await p.page.$eval('#studies', (e) => e.getBoundingClientRect().top);
    assert.ok(Math.abs(top) < 2, `the section starts at the top of the view (${top})`);
    await assertClean(p);
  });

  for (const [theme, width] of [['light', 520], ['dark', 800], ['hc', 1400]] as const) {
    it(`nothing overflows at ${width} px (${theme})`, async () => {
      const p = await openPanel(h, theme, width);
      await showStudy(p, studyView(circles, { cached: true }));
      const [scroll, client] = await p.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(scroll <= client, `${scroll} > ${client}`);
      const wideEls = await p.page.$$eval('#studies, #studies section, #studies canvas, #studies table', (els) => els.filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => e.id || e.tagName));
      assert.deepEqual(wideEls, []);
      await assertClean(p);
    });
  }

  for (const [theme, color] of [['hc', 'rgb(111, 195, 223)'], ['hc-light', 'rgb(15, 74, 133)']] as const) {
    it(`the progress bar is outlined in the contrast border colour (${theme})`, async () => {
      const p = await openPanel(h, theme);
      await showStudy(p, runningView(circles, 1, 7));
      const outline = await p.page.$eval('#study-progress-bar', (b) => { const cs = getComputedStyle(b); return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor]; });
      assert.deepEqual(outline, ['solid', '1px', color]);
      await assertClean(p);
    });
  }

  it('re-reads the theme colours when the body class changes', async () => {
    const p = await openPanel(h, 'dark');
    await showStudy(p, studyView(circles));
    assert.equal((await chartSummary(p, 'study-learning-curve-chart'))[0]!.color, '#3794ff');
    await p.page.evaluate(() => { document.body.className = 'vscode-light'; });
    await p.settle();
    assert.equal((await chartSummary(p, 'study-learning-curve-chart'))[0]!.color, '#1a85ff');
    await assertClean(p);
  });
});
