// One training-epoch case: ours and each tfjs peer on the same MNIST subset. A peer whose
// probe (a few timed steps) predicts an epoch beyond the budget is timed on part of the
// epoch and scaled to a full one; the result says so. Our CPU backend is then timed on the
// same data as its own case, against the tfjs-cpu and tfjs-wasm figures just measured.
import type { Backend } from '../src/engine/backends/backend';
import type { WebGPUBackend } from '../src/engine/backends/webgpu';
import { loadMnist } from '../src/engine/data/mnist';
import type { Dataset } from '../src/engine/data';
import type { CaseResult, CpuTier } from './matmul';
import type { Peers } from './peers';
import { measure, median } from './timing';
import { BATCH, oursRunner, tfRunner, type EpochRunner } from './training';

let mnist: Dataset | null = null;

const caseName = (hidden: number[], n: number): string =>
  `MNIST epoch 784-${hidden.join('-')}-10 (${n} samples, batch ${BATCH}, Adam)`;

async function dataset(limit: number): Promise<Dataset> {
  mnist ??= await loadMnist();
  if (limit >= mnist.n) return mnist;
  return { ...mnist, n: limit, x: mnist.x.subarray(0, limit * mnist.features), y: mnist.y.subarray(0, limit) };
}

async function timeRunner(
  r: EpochRunner, budgetMs: number, fullEpochs: boolean,
): Promise<{ median_ms: number; runs: number; note?: string }> {
  // Probe: 2 untimed steps (pipeline builds), then 3 timed ones.
  await r.run(2);
  const t0 = performance.now();
  await r.run(3);
  const perStep = (performance.now() - t0) / 3;
  const epochEstimate = perStep * r.steps;
  // The peer the targets are about is always timed on whole epochs (one at least).
  if (fullEpochs) return measure(() => r.run(), 3, Math.max(budgetMs, epochEstimate * 2.5));
  if (epochEstimate * 2 <= budgetMs) return measure(() => r.run(), 3, budgetMs);
  const k = Math.max(3, Math.min(r.steps, Math.floor(budgetMs / 2 / perStep)));
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    const s0 = performance.now();
    await r.run(k);
    times.push(((performance.now() - s0) / k) * r.steps);
  }
  return { median_ms: median(times), runs: times.length, note: `extrapolated from ${k} of ${r.steps} steps (an epoch is ~${(epochEstimate / 1000).toFixed(0)} s)` };
}

export async function trainingCase(
  hidden: number[], limit: number, ours: WebGPUBackend, peers: Peers, budgetMs: number,
): Promise<{ result: CaseResult; step: { dispatches: number; submits: number } }> {
  const data = await dataset(limit);
  const name = caseName(hidden, data.n);
  const r = oursRunner(ours, data, hidden);
  await r.run(2);
  const s0 = ours.stats();
  await r.run(r.steps);
  const s1 = ours.stats();
  const step = {
    dispatches: Number(((s1.dispatches - s0.dispatches) / r.steps).toFixed(1)),
    // The epoch-end read-back adds one submit per epoch.
    submits: Number(((s1.submits - s0.submits) / r.steps).toFixed(2)),
  };
  const m = await measure(() => r.run(), 3, budgetMs * 2);
  const loss = await r.lastLoss();
  r.dispose();
  const result: CaseResult = { name, ours: { backend: 'webgpu', ...m }, peers: [] };
  if (!Number.isFinite(loss)) result.ours.note = `loss ${loss}`;
  for (const peer of peers.available) {
    await peers.tf.setBackend(peers.backendOf(peer));
    const tr = tfRunner(peers, data, hidden);
    const pm = await timeRunner(tr, budgetMs, peer === 'tfjs-webgpu');
    tr.dispose();
    result.peers.push({ name: peer, ...pm });
  }
  return { result, step };
}

/**
 * Our CPU backend (set as the runtime's backend while it runs, then restored) on the epoch
 * of `gpuCase`. Like a slow peer, it is timed on part of the epoch and scaled when a whole
 * one would not fit the budget; its peers are `gpuCase`'s tfjs-cpu and tfjs-wasm entries.
 */
export async function cpuTrainingCase(
  hidden: number[], limit: number, cpu: Backend, gpuCase: CaseResult, budgetMs: number, tier: CpuTier = 'cpu',
): Promise<CaseResult> {
  const data = await dataset(limit);
  const r = oursRunner(cpu, data, hidden);
  const m = await timeRunner(r, budgetMs, false);
  const loss = await r.lastLoss();
  r.dispose();
  const result: CaseResult = {
    name: `${caseName(hidden, data.n)} (${tier})`,
    ours: { backend: tier, ...m },
    peers: gpuCase.peers.filter((p) => p.name === 'tfjs-cpu' || p.name === 'tfjs-wasm'),
  };
  if (!Number.isFinite(loss)) result.ours.note = [m.note, `loss ${loss}`].filter(Boolean).join('; ');
  return result;
}
