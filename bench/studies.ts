// The study benchmark: the learning-curve and bootstrap studies of one small network file,
// with the models trained one at a time (train(), as before models were grouped) and trained
// together (stacked), on our WebGPU and CPU backends, in the same process one after another.
// One timed run each (a study is seconds to minutes; the warm-up is a short run of the same
// studies). cpuForTinyModels is off so that each backend really trains what it is named for.
// Then the weight-decay sweep (every setting × seed), one at a time, as one group per setting
// (how it trained before the optimizer step took a weight decay per model) and as one group.
import type { Backend, BackendInfo } from '../src/engine/backends/backend';
import type { Splits } from '../src/engine/data';
import type { NetworkSpec } from '../src/engine/netfile/spec';
import { prepareRun } from '../src/engine/prepare';
import { runtime, setBackend } from '../src/engine/runtime';
import { runStudies } from '../src/engine/studies';
import { STUDY_DEFAULTS } from '../src/engine/studies/defaults';
import type { LearningCurveStudy, StudyResult, SweepStudy } from '../src/engine/studies/types';
import { withWeightDecay } from '../src/engine/studies/variants';

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
  weightDecay: SweepBench;
}

export interface SweepCase {
  backend: 'webgpu' | 'cpu';
  mode: 'one at a time' | 'a group per setting' | 'one group';
  seconds: number;
  best: string;
  how: string;
}

/** The weight-decay sweep: `settings` weight decays × `seeds`. */
export interface SweepBench {
  settings: number;
  seeds: number;
  cases: SweepCase[];
  /** Per backend: time one at a time / time as one group, and a group per setting / one group. */
  speedup: Record<string, { alone: number; perSetting: number }>;
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
  const weightDecay = await sweepBench(spec, splits, epochs, seeds, backends, adapter);
  return { file, epochs, seeds, bootstraps, cases, speedup, weightDecay };
}

async function sweepBench(spec: NetworkSpec, splits: Splits, epochs: number, seeds: number, backends: { webgpu: Backend; cpu: Backend }, adapter: string): Promise<SweepBench> {
  const decays = [...new Set([...STUDY_DEFAULTS.weightDecays, spec.optimizer.weightDecay])].sort((a, b) => a - b);
  const cases: SweepCase[] = [];
  const previous = runtime.backend;
  try {
    for (const name of ['webgpu', 'cpu'] as const) {
      setBackend(backends[name]);
      const info: BackendInfo = { name, adapter: name === 'webgpu' ? adapter : backends.cpu.adapter, reason: 'bench' };
      // The sweep of `s`'s weight decay and `weightDecays` (the file's own is always added).
      const run = (s: NetworkSpec, weightDecays: number[], groupModels: boolean, e = epochs): Promise<StudyResult> => runStudies(s, splits, {
        backend: info, kinds: ['weight_decay'], seeds, epochs: e, weightDecays, groupModels, cpuForTinyModels: false,
      });
      const best = (r: StudyResult) => { const w = r.studies[0] as SweepStudy; return w.best === null ? 'none' : w.points[w.best].label; };
      await run(spec, decays, false, 1);
      await run(spec, decays, true, 1);
      for (const mode of ['one at a time', 'a group per setting', 'one group'] as const) {
        const t0 = performance.now();
        let how: string, found: string;
        if (mode === 'a group per setting') {
          // Each setting as the file's own and the only one: its seeds are one group, as before.
          const rs: StudyResult[] = [];
          for (const wd of decays) rs.push(await run(withWeightDecay(spec, wd), [wd], true));
          how = `${rs.length} × ${rs[0].backend.reason.replace(/^bench; /, '')}`;
          const means = rs.map((r) => (r.studies[0] as SweepStudy).points[0].validation?.mean ?? Infinity);
          const i = means.indexOf(Math.min(...means));
          found = (rs[i].studies[0] as SweepStudy).points[0].label;
        } else {
          const r = await run(spec, decays, mode === 'one group');
          how = r.backend.reason.replace(/^bench; /, '');
          found = best(r);
        }
        const c: SweepCase = { backend: name, mode, seconds: (performance.now() - t0) / 1000, best: found, how };
        console.log(`  weight-decay sweep ${name}, ${mode}: ${c.seconds.toFixed(1)} s (${c.how}; best ${c.best})`);
        cases.push(c);
      }
    }
  } finally {
    setBackend(previous);
  }
  const t = (b: string, m: string) => cases.find((c) => c.backend === b && c.mode === m)!.seconds;
  const speedup = Object.fromEntries(['webgpu', 'cpu'].map((b) => [b, { alone: t(b, 'one at a time') / t(b, 'one group'), perSetting: t(b, 'a group per setting') / t(b, 'one group') }]));
  return { settings: decays.length, seeds, cases, speedup };
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
  const w = b.weightDecay;
  const ts = (be: string, m: string) => w.cases.find((c) => c.backend === be && c.mode === m)!.seconds;
  console.log(`\nweight-decay sweep (${w.settings} settings × ${w.seeds} seeds, ${b.epochs} epochs) of ${b.file}:`);
  console.log('backend | one at a time | a group per setting | one group | speed-up (vs alone, vs per setting)');
  console.log('--------|---------------|---------------------|-----------|------------------------------------');
  for (const be of ['webgpu', 'cpu']) {
    console.log(`${be.padEnd(7)} | ${ts(be, 'one at a time').toFixed(1).padStart(11)} s | ${ts(be, 'a group per setting').toFixed(1).padStart(17)} s | ${ts(be, 'one group').toFixed(1).padStart(7)} s | ${w.speedup[be].alone.toFixed(2)}×, ${w.speedup[be].perSetting.toFixed(2)}×`);
  }
  console.log(`one group, cpu / webgpu: ${(ts('cpu', 'one group') / ts('webgpu', 'one group')).toFixed(2)} (above 1: WebGPU faster)`);
}
