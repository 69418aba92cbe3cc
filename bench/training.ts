// Cases (2) and (3): one MNIST training epoch (batch 128, Adam, softmax cross-entropy) on
// our engine and on each tfjs peer, same data and architecture. Ours goes through the same
// pieces the trainer uses (Sequential, Optimizer, DeviceData, computeLoss: one flush per
// step, nothing read back until the epoch ends); tfjs through tfjs-core's own optimizer.
import type { Backend } from '../src/engine/backends/backend';
import type { Dataset } from '../src/engine/data';
import type { LayerSpec, OptimizerSpec } from '../src/engine/netfile/spec';
import { computeLoss } from '../src/engine/nn/losses';
import { Sequential } from '../src/engine/nn/model';
import { Optimizer } from '../src/engine/nn/optimizer';
import { runtime, tidy, withBackend } from '../src/engine/runtime';
import { DeviceData } from '../src/engine/train/device-data';
import type { Peers } from './peers';

export const BATCH = 128;
const ADAM: OptimizerSpec = {
  type: 'adam', learningRate: 1e-3, momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0,
};

export interface EpochRunner {
  /** Batches in one epoch. */
  readonly steps: number;
  /** The first `steps` batches of the epoch (all by default); resolves when the device is done. */
  run(steps?: number): Promise<void>;
  /** Loss of the last batch (read once, after timing). */
  lastLoss(): Promise<number>;
  dispose(): void;
}

/** The same shuffled batch order for everyone. */
export function batchOrder(n: number, seed = 7): Float32Array {
  const order = Float32Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * `backend` is made the runtime's backend while the runner builds, runs, reads or disposes,
 * and the previous one is restored after each (so the WebGPU and CPU cases can alternate).
 */
export function oursRunner(backend: Backend, data: Dataset, hidden: number[]): EpochRunner {
  const using = <T>(fn: () => T): T => withBackend(backend, fn);
  return using(() => buildRunner(data, hidden, using));
}

function buildRunner(data: Dataset, hidden: number[], using: <T>(fn: () => T) => T): EpochRunner {
  const specs: LayerSpec[] = [
    ...hidden.map((units, i): LayerSpec => ({ kind: 'dense', units, activation: 'relu', path: `model[${i}]` })),
    { kind: 'dense', units: 10, activation: 'softmax', path: `model[${hidden.length}]` },
  ];
  const model = new Sequential(specs, data.features, 1);
  const device = new DeviceData(data, 10, 'cross_entropy');
  const optimizer = new Optimizer(model.parameters(), ADAM);
  const order = batchOrder(data.n);
  const steps = Math.ceil(data.n / BATCH);
  let last: import('../src/engine/tensor').Tensor | null = null;
  const step = (s: number, limit: number): void => {
    tidy(() => {
      const { x, targets } = device.batch(order.subarray(s * BATCH, Math.min((s + 1) * BATCH, data.n)), true);
      const out = model.forward(x, { training: true, logits: true });
      const loss = computeLoss('cross_entropy', out, targets);
      for (const p of model.parameters()) p.zeroGrad();
      loss.backward();
      optimizer.update();
      if (s === limit - 1) {
        last?.dispose();
        last = loss.keep();
      }
    });
    runtime.backend.flush();
  };
  return {
    steps,
    async run(limit = steps) {
      // One read-back per epoch: it waits for every submitted step.
      await using(() => {
        for (let s = 0; s < limit; s++) step(s, limit);
        return model.parameters()[0]!.data();
      });
    },
    async lastLoss() {
      return last ? (await using(() => last!.data()))[0]! : NaN;
    },
    dispose() {
      using(() => {
        last?.dispose();
        for (const p of model.parameters()) p.dispose();
        optimizer.dispose();
        device.dispose();
      });
    },
  };
}

export function tfRunner(peers: Peers, data: Dataset, hidden: number[]): EpochRunner {
  const { tf } = peers;
  const x = tf.tensor2d(data.x, [data.n, data.features]);
  const y = tf.cast(tf.oneHot(tf.tensor1d(data.y, 'int32'), 10), 'float32');
  const sizes = [data.features, ...hidden, 10];
  const vars = sizes.slice(1).flatMap((out, i) => {
    const lim = Math.sqrt(6 / (sizes[i]! + out));
    return [tf.variable(tf.randomUniform([sizes[i]!, out], -lim, lim)), tf.variable(tf.zeros([out]))];
  });
  const opt = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  const order = batchOrder(data.n);
  const steps = Math.ceil(data.n / BATCH);
  let last: import('@tensorflow/tfjs-core').Scalar | null = null;
  return {
    steps,
    async run(limit = steps) {
      for (let s = 0; s < limit; s++) {
        const idx = tf.tensor1d(Array.from(order.subarray(s * BATCH, Math.min((s + 1) * BATCH, data.n))), 'int32');
        const xb = tf.gather(x, idx);
        const yb = tf.gather(y, idx);
        last?.dispose();
        last = opt.minimize(() => {
          let h = xb as import('@tensorflow/tfjs-core').Tensor2D;
          for (let l = 0; l < vars.length; l += 2) {
            h = tf.add(tf.matMul(h, vars[l]!), vars[l + 1]!);
            if (l + 2 < vars.length) h = tf.relu(h);
          }
          return tf.losses.softmaxCrossEntropy(yb, h);
        }, true);
        tf.dispose([idx, xb, yb]);
      }
      await vars[0]!.data();
    },
    async lastLoss() {
      return last ? (await last.data())[0]! : NaN;
    },
    dispose() {
      tf.dispose([x, y, ...vars]);
      last?.dispose();
      opt.dispose();
    },
  };
}
