// THE primitive table: for every primitive its output shape, its forward on the backend and
// its gradient rule (vjp), typed per primitive, so a missing or misspelt entry fails to compile.
// Everything else (softmax, mean, gelu, clamp, losses, …) is composed in ops/composites.ts.
import type { Backend, FusedActivation, Handle, Shape, TensorRef } from '../backends/backend';
import type { Tensor } from '../tensor';
import { elementwisePrimitives } from './elementwise';
import { fusedPrimitives } from './fused';
import { layoutPrimitives } from './layout';

/** Parameters of each primitive. The keys are the complete primitive set. */
export interface PrimParams {
  add: {}; sub: {}; mul: {}; div: {}; pow: {}; maximum: {}; minimum: {};
  neg: {}; exp: {}; log: {}; tanh: {}; sqrt: {}; abs: {}; relu: {}; sigmoid: {};
  leaky_relu: { alpha: number };
  // Derivatives of piecewise functions, for the gradient rules of relu, abs and leaky_relu.
  step: {};                         // x > 0 ? 1 : 0 (relu')
  sign: {};                         // abs'
  leaky_relu_slope: { alpha: number }; // x > 0 ? 1 : alpha
  sum: { axes: number[] };          // keeps rank (reduced axes become 1)
  max: { axes: number[] };          // keeps rank
  matmul: { transA: boolean; transB: boolean };
  reshape: { shape: number[] };
  transpose: { perm: number[] };
  broadcast: { shape: number[] };
  where: {};                        // inputs: cond (not differentiated), a, b
  slice: { begin: number[]; size: number[] };
  concat: { axis: number };
  gather_rows: {};                  // inputs: a [r, c], indices [k] (not differentiated)
  linear: { act: FusedActivation }; // inputs: x, w, b
  softmax_ce: { mean: boolean };    // inputs: logits [n, c], targets [n, c] -> [n], or [] (mean)
  softmax_ce_grad: { scale: number }; // inputs: logits, targets -> d(softmax_ce rows)/d(logits) * scale
}
export type Primitive = keyof PrimParams;

export type PrimDef<Params> = {
  /** Output shape, checked here so that errors name the op and the shapes. */
  shape(xs: Tensor[], p: Params): number[];
  /**
   * One gradient per input from the output gradient `g` (null: none needed), built from
   * graph ops only, so every backend differentiates every expression.
   */
  vjp(g: Tensor, xs: Tensor[], out: Tensor, p: Params): (Tensor | null)[];
} & (
  /** Run on the backend (no autograd bookkeeping); `out` is what `shape` returned. */
  | { forward(be: Backend, xs: TensorRef[], p: Params, out: Shape): Handle }
  /** The output is a view of the first input's buffer: nothing runs on the backend. */
  | { view: true }
);

/** The rows of the table for the primitives `K`; each family file holds one such part. */
export type PrimTable<K extends Primitive> = { [P in K]: PrimDef<PrimParams[P]> };

export const PRIMITIVES: PrimTable<Primitive> = { ...elementwisePrimitives, ...layoutPrimitives, ...fusedPrimitives };
