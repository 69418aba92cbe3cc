// The bias/variance decompositions of the bootstrap study, from the predictions of B models on
// the same rows. Pure arithmetic in float64; the parts add up to the total by construction of
// each per-row identity, and the tests check that they do.
import type { Dataset } from '../data';

export interface Decomposition {
  total: number;
  bias: number;
  variance: number;
  noise: number;
  details: Record<string, number>;
}

/**
 * Squared error. Per row with target t and predictions f_b (mean f̄, population variance v):
 *   mean_b (t − f_b)² = (t − f̄)² + v   (exact).
 * f̄ is itself an average of B models, so (t − f̄)² carries v/(B − 1) of their variance on top
 * of bias² + noise; that share moves to the variance, which becomes the unbiased estimate
 * v·B/(B − 1) (the sum is unchanged). What is left is bias² + noise, which one label per row
 * cannot tell apart: `noise` (an estimate of the noise variance) is taken out of it, at most all
 * of it, so bias² ≥ 0.
 */
export function decomposeSquared(preds: Float32Array[], targets: Float32Array, noise: number | null): Decomposition {
  const B = preds.length, m = targets.length;
  let total = 0, miss = 0, spread = 0;
  for (let i = 0; i < m; i++) {
    let mean = 0;
    for (const p of preds) mean += p[i];
    mean /= B;
    let err = 0, v = 0;
    for (const p of preds) { err += (targets[i] - p[i]) ** 2; v += (p[i] - mean) ** 2; }
    total += err / B;
    spread += v / B;
    miss += (targets[i] - mean) ** 2;
  }
  total /= m; spread /= m; miss /= m;
  const shift = B > 1 ? Math.min(spread / (B - 1), miss) : 0;
  const biasNoise = miss - shift;
  const n = noise === null ? 0 : Math.min(Math.max(0, noise), biasNoise);
  const details: Record<string, number> = { bias_plus_noise: biasNoise, consensus_error: miss, prediction_spread: spread };
  if (noise !== null) details.noise_estimate = noise;
  return { total, bias: biasNoise - n, variance: spread + shift, noise: n, details };
}

/**
 * 0-1 loss (Domingos 2000) with the observed label taken as the optimal prediction (noise 0:
 * a flipped label shows up as bias). Per row: main prediction m = the most common prediction
 * (ties: the lowest class); bias B = [m ≠ t]; variance V = share of models that disagree with m.
 * The expected error is V where B = 0, and 1 − P(f = t) = B − P(f = t) where B = 1: there,
 * disagreeing with a wrong main prediction can only help. So
 *   total = bias + variance_unbiased − variance_removed,
 * and `variance` is the net variance, variance_unbiased − variance_removed.
 */
export function decomposeZeroOne(preds: Float32Array[], labels: Float32Array, classes: number): Decomposition {
  const B = preds.length, m = labels.length;
  const votes = new Array<number>(Math.max(2, classes)).fill(0);
  let total = 0, bias = 0, vAll = 0, vUnbiased = 0, vBiased = 0, removed = 0;
  for (let i = 0; i < m; i++) {
    votes.fill(0);
    for (const p of preds) votes[p[i]]++;
    let main = 0;
    for (let k = 1; k < votes.length; k++) if (votes[k] > votes[main]) main = k;
    const t = labels[i];
    const wrong = (B - votes[t]) / B;
    const v = (B - votes[main]) / B;
    total += wrong;
    vAll += v;
    if (main !== t) { bias += 1; vBiased += v; removed += votes[t] / B; }
    else vUnbiased += v;
  }
  return {
    total: total / m, bias: bias / m, variance: (vUnbiased - removed) / m, noise: 0,
    details: { variance_domingos: vAll / m, variance_unbiased: vUnbiased / m, variance_biased: vBiased / m, variance_removed: removed / m },
  };
}

/**
 * Noise variance from nearest neighbours (the "delta test"): for close inputs the targets
 * differ by the noise of both, so half the mean squared difference to each row's nearest
 * neighbour estimates it (too high where the function changes fast between neighbours).
 * Uses at most `limit` rows.
 */
export function nearestNeighbourNoise(d: Dataset, limit = 2000): number | null {
  const n = Math.min(d.n, limit), f = d.features, t = d.targets;
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let bestJ = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let dist = 0;
      for (let k = 0; k < f && dist < bestD; k++) dist += (d.x[i * f + k] - d.x[j * f + k]) ** 2;
      if (dist < bestD) { bestD = dist; bestJ = j; }
    }
    for (let k = 0; k < t; k++) sum += (d.y[i * t + k] - d.y[bestJ * t + k]) ** 2;
  }
  return sum / (2 * n * t);
}
