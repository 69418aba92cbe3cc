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
