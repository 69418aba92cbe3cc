// The op cases, one table run on every device present: on the CPU each case's gradients are
// checked against central finite differences, on WebGPU its value and gradients against the CPU.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Backend } from '../../src/engine/backends/backend';
import { init, softmaxCrossEntropy, tensor, Tensor } from '../../src/engine';
import { runtime, setBackend } from '../../src/engine/runtime';
import { apply } from '../../src/engine/tensor';
import { assertClose, cpu, type Tol } from '../gpu/helpers';
import { gradCheck, values } from './gradcheck';

type Input = { values: number[]; shape: number[] };
const m = (rows: number, cols: number, seed: number, lo = -1, hi = 1): Input => ({ values: values(rows * cols, seed, lo, hi), shape: [rows, cols] });
const v = (n: number, seed: number, lo = -1, hi = 1): Input => ({ values: values(n, seed, lo, hi), shape: [n] });
/** Fixed weights of a given shape (no gradient), to make a sum depend on every output. */
const fixed = (shape: number[], seed: number) => tensor(values(shape.reduce((a, b) => a * b, 1), seed), { shape });

const TOL: Tol = { rtol: 1e-4, atol: 1e-5 };
// Products and sums over hundreds of terms: the error scales with the term count.
const WIDE: Tol = { rtol: 1e-3, atol: 1e-4 };

interface OpCase {
  name: string;
  f: (...x: Tensor[]) => Tensor;
  /** Small enough for finite differences (two evaluations per value). */
  inputs: Input[];
  /** Odd and larger sizes for WebGPU's kernels (workgroup edges, tiles); default `inputs`. */
  large?: Input[];
  /** WebGPU against the CPU; default TOL. */
  tol?: Tol;
}

export const OP_CASES: OpCase[] = [
  { name: 'add with broadcasting', f: (a, b) => a.add(b).mul(a).sum(), inputs: [m(3, 4, 1), v(4, 2)], large: [m(33, 65, 1), v(65, 2)] },
  { name: 'sub with broadcasting', f: (a, b) => a.sub(b).square().sum(), inputs: [m(3, 4, 3), m(3, 1, 4)], large: [m(7, 129, 3), m(7, 1, 4)] },
  { name: 'mul', f: (a, b) => a.mul(b).sum(), inputs: [m(2, 3, 5), m(2, 3, 6)] },
  { name: 'div', f: (a, b) => a.div(b).sum(), inputs: [m(2, 3, 7), m(2, 3, 8, 0.5, 2)], large: [m(7, 33, 5), m(7, 33, 6, 0.5, 2)] },
  { name: 'pow with tensor exponent', f: (a, b) => a.pow(b).sum(),
    inputs: [m(2, 3, 9, 0.5, 2), m(2, 3, 10, -1, 2)], large: [m(7, 7, 9, 0.5, 2), m(7, 7, 10, -1, 2)] },
  { name: 'pow with number exponent (negative bases)', f: (a) => a.pow(3).sum(), inputs: [m(2, 3, 11)], large: [m(5, 9, 11)] },
  { name: 'maximum / minimum', f: (a, b) => a.maximum(b).add(a.minimum(b).mul(2)).sum(),
    inputs: [m(3, 3, 12), m(3, 3, 13)], large: [m(9, 9, 12), m(9, 9, 13)] },
  { name: 'neg exp log', f: (a) => a.neg().exp().add(a.log()).sum(), inputs: [m(2, 2, 14, 0.5, 2)], large: [m(13, 5, 14, 0.5, 2)] },
  { name: 'tanh sqrt abs', f: (a) => a.tanh().add(a.abs().sqrt()).sum(), inputs: [m(3, 3, 15, 0.2, 1)], large: [m(3, 33, 15, 0.2, 1)] },
  { name: 'relu sigmoid leakyRelu', f: (a) => a.relu().add(a.sigmoid()).add(a.leakyRelu(0.1)).mul(a).sum(), inputs: [m(3, 4, 16)], large: [m(17, 4, 16)] },
  { name: 'gelu', f: (a) => a.gelu().sum(), inputs: [m(3, 4, 17, -3, 3)], large: [m(3, 65, 17, -3, 3)] },
  { name: 'sum over an axis', f: (a) => a.sum(0).square().sum(), inputs: [m(3, 4, 18)], large: [m(129, 7, 18)] },
  { name: 'sum keepDims', f: (a) => a.div(a.sum(1, true)).square().sum(), inputs: [m(3, 4, 19, 0.5, 1)], large: [m(7, 33, 19, 0.5, 1)] },
  { name: 'mean', f: (a) => a.mean(1).square().mean(), inputs: [m(3, 4, 20)], large: [m(33, 4, 20)] },
  { name: 'max over an axis', f: (a) => a.max(1).square().sum(), inputs: [m(4, 5, 21)], large: [m(4, 65, 21)] },
  { name: 'max of everything', f: (a) => a.max().mul(a.sum()), inputs: [m(3, 3, 22)], large: [m(33, 3, 22)] },
  { name: 'matmul', f: (a, b) => a.matmul(b).tanh().sum(), inputs: [m(3, 4, 23), m(4, 2, 24)], large: [m(33, 65, 23), m(65, 7, 24)], tol: WIDE },
  { name: 'matmul batched with broadcast', f: (a, b) => a.reshape([2, 2, 3]).matmul(b).square().sum(), inputs: [m(4, 3, 25), m(3, 2, 26)] },
  { name: 'matmul vector', f: (a, b) => a.matmul(b).square().sum(), inputs: [v(4, 27), m(4, 3, 28)], large: [v(129, 27), m(129, 3, 28)], tol: WIDE },
  { name: 'large matmul (the tiled kernel)', f: (a, b) => a.matmul(b).mul(0.01).tanh().sum(),
    inputs: [m(5, 7, 54), m(7, 6, 55)], large: [m(128, 200, 54), m(200, 130, 55)], tol: WIDE },
  { name: 'transpose', f: (a, b) => a.transpose().matmul(b).sum(), inputs: [m(4, 3, 29), m(4, 2, 30)] },
  { name: 'transpose 3-D', f: (a) => a.reshape([2, 3, 2]).transpose([2, 0, 1]).mul(fixed([2, 2, 3], 31)).sum(), inputs: [m(4, 3, 32)] },
  { name: 'reshape', f: (a) => a.reshape([6, 2]).square().sum(0).sum(), inputs: [m(3, 4, 33)] },
  { name: 'softmax', f: (a) => a.softmax(1).mul(fixed(a.shape, 34)).sum(), inputs: [m(3, 4, 35)], large: [m(3, 65, 35)] },
  { name: 'softmax axis 0', f: (a) => a.softmax(0).square().sum(), inputs: [m(3, 4, 36)], large: [m(7, 4, 36)] },
  { name: 'logSoftmax', f: (a) => a.logSoftmax(-1).mul(fixed(a.shape, 37)).sum(), inputs: [m(3, 4, 38)] },
  { name: 'broadcastTo', f: (a, b) => a.broadcastTo(b.shape).mul(b).sum(), inputs: [m(1, 4, 40), m(3, 4, 39)], large: [m(1, 4, 40), m(33, 4, 39)] },
  { name: 'slice', f: (a) => a.slice([1, 1], [a.shape[0] - 2, a.shape[1] - 2]).square().sum(), inputs: [m(4, 4, 41)], large: [m(7, 9, 41)] },
  { name: 'concat', f: (a, b) => Tensor.concat([a, b.mul(2)], 1).square().sum(), inputs: [m(2, 3, 42), m(2, 2, 43)] },
  { name: 'gather rows (repeated index)', f: (a) => a.gather([2, 0, 2]).square().sum(), inputs: [m(3, 4, 44)] },
  { name: 'gather columns', f: (a) => a.gather([3, 1], 1).square().sum(), inputs: [m(3, 4, 45)] },
  { name: 'where', f: (a, b) => a.where(a.gt(0), b).square().sum(), inputs: [m(3, 4, 46), m(3, 4, 47)], large: [m(7, 9, 46), m(7, 9, 47)] },
  { name: 'clamp', f: (a) => a.clamp(-0.5, 0.5).mul(a).sum(), inputs: [m(3, 4, 48)] },
  { name: 'softmax cross-entropy (fused, mean)', f: (z, t) => softmaxCrossEntropy(z, t.softmax(1)),
    inputs: [m(4, 3, 49), m(4, 3, 50)], large: [m(33, 10, 49), m(33, 10, 50)] },
  { name: 'softmax cross-entropy (per row, weighted)', f: (z, t) => softmaxCrossEntropy(z, t.softmax(1), 'none').mul(tensor([1, 2, 3, 4])).sum(),
    inputs: [m(4, 3, 51), m(4, 3, 52)] },
  // The fused gradient kernel as an op of its own (its rule only runs when it is differentiated).
  { name: 'softmax cross-entropy gradient kernel', f: (z, t) => apply('softmax_ce_grad', [z, t], { scale: 0.5 }).mul(fixed(z.shape, 63)).sum(),
    inputs: [m(4, 3, 64), m(4, 3, 65)], large: [m(33, 10, 64), m(33, 10, 65)] },
  { name: 'a reused input (diamond graph)', f: (a) => a.mul(a).add(a.exp()).mul(a.tanh()).sum(), inputs: [m(2, 3, 53)] },
  ...(['none', 'relu', 'tanh', 'sigmoid'] as const).map((act): OpCase => ({
    name: `fused dense layer (${act})`,
    f: (x, w, b) => apply('linear', [x, w, b], { act }).square().sum(),
    inputs: [m(4, 3, 60), m(3, 5, 61, -0.3, 0.3), v(5, 62)],
    large: [m(65, 33, 60), m(33, 17, 61, -0.3, 0.3), v(17, 62)],
    tol: WIDE,
  })),
];

/** Register one test per case for `device`: the CPU reference, or a WebGPU backend. */
export function testOpCases(device: 'cpu' | Backend): void {
  if (device === 'cpu') {
    before(async () => { await init({ backend: 'cpu' }); });
    for (const { name, f, inputs } of OP_CASES) {
      it(`differentiates ${name}`, async () => {
        const r = await gradCheck(f, inputs);
        assert.ok(r.maxRelError < 2e-2, `max relative error ${r.maxRelError} at ${r.worst}`);
      });
    }
    return;
  }
  const previous = runtime.backend;
  after(() => setBackend(previous));
  for (const { name, f, inputs, large = inputs, tol = TOL } of OP_CASES) {
    it(`${name} (rtol ${tol.rtol}, atol ${tol.atol})`, async () => {
      const want = await valueAndGradients(cpu, f, large);
      const got = await valueAndGradients(device, f, large);
      assertClose(got.value, want.value, tol, `${name}: value`);
      want.grads.forEach((wg, k) => {
        const gg = got.grads[k];
        if (wg === null || gg === null) {
          if (wg !== gg) throw new Error(`${name}: input ${k} has a gradient on one backend only`);
          return;
        }
        assertClose(gg, wg, tol, `${name}: gradient of input ${k}`);
      });
    });
  }
}

/** Value and input gradients of f on one backend. */
async function valueAndGradients(be: Backend, f: (...x: Tensor[]) => Tensor, inputs: Input[]) {
  setBackend(be);
  const xs = inputs.map((i) => tensor(Float32Array.from(i.values), { shape: i.shape, requiresGrad: true }));
  const out = f(...xs);
  out.backward();
  const value = await out.data();
  const grads = await Promise.all(xs.map((x) => (x.grad ? x.grad.data() : Promise.resolve(null))));
  return { value, grads };
}
