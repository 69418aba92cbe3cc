import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GENERATOR_OPTIONS, loadData, type Dataset } from '../../src/engine/data/index';
import { generate } from '../../src/engine/data/generators';
import { classCounts, columnStats, dataError, dataSpec } from '../fixtures/data/helpers';

const NET = '/tmp/backprop-tests/net.nn.yaml';
const GENERATORS = ['blobs', 'moons', 'circles', 'spiral', 'xor', 'classification', 'poly'];
const radius = (d: Dataset, r: number) => Math.hypot(d.x[r * 2], d.x[r * 2 + 1]);

describe('generators', () => {
  for (const name of GENERATORS) {
    it(`${name}: same seed gives the same data bit for bit, another seed other data`, () => {
      const a = generate(name, {}, 7);
      const b = generate(name, {}, 7);
      const c = generate(name, {}, 8);
      assert.deepEqual(a.x, b.x);
      assert.deepEqual(a.y, b.y);
      assert.notDeepEqual([...a.x, ...a.y], [...c.x, ...c.y]); // poly's x is a fixed grid
      assert.ok(a.x.every(Number.isFinite) && a.y.every(Number.isFinite));
    });
  }

  it('use the documented defaults', () => {
    const sizes = Object.fromEntries(GENERATORS.map((g) => [g, generate(g, {}, 0)]));
    for (const g of ['blobs', 'moons', 'circles', 'spiral', 'xor', 'classification']) assert.equal(sizes[g].n, 300, g);
    assert.equal(sizes.blobs.classes, 3);
    assert.equal(sizes.spiral.classes, 3);
    assert.equal(sizes.classification.classes, 2);
    assert.equal(sizes.classification.features, 2);
    assert.deepEqual(classCounts(sizes.blobs), [100, 100, 100]);
    assert.equal(sizes.poly.n, 5);
    assert.equal(sizes.poly.task, 'regression');
    assert.equal(sizes.poly.classes, 0);
  });

  it('circles: class 0 on radius 1, class 1 on radius factor (exactly, without noise)', () => {
    const d = generate('circles', { noise: 0, factor: 0.3, samples: 100 }, 1);
    for (let r = 0; r < d.n; r++) {
      assert.ok(Math.abs(radius(d, r) - (d.y[r] === 0 ? 1 : 0.3)) < 1e-6, `row ${r}`);
    }
    const noisy = generate('circles', {}, 1);
    const mean = (c: number) => {
      let s = 0, k = 0;
      for (let r = 0; r < noisy.n; r++) if (noisy.y[r] === c) { s += radius(noisy, r); k++; }
      return s / k;
    };
    assert.ok(Math.abs(mean(0) - 1) < 0.02 && Math.abs(mean(1) - 0.5) < 0.02, `${mean(0)} ${mean(1)}`);
  });

  it('moons: two half circles of radius 1 without noise', () => {
    const d = generate('moons', { noise: 0 }, 2);
    for (let r = 0; r < d.n; r++) {
      const [cx, cy] = d.y[r] === 0 ? [0, 0] : [1, 0.5];
      assert.ok(Math.abs(Math.hypot(d.x[r * 2] - cx, d.x[r * 2 + 1] - cy) - 1) < 1e-6);
      assert.ok(d.y[r] === 0 ? d.x[r * 2 + 1] >= -1e-6 : d.x[r * 2 + 1] <= 0.5 + 1e-6);
    }
  });

  it('xor: without noise, class 1 exactly where the coordinates differ in sign', () => {
    const d = generate('xor', { noise: 0, samples: 500 }, 3);
    for (let r = 0; r < d.n; r++) assert.equal(d.y[r], d.x[r * 2] * d.x[r * 2 + 1] < 0 ? 1 : 0);
    assert.ok(Math.abs(classCounts(d)[1] - 250) < 50);
  });

  it('spiral: the requested number of arms inside the unit disc', () => {
    const d = generate('spiral', { classes: 5, samples: 500, noise: 0 }, 4);
    assert.equal(d.classes, 5);
    assert.deepEqual(classCounts(d), [100, 100, 100, 100, 100]);
    for (let r = 0; r < d.n; r++) assert.ok(radius(d, r) <= 1);
  });

  it('blobs: clusters of the requested size and dimension', () => {
    const d = generate('blobs', { features: 3, classes: 4, samples: 4000, cluster_std: 0.5 }, 5);
    assert.equal(d.features, 3);
    assert.equal(d.classes, 4);
    const c0 = { ...d, n: 1000, x: d.x.filter((_, i) => d.y[Math.floor(i / 3)] === 0) };
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(columnStats(c0, k).std - 0.5) < 0.05);
  });

  it('classification: flip_y 0 separates well, flip_y 0.5 scrambles about a quarter of the labels', () => {
    const sep = generate('classification', { flip_y: 0, class_sep: 3, samples: 1000 }, 6);
    const flipped = generate('classification', { flip_y: 0.5, class_sep: 3, samples: 1000 }, 6);
    assert.deepEqual(classCounts(sep), [500, 500]);
    let changed = 0;
    for (let i = 0; i < 1000; i++) if (sep.y[i] !== flipped.y[i]) changed++;
    assert.ok(changed > 180 && changed < 320, `${changed} labels changed`);
    assert.throws(() => generate('classification', { features: 1, classes: 3 }, 0), dataError('data.classes'));
  });

  it('poly: evenly spaced x in [-1, 1] near one straight line', () => {
    const d = generate('poly', {}, 0);
    assert.deepEqual(Array.from(d.x), [-1, -0.5, 0, 0.5, 1]);
    const exact = generate('poly', { noise: 0, samples: 9 }, 0);
    const slope = (exact.y[8] - exact.y[0]) / 2;
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(exact.y[i] - (exact.y[4] + slope * exact.x[i])) < 1e-6);
    assert.ok(Math.abs(slope) >= 0.5);
    const cubic = generate('poly', { degree: 3, samples: 20 }, 0);
    assert.equal(cubic.n, 20);
  });

  it('reject unknown options and bad values at data.<option>, with a suggestion', async () => {
    assert.throws(() => generate('moons', { nosie: 0.1 }, 0), dataError('data.nosie', /did you mean "noise"/i));
    assert.throws(() => generate('blobs', { classes: 1.5 }, 0), dataError('data.classes'));
    assert.throws(() => generate('circles', { factor: 1 }, 0), dataError('data.factor'));
    assert.throws(() => generate('xor', { samples: 'many' }, 0), dataError('data.samples'));
    await assert.rejects(loadData(dataSpec({ source: 'spiral', options: { flip_y: 0.1 } }), NET), dataError('data.flip_y'));
  });

  it('list their options for the parser', () => {
    assert.deepEqual(Object.keys(GENERATOR_OPTIONS).sort(), [...GENERATORS].sort());
    assert.ok(GENERATOR_OPTIONS.classification.includes('flip_y'));
    assert.ok(GENERATOR_OPTIONS.circles.includes('factor'));
  });

  it('are seeded by shuffle_seed through loadData, and split like any set', async () => {
    const spec = dataSpec({ source: 'moons', validation: 0.2, shuffleSeed: 11, options: { samples: 200 } });
    const a = await loadData(spec, NET);
    const b = await loadData(spec, NET);
    assert.deepEqual(a.train.x, b.train.x);
    assert.deepEqual(classCounts(a.validation!), [20, 20]);
    const other = await loadData({ ...spec, shuffleSeed: 12 }, NET);
    assert.notDeepEqual(a.train.x, other.train.x);
    await assert.rejects(loadData({ ...spec, task: 'regression' }, NET), dataError('data.task'));
  });
});
