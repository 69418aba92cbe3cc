// The CPU backend's WASM heap and one-pass SIMD kernels against the JavaScript reference:
// the optimizer steps (fp32 lanes against the reference's float64 expressions, so within a
// few fp32 roundings; bit-identical across thread counts and between a stack's model and the
// same model alone), ReLU's backward mask and the bias gradient's sum (bit-identical), on
// lengths that are odd, not multiples of 4, 1, and large enough to be split over threads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { OptimizerHyper, Shape } from '../../src/engine/backends/backend';
import { createCpuBackend, type CpuBackend } from '../../src/engine/backends/cpu';
import { classBytes, WasmHeap, type HeapMemory } from '../../src/engine/backends/cpu/wasm/heap';
import { kernelsPath, WasmKernels, type WasmModule } from '../../src/engine/backends/cpu/wasm/kernels';
import * as wm from '../../src/engine/backends/cpu/wasm/matmul';
import * as wp from '../../src/engine/backends/cpu/wasm/pointwise';
import { Sequential } from '../../src/engine/nn/model';
import { Optimizer } from '../../src/engine/nn/optimizer';
import { tidy, withBackend } from '../../src/engine/runtime';
import { tensor } from '../../src/engine/tensor';

// The project's lib has no DOM, where the WebAssembly JS-API types live.
const WA = (globalThis as unknown as { WebAssembly: {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => HeapMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
} }).WebAssembly;

const wasm = createCpuBackend();
const js = createCpuBackend({ kernels: 'js' });

function rand(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296 - 0.5) * scale;
  }
  return out;
}

const HYPER: Record<OptimizerHyper['kind'], OptimizerHyper> = {
  sgd: { kind: 'sgd', learningRate: 0.1, momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.01, step: 0 },
  momentum: { kind: 'momentum', learningRate: 0.05, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.001, step: 0 },
  adam: { kind: 'adam', learningRate: 0.01, momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0.0005, step: 0 },
};

/** Three steps of `kind` from the same start on `be`; the parameter and both states after. */
function steps(be: CpuBackend, kind: OptimizerHyper['kind'], size: number, weightDecay?: number[], plain = false): Float32Array[] {
  const put = (v: Float32Array) => (plain ? Float32Array.from(v) : be.upload(v));
  const w = put(rand(size, 1)), s1 = put(new Float32Array(size)), s2 = put(new Float32Array(size));
  for (let step = 1; step <= 3; step++) {
    const g = put(rand(size, 10 + step, 2));
    be.optimizerStep([{ param: w, grad: g, state1: s1, state2: s2, size }], { ...HYPER[kind], step, weightDecay: weightDecay ?? HYPER[kind].weightDecay });
  }
  return [w, s1, s2].map((h) => Float32Array.from(be.readSync(h)));
}

function close(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) {
    const tol = 4e-6 * Math.max(1, Math.abs(want[i]));
    if (!(Math.abs(got[i] - want[i]) <= tol)) assert.fail(`${what}: element ${i}: wasm ${got[i]}, js ${want[i]}`);
  }
}

describe('WASM optimizer steps', () => {
  for (const kind of ['sgd', 'momentum', 'adam'] as const) {
    it(`${kind} matches the reference on lengths 1, 3, 5, 8, 17 and 70,001 (threaded)`, () => {
      for (const size of [1, 3, 5, 8, 17, 70_001]) {
        const got = steps(wasm, kind, size), want = steps(js, kind, size);
        got.forEach((v, i) => close(v, want[i], `${kind} size ${size} ${['param', 'state1', 'state2'][i]}`));
      }
    });
  }

  it('is bit-identical on 1, 2 and 3 threads', () => {
    const one = createCpuBackend({ threads: 1 });
    for (const threads of [2, 3]) {
      const many = createCpuBackend({ threads });
      for (const kind of ['momentum', 'adam'] as const) {
        assert.deepEqual(steps(many, kind, 200_003), steps(one, kind, 200_003), `${kind}, ${threads} threads`);
      }
    }
  });

  it('gives each model of a stack exactly what it gets alone, with its own weight decay', () => {
    const decays = [0, 0.01, 0.3];
    for (const size of [5, 70_000]) {
      const stacked = steps(wasm, 'adam', size * 3, decays);
      decays.forEach((wd, k) => {
        const alone = steps(wasm, 'adam', size * 3, [wd, wd, wd]);
        assert.deepEqual(stacked[0].subarray(k * size, (k + 1) * size), alone[0].subarray(k * size, (k + 1) * size), `model ${k}, size ${size}`);
      });
    }
  });

  it('updates buffers outside the heap in place (copied in and back)', () => {
    for (const kind of ['sgd', 'adam'] as const) {
      steps(wasm, kind, 33, undefined, true).forEach((v, i) => close(v, steps(js, kind, 33)[i], `${kind} plain arrays ${i}`));
    }
  });
});

describe('WASM where and bias-gradient sums', () => {
  const bits = (h: unknown) => new Uint32Array(Float32Array.from(h as Float32Array).buffer);
  it('where with full-size and one-value operands is bit-identical to the reference, NaN included', () => {
    for (const n of [1, 3, 4, 9, 1031]) {
      const c = rand(n, n).map((v, i) => (i % 3 === 0 ? 0 : i % 7 === 0 ? NaN : v));
      const a = rand(n, 2 * n), b = rand(n, 3 * n);
      for (const [cs, as, bs] of [[n, n, 1], [n, 1, n], [n, n, n], [1, n, n], [n, 1, 1]]) {
        const args = (be: CpuBackend) => [
          { handle: be.upload(c.subarray(0, cs)), shape: [cs] as Shape },
          { handle: be.upload(a.subarray(0, as)), shape: [as] as Shape },
          { handle: be.upload(b.subarray(0, bs)), shape: [bs] as Shape },
        ] as const;
        const got = wasm.readSync(wasm.where(...args(wasm), [n]));
        const want = js.readSync(js.where(...args(js), [n]));
        assert.deepEqual(bits(got), bits(want), `n ${n}, shapes ${cs} ${as} ${bs}`);
      }
    }
  });

  it('the sum over a matrix\'s rows is bit-identical to the reference', () => {
    for (const [rows, cols] of [[1, 1], [3, 5], [128, 17], [7, 33], [64, 512], [2, 3]]) {
      const x = rand(rows * cols, rows + cols, 10);
      const got = wasm.readSync(wasm.reduce('sum', { handle: wasm.upload(x), shape: [rows, cols] }, [0]));
      const want = js.readSync(js.reduce('sum', { handle: js.upload(x), shape: [rows, cols] }, [0]));
      assert.deepEqual(bits(got), bits(want), `${rows}x${cols}`);
    }
  });
});

describe('WASM binary ops and row gathers', () => {
  const bits = (h: unknown) => new Uint32Array(Float32Array.from(h as Float32Array).buffer);
  // NaN, ±0 and ±Infinity mixed in, so max/min's comparisons and the IEEE corner cases are exercised.
  const special = (n: number, seed: number) => rand(n, seed, 4).map((v, i) => [NaN, -0, 0, Infinity, -Infinity][i % 11] ?? v);

  for (const op of ['add', 'sub', 'mul', 'div', 'max', 'min'] as const) {
    it(`${op} is bit-identical to the reference: same shape, one value either side, a repeated row`, () => {
      for (const [rows, cols] of [[1, 1], [3, 5], [4, 8], [17, 33], [128, 10]]) {
        const n = rows * cols;
        const a = special(n, n + 1), b = special(n, n + 2);
        const cases: [Shape, Shape][] = [
          [[rows, cols], [rows, cols]], [[rows, cols], [1]], [[1], [rows, cols]], [[rows, cols], [cols]], [[rows, cols], [1, cols]], [[rows, cols], []],
        ];
        for (const [as, bs] of cases) {
          const run = (be: CpuBackend) => be.readSync(be.binary(op,
            { handle: be.upload(a.subarray(0, as.reduce((x, y) => x * y, 1))), shape: as },
            { handle: be.upload(b.subarray(0, bs.reduce((x, y) => x * y, 1))), shape: bs }, [rows, cols]));
          assert.deepEqual(bits(run(wasm)), bits(run(js)), `${op} [${as}] with [${bs}] into [${rows}, ${cols}]`);
        }
      }
    });
  }

  it('gathers rows like the reference, including an index that is not a row', () => {
    const a = rand(50 * 7, 3);
    for (const idx of [[0], [49, 0, 3, 3], Array.from({ length: 40 }, (_, i) => (i * 13) % 50), [2, 60, 1]]) {
      const run = (be: CpuBackend) => be.readSync(be.gatherRows({ handle: be.upload(a), shape: [50, 7] }, { handle: be.upload(Float32Array.from(idx)), shape: [idx.length] }));
      assert.deepEqual(bits(run(wasm)), bits(run(js)), `rows ${idx}`);
    }
  });
});

describe('WASM softmax cross-entropy', () => {
  // The module's exp and log (float64, musl's) are not V8's, so a value may differ in its
  // last fp32 bit or two; the arithmetic around them is the reference's.
  it('matches the reference, loss and gradient, on one-hot and soft targets with large logits', () => {
    for (const [rows, cols] of [[1, 1], [1, 2], [5, 3], [128, 10], [7, 33]]) {
      const z = rand(rows * cols, rows * cols, 60);
      const hard = Float32Array.from({ length: rows * cols }, (_, i) => (i % cols === (i / cols | 0) % cols ? 1 : 0));
      const soft = rand(rows * cols, 7).map((v) => Math.abs(v));
      for (const [name, t] of [['one-hot', hard], ['soft', soft]] as const) {
        const run = (be: CpuBackend) => {
          const zr = { handle: be.upload(z), shape: [rows, cols] as Shape }, tr = { handle: be.upload(t), shape: [rows, cols] as Shape };
          return [be.readSync(be.softmaxCrossEntropy(zr, tr)), be.readSync(be.softmaxCrossEntropyGrad(zr, tr, 1 / rows))];
        };
        const [gotLoss, gotGrad] = run(wasm), [wantLoss, wantGrad] = run(js);
        close(gotLoss, wantLoss, `loss ${rows}x${cols} ${name}`);
        close(gotGrad, wantGrad, `gradient ${rows}x${cols} ${name}`);
      }
    }
  });
});

describe('The WASM heap', () => {
  const memory = () => new WA.Memory({ initial: 1, maximum: 1024, shared: true });

  it('sizes blocks in classes that waste at most 12.5 %', () => {
    for (const n of [1, 3, 4, 5, 1000, 1025, 4097, 100_000, 1_000_001]) {
      const bytes = classBytes(n);
      assert.ok(bytes >= n * 4 && bytes % 16 === 0, `${n}: ${bytes}`);
      assert.ok(bytes <= Math.max(16, n * 4 * 1.125 + 16), `${n}: ${bytes} wastes too much`);
    }
  });

  it('reuses released blocks, ignores a second release, and keeps old views valid when the memory grows', () => {
    const heap = new WasmHeap(memory(), 1024, 1 << 24);
    const a = heap.alloc(10)!;
    a.set(rand(10, 5));
    const before = Float32Array.from(a);
    const big = heap.alloc(300_000)!; // grows the memory past its first page
    big.fill(1);
    assert.deepEqual(Float32Array.from(a), before, 'a view made before the growth still reads its values');
    heap.release(big);
    heap.release(big);
    const again = heap.alloc(299_000)!, other = heap.alloc(299_000)!;
    assert.equal(again.byteOffset, big.byteOffset, 'the same class comes back from the free list');
    assert.notEqual(other.byteOffset, again.byteOffset, 'a block released twice is handed out once');
    assert.equal(heap.owns(new Float32Array(4)), false);
  });

  it('says null past its cap; kernels then return ordinary arrays with the same values', () => {
    const heap = new WasmHeap(memory(), 1024, 4096);
    assert.ok(heap.alloc(1000));
    assert.equal(heap.alloc(1000), null);
    assert.ok(heap.alloc(1000, true), 'a temporary may go past the cap');

    const full = new WasmKernels(new WA.Module(readFileSync(kernelsPath()!)), 0);
    const a = rand(6 * 5, 3), b = rand(5 * 9, 4), bias = rand(9, 5);
    const product = wm.matmul(full, 2, a, [6, 5], b, [5, 9], false, false, [6, 9]);
    assert.equal(full.heap.owns(product), false);
    assert.deepEqual(product, wm.matmul(wasm.wasm!, 1, a, [6, 5], b, [5, 9], false, false, [6, 9]));
    const dense = wm.linear(full, 2, a, [6, 5], b, [5, 9], bias, 'relu');
    assert.deepEqual(dense, wm.linear(wasm.wasm!, 1, a, [6, 5], b, [5, 9], bias, 'relu'));
    const sums = wp.sumRows(full, a, 6, 5);
    assert.deepEqual(sums, wp.sumRows(wasm.wasm!, a, 6, 5));
    // A block the temporaries gave back may hold a later result; nothing else stays taken.
    const held = [product, dense, sums].filter((r) => full.heap.owns(r)).reduce((s, r) => s + classBytes(r.length), 0);
    assert.equal(full.heap.liveBytes, held, 'the temporaries were given back');
  });

  it('keeps small blocks within their budget, large ones to the cap, and temporaries apart', () => {
    const heap = new WasmHeap(memory(), 1024, 1 << 24, { large: 65536, smallBudget: 16384 });
    const small: Float32Array[] = [];
    for (let v = heap.alloc(1000); v; v = heap.alloc(1000)) small.push(v);
    assert.equal(small.length, 4, 'four 4,000-byte blocks fit a 16 KiB budget');
    const large = heap.alloc(20_000)!;
    assert.ok(large, 'a large block is not held to the budget');
    assert.equal(heap.alloc(1000), null, 'nor does it make room for more small ones');
    heap.release(large);
    assert.equal(heap.alloc(1000), null, 'nor does freeing it');
    const temp = heap.alloc(1000, true)!;
    heap.release(temp);
    assert.equal(heap.alloc(1000), null, 'a temporary\'s block is not handed out as an ordinary one');
    assert.equal(heap.alloc(1000, true)!.byteOffset, temp.byteOffset, 'it comes back to the next temporary');
  });

  it('holds the JavaScript kernels\' results too, so a one-hot gathered every step is read in place', () => {
    const labels = wasm.upload(Float32Array.from({ length: 1000 }, (_, i) => i % 3));
    const oneHot = wasm.oneHot({ handle: labels, shape: [1000] }, 3) as Float32Array;
    assert.ok(wasm.wasm!.heap.owns(oneHot));
    assert.deepEqual(Array.from(oneHot.subarray(0, 6)), [1, 0, 0, 0, 1, 0]);
    const t = wasm.transpose({ handle: wasm.upload(rand(12, 1)), shape: [3, 4] }, [1, 0]) as Float32Array;
    assert.ok(wasm.wasm!.heap.owns(t));
  });

  it('training keeps the live heap flat: every step gives back what it took', () => {
    withBackend(wasm, () => {
      const model = new Sequential([
        { kind: 'dense', units: 32, activation: 'relu', path: 'model[0]' },
        { kind: 'dense', units: 3, activation: 'softmax', path: 'model[1]' },
      ], 4, 1);
      const opt = new Optimizer(model.parameters(), { type: 'adam', learningRate: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
      const x = tensor(rand(64 * 4, 9), { shape: [64, 4] });
      const y = tensor(Float32Array.from({ length: 64 * 3 }, (_, i) => (i % 3 === (i / 3 | 0) % 3 ? 1 : 0)), { shape: [64, 3] });
      const live: number[] = [];
      const losses: number[] = [];
      for (let s = 0; s < 30; s++) {
        const loss = tidy(() => {
          const out = model.forward(x, { training: true, logits: true });
          const l = out.logSoftmax().mul(y).sum().neg().div(64);
          for (const p of model.parameters()) p.zeroGrad();
          l.backward();
          opt.update();
          return wasm.readSync(l.handle)[0];
        });
        losses.push(loss);
        live.push(wasm.wasm!.heap.liveBytes);
      }
      assert.equal(live[29], live[5], `live heap bytes by step: ${live.join(' ')}`);
      assert.ok(losses[29] < losses[0], `the loss fell: ${losses[0]} → ${losses[29]}`);
    });
  });
});
