// Layers for code networks: Linear (Dense), activations, Dropout, Flatten and Sequential.
// Weights are stored [inputs, outputs] (x · W, as Keras and the network files do; PyTorch
// stores the transpose), and initialised like PyTorch's nn.Linear unless told otherwise.
import { fusedActivation, activate } from '../nn/activations';
import type { Activation } from '../netfile/spec';
import { apply, tensor, type Tensor } from '../tensor';
import { Module } from './module';
import { libraryRng } from './random';

export interface LinearOptions {
  bias?: boolean;
  /** Applied after x · W + b, fused into the same kernel where the backend can. */
  activation?: Activation;
  /** 'uniform' (PyTorch's default: U(±1/√inputs)), 'he' or 'glorot'. */
  init?: 'uniform' | 'he' | 'glorot';
}

export class Linear extends Module {
  weight: Tensor;
  bias: Tensor | null;
  readonly activation: Activation;

  constructor(readonly inputs: number, readonly outputs: number, opts: LinearOptions = {}) {
    super();
    for (const [what, n] of [['inputs', inputs], ['outputs', outputs]] as const) {
      if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`Linear: ${what} must be a whole number ≥ 1, not ${n}`);
    }
    this.activation = opts.activation ?? 'linear';
    const bound = initBound(opts.init ?? 'uniform', inputs, outputs);
    const draw = (n: number) => Float32Array.from({ length: n }, () => bound.draw());
    this.weight = tensor(draw(inputs * outputs), { shape: [inputs, outputs], requiresGrad: true });
    this.bias = opts.bias === false ? null : tensor(bound.biasZero ? new Float32Array(outputs) : draw(outputs), { shape: [outputs], requiresGrad: true });
  }

  forward(x: Tensor): Tensor {
    const rows = x.rank === 1 ? x.reshape([1, x.size]) : x;
    if (rows.rank !== 2 || rows.shape[1] !== this.inputs) {
      throw new Error(`Linear(${this.inputs}, ${this.outputs}) got input of shape [${x.shape}]: expected [batch, ${this.inputs}]`);
    }
    const fused = fusedActivation(this.activation);
    const params = this.bias ? [this.weight, this.bias] : [this.weight];
    let h = apply('linear', [rows, ...params], { act: fused ?? 'none' });
    if (!fused) h = activate(h, this.activation);
    captured?.get(this)?.push(h);
    return x.rank === 1 ? h.reshape([this.outputs]) : h;
  }
}

/** While `captureOutputs` runs: the Linear modules being watched, and their outputs so far. */
let captured: Map<Linear, Tensor[]> | null = null;

/**
 * Run `fn` (a forward pass) and return the [rows, outputs] outputs each of `layers` produced
 * in it, every call's (a layer used twice gives two). The trainer's dead-unit probe uses it.
 */
export function captureOutputs(layers: readonly Linear[], fn: () => void): Map<Linear, Tensor[]> {
  const previous = captured;
  captured = new Map(layers.map((l) => [l, []]));
  const got = captured;
  try {
    fn();
  } finally {
    captured = previous;
  }
  return got;
}

/** Keras' name for Linear: `new Dense(inputs, units, { activation: 'relu' })`. */
export class Dense extends Linear {
  constructor(inputs: number, units: number, opts: LinearOptions | Activation = {}) {
    super(inputs, units, typeof opts === 'string' ? { activation: opts, init: 'glorot' } : { init: 'glorot', ...opts });
  }
}

function initBound(kind: 'uniform' | 'he' | 'glorot', fanIn: number, fanOut: number) {
  const rng = libraryRng();
  if (kind === 'he') return { draw: () => rng.normal(0, Math.sqrt(2 / fanIn)), biasZero: true };
  if (kind === 'glorot') {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return { draw: () => rng.uniform(-limit, limit), biasZero: true };
  }
  const limit = 1 / Math.sqrt(fanIn);
  return { draw: () => rng.uniform(-limit, limit), biasZero: false };
}

/** An activation function as a layer (for Sequential). */
class ActivationLayer extends Module {
  constructor(readonly fn: Activation) { super(); }
  forward(x: Tensor): Tensor { return activate(x, this.fn); }
}
export class ReLU extends ActivationLayer { constructor() { super('relu'); } }
export class Tanh extends ActivationLayer { constructor() { super('tanh'); } }
export class Sigmoid extends ActivationLayer { constructor() { super('sigmoid'); } }
export class GELU extends ActivationLayer { constructor() { super('gelu'); } }
export class LeakyReLU extends ActivationLayer { constructor() { super('leaky_relu'); } }
/** Softmax over the last axis. Leave it out when the loss is crossEntropy (it takes logits). */
export class Softmax extends ActivationLayer { constructor() { super('softmax'); } }
export class Identity extends Module { forward(x: Tensor): Tensor { return x; } }

/** Inverted dropout: in training, zero each value with probability p and scale the rest by 1/(1-p). */
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), not ${p}`);
  }
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    const rng = libraryRng();
    const keep = 1 / (1 - this.p);
    const mask = Float32Array.from({ length: x.size }, () => (rng.next() >= this.p ? keep : 0));
    return x.mul(tensor(mask, { shape: x.shape }));
  }
}

/** [batch, …] → [batch, features] (images to vectors). */
export class Flatten extends Module {
  forward(x: Tensor): Tensor { return x.reshape([x.shape[0], -1]); }
}

/** Layers applied in order; parameters are named by position (`0.weight`, `2.bias`). */
export class Sequential extends Module {
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }
  override children(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }
  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}
