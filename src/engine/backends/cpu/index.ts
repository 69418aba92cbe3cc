// The CPU backend: Float32Arrays, synchronous. Its JavaScript kernels are the reference
// every other backend is tested against, so clarity beats speed there. Unless `kernels:
// 'js'` asks for those alone, the buffers live in the WebAssembly kernels' memory
// (./wasm/heap.ts) and the heavy kernels run there on SIMD: the products with their
// epilogue, the optimizer step, ReLU's backward mask, the bias gradients' sums, the
// minibatch gather, softmax cross-entropy and the binary arithmetic with the common
// broadcasts.
import type { Backend, BinaryOp, FusedActivation, Handle, OptimizerHyper, OptimizerSlot, ReduceOp, Shape, TensorRef, UnaryOp } from '../backend';
import { sizeOf } from '../../shape';
import * as ew from './elementwise';
import * as lay from './layout';
import { linear, matmul } from './matmul';
import * as tr from './training';
import { CORES, MAX_THREADS, wasmKernels, wasmLoadError, type WasmKernels } from './wasm/kernels';
import * as wm from './wasm/matmul';
import * as wp from './wasm/pointwise';

export type CpuKernels = 'wasm' | 'js';

export interface CpuOptions {
  /** 'wasm' (the default) falls back to the JavaScript ones, saying so in `adapter`, when the module is not built. */
  kernels?: CpuKernels;
  /** Threads a large product is split over (WASM only, at most 8); default: one per core. */
  threads?: number;
}

const f32 = (r: TensorRef | Handle): Float32Array =>
  ('handle' in r ? r.handle : r) as Float32Array;

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  /** The WASM kernels, or null for the JavaScript reference ones. */
  readonly wasm: WasmKernels | null;
  readonly adapter: string;
  readonly threads: number;

  constructor(opts: CpuOptions = {}) {
    this.wasm = opts.kernels === 'js' ? null : wasmKernels();
    this.threads = this.wasm ? Math.max(1, Math.min(MAX_THREADS, opts.threads ?? CORES)) : 1;
    this.adapter = this.wasm ? `CPU (WebAssembly SIMD, ${this.threads} thread${this.threads > 1 ? 's' : ''})`
      : opts.kernels === 'js' ? 'CPU (JavaScript reference backend)'
      : `CPU (JavaScript reference backend; no WebAssembly kernels: ${wasmLoadError()})`;
  }

  upload(data: Float32Array): Handle { return this.copyToHeap(data) ?? Float32Array.from(data); }
  /**
   * A JavaScript kernel's result, moved into the heap (one copy) so the kernels that read it
   * later (a one-hot gathered every step, say) find it in place instead of copying it in
   * on every call. Without the WASM kernels, or past the heap's budget, it stays as it is.
   */
  private adopt(out: Float32Array): Handle { return this.copyToHeap(out) ?? out; }
  /** A heap block holding `values`, or null without the WASM kernels or past the heap's budget. */
  private copyToHeap(values: Float32Array): Float32Array | null {
    const view = this.wasm?.heap.alloc(values.length);
    view?.set(values);
    return view ?? null;
  }
  fill(size: number, value: number): Handle {
    return (this.wasm?.heap.alloc(size) ?? new Float32Array(size)).fill(value);
  }
  read(h: Handle): Promise<Float32Array> { return Promise.resolve(Float32Array.from(f32(h))); }
  /** Synchronous read, only the CPU backend has it. */
  readSync(h: Handle): Float32Array { return f32(h); }
  /** A heap block goes back to its free list; an ordinary array is left to the garbage collector. */
  dispose(h: Handle): void { this.wasm?.heap.release(f32(h)); }
  assign(dst: Handle, src: Handle): void { f32(dst).set(f32(src)); }
  flush(): void { /* nothing is queued */ }
  size(h: Handle): number { return f32(h).length; }

  unary(op: UnaryOp, a: TensorRef): Handle { return this.adopt(ew.unary(op, f32(a))); }
  leakyRelu(a: TensorRef, alpha: number, derivative: boolean): Handle {
    const x = f32(a), out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      out[i] = derivative ? (x[i] > 0 ? 1 : alpha) : (x[i] > 0 ? x[i] : alpha * x[i]);
    }
    return this.adopt(out);
  }
  binary(op: BinaryOp, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    const simd = this.wasm && wp.binary(this.wasm, op, f32(a), a.shape, f32(b), b.shape, outShape);
    if (simd) return simd;
    return this.adopt(ew.binary(op, f32(a), a.shape, f32(b), b.shape, outShape));
  }
  where(c: TensorRef, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    const simd = this.wasm && wp.select(this.wasm, f32(c), f32(a), f32(b), sizeOf(outShape));
    if (simd) return simd;
    return this.adopt(ew.where(f32(c), c.shape, f32(a), a.shape, f32(b), b.shape, outShape));
  }
  reduce(op: ReduceOp, a: TensorRef, axes: readonly number[], scale = 1): Handle {
    // A sum over the leading axis of a matrix (a bias gradient): SIMD, the same row order.
    if (this.wasm && op === 'sum' && scale === 1 && a.shape.length === 2 && axes.length === 1 && axes[0] === 0) {
      return wp.sumRows(this.wasm, f32(a), a.shape[0], a.shape[1]);
    }
    const out = lay.reduce(op, f32(a), a.shape, axes);
    if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= Math.fround(scale);
    return this.adopt(out);
  }
  argmax(a: TensorRef): Handle { return this.adopt(lay.argmax(f32(a), a.shape)); }
  broadcastTo(a: TensorRef, outShape: Shape): Handle { return this.adopt(ew.broadcastTo(f32(a), a.shape, outShape)); }
  transpose(a: TensorRef, perm: readonly number[]): Handle { return this.adopt(lay.transpose(f32(a), a.shape, perm)); }
  matmul(a: TensorRef, b: TensorRef, transA: boolean, transB: boolean, outShape: Shape): Handle {
    if (this.wasm) return wm.matmul(this.wasm, this.threads, f32(a), a.shape, f32(b), b.shape, transA, transB, outShape);
    return matmul(f32(a), a.shape, f32(b), b.shape, transA, transB, outShape);
  }
  linear(x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation): Handle {
    if (this.wasm) return wm.linear(this.wasm, this.threads, f32(x), x.shape, f32(w), w.shape, bias ? f32(bias) : null, act, bias?.shape);
    return linear(f32(x), x.shape, f32(w), w.shape, bias ? f32(bias) : null, act, bias?.shape);
  }
  slice(a: TensorRef, begin: readonly number[], size: readonly number[]): Handle {
    return this.adopt(lay.slice(f32(a), a.shape, begin, size));
  }
  concat(parts: readonly TensorRef[], axis: number, outShape: Shape): Handle {
    return this.adopt(lay.concat(parts.map((p) => ({ data: f32(p), shape: p.shape })), axis, outShape));
  }
  gatherRows(a: TensorRef, indices: TensorRef): Handle {
    const simd = this.wasm && wp.gatherRows(this.wasm, f32(a), a.shape[1], f32(indices));
    return simd || this.adopt(lay.gatherRows(f32(a), a.shape, f32(indices)));
  }
  oneHot(labels: TensorRef, classes: number): Handle { return this.adopt(lay.oneHot(f32(labels), classes)); }
  softmaxCrossEntropy(logits: TensorRef, targets: TensorRef): Handle {
    const [rows, cols] = logits.shape;
    if (this.wasm) return wp.softmaxCrossEntropy(this.wasm, f32(logits), f32(targets), rows, cols, null);
    return tr.softmaxCrossEntropy(f32(logits), f32(targets), rows, cols);
  }
  softmaxCrossEntropyGrad(logits: TensorRef, targets: TensorRef, scale: number): Handle {
    const [rows, cols] = logits.shape;
    if (this.wasm) return wp.softmaxCrossEntropy(this.wasm, f32(logits), f32(targets), rows, cols, scale);
    return tr.softmaxCrossEntropyGrad(f32(logits), f32(targets), rows, cols, scale);
  }
  optimizerStep(slots: readonly OptimizerSlot[], hyper: OptimizerHyper): void {
    if (this.wasm) wp.optimizerStep(this.wasm, this.threads, slots, hyper);
    else tr.optimizerStep(slots, hyper);
  }
}

export function createCpuBackend(opts: CpuOptions = {}): CpuBackend {
  return new CpuBackend(opts);
}
