// Per-layer statistics of weights and gradients, and the gradient-health rules built on
// them (vanishing / exploding gradients, dead ReLU units). docs/diagnostics.md lists them.
import type { Histogram, LayerStats } from './events';

export const GRADIENT_RULES = {
  /** A layer's gradient norm below this fraction of the output layer's is "vanishing". */
  vanishingRatio: 1e-3,
  /** A layer whose weights move by more than this fraction of their norm in one step explodes. */
  explodingUpdateRatio: 1,
  /** … or whose gradient norm exceeds this. */
  explodingGradNorm: 1e3,
  /** Units that output 0 for every probe sample are dead; warn from this fraction. */
  deadFraction: 0.5,
  /** A condition must hold this many epochs in a row before it is reported. */
  patience: 3,
};

function norm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

export function histogram(a: Float32Array, bins = 20): Histogram {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) continue;
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 0; }
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) continue;
    counts[Math.min(bins - 1, Math.floor((a[i] - lo) / width))]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}

export interface LayerArrays {
  index: number;
  /** Weights and bias, concatenated. */
  weights: Float32Array;
  grads: Float32Array;
  /** The weights before the last step of the epoch. */
  before: Float32Array | null;
  deadFraction?: number;
}

export function layerStats(l: LayerArrays, withHistograms: boolean): LayerStats {
  const wn = norm(l.weights);
  let delta = 0;
  if (l.before) {
    for (let i = 0; i < l.weights.length; i++) delta += (l.weights[i] - l.before[i]) ** 2;
  }
  const stats: LayerStats = {
    index: l.index,
    weight_norm: wn,
    weight_max_abs: maxAbs(l.weights),
    grad_norm: norm(l.grads),
    grad_max_abs: maxAbs(l.grads),
    update_ratio: l.before ? Math.sqrt(delta) / Math.max(norm(l.before), 1e-12) : 0,
  };
  if (l.deadFraction !== undefined) stats.dead_fraction = l.deadFraction;
  if (withHistograms) {
    stats.histogram = histogram(l.weights);
    stats.grad_histogram = histogram(l.grads);
  }
  return stats;
}

export interface GradientFinding {
  kind: 'vanishing_gradients' | 'exploding_gradients' | 'dead_units';
  layer: number;
  message: string;
  evidence: Record<string, number>;
}

/** Watches the per-epoch stats and reports each problem once per layer, after `patience` epochs. */
export class GradientWatch {
  private streaks = new Map<string, number>();
  private reported = new Set<string>();

  /** `layers` are the dense layers' stats in order; the last one is the output layer. */
  observe(epoch: number, layers: LayerStats[], activations: Map<number, string>): GradientFinding[] {
    const out: GradientFinding[] = [];
    const outputGrad = layers[layers.length - 1]?.grad_norm ?? 0;
    for (const [k, s] of layers.entries()) {
      const isOutput = k === layers.length - 1;
      const ratio = s.grad_norm / Math.max(outputGrad, 1e-30);
      this.check(out, 'vanishing_gradients', s.index, !isOutput && outputGrad > 0 && ratio < GRADIENT_RULES.vanishingRatio, () => ({
        message: `Vanishing gradients in layer ${s.index + 1} (${activations.get(s.index) ?? 'dense'}): its gradient norm ${s.grad_norm.toExponential(2)} is ${ratio.toExponential(1)}× the output layer's, so it barely learns. Try relu activations, fewer layers, or batch-friendly initialisation.`,
        evidence: { epoch, grad_norm: s.grad_norm, output_grad_norm: outputGrad, ratio },
      }));
      const exploding = !Number.isFinite(s.grad_norm) || s.grad_norm > GRADIENT_RULES.explodingGradNorm || s.update_ratio > GRADIENT_RULES.explodingUpdateRatio;
      this.check(out, 'exploding_gradients', s.index, exploding, () => ({
        message: `Exploding gradients in layer ${s.index + 1}: gradient norm ${s.grad_norm.toExponential(2)}, one step changes the weights by ${(100 * s.update_ratio).toFixed(0)}% of their size. Lower the learning rate.`,
        evidence: { epoch, grad_norm: s.grad_norm, update_ratio: s.update_ratio, weight_norm: s.weight_norm },
      }), 1);
      const dead = s.dead_fraction ?? 0;
      this.check(out, 'dead_units', s.index, dead >= GRADIENT_RULES.deadFraction, () => ({
        message: `${(100 * dead).toFixed(0)}% of the units of layer ${s.index + 1} are dead (ReLU outputs 0 for every sample, so they never learn again). Try leaky_relu, a lower learning rate, or a different seed.`,
        evidence: { epoch, dead_fraction: dead },
      }));
    }
    return out;
  }

  private check(out: GradientFinding[], kind: GradientFinding['kind'], layer: number, holds: boolean,
    describe: () => { message: string; evidence: Record<string, number> }, patience = GRADIENT_RULES.patience): void {
    const key = `${kind}:${layer}`;
    const streak = holds ? (this.streaks.get(key) ?? 0) + 1 : 0;
    this.streaks.set(key, streak);
    if (streak >= patience && !this.reported.has(key)) {
      this.reported.add(key);
      out.push({ kind, layer, ...describe() });
    }
  }
}
