// The WASM SIMD products (matmul in all four transpose combinations, batched with
// broadcasting, the fused dense layer plain and stacked) against the JavaScript reference
// kernels, on shapes with odd, non-multiple-of-4 and 1-sized dimensions and across the
// kernel's block edges (MR 4, NR 8, KC 256, MC 64). Both sum in fp32 in different orders, so
// they agree within the rounding bound of a k-term dot product: 2(k+1)·2⁻²⁴·Σ|a||b|.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FusedActivation, Shape } from '../../src/engine/backends/backend';
import { createCpuBackend } from '../../src/engine/backends/cpu';

const wasm = createCpuBackend();
const js = createCpuBackend({ kernels: 'js' });

function rand(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}
const sizeOf = (s: Shape) => s.reduce((a, b) => a * b, 1);
const ref = (data: Float32Array, shape: Shape, be = wasm) => ({ handle: be.upload(data), shape });

/** Asserts |got - want| within the dot-product bound, `abs` holding Σ|a||b| per element. */
function within(got: Float32Array, want: Float32Array, abs: Float32Array, k: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const u = 2 ** -24;
  for (let i = 0; i < got.length; i++) {
    const bound = 2 * (k + 1) * u * abs[i] + 1e-30;
    if (!(Math.abs(got[i] - want[i]) <= bound)) assert.fail(`${what}: element ${i}: wasm ${got[i]}, js ${want[i]} (bound ${bound})`);
  }
}

/** Product on both backends, plus Σ|a||b| from the reference on |a|, |b|. */
function both(a: Float32Array, as: Shape, b: Float32Array, bs: Shape, ta: boolean, tb: boolean, os: Shape) {
  const got = wasm.readSync(wasm.matmul(ref(a, as), ref(b, bs), ta, tb, os));
  const want = js.readSync(js.matmul(ref(a, as, js), ref(b, bs, js), ta, tb, os));
  const abs = js.readSync(js.matmul(ref(a.map(Math.abs), as, js), ref(b.map(Math.abs), bs, js), ta, tb, os));
  return { got, want, abs };
}

describe('WASM SIMD matmul matches the JavaScript reference', () => {
  it('loads the built module (npm run build)', () => {
    assert.ok(wasm.wasm, wasm.adapter);
    assert.match(wasm.adapter, /^CPU \(WebAssembly SIMD, \d+ threads?\)$/);
  });

  const dims: [number, number, number][] = [
    [1, 1, 1], [1, 5, 1], [3, 1, 7], [1, 300, 9], [5, 7, 3], [4, 8, 8], [13, 17, 19],
    [64, 256, 8], [65, 257, 9], [67, 600, 33], [130, 33, 1], [2, 3, 2100],
  ];
  for (const [m, k, n] of dims) {
    it(`${m}x${k} @ ${k}x${n}, all transposes`, () => {
      for (const ta of [false, true]) for (const tb of [false, true]) {
        const a = rand(m * k, m * 31 + k), b = rand(k * n, n * 17 + k);
        const { got, want, abs } = both(a, ta ? [k, m] : [m, k], b, tb ? [n, k] : [k, n], ta, tb, [m, n]);
        within(got, want, abs, k, `transA ${ta} transB ${tb}`);
      }
    });
  }

  it('an inner dimension of 0 gives zeros, also over stale memory', () => {
    wasm.matmul(ref(rand(36, 1), [6, 6]), ref(rand(36, 2), [6, 6]), false, false, [6, 6]);
    const out = wasm.readSync(wasm.matmul(ref(new Float32Array(0), [6, 0]), ref(new Float32Array(0), [0, 6]), false, false, [6, 6]));
    assert.deepEqual([...out], new Array(36).fill(0));
  });

  it('batched products broadcast leading axes', () => {
    const cases: [Shape, Shape, Shape][] = [
      [[3, 5, 7], [3, 7, 2], [3, 5, 2]],
      [[2, 1, 4, 9], [3, 9, 5], [2, 3, 4, 5]],
      [[6, 13], [4, 13, 3], [4, 6, 3]],
    ];
    for (const [as, bs, os] of cases) {
      const k = as[as.length - 1];
      const { got, want, abs } = both(rand(sizeOf(as), 3), as, rand(sizeOf(bs), 4), bs, false, false, os);
      within(got, want, abs, k, `[${as}] @ [${bs}]`);
    }
  });

  it('is deterministic: the same product twice is bit-identical, and a row does not depend on the others', () => {
    const a = rand(70 * 300, 5), b = rand(300 * 45, 6);
    const first = wasm.readSync(wasm.matmul(ref(a, [70, 300]), ref(b, [300, 45]), false, false, [70, 45]));
    const again = wasm.readSync(wasm.matmul(ref(a, [70, 300]), ref(b, [300, 45]), false, false, [70, 45]));
    assert.deepEqual(again, first);
    // Row 66 alone (a 1-row product, another tile position) sums in the same order.
    const row = wasm.readSync(wasm.matmul(ref(a.slice(66 * 300, 67 * 300), [1, 300]), ref(b, [300, 45]), false, false, [1, 45]));
    assert.deepEqual(row, first.slice(66 * 45, 67 * 45));
  });
});

describe('WASM matmul on worker threads', () => {
  it('splits a large product over threads with results bit-identical to one thread, all transposes', () => {
    // 1.5M multiply-adds per product is below the threshold; 200·200·130 = 5.2M is above it.
    const one = createCpuBackend({ threads: 1 });
    for (const threads of [2, 3]) {
      const many = createCpuBackend({ threads });
      assert.equal(many.threads, threads);
      for (const [m, k, n] of [[200, 200, 130], [37, 1100, 131]]) {
        for (const ta of [false, true]) for (const tb of [false, true]) {
          const a = rand(m * k, 11), b = rand(k * n, 12);
          const as = ta ? [k, m] : [m, k], bs = tb ? [n, k] : [k, n];
          const want = one.readSync(one.matmul(ref(a, as, one), ref(b, bs, one), ta, tb, [m, n]));
          // Leave -C where the next product's C goes (the backends share the module's memory),
          // so a thread that skipped its columns would show.
          one.matmul(ref(a.map((v) => -v), as, one), ref(b, bs, one), ta, tb, [m, n]);
          const got = many.readSync(many.matmul(ref(a, as, many), ref(b, bs, many), ta, tb, [m, n]));
          assert.deepEqual(got, want, `${threads} threads, ${m}x${k}x${n} transA ${ta} transB ${tb}`);
          const ref64 = js.readSync(js.matmul(ref(a, as, js), ref(b, bs, js), ta, tb, [m, n]));
          const abs = js.readSync(js.matmul(ref(a.map(Math.abs), as, js), ref(b.map(Math.abs), bs, js), ta, tb, [m, n]));
          within(got, ref64, abs, k, `${threads} threads vs the reference`);
        }
      }
    }
  });
});

describe('WASM fused dense layer matches the JavaScript reference', () => {
  const acts: FusedActivation[] = ['none', 'relu', 'tanh', 'sigmoid'];
  it('plain: act(x @ w + b) for [n, k] x [k, m]', () => {
    for (const [n, k, m] of [[1, 1, 1], [7, 13, 5], [128, 784, 10], [33, 4, 16]]) {
      for (const act of acts) {
        const x = rand(n * k, n + k), w = rand(k * m, k + m), bias = rand(m, m);
        const got = wasm.readSync(wasm.linear(ref(x, [n, k]), ref(w, [k, m]), ref(bias, [m]), act));
        const want = js.readSync(js.linear(ref(x, [n, k], js), ref(w, [k, m], js), ref(bias, [m], js), act));
        // Activations are 1-Lipschitz here, so the product's bound holds after them.
        const abs = js.readSync(js.linear(ref(x.map(Math.abs), [n, k], js), ref(w.map(Math.abs), [k, m], js), ref(bias.map(Math.abs), [m], js), 'none'));
        within(got, want, abs, k + 1, `${n}x${k}x${m} ${act}`);
      }
    }
  });

  it('stacked: shared or per-model x, per-model bias', () => {
    const B = 3, n = 9, k = 11, m = 6;
    for (const xs of [[n, k], [B, n, k]] as Shape[]) {
      const x = rand(sizeOf(xs), 7), w = rand(B * k * m, 8), bias = rand(B * m, 9);
      const got = wasm.readSync(wasm.linear(ref(x, xs), ref(w, [B, k, m]), ref(bias, [B, 1, m]), 'tanh'));
      const want = js.readSync(js.linear(ref(x, xs, js), ref(w, [B, k, m], js), ref(bias, [B, 1, m], js), 'tanh'));
      const abs = js.readSync(js.linear(ref(x.map(Math.abs), xs, js), ref(w.map(Math.abs), [B, k, m], js), ref(bias.map(Math.abs), [B, 1, m], js), 'none'));
      within(got, want, abs, k + 1, `x [${xs}]`);
    }
  });
});
