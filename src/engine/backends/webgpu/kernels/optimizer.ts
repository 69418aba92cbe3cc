// The optimizer update for many parameters per dispatch. Each dispatch binds as many slots
// as the storage-buffer limit allows (4 buffers per Adam slot: 4 slots with lavapipe's 16,
// 2 with the spec's default 8) and covers their concatenated index range; an invocation
// finds its slot by comparing with the slot end offsets from the uniform. One pipeline per
// optimizer kind and slot count; learning rate and bias corrections come in the uniform.
import type { OptimizerHyper, OptimizerSlot } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { f, grid, packParams, paramDecl, u, WG, type Param } from '../wgsl';

const PER_SLOT = { sgd: 2, momentum: 3, adam: 4 } as const;
const NAMES = ['w', 'g', 's', 'v'];

// Same rules as the CPU reference: L2 weight decay added to the gradient;
// momentum s = mu s + g, w -= lr s; Adam with bias-corrected moments.
function update(kind: OptimizerHyper['kind'], k: number): string {
  const [w, g, s, v] = NAMES.map((nm) => `${nm}${k}[j]`);
  const grad = `let gr = ${g} + p.wd * ${w};`;
  if (kind === 'sgd') return `${grad}\n    ${w} = ${w} - p.lr * gr;`;
  if (kind === 'momentum') return `${grad}\n    let nv = p.mu * ${s} + gr;\n    ${s} = nv;\n    ${w} = ${w} - p.lr * nv;`;
  return `${grad}
    let m = p.b1 * ${s} + (1.0 - p.b1) * gr;
    let q = p.b2 * ${v} + (1.0 - p.b2) * gr * gr;
    ${s} = m;
    ${v} = q;
    ${w} = ${w} - (p.lr * (m / p.bc1)) / (sqrt(q / p.bc2) + p.eps);`;
}

function source(kind: OptimizerHyper['kind'], slots: number, params: Param[]): string {
  const per = PER_SLOT[kind];
  const L: string[] = [];
  for (let k = 0; k < slots; k++) {
    for (let b = 0; b < per; b++) {
      L.push(`@group(0) @binding(${k * per + b}) var<storage, read_write> ${NAMES[b]}${k}: array<f32>;`);
    }
  }
  L.push(paramDecl(params, slots * per));
  L.push(`@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;`);
  for (let k = 0; k < slots; k++) {
    const start = k === 0 ? '0u' : `p.e${k - 1}`;
    L.push(`  ${k ? 'else ' : ''}if (i < p.e${k}) {\n    let j = i - ${start};\n    ${update(kind, k)}\n  }`);
  }
  L.push('}');
  return L.join('\n');
}

export function optimizerStep(rt: GpuRuntime, slots: readonly OptimizerSlot[], h: OptimizerHyper): void {
  const per = PER_SLOT[h.kind];
  const perDispatch = Math.max(1, Math.floor(rt.limits.maxStorageBuffersPerShaderStage / per));
  const hyper = [
    f('lr', h.learningRate), f('mu', h.momentum), f('b1', h.beta1), f('b2', h.beta2), f('eps', h.epsilon),
    f('wd', h.weightDecay), f('bc1', 1 - Math.pow(h.beta1, h.step)), f('bc2', 1 - Math.pow(h.beta2, h.step)),
  ];
  const live = slots.filter((s) => s.size > 0);
  for (let at = 0; at < live.length; at += perDispatch) {
    const group = live.slice(at, at + perDispatch);
    let end = 0;
    const params = [...hyper, ...group.map((s, k) => u(`e${k}`, (end += s.size)))];
    const kernel = rt.pipeline(`opt:${h.kind}:${group.length}`, () => source(h.kind, group.length, params));
    const bufs: GPUBuffer[] = [];
    for (const s of group) {
      for (const hd of [s.param, s.grad, s.state1, s.state2].slice(0, per)) bufs.push((hd as GpuTensor).buf);
    }
    rt.dispatch(kernel, bufs, grid(end), packParams(params));
  }
}
