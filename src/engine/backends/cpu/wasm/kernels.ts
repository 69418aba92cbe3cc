// Loads the WebAssembly SIMD kernels (dist/kernels.wasm, compiled from ./assembly by
// `npm run build`) and lays out their memory: a fixed scratch area per thread, then the
// heap the CPU backend's buffers live in (./heap.ts). JavaScript owns the layout; the
// kernels allocate nothing.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WasmHeap } from './heap';
import { KernelThreads, type KernelCall, type ThreadKernel } from './threads';

export interface KernelExports {
  heapBase(): number;
  scratchBytes(): number;
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, j0: number, j1: number, scratch: number): void;
  peak(iters: number, x: number): number;
  adam(w: number, g: number, s1: number, s2: number, n: number, lr: number, b1: number, b2: number, eps: number, bc1: number, bc2: number, wd: number): void;
  sgd(w: number, g: number, s1: number, n: number, lr: number, mu: number, wd: number): void;
  biasAct(out: number, bias: number, rows: number, cols: number, relu: number): void;
  select(c: number, a: number, b: number, out: number, n: number, cOne: number, aOne: number, bOne: number): void;
  sumRows(x: number, out: number, rows: number, cols: number): void;
  gatherRows(a: number, idx: number, out: number, count: number, cols: number): void;
  binary(op: number, a: number, b: number, out: number, rows: number, cols: number, aOne: number, bOne: number, bRow: number): void;
  softmaxCrossEntropy(z: number, t: number, loss: number, grad: number, rows: number, cols: number, scale: number): void;
}

// The few WebAssembly JS-API types used here (the project's lib has no DOM, where they live).
interface WasmMemory { readonly buffer: ArrayBufferLike; grow(pages: number): number }
export interface WasmModule { readonly __wasmModule?: never }
const WA = (globalThis as unknown as { WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
} }).WebAssembly;

/** Products with fewer multiply-adds stay on the calling thread (waking a worker costs ~20–50 µs). */
const THREADED_MACS = 1 << 21;
/** The most threads one call is split over (each has 2 MiB of gemm scratch, untouched until used). */
export const MAX_THREADS = 8;
/** The default: one thread per core. */
export const CORES = Math.max(1, Math.min(MAX_THREADS, os.availableParallelism?.() ?? os.cpus().length));
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit (as in scripts/build.mjs)
/** The most the heap takes from the memory (which never shrinks): 2 GiB, or half the machine's memory. */
const HEAP_CAP = Math.min(2 ** 31, Math.floor(os.totalmem() / 2));

/** Where the built module is: next to the bundle (dist/), or the repository's dist/ from the sources. */
export function kernelsPath(): string | undefined {
  const candidates = [path.join(__dirname, 'kernels.wasm'), path.resolve(__dirname, '../../../../../dist/kernels.wasm')];
  return candidates.find((p) => existsSync(p));
}

export class WasmKernels {
  readonly exports: KernelExports;
  readonly memory: WasmMemory;
  /** The gemm scratch of each thread, the calling one first. */
  readonly scratches: number[] = [];
  /** Where the CPU backend's buffers live: after the module's data and the scratches. */
  readonly heap: WasmHeap;
  private pool: KernelThreads | null = null;

  /** `heapCapBytes`: the heap's cap (tests set a small one to exercise what happens past it). */
  constructor(private readonly module: WasmModule, heapCapBytes = HEAP_CAP) {
    // Shared, so worker threads can run one kernel call together on the same memory.
    this.memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WA.Instance(module, {
      env: { memory: this.memory, abort: () => { throw new Error('wasm kernel aborted'); } },
    });
    this.exports = instance.exports as unknown as KernelExports;
    let at = align(this.exports.heapBase());
    for (let t = 0; t < MAX_THREADS; t++, at = align(at + this.exports.scratchBytes())) this.scratches.push(at);
    this.heap = new WasmHeap(this.memory, at, heapCapBytes);
  }

  /** Run the parts, the first on this thread and each other one on a worker, returning when all are done. */
  parallel(calls: readonly KernelCall[]): void {
    if (calls.length === 1) {
      (this.exports[calls[0].kernel] as (...args: number[]) => void)(...calls[0].args);
      return;
    }
    this.pool ??= new KernelThreads(this.module, this.memory, MAX_THREADS - 1,
      this.exports as unknown as Record<ThreadKernel, (...args: number[]) => void>);
    this.pool.reserve(calls.length);
    this.pool.run(calls);
  }

  /**
   * C = op(A) op(B) at byte addresses (A [m, k] or [k, m] with transA, B [k, n] or [n, k]
   * with transB, C [m, n]), on up to `threads` threads when the product is large.
   */
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, transA: boolean, transB: boolean, threads: number): void {
    if (threads <= 1 || n < 16 || m * k * n < THREADED_MACS) {
      this.exports.gemm(a, b, c, m, k, n, +transA, +transB, 0, n, this.scratches[0]);
      return;
    }
    // Columns split in multiples of 8 (the micro-kernel's tile width), one range per thread,
    // each with its own scratch. A C element's sum order depends only on k, so the result is
    // bit-identical for any split.
    const parts = Math.min(threads, Math.ceil(n / 8));
    const per = Math.ceil(n / parts / 8) * 8;
    const calls: KernelCall[] = [];
    for (let t = 0; t * per < n; t++) {
      calls.push({ kernel: 'gemm', args: [a, b, c, m, k, n, +transA, +transB, t * per, Math.min(n, (t + 1) * per), this.scratches[t]] });
    }
    this.parallel(calls);
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
