// Case (1): square fp32 matmul, ours vs the tfjs peers, same data. Each timed run is one
// product plus reading the result back (identical work on every side, and a true sync).
// Our CPU backend is timed right after the peers on the same matrices, as its own case whose
// peers are the tfjs-cpu and tfjs-wasm figures just measured.
import type { Backend } from '../src/engine/backends/backend';
import type { WebGPUBackend } from '../src/engine/backends/webgpu';
import type { Peers } from './peers';
import { measure, type Measured } from './timing';

export interface CaseResult {
  name: string;
  /** `peak_pct`: GFLOP/s as a % of the measured SIMD peak of the cores used (the WASM tier). */
  ours: { backend: string } & Measured & { gflops?: number; peak_pct?: number };
  peers: ({ name: string } & Partial<Measured> & { gflops?: number; skipped?: string })[];
}

function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n * n);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

const gflops = (n: number, ms: number): number => Number(((2 * n ** 3) / ms / 1e6).toFixed(2));

const repsFor = (n: number): number => (n >= 2048 ? 3 : n >= 1024 ? 5 : 9);

/** One of our backends on the product of `a` and `b` (n × n), read back each run. */
async function timeOurs(backend: Backend, n: number, a: Float32Array, b: Float32Array, budgetMs: number): Promise<Measured> {
  const ha = { handle: backend.upload(a), shape: [n, n] };
  const hb = { handle: backend.upload(b), shape: [n, n] };
  const m = await measure(async () => {
    const c = backend.matmul(ha, hb, false, false, [n, n]);
    await backend.read(c);
    backend.dispose(c);
  }, repsFor(n), budgetMs);
  backend.dispose(ha.handle);
  backend.dispose(hb.handle);
  return m;
}

/** Why a run of size n is skipped: the previous (smaller) size predicts more than the budget. */
function overBudget(previous: { n: number; ms?: number } | undefined, n: number, budgetMs: number): string | undefined {
  if (!previous) return undefined;
  if (previous.ms === undefined) return `over the ${budgetMs / 1000} s budget (size ${previous.n} was skipped)`;
  const predicted = previous.ms * (n / previous.n) ** 3;
  if (predicted * 2 <= budgetMs) return undefined;
  return `over the ${budgetMs / 1000} s budget (~${(predicted / 1000).toFixed(0)} s per run predicted from ${previous.n})`;
}

export async function matmulCase(
  n: number, ours: WebGPUBackend, peers: Peers, budgetMs: number, previous?: CaseResult,
): Promise<CaseResult> {
  const reps = repsFor(n);
  const a = data(n, 1);
  const b = data(n, 2);
  const m = await timeOurs(ours, n, a, b, budgetMs);
  const result: CaseResult = { name: `matmul ${n}x${n}`, ours: { backend: 'webgpu', ...m, gflops: gflops(n, m.median_ms) }, peers: [] };

  const { tf } = peers;
  for (const peer of peers.available) {
    // A peer whose previous (half-size) run predicts more than the budget is skipped.
    const prev = previous?.peers.find((p) => p.name === peer);
    if (prev && (prev.skipped || (prev.median_ms ?? 0) * 8 * 2 > budgetMs)) {
      const est = prev.median_ms ? ` (~${((prev.median_ms * 8) / 1000).toFixed(0)} s per run predicted from ${n / 2})` : '';
      result.peers.push({ name: peer, skipped: `over the ${budgetMs / 1000} s budget${est}` });
      continue;
    }
    await tf.setBackend(peers.backendOf(peer));
    const ta = tf.tensor2d(a, [n, n]);
    const tb = tf.tensor2d(b, [n, n]);
    const pm = await measure(async () => {
      const c = tf.matMul(ta, tb);
      await c.data();
      c.dispose();
    }, reps, budgetMs);
    ta.dispose();
    tb.dispose();
    result.peers.push({ name: peer, ...pm, gflops: gflops(n, pm.median_ms) });
  }
  return result;
}

/** Our CPU tiers: 'cpu' (the WASM SIMD kernels) and 'cpu-js' (the JavaScript reference kernels). */
export type CpuTier = 'cpu' | 'cpu-js';

/**
 * Our CPU backend on the same product as `gpuCase`, timed now; its peers are the tfjs-cpu and
 * tfjs-wasm entries of `gpuCase` (measured just before, same matrices). No result, and the
 * reason, when the previous size (`ms` undefined: skipped) predicts a run beyond the budget.
 * `peakGflops`: the SIMD peak of the cores it runs on (measured in this run), for the % of it.
 */
export async function cpuMatmulCase(
  n: number, cpu: Backend, gpuCase: CaseResult, budgetMs: number, previous?: { n: number; ms?: number },
  tier: CpuTier = 'cpu', peakGflops?: number,
): Promise<{ result?: CaseResult; skipped?: string }> {
  const name = `matmul ${n}x${n} (${tier})`;
  const skipped = overBudget(previous, n, budgetMs);
  if (skipped) return { skipped: `${name}, ours: ${skipped}` };
  const m = await timeOurs(cpu, n, data(n, 1), data(n, 2), budgetMs);
  const gf = gflops(n, m.median_ms);
  return {
    result: {
      name,
      ours: { backend: tier, ...m, gflops: gf, ...(peakGflops ? { peak_pct: Math.round((gf / peakGflops) * 100) } : {}) },
      peers: gpuCase.peers.filter((p) => p.name === 'tfjs-cpu' || p.name === 'tfjs-wasm'),
    },
  };
}
