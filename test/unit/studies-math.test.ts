// The arithmetic of the bias/variance studies, on numbers whose answer is known: the
// decompositions add up, the noise estimate finds the noise, the learning-curve reading, the
// cache key, the subsets and the CLI arguments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, UsageError } from '../../src/cli/args';
import { Rng } from '../../src/engine/data';
import type { Dataset } from '../../src/engine/data';
import { decomposeSquared, decomposeZeroOne, judgeLearningCurve, nearestNeighbourNoise, studyCacheKey } from '../../src/engine/studies';
import { learningSizes } from '../../src/engine/studies/context';
import type { LearningCurveStudy } from '../../src/engine/studies/types';
import { bootstrapRows, stratifiedSubset } from '../../src/engine/studies/variants';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

function randomPreds(B: number, m: number, f: (r: Rng) => number, seed = 1): Float32Array[] {
  const r = new Rng(seed);
  return Array.from({ length: B }, () => Float32Array.from({ length: m }, () => f(r)));
}

describe('bias/variance decompositions', () => {
  it('squared error: bias² + variance + noise is the total, for any noise estimate', () => {
    const r = new Rng(7);
    const targets = Float32Array.from({ length: 50 }, () => r.normal());
    const preds = randomPreds(9, 50, (g) => g.normal(0.3, 0.8));
    for (const noise of [null, 0, 0.2, 50]) {
      const d = decomposeSquared(preds, targets, noise);
      close(d.bias + d.variance + d.noise, d.total);
      assert.ok(d.bias >= 0 && d.variance >= 0 && d.noise >= 0);
      // Directly: the mean over models and rows of (t − f)².
      let direct = 0;
      for (const p of preds) for (let i = 0; i < 50; i++) direct += (targets[i] - p[i]) ** 2;
      close(d.total, direct / (9 * 50));
    }
    // A noise estimate larger than bias² + noise takes all of it, no more.
    const all = decomposeSquared(preds, targets, 50);
    close(all.bias, 0);
  });

  it('squared error: identical models have no variance; scattered ones around the truth have little bias', () => {
    const targets = Float32Array.from([1, 2, 3, 4]);
    const same = Array.from({ length: 5 }, () => Float32Array.from([1.5, 2.5, 2.5, 4.5]));
    const d = decomposeSquared(same, targets, 0);
    close(d.variance, 0);
    close(d.bias, 0.25);
    const truth = Float32Array.from({ length: 400 }, () => 0);
    const scattered = randomPreds(200, 400, (g) => g.normal(0, 1), 3);
    const s = decomposeSquared(scattered, truth, 0);
    close(s.variance, 1, 0.02);
    assert.ok(s.bias < 0.01, `bias ${s.bias}`);
  });

  it('0-1 loss: bias + net variance is the total, for two and for five classes', () => {
    for (const classes of [2, 5]) {
      const r = new Rng(classes);
      const labels = Float32Array.from({ length: 300 }, () => r.int(classes));
      const preds = randomPreds(11, 300, (g) => g.int(classes), classes + 10);
      const d = decomposeZeroOne(preds, labels, classes);
      close(d.bias + d.variance + d.noise, d.total);
      close(d.variance, d.details.variance_unbiased - d.details.variance_removed);
      close(d.details.variance_domingos, d.details.variance_unbiased + d.details.variance_biased);
      let wrong = 0;
      for (const p of preds) for (let i = 0; i < 300; i++) wrong += p[i] !== labels[i] ? 1 : 0;
      close(d.total, wrong / (11 * 300));
      // With two classes, disagreeing with a wrong vote is always right.
      if (classes === 2) close(d.details.variance_removed, d.details.variance_biased);
    }
  });

  it('0-1 loss: known cases', () => {
    const labels = Float32Array.from([0, 1, 1, 0]);
    // Every model says 0: wrong on rows 1 and 2, always; no variance.
    const constant = decomposeZeroOne([Float32Array.from([0, 0, 0, 0]), Float32Array.from([0, 0, 0, 0])], labels, 2);
    assert.deepEqual([constant.total, constant.bias, constant.variance], [0.5, 0.5, 0]);
    // Three models, each wrong on a different row: votes are right, all the error is variance.
    const spread = decomposeZeroOne([Float32Array.from([1, 1, 1, 0]), Float32Array.from([0, 0, 1, 0]), Float32Array.from([0, 1, 0, 0])], labels, 2);
    close(spread.bias, 0);
    close(spread.variance, spread.total);
    close(spread.total, 3 / 12);
  });

  it('estimates the noise variance from nearest neighbours', () => {
    const r = new Rng(11);
    const n = 800, sigma = 0.3;
    const x = Float32Array.from({ length: n }, () => r.uniform(-1, 1));
    const y = Float32Array.from(x, (v) => Math.sin(3 * v) + r.normal(0, sigma));
    const d: Dataset = { x, y, n, features: 1, targets: 1, task: 'regression', classes: 0, featureNames: ['x'] };
    close(nearestNeighbourNoise(d)!, sigma ** 2, 0.015);
  });
});

type Points = LearningCurveStudy['points'];
const pt = (samples: number, train: number, val: number): Points[number] => ({
  x: samples, label: String(samples), fraction: 1, samples, failed: 0,
  train: { mean: train, std: 0, min: train, max: train, runs: 1 },
  validation: { mean: val, std: 0, min: val, max: val, runs: 1 },
});

describe('the learning-curve reading', () => {
  it('variance: a wide gap that narrows; bias: high curves that meet; neither: low and close', () => {
    const variance = judgeLearningCurve([pt(20, 0, 0.4), pt(100, 0.01, 0.2)], 'error', 0.5, 200);
    assert.equal(variance.verdict, 'variance');
    assert.ok(variance.evidence.narrowing! > 0);
    assert.match(variance.summary, /More data will help/);
    assert.equal(judgeLearningCurve([pt(20, 0.3, 0.5), pt(100, 0.42, 0.45)], 'error', 0.5, 200).verdict, 'bias');
    assert.equal(judgeLearningCurve([pt(20, 0.01, 0.1), pt(100, 0.02, 0.04)], 'error', 0.5, 200).verdict, 'neither');
    // Regression: losses against the loss of predicting the mean (1.0 here).
    assert.equal(judgeLearningCurve([pt(5, 0.001, 2), pt(30, 0.01, 0.5)], 'mse', 1, 50).verdict, 'variance');
    assert.equal(judgeLearningCurve([pt(5, 0.8, 1.1), pt(30, 0.9, 0.95)], 'mse', 1, 50).verdict, 'bias');
  });

  it('a small gap on a few validation samples is not variance', () => {
    // 4 points of gap on 30 samples is within two standard errors.
    assert.equal(judgeLearningCurve([pt(100, 0.02, 0.06)], 'error', 0.5, 30).verdict, 'neither');
  });
});

describe('study plumbing', () => {
  it('cache keys follow the text and the options, not their order or defaults', () => {
    const a = studyCacheKey('model: []', { seeds: 3 });
    assert.equal(a, studyCacheKey('model: []', {}));
    assert.equal(studyCacheKey('x', { kinds: ['bootstrap', 'learning_curve'] }), studyCacheKey('x', { kinds: ['learning_curve', 'bootstrap'] }));
    assert.notEqual(a, studyCacheKey('model: [] ', {}));
    assert.notEqual(a, studyCacheKey('model: []', { seeds: 2 }));
    assert.notEqual(a, studyCacheKey('model: []', { data: 'mtime 2' }));
    assert.match(a, /^[0-9a-f]{64}$/);
  });

  it('subsets keep every class and the sizes the fractions give', () => {
    const y = Float32Array.from({ length: 40 }, (_, i) => (i < 36 ? 0 : i < 39 ? 1 : 2));
    const d: Dataset = { x: new Float32Array(40), y, n: 40, features: 1, targets: 1, task: 'classification', classes: 3, featureNames: ['x'] };
    const rows = stratifiedSubset(d, 0.1, 5);
    assert.deepEqual(new Set(rows.map((i) => y[i])), new Set([0, 1, 2]));
    assert.deepEqual(learningSizes(200, [0.1, 0.25, 0.5, 0.75, 1]).map((s) => s.samples), [20, 50, 100, 150, 200]);
    assert.deepEqual(learningSizes(5, [0.1, 0.25, 0.5, 1]).map((s) => s.samples), [1, 2, 5]);
    const boot = bootstrapRows(100, 3);
    assert.ok(new Set(boot).size < 100 && new Set(boot).size > 50, 'about 63% unique rows');
    assert.deepEqual(bootstrapRows(100, 3), boot);
  });

  it('parses the diagnose command', () => {
    const a = parseArgs(['diagnose', 'net.nn.yaml', '--jsonl', '--seeds', '2', '--bootstraps', '5', '--studies', 'bootstrap,learning_curve', '--backend', 'cpu']);
    assert.equal(a.command, 'diagnose');
    assert.deepEqual([a.seeds, a.bootstraps, a.studies, a.backend, a.jsonl], [2, 5, ['bootstrap', 'learning_curve'], 'cpu', true]);
    assert.throws(() => parseArgs(['diagnose', 'f', '--studies', 'curve']), UsageError);
    assert.throws(() => parseArgs(['diagnose', 'f', '--seeds', '0']), UsageError);
  });
});
