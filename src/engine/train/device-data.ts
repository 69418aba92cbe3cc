// A data split uploaded once to the backend, and the passes over it: minibatches picked on
// the device (no upload per batch beyond the indices) and evaluation whose sums stay on the
// device until the epoch's single read-back.
import type { Dataset } from '../data';
import type { LossName } from '../netfile/spec';
import { computeLoss, countCorrect, lossTakesLogits, type Targets } from '../nn/losses';
import type { Sequential } from '../nn/model';
import { oneHot } from '../ops/composites';
import { noGrad } from '../runtime';
import { tensor, Tensor } from '../tensor';

/** The most values a precomputed one-hot may take (16 MiB of fp32). */
const ONE_HOT_LIMIT = 1 << 22;

export class DeviceData {
  readonly x: Tensor;
  readonly labels: Tensor | null;
  readonly values: Tensor | null;
  /** Cross-entropy's targets one-hot [n, classes], made once, so a training batch is one
   *  gather (not a gather of labels then a one-hot per step); null when not worth it. */
  readonly oneHot: Tensor | null;
  readonly n: number;

  constructor(readonly data: Dataset, private classes: number, loss: LossName) {
    this.n = data.n;
    this.x = tensor(data.x, { shape: [data.n, data.features] }).keep();
    const classification = data.task === 'classification';
    this.labels = classification ? tensor(data.y, { shape: [data.n] }).keep() : null;
    // Binary cross-entropy compares a [n, 1] output with 0/1 targets.
    this.values = !classification
      ? tensor(data.y, { shape: [data.n, data.targets] }).keep()
      : loss === 'binary_cross_entropy' ? tensor(data.y, { shape: [data.n, 1] }).keep() : null;
    this.oneHot = this.labels && loss === 'cross_entropy' && data.n * classes <= ONE_HOT_LIMIT
      ? oneHot(this.labels, classes).keep() : null;
  }

  /** Inputs and targets of the rows `indices` (gathered on the device). `forLoss`: the
   *  targets only feed computeLoss, which takes the one-hot rows when there are some. */
  batch(indices: Float32Array, forLoss = false): { x: Tensor; targets: Targets } {
    const idx = tensor(indices);
    if (forLoss && this.oneHot) return { x: this.x.gather(idx), targets: { oneHot: this.oneHot.gather(idx), classes: this.classes } };
    return {
      x: this.x.gather(idx),
      targets: {
        labels: this.labels ? this.labels.reshape([this.n, 1]).gather(idx).reshape([indices.length]) : undefined,
        values: this.values ? this.values.gather(idx) : undefined,
        classes: this.classes,
      },
    };
  }

  /** Contiguous rows [start, start + count). */
  rows(start: number, count: number): { x: Tensor; targets: Targets } {
    const cut = (t: Tensor) => t.slice([start, 0], [count, -1]);
    return {
      x: cut(this.x),
      targets: {
        labels: this.labels ? this.labels.reshape([this.n, 1]).slice([start, 0], [count, 1]).reshape([count]) : undefined,
        values: this.values ? cut(this.values) : undefined,
        classes: this.classes,
      },
    };
  }

  /**
   * [sum of losses, number correct] over the first `limit` rows, in eval mode, as a device
   * tensor of 2 values (read back together with the other sets).
   */
  evaluate(model: Sequential, loss: LossName, limit = this.n, chunk = 2048): Tensor {
    return noGrad(() => {
      const parts: Tensor[] = [];
      const total = Math.min(limit, this.n);
      for (let start = 0; start < total; start += chunk) {
        const count = Math.min(chunk, total - start);
        const { x, targets } = this.rows(start, count);
        const out = model.forward(x, { training: false, logits: lossTakesLogits(loss) });
        const lossSum = computeLoss(loss, out, targets).mul(count).reshape([1]);
        const correct = targets.labels ? countCorrect(loss, out, targets.labels).reshape([1]) : tensor([0]);
        parts.push(Tensor.concat([lossSum, correct]).reshape([1, 2]));
      }
      return parts.length === 1 ? parts[0].reshape([2]) : Tensor.concat(parts, 0).sum(0);
    });
  }

  dispose(): void {
    this.x.dispose();
    this.labels?.dispose();
    this.oneHot?.dispose();
    this.values?.dispose();
  }
}
