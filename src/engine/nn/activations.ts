// Activation functions by name, and which of them a fused `linear` kernel can apply.
import type { FusedActivation } from '../backends/backend';
import type { Activation } from '../netfile/spec';
import type { Tensor } from '../tensor';

export function activate(x: Tensor, a: Activation): Tensor {
  switch (a) {
    case 'linear': return x;
    case 'relu': return x.relu();
    case 'leaky_relu': return x.leakyRelu(0.01);
    case 'tanh': return x.tanh();
    case 'sigmoid': return x.sigmoid();
    case 'gelu': return x.gelu();
    case 'softmax': return x.softmax(-1);
  }
}

/** The fused epilogue for an activation, or null when it must run as a separate op. */
export function fusedActivation(a: Activation): FusedActivation | null {
  switch (a) {
    case 'linear': return 'none';
    case 'relu': case 'tanh': case 'sigmoid': return a;
    default: return null;
  }
}
