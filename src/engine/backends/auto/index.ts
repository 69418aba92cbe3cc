// `auto` by measurement: the WebGPU adapter Dawn offers (hardware, or else software such as
// lavapipe) and the CPU backend each train a few steps of this model at its batch size, and
// the faster one is used. Measured once per machine and model shape, then cached
// (./cache.ts). BACKPROP_CALIBRATE=off skips it (any adapter wins, as before measurement
// existed); =always measures again, ignoring and refreshing the cache.
import * as os from 'node:os';
import { version } from '../../../../package.json';
import type { Backend, BackendInfo } from '../backend';
import { createCpuBackend, type CpuBackend } from '../cpu';
import type { WebGPUBackendResult } from '../webgpu';
import { CalibrationCache, type MachineKey } from './cache';
import { stepper, timeSteps, warm, workloadKey, type Stepper, type Workload } from './calibrate';
import { chooseBackend, type Measured } from './choose';

export type { Workload } from './calibrate';
export { chooseBackend } from './choose';

export type CalibrateMode = 'auto' | 'off' | 'always';

export function calibrateMode(env: NodeJS.ProcessEnv = process.env): CalibrateMode {
  const v = env.BACKPROP_CALIBRATE?.toLowerCase();
  return v === 'off' || v === '0' || v === 'false' ? 'off' : v === 'always' || v === 'force' ? 'always' : 'auto';
}

/** Bump when the kernels change enough that old measurements mislead. */
// 2: the CPU buffers moved into the WASM heap and the one-pass kernels onto SIMD (~2× faster).
const CALIBRATION_FORMAT = 2;

export function machineKey(adapter: string, cpu: CpuBackend): MachineKey {
  return { adapter, cpu: os.cpus()[0]?.model ?? os.arch(), threads: cpu.threads, engine: `${version}/${CALIBRATION_FORMAT}` };
}

/** Both backends on the workload: warmed up, then timed in turn, twice unless one is 1.5×
 *  faster (the machine's load changes), keeping each one's best. ~0.3–1.5 s in all. */
export async function measure(cpu: CpuBackend, gpu: WebGPUBackendResult, w: Workload): Promise<Measured> {
  const best = { cpu: Infinity, gpu: Infinity };
  const c = stepper(cpu, w);
  let g: Stepper | null = null;
  let gpuError: string | undefined;
  try {
    await warm(c);
    try {
      g = stepper(gpu.backend, w);
      await warm(g, 60, 2);
    } catch (e) {
      gpuError = (e as Error).message.split('\n')[0];
      g = null;
    }
    for (let round = 0; round < 2; round++) {
      best.cpu = Math.min(best.cpu, await timeSteps(c));
      if (g) best.gpu = Math.min(best.gpu, await timeSteps(g));
      // A clear winner needs no second look (a big model's GPU steps are slow on lavapipe).
      if (!g || Math.max(best.cpu, best.gpu) > 1.5 * Math.min(best.cpu, best.gpu)) break;
    }
  } finally {
    c.dispose();
    try { g?.dispose(); } catch { /* a lost device has nothing to free */ }
  }
  return {
    cpu: { label: cpu.adapter, msPerStep: best.cpu },
    gpu: g ? { label: gpu.backend.adapter, software: gpu.software, msPerStep: best.gpu } : null,
    ...(gpuError ? { gpuError } : {}),
  };
}

/** Adapters measured and not chosen: destroyed, but kept referenced for the process's life. */
const retired: unknown[] = [];

export interface AutoChoice {
  backend: Backend;
  info: BackendInfo;
}

/**
 * Pick between `gpu` (already acquired; destroyed when the CPU wins) and a new CPU backend
 * by measuring `w` on both, or by the cache.
 */
export async function chooseByMeasurement(
  gpu: WebGPUBackendResult, w: Workload, opts: { mode?: CalibrateMode; cache?: CalibrationCache } = {},
): Promise<AutoChoice> {
  const cpu = createCpuBackend();
  const mode = opts.mode ?? calibrateMode();
  const cache = opts.cache ?? new CalibrationCache();
  const machine = machineKey(gpu.backend.adapter, cpu);
  const key = workloadKey(w);
  const hit = mode === 'always' ? null : cache.get(machine, key);
  let measured: Measured;
  if (hit) {
    measured = hit.measured;
  } else {
    measured = await measure(cpu, gpu, w);
    cache.set(machine, key, { measured, at: new Date().toISOString() });
  }
  const choice = chooseBackend(measured);
  const when = hit ? `on ${hit.at.slice(0, 10)}, cached in ${cache.file}` : 'just now';
  const reason = choice.reason.replace(/measured\)$/, `measured ${when})`);
  if (choice.name === 'cpu') {
    gpu.backend.destroy();
    // Dawn's objects must never be collected while another of them lives (webgpu/device.ts).
    retired.push(gpu.backend);
    return { backend: cpu, info: { name: 'cpu', adapter: cpu.adapter, reason, measured } };
  }
  return { backend: gpu.backend, info: { name: 'webgpu', adapter: gpu.backend.adapter, reason, measured } };
}
