// Models trained together (studies/ensemble) against the same models trained one at a time
// by train(), on the CPU reference backend. Tolerance: none. Each model of the stack runs the
// same float32 operations in the same order as alone (the stacked linear op is the 2-D one
// per model, the loss terms get the constant the mean would give, the optimizer is
// element-wise, the per-model sums reduce in the same order), so the errors, losses and
// predictions must be bit-identical; any difference is a bug, not rounding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import type { Backend, TensorRef } from '../../src/engine/backends/backend';
import { createCpuBackend } from '../../src/engine/backends/cpu';
import { runStudies, type StudyProgress } from '../../src/engine/studies';
import { StackedModel } from '../../src/engine/studies/ensemble/stacked-model';
import { predictGroup, trainGroup } from '../../src/engine/studies/ensemble/train-group';
import { groupUnsupported } from '../../src/engine/studies/placement';
import { predictFromWeights } from '../../src/engine/studies/predict';
import { bootstrapRows, withTraining, withTrainRows, withWeightDecay } from '../../src/engine/studies/variants';
import { runtime, setBackend } from '../../src/engine/runtime';
import { apply, tensor } from '../../src/engine/tensor';
import { networkFile } from '../helpers/run';

const FILES: Record<string, string> = {
  'cross-entropy, dropout, adam': `data: { source: circles, samples: 200, noise: 0.1, validation: 0.3 }
model:
  - dense: 8
    activation: tanh
  - dropout: 0.2
  - dense: 6
    activation: relu
  - dense: 2
    activation: softmax
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.02 }
train: { epochs: 12, batch_size: 16 }
`,
  'binary cross-entropy, gelu, momentum + weight decay, early stopping': `data: { source: moons, samples: 300, noise: 0.3, validation: 0.3 }
model:
  - dense: 16
    activation: gelu
  - dense: 1
    activation: sigmoid
loss: binary_cross_entropy
optimizer: { type: momentum, learning_rate: 0.1, weight_decay: 0.001 }
train: { epochs: 40, batch_size: 32, early_stopping: { patience: 3 } }
`,
  'mse, sgd, early stopping without restore': `data: { source: poly, samples: 150, noise: 0.3, validation: 0.3 }
model:
  - dense: 12
    activation: sigmoid
  - dense: 1
loss: mse
optimizer: { type: sgd, learning_rate: 0.05 }
train: { epochs: 30, batch_size: 10, early_stopping: { patience: 2, restore_best: false } }
`,
  // The group evaluates the training split every epoch only for this monitor.
  'mae, adam, early stopping on the training loss': `data: { source: poly, samples: 150, noise: 0.3, validation: 0.3 }
model:
  - dense: 10
    activation: tanh
  - dense: 1
loss: mae
optimizer: { type: adam, learning_rate: 0.05 }
train: { epochs: 40, batch_size: 16, early_stopping: { monitor: loss, patience: 2 } }
`,
  'cross-entropy, sgd, early stopping on validation accuracy': `data: { source: circles, samples: 200, noise: 0.2, validation: 0.3 }
model:
  - dense: 8
    activation: relu
  - dense: 2
    activation: softmax
loss: cross_entropy
optimizer: { type: sgd, learning_rate: 0.3 }
train: { epochs: 40, batch_size: 16, early_stopping: { monitor: val_accuracy, patience: 3 } }
`,
};

/**
 * `inner` with every buffer it hands out counted in `live` until disposed, and `fail` to make a
 * call throw (a read: reject), as a GPU error would at that point.
 */
function watched(inner: Backend, fail: (method: string, args: unknown[]) => boolean = () => false): { backend: Backend; live: Set<object> } {
  const live = new Set<object>();
  const backend = new Proxy(inner, {
    get(target, key) {
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (fail(String(key), args)) {
          const err = new Error(`injected failure in ${String(key)}`);
          if (key === 'read') return Promise.reject(err);
          throw err;
        }
        if (key === 'dispose') live.delete(args[0] as object);
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (key !== 'read' && out && typeof out === 'object') live.add(out);
        return out;
      };
    },
  });
  return { backend, live };
}

describe('models trained together equal the same models trained one at a time (CPU, bit for bit)', () => {
  for (const [name, yaml] of Object.entries(FILES)) {
    it(name, async () => {
      const backend = await init({ backend: 'cpu' });
      const p = await prepareRun(networkFile(yaml));
      if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
      const seeds = [11, 12, 13];
      const rows = seeds.map((s) => bootstrapRows(p.splits.train.n, s));
      const group = await trainGroup({ spec: p.spec, splits: p.splits, members: seeds.map((seed, k) => ({ seed, rows: rows[k] })), predict: true });
      const stopped = new Set<number>();
      for (const [k, seed] of seeds.entries()) {
        const spec = withTraining(p.spec, p.spec.train.epochs, seed);
        const weightsPath = networkFile('', `w${k}.json`);
        const end = await train({ spec, splits: withTrainRows(p.splits, rows[k]), backend, weightsPath, onEvent: () => {} });
        const g = group[k];
        stopped.add(end.epochs);
        assert.equal(g.status, end.status, `model ${k}`);
        assert.deepEqual(g.train, end.final!.train, `model ${k} train metrics`);
        assert.deepEqual(g.validation, end.final!.validation, `model ${k} validation metrics`);
        assert.deepEqual(g.predictions, await predictFromWeights(spec, weightsPath, p.splits.validation!), `model ${k} predictions`);
      }
      // With early stopping the models stop at different epochs: each keeps its own weights.
      if (p.spec.train.earlyStopping) assert.ok(stopped.size > 1, `the models all stopped after ${[...stopped]} epochs`);
    });
  }

  // The weight-decay sweep: one group whose models differ in seed and weight decay (the
  // optimizer step's per-model weight decay), against train() with each model's own spec.
  for (const name of ['cross-entropy, dropout, adam', 'binary cross-entropy, gelu, momentum + weight decay, early stopping', 'mse, sgd, early stopping without restore']) {
    it(`one weight decay per model (${name})`, async () => {
      const backend = await init({ backend: 'cpu' });
      const p = await prepareRun(networkFile(FILES[name]));
      if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
      const members = [[0, 21], [1e-4, 21], [1e-2, 22], [0.1, 22], [0.3, 23]].map(([weightDecay, seed]) => ({ seed, weightDecay, rows: bootstrapRows(p.splits.train.n, seed) }));
      const group = await trainGroup({ spec: p.spec, splits: p.splits, members, predict: true });
      const finals = new Set<string>();
      for (const [k, m] of members.entries()) {
        const spec = withWeightDecay(withTraining(p.spec, p.spec.train.epochs, m.seed), m.weightDecay);
        const weightsPath = networkFile('', `wd${k}.json`);
        const end = await train({ spec, splits: withTrainRows(p.splits, m.rows), backend, weightsPath, onEvent: () => {} });
        const g = group[k];
        assert.equal(g.status, end.status, `model ${k}`);
        assert.deepEqual(g.train, end.final!.train, `model ${k} train metrics`);
        assert.deepEqual(g.validation, end.final!.validation, `model ${k} validation metrics`);
        assert.deepEqual(g.predictions, await predictFromWeights(spec, weightsPath, p.splits.validation!), `model ${k} predictions`);
        finals.add(JSON.stringify(g.validation));
      }
      // The weight decay made a difference: the same seed and rows end elsewhere.
      assert.equal(finals.size, members.length);
    });
  }

  it('the optimizer step with one weight decay per model is the scalar step on each model\'s part', () => {
    const cpu = createCpuBackend();
    const K = 3, per = 7, decays = [0, 1e-3, 0.25];
    for (const kind of ['sgd', 'momentum', 'adam'] as const) {
      const vals = (s: number) => Float32Array.from({ length: K * per }, (_, i) => Math.sin(i * 1.3 + s));
      const stacked = { param: vals(1), grad: vals(2), state1: vals(3).map(Math.abs), state2: vals(4).map(Math.abs), size: K * per };
      const parts = decays.map((_, k) => {
        const cut = (a: Float32Array) => a.slice(k * per, (k + 1) * per);
        return { param: cut(stacked.param), grad: cut(stacked.grad), state1: cut(stacked.state1), state2: cut(stacked.state2), size: per };
      });
      const hyper = { kind, learningRate: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 };
      for (let step = 1; step <= 3; step++) {
        cpu.optimizerStep([stacked], { ...hyper, step, weightDecay: decays });
        parts.forEach((part, k) => cpu.optimizerStep([part], { ...hyper, step, weightDecay: decays[k] }));
      }
      for (const key of ['param', 'state1', 'state2'] as const) {
        assert.deepEqual(stacked[key], Float32Array.from(parts.flatMap((q) => [...q[key]])), `${kind} ${key}`);
      }
    }
    assert.throws(() => cpu.optimizerStep([{ param: new Float32Array(5), grad: new Float32Array(5), state1: new Float32Array(1), state2: new Float32Array(1), size: 5 }],
      { kind: 'sgd', learningRate: 0.1, momentum: 0, beta1: 0, beta2: 0, epsilon: 0, step: 1, weightDecay: [0, 1] }), /not 2 models/);
  });

  it('a study with groupModels gives the numbers of the study without', async () => {
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(FILES['cross-entropy, dropout, adam']));
    if (!p.ok) throw new Error('bad file');
    const opts = { backend, kinds: ['learning_curve' as const, 'bootstrap' as const, 'weight_decay' as const], seeds: 2, bootstraps: 3, epochs: 5, fractions: [0.5, 1], weightDecays: [0, 0.01] };
    const seen: string[] = [];
    const alone = await runStudies(p.spec, p.splits, { ...opts, groupModels: false });
    const together = await runStudies(p.spec, p.splits, { ...opts, groupModels: true, onProgress: (q) => seen.push(`${q.study} ${q.done}/${q.total} ${q.overall.done}/${q.overall.total}`) });
    assert.deepEqual(together.studies.map(({ seconds: _, ...s }) => s), alone.studies.map(({ seconds: _, ...s }) => s));
    assert.match(alone.backend.reason, /11 models trained one at a time on cpu/);
    // The weight-decay sweep (0 and 0.01, 2 seeds) is one group of 4.
    assert.match(together.backend.reason, /4 groups of 2, 3 or 4 models trained together on cpu/);
    // Every model of a group is reported when the group ends, in order.
    const steps = (study: string, total: number, from: number) => Array.from({ length: total }, (_, i) => `${study} ${i + 1}/${total} ${from + i}/11`);
    assert.deepEqual(seen, [...steps('learning_curve', 4, 1), ...steps('weight_decay', 4, 5), ...steps('bootstrap', 3, 9)]);
  });

  it('a cancelled group throws no result away but its own', async () => {
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(FILES['cross-entropy, dropout, adam']));
    if (!p.ok) throw new Error('bad file');
    const abort = new AbortController();
    const r = await runStudies(p.spec, p.splits, {
      backend, groupModels: true, kinds: ['learning_curve', 'bootstrap'], seeds: 2, bootstraps: 4, epochs: 600, fractions: [1], signal: abort.signal,
      onProgress: (q) => { if (q.study === 'learning_curve' && q.done === q.total) setTimeout(() => abort.abort(), 50); },
    });
    assert.equal(r.status, 'cancelled');
    assert.deepEqual(r.studies.map((s) => s.kind), ['learning_curve']);
  });

  it('a group whose stacked training throws trains one at a time, with the same numbers', async () => {
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(FILES['cross-entropy, dropout, adam']));
    if (!p.ok) throw new Error('bad file');
    const opts = { backend, kinds: ['learning_curve' as const, 'bootstrap' as const], seeds: 2, bootstraps: 3, epochs: 4, fractions: [0.5, 1] };
    const alone = await runStudies(p.spec, p.splits, { ...opts, groupModels: false });
    // Only the stack uses a 3-D weight: train() alone never reaches the failure.
    const stackFails = watched(runtime.backend, (method, args) => method === 'linear' && (args[1] as TensorRef).shape.length === 3);
    const previous = runtime.backend;
    setBackend(stackFails.backend);
    const seen: string[] = [];
    try {
      const together = await runStudies(p.spec, p.splits, { ...opts, groupModels: true, onProgress: (q) => seen.push(`${q.study} ${q.done}/${q.total}`) });
      assert.equal(together.status, 'completed');
      assert.deepEqual(together.studies.map(({ seconds: _, ...s }) => s), alone.studies.map(({ seconds: _, ...s }) => s));
      assert.match(together.backend.reason, /; 7 models trained one at a time on cpu, 3 groups fell back to one at a time: injected failure in linear$/);
      assert.doesNotMatch(together.backend.reason, /together/);
      // Each training is reported once, in order: none twice for the failed group.
      assert.deepEqual(seen, ['learning_curve 1/4', 'learning_curve 2/4', 'learning_curve 3/4', 'learning_curve 4/4', 'bootstrap 1/3', 'bootstrap 2/3', 'bootstrap 3/3']);
    } finally {
      setBackend(previous);
    }
  });

  for (const [where, fail] of [
    ['a training step', (m: string) => m === 'flush'],
    ['the final evaluation', (m: string, reads: number) => m === 'read' && reads === 1],
    ['the predictions', (m: string, reads: number) => m === 'read' && reads === 3],
  ] as const) {
    it(`an error in ${where} frees every buffer of the group`, async () => {
      await init({ backend: 'cpu' });
      const p = await prepareRun(networkFile(FILES['cross-entropy, dropout, adam']));
      if (!p.ok) throw new Error('bad file');
      const members = [11, 12].map((seed) => ({ seed, rows: bootstrapRows(p.splits.train.n, seed) }));
      const previous = runtime.backend;
      let reads = 0;
      const ok = watched(runtime.backend);
      const failing = watched(runtime.backend, (m) => fail(m, m === 'read' ? ++reads : reads));
      try {
        setBackend(ok.backend);
        await trainGroup({ spec: p.spec, splits: p.splits, members, predict: true });
        assert.equal(ok.live.size, 0, 'buffers left after a group that succeeded');
        setBackend(failing.backend);
        await assert.rejects(trainGroup({ spec: p.spec, splits: p.splits, members, predict: true }), /injected failure/);
        assert.equal(failing.live.size, 0, `buffers left after an error in ${where}`);
      } finally {
        setBackend(previous);
      }
    });
  }

  it('predicts in chunks of rows with the values of one pass', async () => {
    await init({ backend: 'cpu' });
    for (const name of ['cross-entropy, dropout, adam', 'mse, sgd, early stopping without restore']) {
      const p = await prepareRun(networkFile(FILES[name]));
      if (!p.ok) throw new Error('bad file');
      const val = p.splits.validation!;
      const model = new StackedModel(p.spec.model, val.features, [1, 2, 3]);
      const whole = await predictGroup(model, p.spec.loss, val);
      assert.deepEqual(await predictGroup(model, p.spec.loss, val, 7), whole, `${name}: chunks of 7 rows`);
      assert.ok(val.n > 7 && val.n % 7 !== 0);
      model.dispose();
    }
  });

  it('reports the epochs of a group while it trains, at most every 250 ms', async () => {
    // 600 epochs: each group trains well over 250 ms even on a fast machine (200 did not).
    const backend = await init({ backend: 'cpu' });
    const p = await prepareRun(networkFile(FILES['cross-entropy, dropout, adam']));
    if (!p.ok) throw new Error('bad file');
    const seen: (StudyProgress & { at: number })[] = [];
    const r = await runStudies(p.spec, p.splits, {
      backend, groupModels: true, kinds: ['learning_curve', 'bootstrap'], seeds: 2, bootstraps: 4, epochs: 600, fractions: [1],
      onProgress: (q) => seen.push({ ...q, at: performance.now() }),
    });
    assert.equal(r.status, 'completed');
    const during = seen.filter((q) => /epoch/.test(q.message));
    const lc = during.filter((q) => q.study === 'learning_curve');
    const boot = during.filter((q) => q.study === 'bootstrap');
    assert.ok(lc.length && boot.length, `progress during the groups: ${during.map((q) => q.message)}`);
    for (const q of lc) assert.match(q.message, /^100% of the training data \(140 samples\): epoch \d+\/600 \(2 models together\)$/);
    for (const q of boot) assert.match(q.message, /^bootstrap: epoch \d+\/600 \(4 models together\)$/);
    // `done` counts trainings finished: none of the group's until it ends.
    assert.ok(lc.every((q) => q.done === 0 && q.overall.done === 0 && q.total === 2 && q.overall.total === 6));
    assert.ok(boot.every((q) => q.done === 0 && q.overall.done === 2 && q.total === 4));
    for (const list of [lc, boot]) {
      const epochs = list.map((q) => Number(/epoch (\d+)/.exec(q.message)![1]));
      assert.deepEqual(epochs, [...epochs].sort((a, b) => a - b));
      for (let i = 1; i < list.length; i++) assert.ok(list[i].at - list[i - 1].at >= 240, `reports ${list[i].at - list[i - 1].at} ms apart`);
    }
    // Then every model of the group when it ends.
    assert.deepEqual(seen.filter((q) => !/epoch/.test(q.message)).map((q) => `${q.study} ${q.done}/${q.total} ${q.overall.done}`),
      ['learning_curve 1/2 1', 'learning_curve 2/2 2', 'bootstrap 1/4 3', 'bootstrap 2/4 4', 'bootstrap 3/4 5', 'bootstrap 4/4 6']);
  });

  it('says which specs it cannot stack', () => {
    const p = { model: [{ kind: 'conv', path: 'model[0]' }], loss: 'mse', optimizer: { type: 'adam' } } as never;
    assert.equal(groupUnsupported(p), 'layer conv');
  });

  it('the stacked linear op is the 2-D op per model, forward and backward', async () => {
    const cpu = createCpuBackend();
    const previous = runtime.backend;
    setBackend(cpu);
    try {
      const [K, n, k, m] = [3, 5, 4, 6];
      const vals = (len: number, s: number) => Float32Array.from({ length: len }, (_, i) => Math.sin(i * 1.7 + s));
      const x = tensor(vals(K * n * k, 1), { shape: [K, n, k], requiresGrad: true });
      const w = tensor(vals(K * k * m, 2), { shape: [K, k, m], requiresGrad: true });
      const b = tensor(vals(K * m, 3), { shape: [K, 1, m], requiresGrad: true });
      const out = apply('linear', [x, w, b], { act: 'tanh' });
      out.square().sum().backward();
      const slice = async (t: { data(): Promise<Float32Array> }, i: number, size: number) => (await t.data()).slice(i * size, (i + 1) * size);
      for (let i = 0; i < K; i++) {
        const xi = tensor(await slice(x, i, n * k), { shape: [n, k], requiresGrad: true });
        const wi = tensor(await slice(w, i, k * m), { shape: [k, m], requiresGrad: true });
        const bi = tensor(await slice(b, i, m), { shape: [m], requiresGrad: true });
        const oi = apply('linear', [xi, wi, bi], { act: 'tanh' });
        oi.square().sum().backward();
        assert.deepEqual(await oi.data(), await slice(out, i, n * m));
        assert.deepEqual(await xi.grad!.data(), await slice(x.grad!, i, n * k));
        assert.deepEqual(await wi.grad!.data(), await slice(w.grad!, i, k * m));
        assert.deepEqual(await bi.grad!.data(), await slice(b.grad!, i, m));
      }
      // A 2-D input is shared by every model: model i's values and gradients are those of
      // [shared, w[i], b[i]] alone; the input's gradient is the sum of the models' in order 0..K-1
      // (float32, as the reduction over the stack adds them).
      for (const t of [w, b]) t.zeroGrad();
      const shared = tensor(vals(n * k, 4), { shape: [n, k], requiresGrad: true });
      const o2 = apply('linear', [shared, w, b], { act: 'relu' });
      assert.deepEqual(o2.shape, [K, n, m]);
      o2.square().sum().backward();
      const sharedGrad = new Float32Array(n * k);
      for (let i = 0; i < K; i++) {
        const xi = tensor(await shared.data(), { shape: [n, k], requiresGrad: true });
        const wi = tensor(await slice(w, i, k * m), { shape: [k, m], requiresGrad: true });
        const bi = tensor(await slice(b, i, m), { shape: [m], requiresGrad: true });
        const oi = apply('linear', [xi, wi, bi], { act: 'relu' });
        oi.square().sum().backward();
        assert.deepEqual(await oi.data(), await slice(o2, i, n * m), `shared input: model ${i} values`);
        assert.deepEqual(await wi.grad!.data(), await slice(w.grad!, i, k * m), `shared input: model ${i} weight gradient`);
        assert.deepEqual(await bi.grad!.data(), await slice(b.grad!, i, m), `shared input: model ${i} bias gradient`);
        const gi = await xi.grad!.data();
        for (let j = 0; j < n * k; j++) sharedGrad[j] += gi[j];
      }
      assert.deepEqual(await shared.grad!.data(), sharedGrad, 'shared input gradient');
    } finally {
      setBackend(previous);
    }
  });
});
