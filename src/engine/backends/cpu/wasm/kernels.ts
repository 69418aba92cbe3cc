// Loads the WebAssembly SIMD kernels (dist/kernels.wasm, compiled from ./assembly by
// `npm run build`) and lays out their memory: a fixed scratch area, then the operands of
// the current call. JavaScript owns the layout; the kernels allocate nothing.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface KernelExports {
  heapBase(): number;
  scratchBytes(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, j0: number, j1: number, scratch: number): void;
  peak(iters: number, x: number): number;
}

// The few WebAssembly JS-API types used here (the project's lib has no DOM, where they live).
interface WasmMemory { readonly buffer: ArrayBufferLike; grow(pages: number): number }
export interface WasmModule { readonly __wasmModule?: never }
const WA = (globalThis as unknown as { WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
} }).WebAssembly;

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit (as in scripts/build.mjs)

/** Where the built module is: next to the bundle (dist/), or the repository's dist/ from the sources. */
export function kernelsPath(): string | undefined {
  const candidates = [path.join(__dirname, 'kernels.wasm'), path.resolve(__dirname, '../../../../../dist/kernels.wasm')];
  return candidates.find((p) => existsSync(p));
}

export class WasmKernels {
  readonly exports: KernelExports;
  readonly memory: WasmMemory;
  /** Byte address of the first operand: after the module's data and the gemm scratch. */
  readonly operandBase: number;
  readonly scratch: number;

  constructor(module: WasmModule) {
    // Shared, so worker threads can run one product together on the same memory.
    this.memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WA.Instance(module, {
      env: { memory: this.memory, abort: () => { throw new Error('wasm kernel aborted'); } },
    });
    this.exports = instance.exports as unknown as KernelExports;
    this.scratch = align(this.exports.heapBase());
    this.operandBase = align(this.scratch + this.exports.scratchBytes());
  }

  /** Make the memory at least `bytes` long. */
  ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** A view of `length` floats at byte address `ptr` (a fresh view: growth replaces the buffer). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }
}

/** Round a byte address up to 16 (one v128). */
export const align = (bytes: number): number => (bytes + 15) & ~15;

let loaded: WasmKernels | null | undefined;
let loadError = '';

/** The kernels, loaded once; null (see `wasmLoadError`) when the module is missing or fails. */
export function wasmKernels(): WasmKernels | null {
  if (loaded !== undefined) return loaded;
  try {
    const file = kernelsPath();
    if (!file) throw new Error('dist/kernels.wasm is not built (npm run build)');
    loaded = new WasmKernels(new WA.Module(readFileSync(file)));
  } catch (e) {
    loadError = e instanceof Error ? e.message : String(e);
    loaded = null;
  }
  return loaded;
}

export function wasmLoadError(): string {
  return loadError;
}
