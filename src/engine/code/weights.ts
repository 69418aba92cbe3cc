// A code network's weights as model.safetensors: every parameter under its name in the model
// (`fc1.weight`, `0.bias`, `w`), Linear weights in torch.nn.Linear's [out, in] layout, and the
// normalisation and class names in the metadata. `loadWeights` reads them back into a model
// built by the same code (to continue training, or to predict).
import { readFileSync } from 'node:fs';
import type { LoadedData } from '../lib/data';
import { Linear } from '../lib/layers';
import { Module } from '../lib/module';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../model-io/safetensors';
import { transpose } from '../model-io/saved-model';
import { writeAtomically } from '../train/weights';
import { runtime } from '../runtime';
import type { Tensor } from '../tensor';

/** Names of the Linear weights (stored transposed, as PyTorch lays them out). */
function linearWeights(model: Module): Set<Tensor> {
  const out = new Set<Tensor>();
  const walk = (m: Module) => {
    if (m instanceof Linear) out.add(m.weight);
    for (const [, child] of m.children()) if (child instanceof Module) walk(child);
  };
  walk(model);
  return out;
}

export async function saveCodeWeights(path: string, model: Module, data: LoadedData, info: { name: string; epoch: number }): Promise<void> {
  const transposed = linearWeights(model);
  const tensors: NamedTensor[] = [];
  for (const [name, p] of model.namedParameters()) {
    const v = (await p.data()).slice();
    if (transposed.has(p)) tensors.push({ name, shape: [p.shape[1], p.shape[0]], data: transpose(v, p.shape[0], p.shape[1]) });
    else tensors.push({ name, shape: [...p.shape], data: v });
  }
  const metadata: Record<string, string> = {
    format: 'backprop-code', format_version: '1',
    weight_layout: 'nn.Linear weights as torch.nn.Linear: [out_features, in_features]; other parameters as the model holds them',
    name: info.name, epoch: String(info.epoch), task: data.task, features: String(data.features),
    normalization: JSON.stringify({ kind: data.normalization.kind, offset: Array.from(data.normalization.offset), scale: Array.from(data.normalization.scale) }),
  };
  if (data.classNames) metadata.classes = JSON.stringify(data.classNames);
  writeAtomically(path, encodeSafetensors({ tensors, metadata }));
}

/** Load a model.safetensors saved from a model of the same shape (by parameter name). */
export function loadWeights(model: Module, path: string): void {
  const file = decodeSafetensors(new Uint8Array(readFileSync(path)), path);
  const byName = new Map(file.tensors.map((t) => [t.name, t]));
  const transposed = linearWeights(model);
  for (const [name, p] of model.namedParameters()) {
    const t = byName.get(name);
    if (!t) throw new Error(`${path} has no tensor "${name}" (it holds ${[...byName.keys()].join(', ')})`);
    const want = transposed.has(p) ? [p.shape[1], p.shape[0]] : p.shape;
    if (t.shape.join('×') !== want.join('×')) throw new Error(`${name}: the file holds [${t.shape}], the model needs [${want}]`);
    assignValues(p, transposed.has(p) ? transpose(t.data, t.shape[0], t.shape[1]) : t.data);
  }
}

/** Overwrite a parameter's values in place (its tensor, and so the optimizer's view of it, stay). */
export function assignValues(p: Tensor, values: Float32Array): void {
  const h = runtime.backend.upload(values);
  runtime.backend.assign(p.handle, h);
  runtime.backend.dispose(h);
}
