// The verdict rules on hand-made curves shaped like the cases of issue 11: each one a curve a
// practitioner reads one way, and what the rules must say about it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, type EpochRecord, type VerdictFacts } from '../../src/engine/train/verdict';

/** A run of `n` epochs whose metrics come from functions of the epoch. */
function curves(n: number, f: (e: number) => { tl: number; ta?: number; vl: number; va?: number }): EpochRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const m = f(i + 1);
    return {
      epoch: i + 1,
      train: m.ta === undefined ? { loss: m.tl } : { loss: m.tl, accuracy: m.ta },
      validation: m.va === undefined ? { loss: m.vl } : { loss: m.vl, accuracy: m.va },
    };
  });
}

const twoClass = (validationSamples: number, baselineError = 0.5): VerdictFacts => ({
  task: 'classification', baselineError, validationSamples,
  baselineLoss: -(baselineError * Math.log(baselineError) + (1 - baselineError) * Math.log(1 - baselineError)),
});

describe('verdict rules', () => {
  it('calls blatant overfitting on a 15-sample validation split overfitting (the gap alone is within noise)', () => {
    // Training loss to 1e-4; validation loss lowest at epoch 3 (0.45), then 6.5× higher; 82 % vs 100 %.
    const h = curves(300, (e) => ({ tl: 0.6 * Math.exp(-e / 30) + 1e-4, ta: Math.min(1, 0.8 + e / 100), vl: e <= 3 ? 0.6 - 0.05 * e : 0.45 + 2.5 * (1 - Math.exp(-(e - 3) / 80)), va: 0.82 }));
    const j = judge(h, 300, twoClass(15));
    assert.equal(j.verdict, 'overfitting', j.message);
    assert.equal(j.uncertain, false);
    assert.match(j.advice[0], /Stop at epoch 3/);
  });

  it('calls a diverged validation loss with held accuracy overfitting in the loss, with the epoch to stop at', () => {
    // The Iris lab's 4 × 128 ReLU: validation loss 0.061 at epoch 9, 0.662 at 200, accuracy 96.7 % throughout.
    const h = curves(200, (e) => ({ tl: Math.max(1e-4, 0.5 * Math.exp(-e / 10)), ta: e < 10 ? 0.9 : 1, vl: e <= 9 ? 0.5 - 0.0488 * e : 0.061 + 0.601 * (e - 9) / 191, va: 0.967 }));
    const facts: VerdictFacts = { task: 'classification', baselineError: 2 / 3, baselineLoss: Math.log(3), validationSamples: 30 };
    const j = judge(h, 200, facts);
    assert.equal(j.verdict, 'overfitting');
    assert.equal(j.evidence.overfit_sign, 'loss');
    assert.match(j.message, /Overfitting in the loss/);
    assert.match(j.advice.join(' '), /Stop at epoch 9.*0\.061.*0\.662/);
    assert.doesNotMatch(j.advice.join(' '), /Nothing to fix/);
  });

  it('calls a model that predicts the majority class of imbalanced data underfitting', () => {
    // 7 % minority: training error = the baseline, loss = the class-frequency entropy.
    const facts = twoClass(200, 0.07);
    const h = curves(50, () => ({ tl: facts.baselineLoss * 1.01, ta: 0.93, vl: facts.baselineLoss * 1.02, va: 0.93 }));
    const j = judge(h, 50, facts);
    assert.equal(j.verdict, 'underfitting', j.message);
    assert.equal(j.uncertain, false);
  });

  it('keeps a good model of imbalanced data a good fit', () => {
    const facts = twoClass(200, 0.07);
    const h = curves(50, () => ({ tl: 0.05, ta: 0.985, vl: 0.06, va: 0.98 }));
    assert.equal(judge(h, 50, facts).verdict, 'good_fit');
  });

  it('says bias or label noise, not a confident "add a layer", when a levelled-off error is high but far below the baseline', () => {
    // A linear model on data with 20 % flipped labels: 21 % error on both splits, flat for the last half.
    const h = curves(100, (e) => ({ tl: 0.5 + 0.3 * Math.exp(-e / 5), ta: 0.79, vl: 0.52 + 0.3 * Math.exp(-e / 5), va: 0.785 }));
    const j = judge(h, 100, twoClass(200));
    assert.equal(j.verdict, 'underfitting');
    assert.equal(j.uncertain, true);
    assert.equal(j.evidence.uncertain, true);
    assert.match(j.message, /bias or noise/);
    assert.match(j.advice[0], /Diagnose bias and variance/);
  });

  it('calls a high error whose training loss still falls underfitting (train longer)', () => {
    const h = curves(30, (e) => ({ tl: 0.69 * Math.exp(-e / 40), ta: 0.6 + e / 150, vl: 0.7 * Math.exp(-e / 40), va: 0.6 + e / 150 }));
    const j = judge(h, 30, twoClass(200));
    assert.equal(j.verdict, 'underfitting');
    assert.equal(j.uncertain, false);
    assert.match(j.advice[0], /Train longer/);
  });

  it('keeps one or two extra mistakes on a small split a good fit', () => {
    // Iris-like: 1.7 % vs 3.3 % error on 30 samples, validation loss 2× the training loss but flat.
    const h = curves(100, (e) => ({ tl: 0.05 + 0.5 * Math.exp(-e / 10), ta: 0.983, vl: 0.1 + 0.5 * Math.exp(-e / 10), va: 0.967 }));
    const j = judge(h, 100, { task: 'classification', baselineError: 2 / 3, baselineLoss: Math.log(3), validationSamples: 30 });
    assert.equal(j.verdict, 'good_fit', j.message);
    assert.match(j.advice[0], /Nothing to fix/);
  });

  it('does not call a tiny rise of an already tiny validation loss overfitting', () => {
    // Separable data: validation loss 0.002 → 0.006 (3×), far below anything that matters.
    const h = curves(200, (e) => ({ tl: 1e-4 + 0.5 * Math.exp(-e / 5), ta: 1, vl: e < 50 ? 0.002 + 0.5 * Math.exp(-e / 5) : 0.002 + 0.004 * (e - 50) / 150, va: 1 }));
    assert.equal(judge(h, 200, twoClass(200)).verdict, 'good_fit');
  });

  it('judges regression overfitting by the loss ratio and the rise', () => {
    const facts: VerdictFacts = { task: 'regression', baselineError: 1, baselineLoss: 1, validationSamples: 20 };
    const h = curves(500, (e) => ({ tl: 0.3 * Math.exp(-e / 50) + 1e-5, vl: e <= 20 ? 0.3 - 0.01 * e : 0.1 + 0.1 * (e - 20) / 480 }));
    const j = judge(h, 500, facts);
    assert.equal(j.verdict, 'overfitting');
    assert.match(j.advice[0], /Stop at epoch 20/);
  });

  it('says "can\'t tell" for an error gap within the noise of a 12-sample split', () => {
    // 100 % vs 83.3 %: 16.7 points, while 2 standard errors of 12 samples are 21.5 points; the loss is flat.
    const h = curves(100, (e) => ({ tl: 0.05 + 0.5 * Math.exp(-e / 10), ta: 1, vl: 0.4 + 0.3 * Math.exp(-e / 10), va: 10 / 12 }));
    const j = judge(h, 100, twoClass(12));
    assert.equal(j.verdict, 'good_fit');
    assert.equal(j.uncertain, true);
    assert.match(j.message, /can't tell.*12 validation samples/);
    assert.match(j.advice[0], /more validation data/);
  });
});
