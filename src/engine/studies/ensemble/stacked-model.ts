// K copies of one architecture trained together: every dense layer's weights stacked into
// [K, in, out] and its bias into [K, 1, out], run by the stacked `linear` op (one product per
// model, one call for all). Each model is initialised and drops units exactly as
// `Sequential` with its own seed would (same random streams, same order), so on the CPU a
// model of the stack computes bit for bit what it computes alone.
import { Rng } from '../../data/rng';
import type { Activation, LayerSpec } from '../../netfile/spec';
import { initWeights } from '../../nn/init';
import { forwardLayers } from '../../nn/model';
import { runtime, tidy } from '../../runtime';
import { apply, tensor, zeros, type Tensor } from '../../tensor';

type StackedLayer =
  | { kind: 'dense'; inputs: number; units: number; activation: Activation; w: Tensor; b: Tensor }
  | { kind: 'dropout'; units: number; rate: number }
  | { kind: 'activation'; units: number; activation: Activation };

export class StackedModel {
  readonly layers: StackedLayer[] = [];
  readonly k: number;

  constructor(specs: LayerSpec[], inputFeatures: number, seeds: readonly number[]) {
    this.k = seeds.length;
    // Stream 1 of each seed, consumed layer by layer, as Sequential does.
    const rngs = seeds.map((s) => new Rng(s, 1));
    let width = inputFeatures;
    for (const spec of specs) {
      if (spec.kind === 'dense') {
        const w = new Float32Array(this.k * width * spec.units);
        rngs.forEach((rng, m) => w.set(initWeights(width, spec.units, spec.activation, rng), m * width * spec.units));
        this.layers.push({
          kind: 'dense', inputs: width, units: spec.units, activation: spec.activation,
          w: tensor(w, { shape: [this.k, width, spec.units], requiresGrad: true }).keep(),
          b: zeros([this.k, 1, spec.units], true).keep(),
        });
        width = spec.units;
      } else if (spec.kind === 'dropout') {
        this.layers.push({ kind: 'dropout', units: width, rate: spec.rate });
      } else {
        this.layers.push({ kind: 'activation', units: width, activation: spec.activation });
      }
    }
  }

  parameters(): Tensor[] {
    return this.layers.flatMap((l) => (l.kind === 'dense' ? [l.w, l.b] : []));
  }

  /** Parameters of one model (what Sequential.parameterCount() gives). */
  parameterCount(): number {
    return this.layers.reduce((n, l) => n + (l.kind === 'dense' ? l.inputs * l.units + l.units : 0), 0);
  }

  /**
   * x: [n, f] (the same rows for every model) or [K, n, f] (rows of their own) -> [K, n, out].
   * `rngs`: each model's dropout stream (training only), drawn in Sequential's order.
   */
  forward(x: Tensor, opts: { training: boolean; rngs?: Rng[]; logits?: boolean }): Tensor {
    return forwardLayers(this.layers, x, opts, (shape, rate) => stackedDropoutMask(shape, rate, opts.rngs!));
  }

  /** Copies of the parameters (device-side), e.g. the best weights of each model. */
  snapshot(): Tensor[] {
    return this.parameters().map((p) => {
      const copy = zeros(p.shape).keep();
      runtime.backend.assign(copy.handle, p.handle);
      return copy;
    });
  }

  /** snap[m] = current[m] for every model m with take[m] (others keep their copy). */
  updateSnapshot(snap: Tensor[], take: readonly boolean[]): void {
    if (!take.some(Boolean)) return;
    const params = this.parameters();
    tidy(() => {
      const mask = tensor(Float32Array.from(take, (t) => (t ? 1 : 0)), { shape: [this.k, 1, 1] });
      params.forEach((p, i) => {
        const merged = apply('where', [mask, p.detach(), snap[i]], {});
        runtime.backend.assign(snap[i].handle, merged.handle);
      });
    });
  }

  /** Make the snapshot the model's weights. */
  restore(snap: Tensor[]): void {
    this.parameters().forEach((p, i) => runtime.backend.assign(p.handle, snap[i].handle));
  }

  dispose(): void {
    for (const p of this.parameters()) {
      p.zeroGrad();
      p.dispose();
    }
  }
}

/** Inverted dropout for every model: model m's [n, units] mask from its own stream, as
 *  Sequential's dropoutMask draws it. */
function stackedDropoutMask(shape: number[], rate: number, rngs: Rng[]): Tensor {
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  const keep = 1 / (1 - rate);
  const m = new Float32Array(rngs.length * per);
  rngs.forEach((rng, k) => {
    for (let i = 0; i < per; i++) m[k * per + i] = rng.next() >= rate ? keep : 0;
  });
  return tensor(m, { shape });
}
