// The WebGPU backend: the Backend interface mapped onto the runtime and the kernel files.
import type {
  Backend, BinaryOp, FusedActivation, Handle, OptimizerHyper, OptimizerSlot, ReduceOp, Shape,
  TensorRef, UnaryOp,
} from '../backend';
import type { GpuDevice } from './device';
import { argmax, reduce } from './kernels/reduce';
import { binary, broadcastTo, leakyRelu, unary, where } from './kernels/elementwise';
import { concat, fill, gatherRows, oneHot, slice, transpose } from './kernels/layout';
import { linear, matmul } from './kernels/matmul';
import { optimizerStep } from './kernels/optimizer';
import { softmaxCrossEntropy, softmaxCrossEntropyGrad } from './kernels/softmax';
import { GpuRuntime, GpuTensor, type Stats } from './runtime';

/** Fills up to this many values are uploads (queue.writeBuffer) rather than dispatches. */
const SMALL_FILL = 1024;

function t(h: Handle): GpuTensor {
  if (!(h instanceof GpuTensor)) throw new Error('webgpu backend: not a WebGPU handle');
  if (h.disposed) throw new Error('webgpu backend: handle used after dispose');
  return h;
}

function ref(r: TensorRef): TensorRef {
  t(r.handle);
  return r;
}

export class WebGPUBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly adapter: string;
  readonly software: boolean;
  readonly rt: GpuRuntime;
  /** Strong reference to Dawn's GPU object: collecting it crashes the process. */
  private readonly gpu: GPU;

  constructor(dev: GpuDevice) {
    this.gpu = dev.gpu;
    this.adapter = dev.description;
    this.software = dev.software;
    this.rt = new GpuRuntime(dev);
  }

  stats(): Stats {
    return this.rt.stats();
  }

  /** Resolves once all submitted work has run (for timing). */
  idle(): Promise<void> {
    return this.rt.idle();
  }

  destroy(): void {
    this.rt.destroy();
    void this.gpu;
  }

  // --- memory ---------------------------------------------------------------------------
  upload(data: Float32Array): Handle {
    this.rt.check();
    return this.rt.upload(data);
  }
  fill(size: number, value: number): Handle {
    // Small constants (a backward seed, a scalar) are written with the queue, not a dispatch.
    if (size <= SMALL_FILL) {
      this.rt.check();
      return this.rt.upload(new Float32Array(size).fill(value));
    }
    return fill(this.rt, size, value);
  }
  read(h: Handle): Promise<Float32Array> {
    return this.rt.read(t(h));
  }
  dispose(h: Handle): void {
    if (h instanceof GpuTensor) this.rt.release(h);
  }
  assign(dst: Handle, src: Handle): void {
    const d = t(dst);
    const s = t(src);
    if (d.n !== s.n) throw new Error(`webgpu assign: size ${s.n} into ${d.n}`);
    if (d !== s) this.rt.copy(s, d, d.n);
  }
  flush(): void {
    this.rt.flush();
  }
  size(h: Handle): number {
    return t(h).n;
  }

  // --- primitives -----------------------------------------------------------------------
  unary(op: UnaryOp, a: TensorRef): Handle {
    return unary(this.rt, op, ref(a));
  }
  leakyRelu(a: TensorRef, alpha: number, derivative: boolean): Handle {
    return leakyRelu(this.rt, ref(a), alpha, derivative);
  }
  binary(op: BinaryOp, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    return binary(this.rt, op, ref(a), ref(b), outShape);
  }
  where(cond: TensorRef, a: TensorRef, b: TensorRef, outShape: Shape): Handle {
    return where(this.rt, ref(cond), ref(a), ref(b), outShape);
  }
  reduce(op: ReduceOp, a: TensorRef, axes: readonly number[], scale = 1): Handle {
    return reduce(this.rt, op, ref(a), axes, scale);
  }
  argmax(a: TensorRef): Handle {
    return argmax(this.rt, ref(a));
  }
  broadcastTo(a: TensorRef, outShape: Shape): Handle {
    return broadcastTo(this.rt, ref(a), outShape);
  }
  transpose(a: TensorRef, perm: readonly number[]): Handle {
    return transpose(this.rt, ref(a), perm);
  }
  matmul(a: TensorRef, b: TensorRef, transA: boolean, transB: boolean, outShape: Shape): Handle {
    return matmul(this.rt, ref(a), ref(b), transA, transB, outShape);
  }
  linear(x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation): Handle {
    return linear(this.rt, ref(x), ref(w), bias && ref(bias), act);
  }
  slice(a: TensorRef, begin: readonly number[], size: readonly number[]): Handle {
    return slice(this.rt, ref(a), begin, size);
  }
  concat(parts: readonly TensorRef[], axis: number, outShape: Shape): Handle {
    return concat(this.rt, parts.map(ref), axis, outShape);
  }
  gatherRows(a: TensorRef, indices: TensorRef): Handle {
    return gatherRows(this.rt, ref(a), ref(indices));
  }
  oneHot(labels: TensorRef, classes: number): Handle {
    return oneHot(this.rt, ref(labels), classes);
  }

  // --- fused training kernels ---------------------------------------------------------
  softmaxCrossEntropy(logits: TensorRef, targets: TensorRef): Handle {
    return softmaxCrossEntropy(this.rt, ref(logits), ref(targets));
  }
  softmaxCrossEntropyGrad(logits: TensorRef, targets: TensorRef, scale: number): Handle {
    return softmaxCrossEntropyGrad(this.rt, ref(logits), ref(targets), scale);
  }
  optimizerStep(slots: readonly OptimizerSlot[], hyper: OptimizerHyper): void {
    for (const s of slots) for (const h of [s.param, s.grad, s.state1, s.state2]) t(h);
    optimizerStep(this.rt, slots, hyper);
  }
}
