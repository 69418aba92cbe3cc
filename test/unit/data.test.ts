import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_SOURCES, loadData, subsetRows } from '../../src/engine/data/index';
import { loadMnist } from '../../src/engine/data/mnist';
import { classCounts, columnStats, dataError, dataSpec } from '../fixtures/data/helpers';

const NET = '/tmp/backprop-tests/net.nn.yaml'; // built-ins never touch the file system

describe('built-in iris', () => {
  it('has 150 rows, 4 features and 3 classes of 50, in the classic order', async () => {
    const { train } = await loadData(dataSpec({ source: 'iris' }), NET);
    assert.equal(train.n, 150);
    assert.equal(train.features, 4);
    assert.equal(train.task, 'classification');
    assert.equal(train.classes, 3);
    assert.deepEqual(train.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(train.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    assert.deepEqual(classCounts(train), [50, 50, 50]);
  });

  it('is Fisher\'s data: first row 5.1, 3.5, 1.4, 0.2 setosa and the known column means', async () => {
    // `limit` keeps the first rows before the (shuffled) split, so row 0 of a 1-row set is row 1.
    const one = await loadData(dataSpec({ source: 'iris', limit: 1 }), NET);
    assert.deepEqual(Array.from(one.train.x), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
    assert.equal(one.train.y[0], 0);
    const { train } = await loadData(dataSpec({ source: 'iris' }), NET);
    const means = [0, 1, 2, 3].map((k) => columnStats(train, k).mean);
    [5.843, 3.057, 3.758, 1.199].forEach((m, k) => assert.ok(Math.abs(means[k] - m) < 5e-4, `mean ${k}: ${means[k]}`));
  });

  it('lets target and features pick its columns, like a CSV', async () => {
    const reg = await loadData(dataSpec({ source: 'iris', target: 'petal_width', features: ['petal_length'] }), NET);
    assert.equal(reg.train.task, 'regression');
    assert.equal(reg.train.features, 1);
    assert.equal(reg.train.classes, 0);
    await assert.rejects(loadData(dataSpec({ source: 'iris', target: 'specis' }), NET), dataError('data.target', /did you mean "species"/i));
  });

  it('holds out exactly 10 of each species for a 0.2 validation split', async () => {
    const s = await loadData(dataSpec({ source: 'iris', validation: 0.2, shuffleSeed: 42 }), NET);
    assert.equal(s.train.n, 120);
    assert.equal(s.validation!.n, 30);
    assert.deepEqual(classCounts(s.validation!), [10, 10, 10]);
    assert.deepEqual(classCounts(s.train), [40, 40, 40]);
    assert.equal(s.test, null);
  });

  it('stratifies a test split too, and the three splits partition the rows', async () => {
    const s = await loadData(dataSpec({ source: 'iris', validation: 0.2, test: 0.1, shuffleSeed: 1 }), NET);
    assert.deepEqual(classCounts(s.test!), [5, 5, 5]);
    assert.deepEqual(classCounts(s.validation!), [10, 10, 10]);
    assert.equal(s.train.n + s.validation!.n + s.test!.n, 150);
    const rows = (d: typeof s.train) => Array.from({ length: d.n }, (_, r) => Array.from(d.x.subarray(r * 4, r * 4 + 4)).join());
    const all = new Set([...rows(s.train), ...rows(s.validation!), ...rows(s.test!)]);
    const full = await loadData(dataSpec({ source: 'iris' }), NET);
    assert.equal(all.size, new Set(rows(full.train)).size); // Iris has a few duplicate rows
  });

  it('shuffles reproducibly: same seed same split, other seed other split', async () => {
    const a = await loadData(dataSpec({ source: 'iris', validation: 0.2, shuffleSeed: 3 }), NET);
    const b = await loadData(dataSpec({ source: 'iris', validation: 0.2, shuffleSeed: 3 }), NET);
    const c = await loadData(dataSpec({ source: 'iris', validation: 0.2, shuffleSeed: 4 }), NET);
    assert.deepEqual(a.validation!.x, b.validation!.x);
    assert.notDeepEqual(a.validation!.x, c.validation!.x);
  });
});

describe('normalization', () => {
  it('standard: training features get mean 0 and std 1, from training statistics only', async () => {
    const s = await loadData(dataSpec({ source: 'iris', validation: 0.3, normalize: 'standard', shuffleSeed: 9 }), NET);
    for (let k = 0; k < 4; k++) {
      const t = columnStats(s.train, k);
      assert.ok(Math.abs(t.mean) < 1e-5, `train mean ${t.mean}`);
      assert.ok(Math.abs(t.std - 1) < 1e-5, `train std ${t.std}`);
    }
    // The offsets are the raw training means, not the means over all 150 rows.
    const raw = await loadData(dataSpec({ source: 'iris', validation: 0.3, shuffleSeed: 9 }), NET);
    const trainMean = columnStats(raw.train, 0).mean;
    assert.ok(Math.abs(s.normalization.offset[0] - trainMean) < 1e-5);
    assert.ok(Math.abs(trainMean - 5.8433) > 1e-3, 'the training split should differ from the whole set');
    // The validation split is transformed with those statistics (so its mean is not exactly 0).
    const v = columnStats(s.validation!, 0).mean;
    const expected = (columnStats(raw.validation!, 0).mean - s.normalization.offset[0]) / s.normalization.scale[0];
    assert.ok(Math.abs(v - expected) < 1e-5);
  });

  it('minmax maps the training range to [0, 1]; none leaves values alone', async () => {
    const s = await loadData(dataSpec({ source: 'iris', validation: 0.2, normalize: 'minmax' }), NET);
    for (let k = 0; k < 4; k++) {
      const t = columnStats(s.train, k);
      assert.ok(Math.abs(t.min) < 1e-6 && Math.abs(t.max - 1) < 1e-6);
    }
    const n = await loadData(dataSpec({ source: 'iris', normalize: 'none' }), NET);
    assert.deepEqual(Array.from(n.normalization.offset), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(n.normalization.scale), [1, 1, 1, 1]);
  });

  it('gives a constant feature scale 1, never NaN', async () => {
    for (const normalize of ['standard', 'minmax'] as const) {
      const s = await loadData(dataSpec({ source: 'mnist', limit: 200, validation: 0.2, normalize }), NET);
      assert.equal(s.normalization.scale[0], 1); // the corner pixel is always 0
      assert.ok(s.train.x.every(Number.isFinite) && s.validation!.x.every(Number.isFinite));
    }
  });
});

describe('built-in mnist', () => {
  it('loads 10,000 real 28×28 digits in [0, 1], 10 classes of about 1,000', async () => {
    const d = await loadMnist();
    assert.equal(d.n, 10_000);
    assert.equal(d.features, 784);
    assert.deepEqual(d.inputShape, [28, 28]);
    assert.equal(d.x.length, 10_000 * 784);
    let lo = Infinity, hi = -Infinity;
    for (const v of d.x) { if (v < lo) lo = v; if (v > hi) hi = v; }
    assert.ok(lo === 0 && hi <= 1 && hi > 0.99, `range ${lo}..${hi}`);
    const counts = classCounts(d);
    assert.equal(counts.length, 10);
    assert.deepEqual(counts, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Real digits, not noise: about 19 % of the pixels of an MNIST image are lit.
    const lit = d.x.reduce((a, v) => a + (v > 0 ? 1 : 0), 0) / d.x.length;
    assert.ok(lit > 0.1 && lit < 0.3, `lit fraction ${lit}`);
  });

  it('interleaves the classes so that limit keeps them balanced', async () => {
    const s = await loadData(dataSpec({ source: 'mnist', limit: 1000 }), NET);
    assert.equal(s.train.n, 1000);
    assert.deepEqual(classCounts(s.train), new Array(10).fill(100));
    const v = await loadData(dataSpec({ source: 'mnist', limit: 1000, validation: 0.1 }), NET);
    assert.deepEqual(classCounts(v.validation!), new Array(10).fill(10));
  });

  it('rejects generator options, target and features', async () => {
    await assert.rejects(loadData(dataSpec({ source: 'mnist', options: { samples: 10 } }), NET), dataError('data.samples'));
    await assert.rejects(loadData(dataSpec({ source: 'mnist', target: 'label' }), NET), dataError('data.target'));
    await assert.rejects(loadData(dataSpec({ source: 'mnist', task: 'regression' }), NET), dataError('data.task'));
  });
});

describe('loadData checks', () => {
  it('lists the built-in sources for "did you mean"', () => {
    assert.deepEqual([...BUILTIN_SOURCES].sort(),
      ['blobs', 'circles', 'classification', 'iris', 'mnist', 'moons', 'poly', 'spiral', 'xor']);
  });

  it('rejects an unknown built-in name with a suggestion', async () => {
    await assert.rejects(loadData(dataSpec({ source: 'irsi' }), NET), dataError('data.source', /did you mean "iris"/i));
  });

  it('rejects bad fractions and limits, and validation + test ≥ 1', async () => {
    await assert.rejects(loadData(dataSpec({ validation: 1 }), NET), dataError('data.validation'));
    await assert.rejects(loadData(dataSpec({ test: -0.1 }), NET), dataError('data.test'));
    await assert.rejects(loadData(dataSpec({ validation: 0.6, test: 0.5 }), NET), dataError('data.test'));
    await assert.rejects(loadData(dataSpec({ limit: 0 }), NET), dataError('data.limit'));
    await assert.rejects(loadData(dataSpec({ validation: 'val.csv' }), NET), dataError('data.validation'));
  });

  it('subsetRows copies the chosen rows with their labels, in the order given', () => {
    const d = { x: Float32Array.from([1, 2, 3, 4, 5, 6]), y: Float32Array.from([10, 20, 30, 40, 50, 60]), n: 3,
      features: 2, targets: 2, task: 'regression' as const, classes: 0, featureNames: ['a', 'b'] };
    const s = subsetRows(d, [2, 0]);
    assert.equal(s.n, 2);
    assert.deepEqual(Array.from(s.x), [5, 6, 1, 2]);
    assert.deepEqual(Array.from(s.y), [50, 60, 10, 20]);
    assert.deepEqual(s.featureNames, ['a', 'b']);
    s.x[0] = -1;
    assert.equal(d.x[4], 5);
    assert.throws(() => subsetRows(d, [3]), RangeError);
  });
});
