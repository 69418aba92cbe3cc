// `npm run bench`: our WebGPU engine side by side with tfjs-backend-webgpu (same Dawn
// adapter), tfjs-backend-cpu and tfjs-backend-wasm, in one process on the same data:
// (1) matmul at 256..2048, (2) one MNIST epoch 784-128-10, (3) 784-512-512-10 (batch 128,
// Adam). Medians after a warm-up; slow peers get fewer runs or are extrapolated from part
// of an epoch, and the output says so. Writes bench/results.json and prints a table.
//
// Options: --sizes 256,512 (matmul sizes), --skip-matmul, --skip-training,
//          --budget 30 (seconds per measurement), --limit 10000 (MNIST samples).
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createWebGPUBackend } from '../src/engine/backends/webgpu';
import { matmulCase, type CaseResult } from './matmul';
import { loadPeers } from './peers';
import { printTable } from './table';
import { trainingCase } from './train-case';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const created = await createWebGPUBackend();
  if (!('backend' in created)) {
    console.error(`bench: no WebGPU adapter: ${created.error}`);
    process.exitCode = 1;
    return;
  }
  const ours = created.backend;
  const budgetMs = Number(option('budget') ?? 30) * 1000;
  const sizes = (option('sizes') ?? '256,512,1024,2048').split(',').map(Number);
  console.log(`adapter: ${ours.adapter}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const peers = await loadPeers();
  for (const [peer, why] of Object.entries(peers.missing)) console.log(`peer ${peer} unavailable: ${why}`);

  const cases: CaseResult[] = [];
  const perStep: Record<string, { dispatches: number; submits: number }> = {};
  if (!process.argv.includes('--skip-matmul')) {
    let previous: CaseResult | undefined;
    for (const n of sizes) {
      const c = await matmulCase(n, ours, peers, budgetMs, previous);
      console.log(`  ${c.name}: ours ${c.ours.median_ms.toFixed(1)} ms; ${c.peers.map((p) => `${p.name} ${p.median_ms?.toFixed(1) ?? p.skipped}`).join('; ')}`);
      cases.push(c);
      previous = c;
    }
  }
  if (!process.argv.includes('--skip-training')) {
    const limit = Number(option('limit') ?? 10000);
    for (const hidden of [[128], [512, 512]]) {
      const { result, step } = await trainingCase(hidden, limit, ours, peers, budgetMs);
      console.log(`  ${result.name}: ours ${result.ours.median_ms.toFixed(0)} ms; ${result.peers.map((p) => `${p.name} ${p.median_ms?.toFixed(0) ?? p.skipped}`).join('; ')}`);
      cases.push(result);
      perStep[result.name] = step;
    }
  }

  const out = {
    adapter: ours.adapter,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    per_training_step: perStep,
    cases,
  };
  const file = path.join(__dirname, 'results.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  printTable(out.adapter, cases, perStep);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
