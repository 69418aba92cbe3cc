// Warnings, data-aware checks, parameter counts and the small helpers around diagnostics.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAgainstData, countParameters, didYouMean, formatDiagnostic, parseNetworkFile, rangeOf,
} from '../../src/engine/netfile/index';
import type { DataFacts, NetworkSpec } from '../../src/engine/netfile/spec';
import { where } from './netfile-helpers';

function spec(text: string): NetworkSpec {
  const r = parseNetworkFile(text, '/w/a.nn.yaml');
  assert.ok(r.spec, JSON.stringify(r.diagnostics));
  return r.spec;
}

const CLASSES3: DataFacts = { task: 'classification', features: 4, classes: 3, targets: 1, trainSamples: 120, validationSamples: 30 };

describe('netfile: warnings before training', () => {
  it('softmax feeding mse', () => {
    const r = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\n    activation: softmax\nloss: mse\n', '/w/a.nn.yaml');
    assert.ok(r.spec);
    assert.deepEqual(where(r.diagnostics), ['5:7 warning softmax_with_mse']);
  });

  it('no validation split', () => {
    const r = parseNetworkFile('data:\n  source: iris\n  validation: 0\nmodel:\n  - dense: 3\n', '/w/a.nn.yaml');
    assert.ok(r.spec);
    assert.deepEqual(where(r.diagnostics), ['3:15 warning no_validation']);
    assert.match(r.diagnostics[0]!.message, /overfitting can't be seen/);
  });

  it('learning rate far outside the usual range, per optimizer', () => {
    const high = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\noptimizer:\n  learning_rate: 0.5\n', '/w/a.nn.yaml');
    assert.deepEqual(where(high.diagnostics), ['5:18 warning unusual_learning_rate']);
    assert.equal(high.diagnostics[0]!.path, 'optimizer.learning_rate');
    const low = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\noptimizer:\n  type: sgd\n  learning_rate: 0.00001\n', '/w/a.nn.yaml');
    assert.deepEqual(where(low.diagnostics), ['6:18 warning unusual_learning_rate']);
    const fine = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: 3\noptimizer:\n  type: sgd\n  learning_rate: 0.5\n', '/w/a.nn.yaml');
    assert.deepEqual(fine.diagnostics, []);
  });

  it('early stopping without a validation split to watch is an error', () => {
    const r = parseNetworkFile('data:\n  source: iris\n  validation: 0\nmodel:\n  - dense: 3\ntrain:\n  early_stopping: true\n', '/w/a.nn.yaml');
    assert.equal(r.spec, null);
    assert.deepEqual(where(r.diagnostics), ['3:15 warning no_validation', '7:19 error no_validation_to_monitor']);
  });

  it('keys that do not apply to the source are errors, never silently ignored', () => {
    const iris = parseNetworkFile('data:\n  source: iris\n  samples: 10\nmodel:\n  - dense: 3\n', '/w/a.nn.yaml');
    assert.equal(iris.spec, null);
    assert.deepEqual(where(iris.diagnostics), ['3:3 error not_applicable']);
    assert.match(iris.diagnostics[0]!.message, /use `limit`/);
    const moons = parseNetworkFile('data:\n  source: moons\n  classes: 3\n  target: y\n  validation: v.csv\nmodel:\n  - dense: 2\n', '/w/a.nn.yaml');
    assert.deepEqual(where(moons.diagnostics), ['3:3 error not_applicable', '4:3 error not_applicable', '5:3 error not_applicable']);
    assert.match(moons.diagnostics[0]!.message, /not an option of moons \(it takes samples, noise\)/);
    const csv = parseNetworkFile('data:\n  source: d.csv\n  noise: 0.1\nmodel:\n  - dense: 2\n', '/w/a.nn.yaml');
    assert.deepEqual(where(csv.diagnostics), ['3:3 error not_applicable']);
    const blobs = parseNetworkFile('data:\n  source: blobs\n  features: 3\n  classes: 4\nmodel:\n  - dense: 4\n', '/w/a.nn.yaml');
    assert.deepEqual(blobs.diagnostics, []);
    assert.deepEqual(blobs.spec!.data.options, { features: 3, classes: 4 });
  });

  it('file types: csv, tsv, json, gzipped; IDX validation files need no extension', () => {
    for (const f of ['a.csv', 'a.tsv', 'a.json', 'a.csv.gz']) {
      assert.deepEqual(parseNetworkFile(`data:\n  source: ${f}\nmodel:\n  - dense: 1\n`, '/w/a.nn.yaml').diagnostics, [], f);
    }
    const txt = parseNetworkFile('data:\n  source: a.txt\nmodel:\n  - dense: 1\n', '/w/a.nn.yaml');
    assert.deepEqual(where(txt.diagnostics), ['2:11 error unsupported_file_type']);
    const ubyte = parseNetworkFile('data:\n  source: train-images.idx3-ubyte\nmodel:\n  - dense: 1\n', '/w/a.nn.yaml');
    assert.match(ubyte.diagnostics[0]!.message, /`images:` and `labels:`/);
    const idx = parseNetworkFile('data:\n  images: tr-images-idx3-ubyte\n  labels: tr-labels-idx1-ubyte\n  validation: va-images-idx3-ubyte\nmodel:\n  - dense: 10\n', '/w/a.nn.yaml');
    assert.deepEqual(idx.diagnostics, []);
    assert.equal(idx.spec!.data.validation, 'va-images-idx3-ubyte');
  });
});

describe('netfile: checks against the data', () => {
  it('counts parameters: dense is in·units + units', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 16\n    activation: tanh\n  - dropout: 0.2\n  - dense: 3\n');
    assert.deepEqual(countParameters(s, 4), { total: 80 + 51, perLayer: [80, 0, 51], outputShapes: [16, 16, 3] });
  });

  it('too many parameters: the lesson’s 7 parameters for 5 points', () => {
    const s = spec('data:\n  source: poly\n  samples: 5\nmodel:\n  - dense: 2\n    activation: tanh\n  - dense: 1\n');
    assert.equal(countParameters(s, 1).total, 7);
    const ds = checkAgainstData(s, { task: 'regression', features: 1, classes: 0, targets: 1, trainSamples: 5, validationSamples: 0 });
    const w = ds.find((d) => d.code === 'too_many_parameters');
    assert.ok(w);
    assert.equal(w.severity, 'warning');
    assert.equal(w.path, 'model');
    assert.equal(w.line, 5);
    assert.match(w.message, /7 parameters/);
    assert.match(w.message, /5 training samples/);
    assert.ok(ds.some((d) => d.code === 'empty_validation'));
  });

  it('a model that fits the data gives nothing', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 8\n    activation: relu\n  - dense: 3\n');
    assert.deepEqual(checkAgainstData(s, CLASSES3), []);
  });

  it('output units against the number of classes', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 8\n    activation: relu\n  - dense: 4\n    activation: softmax\n');
    const ds = checkAgainstData(s, CLASSES3);
    assert.deepEqual(where(ds), ['5:5 error output_mismatch']);
    assert.equal(ds[0]!.path, 'model[1]');
    assert.match(ds[0]!.message, /4 units.*3 classes.*`dense: 3`/);
  });

  it('binary cross-entropy needs two classes', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\n');
    assert.deepEqual(where(checkAgainstData(s, CLASSES3)), ['5:7 error loss_mismatch']);
    assert.deepEqual(checkAgainstData(s, { ...CLASSES3, classes: 2 }), []);
  });

  it('regression: units against targets, no classification loss', () => {
    const s = spec('data:\n  source: data/h.csv\nmodel:\n  - dense: 2\n');
    const facts: DataFacts = { task: 'regression', features: 3, classes: 0, targets: 1, trainSamples: 100, validationSamples: 25 };
    // Two units with a linear output default to cross_entropy: both the loss and the units are wrong.
    assert.deepEqual(where(checkAgainstData(s, facts)), ['4:5 error loss_mismatch', '4:5 error output_mismatch']);
    const ok = spec('data:\n  source: data/h.csv\nmodel:\n  - dense: 2\nloss: mse\n');
    assert.deepEqual(checkAgainstData(ok, { ...facts, targets: 2 }), []);
  });

  it('batch size larger than the training set', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 3\ntrain:\n  batch_size: 256\n');
    assert.deepEqual(where(checkAgainstData(s, CLASSES3)), ['5:15 warning batch_larger_than_data']);
  });
});

describe('netfile: helpers', () => {
  it('rangeOf falls back to the parent path, then to line 1', () => {
    const s = spec('data: {source: iris}\nmodel:\n  - dense: 3\ntrain:\n  epochs: 5\n');
    assert.deepEqual(rangeOf(s, 'train.epochs'), { line: 5, column: 11, endLine: 5, endColumn: 12 });
    assert.deepEqual(rangeOf(s, 'train.batch_size'), s.ranges['train']);
    assert.deepEqual(rangeOf(s, 'model[0].activation'), s.ranges['model[0]']);
    assert.deepEqual(rangeOf(s, 'optimizer.learning_rate'), { line: 1, column: 1, endLine: 1, endColumn: 1 });
  });

  it('formatDiagnostic', () => {
    const d = { line: 3, column: 5, endLine: 3, endColumn: 9, severity: 'error' as const, code: 'wrong_type' as const, message: 'bad' };
    assert.equal(formatDiagnostic('/w/a.nn.yaml', d), '/w/a.nn.yaml:3:5: error: bad');
    assert.equal(formatDiagnostic('a.nn.yaml', { ...d, severity: 'warning' }), 'a.nn.yaml:3:5: warning: bad');
  });

  it('didYouMean', () => {
    const acts = ['linear', 'relu', 'leaky_relu', 'tanh', 'sigmoid', 'gelu', 'softmax'];
    assert.equal(didYouMean('rleu', acts), 'relu');
    assert.equal(didYouMean('ReLU', acts), 'relu');
    assert.equal(didYouMean('sigmiod', acts), 'sigmoid');
    assert.equal(didYouMean('softmx', acts), 'softmax');
    assert.equal(didYouMean('leaky-relu', acts), 'leaky_relu');
    assert.equal(didYouMean('epoch', ['epochs', 'batch_size', 'seed']), 'epochs');
    assert.equal(didYouMean('lr', ['type', 'learning_rate', 'momentum']), 'learning_rate');
    assert.equal(didYouMean('early', ['epochs', 'early_stopping']), 'early_stopping');
    assert.equal(didYouMean('banana', acts), undefined);
    assert.equal(didYouMean('xyz', ['mse', 'mae']), undefined);
    assert.equal(didYouMean('anything', []), undefined);
  });
});
