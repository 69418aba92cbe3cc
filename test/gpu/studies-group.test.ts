// Models trained together on WebGPU (studies/ensemble) against the CPU reference: the stacked
// linear op, a whole group's training, and full studies whose verdicts must match the CPU's.
// WebGPU sums in another order (fma, tiles), so values differ in the last bits and drift a
// little over the epochs; the tolerances below say how far is still "the same".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend, FusedActivation, Shape } from '../../src/engine/backends/backend';
import { init, prepareRun } from '../../src/engine';
import { runtime, setBackend } from '../../src/engine/runtime';
import { runStudies, type StudyOptions } from '../../src/engine/studies';
import { StackedModel } from '../../src/engine/studies/ensemble/stacked-model';
import { predictGroup, trainGroup } from '../../src/engine/studies/ensemble/train-group';
import type { LearningCurveStudy, StudyResult, SweepStudy } from '../../src/engine/studies/types';
import { bootstrapRows } from '../../src/engine/studies/variants';
import { networkFile } from '../helpers/run';
import { WIDE_ON_NOISY as wideOnNoisy } from '../helpers/study-files';
import { assertClose, cpu, gpuBackend, randPair, same } from './helpers';

const circlesMlp = `data: { source: circles, samples: 200, noise: 0.1, validation: 0.3 }
model:
  - dense: 8
    activation: tanh
  - dropout: 0.2
  - dense: 2
    activation: softmax
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.02 }
train: { epochs: 15, batch_size: 16 }
`;

const polyMlp = `data: { source: poly, samples: 150, noise: 0.3, validation: 0.3 }
model:
  - dense: 12
    activation: sigmoid
  - dense: 1
loss: mse
optimizer: { type: sgd, learning_rate: 0.05 }
train: { epochs: 10, batch_size: 10 }
`;

/** `inner` with every buffer it hands out counted in `live` until disposed; `failRead(n)`:
 *  whether the n-th read back fails (as on a lost device). */
function watched(inner: Backend, failRead: (n: number) => boolean): { backend: Backend; live: Set<object> } {
  const live = new Set<object>();
  let reads = 0;
  const backend = new Proxy(inner, {
    get(target, key) {
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (key === 'read' && failRead(++reads)) return Promise.reject(new Error('injected read failure'));
        if (key === 'dispose') live.delete(args[0] as object);
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (key !== 'read' && out && typeof out === 'object') live.add(out);
        return out;
      };
    },
  });
  return { backend, live };
}

async function studies(file: string, backend: 'cpu' | 'webgpu', opts: Omit<StudyOptions, 'backend'>): Promise<StudyResult> {
  const info = await init({ backend });
  const p = await prepareRun(file);
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  // cpuForTinyModels off: these small files would otherwise go to the CPU.
  return runStudies(p.spec, p.splits, { backend: info, cpuForTinyModels: false, ...opts });
}
const lc = (r: StudyResult) => r.studies.find((s) => s.kind === 'learning_curve') as LearningCurveStudy;

describe('models trained together on WebGPU match the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  it('the stacked linear op (per-model or shared input, every fused activation)', async () => {
    const cases: [Shape, Shape, Shape][] = [
      [[3, 5, 7], [3, 7, 4], [3, 1, 4]], [[5, 7], [3, 7, 4], [3, 1, 4]], [[10, 33, 2], [10, 2, 8], [10, 1, 8]],
      [[130, 65], [4, 65, 68], [4, 1, 68]], [[1, 9, 8], [1, 8, 8], [1, 1, 8]], [[6, 70, 20], [6, 20, 64], [64]],
    ];
    for (const act of ['none', 'relu', 'tanh', 'sigmoid'] as FusedActivation[]) {
      for (const [xs, ws, bs] of cases) {
        const x = randPair(g, xs, 1), w = randPair(g, ws, 2, -0.5, 0.5), b = randPair(g, bs, 3);
        await same(g, g.linear(x.gpu, w.gpu, b.gpu, act), cpu.linear(x.cpu, w.cpu, b.cpu, act),
          { rtol: 1e-4, atol: 1e-5 * Math.max(1, xs[xs.length - 1]! / 10) }, `linear [${xs}] [${ws}] [${bs}] ${act}`);
      }
    }
  });

  it('a group of 3 (dropout, Adam): losses within 1e-3, at most one validation point apart, predictions ≥ 98 % the same', async () => {
    const p = await prepareRun(networkFile(circlesMlp));
    if (!p.ok) throw new Error('bad file');
    const members = [21, 22, 23].map((seed) => ({ seed, rows: bootstrapRows(p.splits.train.n, seed) }));
    await init({ backend: 'cpu' });
    const onCpu = await trainGroup({ spec: p.spec, splits: p.splits, members, predict: true });
    await init({ backend: 'webgpu' });
    const onGpu = await trainGroup({ spec: p.spec, splits: p.splits, members, predict: true });
    const nVal = p.splits.validation!.n;
    onCpu.forEach((c, k) => {
      const w = onGpu[k];
      assert.equal(w.status, c.status);
      assert.ok(Math.abs(w.train!.loss - c.train!.loss) <= 1e-3, `model ${k} train loss ${w.train!.loss} vs ${c.train!.loss}`);
      assert.ok(Math.abs(w.validation!.loss - c.validation!.loss) <= 1e-3, `model ${k} validation loss ${w.validation!.loss} vs ${c.validation!.loss}`);
      assert.ok(Math.abs(w.validation!.accuracy! - c.validation!.accuracy!) <= 1 / nVal + 1e-9, `model ${k} accuracy`);
      const agree = c.predictions!.filter((v, i) => v === w.predictions![i]).length;
      assert.ok(agree >= 0.98 * nVal, `model ${k}: ${agree}/${nVal} predictions agree`);
    });
  });

  it('the weight-decay sweep trains as one group (a weight decay per model): the CPU\'s errors per setting within 1e-3', async () => {
    const opts = { kinds: ['weight_decay' as const], seeds: 2 };
    const file = networkFile(polyMlp);
    const onCpu = await studies(file, 'cpu', opts);
    const onGpu = await studies(file, 'webgpu', opts);
    assert.match(onGpu.backend.reason, /1 group of 10 models trained together on webgpu$/);
    const points = (r: StudyResult) => (r.studies[0] as SweepStudy).points;
    assert.deepEqual(points(onGpu).map((q) => q.label), ['0', '1e-4', '1e-3', '1e-2', '1e-1']);
    points(onCpu).forEach((c, i) => {
      const w = points(onGpu)[i];
      for (const split of ['train', 'validation'] as const) {
        const [a, b] = [w[split]!.mean, c[split]!.mean];
        assert.ok(Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(b)), `${c.label} ${split}: ${a} vs ${b}`);
      }
    });
    // The weight decay reached every model: the settings' errors differ.
    assert.equal(new Set(points(onGpu).map((q) => q.train!.mean)).size, 5);
  });

  it('a group predicts in chunks of rows with the values of the CPU in one pass', async () => {
    for (const file of [circlesMlp, polyMlp]) {
      const p = await prepareRun(networkFile(file));
      if (!p.ok) throw new Error('bad file');
      const val = p.splits.validation!;
      await init({ backend: 'cpu' });
      const onCpu = new StackedModel(p.spec.model, val.features, [1, 2, 3]);
      const expected = await predictGroup(onCpu, p.spec.loss, val);
      await init({ backend: 'webgpu' });
      const onGpu = new StackedModel(p.spec.model, val.features, [1, 2, 3]);
      const actual = await predictGroup(onGpu, p.spec.loss, val, 7);
      onGpu.dispose();
      actual.forEach((a, k) => {
        if (val.task === 'regression') assertClose(a, expected[k], { rtol: 1e-4, atol: 1e-5 }, `model ${k} outputs`);
        else assert.ok(a.filter((v, i) => v === expected[k][i]).length >= 0.98 * val.n, `model ${k}: predicted classes`);
      });
    }
  });

  it('a group whose read back fails frees its buffers', async () => {
    const p = await prepareRun(networkFile(circlesMlp));
    if (!p.ok) throw new Error('bad file');
    const members = [21, 22].map((seed) => ({ seed, rows: bootstrapRows(p.splits.train.n, seed) }));
    await init({ backend: 'webgpu' });
    const previous = runtime.backend;
    // Read 1: the final evaluation; read 3: the predictions (no early stopping: no reads before).
    for (const n of [1, 3]) {
      const w = watched(previous, (i) => i === n);
      setBackend(w.backend);
      try {
        await assert.rejects(trainGroup({ spec: p.spec, splits: p.splits, members, predict: true }), /injected read failure/);
        assert.equal(w.live.size, 0, `buffers left after read ${n} failed`);
      } finally {
        setBackend(previous);
      }
    }
  });

  it('studies on WebGPU (models trained together) give the CPU\'s verdicts: circles-linear is bias', async () => {
    const opts = { kinds: ['learning_curve', 'bootstrap'] as const, seeds: 2, bootstraps: 6 };
    const onCpu = await studies('examples/circles-linear.nn.yaml', 'cpu', { ...opts, kinds: [...opts.kinds] });
    const onGpu = await studies('examples/circles-linear.nn.yaml', 'webgpu', { ...opts, kinds: [...opts.kinds] });
    assert.equal(onGpu.backend.name, 'webgpu');
    assert.match(onGpu.backend.reason, /6 groups of 2 or 6 models trained together on webgpu/);
    assert.equal(lc(onGpu).verdict, 'bias');
    assert.equal(lc(onGpu).verdict, lc(onCpu).verdict);
    assert.equal(onGpu.summary!.dominant, onCpu.summary!.dominant);
    const boot = (r: StudyResult) => r.studies.find((s) => s.kind === 'bootstrap')!;
    assert.equal(boot(onGpu).dominant, boot(onCpu).dominant);
  });

  it('… and the wide network on 30 noisy points is variance', async () => {
    const file = networkFile(wideOnNoisy);
    const opts = { kinds: ['learning_curve' as const, 'bootstrap' as const], seeds: 1, bootstraps: 6, fractions: [0.25, 0.5, 1] };
    const onCpu = await studies(file, 'cpu', opts);
    const onGpu = await studies(file, 'webgpu', opts);
    assert.match(onGpu.backend.reason, /1 group of 6 models trained together on webgpu/);
    assert.equal(lc(onGpu).verdict, 'variance', lc(onGpu).summary);
    assert.equal(lc(onGpu).verdict, lc(onCpu).verdict);
    assert.equal(onGpu.summary!.dominant, onCpu.summary!.dominant);
  });
});
