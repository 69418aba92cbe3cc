// The study benchmark: the learning-curve and bootstrap studies of one small network file,
// with the models trained one at a time (train(), as before models were grouped) and trained
// together (stacked), on our WebGPU and CPU backends, in the same process one after another.
// One timed run each (a study is seconds to minutes; the warm-up is a short run of the same
// studies). cpuForTinyModels is off so that each backend really trains what it is named for.
import type { Backend, BackendInfo } from '../src/engine/backends/backend';
import { prepareRun } from '../src/engine/prepare';
import { runtime, setBackend } from '../src/engine/runtime';
import { runStudies } from '../src/engine/studies';
import type { LearningCurveStudy, StudyResult } from '../src/engine/studies/types';

export interface StudyCase {
  file: string;
  backend: 'webgpu' | 'cpu';
  mode: 'one at a time' | 'together';
  seconds: number;
  verdict: string;
  how: string;
}

export interface StudyBench {
  file: string;
  epochs: number;
  seeds: number;
  bootstraps: number;
  cases: StudyCase[];
  /** Per backend: time one at a time / time together. */
  speedup: Record<string, number>;
}

export async function studyBench(file: string, epochs: number, backends: { webgpu: Backend; cpu: Backend }, adapter: string): Promise<StudyBench> {
  const p = await prepareRun(file);
  if (!p.ok) throw new Error(`bench: ${file} is not a valid network file`);
  const { spec, splits } = p;
  const seeds = 3, bootstraps = 10;
  const cases: StudyCase[] = [];
  const previous = runtime.backend;
  try {
    for (const name of ['webgpu', 'cpu'] as const) {
      setBackend(backends[name]);
      const info: BackendInfo = { name, adapter: name === 'webgpu' ? adapter : backends.cpu.adapter, reason: 'bench' };
      const run = (groupModels: boolean, e = epochs): Promise<StudyResult> => runStudies(spec, splits, {
        backend: info, kinds: ['learning_curve', 'bootstrap'], seeds, bootstraps, epochs: e, groupModels, cpuForTinyModels: false,
      });
      // Warm-up: pipelines and JIT, both paths.
      await run(false, 1);
      await run(true, 1);
      for (const together of [false, true]) {
        const t0 = performance.now();
        const r = await run(together);
        const lc = r.studies.find((s) => s.kind === 'learning_curve') as LearningCurveStudy;
        const c: StudyCase = {
          file, backend: name, mode: together ? 'together' : 'one at a time', seconds: (performance.now() - t0) / 1000,
          verdict: lc.verdict, how: r.backend.reason.replace(/^bench; /, ''),
        };
        console.log(`  studies ${name}, ${c.mode}: ${c.seconds.toFixed(1)} s (${c.how}; verdict ${c.verdict})`);
        cases.push(c);
      }
    }
  } finally {
    setBackend(previous);
  }
  const t = (b: string, m: string) => cases.find((c) => c.backend === b && c.mode === m)!.seconds;
  const speedup = Object.fromEntries(['webgpu', 'cpu'].map((b) => [b, t(b, 'one at a time') / t(b, 'together')]));
  return { file, epochs, seeds, bootstraps, cases, speedup };
}

export function printStudyTable(b: StudyBench): void {
  const t = (be: string, m: string) => b.cases.find((c) => c.backend === be && c.mode === m)!.seconds;
  console.log(`\nstudies (learning curve ${b.seeds} seeds × 5 sizes + bootstrap ${b.bootstraps} models, ${b.epochs} epochs) of ${b.file}:`);
  console.log('backend | one at a time | together | speed-up');
  console.log('--------|---------------|----------|---------');
  for (const be of ['webgpu', 'cpu']) {
    console.log(`${be.padEnd(7)} | ${t(be, 'one at a time').toFixed(1).padStart(11)} s | ${t(be, 'together').toFixed(1).padStart(6)} s | ${b.speedup[be].toFixed(2)}×`);
  }
  console.log(`together, cpu / webgpu: ${(t('cpu', 'together') / t('webgpu', 'together')).toFixed(2)} (above 1: WebGPU faster)`);
}
