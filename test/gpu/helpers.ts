// Shared by the GPU tests: the WebGPU backend (or a skip reason), the CPU reference, seeded
// data and a tolerance check that names the first element out of tolerance.
import assert from 'node:assert/strict';
import type { Backend, Handle, OptimizerSlot, Shape, TensorRef } from '../../src/engine/backends/backend';
import { createCpuBackend } from '../../src/engine/backends/cpu';
import { createWebGPUBackend, type WebGPUBackend } from '../../src/engine/backends/webgpu';

let pending: Promise<WebGPUBackend | string> | null = null;

/** One backend per test process; a string says why there is none (tests then skip). */
export function gpuBackend(): Promise<WebGPUBackend | string> {
  pending ??= createWebGPUBackend().then((r) => ('backend' in r ? r.backend : r.error));
  return pending;
}

export const cpu = createCpuBackend();

/** Deterministic values in [lo, hi) (mulberry32). */
export function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

export const sizeOf = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** The same data uploaded to both backends. */
export interface Pair { gpu: TensorRef; cpu: TensorRef; data: Float32Array }

export function pair(g: Backend, shape: Shape, data: Float32Array): Pair {
  return { gpu: { handle: g.upload(data), shape }, cpu: { handle: cpu.upload(data), shape }, data };
}

export function randPair(g: Backend, shape: Shape, seed: number, lo = -1, hi = 1): Pair {
  return pair(g, shape, rand(sizeOf(shape), seed, lo, hi));
}

export interface Tol { rtol: number; atol: number }

export function assertClose(actual: Float32Array, expected: Float32Array, tol: Tol, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const ok = Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    if (!ok) {
      assert.fail(`${what}: element ${i} is ${a}, expected ${e} (rtol ${tol.rtol}, atol ${tol.atol})`);
    }
  }
}

/** Read a GPU result and the CPU reference and compare them. */
export async function same(g: Backend, gh: Handle, ch: Handle, tol: Tol, what: string): Promise<void> {
  const [a, e] = await Promise.all([g.read(gh), cpu.read(ch)]);
  assertClose(a, e, tol, what);
}

export const EXACT: Tol = { rtol: 0, atol: 0 };

/** Optimizer steps: Adam's update is ~lr per step, so the absolute error is relative to lr (0.01), not to the weight. */
export const OPT: Tol = { rtol: 1e-5, atol: 1e-6 };

/** Optimizer slots of the given sizes, seeded: parameter, gradient and two states each. */
export function slotsOn(b: Backend, sizes: number[], seed: number): OptimizerSlot[] {
  return sizes.map((size, k) => ({
    param: b.upload(rand(size, seed + k)),
    grad: b.upload(rand(size, seed + 100 + k)),
    state1: b.upload(rand(size, seed + 200 + k, 0, 0.1)),
    state2: b.upload(rand(size, seed + 300 + k, 0, 0.1)),
    size,
  }));
}
