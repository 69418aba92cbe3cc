// The printed summary: one row per case, ours and each peer, with ours' speed-up over each.
import type { CaseResult } from './matmul';

const PEERS = ['tfjs-webgpu', 'tfjs-cpu', 'tfjs-wasm'];

function cell(ms: number | undefined, gflops?: number): string {
  if (ms === undefined) return 'skipped';
  const t = ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  return gflops !== undefined ? `${t} (${gflops} GF/s)` : t;
}

export function printTable(
  adapter: string, cases: CaseResult[], perStep: Record<string, { dispatches: number; submits: number }>,
): void {
  const rows = [['case', 'ours (webgpu)', ...PEERS, 'ours vs tfjs-webgpu']];
  for (const c of cases) {
    const peer = (n: string) => c.peers.find((p) => p.name === n);
    const tw = peer('tfjs-webgpu')?.median_ms;
    rows.push([
      c.name,
      cell(c.ours.median_ms, c.ours.gflops),
      ...PEERS.map((n) => cell(peer(n)?.median_ms, peer(n)?.gflops)),
      tw ? `${(tw / c.ours.median_ms).toFixed(2)}×` : '-',
    ]);
  }
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  console.log(`\nadapter: ${adapter}`);
  for (const [i, r] of rows.entries()) {
    console.log(r.map((s, k) => s.padEnd(widths[k]!)).join(' | '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  }
  const notes = cases.flatMap((c) => [
    ...(c.ours.note ? [`${c.name}, ours: ${c.ours.note}`] : []),
    ...c.peers.flatMap((p) => (p.note || p.skipped ? [`${c.name}, ${p.name}: ${p.note ?? p.skipped}`] : [])),
  ]);
  if (notes.length) console.log(`\nnotes:\n${notes.map((n) => `  - ${n}`).join('\n')}`);
  for (const [name, s] of Object.entries(perStep)) {
    console.log(`per training step, ${name}: ${s.dispatches} dispatches, ${s.submits} submits`);
  }
}
