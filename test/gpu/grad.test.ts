// Forward and backward through the engine's frontend on the WebGPU backend, against the same
// expressions on the CPU reference: values and the gradient of every input.
import { after, describe, it } from 'node:test';
import type { Backend } from '../../src/engine/backends/backend';
import { softmaxCrossEntropy, tensor, Tensor } from '../../src/engine';
import { apply } from '../../src/engine/tensor';
import { runtime, setBackend } from '../../src/engine/runtime';
import { assertClose, cpu, gpuBackend, rand, type Tol } from './helpers';

type Input = { values: Float32Array; shape: number[] };
const m = (r: number, c: number, seed: number, lo = -1, hi = 1): Input => ({ values: rand(r * c, seed, lo, hi), shape: [r, c] });
const v = (n: number, seed: number, lo = -1, hi = 1): Input => ({ values: rand(n, seed, lo, hi), shape: [n] });
const w = (shape: number[], seed: number) => tensor(rand(shape.reduce((a, b) => a * b, 1), seed), { shape });

const TOL: Tol = { rtol: 1e-4, atol: 1e-5 };
// Products and sums over hundreds of terms: the error scales with the term count.
const WIDE: Tol = { rtol: 1e-3, atol: 1e-4 };

const cases: [string, (...x: Tensor[]) => Tensor, Input[], Tol?][] = [
  ['add/mul with broadcasting', (a, b) => a.add(b).mul(a).sum(), [m(33, 65, 1), v(65, 2)]],
  ['sub with a column', (a, b) => a.sub(b).square().sum(), [m(7, 129, 3), m(7, 1, 4)]],
  ['div', (a, b) => a.div(b).sum(), [m(7, 33, 5), m(7, 33, 6, 0.5, 2)]],
  ['pow (tensor exponent)', (a, b) => a.pow(b).sum(), [m(7, 7, 9, 0.5, 2), m(7, 7, 10, -1, 2)]],
  ['pow (integer exponent, negative base)', (a) => a.pow(3).sum(), [m(5, 9, 11)]],
  ['maximum / minimum', (a, b) => a.maximum(b).add(a.minimum(b).mul(2)).sum(), [m(9, 9, 12), m(9, 9, 13)]],
  ['neg exp log', (a) => a.neg().exp().add(a.log()).sum(), [m(13, 5, 14, 0.5, 2)]],
  ['tanh sqrt abs', (a) => a.tanh().add(a.abs().sqrt()).sum(), [m(3, 33, 15, 0.2, 1)]],
  ['relu sigmoid leakyRelu', (a) => a.relu().add(a.sigmoid()).add(a.leakyRelu(0.1)).mul(a).sum(), [m(17, 4, 16)]],
  ['gelu', (a) => a.gelu().sum(), [m(3, 65, 17, -3, 3)]],
  ['sum over an axis', (a) => a.sum(0).square().sum(), [m(129, 7, 18)]],
  ['sum keepDims', (a) => a.div(a.sum(1, true)).square().sum(), [m(7, 33, 19, 0.5, 1)]],
  ['mean', (a) => a.mean(1).square().mean(), [m(33, 4, 20)]],
  ['max over an axis', (a) => a.max(1).square().sum(), [m(4, 65, 21)]],
  ['max of everything', (a) => a.max().mul(a.sum()), [m(33, 3, 22)]],
  ['matmul', (a, b) => a.matmul(b).tanh().sum(), [m(33, 65, 23), m(65, 7, 24)], WIDE],
  ['matmul batched with broadcast', (a, b) => a.reshape([2, 2, 3]).matmul(b).square().sum(), [m(4, 3, 25), m(3, 2, 26)]],
  ['matmul vector', (a, b) => a.matmul(b).square().sum(), [v(129, 27), m(129, 3, 28)], WIDE],
  ['large matmul (the tiled kernel)', (a, b) => a.matmul(b).mul(0.01).tanh().sum(), [m(128, 200, 54), m(200, 130, 55)], WIDE],
  ['transpose', (a, b) => a.transpose().matmul(b).sum(), [m(4, 3, 29), m(4, 2, 30)]],
  ['transpose 3-D', (a) => a.reshape([2, 3, 2]).transpose([2, 0, 1]).mul(w([2, 2, 3], 31)).sum(), [m(4, 3, 32)]],
  ['softmax', (a) => a.softmax(1).mul(w([3, 65], 34)).sum(), [m(3, 65, 35)]],
  ['softmax axis 0', (a) => a.softmax(0).square().sum(), [m(7, 4, 36)]],
  ['logSoftmax', (a) => a.logSoftmax(-1).mul(w([3, 4], 37)).sum(), [m(3, 4, 38)]],
  ['broadcastTo', (a) => a.broadcastTo([33, 4]).mul(w([33, 4], 39)).sum(), [m(1, 4, 40)]],
  ['slice', (a) => a.slice([1, 1], [5, 7]).square().sum(), [m(7, 9, 41)]],
  ['concat', (a, b) => Tensor.concat([a, b.mul(2)], 1).square().sum(), [m(2, 3, 42), m(2, 2, 43)]],
  ['gather rows (repeated index)', (a) => a.gather([2, 0, 2]).square().sum(), [m(3, 4, 44)]],
  ['gather columns', (a) => a.gather([3, 1], 1).square().sum(), [m(3, 4, 45)]],
  ['where', (a, b) => a.where(a.gt(0), b).square().sum(), [m(7, 9, 46), m(7, 9, 47)]],
  ['clamp', (a) => a.clamp(-0.5, 0.5).mul(a).sum(), [m(3, 4, 48)]],
  ['softmax cross-entropy (fused, mean)', (z, t) => softmaxCrossEntropy(z, t.softmax(1)), [m(33, 10, 49), m(33, 10, 50)]],
  ['softmax cross-entropy (per row, weighted)', (z, t) => softmaxCrossEntropy(z, t.softmax(1), 'none').mul(tensor([1, 2, 3, 4])).sum(), [m(4, 3, 51), m(4, 3, 52)]],
  ['a reused input (diamond graph)', (a) => a.mul(a).add(a.exp()).mul(a.tanh()).sum(), [m(2, 3, 53)]],
];
for (const act of ['none', 'relu', 'tanh', 'sigmoid'] as const) {
  cases.push([`fused dense layer (${act})`, (x, wt, b) => apply('linear', [x, wt, b], { act }).square().sum(),
    [m(65, 33, 60), m(33, 17, 61, -0.3, 0.3), v(17, 62)], WIDE]);
}

/** Value and input gradients of f on one backend. */
async function run(be: Backend, f: (...x: Tensor[]) => Tensor, inputs: Input[]) {
  setBackend(be);
  const xs = inputs.map((i) => tensor(i.values, { shape: i.shape, requiresGrad: true }));
  const out = f(...xs);
  await out.backward();
  const value = await out.data();
  const grads = await Promise.all(xs.map((x) => (x.grad ? x.grad.data() : Promise.resolve(null))));
  return { value, grads };
}

describe('autograd on WebGPU matches the CPU reference (forward and backward)', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  const previous = runtime.backend;
  after(() => setBackend(previous));

  for (const [name, f, inputs, tol = TOL] of cases) {
    it(`${name} (rtol ${tol.rtol}, atol ${tol.atol})`, async () => {
      const want = await run(cpu, f, inputs);
      const got = await run(g, f, inputs);
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
});
