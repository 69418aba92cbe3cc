// AssemblyScript source of the WASM SIMD matmul: C[m,n] = op(A) op(B), fp32, BLIS-style.
// Operands are packed block by block into panels the 4×8 micro-kernel streams through
// (A: MR rows interleaved per k, B: NR columns per k), so one kernel serves all four
// transpose combinations and every load in the hot loop is sequential.
// Summation order per C element: k ascending within a KC block, blocks added in order; it
// depends only on k, never on how the m × n range is split, so results are deterministic
// for any split across threads.

const MR = 4;
const NR = 8;
const KC = 256;  // one B micro-panel (KC × NR × 4 B = 8 KiB) stays in L1
const MC = 64;   // one packed A block (MC × KC × 4 B = 64 KiB) stays in L2
const NC = 2048; // one packed B block, up to 2 MiB

/** Bytes of scratch one gemm call needs for its packed blocks (A, B, the edge tile). */
export function scratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) << 2;
}

export function heapBase(): usize {
  return __heap_base;
}

@inline function at(p: usize, index: i32): f32 {
  return load<f32>(p + (<usize>index << 2));
}

/** Rows i0..i0+mc, columns p0..p0+kc of op(A) into MR-row panels, zero past the edge. */
function packA(a: usize, m: i32, k: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let out = dst + (<usize>(ir * kc) << 2);
    const i = i0 + ir;
    if (rows == MR && transA) {
      // op(A)(i, q) = a[q * m + i]: the MR values of one k are adjacent.
      for (let q = p0; q < p0 + kc; q++) {
        v128.store(out, v128.load(a + (<usize>(q * m + i) << 2)));
        out += MR << 2;
      }
    } else if (rows == MR) {
      const r0 = a + (<usize>(i * k) << 2), r1 = r0 + (<usize>k << 2), r2 = r1 + (<usize>k << 2), r3 = r2 + (<usize>k << 2);
      for (let q = p0; q < p0 + kc; q++) {
        const o = <usize>q << 2;
        store<f32>(out, load<f32>(r0 + o));
        store<f32>(out, load<f32>(r1 + o), 4);
        store<f32>(out, load<f32>(r2 + o), 8);
        store<f32>(out, load<f32>(r3 + o), 12);
        out += MR << 2;
      }
    } else {
      for (let q = p0; q < p0 + kc; q++) {
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? (transA ? at(a, q * m + i + r) : at(a, (i + r) * k + q)) : 0;
          store<f32>(out + (<usize>r << 2), v);
        }
        out += MR << 2;
      }
    }
  }
}

/** Rows p0..p0+kc, columns j0..j0+nc of op(B) into NR-column panels, zero past the edge. */
function packB(b: usize, k: i32, n: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let out = dst + (<usize>(jr * kc) << 2);
    const j = j0 + jr;
    if (cols == NR && !transB) {
      for (let q = p0; q < p0 + kc; q++) {
        const src = b + (<usize>(q * n + j) << 2);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        out += NR << 2;
      }
    } else {
      for (let q = p0; q < p0 + kc; q++) {
        for (let c = 0; c < NR; c++) {
          const v: f32 = c < cols ? (transB ? at(b, (j + c) * k + q) : at(b, q * n + j + c)) : 0;
          store<f32>(out + (<usize>c << 2), v);
        }
        out += NR << 2;
      }
    }
  }
}

@inline function addOrSet(dst: usize, v: v128, first: bool): void {
  v128.store(dst, first ? v : f32x4.add(v128.load(dst), v));
}

/** The MR×NR micro-kernel: 8 accumulators of 4 lanes over kc steps, then into C. */
function kernel(ap: usize, bp: usize, kc: i32, c: usize, n: i32, rows: i32, cols: i32, first: bool, edge: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap), a1 = v128.load32_splat(ap, 4);
    const a2 = v128.load32_splat(ap, 8), a3 = v128.load32_splat(ap, 12);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    ap += MR << 2;
    bp += NR << 2;
  }
  const ldc = <usize>n << 2;
  if (rows == MR && cols == NR) {
    addOrSet(c, c00, first); addOrSet(c + 16, c01, first); c += ldc;
    addOrSet(c, c10, first); addOrSet(c + 16, c11, first); c += ldc;
    addOrSet(c, c20, first); addOrSet(c + 16, c21, first); c += ldc;
    addOrSet(c, c30, first); addOrSet(c + 16, c31, first);
    return;
  }
  // A partial tile: spill to the edge buffer, copy the part inside C.
  v128.store(edge, c00); v128.store(edge, c01, 16); v128.store(edge, c10, 32); v128.store(edge, c11, 48);
  v128.store(edge, c20, 64); v128.store(edge, c21, 80); v128.store(edge, c30, 96); v128.store(edge, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + <usize>r * ldc + (<usize>j << 2);
      const v = at(edge, r * NR + j);
      store<f32>(dst, first ? v : load<f32>(dst) + v);
    }
  }
}

/**
 * C[i, j] for i in [0, m), j in [j0, j1) of C = op(A) op(B): A is [m, k] ([k, m] when
 * transA), B is [k, n] ([n, k] when transB), C is [m, n]; all row-major at byte addresses.
 * `scratch` holds scratchBytes(). With k = 0, C's range is set to zero.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool, j0: i32, j1: i32, scratch: usize): void {
  if (k == 0) {
    for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * n + j0) << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  const pa = scratch, pb = pa + (<usize>(MC * KC) << 2), edge = pb + (<usize>(KC * NC) << 2);
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, k, n, transB, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, m, k, transA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const bp = pb + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const cp = c + (<usize>((ic + ir) * n + jc + jr) << 2);
            kernel(pa + (<usize>(ir * kc) << 2), bp, kc, cp, n, min(MR, mc - ir), min(NR, nc - jr), pc == 0, edge);
          }
        }
      }
    }
  }
}

/**
 * The bench's single-core SIMD peak: `iters` rounds of 12 f32x4 multiply-then-add updates,
 * each accumulator adding a product of another's previous value (so, as in the matmul
 * kernel, a chain waits only on its add and 12 are in flight; 96 flops a round). Returns a
 * lane sum so the work cannot be optimised away.
 */
export function peak(iters: i32, x: f32): f32 {
  const m = f32x4.splat(x);
  let a0 = f32x4.splat(0), a1 = f32x4.splat(1), a2 = f32x4.splat(2), a3 = f32x4.splat(3);
  let a4 = f32x4.splat(4), a5 = f32x4.splat(5), a6 = f32x4.splat(6), a7 = f32x4.splat(7);
  let a8 = f32x4.splat(8), a9 = f32x4.splat(9), a10 = f32x4.splat(10), a11 = f32x4.splat(11);
  for (let i = 0; i < iters; i++) {
    const p0 = f32x4.mul(a11, m), p1 = f32x4.mul(a0, m), p2 = f32x4.mul(a1, m), p3 = f32x4.mul(a2, m);
    const p4 = f32x4.mul(a3, m), p5 = f32x4.mul(a4, m), p6 = f32x4.mul(a5, m), p7 = f32x4.mul(a6, m);
    const p8 = f32x4.mul(a7, m), p9 = f32x4.mul(a8, m), p10 = f32x4.mul(a9, m), p11 = f32x4.mul(a10, m);
    a0 = f32x4.add(a0, p0); a1 = f32x4.add(a1, p1); a2 = f32x4.add(a2, p2); a3 = f32x4.add(a3, p3);
    a4 = f32x4.add(a4, p4); a5 = f32x4.add(a5, p5); a6 = f32x4.add(a6, p6); a7 = f32x4.add(a7, p7);
    a8 = f32x4.add(a8, p8); a9 = f32x4.add(a9, p9); a10 = f32x4.add(a10, p10); a11 = f32x4.add(a11, p11);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  const t = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1) + f32x4.extract_lane(t, 2) + f32x4.extract_lane(t, 3);
}
