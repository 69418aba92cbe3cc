// Batched matmul and the fused dense layer (matmul + bias + activation in the epilogue).
//
// Register tiling: a workgroup owns a TM x TN block of the output, each invocation RM x RN
// outputs held in registers, interleaved (row ty + i*WGY, column tx + j*WGX) so that
// neighbouring invocations touch neighbouring addresses. Two variants:
// - 'shared': K is walked in TK slices staged in workgroup memory (the classic GPU scheme);
// - 'direct': invocations read A and B straight from the storage buffers. On a software
//   adapter (lavapipe) workgroup memory is ordinary cached RAM and every barrier is a
//   coroutine switch, so skipping both is faster there.
// transA / transB only change the index expressions: no transposed copy is made.
// K = 0 works: the K loop runs zero times and the epilogue sees zeros.
import type { FusedActivation, Shape, TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { broadcastStrides, collapse, offsetFn, sizeOf } from '../shapes';
import { ro, rw } from '../wgsl';
import { SIGMOID_FN } from './elementwise';

export interface MatmulConfig {
  variant: 'shared' | 'direct';
  TM: number; TN: number; RM: number; RN: number;
  /** K slice staged per barrier ('shared' only). */
  TK: number;
}

export const SHARED_CONFIG: MatmulConfig = { variant: 'shared', TM: 64, TN: 64, RM: 4, RN: 4, TK: 16 };
export const DIRECT_CONFIG: MatmulConfig = { variant: 'direct', TM: 32, TN: 32, RM: 4, RN: 4, TK: 0 };

export interface MatmulProblem {
  M: number; N: number; K: number;
  transA: boolean; transB: boolean;
  batch: number;
  /** WGSL functions aBatch(z), bBatch(z) giving each operand's base offset for batch z. */
  batchFns: string;
  batchKey: string;
  bias: boolean;
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

export function matmulSource(p: MatmulProblem, c: MatmulConfig): string {
  const { M, N, K, TM, TN, RM, RN } = { ...p, ...c };
  const WGX = TN / RN;
  const WGY = TM / RM;
  const aAt = (m: string, k: string) => (p.transA ? `a[ab + (${k}) * ${M}u + (${m})]` : `a[ab + (${m}) * ${K}u + (${k})]`);
  const bAt = (k: string, n: string) => (p.transB ? `b[bb + (${n}) * ${K}u + (${k})]` : `b[bb + (${k}) * ${N}u + (${n})]`);
  const I = range(RM);
  const J = range(RN);
  const L: string[] = [];
  L.push(rw(0, 'out'), ro(1, 'a'), ro(2, 'b'));
  if (p.bias) L.push(ro(3, 'bias'));
  if (p.act === 'sigmoid') L.push(SIGMOID_FN);
  L.push(p.batchFns);
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
  let ob = wid.z * ${M * N}u;`);
  for (const i of I) for (const j of J) L.push(`  var c${i}_${j} = 0.0;`);
  if (c.variant === 'direct') {
    // Rows/columns past the edge read a clamped (valid) address; their results are dropped.
    for (const i of I) L.push(`  let r${i} = min(row0 + ${i * WGY}u, ${Math.max(M - 1, 0)}u);`);
    for (const j of J) L.push(`  let n${j} = min(col0 + ${j * WGX}u, ${Math.max(N - 1, 0)}u);`);
    L.push(`  for (var k = 0u; k < ${K}u; k++) {`);
    for (const i of I) L.push(`    let a${i} = ${aAt(`r${i}`, 'k')};`);
    for (const j of J) L.push(`    let b${j} = ${bAt('k', `n${j}`)};`);
    for (const i of I) for (const j of J) L.push(`    c${i}_${j} = fma(a${i}, b${j}, c${i}_${j});`);
    L.push('  }');
  } else {
    const TK = c.TK;
    const threads = WGX * WGY;
    L.push(`  let tid = ty * ${WGX}u + tx;`);
    L.push(`  for (var k0 = 0u; k0 < ${K}u; k0 += ${TK}u) {`);
    // Stage A[row-block, k0..k0+TK] as As[k][m] and B[k0.., col-block] as Bs[k][n].
    for (let l = 0; l < (TM * TK) / threads; l++) {
      const e = `(tid + ${l * threads}u)`;
      const [m, k] = p.transA ? [`${e} % ${TM}u`, `${e} / ${TM}u`] : [`${e} / ${TK}u`, `${e} % ${TK}u`];
      L.push(`    { let m = ${m}; let k = ${k}; let gm = wid.y * ${TM}u + m; let gk = k0 + k;
      As[k * ${TM}u + m] = select(0.0, ${aAt(`min(gm, ${Math.max(M - 1, 0)}u)`, `min(gk, ${Math.max(K - 1, 0)}u)`)}, gm < ${M}u && gk < ${K}u); }`);
    }
    for (let l = 0; l < (TN * TK) / threads; l++) {
      const e = `(tid + ${l * threads}u)`;
      const [k, n] = p.transB ? [`${e} % ${TK}u`, `${e} / ${TK}u`] : [`${e} / ${TN}u`, `${e} % ${TN}u`];
      L.push(`    { let k = ${k}; let n = ${n}; let gn = wid.x * ${TN}u + n; let gk = k0 + k;
      Bs[k * ${TN}u + n] = select(0.0, ${bAt(`min(gk, ${Math.max(K - 1, 0)}u)`, `min(gn, ${Math.max(N - 1, 0)}u)`)}, gn < ${N}u && gk < ${K}u); }`);
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
      const v = p.bias ? `c${i}_${j} + bias[${col}]` : `c${i}_${j}`;
      const guard = [M % TM ? `${row} < ${M}u` : '', N % TN ? `${col} < ${N}u` : ''].filter(Boolean).join(' && ');
      const store = `out[ob + (${row}) * ${N}u + ${col}] = ${ACT[p.act](v)};`;
      L.push(guard ? `  if (${guard}) { ${store} }` : `  ${store}`);
    }
  }
  L.push('}');
  return L.join('\n');
}

export function chooseConfig(rt: GpuRuntime): MatmulConfig {
  return rt.gpu.software ? DIRECT_CONFIG : SHARED_CONFIG;
}

function run(rt: GpuRuntime, p: MatmulProblem, inputs: GPUBuffer[], config?: MatmulConfig): GpuTensor {
  const out = rt.output(p.batch * p.M * p.N);
  if (out.n === 0) return out;
  if (p.batch > 65535) throw new Error(`webgpu matmul: batch ${p.batch} exceeds 65535`);
  const c = config ?? chooseConfig(rt);
  const key = `mm:${c.variant}${c.TM}x${c.TN}/${c.RM}x${c.RN}/${c.TK}:${p.M},${p.N},${p.K}:${p.transA},${p.transB}:${p.batchKey}:${p.bias}:${p.act}`;
  const kernel = rt.pipeline(key, () => matmulSource(p, c));
  rt.dispatch(kernel, [out.buf, ...inputs], [Math.ceil(p.N / c.TN), Math.ceil(p.M / c.TM), p.batch]);
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
  const outBatch = outShape.slice(0, r - 2);
  const batch = sizeOf(outBatch);
  const aStr = broadcastStrides(a.shape.slice(0, -2), outBatch).map((s) => s * M * K);
  const bStr = broadcastStrides(b.shape.slice(0, -2), outBatch).map((s) => s * K * N);
  const { dims, strides } = collapse(outBatch, [aStr, bStr]);
  const batchFns = `${offsetFn('aBatch', dims, strides[0]!)}\n${offsetFn('bBatch', dims, strides[1]!)}`;
  const p: MatmulProblem = {
    M, N, K, transA, transB, batch, batchFns, batchKey: `${dims}/${strides[0]}/${strides[1]}`, bias: false, act: 'none',
  };
  return run(rt, p, [(a.handle as GpuTensor).buf, (b.handle as GpuTensor).buf], config);
}

export function linear(rt: GpuRuntime, x: TensorRef, w: TensorRef, bias: TensorRef | null, act: FusedActivation): GpuTensor {
  const p: MatmulProblem = {
    M: x.shape[0]!, N: w.shape[1]!, K: x.shape[1]!, transA: false, transB: false, batch: 1,
    batchFns: 'fn aBatch(z: u32) -> u32 { return 0u; }\nfn bBatch(z: u32) -> u32 { return 0u; }',
    batchKey: '-', bias: bias !== null, act,
  };
  const bufs = [(x.handle as GpuTensor).buf, (w.handle as GpuTensor).buf];
  if (bias) bufs.push((bias.handle as GpuTensor).buf);
  return run(rt, p, bufs);
}
