// Optimizers for code networks (torch.optim): SGD (with momentum), Adam, with L2 weight
// decay. They drive the engine's fused optimizer step, so a script's update costs what a
// network file's does: one backend call for every parameter at once.
import { Optimizer as EngineOptimizer } from '../nn/optimizer';
import type { OptimizerSpec } from '../netfile/spec';
import type { Tensor } from '../tensor';

abstract class LibraryOptimizer {
  private readonly engine: EngineOptimizer;
  constructor(readonly params: Tensor[], spec: OptimizerSpec) {
    if (params.length === 0) throw new Error('the optimizer got no parameters: pass model.parameters()');
    const notTrainable = params.findIndex((p) => !p.requiresGrad);
    if (notTrainable >= 0) throw new Error(`parameter ${notTrainable} does not require gradients (create it with { requiresGrad: true })`);
    this.engine = new EngineOptimizer(params, spec);
  }
  /** The learning rate (can be changed between steps, for a schedule). */
  get lr(): number { return this.engine.learningRate; }
  set lr(v: number) { this.engine.learningRate = v; }
  /** Update every parameter from its `.grad` (parameters without one are left alone). */
  step(): void { this.engine.update(); }
  /** Drop every parameter's gradient; call before each backward pass. */
  zeroGrad(): void { for (const p of this.params) p.zeroGrad(); }
  /** Free the optimizer's state buffers (momentum, Adam's moments). */
  dispose(): void { this.engine.dispose(); }
}

export interface SGDOptions { lr?: number; momentum?: number; weightDecay?: number }

/** Plain SGD, or SGD with (heavy-ball) momentum when `momentum` > 0. */
export class SGD extends LibraryOptimizer {
  constructor(params: Tensor[], opts: SGDOptions = {}) {
    const momentum = opts.momentum ?? 0;
    super(params, spec(momentum > 0 ? 'momentum' : 'sgd', opts.lr ?? 0.01, { momentum, weightDecay: opts.weightDecay }));
  }
}

export interface AdamOptions { lr?: number; betas?: [number, number]; eps?: number; weightDecay?: number }

export class Adam extends LibraryOptimizer {
  constructor(params: Tensor[], opts: AdamOptions = {}) {
    const [beta1, beta2] = opts.betas ?? [0.9, 0.999];
    super(params, spec('adam', opts.lr ?? 0.001, { beta1, beta2, epsilon: opts.eps, weightDecay: opts.weightDecay }));
  }
}

function spec(type: OptimizerSpec['type'], learningRate: number, o: Partial<OptimizerSpec>): OptimizerSpec {
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new RangeError(`lr must be a positive number, not ${learningRate}`);
  return {
    type, learningRate,
    momentum: o.momentum ?? 0, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999,
    epsilon: o.epsilon ?? 1e-8, weightDecay: o.weightDecay ?? 0,
  };
}
