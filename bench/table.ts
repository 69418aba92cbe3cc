// The printed summary: one row per case, ours and each peer, with ours' speed-up over the
// peer of the same kind (tfjs-webgpu for our WebGPU rows, tfjs-wasm for our CPU rows on the
// WASM SIMD kernels, tfjs-cpu for the JavaScript reference kernels' rows).
import type { CaseResult } from './matmul';

const PEERS = ['tfjs-webgpu', 'tfjs-cpu', 'tfjs-wasm'];
/** The peer each of our backends is compared with (the issue's targets). */
export const TARGET_PEER: Record<string, string> = { webgpu: 'tfjs-webgpu', cpu: 'tfjs-wasm', 'cpu-js': 'tfjs-cpu' };

function cell(ms: number | undefined, gflops?: number, peakPct?: number): string {
  if (ms === undefined) return 'skipped';
  const t = ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  const pct = peakPct !== undefined ? `, ${peakPct}% of peak` : '';
  return gflops !== undefined ? `${t} (${gflops} GF/s${pct})` : t;
}

export function printTable(
  adapter: string, cases: CaseResult[], perStep: Record<string, { dispatches: number; submits: number }>,
  skipped: string[] = [],
): void {
  const rows = [['case', 'ours', ...PEERS, 'ours vs target peer']];
  for (const c of cases) {
    const peer = (n: string) => c.peers.find((p) => p.name === n);
    const target = TARGET_PEER[c.ours.backend];
    const tm = target ? peer(target)?.median_ms : undefined;
    rows.push([
      c.name,
      `${c.ours.backend}: ${cell(c.ours.median_ms, c.ours.gflops, c.ours.peak_pct)}`,
      ...PEERS.map((n) => (peer(n) ? cell(peer(n)?.median_ms, peer(n)?.gflops) : '-')),
      tm ? `${(tm / c.ours.median_ms).toFixed(2)}× vs ${target}` : '-',
    ]);
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  console.log(`\nadapter: ${adapter}`);
  for (const [i, r] of rows.entries()) {
    console.log(r.map((s, k) => s.padEnd(widths[k]!)).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
  console.log('(× = target peer time / ours: above 1 means ours is faster; "(cpu)" rows (WASM SIMD) and "(cpu-js)" rows (JavaScript reference) reuse the tfjs-cpu and tfjs-wasm figures of the row they mirror)');
  const notes = [
    ...cases.flatMap((c) => [
      ...(c.ours.note ? [`${c.name}, ours (${c.ours.backend}): ${c.ours.note}`] : []),
      // A (cpu) row's peers are the same measurements as its WebGPU row: note them once.
      ...(c.ours.backend.startsWith('cpu') ? [] : c.peers.flatMap((p) => (p.note || p.skipped ? [`${c.name}, ${p.name}: ${p.note ?? p.skipped}`] : []))),
    ]),
    ...skipped,
  ];
  if (notes.length) console.log(`\nnotes:\n${notes.map((n) => `  - ${n}`).join('\n')}`);
  for (const [name, s] of Object.entries(perStep)) {
    console.log(`per training step, ${name}: ${s.dispatches} dispatches, ${s.submits} submits`);
  }
}
