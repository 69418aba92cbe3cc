// What the exported PyTorch and Keras scripts share besides the data: the layer plan (which
// activation each saved layer applies, the final one left to a loss that takes logits), the
// hyper-parameters as Python constants and the script's opening docstring.
import path from 'node:path';
import type { Activation, LossName, NetworkSpec } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import { py, type Framework } from './script-data';
import type { SavedModel } from './saved-model';

export interface PlannedLayer {
  index: number;
  kind: 'dense' | 'dropout' | 'activation';
  inputs: number;
  units: number;
  /** The activation the module applies; 'linear' when none (or left to the loss). */
  activation: Activation;
  /** The file's activation that the loss applies instead (softmax/sigmoid before a logits loss). */
  inLoss?: Activation;
  rate?: number;
}

/** The saved layers as the script builds them. As in Backprop's training, a loss that takes
 *  logits (cross_entropy, binary_cross_entropy) absorbs the last layer's activation. */
export function layerPlan(saved: SavedModel, loss: LossName): PlannedLayer[] {
  let lastIdx = -1;
  saved.layers.forEach((l, i) => { if (l.kind !== 'dropout') lastIdx = i; });
  let width = saved.features;
  return saved.layers.map((l, i) => {
    const inputs = width;
    if (l.kind === 'dense') width = l.units;
    const act = l.kind === 'dropout' ? 'linear' : (l.activation ?? 'linear');
    const absorbed = lossTakesLogits(loss) && i === lastIdx && act !== 'linear';
    return {
      index: l.index, kind: l.kind, inputs, units: l.kind === 'dense' ? l.units : inputs,
      activation: absorbed ? 'linear' : act, inLoss: absorbed ? act : undefined, rate: l.rate,
    };
  });
}

/** The hyper-parameters of the network file, as Python constants. */
export function hyperPython(spec: NetworkSpec, loss: LossName): string {
  const o = spec.optimizer;
  const t = spec.train;
  const es = t.earlyStopping;
  return [
    '# Training, as the network file sets it.',
    `LOSS = ${py(loss)}`,
    `OPTIMIZER = ${py(o.type)}  # sgd | momentum | adam`,
    `LEARNING_RATE = ${py(o.learningRate)}`,
    `MOMENTUM = ${py(o.momentum)}  # momentum only`,
    `BETA1, BETA2, EPSILON = ${py(o.beta1)}, ${py(o.beta2)}, ${py(o.epsilon)}  # adam only`,
    `WEIGHT_DECAY = ${py(o.weightDecay)}  # L2: weight_decay * w added to every gradient (biases too)`,
    `EPOCHS = ${py(t.epochs)}`,
    `BATCH_SIZE = ${py(t.batchSize)}`,
    `SEED = ${py(t.seed)}`,
    es
      ? `EARLY_STOPPING = ${py({ monitor: es.monitor, patience: es.patience, min_delta: es.minDelta, restore_best: es.restoreBest })}`
      : 'EARLY_STOPPING = None  # the network file has no early_stopping',
  ].join('\n');
}

const NEEDS: Record<Framework, string> = {
  pytorch: 'torch, numpy, safetensors',
  keras: 'keras 3 (with any backend), numpy, safetensors',
};

/** The opening docstring: what the script is, where it came from, what it needs. */
export function header(spec: NetworkSpec, saved: SavedModel, framework: Framework, scriptName: string): string {
  const builtinNeeds = spec.data.source === 'mnist'
    ? (framework === 'pytorch' ? ', torchvision (MNIST)' : '')
    : spec.data.builtin && ['iris', 'moons', 'circles', 'blobs', 'classification'].includes(spec.data.source) ? ', scikit-learn' : '';
  const title = framework === 'pytorch' ? 'PyTorch' : 'Keras';
  return `"""${saved.name}: the Backprop network file ${path.basename(spec.file)} as a ${title} script.

Written by \`backprop export --format ${framework}\` from a run's weights (epoch ${saved.epoch}). It builds
the same model, loads the trained weights from model.safetensors (next to this script), and
trains on from them with the file's loss, optimizer and hyper-parameters, on the file's data.
The weights it ends with are saved to model-continued.safetensors, with the same names and
metadata, so \`backprop predict FILE --run model-continued.safetensors\` reads them back.

Needs: ${NEEDS[framework]}${builtinNeeds}.
Run:   python ${scriptName} [--weights model.safetensors] [--epochs N]
"""`;
}
