// Weight initialisers. He for the ReLU family keeps activations' variance steady through
// depth; Glorot for symmetric squashing functions (tanh, sigmoid) and linear outputs.
import type { Activation } from '../netfile/spec';
import type { Rng } from '../data/rng';

export function initWeights(fanIn: number, fanOut: number, activation: Activation, rng: Rng): Float32Array {
  const w = new Float32Array(fanIn * fanOut);
  if (activation === 'relu' || activation === 'leaky_relu' || activation === 'gelu') {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
  } else {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-limit, limit);
  }
  return w;
}
