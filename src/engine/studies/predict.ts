// Per-sample predictions of a trained model. The trainer hands back metrics, not the model, so
// a study asks it to save the weights and rebuilds the model from that file: the forward pass
// (activations, the output threshold) is then exactly the one training evaluated.
import { readFileSync } from 'node:fs';
import type { Dataset } from '../data';
import type { LossName, NetworkSpec } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import { Sequential } from '../nn/model';
import { noGrad, tidy } from '../runtime';
import { tensor } from '../tensor';

interface SavedDense { index: number; kind: 'dense'; inputs: number; units: number; weights: number[]; bias: number[] }

/** Classification: the predicted class of each row [n]. Regression: the outputs [n, targets]. */
export async function predictFromWeights(spec: NetworkSpec, weightsFile: string, data: Dataset): Promise<Float32Array> {
  const doc = JSON.parse(readFileSync(weightsFile, 'utf8')) as { layers: ({ kind: string } | SavedDense)[] };
  const model = new Sequential(spec.model, data.features, spec.train.seed);
  for (const layer of model.dense) {
    const saved = doc.layers.find((l): l is SavedDense => l.kind === 'dense' && (l as SavedDense).index === layer.index);
    if (!saved || saved.inputs !== layer.inputs || saved.units !== layer.units) throw new Error(`the saved weights do not fit layer ${layer.index + 1}`);
    layer.w.dispose();
    layer.b.dispose();
    layer.w = tensor(Float32Array.from(saved.weights), { shape: [layer.inputs, layer.units] }).keep();
    layer.b = tensor(Float32Array.from(saved.bias), { shape: [layer.units] }).keep();
  }
  const logits = lossTakesLogits(spec.loss);
  const out = tidy(() => noGrad(() => model.forward(tensor(data.x, { shape: [data.n, data.features] }), { training: false, logits })));
  const values = await out.data();
  const width = out.shape[1];
  out.dispose();
  for (const p of model.parameters()) p.dispose();
  return predictionsFromOutputs(values, data, width, spec.loss);
}

/** Classification: the predicted class of each row [n]. Regression: the outputs as they are. */
export function predictionsFromOutputs(values: Float32Array, data: Dataset, width: number, loss: LossName): Float32Array {
  if (data.task === 'regression') return values;
  const classes = new Float32Array(data.n);
  for (let i = 0; i < data.n; i++) {
    if (width === 1) {
      // The same boundary as the trainer's accuracy: 0 on a BCE logit, else 0.5.
      classes[i] = values[i] > (loss === 'binary_cross_entropy' ? 0 : 0.5) ? 1 : 0;
    } else {
      let best = 0;
      for (let k = 1; k < width; k++) if (values[i * width + k] > values[i * width + best]) best = k;
      classes[i] = best;
    }
  }
  return classes;
}
