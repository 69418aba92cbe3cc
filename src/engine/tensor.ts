// Tensor: a float32 n-d array on the current backend, with reverse-mode autograd.
// Methods are thin: primitives go through `apply` (which records the tape), composites live
// in ops/composites.ts and only ever call primitives.
import type { Backend, Handle, Shape } from './backends/backend';
import { backward } from './autograd';
import * as C from './ops/composites';
import { PRIMITIVES, type PrimDef, type PrimParams, type Primitive } from './ops/primitives';
import { runtime, Storage, track, untrack } from './runtime';
import { broadcastShapes, normAxes, sizeOf } from './shape';

export type NestedArray = number | NestedArray[];
export type TensorLike = Tensor | number;

/** How a tensor was made: a primitive with the parameters of that primitive, and its inputs. */
export type TapeNode<P extends Primitive = Primitive> = { [K in P]: { prim: K; inputs: Tensor[]; params: PrimParams[K] } }[P];

let nextId = 0;

export class Tensor {
  readonly id = nextId++;
  readonly shape: number[];
  readonly storage: Storage;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  node: TapeNode | null = null;
  /** Set when every value is this constant (lets fused gradients skip a multiply). */
  constValue?: number;
  scoped = false;
  private disposed = false;

  constructor(storage: Storage, shape: Shape, requiresGrad = false) {
    this.storage = storage;
    this.shape = [...shape];
    this.requiresGrad = requiresGrad;
    track(this);
  }

  get backend(): Backend { return this.storage.backend; }
  get handle() {
    if (this.disposed) throw new Error('this tensor was disposed');
    return this.storage.handle;
  }
  get size(): number { return sizeOf(this.shape); }
  get rank(): number { return this.shape.length; }

  // --- reading -------------------------------------------------------------------------
  async data(): Promise<Float32Array> { return this.backend.read(this.handle); }
  async toArray(): Promise<NestedArray> { return nest(await this.data(), this.shape); }
  async item(): Promise<number> { return (await this.data())[0]; }

  // --- memory and autograd -----------------------------------------------------------------
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrack(this);
    this.storage.release();
  }
  get isDisposed(): boolean { return this.disposed; }
  /** Keep this tensor when the enclosing `tidy` ends. */
  keep(): this { untrack(this); return this; }
  /** The same values, cut from the graph. */
  detach(): Tensor { return new Tensor(this.storage.retain(), this.shape); }
  zeroGrad(): void { this.grad?.dispose(); this.grad = null; }
  /**
   * Compute gradients of this (scalar) tensor into `.grad` of every input that requires them.
   * Synchronous: it only queues backend work (nothing is read back); `await` on it still works.
   */
  backward(grad?: Tensor): void { backward(this, grad); }

  // --- element-wise --------------------------------------------------------------------
  add(o: TensorLike): Tensor { return apply('add', [this, lift(o)], {}); }
  sub(o: TensorLike): Tensor { return apply('sub', [this, lift(o)], {}); }
  mul(o: TensorLike): Tensor { return apply('mul', [this, lift(o)], {}); }
  div(o: TensorLike): Tensor { return apply('div', [this, lift(o)], {}); }
  pow(o: TensorLike): Tensor { return apply('pow', [this, lift(o)], {}); }
  maximum(o: TensorLike): Tensor { return apply('maximum', [this, lift(o)], {}); }
  minimum(o: TensorLike): Tensor { return apply('minimum', [this, lift(o)], {}); }
  neg(): Tensor { return apply('neg', [this], {}); }
  exp(): Tensor { return apply('exp', [this], {}); }
  log(): Tensor { return apply('log', [this], {}); }
  tanh(): Tensor { return apply('tanh', [this], {}); }
  sqrt(): Tensor { return apply('sqrt', [this], {}); }
  abs(): Tensor { return apply('abs', [this], {}); }
  relu(): Tensor { return apply('relu', [this], {}); }
  sigmoid(): Tensor { return apply('sigmoid', [this], {}); }
  leakyRelu(alpha = 0.01): Tensor { return apply('leaky_relu', [this], { alpha }); }
  square(): Tensor { return this.mul(this); }
  gelu(): Tensor { return C.gelu(this); }
  clamp(lo: number, hi: number): Tensor { return this.maximum(lo).minimum(hi); }
  // Comparisons give 0/1 and carry no gradient.
  gt(o: TensorLike): Tensor { return compare('gt', this, lift(o)); }
  ge(o: TensorLike): Tensor { return compare('ge', this, lift(o)); }
  lt(o: TensorLike): Tensor { return compare('gt', lift(o), this); }
  le(o: TensorLike): Tensor { return compare('ge', lift(o), this); }
  eq(o: TensorLike): Tensor { return compare('eq', this, lift(o)); }

  // --- reductions ----------------------------------------------------------------------
  sum(axis?: number | number[], keepDims = false): Tensor { return reduce('sum', this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return reduce('max', this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return C.mean(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return this.neg().max(axis, keepDims).neg(); }
  /** Index of the largest value along the last axis (no gradient). */
  argmax(): Tensor {
    return offTape(this.shape.slice(0, -1), (be) => be.argmax({ handle: this.handle, shape: this.shape }));
  }
  softmax(axis = -1): Tensor { return C.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return C.logSoftmax(this, axis); }

  // --- shape ---------------------------------------------------------------------------
  reshape(shape: number[]): Tensor { return apply('reshape', [this], { shape: inferShape(shape, this.size) }); }
  flatten(): Tensor { return this.reshape([this.size]); }
  transpose(perm?: number[]): Tensor {
    const p = perm ?? [...this.shape.keys()].reverse();
    if (p.length !== this.rank || [...p].sort().some((v, i) => v !== i)) throw new Error(`transpose: [${p}] is not a permutation of the axes of [${this.shape}]`);
    return apply('transpose', [this], { perm: p });
  }
  get T(): Tensor { return this.transpose(); }
  broadcastTo(shape: number[]): Tensor { return C.broadcastTo(this, shape); }
  matmul(o: Tensor): Tensor { return C.matmul(this, o); }
  slice(begin: number[], size: number[]): Tensor { return C.slice(this, begin, size); }
  /** numpy `take` along axis 0 or 1 of a 2-D tensor. */
  gather(indices: Tensor | number[], axis = 0): Tensor { return C.gather(this, indices, axis); }
  where(cond: Tensor, other: TensorLike): Tensor { return apply('where', [cond, this, lift(other)], {}); }
  static concat(parts: Tensor[], axis = 0): Tensor { return C.concat(parts, axis); }

  toString(): string { return `Tensor[${this.shape.join('×')}]${this.requiresGrad ? ' (requires grad)' : ''}`; }
}

// --- construction ----------------------------------------------------------------------

export interface TensorOptions { shape?: number[]; requiresGrad?: boolean }

export function tensor(values: NestedArray | Float32Array | number[], opts: TensorOptions = {}): Tensor {
  let data: Float32Array;
  let shape: number[];
  if (values instanceof Float32Array) {
    data = values;
    shape = opts.shape ?? [values.length];
  } else {
    shape = opts.shape ?? shapeOf(values);
    data = Float32Array.from(flattenNested(values));
  }
  if (sizeOf(shape) !== data.length) throw new Error(`tensor: shape [${shape}] does not hold ${data.length} values`);
  return new Tensor(new Storage(runtime.backend, runtime.backend.upload(data)), shape, opts.requiresGrad ?? false);
}

export function full(shape: number[], value: number, requiresGrad = false): Tensor {
  const t = new Tensor(new Storage(runtime.backend, runtime.backend.fill(sizeOf(shape), value)), shape, requiresGrad);
  t.constValue = value;
  return t;
}
export const zeros = (shape: number[], requiresGrad = false) => full(shape, 0, requiresGrad);
export const ones = (shape: number[], requiresGrad = false) => full(shape, 1, requiresGrad);
export const scalar = (v: number) => full([], v);

function lift(v: TensorLike): Tensor {
  return typeof v === 'number' ? scalar(v) : v;
}

/** Apply a primitive: run it and, when any input needs a gradient, record it on the tape. */
export function apply<P extends Primitive>(p: P, inputs: Tensor[], params: PrimParams[P]): Tensor {
  const def: PrimDef<PrimParams[P]> = PRIMITIVES[p];
  const shape = def.shape(inputs, params);
  const storage = 'view' in def
    ? inputs[0].storage.retain()
    : new Storage(runtime.backend, def.forward(runtime.backend, inputs.map((t) => ({ handle: t.handle, shape: t.shape })), params, shape));
  const needsGrad = runtime.gradEnabled && inputs.some((t) => t.requiresGrad);
  const out = new Tensor(storage, shape, needsGrad);
  // A cast: TypeScript cannot narrow the union TapeNode by a generic P.
  if (needsGrad) out.node = { prim: p, inputs, params } as TapeNode;
  return out;
}

/**
 * A tensor computed directly on the backend, with no tape node. Only for values that carry
 * no gradient by definition (comparisons, argmax, one-hot labels): a primitive for them would
 * record tape nodes whose rule could never send a gradient anywhere.
 */
export function offTape(shape: number[], run: (be: Backend) => Handle): Tensor {
  return new Tensor(new Storage(runtime.backend, run(runtime.backend)), shape);
}

function compare(op: 'gt' | 'ge' | 'eq', a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  return offTape(shape, (be) => be.binary(op, { handle: a.handle, shape: a.shape }, { handle: b.handle, shape: b.shape }, shape));
}

function reduce(op: 'sum' | 'max', t: Tensor, axis: number | number[] | undefined, keepDims: boolean): Tensor {
  const axes = normAxes(axis, t.rank);
  if (axes.length === 0) return t;
  const kept = apply(op, [t], { axes });
  return keepDims ? kept : kept.reshape(t.shape.filter((_, i) => !axes.includes(i)));
}

function inferShape(shape: number[], size: number): number[] {
  const free = shape.indexOf(-1);
  if (free < 0) {
    if (sizeOf(shape) !== size) throw new Error(`reshape: cannot view ${size} values as [${shape}]`);
    return shape;
  }
  const known = sizeOf(shape.filter((_, i) => i !== free));
  const out = [...shape];
  out[free] = size / known;
  if (!Number.isInteger(out[free])) throw new Error(`reshape: cannot view ${size} values as [${shape}]`);
  return out;
}

function shapeOf(v: NestedArray | number[]): number[] {
  const shape: number[] = [];
  let cur: NestedArray = v as NestedArray;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

function flattenNested(v: NestedArray | number[]): number[] {
  return Array.isArray(v) ? (v as NestedArray[]).flat(Infinity as 1) as number[] : [v];
}

function nest(data: Float32Array, shape: number[]): NestedArray {
  if (shape.length === 0) return data[0];
  const build = (offset: number, axis: number): NestedArray[] => {
    const n = shape[axis];
    if (axis === shape.length - 1) return Array.from(data.subarray(offset, offset + n));
    const step = sizeOf(shape.slice(axis + 1));
    return Array.from({ length: n }, (_, i) => build(offset + i * step, axis + 1));
  };
  return build(0, 0);
}
