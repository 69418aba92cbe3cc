// Loss and accuracy of a code network on a split, in chunks (a big split never becomes one
// huge tensor), in eval mode and without recording gradients.
import type { Split } from '../lib/data';
import type { Module } from '../lib/module';
import { noGrad, tidy } from '../runtime';
import { Tensor } from '../tensor';
import type { LossName } from '../netfile/spec';
import { confusionFrom, predictedClasses } from '../train/confusion';
import type { Confusion, Metrics } from '../train/events';

const CHUNK = 1024;

export type LossFn = (out: Tensor, target: Tensor) => Tensor;

export async function evaluateSplit(model: Module, split: Split, loss: LossFn, classification: boolean, limit = Infinity): Promise<Metrics> {
  const wasTraining = model.training;
  model.eval();
  const n = Math.min(split.n, limit);
  let lossSum = 0;
  let correct = 0;
  try {
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, n - start) }, (_, i) => start + i);
      const both = noGrad(() => tidy(() => {
        const { x, y } = split.rows(rows);
        const out = model.forward(x);
        const parts = [loss(out, y).mul(rows.length).reshape([1])];
        if (classification) parts.push(correctCount(out, y).reshape([1]));
        return Tensor.concat(parts);
      }));
      const v = await both.data();
      both.dispose();
      lossSum += v[0];
      if (classification) correct += v[1];
    }
  } finally {
    model.train(wasTraining);
  }
  return classification ? { loss: lossSum / n, accuracy: correct / n } : { loss: lossSum / n };
}

function correctCount(out: Tensor, labels: Tensor): Tensor {
  const y = labels.reshape([labels.size]);
  if (out.rank === 2 && out.shape[1] > 1) return out.argmax().eq(y).sum();
  return out.reshape([out.size]).gt(0).eq(y).sum();
}

/** The confusion matrix of a classifier on a split (rows: true class, columns: predicted), in chunks. */
export async function confusionOfSplit(model: Module, split: Split, classes: number, loss: LossName): Promise<Confusion> {
  const wasTraining = model.training;
  model.eval();
  const predicted = new Int32Array(split.n);
  try {
    for (let start = 0; start < split.n; start += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, split.n - start) }, (_, i) => start + i);
      const out = noGrad(() => tidy(() => model.forward(split.rows(rows).x)));
      const width = out.shape[1] ?? 1;
      predicted.set(predictedClasses(await out.data(), width, loss), start);
      out.dispose();
    }
  } finally {
    model.train(wasTraining);
  }
  const labels = split.data.y.subarray(0, split.n);
  return confusionFrom(labels, predicted, classes);
}
