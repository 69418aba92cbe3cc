// Every primitive's gradient (and the composites built on them) against central finite
// differences on the CPU reference backend (the shared op cases), and backward's contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tensor } from '../../src/engine';
import { testOpCases } from '../helpers/op-cases';

describe('autograd against central finite differences (CPU)', () => {
  testOpCases('cpu');

  it('accumulates gradients across backward calls until zeroed', async () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    await x.mul(x).sum().backward(); // awaiting it, as README's example does, works too
    assert.deepEqual(await x.grad!.toArray(), [4, 8, 12]);
    x.zeroGrad();
    x.sum().backward();
    assert.deepEqual(await x.grad!.toArray(), [1, 1, 1]);
  });

  it('refuses backward on a non-scalar output with a clear message', async () => {
    const x = tensor([[1, 2]], { requiresGrad: true });
    assert.throws(() => x.mul(2).backward(), /scalar/);
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
    concat([w, a], 0).sum().backward();
    assert.deepEqual(await a.grad!.toArray(), [3, 1, 3]);
  });
});
