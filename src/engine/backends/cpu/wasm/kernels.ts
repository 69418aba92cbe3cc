// Loads the WebAssembly SIMD kernels (dist/kernels.wasm, compiled from ./assembly by
// `npm run build`) and lays out their memory: a fixed scratch area, then the operands of
// the current call. JavaScript owns the layout; the kernels allocate nothing.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GemmThreads } from './threads';

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
/** Products with fewer multiply-adds stay on the calling thread (waking a worker costs ~20–50 µs). */
const THREADED_MACS = 1 << 21;
/** The most threads one product is split over (each has 2 MiB of scratch, untouched until used). */
export const MAX_THREADS = 8;
/** The default: one thread per core. */
export const CORES = Math.max(1, Math.min(MAX_THREADS, os.availableParallelism?.() ?? os.cpus().length));
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit (as in scripts/build.mjs)

/** Where the built module is: next to the bundle (dist/), or the repository's dist/ from the sources. */
export function kernelsPath(): string | undefined {
  const candidates = [path.join(__dirname, 'kernels.wasm'), path.resolve(__dirname, '../../../../../dist/kernels.wasm')];
  return candidates.find((p) => existsSync(p));
}

export class WasmKernels {
  readonly exports: KernelExports;
  readonly memory: WasmMemory;
  /** Byte address of the first operand: after the module's data and the threads' gemm scratch. */
  readonly operandBase: number;
  /** The gemm scratch of each thread, the calling one first. */
  readonly scratches: number[] = [];
  private pool: GemmThreads | null = null;

  constructor(private readonly module: WasmModule) {
    // Shared, so worker threads can run one product together on the same memory.
    this.memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WA.Instance(module, {
      env: { memory: this.memory, abort: () => { throw new Error('wasm kernel aborted'); } },
    });
    this.exports = instance.exports as unknown as KernelExports;
    let at = align(this.exports.heapBase());
    for (let t = 0; t < MAX_THREADS; t++, at = align(at + this.exports.scratchBytes())) this.scratches.push(at);
    this.operandBase = at;
    this.ensure(this.operandBase);
  }

  /**
   * C = op(A) op(B) at byte addresses (A [m, k] or [k, m] with transA, B [k, n] or [n, k]
   * with transB, C [m, n]), on up to `threads` threads when the product is large.
   */
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: boolean, transB: boolean, threads: number): void {
    if (threads > 1 && n >= 16 && m * k * n >= THREADED_MACS) {
      this.pool ??= new GemmThreads(this.module, this.memory, this.scratches, this.exports.gemm);
      this.pool.run(a, b, c, m, k, n, +transA, +transB, threads);
      return;
    }
    this.exports.gemm(a, b, c, m, k, n, +transA, +transB, 0, n, this.scratches[0]);
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
