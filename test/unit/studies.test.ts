// The bias/variance studies on synthetic data whose answer is known, on the CPU reference
// backend. Kept short: small data, few epochs, seeds and bootstrap models.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import { runStudies, StudyError, type StudyOptions } from '../../src/engine/studies';
import { predictFromWeights } from '../../src/engine/studies/predict';
import type { BootstrapStudy, LearningCurveStudy, StudyResult, SweepStudy } from '../../src/engine/studies/types';
import { networkFile } from '../helpers/run';
import { WIDE_ON_NOISY as wideOnNoisy } from '../helpers/study-files';

async function study(yaml: string, opts: Omit<StudyOptions, 'backend'>): Promise<StudyResult> {
  const backend = await init({ backend: 'cpu' });
  const p = await prepareRun(networkFile(yaml));
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  return runStudies(p.spec, p.splits, { backend, ...opts });
}
const find = <K extends StudyResult['studies'][number]['kind']>(r: StudyResult, kind: K) =>
  r.studies.find((s) => s.kind === kind) as Extract<StudyResult['studies'][number], { kind: K }>;

const circlesLinear = `data: { source: circles, samples: 200, noise: 0.05, validation: 0.3 }
model:
  - dense: 2
    activation: softmax
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.05 }
train: { epochs: 60 }
`;

describe('bias/variance studies', () => {
  let circles: StudyResult;

  it('a linear model on circles is bias-dominated', async () => {
    circles = await study(circlesLinear, { kinds: ['learning_curve', 'bootstrap'], seeds: 2, bootstraps: 6 });
    const lc = find(circles, 'learning_curve') as LearningCurveStudy;
    const boot = find(circles, 'bootstrap') as BootstrapStudy;
    assert.equal(circles.status, 'completed');
    assert.equal(lc.verdict, 'bias', lc.summary);
    assert.deepEqual(lc.points.map((p) => p.samples), [14, 35, 70, 105, 140]);
    assert.ok(lc.points.every((p) => p.train!.runs === 2 && p.validation!.runs === 2));
    assert.equal(boot.usable, 6);
    assert.ok(boot.bias >= boot.variance, `bias ${boot.bias} variance ${boot.variance}`);
    assert.ok(boot.bias > 0.3, `bias ${boot.bias}`);
    assert.ok(Math.abs(boot.bias + boot.variance + boot.noise - boot.total) < 1e-9);
    assert.equal(circles.summary!.dominant, 'bias');
  });

  it('a wide network on 30 noisy points is variance-dominated', async () => {
    const r = await study(wideOnNoisy, { kinds: ['learning_curve', 'bootstrap'], seeds: 1, bootstraps: 6, fractions: [0.25, 0.5, 1] });
    const lc = find(r, 'learning_curve') as LearningCurveStudy;
    const boot = find(r, 'bootstrap') as BootstrapStudy;
    assert.equal(lc.points[lc.points.length - 1].samples, 30);
    assert.equal(lc.verdict, 'variance', lc.summary);
    assert.ok(lc.evidence.train_error! < 0.05 && lc.evidence.gap! > 0.15, JSON.stringify(lc.evidence));
    assert.equal(r.summary!.dominant, 'variance');
    // The models disagree on many validation points (Domingos' variance); on the 0-1 loss the
    // flipped labels count as bias, so only the sum is checked against the bias here.
    assert.ok(boot.details.variance_domingos > 0.05, JSON.stringify(boot.details));
    assert.ok(Math.abs(boot.bias + boot.variance + boot.noise - boot.total) < 1e-9);
  });

  it('the model-size curve picks a width and offers the edit; the weight-decay sweep marks the file\'s value', async () => {
    const yaml = circlesLinear.replace('model:\n', 'model:\n  - dense: 2\n    activation: tanh\n');
    const r = await study(yaml, { kinds: ['model_size', 'weight_decay'], seeds: 1, widthFactors: [0.5, 1, 4], weightDecays: [0, 0.1] });
    const size = find(r, 'model_size') as SweepStudy;
    assert.deepEqual(size.points.map((p) => p.widths), [[1], [2], [8]]);
    assert.equal(size.best, 2, size.summary);
    assert.deepEqual(size.quickFix?.edits, [{ op: 'set', path: 'model[0].dense', value: 8 }]);
    assert.ok(size.quickFix!.to < size.quickFix!.from);
    const wd = find(r, 'weight_decay') as SweepStudy;
    assert.deepEqual(wd.points.map((p) => [p.x, p.current]), [[0, true], [0.1, false]]);
    assert.deepEqual(r.summary!.quickFix, size.quickFix);
  });

  it('adds a hidden layer when the model has none', async () => {
    const r = await study(circlesLinear, { kinds: ['model_size'], seeds: 1, widthFactors: [1], epochs: 40 });
    const size = find(r, 'model_size') as SweepStudy;
    assert.deepEqual(size.points.map((p) => [p.x, p.current]), [[0, true], [16, false]]);
    assert.deepEqual(size.quickFix?.edits, [{ op: 'insert_layer', index: 0, layer: { dense: 16, activation: 'tanh' } }]);
  });

  it('the depth sweep removes and adds hidden layers; on circles a linear model is worst and the edit adds a layer', async () => {
    const yaml = circlesLinear.replace('model:\n', 'model:\n  - dense: 4\n    activation: tanh\n');
    const r = await study(yaml, { kinds: ['depth'], seeds: 2, depthChanges: [-1, 1] });
    const depth = find(r, 'depth') as SweepStudy;
    assert.deepEqual(depth.points.map((p) => [p.x, p.current, p.widths]), [[0, false, []], [1, true, [4]], [2, false, [4, 4]]]);
    assert.deepEqual(depth.points.map((p) => p.label), ['no hidden layer', '1 layer (4)', '2 layers (4-4)']);
    const error = depth.points.map((p) => p.validation!.mean);
    // Without a hidden layer a circle cannot be drawn: about chance against a fitted curve.
    assert.ok(error[0] > 0.3 && error[0] > error[1] + 0.1, `validation errors ${error}`);
    assert.notEqual(depth.best, 0);
    assert.deepEqual(depth.quickFix?.edits, [{ op: 'insert_layer', index: 1, layer: { dense: 4, activation: 'tanh' } }], depth.summary);
  });

  it('is plain data: a JSON round trip changes nothing', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(circles)), circles);
  });

  it('stops when cancelled and keeps the studies that finished', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const r = await study(circlesLinear, {
      kinds: ['bootstrap', 'learning_curve'], seeds: 1, bootstraps: 2, epochs: 5, signal: abort.signal,
      onProgress: (p) => { seen.push(`${p.study} ${p.done}/${p.total} ${p.overall.done}/${p.overall.total}`); if (p.study === 'bootstrap') abort.abort(); },
    });
    assert.equal(r.status, 'cancelled');
    // Studies run in a fixed order (learning curve first), whatever order they were asked in.
    assert.deepEqual(r.studies.map((s) => s.kind), ['learning_curve']);
    assert.deepEqual(seen, [1, 2, 3, 4, 5].map((i) => `learning_curve ${i}/5 ${i}/7`).concat('bootstrap 1/2 6/7'));
    assert.equal(r.summary?.dominant !== undefined, true);
  });

  it('trains tiny models on the CPU when given a GPU, and refuses a file without validation data', async () => {
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(circlesLinear));
    if (!p.ok) throw new Error('bad file');
    const r = await runStudies(p.spec, p.splits, { backend: { name: 'webgpu', adapter: 'a GPU', reason: 'test' }, kinds: ['bootstrap'], bootstraps: 2, epochs: 3 });
    assert.equal(r.backend.name, 'cpu');
    assert.match(r.backend.reason, /tiny models/);
    await assert.rejects(runStudies(p.spec, { ...p.splits, validation: null }, { backend }), StudyError);
  });

  it('predicts from the saved weights exactly what training measured', async () => {
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(circlesLinear.replace('model:\n', 'model:\n  - dense: 8\n    activation: tanh\n')));
    if (!p.ok) throw new Error('bad file');
    const weightsPath = networkFile('', 'w.json');
    const end = await train({ spec: p.spec, splits: p.splits, backend, weightsPath, onEvent: () => {} });
    const val = p.splits.validation!;
    const pred = await predictFromWeights(p.spec, weightsPath, val);
    const correct = pred.reduce((n, c, i) => n + (c === val.y[i] ? 1 : 0), 0);
    assert.equal(correct / val.n, end.final!.validation!.accuracy);
  });
});
