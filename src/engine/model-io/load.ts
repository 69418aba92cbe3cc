// Putting saved weights into a model: checking that they fit the layers a network file
// describes (each misfit named by its layer, for an error on that line), then copying them.
import type { LayerSpec } from '../netfile/spec';
import { Sequential } from '../nn/model';
import { tensor } from '../tensor';
import { layerSpecsOf, ModelFileError, type SavedModel } from './saved-model';

export interface Misfit {
  /** The network-file node at fault: 'model[2]', or 'model' for a different layer count. */
  path: string;
  message: string;
}

/** The k-th dense layer of the file takes the k-th saved dense layer's weights (so a dropout
 *  added or removed between them changes nothing); every shape must match. */
export function misfits(layers: readonly LayerSpec[], features: number, saved: SavedModel): Misfit[] {
  const denseSaved = saved.layers.filter((l) => l.kind === 'dense');
  const out: Misfit[] = [];
  let width = features;
  let k = 0;
  for (const spec of layers) {
    if (spec.kind !== 'dense') continue;
    const s = denseSaved[k++];
    if (!s) {
      out.push({ path: spec.path, message: `${spec.path} (dense ${width} → ${spec.units}) has no weights in ${saved.file}: it holds ${denseSaved.length} dense layer${denseSaved.length === 1 ? '' : 's'}, the file has more` });
    } else if (s.inputs !== width || s.units !== spec.units) {
      out.push({ path: spec.path, message: `${spec.path} is dense ${width} → ${spec.units} here, but its weights in ${saved.file} (layer ${s.index}) are ${s.inputs} → ${s.units}` });
    }
    width = spec.units;
  }
  if (k < denseSaved.length) {
    out.push({ path: 'model', message: `${saved.file} holds ${denseSaved.length} dense layers, the model here has ${k}: the weights of layer ${denseSaved[k].index} and after would be dropped` });
  }
  return out;
}

/** Replaces the model's weights by the saved ones; throws when they do not fit. */
export function loadWeightsInto(model: Sequential, saved: SavedModel): void {
  const features = model.dense[0]?.inputs ?? saved.features;
  const bad = misfits(model.layers.map((l) => l.spec), features, saved);
  if (bad.length) throw new ModelFileError(bad[0].message);
  const denseSaved = saved.layers.filter((l) => l.kind === 'dense');
  model.dense.forEach((layer, k) => {
    const s = denseSaved[k];
    layer.w.dispose();
    layer.b.dispose();
    layer.w = tensor(Float32Array.from(s.w!), { shape: [layer.inputs, layer.units], requiresGrad: true }).keep();
    layer.b = tensor(Float32Array.from(s.b!), { shape: [layer.units], requiresGrad: true }).keep();
  });
}

/** The saved model, rebuilt with its own architecture and weights. */
export function modelFromSaved(saved: SavedModel): Sequential {
  const model = new Sequential(layerSpecsOf(saved), saved.features, 0);
  loadWeightsInto(model, saved);
  return model;
}
