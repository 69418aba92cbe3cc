// Case (1): square fp32 matmul, ours vs the tfjs peers, same data. Each timed run is one
// product plus reading the result back (identical work on every side, and a true sync).
import type { WebGPUBackend } from '../src/engine/backends/webgpu';
import type { Peers } from './peers';
import { measure, type Measured } from './timing';

export interface CaseResult {
  name: string;
  ours: { backend: string } & Measured & { gflops?: number };
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

export async function matmulCase(
  n: number, ours: WebGPUBackend, peers: Peers, budgetMs: number, previous?: CaseResult,
): Promise<CaseResult> {
  const reps = n >= 2048 ? 3 : n >= 1024 ? 5 : 9;
  const a = data(n, 1);
  const b = data(n, 2);
  const ha = { handle: ours.upload(a), shape: [n, n] };
  const hb = { handle: ours.upload(b), shape: [n, n] };
  const m = await measure(async () => {
    const c = ours.matmul(ha, hb, false, false, [n, n]);
    await ours.read(c);
    ours.dispose(c);
  }, reps, budgetMs);
  ours.dispose(ha.handle);
  ours.dispose(hb.handle);
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
