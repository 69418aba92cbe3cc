// Acquiring a WebGPU device through Dawn for Node (the `webgpu` package).
//
// Two facts measured on these machines shape this file (see shared/design/ENVIRONMENT.md):
// - the object `create()` returns must stay strongly referenced while any adapter or device
//   lives, or the process segfaults when it is collected: it is returned in `GpuDevice.gpu`
//   and the backend keeps it;
// - without `requiredLimits` the device gets the spec defaults (e.g. 256 invocations per
//   workgroup), so we ask for what the adapter offers.
import { loadDawn } from './load';

export interface GpuDevice {
  /** Kept only so that it is never garbage-collected (see above). */
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** e.g. "mesa llvmpipe: Mesa 25.0.7 (software)". */
  readonly description: string;
  readonly software: boolean;
}

/** Software Vulkan (lavapipe) and Mesa's shader cache want writable folders. */
function ensureRuntimeDirs(): void {
  const tmp = process.env.TMPDIR ?? '/tmp';
  process.env.XDG_RUNTIME_DIR ??= tmp;
  process.env.MESA_SHADER_CACHE_DIR ??= `${tmp}/backprop-mesa-cache`;
}

function describe(info: GPUAdapterInfo, software: boolean): string {
  const what = info.description || info.device || info.architecture || 'unknown adapter';
  const vendor = info.vendor && !what.toLowerCase().includes(info.vendor.toLowerCase()) ? `${info.vendor} ` : '';
  return `${vendor}${what} (${software ? 'software' : 'hardware'})`;
}

/** Limits worth raising from the spec defaults; everything the adapter reports is copied. */
function limitsOf(adapter: GPUAdapter): Record<string, number> {
  const out: Record<string, number> = {};
  const limits = adapter.limits as unknown as Record<string, number>;
  for (const key in limits) {
    const v = limits[key];
    if (typeof v === 'number') out[key] = v;
  }
  return out;
}

export interface AcquireOptions {
  /** 'high-performance' prefers a real GPU; Dawn returns a software adapter when no other. */
  powerPreference?: GPUPowerPreference;
  /** Refuse software adapters (lets `auto` fall back to the CPU backend instead). */
  hardwareOnly?: boolean;
}

/** Never throws: a string says why there is no device. */
export async function acquireDevice(opts: AcquireOptions = {}): Promise<GpuDevice | string> {
  ensureRuntimeDirs();
  const loaded = await loadDawn();
  if (!loaded.ok) return loaded.reason;
  let gpu: GPU;
  try {
    gpu = loaded.dawn.create([]);
  } catch (e) {
    return `WebGPU could not be initialised: ${(e as Error).message}`;
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  } catch (e) {
    return `requestAdapter failed: ${(e as Error).message}`;
  }
  if (!adapter) {
    return 'no WebGPU adapter: no GPU driver and no software Vulkan driver found ' +
      '(on Debian 12 install Mesa 25 lavapipe: scripts/setup/lavapipe.sh)';
  }
  const info = adapter.info;
  const software = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader/i.test(`${info.device} ${info.description}`);
  if (opts.hardwareOnly && software) return `only a software adapter is available (${describe(info, software)})`;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits: limitsOf(adapter) });
  } catch (e) {
    return `requestDevice failed: ${(e as Error).message}`;
  }
  return { gpu, adapter, device, description: describe(info, software), software };
}
