// Batches and evaluation for models trained together. The training split is uploaded once;
// each model has its own rows in it (a subset or a resample), gathered on the device. The
// per-model sums are formed with the same operations, in the same order, as DeviceData's
// evaluate() for one model, so the CPU gives each model exactly its metrics trained alone.
import type { LossName } from '../../netfile/spec';
import { lossTakesLogits, lossTerms, type Targets } from '../../nn/losses';
import { noGrad, tidy } from '../../runtime';
import { Tensor, tensor } from '../../tensor';
import type { Metrics } from '../../train/events';
import type { DeviceData } from '../../train/device-data';
import type { StackedModel } from './stacked-model';

/** The rows `idx` (model after model, equally many each) of `data`, shaped for K models. */
export function gatherGroup(data: DeviceData, idx: Float32Array, k: number): { x: Tensor; targets: Targets } {
  const { x, targets } = data.batch(idx);
  const rows = idx.length / k;
  return { x: x.reshape([k, rows, x.shape[1]]), targets };
}

/** The same contiguous rows for every model: x stays [count, f] (the stacked op shares it);
 *  the targets are repeated once per model to line up with the [K·count] outputs. */
function sharedRows(data: DeviceData, start: number, count: number, k: number): { x: Tensor; targets: Targets } {
  const { x, targets } = data.rows(start, count);
  const tile = (t: Tensor | undefined) => {
    if (!t) return undefined;
    const shape = t.rank === 1 ? [k * count] : [k * count, t.shape[1]];
    return t.reshape([1, ...t.shape]).broadcastTo([k, ...t.shape]).reshape(shape);
  };
  return { x, targets: { labels: tile(targets.labels), values: tile(targets.values), classes: targets.classes } };
}

/** [K] loss sums (mean × count, as DeviceData.evaluate forms them) and [K] correct counts. */
function chunkSums(model: StackedModel, loss: LossName, x: Tensor, t: Targets, count: number): Tensor {
  const k = model.k;
  const out = model.forward(x, { training: false, logits: lossTakesLogits(loss) });
  const width = out.shape[2];
  const terms = lossTerms(loss, out.reshape([k * count, width]), t);
  // Cross-entropy: a row sum times 1/count (the fused mean); the others: sum / (count·width).
  const mean = loss === 'cross_entropy'
    ? terms.reshape([k, count]).sum(1).mul(1 / count)
    : terms.reshape([k, count, width]).sum([1, 2]).div(count * width);
  const lossSum = mean.mul(count);
  let correct: Tensor;
  if (t.labels) {
    // countCorrect's rule, per model.
    const labels = t.labels.reshape([k, count]);
    correct = width === 1
      ? out.reshape([k, count]).gt(loss === 'binary_cross_entropy' ? 0 : 0.5).eq(labels).sum(1)
      : out.argmax().eq(labels).sum(1);
  } else {
    correct = tensor(new Float32Array(k));
  }
  return Tensor.concat([lossSum, correct]).reshape([1, 2 * k]);
}

/** Rows per model in one forward pass when evaluating or predicting (as DeviceData.evaluate):
 *  bounds the device memory of K models' activations. */
export const EVAL_CHUNK = 2048;

/**
 * Metrics of every model on `data`: its own first `limit` rows (`rows[m]`, indices into data)
 * or, with `rows` null, the same first `limit` rows for all. Chunks of 2048 rows per model,
 * as DeviceData.evaluate does. Returns a device tensor [2K]: loss sums, then correct counts.
 */
export function evaluateGroup(model: StackedModel, loss: LossName, data: DeviceData, rows: (ArrayLike<number>)[] | null, limit: number, chunk = EVAL_CHUNK): Tensor {
  return noGrad(() => tidy(() => {
    const k = model.k;
    const total = Math.min(limit, rows ? rows[0].length : data.n);
    const parts: Tensor[] = [];
    for (let start = 0; start < total; start += chunk) {
      const count = Math.min(chunk, total - start);
      let batch: { x: Tensor; targets: Targets };
      if (rows) {
        const idx = new Float32Array(k * count);
        rows.forEach((r, m) => { for (let i = 0; i < count; i++) idx[m * count + i] = r[start + i]; });
        batch = gatherGroup(data, idx, k);
      } else {
        batch = sharedRows(data, start, count, k);
      }
      parts.push(chunkSums(model, loss, batch.x, batch.targets, count));
    }
    const sums = parts.length === 1 ? parts[0].reshape([2 * k]) : Tensor.concat(parts, 0).sum(0);
    return sums.keep();
  }));
}

/** Per-model metrics from evaluateGroup's values (as the trainer's metrics()). */
export function groupMetrics(v: Float32Array, k: number, n: number, classification: boolean): Metrics[] {
  return Array.from({ length: k }, (_, m) => (classification ? { loss: v[m] / n, accuracy: v[k + m] / n } : { loss: v[m] / n }));
}
