// A trained model as stored on disk, whatever the file: `model.safetensors` (the standard
// format, written by every run), `weights.json` (Backprop's own, older runs have only it) or
// a run folder holding either. Dense weights are kept here in the engine's layout,
// [inputs, units]; the safetensors file stores them as torch.nn.Linear does, [units, inputs].
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Splits } from '../data';
import type { Activation, LayerSpec, LossName, Normalize, Task } from '../netfile/spec';
import type { Sequential } from '../nn/model';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';

export interface SavedLayer {
  /** Position in the network file's `model:` list (the tensor names' prefix: `0.weight`). */
  index: number;
  kind: 'dense' | 'dropout' | 'activation';
  units: number;
  inputs?: number;
  activation?: Activation;
  rate?: number;
  /** Dense only: [inputs, units] row-major, and [units]. */
  w?: Float32Array;
  b?: Float32Array;
}

export interface SavedModel {
  /** The file it was read from. */
  file: string;
  name: string;
  epoch: number;
  /** Absent in weights.json files (the network file's loss then applies). */
  loss?: LossName;
  task: Task;
  features: number;
  featureNames?: string[];
  inputShape?: number[];
  /** Class names by class index; null for regression. */
  classes: string[] | null;
  normalization: { kind: Normalize; offset: Float32Array; scale: Float32Array };
  layers: SavedLayer[];
}

export class ModelFileError extends Error {}

export const MODEL_FILE = 'model.safetensors';
export const WEIGHTS_FILE = 'weights.json';

/** [rows, cols] row-major → [cols, rows]. */
export function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

/** What a trained model and its data make: everything predict, evaluate and export need. */
export async function savedModelOf(model: Sequential, splits: Splits, info: { name: string; epoch: number; loss: LossName }): Promise<SavedModel> {
  const layers: SavedLayer[] = [];
  for (const l of model.layers) {
    if (l.kind === 'dense') {
      layers.push({ index: l.index, kind: 'dense', units: l.units, inputs: l.inputs, activation: l.activation, w: await l.w.data(), b: await l.b.data() });
    } else if (l.kind === 'dropout') layers.push({ index: l.index, kind: 'dropout', units: l.units, rate: l.rate });
    else layers.push({ index: l.index, kind: 'activation', units: l.units, activation: l.activation });
  }
  const t = splits.train;
  return {
    file: '', name: info.name, epoch: info.epoch, loss: info.loss, task: t.task, features: t.features,
    featureNames: t.featureNames, inputShape: t.inputShape, classes: t.task === 'classification' ? t.classNames ?? null : null,
    normalization: splits.normalization, layers,
  };
}

/** The safetensors bytes: `<index>.weight` [units, inputs] and `<index>.bias` [units] per dense
 *  layer; the architecture, normalisation and class names as JSON strings in `__metadata__`. */
export function toSafetensors(m: SavedModel): Uint8Array {
  const tensors: NamedTensor[] = [];
  for (const l of m.layers) {
    if (l.kind !== 'dense') continue;
    tensors.push({ name: `${l.index}.weight`, shape: [l.units, l.inputs!], data: transpose(l.w!, l.inputs!, l.units) });
    tensors.push({ name: `${l.index}.bias`, shape: [l.units], data: l.b! });
  }
  const architecture = m.layers.map(({ index, kind, units, inputs, activation, rate }) => ({ index, kind, units, inputs, activation, rate }));
  const metadata: Record<string, string> = {
    format: 'backprop', format_version: '1', weight_layout: 'torch.nn.Linear: weight [out_features, in_features]',
    name: m.name, epoch: String(m.epoch), task: m.task, features: String(m.features),
    layers: JSON.stringify(architecture),
    normalization: JSON.stringify({ kind: m.normalization.kind, offset: Array.from(m.normalization.offset), scale: Array.from(m.normalization.scale) }),
  };
  if (m.loss) metadata.loss = m.loss;
  if (m.classes) metadata.classes = JSON.stringify(m.classes);
  if (m.featureNames) metadata.feature_names = JSON.stringify(m.featureNames);
  if (m.inputShape) metadata.input_shape = JSON.stringify(m.inputShape);
  return encodeSafetensors({ tensors, metadata });
}

function json<T>(meta: Record<string, string>, key: string, file: string): T {
  if (meta[key] === undefined) throw new ModelFileError(`${file} has no "${key}" in its metadata: it was not written by Backprop`);
  return JSON.parse(meta[key]) as T;
}

export function fromSafetensors(bytes: Uint8Array, file: string): SavedModel {
  const { tensors, metadata: meta } = decodeSafetensors(bytes, file);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const layers = json<SavedLayer[]>(meta, 'layers', file).map((l) => {
    if (l.kind !== 'dense') return l;
    const w = byName.get(`${l.index}.weight`);
    const b = byName.get(`${l.index}.bias`);
    if (!w || !b || w.shape[0] !== l.units || w.shape[1] !== l.inputs || b.data.length !== l.units) {
      throw new ModelFileError(`${file}: the tensors ${l.index}.weight / ${l.index}.bias are missing or not [${l.units}, ${l.inputs}] / [${l.units}]`);
    }
    return { ...l, w: transpose(w.data, l.units, l.inputs!), b: b.data };
  });
  const norm = json<{ kind: Normalize; offset: number[]; scale: number[] }>(meta, 'normalization', file);
  return {
    file, name: meta.name ?? path.basename(file), epoch: Number(meta.epoch ?? 0), loss: meta.loss as LossName | undefined,
    task: (meta.task as Task) ?? 'classification', features: Number(meta.features ?? layers.find((l) => l.kind === 'dense')?.inputs ?? 0),
    featureNames: meta.feature_names ? JSON.parse(meta.feature_names) : undefined,
    inputShape: meta.input_shape ? JSON.parse(meta.input_shape) : undefined,
    classes: meta.classes ? JSON.parse(meta.classes) : null,
    normalization: { kind: norm.kind, offset: Float32Array.from(norm.offset), scale: Float32Array.from(norm.scale) },
    layers,
  };
}

interface WeightsJson {
  name: string; epoch: number; classes: string[] | null;
  normalization: { kind: Normalize; offset: number[]; scale: number[] };
  layers: { index: number; kind: SavedLayer['kind']; inputs?: number; units?: number; activation?: Activation; rate?: number; weights?: number[]; bias?: number[] }[];
}

function fromWeightsJson(text: string, file: string): SavedModel {
  const doc = JSON.parse(text) as WeightsJson;
  if (!Array.isArray(doc.layers)) throw new ModelFileError(`${file} is not a Backprop weights file (no "layers")`);
  let width = doc.normalization.offset.length;
  const layers: SavedLayer[] = doc.layers.map((l) => {
    if (l.kind === 'dense') {
      width = l.units!;
      return { index: l.index, kind: 'dense', units: l.units!, inputs: l.inputs, activation: l.activation, w: Float32Array.from(l.weights!), b: Float32Array.from(l.bias!) };
    }
    return { index: l.index, kind: l.kind, units: width, activation: l.activation, rate: l.rate };
  });
  return {
    file, name: doc.name, epoch: doc.epoch, task: doc.classes ? 'classification' : 'regression',
    features: doc.normalization.offset.length, classes: doc.classes,
    normalization: { kind: doc.normalization.kind, offset: Float32Array.from(doc.normalization.offset), scale: Float32Array.from(doc.normalization.scale) },
    layers,
  };
}

/** The model file of a run folder: model.safetensors, else weights.json; undefined if none. */
export function modelFileIn(dir: string): string | undefined {
  for (const f of [MODEL_FILE, WEIGHTS_FILE]) if (existsSync(path.join(dir, f))) return path.join(dir, f);
  return undefined;
}

/** Reads a .safetensors file, a weights.json file, or a run folder holding one. */
export function readSavedModel(where: string): SavedModel {
  let file = where;
  if (!existsSync(where)) throw new ModelFileError(`${where} does not exist`);
  if (statSync(where).isDirectory()) {
    const found = modelFileIn(where);
    if (!found) throw new ModelFileError(`${where} holds no ${MODEL_FILE} or ${WEIGHTS_FILE} (was the run saved, and did it finish?)`);
    file = found;
  }
  const bytes = readFileSync(file);
  try {
    // A JSON document starts with "{"; a safetensors file with its header length.
    return bytes[0] === 0x7b ? fromWeightsJson(bytes.toString('utf8'), file) : fromSafetensors(bytes, file);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** The layer list of the saved model, as the network file's parser would give it. */
export function layerSpecsOf(m: SavedModel): LayerSpec[] {
  return m.layers.map((l): LayerSpec => {
    const p = `model[${l.index}]`;
    if (l.kind === 'dense') return { kind: 'dense', units: l.units, activation: l.activation ?? 'linear', path: p };
    if (l.kind === 'dropout') return { kind: 'dropout', rate: l.rate ?? 0, path: p };
    return { kind: 'activation', activation: l.activation ?? 'linear', path: p };
  });
}
