// The optimizer update for many parameters per dispatch. Each dispatch binds as many slots
// as the storage-buffer limit allows (4 buffers per Adam slot: 4 slots with lavapipe's 16)
// and covers their concatenated index range: slot boundaries are baked in, so an
// invocation picks its slot with a few compares. Hyperparameters that change per step
// (the bias corrections) come in a uniform, so the pipeline is built once per run.
import type { OptimizerHyper, OptimizerSlot } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { grid, WG } from '../wgsl';

const PER_SLOT = { sgd: 2, momentum: 3, adam: 4 } as const;
const NAMES = ['p', 'g', 's', 'v'];

// Same update rules as the CPU reference: L2 weight decay added to the gradient;
// momentum v = mu v + g, p -= lr v; Adam with bias-corrected moments.
function update(kind: OptimizerHyper['kind'], k: number, j: string): string {
  const [p, g, s, v] = NAMES.map((nm) => `${nm}${k}[${j}]`);
  const grad = `let gr = ${g} + h.wd * ${p};`;
  if (kind === 'sgd') return `${grad} ${p} = ${p} - h.lr * gr;`;
  if (kind === 'momentum') return `${grad} let nv = h.mu * ${s} + gr; ${s} = nv; ${p} = ${p} - h.lr * nv;`;
  return `${grad}
      let m = h.b1 * ${s} + (1.0 - h.b1) * gr;
      let q = h.b2 * ${v} + (1.0 - h.b2) * gr * gr;
      ${s} = m; ${v} = q;
      ${p} = ${p} - h.lr * (m / h.bc1) / (sqrt(q / h.bc2) + h.eps);`;
}

function source(kind: OptimizerHyper['kind'], sizes: readonly number[]): string {
  const per = PER_SLOT[kind];
  const L: string[] = [];
  sizes.forEach((_, k) => {
    for (let b = 0; b < per; b++) {
      L.push(`@group(0) @binding(${k * per + b}) var<storage, read_write> ${NAMES[b]}${k}: array<f32>;`);
    }
  });
  L.push(`struct H { lr: f32, mu: f32, b1: f32, b2: f32, eps: f32, wd: f32, bc1: f32, bc2: f32 }
@group(0) @binding(${sizes.length * per}) var<uniform> h: H;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;`);
  let start = 0;
  sizes.forEach((n, k) => {
    const end = start + n;
    L.push(`  ${k ? 'else ' : ''}if (i < ${end}u) {
    let j = i - ${start}u;
    { ${update(kind, k, 'j')} }
  }`);
    start = end;
  });
  L.push('}');
  return L.join('\n');
}

export function optimizerStep(rt: GpuRuntime, slots: readonly OptimizerSlot[], h: OptimizerHyper): void {
  const per = PER_SLOT[h.kind];
  const perDispatch = Math.max(1, Math.floor((rt.limits.maxStorageBuffersPerShaderStage) / per));
  const hyper = new Float32Array([
    h.learningRate, h.momentum, h.beta1, h.beta2, h.epsilon, h.weightDecay,
    1 - Math.pow(h.beta1, h.step), 1 - Math.pow(h.beta2, h.step),
  ]);
  const live = slots.filter((s) => s.size > 0);
  for (let at = 0; at < live.length; at += perDispatch) {
    const group = live.slice(at, at + perDispatch);
    const sizes = group.map((s) => s.size);
    const kernel = rt.pipeline(`opt:${h.kind}:${sizes}`, () => source(h.kind, sizes));
    const bufs: GPUBuffer[] = [];
    for (const s of group) {
      const all = [s.param, s.grad, s.state1, s.state2].slice(0, per);
      for (const hd of all) bufs.push((hd as GpuTensor).buf);
    }
    const total = sizes.reduce((a, b) => a + b, 0);
    rt.dispatch(kernel, bufs, grid(total), hyper);
  }
}
