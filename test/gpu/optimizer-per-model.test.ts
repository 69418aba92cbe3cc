// The optimizer step with one weight decay per model of a stack (the studies' weight-decay
// sweep trains its settings as one group) on WebGPU against the CPU reference, and against
// the scalar step on each model's part: the per-model pipelines take one more storage buffer,
// so fewer slots fit a dispatch; enough slots here to need several dispatches.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend, OptimizerHyper, OptimizerSlot } from '../../src/engine/backends/backend';
import { assertClose, cpu, gpuBackend, OPT, slotsOn } from './helpers';

const K = 5;
const DECAYS = [0, 1e-4, 1e-2, 0.1, 0.5];
// Elements per model of each slot: odd sizes, one slot with a single value per model.
const PER_MODEL = [1, 7, 33, 65, 129, 8 * 64, 64, 10, 3];


/** Model m's part of every slot, as slots of their own (values copied from `from`). */
async function partsOn(b: Backend, from: Backend, slots: OptimizerSlot[], m: number): Promise<OptimizerSlot[]> {
  const cut = async (h: OptimizerSlot['param'], size: number) => b.upload((await from.read(h)).slice(m * size / K, (m + 1) * size / K));
  return Promise.all(slots.map(async (s) => ({
    param: await cut(s.param, s.size), grad: await cut(s.grad, s.size),
    state1: await cut(s.state1, s.size), state2: await cut(s.state2, s.size), size: s.size / K,
  })));
}

describe('webgpu optimizer step with one weight decay per model matches the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  const base: Omit<OptimizerHyper, 'kind' | 'step' | 'weightDecay'> = { learningRate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const sizes = PER_MODEL.map((n) => n * K);

  for (const kind of ['sgd', 'momentum', 'adam'] as const) {
    it(`${kind}: three steps over ${sizes.length} stacked parameters of ${K} models`, async () => {
      const gs = slotsOn(g, sizes, 1);
      const cs = slotsOn(cpu, sizes, 1);
      // Each model's part stepped alone with its scalar weight decay, on the GPU.
      const alone = await Promise.all(DECAYS.map((_, m) => partsOn(g, g, gs, m)));
      for (let step = 1; step <= 3; step++) {
        const h = { ...base, kind, step };
        g.optimizerStep(gs, { ...h, weightDecay: DECAYS });
        cpu.optimizerStep(cs, { ...h, weightDecay: DECAYS });
        alone.forEach((parts, m) => g.optimizerStep(parts, { ...h, weightDecay: DECAYS[m] }));
      }
      for (const [k, s] of gs.entries()) {
        const c = cs[k]!;
        const fields = (['param', 'state1', 'state2'] as const).filter((f) => f === 'param' || (f === 'state1' ? kind !== 'sgd' : kind === 'adam'));
        for (const f of fields) {
          const got = await g.read(s[f]);
          assertClose(got, await cpu.read(c[f]), OPT, `${kind} ${f} ${k}`);
          // The same kernel arithmetic as the scalar pipeline: equal to the last bit.
          const parts: Float32Array[] = await Promise.all(alone.map((p) => g.read(p[k]![f])));
          assert.deepEqual(got, Float32Array.from(parts.flatMap((p) => [...p])), `${kind} ${f} ${k}: the scalar step per model`);
        }
      }
    });
  }
});
