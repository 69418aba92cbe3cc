// Entry point of the WebGPU backend. Never throws: no adapter (or no `webgpu` package)
// comes back as `{ error }` so that `init({ backend: 'auto' })` can fall back to the CPU.
import type { Backend } from '../backend';
import { acquireDevice, type AcquireOptions } from './device';
import { WebGPUBackend } from './backend';

export { WebGPUBackend } from './backend';
export type { Stats } from './runtime';

export interface WebGPUBackendResult {
  backend: WebGPUBackend & Backend;
  /** True for a software adapter (lavapipe, SwiftShader): `auto` may prefer the CPU. */
  software: boolean;
  /** Why this backend, for the `start` event and the CLI banner. */
  reason: string;
}

export async function createWebGPUBackend(
  opts: AcquireOptions = {},
): Promise<WebGPUBackendResult | { error: string }> {
  try {
    const dev = await acquireDevice(opts);
    if (typeof dev === 'string') return { error: dev };
    const reason = dev.software
      ? `no hardware GPU adapter; using the software WebGPU adapter ${dev.description}`
      : `WebGPU adapter found: ${dev.description}`;
    return { backend: new WebGPUBackend(dev), software: dev.software, reason };
  } catch (e) {
    return { error: `WebGPU backend failed to start: ${(e as Error).message}` };
  }
}
