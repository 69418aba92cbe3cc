// `backprop export --format keras`: a self-contained Keras 3 script with the saved model's
// architecture (Dense layers named dense_<index>, whose kernels are model.safetensors'
// '<index>.weight' transposed to [in, out]), the file's loss, optimizer and data, and
// model.fit continuing from the exported weights.
import type { Activation, LossName, NetworkSpec } from '../netfile/spec';
import { hyperPython, header, layerPlan } from './script-common';
import { dataPython, py } from './script-data';
import type { SavedModel } from './saved-model';

/** Keras' own names, or helpers the script defines where Backprop's constant differs. */
const ACT: Record<Exclude<Activation, 'linear'>, string> = {
  relu: "'relu'", tanh: "'tanh'", sigmoid: "'sigmoid'", softmax: "'softmax'", leaky_relu: 'leaky_relu', gelu: 'gelu_tanh',
};

const HELPERS: Partial<Record<Activation, string>> = {
  leaky_relu: `def leaky_relu(x):
    return keras.activations.leaky_relu(x, negative_slope=0.01)  # Backprop's slope (Keras' default is 0.2)`,
  gelu: `def gelu_tanh(x):
    return keras.activations.gelu(x, approximate=True)  # the tanh approximation, as Backprop computes it`,
};

const LOSS: Record<LossName, string> = {
  cross_entropy: "keras.losses.SparseCategoricalCrossentropy(from_logits=True), [keras.metrics.SparseCategoricalAccuracy(name='accuracy')]",
  binary_cross_entropy: "keras.losses.BinaryCrossentropy(from_logits=True), [keras.metrics.BinaryAccuracy(name='accuracy', threshold=0.0)]",
  mse: 'keras.losses.MeanSquaredError(), []',
  mae: 'keras.losses.MeanAbsoluteError(), []',
};

const OUTPUT: Record<LossName, string> = {
  cross_entropy: 'keras.ops.softmax(out, axis=-1)',
  binary_cross_entropy: 'keras.ops.sigmoid(out)',
  mse: 'out', mae: 'out',
};

function modelPython(saved: SavedModel, loss: LossName): string {
  const plan = layerPlan(saved, loss);
  const lines = [`keras.Input(shape=(${saved.features},)),`];
  for (const l of plan) {
    const act = l.activation === 'linear' ? '' : `activation=${ACT[l.activation]}, `;
    const absorbed = l.inLoss ? `  # its ${l.inLoss} is in the loss (from_logits) and in predict()` : '';
    if (l.kind === 'dense') lines.push(`layers.Dense(${l.units}, ${act}kernel_regularizer=l2(), bias_regularizer=l2(), name='dense_${l.index}'),${absorbed}`);
    else if (l.kind === 'dropout') lines.push(`layers.Dropout(${py(l.rate ?? 0)}, name='dropout_${l.index}'),`);
    else if (l.activation !== 'linear') lines.push(`layers.Activation(${ACT[l.activation]}, name='activation_${l.index}'),${absorbed}`);
    else if (absorbed) lines.push(absorbed.trim().replace('its', `layer ${l.index}'s`));
  }
  const used = new Set(plan.map((l) => l.activation));
  const helpers = Object.entries(HELPERS).filter(([a]) => used.has(a as Activation)).map(([, text]) => `${text}\n\n\n`).join('');
  return `${helpers}def l2():
    """Backprop's weight decay adds weight_decay * w to the gradient of every weight and bias:
    Keras' L2(f) adds f * sum(w²) to the loss, whose gradient is 2 f w."""
    return keras.regularizers.L2(WEIGHT_DECAY / 2) if WEIGHT_DECAY else None


def build_model():
    """The network file's model. Layer names carry the index in its \`model:\` list: dense_<i>
    takes model.safetensors' '<i>.weight' (stored [out, in]; a Dense kernel is [in, out]) and '<i>.bias'."""
    return keras.Sequential([
${lines.map((l) => `        ${l}`).join('\n')}
    ], name=${py(saved.name.replace(/[^A-Za-z0-9_]/g, '_'))})`;
}

const REST = `def make_optimizer():
    """Backprop's rules: momentum keeps v = momentum * v + gradient (Keras' SGD is the same
    update); Keras' Adam adds epsilon after the bias correction, a negligible difference."""
    if OPTIMIZER == 'adam':
        return keras.optimizers.Adam(learning_rate=LEARNING_RATE, beta_1=BETA1, beta_2=BETA2, epsilon=EPSILON)
    return keras.optimizers.SGD(learning_rate=LEARNING_RATE, momentum=MOMENTUM if OPTIMIZER == 'momentum' else 0.0)


def dense_layers(model):
    """(index in the network file, layer) of every Dense layer."""
    return [(layer.name.split('_')[1], layer) for layer in model.layers if isinstance(layer, layers.Dense)]


def load_weights(model, path):
    tensors = load_file(path)
    for i, layer in dense_layers(model):
        layer.set_weights([tensors[f'{i}.weight'].T, tensors[f'{i}.bias']])


def save_weights(model, path, meta):
    tensors = {}
    for i, layer in dense_layers(model):
        kernel, bias = layer.get_weights()
        tensors[f'{i}.weight'], tensors[f'{i}.bias'] = np.ascontiguousarray(kernel.T), bias
    save_file(tensors, path, meta)


def predict(model, x):
    """What \`backprop predict\` gives: class probabilities, or values; x is normalised."""
    out = model(x, training=False)
    return keras.ops.convert_to_numpy(OUTPUT(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--weights', default=os.path.join(HERE, 'model.safetensors'))
    parser.add_argument('--epochs', type=int, default=EPOCHS)
    args = parser.parse_args()
    with safe_open(args.weights, framework='np') as f:
        meta = f.metadata()
    keras.utils.set_random_seed(SEED)
    data = load_data()
    prepare = lambda split: (normalize(split[0], meta), split[1].astype(np.float32).reshape(-1, 1) if LOSS == 'binary_cross_entropy' else split[1])
    x, y = prepare(data['train'])
    val = prepare(data['validation']) if data['validation'] else None
    model = build_model()
    load_weights(model, args.weights)
    loss, metrics = LOSS_AND_METRICS
    model.compile(optimizer=make_optimizer(), loss=loss, metrics=metrics)
    print('epoch 0 (the loaded weights):', model.evaluate(x, y, verbose=0, return_dict=True))
    callbacks = []
    if EARLY_STOPPING:
        monitor = EARLY_STOPPING['monitor'] if val or EARLY_STOPPING['monitor'] == 'loss' else 'loss'
        callbacks.append(keras.callbacks.EarlyStopping(monitor=monitor, patience=EARLY_STOPPING['patience'],
                                                       min_delta=EARLY_STOPPING['min_delta'],
                                                       restore_best_weights=EARLY_STOPPING['restore_best']))
    history = model.fit(x, y, batch_size=BATCH_SIZE, epochs=args.epochs, validation_data=val, shuffle=True,
                        callbacks=callbacks, verbose=2)
    if data['test']:
        print('test:', model.evaluate(*prepare(data['test']), verbose=0, return_dict=True))
    epochs = len(history.history['loss'])
    save_weights(model, os.path.join(HERE, 'model-continued.safetensors'), dict(meta, epoch=str(int(meta.get('epoch', 0)) + epochs)))


if __name__ == '__main__':
    main()
`;

/** The Keras script for `saved`, trained as `spec` says; data paths relative to `scriptDir`. */
export function kerasScript(spec: NetworkSpec, saved: SavedModel, loss: LossName, scriptDir: string, scriptName = 'train_keras.py'): string {
  return `${header(spec, saved, 'keras', scriptName)}
import argparse
import json
import os

import keras
import numpy as np
from keras import layers
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))

${hyperPython(spec, loss)}
${dataPython(spec, saved, 'keras', scriptDir)}

${modelPython(saved, loss)}


LOSS_AND_METRICS = ${LOSS[loss]}
OUTPUT = lambda out: ${OUTPUT[loss]}


${REST}`;
}
