// The confusion matrix of a classifier on one split, with per-class precision and recall:
// which classes the model mixes up. Predictions are counted as accuracy counts them.
import type { LossName } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import type { Sequential } from '../nn/model';
import { noGrad, tidy } from '../runtime';
import { Tensor } from '../tensor';
import type { Confusion } from './events';
import type { DeviceData } from './device-data';

/** The predicted class of each row of `out` ([n, width]): argmax; one unit: logit above 0, else output above 0.5. */
export function predictedClasses(out: Float32Array, width: number, loss: LossName): Int32Array {
  return predictions(out, width, loss).cls;
}

/**
 * The predicted class of each row and the model's confidence in it (the class' probability:
 * softmax of logits, sigmoid of one logit, else the output clamped to [0, 1]).
 */
export function predictions(out: Float32Array, width: number, loss: LossName): { cls: Int32Array; p: Float32Array } {
  const n = out.length / width;
  const cls = new Int32Array(n), p = new Float32Array(n);
  const logits = lossTakesLogits(loss);
  for (let i = 0; i < n; i++) {
    if (width === 1) {
      const z = out[i];
      const p1 = logits ? 1 / (1 + Math.exp(-z)) : Math.min(1, Math.max(0, z));
      cls[i] = (logits ? z > 0 : z > 0.5) ? 1 : 0;
      p[i] = cls[i] === 1 ? p1 : 1 - p1;
      continue;
    }
    let best = 0;
    for (let k = 1; k < width; k++) if (out[i * width + k] > out[i * width + best]) best = k;
    cls[i] = best;
    if (logits) {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += Math.exp(out[i * width + k] - out[i * width + best]);
      p[i] = 1 / sum;
    } else p[i] = Math.min(1, Math.max(0, out[i * width + best]));
  }
  return { cls, p };
}

/** Matrix (rows: true class, columns: predicted), precision and recall per class (null: no sample to divide by). */
export function confusionFrom(labels: ArrayLike<number>, pred: ArrayLike<number>, classes: number): Confusion {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < pred.length; i++) matrix[labels[i]][Math.min(pred[i], classes - 1)]++;
  let correct = 0;
  for (let k = 0; k < classes; k++) correct += matrix[k][k];
  const colSum = (k: number) => matrix.reduce((s, row) => s + row[k], 0);
  const rowSum = (k: number) => matrix[k].reduce((s, v) => s + v, 0);
  return {
    matrix,
    precision: matrix.map((_, k) => (colSum(k) ? matrix[k][k] / colSum(k) : null)),
    recall: matrix.map((_, k) => (rowSum(k) ? matrix[k][k] / rowSum(k) : null)),
    accuracy: pred.length ? correct / pred.length : 0,
    samples: pred.length,
  };
}

/**
 * The confusion matrix of `model` on a whole split (one read-back), with the prediction and
 * confidence of its first `listed` samples (the ones the `samples` event lists).
 */
export async function confusionOf(model: Sequential, data: DeviceData, loss: LossName, classes: number, listed = 0, chunk = 2048): Promise<Confusion> {
  const out = tidy(() => noGrad(() => {
    const parts: Tensor[] = [];
    for (let start = 0; start < data.n; start += chunk) {
      parts.push(model.forward(data.rows(start, Math.min(chunk, data.n - start)).x, { training: false, logits: lossTakesLogits(loss) }));
    }
    return (parts.length === 1 ? parts[0] : Tensor.concat(parts, 0)).keep();
  }));
  const width = out.shape[1] ?? 1;
  const values = await out.data();
  out.dispose();
  const { cls, p } = predictions(values, width, loss);
  return withListed(confusionFrom(data.data.y, cls, classes), cls, p, classes, listed);
}

/** The matrix with the first `listed` samples' predicted classes and confidences (a byte each, base64). */
export function withListed(c: Confusion, cls: Int32Array, p: Float32Array, classes: number, listed: number): Confusion {
  const n = Math.min(listed, cls.length);
  if (n > 0) {
    c.predicted = Buffer.from(Uint8Array.from(cls.subarray(0, n), (k) => Math.min(k, classes - 1))).toString('base64');
    c.confidence = Buffer.from(Uint8Array.from(p.subarray(0, n), (v) => Math.round((Number.isFinite(v) ? v : 0) * 255))).toString('base64');
  }
  return c;
}
