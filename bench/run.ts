// `npm run bench`: our WebGPU engine side by side with tfjs-backend-webgpu (same Dawn
// adapter), tfjs-backend-cpu and tfjs-backend-wasm, in one process on the same data:
// (1) matmul at 256..2048, (2) one MNIST epoch 784-128-10, (3) 784-512-512-10 (batch 128,
// Adam). Each case is repeated with our CPU backend on its WASM SIMD kernels (cases named
// "… (cpu)", compared with tfjs-wasm, with the % of the SIMD peak of the cores it used,
// measured on one core in the same run) and, with --cpu-js, on the JavaScript reference kernels ("… (cpu-js)", compared
// with tfjs-cpu). Medians after a warm-up; slow runs get fewer
// repetitions, are skipped (matmul) or are extrapolated from part of an epoch, and the output
// says so. Writes bench/results.json and prints a table.
//
// (4) the bias/variance studies of a small file (learning curve + bootstrap), models trained
// one at a time vs together, on our WebGPU and CPU backends (bench/studies.ts).
//
// Options: --sizes 256,512 (matmul sizes), --skip-matmul, --skip-training, --skip-studies, --cpu-js,
//          --budget 30 (seconds per measurement), --limit 10000 (MNIST samples),
//          --study-file examples/spiral.nn.yaml, --study-epochs 20.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCpuBackend, type CpuBackend } from '../src/engine/backends/cpu';
import { createWebGPUBackend } from '../src/engine/backends/webgpu';
import { cpuMatmulCase, matmulCase, type CaseResult, type CpuTier } from './matmul';
import { loadPeers } from './peers';
import { printStudyTable, studyBench, type StudyBench } from './studies';
import { printTable } from './table';
import { cpuTrainingCase, trainingCase } from './train-case';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The best of 5 runs of the WASM module's 12-chain multiply-add loop, in GFLOP/s (one core). */
function simdPeak(cpu: CpuBackend): number | undefined {
  if (!cpu.wasm) return undefined;
  const iters = 2e7;
  let best = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    cpu.wasm.exports.peak(iters, 0.999);
    best = Math.max(best, (96 * iters) / (performance.now() - t0) / 1e6);
  }
  return Number(best.toFixed(1));
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const created = await createWebGPUBackend();
  if (!('backend' in created)) {
    console.error(`bench: no WebGPU adapter: ${created.error}`);
    process.exitCode = 1;
    return;
  }
  const ours = created.backend;
  const cpu = createCpuBackend();
  const tiers: { tier: CpuTier; backend: CpuBackend }[] = [
    { tier: 'cpu', backend: cpu },
    ...(process.argv.includes('--cpu-js') ? [{ tier: 'cpu-js' as const, backend: createCpuBackend({ kernels: 'js' }) }] : []),
  ];
  const peak = simdPeak(cpu);
  const budgetMs = Number(option('budget') ?? 30) * 1000;
  const sizes = (option('sizes') ?? '256,512,1024,2048').split(',').map(Number);
  console.log(`adapter: ${ours.adapter}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`cpu: ${cpu.adapter}${peak ? `, SIMD peak (multiply then add) ${peak} GF/s per core` : ''}`);
  const peers = await loadPeers();
  for (const [peer, why] of Object.entries(peers.missing)) console.log(`peer ${peer} unavailable: ${why}`);

  // Our CPU cases run right after the WebGPU case they mirror (same data, similar machine
  // load) but are listed after all the WebGPU ones.
  const gpuCases: CaseResult[] = [];
  const cpuCases: CaseResult[] = [];
  const skipped: string[] = [];
  const perStep: Record<string, { dispatches: number; submits: number }> = {};
  const log = (c: CaseResult, digits: number) =>
    console.log(`  ${c.name}: ours (${c.ours.backend}) ${c.ours.median_ms.toFixed(digits)} ms; ${c.peers.map((p) => `${p.name} ${p.median_ms?.toFixed(digits) ?? p.skipped}`).join('; ')}`);
  if (!process.argv.includes('--skip-matmul')) {
    let previous: CaseResult | undefined;
    const previousCpu: Partial<Record<CpuTier, { n: number; ms?: number }>> = {};
    for (const n of sizes) {
      const c = await matmulCase(n, ours, peers, budgetMs, previous);
      log(c, 1);
      gpuCases.push(c);
      previous = c;
      for (const { tier, backend } of tiers) {
        // The peak of the cores the product runs on (it is split over `threads` when large).
        const cc = await cpuMatmulCase(n, backend, c, budgetMs, previousCpu[tier], tier, tier === 'cpu' && peak ? peak * backend.threads : undefined);
        if (cc.result) log(cc.result, 1);
        else console.log(`  ${cc.skipped}`);
        if (cc.result) cpuCases.push(cc.result);
        if (cc.skipped) skipped.push(cc.skipped);
        previousCpu[tier] = { n, ms: cc.result?.ours.median_ms };
      }
    }
  }
  if (!process.argv.includes('--skip-training')) {
    const limit = Number(option('limit') ?? 10000);
    for (const hidden of [[128], [512, 512]]) {
      const { result, step } = await trainingCase(hidden, limit, ours, peers, budgetMs);
      log(result, 0);
      gpuCases.push(result);
      perStep[result.name] = step;
      for (const { tier, backend } of tiers) {
        const cc = await cpuTrainingCase(hidden, limit, backend, result, budgetMs, tier);
        log(cc, 0);
        cpuCases.push(cc);
      }
    }
  }
  const cases = [...gpuCases, ...cpuCases];
  let studies: StudyBench | undefined;
  if (!process.argv.includes('--skip-studies')) {
    studies = await studyBench(option('study-file') ?? 'examples/spiral.nn.yaml', Number(option('study-epochs') ?? 20), { webgpu: ours, cpu }, ours.adapter);
  }

  const out = {
    adapter: ours.adapter,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    cpu: { adapter: cpu.adapter, ...(peak ? { simd_peak_gflops: peak } : {}) },
    wall_s: Math.round((performance.now() - t0) / 1000),
    per_training_step: perStep,
    ...(skipped.length ? { skipped } : {}),
    cases,
    ...(studies ? { studies } : {}),
  };
  const file = path.join(__dirname, 'results.json');
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  if (cases.length) printTable(out.adapter, cases, perStep, skipped);
  if (studies) printStudyTable(studies);
  console.log(`\nbench wall time: ${out.wall_s} s`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
