// Models trained together (studies/ensemble) against the same models trained one at a time
// by train(), on the CPU reference backend. Tolerance: none. Each model of the stack runs the
// same float32 operations in the same order as alone (the stacked linear op is the 2-D one
// per model, the loss terms get the constant the mean would give, the optimizer is
// element-wise, the per-model sums reduce in the same order), so the errors, losses and
// predictions must be bit-identical; any difference is a bug, not rounding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import { createCpuBackend } from '../../src/engine/backends/cpu';
import { runStudies } from '../../src/engine/studies';
import { trainGroup } from '../../src/engine/studies/ensemble/train-group';
import { groupUnsupported } from '../../src/engine/studies/placement';
import { predictFromWeights } from '../../src/engine/studies/predict';
import { bootstrapRows, withTraining, withTrainRows } from '../../src/engine/studies/variants';
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
};

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
    assert.match(together.backend.reason, /5 groups of 2 or 3 models trained together on cpu/);
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
      backend, groupModels: true, kinds: ['learning_curve', 'bootstrap'], seeds: 2, bootstraps: 4, epochs: 200, fractions: [1], signal: abort.signal,
      onProgress: (q) => { if (q.study === 'learning_curve' && q.done === q.total) setTimeout(() => abort.abort(), 50); },
    });
    assert.equal(r.status, 'cancelled');
    assert.deepEqual(r.studies.map((s) => s.kind), ['learning_curve']);
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
      out.square().sum().backwardSync();
      const slice = async (t: { data(): Promise<Float32Array> }, i: number, size: number) => (await t.data()).slice(i * size, (i + 1) * size);
      for (let i = 0; i < K; i++) {
        const xi = tensor(await slice(x, i, n * k), { shape: [n, k], requiresGrad: true });
        const wi = tensor(await slice(w, i, k * m), { shape: [k, m], requiresGrad: true });
        const bi = tensor(await slice(b, i, m), { shape: [m], requiresGrad: true });
        const oi = apply('linear', [xi, wi, bi], { act: 'tanh' });
        oi.square().sum().backwardSync();
        assert.deepEqual(await oi.data(), await slice(out, i, n * m));
        assert.deepEqual(await xi.grad!.data(), await slice(x.grad!, i, n * k));
        assert.deepEqual(await wi.grad!.data(), await slice(w.grad!, i, k * m));
        assert.deepEqual(await bi.grad!.data(), await slice(b.grad!, i, m));
      }
      // A 2-D input is shared by every model.
      const shared = tensor(vals(n * k, 4), { shape: [n, k] });
      const o2 = apply('linear', [shared, w, b], { act: 'none' });
      assert.deepEqual(o2.shape, [K, n, m]);
    } finally {
      setBackend(previous);
    }
  });
});
