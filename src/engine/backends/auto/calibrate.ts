// Times a few training steps (forward, loss, backward, optimizer step) of the actual model
// at its batch size on one backend: the measurement `auto` chooses by. The same pieces as
// the trainer (Sequential, DeviceData, computeLoss, Optimizer), on one batch of the real rows.
import type { Dataset } from '../../data';
import { Rng } from '../../data/rng';
import type { NetworkSpec } from '../../netfile/spec';
import { computeLoss, lossTakesLogits } from '../../nn/losses';
import { Sequential } from '../../nn/model';
import { Optimizer } from '../../nn/optimizer';
import { runtime, tidy, withBackend } from '../../runtime';
import { DeviceData } from '../../train/device-data';
import type { Backend } from '../backend';

/** What is trained: the file's model, loss, optimizer and batch size, on its training rows. */
export interface Workload {
  spec: NetworkSpec;
  train: Dataset;
}

/** The model's shape as the cache keys it: what changes a step's cost, not its seed or data values. */
export function workloadKey(w: Workload): string {
  const { spec, train } = w;
  const model = spec.model.map(({ path: _, ...layer }) => layer);
  return JSON.stringify([model, train.features, train.classes, spec.loss, spec.optimizer.type, Math.min(spec.train.batchSize, train.n)]);
}

/** The rows of one batch (the first ones: their values do not change the cost). */
function oneBatch(d: Dataset, rows: number): Dataset {
  return { ...d, n: rows, x: d.x.subarray(0, rows * d.features), y: d.y.subarray(0, rows * (d.task === 'classification' ? 1 : d.targets)) };
}

/** A model of the workload built on one backend, stepped on demand (the backend is made the
 *  runtime's backend during each call, then the previous one restored). */
export interface Stepper {
  /** Run `steps` training steps and wait until the device has finished them. */
  run(steps: number): Promise<void>;
  dispose(): void;
}

export function stepper(backend: Backend, w: Workload): Stepper {
  const { spec, train } = w;
  const rows = Math.max(1, Math.min(spec.train.batchSize, train.n));
  const using = <T>(fn: () => T): T => withBackend(backend, fn);
  return using(() => {
    const model = new Sequential(spec.model, train.features, spec.train.seed);
    const data = new DeviceData(oneBatch(train, rows), train.classes, spec.loss);
    const optimizer = new Optimizer(model.parameters(), spec.optimizer);
    const rng = new Rng(spec.train.seed, 3);
    const logits = lossTakesLogits(spec.loss);
    const order = Float32Array.from({ length: rows }, (_, i) => i);
    const step = (): void => {
      tidy(() => {
        const { x, targets } = data.batch(order, true);
        const loss = computeLoss(spec.loss, model.forward(x, { training: true, rng, logits }), targets);
        for (const p of model.parameters()) p.zeroGrad();
        loss.backward();
        optimizer.update();
      });
      runtime.backend.flush();
    };
    return {
      // A read-back waits for every submitted step (the GPU queue is asynchronous).
      run: (steps) => using(() => {
        for (let i = 0; i < steps; i++) step();
        return model.parameters()[0]!.data().then(() => undefined);
      }),
      dispose: () => using(() => {
        model.dispose();
        optimizer.dispose();
        data.dispose();
      }),
    };
  });
}

/** Warm up: until `ms` have passed and at least `min` steps ran (the JIT, pipelines, worker start-up). */
export async function warm(s: Stepper, ms = 60, min = 3, max = 30): Promise<void> {
  const t0 = performance.now();
  for (let done = 0; done < max && (done < min || performance.now() - t0 < ms); done++) await s.run(1);
}

/** Milliseconds per step: as many steps as fit `budgetMs` (at least `min`, at most `max`), one read-back at the end. */
export async function timeSteps(s: Stepper, budgetMs = 120, min = 3, max = 60): Promise<number> {
  // A first step's time tells how many fit, so the loop needs no read-back per step.
  const t0 = performance.now();
  await s.run(1);
  const one = performance.now() - t0;
  const more = Math.max(min, Math.min(max, Math.floor(budgetMs / Math.max(one, 1e-3)))) - 1;
  await s.run(more);
  return (performance.now() - t0) / (more + 1);
}
