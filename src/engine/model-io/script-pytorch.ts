// `backprop export --format pytorch`: a self-contained PyTorch script with the saved model's
// architecture as an nn.Sequential whose state_dict keys are model.safetensors' tensor names
// ('0.weight' [out, in], '0.bias'), the file's loss, optimizer and data, and a training loop
// that continues from the exported weights.
import type { Activation, LossName, NetworkSpec } from '../netfile/spec';
import { hyperPython, header, layerPlan } from './script-common';
import { dataPython, py } from './script-data';
import type { SavedModel } from './saved-model';

const ACT: Record<Exclude<Activation, 'linear'>, string> = {
  relu: 'nn.ReLU()', leaky_relu: 'nn.LeakyReLU(0.01)', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()',
  gelu: "nn.GELU(approximate='tanh')", softmax: 'nn.Softmax(dim=-1)',
};

const LOSS: Record<LossName, string> = {
  cross_entropy: 'nn.CrossEntropyLoss()  # takes logits and class indices',
  binary_cross_entropy: 'nn.BCEWithLogitsLoss()  # takes logits and 0/1 targets [n, 1]',
  mse: 'nn.MSELoss()',
  mae: 'nn.L1Loss()',
};

const OUTPUT: Record<LossName, string> = {
  cross_entropy: 'torch.softmax(out, dim=-1)',
  binary_cross_entropy: 'torch.sigmoid(out)',
  mse: 'out', mae: 'out',
};

function modelPython(saved: SavedModel, loss: LossName): string {
  const lines: string[] = [];
  for (const l of layerPlan(saved, loss)) {
    const name = py(String(l.index));
    if (l.kind === 'dense') lines.push(`model.add_module(${name}, nn.Linear(${l.inputs}, ${l.units}))`);
    else if (l.kind === 'dropout') lines.push(`model.add_module(${name}, nn.Dropout(${py(l.rate ?? 0)}))`);
    if (l.activation !== 'linear') {
      lines.push(`model.add_module(${py(l.kind === 'dense' ? `${l.index}_act` : String(l.index))}, ${ACT[l.activation]})`);
    }
    if (l.inLoss) lines.push(`# layer ${l.index}'s ${l.inLoss} is applied by the loss (it takes logits) and by predict()`);
  }
  return `def build_model():
    """The network file's model: module names are the layers' indices in its \`model:\` list, so
    the state_dict's keys are model.safetensors' tensor names (nn.Linear's weight is [out, in])."""
    model = nn.Sequential()
${lines.map((l) => `    ${l}`).join('\n')}
    return model`;
}

function optimizerPython(): string {
  return `def make_optimizer(model):
    """Backprop's update rules are PyTorch's: L2 weight decay added to the gradient, momentum
    buffer = momentum * buffer + gradient, Adam with bias correction."""
    params = model.parameters()
    if OPTIMIZER == 'adam':
        return torch.optim.Adam(params, lr=LEARNING_RATE, betas=(BETA1, BETA2), eps=EPSILON, weight_decay=WEIGHT_DECAY)
    return torch.optim.SGD(params, lr=LEARNING_RATE, momentum=MOMENTUM if OPTIMIZER == 'momentum' else 0,
                           weight_decay=WEIGHT_DECAY)`;
}

const LOOP = `def tensors(split):
    x, y = split
    x = torch.from_numpy(normalize(x, META))
    if LOSS == 'binary_cross_entropy':
        return x, torch.from_numpy(y).float().reshape(-1, 1)
    return x, torch.from_numpy(y)


@torch.no_grad()
def measure(model, x, y):
    """Loss and accuracy (classification) in evaluation mode (dropout off)."""
    model.eval()
    out = model(x)
    accuracy = None
    if CLASSES is not None:
        guess = (out[:, 0] > 0).long() if out.shape[1] == 1 else out.argmax(1)
        accuracy = (guess == y.reshape(-1).long()).float().mean().item()
    return LOSS_FN(out, y).item(), accuracy


@torch.no_grad()
def predict(model, x):
    """What \`backprop predict\` gives: class probabilities, or values; x is normalised."""
    model.eval()
    out = model(x)
    return OUTPUT(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--weights', default=os.path.join(HERE, 'model.safetensors'))
    parser.add_argument('--epochs', type=int, default=EPOCHS)
    args = parser.parse_args()
    global META
    META = read_metadata(args.weights)
    torch.manual_seed(SEED)
    data = load_data()
    train_x, train_y = tensors(data['train'])
    val = tensors(data['validation']) if data['validation'] else None
    model = build_model()
    model.load_state_dict(load_file(args.weights))  # strict: every name and shape must match
    optimizer = make_optimizer(model)
    es = EARLY_STOPPING
    monitor = (es or {}).get('monitor', 'val_loss')
    best, best_epoch, best_state, wait = None, 0, None, 0
    for epoch in range(0, args.epochs + 1):
        if epoch > 0:  # epoch 0: the loaded weights, as Backprop's runs start
            model.train()
            order = torch.randperm(len(train_x))
            for i in range(0, len(order), BATCH_SIZE):
                rows = order[i:i + BATCH_SIZE]
                optimizer.zero_grad()
                LOSS_FN(model(train_x[rows]), train_y[rows]).backward()
                optimizer.step()
        loss, accuracy = measure(model, train_x, train_y)
        line = f'epoch {epoch}: loss {loss:.4f}' + (f' accuracy {accuracy:.4f}' if accuracy is not None else '')
        value = loss
        if val:
            val_loss, val_accuracy = measure(model, *val)
            line += f' val_loss {val_loss:.4f}' + (f' val_accuracy {val_accuracy:.4f}' if val_accuracy is not None else '')
            value = {'val_loss': val_loss, 'val_accuracy': val_accuracy, 'loss': loss}[monitor]
        print(line)
        delta = es['min_delta'] if es else 0
        better = best is None or (value > best + delta if monitor == 'val_accuracy' and val else value < best - delta)
        if better:
            best, best_epoch, best_state, wait = value, epoch, copy.deepcopy(model.state_dict()), 0
        else:
            wait += 1
            if es and wait >= es['patience']:
                print(f'early stopping: no improvement of {monitor} for {wait} epochs (best: epoch {best_epoch})')
                break
    if es and es['restore_best']:
        model.load_state_dict(best_state)
    if data['test']:
        print('test: loss %.4f' % measure(model, *tensors(data['test']))[0])
    trained = best_epoch if es and es['restore_best'] else epoch
    meta = dict(META, epoch=str(int(META.get('epoch', 0)) + trained))
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(HERE, 'model-continued.safetensors'), meta)


if __name__ == '__main__':
    main()
`;

/** The PyTorch script for `saved`, trained as `spec` says; data paths relative to `scriptDir`. */
export function pytorchScript(spec: NetworkSpec, saved: SavedModel, loss: LossName, scriptDir: string, scriptName = 'train_pytorch.py'): string {
  return `${header(spec, saved, 'pytorch', scriptName)}
import argparse
import copy
import json
import os

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))

${hyperPython(spec, loss)}
${dataPython(spec, saved, 'pytorch', scriptDir)}

def read_metadata(path):
    """What Backprop stores with the weights: class names, normalisation, layers (JSON strings)."""
    with safe_open(path, framework='pt') as f:
        return f.metadata()


${modelPython(saved, loss)}


${optimizerPython()}


LOSS_FN = ${LOSS[loss]}
OUTPUT = lambda out: ${OUTPUT[loss]}
META = None


${LOOP}`;
}
