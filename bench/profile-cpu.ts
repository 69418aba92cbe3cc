// Where a CPU training step goes, by backend method: `npm run bench:profile -- [hidden=512,512]
// [threads]`. Times every call of every method of the CPU backend over 30
// steps after 3 warm-up ones, and prints ms per step for each.
import { createCpuBackend } from '../src/engine/backends/cpu';
import { loadMnist } from '../src/engine/data/mnist';
import { oursRunner } from './training';

const hidden = (process.argv[2] ?? '512,512').split(',').map(Number);
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
const be = createCpuBackend({ threads });
const totals = new Map<string, { ms: number; calls: number }>();
const proto = Object.getPrototypeOf(be) as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(proto)) {
  const fn = proto[name];
  if (name === 'constructor' || typeof fn !== 'function') continue;
  (be as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    try { return (fn as (...a: unknown[]) => unknown).apply(this, args); } finally {
      const key = name === 'binary' || name === 'unary' || name === 'reduce' ? `${name}:${String(args[0])}` : name;
      const e = totals.get(key) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0; e.calls++;
      totals.set(key, e);
    }
  };
}
async function main(): Promise<void> {
const mnist = await loadMnist();
const data = { ...mnist, n: 10000, x: mnist.x.subarray(0, 10000 * mnist.features), y: mnist.y.subarray(0, 10000) };
const r = oursRunner(be, data, hidden);
await r.run(3);
totals.clear();
const STEPS = 30;
const t0 = performance.now();
await r.run(STEPS);
const wall = (performance.now() - t0) / STEPS;
const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
console.log(`${be.adapter}, 784-${hidden.join('-')}-10, batch 128: ${wall.toFixed(2)} ms a step`);
for (const [k, v] of rows) console.log(`${k.padEnd(28)} ${(v.ms / STEPS).toFixed(3).padStart(8)} ms  ${(v.calls / STEPS).toFixed(1).padStart(5)} calls`);
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
