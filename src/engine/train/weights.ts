// Saving trained weights: a small JSON document (weights.json) and the standard
// model.safetensors, each written to a temporary file and renamed so that a crash never
// leaves a half-written file behind.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Splits } from '../data';
import { savedModelOf, toSafetensors } from '../model-io/saved-model';
import type { LossName } from '../netfile/spec';
import type { Sequential } from '../nn/model';

export async function saveWeights(path: string, name: string, model: Sequential, splits: Splits, epoch: number): Promise<void> {
  const layers = [];
  for (const l of model.layers) {
    if (l.kind === 'dense') {
      layers.push({
        index: l.index, kind: 'dense', inputs: l.inputs, units: l.units, activation: l.activation,
        weights: Array.from(await l.w.data()), bias: Array.from(await l.b.data()),
      });
    } else {
      layers.push({ index: l.index, kind: l.kind, ...(l.kind === 'dropout' ? { rate: l.rate } : { activation: l.activation }) });
    }
  }
  const doc = {
    format: 'backprop-weights', version: 1, name, epoch,
    normalization: {
      kind: splits.normalization.kind,
      offset: Array.from(splits.normalization.offset),
      scale: Array.from(splits.normalization.scale),
    },
    classes: splits.train.classNames ?? null,
    layers,
  };
  writeAtomically(path, JSON.stringify(doc));
}

/** model.safetensors: the weights in torch.nn.Linear's layout, with the normalisation, class
 *  names and architecture in its metadata (see src/engine/model-io/saved-model.ts). */
export async function saveModelFile(path: string, model: Sequential, splits: Splits, info: { name: string; epoch: number; loss: LossName }): Promise<void> {
  writeAtomically(path, toSafetensors(await savedModelOf(model, splits, info)));
}

/** Write then rename: a reader (or a kill) never sees half a file. */
export function writeAtomically(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
