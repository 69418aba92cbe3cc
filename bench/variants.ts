// Matmul kernel variants on this adapter (for tuning): GFLOP/s per config and size.
// Usage: node --import tsx bench/variants.ts [sizes...]
import { createWebGPUBackend } from '../src/engine/backends/webgpu';
import { matmul, type MatmulConfig } from '../src/engine/backends/webgpu/kernels/matmul';

const TRANS_B = process.env.TRANS_B === '1';
const CONFIGS: (MatmulConfig | undefined)[] = [
  { variant: 'direct', TM: 8, TN: 64, RM: 8, RN: 8, TK: 0 },
  undefined,
];

async function main(): Promise<void> {
  const r = await createWebGPUBackend();
  if (!('backend' in r)) throw new Error(r.error);
  const b = r.backend;
  const sizes = process.argv.slice(2).map(Number);
  for (const n of sizes.length ? sizes : [256, 512, 1024]) {
    const data = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const x = { handle: b.upload(data), shape: [n, n] };
    const times: number[][] = CONFIGS.map(() => []);
    const inner = Math.max(1, Math.round(2e8 / (2 * n ** 3)));
    for (const c of CONFIGS) {
      const label = c ? `${c.variant} ${c.RM}x${c.RN}` : 'auto';
      const t0 = performance.now();
      b.dispose(matmul(b.rt, x, x, false, TRANS_B, [n, n], c));
      await b.idle();
      console.log(`first run (compile) ${label}: ${(performance.now() - t0).toFixed(0)} ms`);
    }
    for (let rep = 0; rep < 6; rep++) {
      for (const [ci, c] of CONFIGS.entries()) {
        const t0 = performance.now();
        for (let i = 0; i < inner; i++) b.dispose(matmul(b.rt, x, x, false, TRANS_B, [n, n], c));
        await b.idle();
        if (rep > 0) times[ci]!.push((performance.now() - t0) / inner);
      }
    }
    for (const [ci, c] of CONFIGS.entries()) {
      const t = times[ci]!.sort((p, q) => p - q);
      const g = (ms: number) => ((2 * n ** 3) / ms / 1e6).toFixed(2);
      console.log(`${n}\t${c ? `${c.variant} ${c.TM}x${c.TN} r${c.RM}x${c.RN} k${c.TK}` : 'auto'}\tbest ${g(t[0]!)}\tmedian ${g(t[t.length >> 1]!)} GFLOP/s`);
    }
  }
}
void main();
