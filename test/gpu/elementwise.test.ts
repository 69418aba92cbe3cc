// Elementwise ops on WebGPU against the CPU reference: every unary and binary op, leaky
// relu, where and broadcastTo, with broadcasting and odd sizes.
import { describe, it } from 'node:test';
import type { BinaryOp, Shape, UnaryOp } from '../../src/engine/backends/backend';
import { cpu, gpuBackend, randPair, same, type Tol } from './helpers';

// Arithmetic is exact up to an ulp or two; transcendental functions get the WGSL error bounds.
const ARITH: Tol = { rtol: 1e-6, atol: 0 };
const TRANS: Tol = { rtol: 2e-6, atol: 1e-6 };

const UNARY: [UnaryOp, Tol, number, number][] = [
  ['neg', ARITH, -3, 3], ['exp', TRANS, -10, 10], ['log', TRANS, 0.01, 50], ['tanh', TRANS, -20, 20],
  ['sqrt', TRANS, 0, 100], ['abs', ARITH, -3, 3], ['sign', ARITH, -3, 3], ['relu', ARITH, -3, 3],
  ['step', ARITH, -3, 3], ['sigmoid', TRANS, -40, 40],
];
const BINARY: [BinaryOp, Tol][] = [
  ['add', ARITH], ['sub', ARITH], ['mul', ARITH], ['div', ARITH], ['pow', { rtol: 1e-5, atol: 1e-6 }],
  ['max', ARITH], ['min', ARITH], ['gt', ARITH], ['ge', ARITH], ['eq', ARITH],
];
// [a, b, out]
const BROADCASTS: [Shape, Shape, Shape][] = [
  [[7], [7], [7]],
  [[], [], []],
  [[33, 65], [65], [33, 65]],
  [[33, 1], [1, 65], [33, 65]],
  [[1], [129], [129]],
  [[2, 3, 1, 5], [3, 4, 1], [2, 3, 4, 5]],
  [[4, 1, 7], [4, 6, 7], [4, 6, 7]],
  [[1, 1, 1], [2, 1, 3], [2, 1, 3]],
  [[2, 1, 2, 1, 2, 1], [1, 2, 1, 2, 1, 2], [2, 2, 2, 2, 2, 2]],
];

describe('webgpu elementwise ops match the CPU reference', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }

  for (const [op, tol, lo, hi] of UNARY) {
    it(`unary ${op} on 1, 7, 129 and 4099 values (rtol ${tol.rtol}, atol ${tol.atol})`, async () => {
      for (const n of [1, 7, 129, 4099]) {
        const x = randPair(g, [n], n + op.length, lo, hi);
        await same(g, g.unary(op, x.gpu), cpu.unary(op, x.cpu), tol, `${op}[${n}]`);
      }
    });
  }

  it('pow follows Math.pow for negative bases with integer exponents and x^0 = 1', async () => {
    const a = randPair(g, [6], 1);
    const data = new Float32Array([-2, -2, -1.5, 0, 3, -4]);
    const exps = new Float32Array([2, 3, 0, 0, 0.5, 1]);
    const x = { handle: g.upload(data), shape: [6] };
    const y = { handle: g.upload(exps), shape: [6] };
    const cx = { handle: cpu.upload(data), shape: [6] };
    const cy = { handle: cpu.upload(exps), shape: [6] };
    await same(g, g.binary('pow', x, y, [6]), cpu.binary('pow', cx, cy, [6]), { rtol: 1e-6, atol: 0 }, 'pow');
    g.dispose(a.gpu.handle);
  });

  it('leaky relu and its derivative', async () => {
    const x = randPair(g, [65], 3);
    for (const d of [false, true]) {
      await same(g, g.leakyRelu(x.gpu, 0.01, d), cpu.leakyRelu(x.cpu, 0.01, d), ARITH, `leakyRelu d=${d}`);
    }
  });

  for (const [op, tol] of BINARY) {
    it(`binary ${op} with numpy broadcasting`, async () => {
      for (const [i, [as, bs, os]] of BROADCASTS.entries()) {
        const lo = op === 'pow' ? 0.1 : -2;
        const a = randPair(g, as, 10 + i, lo, 2);
        const b = randPair(g, bs, 20 + i, op === 'div' ? 0.5 : -2, 2);
        // Make equal values appear so eq / ge are exercised on both branches.
        const h = g.binary(op, a.gpu, b.gpu, os);
        await same(g, h, cpu.binary(op, a.cpu, b.cpu, os), tol, `${op} ${JSON.stringify([as, bs])}`);
      }
    });
  }

  it('comparisons give 1 for equal values (eq, ge) and 0 for gt', async () => {
    const a = randPair(g, [33], 5);
    for (const op of ['eq', 'ge', 'gt'] as const) {
      await same(g, g.binary(op, a.gpu, a.gpu, [33]), cpu.binary(op, a.cpu, a.cpu, [33]), ARITH, op);
    }
  });

  it('where broadcasts all three operands', async () => {
    const c = randPair(g, [5, 1], 31);
    const cg = g.binary('gt', c.gpu, { handle: g.fill(1, 0), shape: [] }, [5, 1]);
    const cc = cpu.binary('gt', c.cpu, { handle: cpu.fill(1, 0), shape: [] }, [5, 1]);
    const a = randPair(g, [1, 7], 32);
    const b = randPair(g, [], 33);
    await same(g, g.where({ handle: cg, shape: [5, 1] }, a.gpu, b.gpu, [5, 7]),
      cpu.where({ handle: cc, shape: [5, 1] }, a.cpu, b.cpu, [5, 7]), ARITH, 'where');
  });

  it('broadcastTo repeats rows, columns and leading axes', async () => {
    for (const [s, o] of [[[7], [3, 7]], [[3, 1], [3, 65]], [[1, 2, 1], [4, 2, 3]], [[], [129]]] as [Shape, Shape][]) {
      const a = randPair(g, s, 40);
      await same(g, g.broadcastTo(a.gpu, o), cpu.broadcastTo(a.cpu, o), ARITH, `broadcastTo ${s} -> ${o}`);
    }
  });
});
