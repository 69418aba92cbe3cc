// Every primitive's gradient (and the composites built on them) against central finite
// differences, on the CPU reference backend.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { init, tensor, Tensor, softmaxCrossEntropy } from '../../src/engine';
import { gradCheck, values } from '../helpers/gradcheck';

const m = (rows: number, cols: number, seed: number, lo = -1, hi = 1) => ({ values: values(rows * cols, seed, lo, hi), shape: [rows, cols] });
const v = (n: number, seed: number, lo = -1, hi = 1) => ({ values: values(n, seed, lo, hi), shape: [n] });

const cases: [string, (...x: Tensor[]) => Tensor, { values: number[]; shape: number[] }[]][] = [
  ['add with broadcasting', (a, b) => a.add(b).mul(a).sum(), [m(3, 4, 1), v(4, 2)]],
  ['sub with broadcasting', (a, b) => a.sub(b).square().sum(), [m(3, 4, 3), m(3, 1, 4)]],
  ['mul', (a, b) => a.mul(b).sum(), [m(2, 3, 5), m(2, 3, 6)]],
  ['div', (a, b) => a.div(b).sum(), [m(2, 3, 7), m(2, 3, 8, 0.5, 2)]],
  ['pow with tensor exponent', (a, b) => a.pow(b).sum(), [m(2, 3, 9, 0.5, 2), m(2, 3, 10, -1, 2)]],
  ['pow with number exponent', (a) => a.pow(3).sum(), [m(2, 3, 11)]],
  ['maximum / minimum', (a, b) => a.maximum(b).add(a.minimum(b).mul(2)).sum(), [m(3, 3, 12), m(3, 3, 13)]],
  ['neg exp log', (a) => a.neg().exp().add(a.log()).sum(), [m(2, 2, 14, 0.5, 2)]],
  ['tanh sqrt abs', (a) => a.tanh().add(a.abs().sqrt()).sum(), [m(3, 3, 15, 0.2, 1)]],
  ['relu sigmoid leakyRelu', (a) => a.relu().add(a.sigmoid()).add(a.leakyRelu(0.1)).mul(a).sum(), [m(3, 4, 16)]],
  ['gelu', (a) => a.gelu().sum(), [m(3, 4, 17, -3, 3)]],
  ['sum over an axis', (a) => a.sum(0).square().sum(), [m(3, 4, 18)]],
  ['sum keepDims', (a) => a.div(a.sum(1, true)).square().sum(), [m(3, 4, 19, 0.5, 1)]],
  ['mean', (a) => a.mean(1).square().mean(), [m(3, 4, 20)]],
  ['max over an axis', (a) => a.max(1).square().sum(), [m(4, 5, 21)]],
  ['max of everything', (a) => a.max().mul(a.sum()), [m(3, 3, 22)]],
  ['matmul', (a, b) => a.matmul(b).tanh().sum(), [m(3, 4, 23), m(4, 2, 24)]],
  ['matmul batched with broadcast', (a, b) => a.reshape([2, 2, 3]).matmul(b).square().sum(), [m(4, 3, 25), m(3, 2, 26)]],
  ['matmul vector', (a, b) => a.matmul(b).square().sum(), [v(4, 27), m(4, 3, 28)]],
  ['transpose', (a, b) => a.transpose().matmul(b).sum(), [m(4, 3, 29), m(4, 2, 30)]],
  ['transpose 3-D', (a) => a.reshape([2, 3, 2]).transpose([2, 0, 1]).mul(tensor(values(12, 31), { shape: [2, 2, 3] })).sum(), [m(4, 3, 32)]],
  ['reshape', (a) => a.reshape([6, 2]).square().sum(0).sum(), [m(3, 4, 33)]],
  ['softmax', (a) => a.softmax(1).mul(tensor(values(12, 34), { shape: [3, 4] })).sum(), [m(3, 4, 35)]],
  ['softmax axis 0', (a) => a.softmax(0).square().sum(), [m(3, 4, 36)]],
  ['logSoftmax', (a) => a.logSoftmax(-1).mul(tensor(values(12, 37), { shape: [3, 4] })).sum(), [m(3, 4, 38)]],
  ['broadcastTo', (a) => a.broadcastTo([3, 4]).mul(tensor(values(12, 39), { shape: [3, 4] })).sum(), [m(1, 4, 40)]],
  ['slice', (a) => a.slice([1, 1], [2, 2]).square().sum(), [m(4, 4, 41)]],
  ['concat', (a, b) => Tensor.concat([a, b.mul(2)], 1).square().sum(), [m(2, 3, 42), m(2, 2, 43)]],
  ['gather rows (repeated index)', (a) => a.gather([2, 0, 2]).square().sum(), [m(3, 4, 44)]],
  ['gather columns', (a) => a.gather([3, 1], 1).square().sum(), [m(3, 4, 45)]],
  ['where', (a, b) => a.where(a.gt(0), b).square().sum(), [m(3, 4, 46), m(3, 4, 47)]],
  ['clamp', (a) => a.clamp(-0.5, 0.5).mul(a).sum(), [m(3, 4, 48)]],
  ['softmax cross-entropy (fused, mean)', (z, t) => softmaxCrossEntropy(z, t.softmax(1)), [m(4, 3, 49), m(4, 3, 50)]],
  ['softmax cross-entropy (per row, weighted)', (z, t) => softmaxCrossEntropy(z, t.softmax(1), 'none').mul(tensor([1, 2, 3, 4])).sum(), [m(4, 3, 51), m(4, 3, 52)]],
  ['a reused input (diamond graph)', (a) => a.mul(a).add(a.exp()).mul(a.tanh()).sum(), [m(2, 3, 53)]],
];

describe('autograd against central finite differences (CPU)', () => {
  before(async () => { await init({ backend: 'cpu' }); });
  for (const [name, f, inputs] of cases) {
    it(`differentiates ${name}`, async () => {
      const r = await gradCheck(f, inputs);
      assert.ok(r.maxRelError < 2e-2, `max relative error ${r.maxRelError} at ${r.worst}`);
    });
  }

  it('accumulates gradients across backward calls until zeroed', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    await x.mul(x).sum().backward();
    await x.mul(x).sum().backward();
    assert.deepEqual(await x.grad!.toArray(), [4, 8, 12]);
    x.zeroGrad();
    await x.sum().backward();
    assert.deepEqual(await x.grad!.toArray(), [1, 1, 1]);
  });

  it('refuses backward on a non-scalar output with a clear message', async () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    await assert.rejects(() => x.mul(2).backward(), /scalar/);
  });

  it('reads values back as nested arrays', async () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(await t.transpose().toArray(), [[1, 4], [2, 5], [3, 6]]);
    assert.deepEqual(await t.sum(1).toArray(), [6, 15]);
    assert.deepEqual(await t.max(0).toArray(), [4, 5, 6]);
    assert.equal(await t.mean().item(), 3.5);
  });
});

describe('free functions', () => {
  it('where(cond, a, b) and concat(parts, axis) match the methods, with gradients', async () => {
    const { where, concat } = await import('../../src/engine');
    const a = tensor([1, -2, 3], { requiresGrad: true });
    const w = where(a.gt(0), a.mul(2), 0);
    assert.deepEqual(await w.toArray(), [2, 0, 6]);
    await concat([w, a], 0).sum().backward();
    assert.deepEqual(await a.grad!.toArray(), [3, 1, 3]);
  });
});
