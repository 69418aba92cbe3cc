// A saved model at work on new rows: outputs, class probabilities and predicted classes, and
// the metrics evaluate prints (loss and accuracy computed exactly as training computes them,
// the confusion matrix from the same predictions).
import type { Dataset } from '../data';
import type { LossName } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import type { Sequential } from '../nn/model';
import { noGrad, tidy } from '../runtime';
import { predictionsFromOutputs } from '../studies/predict';
import { tensor } from '../tensor';
import { DeviceData } from '../train/device-data';
import type { SavedModel } from './saved-model';

export interface Predictions {
  n: number;
  /** Output units per row. */
  width: number;
  /** Classification: the predicted class index per row; regression: null. */
  classes: Float32Array | null;
  /** Classification: class probabilities [n, width] (softmax / sigmoid of the logits, or the
   *  outputs as they are when the loss has no probabilities); regression: the values [n, width]. */
  values: Float32Array;
}

export function lossOf(m: SavedModel, fallback: LossName): LossName {
  return m.loss ?? fallback;
}

/** Runs `model` on normalised rows `x` [n, features] in evaluation mode. */
export async function predict(model: Sequential, m: SavedModel, loss: LossName, x: Float32Array, n: number): Promise<Predictions> {
  const logits = lossTakesLogits(loss);
  const out = tidy(() => noGrad(() => model.forward(tensor(x, { shape: [n, m.features] }), { training: false, logits })));
  const raw = await out.data();
  const width = out.shape[1];
  out.dispose();
  if (m.task === 'regression') return { n, width, classes: null, values: raw };
  const classes = predictionsFromOutputs(raw, { task: 'classification', n } as Dataset, width, loss);
  const values = new Float32Array(raw.length);
  for (let i = 0; i < n; i++) {
    const row = raw.subarray(i * width, (i + 1) * width);
    if (loss === 'binary_cross_entropy') values[i] = 1 / (1 + Math.exp(-row[0]));
    else if (loss === 'cross_entropy') {
      const max = Math.max(...row);
      let sum = 0;
      for (let k = 0; k < width; k++) sum += (values[i * width + k] = Math.exp(row[k] - max));
      for (let k = 0; k < width; k++) values[i * width + k] /= sum;
    } else values.set(row, i * width);
  }
  return { n, width, classes, values };
}

export interface Evaluation {
  n: number;
  loss: number;
  accuracy?: number;
  /** [true class][predicted class] counts (classification). */
  confusion?: number[][];
}

/** Loss and accuracy as the trainer measures them (same passes, same chunks), and the
 *  confusion matrix; `data` holds normalised rows. */
export async function evaluate(model: Sequential, m: SavedModel, loss: LossName, data: Dataset): Promise<Evaluation> {
  const classes = m.task === 'classification' ? m.classes?.length ?? 0 : 0;
  const device = new DeviceData(data, classes, loss);
  const sums = device.evaluate(model, loss);
  const [lossSum, correct] = await sums.data();
  sums.dispose();
  device.dispose();
  if (m.task === 'regression') return { n: data.n, loss: lossSum / data.n };
  const p = await predict(model, m, loss, data.x, data.n);
  const width = Math.max(classes, 2);
  const confusion = Array.from({ length: width }, () => new Array<number>(width).fill(0));
  for (let i = 0; i < data.n; i++) confusion[data.y[i]][p.classes![i]]++;
  return { n: data.n, loss: lossSum / data.n, accuracy: correct / data.n, confusion };
}
