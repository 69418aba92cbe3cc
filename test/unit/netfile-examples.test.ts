// The bundled examples are part of the product: each must parse without errors or
// warnings, and show what its header says.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { checkAgainstData, countParameters, parseNetworkFile } from '../../src/engine/netfile/index';
import { EXAMPLES } from './netfile-helpers';

function load(name: string) {
  const file = resolve(EXAMPLES, name);
  return parseNetworkFile(readFileSync(file, 'utf8'), file);
}

describe('netfile: bundled examples', () => {
  const names = readdirSync(EXAMPLES).filter((n) => n.endsWith('.nn.yaml')).sort();

  it('are all there', () => {
    for (const n of ['iris', 'overfitting-5-points', 'circles-linear', 'circles-mlp', 'moons', 'mnist', 'mnist-3-layers', 'spiral']) {
      assert.ok(names.includes(`${n}.nn.yaml`), n);
    }
  });

  for (const name of names) {
    it(`${name} parses cleanly and starts with a comment saying what it shows`, () => {
      const r = load(name);
      assert.deepEqual(r.diagnostics, []);
      assert.ok(r.spec);
      assert.match(readFileSync(resolve(EXAMPLES, name), 'utf8'), /^# \S/);
    });
  }

  it('overfitting-5-points has far more parameters than its 5 training points', () => {
    const s = load('overfitting-5-points.nn.yaml').spec!;
    assert.equal(s.data.source, 'poly');
    assert.equal(s.loss, 'mse');
    assert.ok(countParameters(s, 1).total > 1000);
    const ds = checkAgainstData(s, { task: 'regression', features: 1, classes: 0, targets: 1, trainSamples: 5, validationSamples: 20 });
    assert.deepEqual(ds.map((d) => d.code), ['too_many_parameters']);
  });

  it('circles-linear is a single dense layer of 2 with softmax', () => {
    const s = load('circles-linear.nn.yaml').spec!;
    assert.deepEqual(s.model.map((l) => l.kind === 'dense' && [l.units, l.activation]), [[2, 'softmax']]);
    assert.equal(s.loss, 'cross_entropy');
  });

  it('mnist is 784-128-10 relu with adam 0.001, 10 epochs, batch 64', () => {
    const s = load('mnist.nn.yaml').spec!;
    assert.deepEqual(countParameters(s, 784).outputShapes, [128, 10]);
    assert.equal(s.model[0]!.kind === 'dense' && s.model[0]!.activation, 'relu');
    assert.deepEqual([s.optimizer.type, s.optimizer.learningRate, s.train.epochs, s.train.batchSize, s.data.validation], ['adam', 0.001, 10, 64, 0.2]);
  });
});
