// Several models of one architecture trained together as one stacked model (one dispatch per
// op for all of them instead of one each): what the studies do with their seeds and bootstrap
// resamples. Each model keeps everything it has alone in train(): its seed's initial weights,
// batch order and dropout masks, its own rows, its own gradient (the loss is the sum of the
// models' mean losses), its own optimizer state (every optimizer here is element-wise) and
// weight decay, and its own early stopping, ending with the weights train() would end with.
// Per-epoch statistics and events, which the studies ignore, are not computed.
import type { Dataset, Splits } from '../../data';
import { Rng } from '../../data/rng';
import type { LossName, NetworkSpec } from '../../netfile/spec';
import { lossTakesLogits, lossTerms } from '../../nn/losses';
import { Optimizer } from '../../nn/optimizer';
import { noGrad, runtime, tidy } from '../../runtime';
import { full, tensor } from '../../tensor';
import { DeviceData } from '../../train/device-data';
import { BestTracker } from '../../train/early-stopping';
import type { EndStatus, Metrics } from '../../train/events';
import { predictionsFromOutputs } from '../predict';
import { EVAL_CHUNK, evaluateGroup, gatherGroup, groupMetrics } from './group-eval';
import { StackedModel } from './stacked-model';

export interface GroupMember {
  /** train.seed of this model (weights, batch order, dropout). */
  seed: number;
  /** Its training rows: indices into splits.train (the same count for every member). */
  rows: ArrayLike<number>;
  /** Its optimizer.weight_decay (default the spec's): the optimizer step takes one per model. */
  weightDecay?: number;
}

export interface GroupOutcome {
  status: EndStatus;
  /** Metrics of the weights the model ends with (null when it failed or was cancelled). */
  train: Metrics | null;
  validation: Metrics | null;
  /** Predictions on the validation rows (predictionsFromOutputs), when asked for. */
  predictions?: Float32Array;
}

export interface GroupOptions {
  spec: NetworkSpec;
  splits: Splits;
  members: GroupMember[];
  signal?: AbortSignal;
  predict?: boolean;
  /** As train()'s trainEvalLimit. */
  trainEvalLimit?: number;
  /** Called after each epoch's steps with that epoch and the epochs planned (the group ends
   *  sooner when early stopping stops every model). */
  onEpoch?: (epoch: number, epochs: number) => void;
}

export async function trainGroup(o: GroupOptions): Promise<GroupOutcome[]> {
  const { spec, splits, members } = o;
  const K = members.length;
  const n = members[0].rows.length;
  if (members.some((m) => m.rows.length !== n)) throw new Error('trainGroup: every model needs the same number of rows');
  const val = splits.validation;
  const classes = splits.train.classes;
  const classification = splits.train.task === 'classification';
  const trainLimit = o.trainEvalLimit ?? 4096;
  const es = spec.train.earlyStopping;
  // Device buffers to free however the group ends (finally, below): an error in a step, the
  // final evaluation or the predictions must not leak them, e.g. on a GPU that just failed.
  const owned: { dispose(): void }[] = [];
  const own = <T extends { dispose(): void }>(x: T): T => { owned.push(x); return x; };

  try {
    const model = own(new StackedModel(spec.model, splits.train.features, members.map((m) => m.seed)));
    const trainData = own(new DeviceData(splits.train, classes, spec.loss));
    const valData = val ? own(new DeviceData(val, classes, spec.loss)) : null;
    // Equal weight decays (every group but the weight-decay sweep's) keep the scalar step.
    const decays = members.map((m) => m.weightDecay ?? spec.optimizer.weightDecay);
    const mixed = decays.some((d) => d !== decays[0]);
    const optimizer = own(new Optimizer(model.parameters(), { ...spec.optimizer, weightDecay: decays[0] }, mixed ? decays : undefined));
    const rngs = members.map((m) => new Rng(m.seed, 2));
    const orders = members.map(() => Float32Array.from({ length: n }, (_, i) => i));
    const trackers = members.map(() => new BestTracker(es, valData !== null));
    const status: EndStatus[] = members.map(() => 'completed');
    const active = members.map(() => true);
    // With early stopping each model ends with a snapshot: its best weights (restore_best) or
    // those of the epoch it stopped at; without, with the weights after the last epoch.
    const final = es ? model.snapshot() : null;
    if (final) own({ dispose: () => final.forEach((t) => t.dispose()) });
    const batchSize = Math.min(spec.train.batchSize, n);
    const steps = Math.ceil(n / batchSize);
    const logits = lossTakesLogits(spec.loss);
    let cancelled = false;

    const evaluate = async (withTrain: boolean): Promise<{ train: Metrics[] | null; validation: Metrics[] | null }> => {
      const parts = [
        withTrain ? evaluateGroup(model, spec.loss, trainData, members.map((m) => m.rows), trainLimit) : null,
        valData ? evaluateGroup(model, spec.loss, valData, null, valData.n) : null,
      ];
      let values: (Float32Array | null)[];
      try {
        values = await Promise.all(parts.map((t) => t?.data() ?? null));
      } finally {
        parts.forEach((t) => t?.dispose());
      }
      return {
        train: values[0] ? groupMetrics(values[0], K, Math.min(trainLimit, n), classification) : null,
        validation: values[1] && valData ? groupMetrics(values[1], K, valData.n, classification) : null,
      };
    };

    for (let epoch = 1; epoch <= spec.train.epochs && active.some(Boolean); epoch++) {
      rngs.forEach((rng, m) => rng.shuffle(orders[m]));
      for (let s = 0; s < steps; s++) {
        if (o.signal?.aborted) { cancelled = true; break; }
        const start = s * batchSize;
        const rows = Math.min(batchSize, n - start);
        tidy(() => {
          const idx = new Float32Array(K * rows);
          members.forEach((m, k) => { for (let i = 0; i < rows; i++) idx[k * rows + i] = m.rows[orders[k][start + i]]; });
          const { x, targets } = gatherGroup(trainData, idx, K);
          const out = model.forward(x, { training: true, rngs, logits });
          const terms = lossTerms(spec.loss, out.reshape([K * rows, out.shape[2]]), targets);
          for (const p of model.parameters()) p.zeroGrad();
          // Each term weighted 1/(its model's count): the gradient of the sum of the models'
          // mean losses, with the same constant the mean gives one model alone.
          terms.backward(full(terms.shape, 1 / (terms.size / K)));
          optimizer.update();
        });
        runtime.backend.flush();
        if (s % 16 === 15 || s === steps - 1) await new Promise((r) => setImmediate(r));
      }
      if (cancelled) break;
      o.onEpoch?.(epoch, spec.train.epochs);
      if (!es) continue;

      const r = await evaluate(es.monitor === 'loss' || valData === null);
      const take = members.map(() => false);
      members.forEach((_, k) => {
        if (!active[k]) return;
        const record = { epoch, train: r.train?.[k] ?? { loss: NaN }, validation: r.validation?.[k] ?? null };
        const isBest = trackers[k].observe(record);
        take[k] = es.restoreBest ? isBest : true;
        if ((r.train && !Number.isFinite(record.train.loss)) || (record.validation && !Number.isFinite(record.validation.loss))) {
          status[k] = 'failed';
          active[k] = false;
        } else if (trackers[k].shouldStop) {
          status[k] = 'early_stopped';
          active[k] = false;
        }
      });
      model.updateSnapshot(final!, take);
    }

    if (cancelled) return members.map(() => ({ status: 'cancelled', train: null, validation: null }));
    if (final) model.restore(final);
    const r = await evaluate(true);
    const predictions = o.predict && val ? await predictGroup(model, spec.loss, val) : null;
    return members.map((_, k) => {
      const train = r.train![k];
      const validation = r.validation?.[k] ?? null;
      // A loss that became non-finite fails the run, as in train().
      const failed = status[k] === 'failed' || !Number.isFinite(train.loss) || (validation !== null && !Number.isFinite(validation.loss));
      if (failed) return { status: 'failed', train: null, validation: null };
      return { status: status[k], train, validation, ...(predictions ? { predictions: predictions[k] } : {}) };
    });
  } finally {
    for (const x of owned.reverse()) x.dispose();
  }
}

/**
 * Each model's predictions on `data`'s rows (as predictFromWeights makes them for one model),
 * `chunk` rows per forward pass as evaluateGroup does: one pass over every row would hold
 * K × rows of every layer's activations on the device at once. Each row's outputs depend on
 * that row alone, so the chunks change no value.
 */
export async function predictGroup(model: StackedModel, loss: LossName, data: Dataset, chunk = EVAL_CHUNK): Promise<Float32Array[]> {
  const width = model.layers[model.layers.length - 1].units;
  const outputs = Array.from({ length: model.k }, () => new Float32Array(data.n * width));
  const logits = lossTakesLogits(loss);
  for (let start = 0; start < data.n; start += chunk) {
    const count = Math.min(chunk, data.n - start);
    const x = data.x.subarray(start * data.features, (start + count) * data.features);
    const out = tidy(() => noGrad(() => model.forward(tensor(x, { shape: [count, data.features] }), { training: false, logits }).keep()));
    let values: Float32Array;
    try {
      values = await out.data();
    } finally {
      out.dispose();
    }
    // values: [K, count, width]; model k's rows go to rows start… of its own outputs.
    outputs.forEach((o, k) => o.set(values.subarray(k * count * width, (k + 1) * count * width), start * width));
  }
  return outputs.map((v) => predictionsFromOutputs(v, data, width, loss));
}
