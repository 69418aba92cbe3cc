// AssemblyScript source of the one-pass kernels on f32x4 lanes: the optimizer steps, the
// dense layer's epilogue (bias + ReLU), ReLU's backward mask and the bias gradient's sum
// over the batch. Every element is computed independently (or, for the sum, in row order
// per column, as the JavaScript reference does), so any split across threads gives the same
// bits. Lengths need not be multiples of 4: a scalar loop finishes the tail.

@inline function ptr(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** Adam with L2 weight decay on `n` values from index 0 of each array (fp32, per element). */
export function adam(w: usize, g: usize, s1: usize, s2: usize, n: i32, lr: f32, b1: f32, b2: f32, eps: f32, bc1: f32, bc2: f32, wd: f32): void {
  const c1 = <f32>1 - b1, c2 = <f32>1 - b2;
  const vlr = f32x4.splat(lr), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const veps = f32x4.splat(eps), vbc1 = f32x4.splat(bc1), vbc2 = f32x4.splat(bc2), vwd = f32x4.splat(wd);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const pw = ptr(w, i), p1 = ptr(s1, i), p2 = ptr(s2, i);
    const wv = v128.load(pw);
    const gi = f32x4.add(v128.load(ptr(g, i)), f32x4.mul(vwd, wv));
    const m = f32x4.add(f32x4.mul(vb1, v128.load(p1)), f32x4.mul(vc1, gi));
    const v = f32x4.add(f32x4.mul(vb2, v128.load(p2)), f32x4.mul(f32x4.mul(vc2, gi), gi));
    v128.store(p1, m);
    v128.store(p2, v);
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(m, vbc1)), f32x4.add(f32x4.sqrt(f32x4.div(v, vbc2)), veps));
    v128.store(pw, f32x4.sub(wv, step));
  }
  for (; i < n; i++) {
    const pw = ptr(w, i), p1 = ptr(s1, i), p2 = ptr(s2, i);
    const wv = load<f32>(pw);
    const gi = load<f32>(ptr(g, i)) + wd * wv;
    const m = b1 * load<f32>(p1) + c1 * gi;
    const v = b2 * load<f32>(p2) + c2 * gi * gi;
    store<f32>(p1, m);
    store<f32>(p2, v);
    store<f32>(pw, wv - (lr * (m / bc1)) / (sqrt<f32>(v / bc2) + eps));
  }
}

/** SGD with momentum (mu > 0; `s1` the velocity) or plain (mu = 0, `s1` unused), L2 decay. */
export function sgd(w: usize, g: usize, s1: usize, n: i32, lr: f32, mu: f32, wd: f32): void {
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu), vwd = f32x4.splat(wd);
  const momentum = mu != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const pw = ptr(w, i);
    const wv = v128.load(pw);
    let d = f32x4.add(v128.load(ptr(g, i)), f32x4.mul(vwd, wv));
    if (momentum) {
      d = f32x4.add(f32x4.mul(vmu, v128.load(ptr(s1, i))), d);
      v128.store(ptr(s1, i), d);
    }
    v128.store(pw, f32x4.sub(wv, f32x4.mul(vlr, d)));
  }
  for (; i < n; i++) {
    const pw = ptr(w, i);
    const wv = load<f32>(pw);
    let d = load<f32>(ptr(g, i)) + wd * wv;
    if (momentum) {
      d = mu * load<f32>(ptr(s1, i)) + d;
      store<f32>(ptr(s1, i), d);
    }
    store<f32>(pw, wv - lr * d);
  }
}

/** out[r, j] = act(out[r, j] + bias[j]) for rows × cols (bias 0 = none; relu 1 = ReLU). */
export function biasAct(out: usize, bias: usize, rows: i32, cols: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const row = ptr(out, r * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      let v = f32x4.add(v128.load(ptr(row, j)), bias ? v128.load(ptr(bias, j)) : zero);
      // v > 0 ? v : 0, as the reference writes it (NaN becomes 0 there too).
      if (relu) v = v128.and(v, f32x4.gt(v, zero));
      v128.store(ptr(row, j), v);
    }
    for (; j < cols; j++) {
      let v = load<f32>(ptr(row, j)) + (bias ? load<f32>(ptr(bias, j)) : 0);
      if (relu) v = v > 0 ? v : 0;
      store<f32>(ptr(row, j), v);
    }
  }
}

/**
 * out[i] = c[i] != 0 ? a[i] : b[i] over n values, where an operand whose `…One` flag is set
 * is a single value used for every i (ReLU's mask is where(out, g, 0)).
 */
export function select(c: usize, a: usize, b: usize, out: usize, n: i32, cOne: bool, aOne: bool, bOne: bool): void {
  const zero = f32x4.splat(0);
  const cs = v128.load32_splat(c), as = v128.load32_splat(a), bs = v128.load32_splat(b);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const cv = cOne ? cs : v128.load(ptr(c, i));
    const av = aOne ? as : v128.load(ptr(a, i));
    const bv = bOne ? bs : v128.load(ptr(b, i));
    // Lanes where c == 0 (both zeros) take b; NaN != 0, so a NaN condition takes a, as in JavaScript.
    v128.store(ptr(out, i), v128.bitselect(bv, av, f32x4.eq(cv, zero)));
  }
  for (; i < n; i++) {
    const cv = load<f32>(cOne ? c : ptr(c, i));
    store<f32>(ptr(out, i), cv != 0 ? load<f32>(aOne ? a : ptr(a, i)) : load<f32>(bOne ? b : ptr(b, i)));
  }
}

/** out[j] = sum over r of x[r, j] for rows × cols, in row order (the bias gradient). */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32): void {
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (let r = 0; r < rows; r++) {
      const p = ptr(x, r * cols + j);
      a0 = f32x4.add(a0, v128.load(p)); a1 = f32x4.add(a1, v128.load(p, 16));
      a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
    }
    const o = ptr(out, j);
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  for (; j + 4 <= cols; j += 4) {
    let a = f32x4.splat(0);
    for (let r = 0; r < rows; r++) a = f32x4.add(a, v128.load(ptr(x, r * cols + j)));
    v128.store(ptr(out, j), a);
  }
  for (; j < cols; j++) {
    let a: f32 = 0;
    for (let r = 0; r < rows; r++) a += load<f32>(ptr(x, r * cols + j));
    store<f32>(ptr(out, j), a);
  }
}

/** out[r] = a[idx[r]] for `count` rows of `cols` values (the indices are floats, as tensors hold them). */
export function gatherRows(a: usize, idx: usize, out: usize, count: i32, cols: i32): void {
  const bytes = <usize>cols << 2;
  for (let r = 0; r < count; r++) {
    const row = <i32>load<f32>(ptr(idx, r));
    memory.copy(out + <usize>r * bytes, a + <usize>row * bytes, bytes);
  }
}

// Binary ops by code, in the order of BINARY_CODES in ../pointwise.ts.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5;

@inline function binaryLanes(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  // x >= y ? x : y and x <= y ? x : y, as the reference writes them (a NaN comparison takes y).
  if (op == MAX) return v128.bitselect(x, y, f32x4.ge(x, y));
  return v128.bitselect(x, y, f32x4.le(x, y));
}

@inline function binaryOne(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == MAX) return x >= y ? x : y;
  return x <= y ? x : y;
}

/**
 * out[r, j] = a op b for rows × cols, where b is [rows, cols] (bRow 0) or one row [cols]
 * repeated (bRow 1), and either operand may be one value (aOne / bOne). Covers same-shape,
 * scalar and bias-like broadcasts; the general ones stay in JavaScript.
 */
export function binary(op: i32, a: usize, b: usize, out: usize, rows: i32, cols: i32, aOne: bool, bOne: bool, bRow: bool): void {
  const as = v128.load32_splat(a), bs = v128.load32_splat(b);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const ar = aOne ? a : ptr(a, base);
    const br = bOne ? b : bRow ? b : ptr(b, base);
    const or = ptr(out, base);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const x = aOne ? as : v128.load(ptr(ar, j));
      const y = bOne ? bs : v128.load(ptr(br, j));
      v128.store(ptr(or, j), binaryLanes(op, x, y));
    }
    for (; j < cols; j++) {
      const x = aOne ? load<f32>(a) : load<f32>(ptr(ar, j));
      const y = bOne ? load<f32>(b) : load<f32>(ptr(br, j));
      store<f32>(ptr(or, j), binaryOne(op, x, y));
    }
  }
}

/** log(sum(exp(row))) of one row of z, its max subtracted first (float64, as the reference). */
function rowLogSumExp(z: usize, cols: i32): f64 {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, <f64>load<f32>(ptr(z, j)));
  let s: f64 = 0;
  for (let j = 0; j < cols; j++) s += Math.exp(<f64>load<f32>(ptr(z, j)) - m);
  return m + Math.log(s);
}

/**
 * Softmax cross-entropy of rows × cols logits z against targets t: per row
 * -sum(t * logSoftmax(z)) into `loss` when `grad` is 0, else the gradient
 * (softmax(z) * sum(t) - t) * scale into `grad`. Scalar float64 per value, the reference's
 * arithmetic; in the module only so the logits and targets are read where they are.
 */
export function softmaxCrossEntropy(z: usize, t: usize, loss: usize, grad: usize, rows: i32, cols: i32, scale: f64): void {
  for (let r = 0; r < rows; r++) {
    const zr = ptr(z, r * cols), tr = ptr(t, r * cols);
    const lse = rowLogSumExp(zr, cols);
    if (!grad) {
      let l: f64 = 0;
      for (let j = 0; j < cols; j++) {
        const tj = <f64>load<f32>(ptr(tr, j));
        if (tj != 0) l -= tj * (<f64>load<f32>(ptr(zr, j)) - lse);
      }
      store<f32>(ptr(loss, r), <f32>l);
      continue;
    }
    let tSum: f64 = 0;
    for (let j = 0; j < cols; j++) tSum += <f64>load<f32>(ptr(tr, j));
    const gr = ptr(grad, r * cols);
    for (let j = 0; j < cols; j++) {
      store<f32>(ptr(gr, j), <f32>((Math.exp(<f64>load<f32>(ptr(zr, j)) - lse) * tSum - <f64>load<f32>(ptr(tr, j))) * scale));
    }
  }
}
