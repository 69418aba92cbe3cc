// The `auto` backend's decision from measured step times (pure: no devices, no clock), and
// the sentence that says why, for the CLI banner, the panel and JSONL `start.backend.reason`.

/** One backend's measured cost of a training step of this model at its batch size. */
export interface Timing {
  /** e.g. "CPU (WebAssembly SIMD, 2 threads)" or the adapter's description. */
  label: string;
  msPerStep: number;
}

export interface GpuTiming extends Timing {
  /** A software adapter (lavapipe, SwiftShader): the reason names it as such. */
  software: boolean;
}

export interface Measured {
  cpu: Timing;
  /** null: no adapter was measured (`gpuError` says why). */
  gpu: GpuTiming | null;
  gpuError?: string;
}

export interface Choice {
  name: 'cpu' | 'webgpu';
  reason: string;
}

const ms = (v: number): string => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));
const times = (r: number): string => `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
const gpuName = (g: GpuTiming): string => `the ${g.software ? 'software' : 'hardware'} WebGPU adapter (${g.label})`;

/**
 * The faster backend for this model. Equal times go to the GPU (it leaves the CPU free for
 * the editor); a GPU that could not be measured loses.
 */
export function chooseBackend(m: Measured): Choice {
  const { cpu, gpu } = m;
  if (!gpu || !Number.isFinite(gpu.msPerStep)) {
    return { name: 'cpu', reason: `${cpu.label}: the WebGPU adapter could not train this model (${m.gpuError ?? 'no measurement'})` };
  }
  const per = `${ms(cpu.msPerStep)} vs ${ms(gpu.msPerStep)} ms per training step, measured`;
  if (cpu.msPerStep < gpu.msPerStep) {
    return { name: 'cpu', reason: `${cpu.label}: ${times(gpu.msPerStep / cpu.msPerStep)} faster than ${gpuName(gpu)} for this model (${per})` };
  }
  const [g, c] = [gpu.msPerStep, cpu.msPerStep];
  return { name: 'webgpu', reason: `${gpuName(gpu)}: ${times(c / Math.max(g, 1e-6))} faster than the ${cpu.label} for this model (${ms(g)} vs ${ms(c)} ms per training step, measured)` };
}
