// Well-formed network files: the spec they produce, defaults, JSON, ranges.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile/index';
import type { NetworkSpec } from '../../src/engine/netfile/spec';
import { EXAMPLES, parseFixture } from './netfile-helpers';

const MINIMAL = 'data:\n  source: iris\nmodel:\n  - dense: 3\n    activation: softmax\n';

function strip(spec: NetworkSpec | null): Omit<NetworkSpec, 'ranges' | 'keyRanges'> {
  assert.ok(spec);
  const { ranges: _r, keyRanges: _k, ...rest } = spec;
  return rest;
}

describe('netfile: parsing', () => {
  it('the documented iris example parses to the expected spec', () => {
    const file = resolve(EXAMPLES, 'iris.nn.yaml');
    const r = parseNetworkFile(readFileSync(file, 'utf8'), file);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(strip(r.spec), {
      file,
      name: 'iris-mlp',
      data: {
        source: 'iris', builtin: true, target: 'species',
        features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
        task: 'classification', validation: 0.2, test: 0, normalize: 'standard', shuffleSeed: 42, limit: 1000, options: {},
      },
      model: [
        { kind: 'dense', units: 16, activation: 'tanh', path: 'model[0]' },
        { kind: 'dropout', rate: 0.2, path: 'model[1]' },
        { kind: 'dense', units: 3, activation: 'softmax', path: 'model[2]' },
      ],
      loss: 'cross_entropy',
      metrics: ['accuracy'],
      optimizer: { type: 'adam', learningRate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
      train: {
        epochs: 200, batchSize: 32, seed: 0, backend: 'auto',
        earlyStopping: { monitor: 'val_loss', patience: 10, minDelta: 0, restoreBest: true },
      },
    });
    const ranges = r.spec!.ranges;
    // Lines of examples/iris.nn.yaml (after its 3-line header comment).
    assert.deepEqual(ranges['model[0]'], { line: 19, column: 5, endLine: 20, endColumn: 21 });
    assert.deepEqual(ranges['model[0].dense'], { line: 19, column: 12, endLine: 19, endColumn: 14 });
    assert.deepEqual(ranges['model[2].activation'], { line: 23, column: 17, endLine: 23, endColumn: 24 });
    assert.deepEqual(ranges['train.epochs'], { line: 35, column: 11, endLine: 35, endColumn: 14 });
    assert.equal(ranges['optimizer.learning_rate']!.line, 30);
    assert.equal(ranges['train.early_stopping']!.line, 39);
    for (const p of ['name', 'data', 'data.source', 'data.validation', 'model', 'loss', 'optimizer', 'train', 'train.batch_size', 'train.early_stopping.patience']) {
      assert.ok(ranges[p], `range for ${p}`);
    }
    assert.equal(r.spec!.keyRanges!['train.epochs']!.column, 3);
  });

  it('defaults', () => {
    const r = parseNetworkFile(MINIMAL, '/w/nets/my-net.nn.yaml');
    assert.deepEqual(r.diagnostics, []);
    const s = r.spec!;
    assert.equal(s.name, 'my-net');
    assert.deepEqual(s.data, { source: 'iris', builtin: true, validation: 0.2, test: 0, normalize: 'standard', shuffleSeed: 42, options: {} });
    assert.equal(s.loss, 'cross_entropy');
    assert.deepEqual(s.metrics, ['accuracy']);
    assert.deepEqual(s.optimizer, { type: 'adam', learningRate: 0.001, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    assert.deepEqual(s.train, { epochs: 100, batchSize: 32, seed: 0, earlyStopping: null, backend: 'auto' });
    assert.equal(s.model[0]!.kind === 'dense' && s.model[0]!.activation, 'softmax');
  });

  it('default loss follows the output layer; default normalize is none for mnist', () => {
    const reg = parseNetworkFile('data: {source: poly}\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 1\n', '/w/a.nn.yaml');
    assert.equal(reg.spec!.loss, 'mse');
    assert.deepEqual(reg.spec!.metrics, []);
    const bin = parseNetworkFile('data: {source: xor}\nmodel:\n  - dense: 1\n    activation: sigmoid\n', '/w/a.nn.yaml');
    assert.equal(bin.spec!.loss, 'binary_cross_entropy');
    const mnist = parseNetworkFile('data: {source: mnist}\nmodel:\n  - dense: 10\n', '/w/a.nn.yaml');
    assert.equal(mnist.spec!.data.normalize, 'none');
    assert.equal(mnist.spec!.loss, 'cross_entropy');
  });

  it('optimizer shorthand, per-optimizer learning rates, early_stopping true/false', () => {
    const sgd = parseNetworkFile(`${MINIMAL}optimizer: sgd\ntrain:\n  early_stopping: true\n`, '/w/a.nn.yaml');
    assert.deepEqual(sgd.diagnostics, []);
    assert.equal(sgd.spec!.optimizer.type, 'sgd');
    assert.equal(sgd.spec!.optimizer.learningRate, 0.01);
    assert.deepEqual(sgd.spec!.ranges['optimizer.type'], sgd.spec!.ranges['optimizer']);
    assert.deepEqual(sgd.spec!.train.earlyStopping, { monitor: 'val_loss', patience: 10, minDelta: 0, restoreBest: true });
    const mom = parseNetworkFile(`${MINIMAL}optimizer:\n  type: momentum\ntrain:\n  early_stopping: false\n`, '/w/a.nn.yaml');
    assert.equal(mom.spec!.optimizer.learningRate, 0.01);
    assert.equal(mom.spec!.optimizer.momentum, 0.9);
    assert.equal(mom.spec!.train.earlyStopping, null);
    const partial = parseNetworkFile(`${MINIMAL}train:\n  early_stopping:\n    patience: 3\n`, '/w/a.nn.yaml');
    assert.deepEqual(partial.spec!.train.earlyStopping, { monitor: 'val_loss', patience: 3, minDelta: 0, restoreBest: true });
  });

  it('linear is an alias of dense; activation items; generator options land in options', () => {
    const r = parseNetworkFile(
      'data:\n  source: spiral\n  samples: 300\n  classes: 3\n  noise: 0.1\nmodel:\n  - linear: 32\n  - activation: relu\n  - dense: 3\n',
      '/w/a.nn.yaml',
    );
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.spec!.model, [
      { kind: 'dense', units: 32, activation: 'linear', path: 'model[0]' },
      { kind: 'activation', activation: 'relu', path: 'model[1]' },
      { kind: 'dense', units: 3, activation: 'linear', path: 'model[2]' },
    ]);
    assert.deepEqual(r.spec!.data.options, { samples: 300, classes: 3, noise: 0.1 });
    assert.deepEqual(r.spec!.ranges['model[0].dense'], r.spec!.ranges['model[0].linear']);
    assert.deepEqual(r.spec!.ranges['data.samples'], { line: 3, column: 12, endLine: 3, endColumn: 15 });
  });

  it('CSV sources, IDX pairs and validation files', () => {
    const csv = parseNetworkFile('data:\n  source: data/houses.csv\n  target: price\n  validation: data/val.csv\nmodel:\n  - dense: 1\n', '/w/a.nn.yaml');
    assert.deepEqual(csv.diagnostics, []);
    assert.equal(csv.spec!.data.source, 'data/houses.csv');
    assert.equal(csv.spec!.data.builtin, false);
    assert.equal(csv.spec!.data.validation, 'data/val.csv');
    const idx = parseNetworkFile('data:\n  images: idx/train-images.gz\n  labels: idx/train-labels.gz\nmodel:\n  - dense: 10\n', '/w/a.nn.yaml');
    assert.deepEqual(idx.diagnostics, []);
    assert.equal(idx.spec!.data.images, 'idx/train-images.gz');
    assert.equal(idx.spec!.data.labels, 'idx/train-labels.gz');
  });

  it('JSON variant', () => {
    const r = parseFixture('iris.nn.json');
    assert.deepEqual(r.diagnostics, []);
    const s = r.spec!;
    assert.equal(s.name, 'iris-json');
    assert.equal(s.data.validation, 0.25);
    assert.equal(s.optimizer.type, 'sgd');
    assert.equal(s.optimizer.learningRate, 0.1);
    assert.deepEqual(s.ranges['model[1]'], { line: 6, column: 5, endLine: 6, endColumn: 44 });
    assert.deepEqual(s.ranges['model[1].dense'], { line: 6, column: 16, endLine: 6, endColumn: 17 });
    assert.equal(parseNetworkFile('{"data": {"source": "iris"}, "model": [{"dense": 3}]}', '/w/x.nn.json').spec!.name, 'x');
  });

  it('comments do not disturb positions', () => {
    const r = parseFixture('commented.nn.yaml');
    assert.deepEqual(r.diagnostics, []);
    const g = r.spec!.ranges;
    assert.deepEqual(g['data.source'], { line: 6, column: 11, endLine: 6, endColumn: 16 });
    assert.deepEqual(g['model[0]'], { line: 13, column: 5, endLine: 15, endColumn: 21 });
    assert.deepEqual(g['model[1].activation'], { line: 17, column: 17, endLine: 17, endColumn: 24 });
    assert.deepEqual(g['model'], { line: 13, column: 3, endLine: 17, endColumn: 24 });
    assert.deepEqual(g['train.epochs'], { line: 19, column: 17, endLine: 19, endColumn: 19 });
    assert.deepEqual(g['train'], { line: 19, column: 8, endLine: 19, endColumn: 36 });
  });

  it('CRLF line endings give the same positions', () => {
    const lf = parseNetworkFile('data:\n  source: iris\nmodel:\n  - dense: 3\ntrain:\n  epochs: ten\n', '/w/a.nn.yaml');
    const crlf = parseNetworkFile('data:\r\n  source: iris\r\nmodel:\r\n  - dense: 3\r\ntrain:\r\n  epochs: ten\r\n', '/w/a.nn.yaml');
    assert.deepEqual(crlf.diagnostics, lf.diagnostics);
  });

  it('anchors and aliases are followed', () => {
    const r = parseNetworkFile('data: {source: iris}\nmodel:\n  - dense: &width 16\n    activation: relu\n  - dense: *width\n  - dense: 3\n', '/w/a.nn.yaml');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.spec!.model[1]!.kind === 'dense' && r.spec!.model[1]!.units, 16);
  });
});
