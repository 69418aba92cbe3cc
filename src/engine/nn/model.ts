// A sequential model built from the network file's layer list. Layers know nothing of
// backends: they are written against Tensor only.
import { Rng } from '../data/rng';
import type { Activation, LayerSpec } from '../netfile/spec';
import { apply, tensor, zeros, type Tensor } from '../tensor';
import { activate, fusedActivation } from './activations';
import { initWeights } from './init';

export interface DenseLayer {
  kind: 'dense';
  index: number;
  spec: LayerSpec;
  inputs: number;
  units: number;
  activation: Activation;
  w: Tensor;
  b: Tensor;
}
export interface DropoutLayer { kind: 'dropout'; index: number; spec: LayerSpec; units: number; rate: number }
export interface ActivationLayer { kind: 'activation'; index: number; spec: LayerSpec; units: number; activation: Activation }
export type Layer = DenseLayer | DropoutLayer | ActivationLayer;

export interface ForwardOptions {
  training: boolean;
  /** Dropout masks come from here (seeded: same seed, same run). */
  rng?: Rng;
  /** Leave the final softmax/sigmoid out: the loss is fused with it (logits out). */
  logits?: boolean;
  /** Keep every layer's output (for dead-unit and non-finite checks). */
  capture?: Tensor[];
}

export class Sequential {
  readonly layers: Layer[] = [];

  constructor(specs: LayerSpec[], inputFeatures: number, seed: number) {
    const rng = new Rng(seed, 1);
    let width = inputFeatures;
    specs.forEach((spec, index) => {
      if (spec.kind === 'dense') {
        const w = tensor(initWeights(width, spec.units, spec.activation, rng), { shape: [width, spec.units], requiresGrad: true }).keep();
        const b = zeros([spec.units], true).keep();
        this.layers.push({ kind: 'dense', index, spec, inputs: width, units: spec.units, activation: spec.activation, w, b });
        width = spec.units;
      } else if (spec.kind === 'dropout') {
        this.layers.push({ kind: 'dropout', index, spec, units: width, rate: spec.rate });
      } else {
        this.layers.push({ kind: 'activation', index, spec, units: width, activation: spec.activation });
      }
    });
  }

  /** Free the parameters' buffers (and their gradients). */
  dispose(): void {
    for (const p of this.parameters()) {
      p.zeroGrad();
      p.dispose();
    }
  }

  get dense(): DenseLayer[] { return this.layers.filter((l): l is DenseLayer => l.kind === 'dense'); }
  parameters(): Tensor[] { return this.dense.flatMap((l) => [l.w, l.b]); }
  parameterCount(): number { return this.dense.reduce((n, l) => n + l.inputs * l.units + l.units, 0); }
  get outputUnits(): number { return this.layers[this.layers.length - 1].units; }

  /** The activation at the very end of the network (what a fused loss absorbs). */
  get finalActivation(): Activation {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      if (l.kind !== 'dropout') return l.activation;
    }
    return 'linear';
  }

  forward(x: Tensor, opts: ForwardOptions): Tensor {
    return forwardLayers(this.layers, x, opts, (shape, rate) => dropoutMask(shape, rate, opts.rng ?? new Rng(0, 3)));
  }
}

/** Inverted dropout: kept units are scaled by 1/(1-rate) so evaluation needs no rescaling. */
function dropoutMask(shape: number[], rate: number, rng: Rng): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const keep = 1 / (1 - rate);
  const m = new Float32Array(n);
  for (let i = 0; i < n; i++) m[i] = rng.next() >= rate ? keep : 0;
  return tensor(m, { shape });
}

/** What the forward pass needs of a layer (one model's, or K stacked models'). */
export type ForwardLayer =
  | { kind: 'dense'; activation: Activation; w: Tensor; b: Tensor }
  | { kind: 'dropout'; rate: number }
  | { kind: 'activation'; activation: Activation };

/**
 * The layers in order, shared by Sequential and the studies' stacked models: only the dropout
 * mask differs (one random stream, or one per stacked model).
 */
export function forwardLayers(
  layers: readonly ForwardLayer[], x: Tensor,
  opts: { training: boolean; logits?: boolean; capture?: Tensor[] },
  dropout: (shape: number[], rate: number) => Tensor,
): Tensor {
  let h = x;
  const last = layers.length - 1 - [...layers].reverse().findIndex((l) => l.kind !== 'dropout');
  layers.forEach((layer, i) => {
    const skipAct = opts.logits && i === last;
    if (layer.kind === 'dense') {
      const act: Activation = skipAct ? 'linear' : layer.activation;
      const fused = fusedActivation(act);
      h = apply('linear', [h, layer.w, layer.b], { act: fused ?? 'none' });
      if (!fused) h = activate(h, act);
    } else if (layer.kind === 'activation') {
      if (!skipAct) h = activate(h, layer.activation);
    } else if (opts.training && layer.rate > 0) {
      h = h.mul(dropout(h.shape, layer.rate));
    }
    opts.capture?.push(h);
  });
  return h;
}
