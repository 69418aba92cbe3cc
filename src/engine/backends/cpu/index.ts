// The CPU backend: plain Float32Arrays, synchronous. Its JavaScript kernels are the
// reference every other backend is tested against, so clarity beats speed there; the
// products (matmul, linear) run on WebAssembly SIMD kernels (./wasm) unless `kernels: 'js'`
// asks for the reference ones, which the WASM kernels are tested against.
import type { Backend, BinaryOp, FusedActivation, Handle, OptimizerHyper, OptimizerSlot, ReduceOp, Shape, TensorRef, UnaryOp } from '../backend';
import * as ew from './elementwise';
import * as lay from './layout';
import { linear, matmul } from './matmul';
import * as tr from './training';
import { CORES, MAX_THREADS, wasmKernels, wasmLoadError, type WasmKernels } from './wasm/kernels';
import * as wm from './wasm/matmul';

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

  upload(data: Float32Array): Handle { return Float32Array.from(data); }
  fill(size: number, value: number): Handle { return new Float32Array(size).fill(value); }
  read(h: Handle): Promise<Float32Array> { return Promise.resolve(Float32Array.from(f32(h))); }
  /** Synchronous read, only the CPU backend has it. */
  readSync(h: Handle): Float32Array { return f32(h); }
  dispose(): void { /* garbage collected */ }
  assign(dst: Handle, src: Handle): void { f32(dst).set(f32(src)); }
  flush(): void { /* nothing is queued */ }
  size(h: Handle): number { return f32(h).length; }

  unary(op: UnaryOp, a: TensorRef): Handle { return ew.unary(op, f32(a)); }
  leakyRelu(a: TensorRef, alpha: number, derivative: boolean): Handle {
    const x = f32(a), out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      out[i] = derivative ? (x[i] > 0 ? 1 : alpha) : (x[i] > 0 ? x[i] : alpha * x[i]);
    }
    return out;
  }
  binary(op: BinaryOp, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    return ew.binary(op, f32(a), a.shape, f32(b), b.shape, outShape);
  }
  where(c: TensorRef, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    return ew.where(f32(c), c.shape, f32(a), a.shape, f32(b), b.shape, outShape);
  }
  reduce(op: ReduceOp, a: TensorRef, axes: readonly number[], scale = 1): Handle {
    const out = lay.reduce(op, f32(a), a.shape, axes);
    if (scale !== 1) for (let i = 0; i < out.length; i++) out[i] *= Math.fround(scale);
    return out;
  }
  argmax(a: TensorRef): Handle { return lay.argmax(f32(a), a.shape); }
  broadcastTo(a: TensorRef, outShape: Shape): Handle { return ew.broadcastTo(f32(a), a.shape, outShape); }
  transpose(a: TensorRef, perm: readonly number[]): Handle { return lay.transpose(f32(a), a.shape, perm); }
  matmul(a: TensorRef, b: TensorRef, transA: boolean, transB: boolean, outShape: Shape): Handle {
    if (this.wasm) return wm.matmul(this.wasm, this.threads, f32(a), a.shape, f32(b), b.shape, transA, transB, outShape);
    return matmul(f32(a), a.shape, f32(b), b.shape, transA, transB, outShape);
  }
  linear(x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation): Handle {
    if (this.wasm) return wm.linear(this.wasm, this.threads, f32(x), x.shape, f32(w), w.shape, bias ? f32(bias) : null, act, bias?.shape);
    return linear(f32(x), x.shape, f32(w), w.shape, bias ? f32(bias) : null, act, bias?.shape);
  }
  slice(a: TensorRef, begin: readonly number[], size: readonly number[]): Handle {
    return lay.slice(f32(a), a.shape, begin, size);
  }
  concat(parts: readonly TensorRef[], axis: number, outShape: Shape): Handle {
    return lay.concat(parts.map((p) => ({ data: f32(p), shape: p.shape })), axis, outShape);
  }
  gatherRows(a: TensorRef, indices: TensorRef): Handle { return lay.gatherRows(f32(a), a.shape, f32(indices)); }
  oneHot(labels: TensorRef, classes: number): Handle { return lay.oneHot(f32(labels), classes); }
  softmaxCrossEntropy(logits: TensorRef, targets: TensorRef): Handle {
    const [rows, cols] = logits.shape;
    return tr.softmaxCrossEntropy(f32(logits), f32(targets), rows, cols);
  }
  softmaxCrossEntropyGrad(logits: TensorRef, targets: TensorRef, scale: number): Handle {
    const [rows, cols] = logits.shape;
    return tr.softmaxCrossEntropyGrad(f32(logits), f32(targets), rows, cols, scale);
  }
  optimizerStep(slots: readonly OptimizerSlot[], hyper: OptimizerHyper): void { tr.optimizerStep(slots, hyper); }
}

export function createCpuBackend(opts: CpuOptions = {}): CpuBackend {
  return new CpuBackend(opts);
}
