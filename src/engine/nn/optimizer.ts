// SGD, momentum and Adam (with L2 weight decay), applied by the backend to every parameter
// at once: one call per step, which the WebGPU backend turns into one or a few dispatches.
import type { Handle, OptimizerHyper } from '../backends/backend';
import type { OptimizerSpec } from '../netfile/spec';
import { runtime } from '../runtime';
import type { Tensor } from '../tensor';

export class Optimizer {
  private state: { s1: Handle; s2: Handle }[];
  private step = 0;
  learningRate: number;

  /**
   * `weightDecays`: for a stack of K models trained together (every parameter's leading index
   * is the model), one weight decay per model instead of the spec's.
   */
  constructor(private params: Tensor[], private spec: OptimizerSpec, private weightDecays?: readonly number[]) {
    const be = runtime.backend;
    this.learningRate = spec.learningRate;
    // sgd keeps no state: a 1-value placeholder keeps the slot shape uniform.
    this.state = params.map((p) => ({
      s1: be.fill(spec.type === 'sgd' ? 1 : p.size, 0),
      s2: be.fill(spec.type === 'adam' ? p.size : 1, 0),
    }));
  }

  /** Update every parameter from its `.grad`; parameters without a gradient are skipped. */
  update(): void {
    this.step++;
    const hyper: OptimizerHyper = {
      kind: this.spec.type,
      learningRate: this.learningRate,
      momentum: this.spec.momentum,
      beta1: this.spec.beta1,
      beta2: this.spec.beta2,
      epsilon: this.spec.epsilon,
      weightDecay: this.weightDecays ?? this.spec.weightDecay,
      step: this.step,
    };
    const slots = this.params.flatMap((p, i) => (p.grad
      ? [{ param: p.handle, grad: p.grad.handle, state1: this.state[i].s1, state2: this.state[i].s2, size: p.size }]
      : []));
    runtime.backend.optimizerStep(slots, hyper);
  }

  dispose(): void {
    for (const s of this.state) {
      runtime.backend.dispose(s.s1);
      runtime.backend.dispose(s.s2);
    }
  }
}
