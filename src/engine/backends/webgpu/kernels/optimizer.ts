// The optimizer update for many parameters per dispatch. Each dispatch binds as many slots
// as the storage-buffer limit allows (4 buffers per Adam slot: 4 slots with lavapipe's 16,
// 2 with the spec's default 8) and covers their concatenated index range; an invocation
// finds its slot by comparing with the slot end offsets from the uniform. One pipeline per
// optimizer kind and slot count; learning rate and bias corrections come in the uniform.
// A stack of K models with one weight decay each (the studies' weight-decay sweep) uses
// pipelines of its own: the K values in one more storage buffer, and per slot the elements
// per model in the uniform; the scalar path's pipelines and bindings stay as they were.
import type { OptimizerHyper, OptimizerSlot } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { f, grid, packParams, paramDecl, ro, u, WG, type Param } from '../wgsl';

const PER_SLOT = { sgd: 2, momentum: 3, adam: 4 } as const;
const NAMES = ['w', 'g', 's', 'v'];

// Same rules as the CPU reference: L2 weight decay added to the gradient;
// momentum s = mu s + g, w -= lr s; Adam with bias-corrected moments.
function update(kind: OptimizerHyper['kind'], k: number, perModel: boolean): string {
  const [w, g, s, v] = NAMES.map((nm) => `${nm}${k}[j]`);
  // Per model: element j of slot k belongs to model j / (its size / K).
  const grad = `let gr = ${g} + ${perModel ? `wds[j / p.m${k}]` : 'p.wd'} * ${w};`;
  if (kind === 'sgd') return `${grad}\n    ${w} = ${w} - p.lr * gr;`;
  if (kind === 'momentum') return `${grad}\n    let nv = p.mu * ${s} + gr;\n    ${s} = nv;\n    ${w} = ${w} - p.lr * nv;`;
  return `${grad}
    let m = p.b1 * ${s} + (1.0 - p.b1) * gr;
    let q = p.b2 * ${v} + (1.0 - p.b2) * gr * gr;
    ${s} = m;
    ${v} = q;
    ${w} = ${w} - (p.lr * (m / p.bc1)) / (sqrt(q / p.bc2) + p.eps);`;
}

function source(kind: OptimizerHyper['kind'], slots: number, params: Param[], perModel: boolean): string {
  const per = PER_SLOT[kind];
  const L: string[] = [];
  for (let k = 0; k < slots; k++) {
    for (let b = 0; b < per; b++) {
      L.push(`@group(0) @binding(${k * per + b}) var<storage, read_write> ${NAMES[b]}${k}: array<f32>;`);
    }
  }
  if (perModel) L.push(ro(slots * per, 'wds'));
  L.push(paramDecl(params, slots * per + (perModel ? 1 : 0)));
  L.push(`@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${WG}u;`);
  for (let k = 0; k < slots; k++) {
    const start = k === 0 ? '0u' : `p.e${k - 1}`;
    L.push(`  ${k ? 'else ' : ''}if (i < p.e${k}) {\n    let j = i - ${start};\n    ${update(kind, k, perModel)}\n  }`);
  }
  L.push('}');
  return L.join('\n');
}

export function optimizerStep(rt: GpuRuntime, slots: readonly OptimizerSlot[], h: OptimizerHyper): void {
  const per = PER_SLOT[h.kind];
  const wd = h.weightDecay;
  const perModel = typeof wd !== 'number';
  // The per-model values take one storage binding of the limit.
  const perDispatch = Math.max(1, Math.floor((rt.limits.maxStorageBuffersPerShaderStage - (perModel ? 1 : 0)) / per));
  const hyper = [
    f('lr', h.learningRate), f('mu', h.momentum), f('b1', h.beta1), f('b2', h.beta2), f('eps', h.epsilon),
    f('wd', perModel ? 0 : wd), f('bc1', 1 - Math.pow(h.beta1, h.step)), f('bc2', 1 - Math.pow(h.beta2, h.step)),
  ];
  const live = slots.filter((s) => s.size > 0);
  if (perModel && live.some((s) => s.size % wd.length !== 0)) throw new Error(`optimizerStep: a slot's size is not a multiple of ${wd.length} models`);
  const wds = perModel ? rt.upload(Float32Array.from(wd)) : null;
  try {
    for (let at = 0; at < live.length; at += perDispatch) {
      const group = live.slice(at, at + perDispatch);
      let end = 0;
      const params = [...hyper, ...group.map((s, k) => u(`e${k}`, (end += s.size)))];
      if (perModel) params.push(...group.map((s, k) => u(`m${k}`, s.size / wd.length)));
      const key = `opt:${h.kind}:${group.length}${perModel ? ':per-model' : ''}`;
      const kernel = rt.pipeline(key, () => source(h.kind, group.length, params, perModel));
      const bufs: GPUBuffer[] = [];
      for (const s of group) {
        for (const hd of [s.param, s.grad, s.state1, s.state2].slice(0, per)) bufs.push((hd as GpuTensor).buf);
      }
      if (wds) bufs.push(wds.buf);
      rt.dispatch(kernel, bufs, grid(end), packParams(params));
    }
  } finally {
    // Released while its dispatches are only recorded: the pool hands it out for an upload
    // only after the next submit (pool.ts), so nothing overwrites it before they run.
    if (wds) rt.release(wds);
  }
}
