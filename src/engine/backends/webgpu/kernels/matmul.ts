// Batched matmul and the fused dense layer (matmul + bias + activation in the epilogue).
//
// Register tiling: a workgroup owns a TM x TN block of the output, each invocation RM x RN
// outputs held in registers, interleaved (row ty + i*WGY, column tx + j*WGX) so that
// neighbouring invocations touch neighbouring addresses. Three variants:
// - 'shared': K is walked in TK slices staged in workgroup memory (the classic GPU scheme);
// - 'direct': invocations read A and B straight from the storage buffers. On a software
//   adapter (lavapipe) workgroup memory is ordinary cached RAM and every barrier is a
//   coroutine switch, so skipping both is faster there (~2x, measured);
// - 'vec': 'direct' with B read as vec4 (B not transposed, N % 4 == 0). lavapipe turns each
//   per-invocation load into one scalar load per SIMD lane, so 4 values per load is ~15 %
//   faster, and vec4 accumulators compile in under 1 s instead of ~4 s.
// With TM = RM a workgroup's rows do not depend on the invocation, so lavapipe loads A
// once per workgroup (a uniform load) rather than once per lane.
// transA / transB only change the index expressions: no transposed copy is made.
// K = 0 works: the K loop runs zero times and the epilogue sees zeros.
import type { FusedActivation, Shape, TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { broadcastStrides, collapse, fields, modeOf, offsetFn, sizeOf, type Mode } from '../shapes';
import { packParams, paramDecl, ro, rw, u, type Param } from '../wgsl';
import { SIGMOID_FN } from './elementwise';
import { transpose } from './layout';

export interface MatmulConfig {
  variant: 'shared' | 'direct' | 'vec';
  TM: number; TN: number; RM: number; RN: number;
  /** K slice staged per barrier ('shared' only). */
  TK: number;
}

export const SHARED_CONFIG: MatmulConfig = { variant: 'shared', TM: 64, TN: 64, RM: 4, RN: 4, TK: 16 };
export const DIRECT_CONFIG: MatmulConfig = { variant: 'direct', TM: 8, TN: 64, RM: 8, RN: 8, TK: 0 };
export const VEC_CONFIG: MatmulConfig = { variant: 'vec', TM: 8, TN: 64, RM: 8, RN: 8, TK: 0 };

export interface MatmulProblem {
  M: number; N: number; K: number;
  transA: boolean; transB: boolean;
  batch: number;
  /** Collapsed broadcast batch dims and each operand's element strides over them. */
  batchDims: number[];
  aStrides: number[];
  bStrides: number[];
  bias: boolean;
  /** Stacked models: each batch entry has its own bias row (offset batch · N). */
  biasPerBatch?: boolean;
  act: FusedActivation;
}

const ACT: Record<FusedActivation, (v: string) => string> = {
  none: (v) => v,
  relu: (v) => `max(${v}, 0.0)`,
  tanh: (v) => `tanh(clamp(${v}, -15.0, 15.0))`,
  sigmoid: (v) => `sigmoid(${v})`,
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Index of the bias value for output column `col` (a row of its own per stacked model). */
function biasAt(p: MatmulProblem, col: string): string {
  return p.biasPerBatch ? `wid.z * p.N + ${col}` : col;
}

function modes(p: MatmulProblem): [Mode, Mode] {
  // 'c' would mean "offset = z", which is wrong here: batch offsets are always strided.
  const m = (s: number[]) => (modeOf(p.batchDims, s) === 'z' ? 'z' : 'g') as Mode;
  return [m(p.aStrides), m(p.bStrides)];
}

function paramsOf(p: MatmulProblem): Param[] {
  return [
    u('M', p.M), u('N', p.N), u('K', p.K),
    ...fields('bd', p.batchDims), ...fields('as', p.aStrides), ...fields('bs', p.bStrides),
  ];
}

export function matmulSource(p: MatmulProblem, c: MatmulConfig): string {
  const { TM, TN, RM, RN } = c;
  const WGX = TN / RN;
  const WGY = TM / RM;
  const aAt = (m: string, k: string) => (p.transA ? `a[ab + (${k}) * p.M + (${m})]` : `a[ab + (${m}) * p.K + (${k})]`);
  const bAt = (k: string, n: string) => (p.transB ? `b[bb + (${n}) * p.K + (${k})]` : `b[bb + (${k}) * p.N + (${n})]`);
  const I = range(RM);
  const J = range(RN);
  const [am, bm] = modes(p);
  const L: string[] = [];
  L.push(rw(0, 'out'), ro(1, 'a'));
  L.push(c.variant === 'vec' ? '@group(0) @binding(2) var<storage, read> b4: array<vec4<f32>>;' : ro(2, 'b'));
  if (p.bias) L.push(ro(3, 'bias'));
  L.push(paramDecl(paramsOf(p), p.bias ? 4 : 3));
  if (p.act === 'sigmoid') L.push(SIGMOID_FN);
  L.push(offsetFn('aBatch', p.batchDims.length, am, 'bd', 'as'), offsetFn('bBatch', p.batchDims.length, bm, 'bd', 'bs'));
  if (c.variant === 'shared') {
    L.push(`var<workgroup> As: array<f32, ${c.TK * TM}>;`, `var<workgroup> Bs: array<f32, ${c.TK * TN}>;`);
  }
  L.push(`@compute @workgroup_size(${WGX}, ${WGY})
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let tx = lid.x;
  let ty = lid.y;
  let row0 = wid.y * ${TM}u + ty;
  let col0 = wid.x * ${TN}u + tx;
  let ab = aBatch(wid.z);
  let bb = bBatch(wid.z);
  let ob = wid.z * p.M * p.N;`);
  if (c.variant === 'vec') {
    // B row-major with N % 4 == 0: each invocation owns RN/4 groups of 4 adjacent columns,
    // loaded as one vec4 each; the accumulators are vec4 too.
    const Q = range(RN / 4);
    for (const i of I) for (const q of Q) L.push(`  var c${i}_${q} = vec4<f32>(0.0);`);
    for (const i of I) L.push(`  let r${i} = min(row0 + ${i * WGY}u, p.M - 1u);`);
    for (const q of Q) L.push(`  let g${q} = min(wid.x * ${TN}u + ${q * WGX * 4}u + tx * 4u, p.N - 4u);`);
    L.push('  for (var k = 0u; k < p.K; k++) {');
    for (const i of I) L.push(`    let a${i} = vec4<f32>(${aAt(`r${i}`, 'k')});`);
    for (const q of Q) L.push(`    let b${q} = b4[(bb + k * p.N + g${q}) / 4u];`);
    for (const i of I) for (const q of Q) L.push(`    c${i}_${q} = fma(a${i}, b${q}, c${i}_${q});`);
    L.push('  }');
    for (const i of I) {
      for (const q of Q) {
        for (let e = 0; e < 4; e++) {
          const row = `row0 + ${i * WGY}u`;
          const col = `wid.x * ${TN}u + ${q * WGX * 4 + e}u + tx * 4u`;
          const v = p.bias ? `c${i}_${q}[${e}] + bias[${biasAt(p, col)}]` : `c${i}_${q}[${e}]`;
          L.push(`  if (${row} < p.M && ${col} < p.N) { out[ob + (${row}) * p.N + ${col}] = ${ACT[p.act](v)}; }`);
        }
      }
    }
    L.push('}');
    return L.join('\n');
  }
  for (const i of I) for (const j of J) L.push(`  var c${i}_${j} = 0.0;`);
  if (c.variant === 'direct') {
    // Rows/columns past the edge read a clamped (valid) address; their results are dropped.
    for (const i of I) L.push(`  let r${i} = min(row0 + ${i * WGY}u, p.M - 1u);`);
    for (const j of J) L.push(`  let n${j} = min(col0 + ${j * WGX}u, p.N - 1u);`);
    L.push('  for (var k = 0u; k < p.K; k++) {');
    for (const i of I) L.push(`    let a${i} = ${aAt(`r${i}`, 'k')};`);
    for (const j of J) L.push(`    let b${j} = ${bAt('k', `n${j}`)};`);
    for (const i of I) for (const j of J) L.push(`    c${i}_${j} = fma(a${i}, b${j}, c${i}_${j});`);
    L.push('  }');
  } else {
    const TK = c.TK;
    const threads = WGX * WGY;
    L.push(`  let tid = ty * ${WGX}u + tx;`);
    L.push(`  for (var k0 = 0u; k0 < p.K; k0 += ${TK}u) {`);
    // Stage A[row-block, k0..k0+TK] as As[k][m] and B[k0.., col-block] as Bs[k][n].
    for (let l = 0; l < (TM * TK) / threads; l++) {
      const e = `(tid + ${l * threads}u)`;
      const [m, k] = p.transA ? [`${e} % ${TM}u`, `${e} / ${TM}u`] : [`${e} / ${TK}u`, `${e} % ${TK}u`];
      L.push(`    { let gm = wid.y * ${TM}u + ${m}; let gk = k0 + ${k};
      As[(${k}) * ${TM}u + ${m}] = select(0.0, ${aAt('min(gm, p.M - 1u)', 'min(gk, p.K - 1u)')}, gm < p.M && gk < p.K); }`);
    }
    for (let l = 0; l < (TN * TK) / threads; l++) {
      const e = `(tid + ${l * threads}u)`;
      const [k, n] = p.transB ? [`${e} % ${TK}u`, `${e} / ${TK}u`] : [`${e} / ${TN}u`, `${e} % ${TN}u`];
      L.push(`    { let gn = wid.x * ${TN}u + ${n}; let gk = k0 + ${k};
      Bs[(${k}) * ${TN}u + ${n}] = select(0.0, ${bAt('min(gk, p.K - 1u)', 'min(gn, p.N - 1u)')}, gn < p.N && gk < p.K); }`);
    }
    L.push('    workgroupBarrier();');
    L.push(`    for (var k = 0u; k < ${TK}u; k++) {`);
    for (const i of I) L.push(`      let a${i} = As[k * ${TM}u + ty + ${i * WGY}u];`);
    for (const j of J) L.push(`      let b${j} = Bs[k * ${TN}u + tx + ${j * WGX}u];`);
    for (const i of I) for (const j of J) L.push(`      c${i}_${j} = fma(a${i}, b${j}, c${i}_${j});`);
    L.push('    }', '    workgroupBarrier();', '  }');
  }
  // Epilogue: bias, activation, guarded store.
  for (const i of I) {
    for (const j of J) {
      const row = `row0 + ${i * WGY}u`;
      const col = `col0 + ${j * WGX}u`;
      const v = p.bias ? `c${i}_${j} + bias[${biasAt(p, col)}]` : `c${i}_${j}`;
      L.push(`  if (${row} < p.M && ${col} < p.N) { out[ob + (${row}) * p.N + ${col}] = ${ACT[p.act](v)}; }`);
    }
  }
  L.push('}');
  return L.join('\n');
}

/** Tiny products (gradient checks, bias-sized layers) use a kernel that compiles in ~0.1 s. */
export const SMALL_CONFIG: MatmulConfig = { variant: 'direct', TM: 2, TN: 16, RM: 2, RN: 2, TK: 0 };

export function chooseConfig(rt: GpuRuntime, p: MatmulProblem): MatmulConfig {
  if (p.M * p.N * p.K * p.batch < 1 << 15) return SMALL_CONFIG;
  if (!rt.gpu.software) return SHARED_CONFIG;
  return !p.transB && p.N % 4 === 0 ? VEC_CONFIG : DIRECT_CONFIG;
}

function run(rt: GpuRuntime, p: MatmulProblem, inputs: GPUBuffer[], config?: MatmulConfig): GpuTensor {
  const out = rt.output(p.batch * p.M * p.N);
  if (out.n === 0) return out;
  if (p.batch > 65535) throw new Error(`webgpu matmul: batch ${p.batch} exceeds 65535`);
  let c = config ?? chooseConfig(rt, p);
  if (c.variant === 'vec' && (p.transB || p.N % 4 !== 0)) c = DIRECT_CONFIG;
  const [am, bm] = modes(p);
  const key = `mm:${c.variant}${c.TM}x${c.TN}/${c.RM}x${c.RN}/${c.TK}:${p.transA},${p.transB}:${p.batchDims.length}${am}${bm}:${p.bias}${p.biasPerBatch ? 'b' : ''}:${p.act}`;
  const kernel = rt.pipeline(key, () => matmulSource(p, c));
  const groups: [number, number, number] = [Math.ceil(p.N / c.TN), Math.ceil(p.M / c.TM), p.batch];
  if (groups[0] > 65535 || groups[1] > 65535) throw new Error(`webgpu matmul: ${p.M}x${p.N} needs more than 65535 workgroups per axis`);
  rt.dispatch(kernel, [out.buf, ...inputs], groups, packParams(paramsOf(p)));
  return out;
}

export function matmul(
  rt: GpuRuntime, a: TensorRef, b: TensorRef, transA: boolean, transB: boolean, outShape: Shape,
  config?: MatmulConfig,
): GpuTensor {
  const r = outShape.length;
  const M = outShape[r - 2]!;
  const N = outShape[r - 1]!;
  const K = transA ? a.shape[a.shape.length - 2]! : a.shape[a.shape.length - 1]!;
  // On a software adapter a transposed B is read with a lane stride of K floats, ~3x slower
  // than the vec4 kernel: for big products, transposing B first (one cheap dispatch) wins.
  if (transB && !config && rt.gpu.software && N % 4 === 0 && M * N * K >= 1 << 20) {
    const rank = b.shape.length;
    const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
    const bt = transpose(rt, b, perm);
    const out = matmul(rt, a, { handle: bt, shape: perm.map((d) => b.shape[d]!) }, transA, false, outShape);
    rt.release(bt);
    return out;
  }
  const outBatch = outShape.slice(0, r - 2);
  const aStr = broadcastStrides(a.shape.slice(0, -2), outBatch).map((s) => s * M * K);
  const bStr = broadcastStrides(b.shape.slice(0, -2), outBatch).map((s) => s * K * N);
  const { dims, strides } = collapse(outBatch, [aStr, bStr]);
  const p: MatmulProblem = {
    M, N, K, transA, transB, batch: sizeOf(outBatch), batchDims: dims, aStrides: strides[0]!, bStrides: strides[1]!,
    bias: false, act: 'none',
  };
  return run(rt, p, [(a.handle as GpuTensor).buf, (b.handle as GpuTensor).buf], config);
}

export function linear(
  rt: GpuRuntime, x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation, config?: MatmulConfig,
): GpuTensor {
  if (w.shape.length === 3) return stackedLinear(rt, x, w, bias, act, config);
  const p: MatmulProblem = {
    M: x.shape[0]!, N: w.shape[1]!, K: x.shape[1]!, transA: false, transB: false, batch: 1,
    batchDims: [], aStrides: [], bStrides: [], bias: bias !== null, act,
  };
  const bufs = [(x.handle as GpuTensor).buf, (w.handle as GpuTensor).buf];
  if (bias) bufs.push((bias.handle as GpuTensor).buf);
  return run(rt, p, bufs, config);
}

/** Stacked dense layers (several models trained together): one dispatch for all of them, the
 *  batch index picking each model's weights and bias row; a 2-D x is shared by every model. */
function stackedLinear(
  rt: GpuRuntime, x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation, config?: MatmulConfig,
): GpuTensor {
  const [B, K, N] = w.shape as [number, number, number];
  const M = x.shape[x.shape.length - 2]!;
  const p: MatmulProblem = {
    M, N, K, transA: false, transB: false, batch: B, batchDims: B > 1 ? [B] : [],
    aStrides: B > 1 ? [x.shape.length === 2 ? 0 : M * K] : [], bStrides: B > 1 ? [K * N] : [],
    bias: bias !== null, biasPerBatch: bias !== null && bias.shape.length === 3 && B > 1, act,
  };
  const bufs = [(x.handle as GpuTensor).buf, (w.handle as GpuTensor).buf];
  if (bias) bufs.push((bias.handle as GpuTensor).buf);
  return run(rt, p, bufs, config);
}
