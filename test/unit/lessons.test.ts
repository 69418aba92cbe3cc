// The AI for Beginners lessons as examples (examples/lessons/): each file parses cleanly and
// trains, on the CPU backend with its seeds, to the numbers its header comment states. MNIST
// is in lessons-mnist.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { countParameters, parseNetworkFile } from '../../src/engine/netfile/index';
import { lineOf, trainFile, type RunResult } from '../helpers/run';

const DIR = 'examples/lessons';
const file = (name: string) => path.join(DIR, `${name}.nn.yaml`);
const final = (r: RunResult) => r.end.final!;
/** |actual − expected| ≤ tolerance, with the numbers in the message. */
function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}
/** The non-provisional diagnostic of `kind` at warning severity, if any. */
const warning = (r: RunResult, kind: string) =>
  r.diagnostics.find((d) => d.kind === kind && d.severity === 'warning' && !d.evidence.provisional);

describe('lessons: the files', () => {
  const names = readdirSync(DIR).filter((n) => n.endsWith('.nn.yaml')).sort();
  it('are all there', () => {
    assert.equal(names.length, 12, names.join(', '));
  });
  for (const name of names) {
    it(`${name} parses cleanly and names its lesson and test in the header`, () => {
      const text = readFileSync(path.join(DIR, name), 'utf8');
      const r = parseNetworkFile(text, path.resolve(DIR, name));
      assert.deepEqual(r.diagnostics, []);
      assert.match(text, /^# AI for Beginners, /);
      assert.match(text, /Tested in test\/unit\/lessons(-mnist)?\.test\.ts/);
    });
  }
});

describe('lessons: own framework, 2 classes with label noise (flip_y 0.2)', () => {
  it('one layer: training and validation stay close, below the noise ceiling', async () => {
    const r = await trainFile(file('own-framework-1-layer'));
    const { train, validation } = final(r);
    near(train.accuracy!, 0.8125, 0.05, 'train accuracy');
    near(validation!.accuracy!, 0.85, 0.05, 'validation accuracy');
    near(validation!.loss, train.loss, 0.15, 'validation loss vs training loss');
    assert.ok(validation!.accuracy! <= 0.95 && train.accuracy! <= 0.95, 'label noise caps accuracy');
  });

  it('two layers: fits the training data better than one layer', async () => {
    const one = await trainFile(file('own-framework-1-layer'));
    const two = await trainFile(file('own-framework-2-layers'));
    near(final(two).validation!.accuracy!, 0.9, 0.05, 'validation accuracy');
    assert.ok(final(two).train.loss < final(one).train.loss - 0.05, `${final(two).train.loss} vs ${final(one).train.loss}`);
    assert.equal(two.end.verdict, 'good_fit');
  });
});

describe('lessons: Keras perceptron, two learning rates', () => {
  it('rate 0.2 reproduces the lesson: train 0.93, validation 0.90, validation loss 0.29', async () => {
    const r = await trainFile(file('keras-perceptron-large-lr'));
    const { train, validation } = final(r);
    near(train.accuracy!, 0.93, 0.05, 'train accuracy');
    near(validation!.accuracy!, 0.9, 0.05, 'validation accuracy');
    near(validation!.loss, 0.29, 0.05, 'validation loss');
    assert.ok(r.epochs[1].validation!.accuracy! >= 0.9, 'learned in the first epoch');
  });

  it('rate 0.01 learns slowly: loss falls every epoch and stays above the large rate’s first epoch', async () => {
    const large = await trainFile(file('keras-perceptron-large-lr'));
    const small = await trainFile(file('keras-perceptron-small-lr'));
    const losses = small.epochs.map((e) => e.train.loss);
    for (let i = 1; i < losses.length; i++) assert.ok(losses[i] < losses[i - 1], `epoch ${i}: ${losses[i]} ≥ ${losses[i - 1]}`);
    assert.ok(losses.at(-1)! > large.epochs[1].train.loss, `${losses.at(-1)} vs ${large.epochs[1].train.loss}`);
    assert.ok(final(small).validation!.accuracy! < 0.7);
    assert.equal(small.end.verdict, 'underfitting');
  });
});

describe('lessons: Iris lab', () => {
  it('one layer is a good fit at ≥ 0.9 validation accuracy', async () => {
    const r = await trainFile(file('iris-1-layer'));
    near(final(r).validation!.accuracy!, 29 / 30, 0.04, 'validation accuracy');
    assert.equal(r.end.verdict, 'good_fit');
  });

  it('two layers with early stopping keep the best epoch and fit well', async () => {
    const r = await trainFile(file('iris-2-layers'));
    assert.equal(r.end.status, 'early_stopped');
    assert.ok(final(r).validation!.accuracy! >= 0.9);
    assert.equal(r.end.verdict, 'good_fit');
  });

  it('more layers: Backprop reports overfitting on the line of `epochs`', async () => {
    const text = readFileSync(file('iris-more-layers'), 'utf8');
    const r = await trainFile(file('iris-more-layers'));
    assert.equal(r.end.verdict, 'overfitting');
    const d = warning(r, 'overfitting');
    assert.ok(d, 'an overfitting warning');
    assert.equal(d.line, lineOf(text, 'epochs:'));
    assert.ok(final(r).train.loss < 0.001, `train loss ${final(r).train.loss}`);
    assert.ok(final(r).validation!.loss > 4 * r.end.best.validation!.loss, 'validation loss rose from its best');
  });
});

describe('lessons: overfitting, 5 dots', () => {
  it('the line (2 parameters): training and validation error alike, a good fit', async () => {
    assert.equal(countParameters(parseNetworkFile(readFileSync(file('five-dots-line'), 'utf8'), 'x').spec!, 1).total, 2);
    const r = await trainFile(file('five-dots-line'));
    near(final(r).train.loss, 0.033, 0.01, 'train loss');
    near(final(r).validation!.loss, 0.098, 0.02, 'validation loss');
    assert.equal(r.end.verdict, 'good_fit');
  });

  it('the 7-parameter curve threads the 5 training points and misses the validation ones', async () => {
    const text = readFileSync(file('five-dots-7-parameters'), 'utf8');
    assert.equal(countParameters(parseNetworkFile(text, 'x').spec!, 1).total, 7);
    const line = await trainFile(file('five-dots-line'));
    const r = await trainFile(file('five-dots-7-parameters'));
    assert.ok(final(r).train.loss < 1e-4, `train loss ${final(r).train.loss}`);
    assert.ok(final(r).validation!.loss > 4 * final(line).validation!.loss,
      `validation ${final(r).validation!.loss} vs the line's ${final(line).validation!.loss}`);
    assert.equal(r.end.verdict, 'overfitting');
    assert.equal(warning(r, 'overfitting')?.line, lineOf(text, 'epochs:'));
    assert.ok(r.diagnostics.some((d) => d.kind === 'too_many_parameters' && d.line === lineOf(text, 'model:')));
  });
});
