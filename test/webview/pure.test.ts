// The panel's DOM-free parts: smoothing, decimation, log tick labels, the verdict's words,
// the CSV export, the study view's words; checked on the real fixtures where they matter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markers } from '../../webview/panel/charts/metricChart';
import { distinctDigits, logLabels, numberLabel, percentLabel } from '../../webview/panel/charts/ticks';
import { runCsv, runJson } from '../../webview/panel/exportData';
import { worstLayer } from '../../webview/panel/gradientModel';
import { RunState } from '../../webview/panel/runState';
import { decimate, smooth } from '../../webview/panel/series';
import { verdictModel } from '../../webview/panel/verdictModel';
import { STUDY_KINDS, type StudyResult } from '../../src/engine/studies/types';
import { count, noun } from '../../webview/panel/format';
import { cardState, errorText, findStudy, labelLines, placeholderText, progressText, shownKinds, spreadText, statusNote, studyAnnouncement } from '../../webview/panel/studyModel';
import { fixture, runningView, studyFixture, studyView } from './harness';
import { longRun } from './synthetic';

function stateOf(name: string): RunState {
  const s = new RunState();
  s.reset(name, false);
  s.add(fixture(name));
  return s;
}

describe('smoothing', () => {
  it('is debiased: a constant series stays constant from the first point', () => {
    const out = smooth([1, 2, 3, 4].map((x) => ({ x, y: 5 })), 0.9);
    for (const p of out) assert.ok(Math.abs(p.y - 5) < 1e-12);
  });
  it('matches s_t = β s_{t-1} + (1-β) x_t divided by 1-β^t', () => {
    const xs = [1, 3, 2, 6];
    const beta = 0.6;
    const out = smooth(xs.map((y, i) => ({ x: i + 1, y })), beta);
    let s = 0;
    xs.forEach((x, t) => {
      s = beta * s + (1 - beta) * x;
      assert.ok(Math.abs(out[t]!.y - s / (1 - beta ** (t + 1))) < 1e-12);
    });
  });
  it('leaves the series alone at β = 0 and skips NaN without poisoning the rest', () => {
    assert.deepEqual(smooth([{ x: 1, y: 2 }], 0), [{ x: 1, y: 2 }]);
    const out = smooth([{ x: 1, y: 1 }, { x: 2, y: Number.NaN }, { x: 3, y: 1 }], 0.5);
    assert.ok(Number.isNaN(out[1]!.y));
    assert.equal(out[2]!.y, 1);
  });
});

describe('decimation', () => {
  it('keeps at most max points, the first, the last and a spike', () => {
    const pts = Array.from({ length: 5000 }, (_, i) => ({ x: i + 1, y: i === 2345 ? 100 : 1 }));
    const out = decimate(pts, 1500);
    assert.ok(out.length <= 1500);
    assert.equal(out[0]!.x, 1);
    assert.equal(out[out.length - 1]!.x, 5000);
    assert.ok(out.some((p) => p.y === 100));
    assert.ok(out.every((p, i) => i === 0 || p.x > out[i - 1]!.x));
  });
  it('leaves short series whole', () => {
    assert.equal(decimate([{ x: 1, y: 1 }, { x: 2, y: 2 }], 1500).length, 2);
  });
});

describe('linear axis labels', () => {
  const labels = (values: number[], fmt: (v: number, d: number) => string) => values.map((v) => fmt(v, distinctDigits(values, fmt)));
  it('are as short as the ticks allow, and never the same for two ticks', () => {
    assert.deepEqual(labels([0, 0.5, 1, 1.5, 2], numberLabel), ['0', '0.5', '1', '1.5', '2']);
    assert.deepEqual(labels([1.102, 1.106, 1.11, 1.114, 1.118], numberLabel), ['1.102', '1.106', '1.11', '1.114', '1.118']);
    assert.deepEqual(labels([0, 0.2, 0.4, 0.6, 0.8, 1], percentLabel), ['0%', '20%', '40%', '60%', '80%', '100%']);
    assert.deepEqual(labels([0.3332, 0.3334, 0.3336], percentLabel), ['33.32%', '33.34%', '33.36%']);
    assert.deepEqual(labels([1e-4, 2e-4, 3e-4], numberLabel), ['1e-4', '2e-4', '3e-4']);
  });
});

describe('log axis labels', () => {
  it('label powers of ten first and never two labels closer than a fifth of the range', () => {
    const ticks = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1];
    const chosen = [...logLabels(ticks)].map((i) => ticks[i]!);
    for (const p of [1e-4, 1e-3, 1e-2, 1e-1]) assert.ok(chosen.includes(p), `labels ${chosen}`);
    assert.ok(chosen.length <= 6);
  });
});

describe('the verdict in words', () => {
  it('overfitting run: names the verdict and the epoch where validation loss turned', () => {
    const m = verdictModel(stateOf('overfitting'));
    assert.equal(m.title, 'Overfitting (high variance)');
    assert.ok(m.evidence.some((e) => e.includes('turned at epoch 19')), m.evidence.join('\n'));
    // The run's own advice: stop at the turn, with the validation loss it measured there.
    assert.match(m.actions[0]!, /^Stop at epoch 19 \(train\.epochs: 19.*measured validation loss [\d.]+ there against [\d.]+ at epoch 800/);
    assert.ok(m.evidence[0]!.startsWith('Overfitting since epoch '), m.evidence.join('\n'));
    assert.equal(m.provisional, false);
  });
  it('overfitting run: the loss chart marks the epoch the overfitting set in', () => {
    const state = stateOf('overfitting');
    const since = state.verdictDiagnostic!.evidence['since_epoch'];
    assert.equal(typeof since, 'number');
    const palette = { good: 'g', bad: 'b', warn: 'w' } as unknown as Parameters<typeof markers>[1];
    assert.deepEqual(markers(state, palette).find((m) => m.color === 'w'), { x: since, label: `overfitting since ${since}`, color: 'w' });
  });
  it('iris run: good fit judged at the restored epoch 65, with train and validation error', () => {
    const m = verdictModel(stateOf('iris'));
    assert.equal(m.title, 'Good fit');
    assert.ok(m.evidence.some((e) => e.startsWith('Training error 1.7%, validation error 3.3% at epoch 65')), m.evidence.join('\n'));
    assert.ok(m.evidence.some((e) => e.includes('restored the weights of epoch 65')));
  });
  it('a run still training is provisional', () => {
    const s = new RunState();
    s.reset('live', true);
    s.add(fixture('iris').slice(0, 20));
    const m = verdictModel(s);
    assert.equal(m.provisional, true);
    assert.match(m.title, /^Provisional/);
  });
});

describe('gradients', () => {
  it('names the hidden layer with the smallest gradient relative to the output layer', () => {
    const w = worstLayer(stateOf('overfitting'));
    assert.ok(w);
    assert.match(w.text, /^Smallest gradient: layer [12] \(dense 64, tanh\)/);
  });
});

describe('export', () => {
  it('CSV: a header and one row per epoch, with the grad norm of each dense layer', () => {
    const s = stateOf('iris');
    const lines = runCsv(s).trim().split('\n');
    assert.equal(lines[0], 'epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm_layer1,grad_norm_layer3');
    assert.equal(lines.length, 1 + s.epochs.length);
    const first = lines[1]!.split(',').map(Number);
    assert.equal(first[0], 0, 'epoch 0: the initial weights');
    assert.equal(first[1], s.epochs[0]!.train.loss);
    assert.equal(first[6], s.epochs[0]!.layers[0]!.grad_norm);
  });
  it('JSON: every event, parseable', () => {
    const s = stateOf('overfitting');
    assert.equal((JSON.parse(runJson(s)) as unknown[]).length, s.events.length);
  });
});

describe('the run state', () => {
  it('a resent epoch replaces what followed it', () => {
    const events = longRun(10);
    const s = new RunState();
    s.reset('x', true);
    s.add(events.slice(0, 8));
    s.add(events.slice(5, 11));
    assert.deepEqual(s.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('the study view\'s words', () => {
  it('errors: classification as percent with a real minus, regression as numbers', () => {
    assert.equal(errorText('error', 0.5458333), '54.6%');
    assert.equal(errorText('error', -0.07625), '−7.6%');
    assert.equal(errorText('error', -0.0001), '0.0%', 'no "−0.0%"');
    assert.equal(errorText('mse', 0.0321630), '0.0322');
    assert.equal(errorText('mae', null), '–');
    assert.equal(spreadText('error', { mean: 0.2, std: 0.05, runs: 3 }), '20.0% ± 5.0%');
    assert.equal(spreadText('error', { mean: 0.2, std: 0, runs: 1 }), '20.0%');
  });
  it('sweep labels wrap before the parenthesis and at 16 characters', () => {
    assert.deepEqual(labelLines('×0.25 (16-16)'), ['×0.25', '(16-16)']);
    assert.deepEqual(labelLines('as in the file (no hidden layer)'), ['as in the file', '(no hidden', 'layer)']);
    assert.deepEqual(labelLines('1e-3'), ['1e-3']);
  });
  it('progress: k/N over all studies and the step, named once', () => {
    const r = studyFixture('circles-linear');
    assert.equal(progressText(runningView(r, 0, 4).progress), `4/67 trainings · learning curve: ${runningView(r, 0, 4).progress!.message}`);
    assert.equal(progressText(runningView(r, 2, 1).progress), '34/67 trainings · depth: no hidden layer, seed 2/3');
    assert.equal(progressText(runningView(r, 3, 1).progress), '43/67 trainings · weight decay 1e-4, seed 2/3');
    assert.equal(progressText(null), 'Starting the studies…');
  });
  it('the cards\' states and the status notes', () => {
    const r = studyFixture('wide-on-noisy');
    const running = runningView(r, 1, 0);
    assert.deepEqual(STUDY_KINDS.map((k) => cardState(running, k)), ['done', 'running', 'waiting', 'waiting', 'waiting']);
    const cancelled = studyView({ ...r, status: 'cancelled', studies: r.studies.slice(0, 3) }, { status: 'cancelled', studies: r.studies.slice(0, 3) });
    assert.equal(statusNote(cancelled)!.text, 'Cancelled: 3 of 5 studies finished.');
    assert.equal(statusNote({ ...cancelled, message: 'The training process did not stop and was killed.' })!.text,
      'Cancelled: 3 of 5 studies finished. The training process did not stop and was killed.');
    assert.equal(placeholderText(cardState(cancelled, 'bootstrap'), cancelled), 'Not run: cancelled before this study.');
    assert.equal(statusNote(studyView(r)), null);
    assert.equal(findStudy(r.studies, 'weight_decay')!.quickFix!.title, 'Set weight_decay to 1e-1');
  });
  it('the cards shown: the planned studies; a result from before the depth study gets its card too ("Not run.")', () => {
    const r = studyFixture('circles-linear');
    assert.deepEqual(shownKinds(studyView(r)), STUDY_KINDS);
    assert.deepEqual(shownKinds(runningView(r, 0, 0)), STUDY_KINDS);
    const { depthChanges: _d, ...options } = r.options;
    const old = studyView({ ...r, studies: r.studies.filter((s) => s.kind !== 'depth'), options: { ...options, kinds: ['learning_curve', 'model_size', 'weight_decay', 'bootstrap'] } } as StudyResult);
    assert.deepEqual(shownKinds(old), STUDY_KINDS);
    assert.equal(cardState(old, 'depth'), 'not-run');
    assert.equal(placeholderText(cardState(old, 'depth'), old), 'Not run.');
    // A new result that did not ask for the depth study has no depth card.
    assert.deepEqual(shownKinds(studyView({ ...r, options: { ...r.options, kinds: ['learning_curve', 'bootstrap'] } })), ['learning_curve', 'bootstrap']);
  });
  it('counts: singular for one, plural otherwise (0 too)', () => {
    assert.deepEqual([count(1, 'study', 'studies'), count(0, 'study', 'studies'), count(4, 'study', 'studies'), count(1200, 'sample')], ['1 study', '0 studies', '4 studies', '1,200 samples']);
    assert.equal(noun(1, 'training'), 'training');
    const r = studyFixture('wide-on-noisy');
    const one = runningView({ ...r, studies: [{ ...findStudy(r.studies, 'bootstrap')!, models: 1 }], options: { ...r.options, kinds: ['bootstrap'] } }, 0, 0);
    assert.equal(progressText(one.progress), '0/1 training · bootstrap model 1/1');
    assert.equal(placeholderText('running', one), 'running… 0/1 training');
    const onePlanned = studyView({ ...r, status: 'cancelled', studies: [], options: { ...r.options, kinds: ['bootstrap'] } }, { status: 'cancelled', studies: [] });
    assert.equal(statusNote(onePlanned)!.text, 'Cancelled: 0 of 1 study finished.');
  });
  it('the live region: only changes seen as they happen', () => {
    const r = studyFixture('circles-linear');
    const done = studyView(r);
    // The first view received, whatever it is, is not news.
    for (const first of [done, studyView(r, { cached: true }), runningView(r, 2, 3), null]) assert.equal(studyAnnouncement(undefined, first), null);
    assert.equal(studyAnnouncement(null, runningView(r, 0, 0)), 'Bias and variance studies started.');
    assert.equal(studyAnnouncement(done, { ...runningView(r, 0, 0), startedAt: '2030-01-01T00:00:00.000Z' }), 'Bias and variance studies started.');
    assert.equal(studyAnnouncement(runningView(r, 1, 2), runningView(r, 1, 5)), null);
    assert.equal(studyAnnouncement(runningView(r, 1, 5), runningView(r, 2, 0)), 'Model size finished.');
    assert.equal(studyAnnouncement(runningView(r, 2, 8), runningView(r, 3, 0)), 'Depth finished.');
    assert.equal(studyAnnouncement(runningView(r, 4, 9), done), 'Studies finished: bias dominates.');
    assert.equal(studyAnnouncement(done, studyView(r, { stale: true })), null);
    assert.equal(studyAnnouncement(done, null), null);
    const cancelled = studyView({ ...r, status: 'cancelled', studies: r.studies.slice(0, 1) }, { status: 'cancelled', studies: r.studies.slice(0, 1) });
    assert.equal(studyAnnouncement(runningView(r, 1, 0), cancelled), 'Cancelled: 1 of 5 studies finished.');
    const failed: typeof done = { ...runningView(r, 0, 1), status: 'failed', progress: null, message: 'the worker process exited (code 1)' };
    assert.equal(studyAnnouncement(runningView(r, 0, 1), failed), 'The studies failed: the worker process exited (code 1)');
    // A re-run that ended without a result: the host sends the previous one again.
    const rerun = { ...runningView(r, 0, 1), startedAt: new Date(Date.parse(r.time) + 60_000).toISOString() };
    assert.equal(studyAnnouncement(rerun, done), 'The studies ended without a new result; the previous result is shown.');
    assert.equal(studyAnnouncement(rerun, { ...done, startedAt: rerun.startedAt }), 'The studies ended without a new result; the previous result is shown.', 'an older result, whatever startedAt says');
  });
});
