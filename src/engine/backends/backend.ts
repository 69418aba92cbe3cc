// The backend interface: the only thing a device has to implement.
//
// A backend stores float32 data behind opaque handles and runs the engine's primitives on
// them. It knows nothing of autograd: gradients are built in the frontend (the vjp rules of
// ops/primitives.ts) out of the same primitives, so a backend that passes the forward tests
// gets backward for free.
// The CPU backend (backends/cpu) is the reference every other backend is tested against.
//
// Conventions
// - Shapes are plain number arrays, row-major, rank 0..6. A scalar has shape [].
// - The frontend computes every output shape and passes it in; backends never infer shapes.
// - Binary ops broadcast numpy-style: `a.shape` and `b.shape` are right-aligned against
//   `outShape`, and a dimension of 1 (or a missing one) is repeated.
// - Ops may be queued (WebGPU records them into one command encoder); `read` and `flush`
//   are the only points where the caller waits for the device.
// - Handles are mutable buffers only for `optimizerStep` and `assign`, which update in place.

import type { Measured } from './auto/choose';

export type Shape = readonly number[];

/** An opaque handle to a backend buffer of float32 values. */
export type Handle = { readonly __handle: unique symbol } | object;

/** A handle together with the shape it is viewed as. */
export interface TensorRef {
  readonly handle: Handle;
  readonly shape: Shape;
}

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'tanh' | 'sqrt' | 'abs' | 'sign'
  | 'relu'       // max(x, 0)
  | 'step'       // x > 0 ? 1 : 0 (the derivative of relu)
  | 'sigmoid';   // 1 / (1 + exp(-x)), computed stably

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min'
  | 'gt' | 'ge' | 'eq';   // comparisons give 1 or 0

export type ReduceOp = 'sum' | 'max';

/** The activation fused into a `linear` op's epilogue. */
export type FusedActivation = 'none' | 'relu' | 'tanh' | 'sigmoid';

export interface OptimizerHyper {
  kind: 'sgd' | 'momentum' | 'adam';
  learningRate: number;
  momentum: number;     // momentum only
  beta1: number;        // adam
  beta2: number;        // adam
  epsilon: number;      // adam
  /**
   * L2, added to the gradient: g + wd * w. A list: one value per model of a stack of K models
   * trained together (the studies' weight-decay sweep): every slot's leading index is the
   * model, so element i of a slot of `size` uses wd[floor(i / (size / K))]. Plain numbers,
   * not a Float32Array: the CPU uses each value as the scalar path would (float64), so a
   * model of the stack is bit-identical to training it alone.
   */
  weightDecay: number | readonly number[];
  step: number;         // 1-based step count (adam bias correction)
}

/** One parameter with its gradient and optimizer state; all buffers have the same size. */
export interface OptimizerSlot {
  param: Handle;
  grad: Handle;
  /** momentum: velocity. adam: first moment. sgd: a 1-value placeholder, unused. */
  state1: Handle;
  /** adam: second moment. Otherwise a 1-value placeholder, unused. */
  state2: Handle;
  size: number;
}

export interface Backend {
  readonly name: 'cpu' | 'webgpu';
  /** Human readable description of the device, e.g. "mesa llvmpipe (software)". */
  readonly adapter: string;

  // --- memory -------------------------------------------------------------------------
  upload(data: Float32Array): Handle;
  /** A new buffer of `size` values, all equal to `value`. */
  fill(size: number, value: number): Handle;
  /** Read a buffer back. Flushes queued work first. */
  read(h: Handle): Promise<Float32Array>;
  /** Free a buffer (it may go back to a pool). Using it afterwards is a bug. */
  dispose(h: Handle): void;
  /** Copy `src` into the existing buffer `dst` (same size), in place. */
  assign(dst: Handle, src: Handle): void;
  /** Submit queued work (one submit per training step on WebGPU). No-op on the CPU. */
  flush(): void;
  /** Number of values in a buffer. */
  size(h: Handle): number;

  // --- primitives -----------------------------------------------------------------------
  unary(op: UnaryOp, a: TensorRef): Handle;
  /** leaky relu with slope `alpha` for x < 0; its derivative when `derivative` is true. */
  leakyRelu(a: TensorRef, alpha: number, derivative: boolean): Handle;
  binary(op: BinaryOp, a: TensorRef, b: TensorRef, outShape: Shape): Handle;
  /** cond != 0 ? a : b, all three broadcast to outShape. */
  where(cond: TensorRef, a: TensorRef, b: TensorRef, outShape: Shape): Handle;
  /** Reduce over `axes` (sorted, unique). The result has the input's rank with those axes 1. */
  /** `scale` multiplies each result (in fp32, after the reduction): a mean in one pass. */
  reduce(op: ReduceOp, a: TensorRef, axes: readonly number[], scale?: number): Handle;
  /** Index of the maximum along the last axis, as float; output shape = a.shape minus last. */
  argmax(a: TensorRef): Handle;
  /** Repeat `a` to `outShape` (numpy broadcasting rules). */
  broadcastTo(a: TensorRef, outShape: Shape): Handle;
  /** Permute axes: out.shape[i] = a.shape[perm[i]]. */
  transpose(a: TensorRef, perm: readonly number[]): Handle;
  /**
   * Batched matrix product over the last two axes: [..., m, k] x [..., k, n] -> [..., m, n]
   * with the leading axes broadcast. `transA` / `transB` read the operand as transposed in
   * its last two axes (no copy). outShape is given.
   */
  matmul(a: TensorRef, b: TensorRef, transA: boolean, transB: boolean, outShape: Shape): Handle;
  /**
   * Fused dense layer: act(x @ w + bias). x [n, k], w [k, m], bias [m] -> [n, m].
   * Stacked models (several trained together): x [n, k] (shared) or [B, n, k], w [B, k, m],
   * bias [B, 1, m] or [m] -> [B, n, m]. Backends should do this in one dispatch.
   */
  linear(x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation): Handle;
  /** out = a[begin : begin + size] along every axis. */
  slice(a: TensorRef, begin: readonly number[], size: readonly number[]): Handle;
  /** Concatenate along `axis`; outShape is given. */
  concat(parts: readonly TensorRef[], axis: number, outShape: Shape): Handle;
  /** Rows of a 2-D `a` picked by the integer-valued `indices` [r] -> [r, a.shape[1]]. */
  gatherRows(a: TensorRef, indices: TensorRef): Handle;
  /** One-hot encode integer-valued labels [n] into [n, classes]. */
  oneHot(labels: TensorRef, classes: number): Handle;

  // --- fused training kernels ---------------------------------------------------------
  /**
   * Softmax cross-entropy per row: logits [n, c], targets [n, c] (probabilities, usually
   * one-hot) -> loss [n] = -sum(targets * logSoftmax(logits)). Stable (max-subtracted).
   */
  softmaxCrossEntropy(logits: TensorRef, targets: TensorRef): Handle;
  /** The gradient of the *mean* of that loss w.r.t. logits: (softmax(logits) - targets) * scale. */
  softmaxCrossEntropyGrad(logits: TensorRef, targets: TensorRef, scale: number): Handle;
  /** Update every parameter in place (all slots, ideally in one dispatch). */
  optimizerStep(slots: readonly OptimizerSlot[], hyper: OptimizerHyper): void;
}

/** What `init()` reports about the chosen backend. */
export interface BackendInfo {
  name: 'cpu' | 'webgpu';
  adapter: string;
  /** Why this backend was chosen (e.g. "no WebGPU adapter: using the CPU"). */
  reason: string;
  /** `auto`'s measured step times of this model, when it chose by measurement (backends/auto). */
  measured?: Measured;
}
