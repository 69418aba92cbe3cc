// Fused softmax cross-entropy: the forward loss per row and the gradient of the mean loss,
// each one dispatch with one invocation per row (rows are short: the class count).
import type { TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { entry, f, grid, packParams, paramDecl, ro, rw, u, type Param } from '../wgsl';

const buf = (t: TensorRef): GPUBuffer => (t.handle as GpuTensor).buf;

/** Row max and sum of exp(x - max) over x[b .. b+c). */
const ROW_STATS = `  let b = i * p.c;
  var mx = x[b];
  for (var j = 1u; j < p.c; j++) { mx = max(mx, x[b + j]); }
  var se = 0.0;
  for (var j = 0u; j < p.c; j++) { se += exp(x[b + j] - mx); }`;

function run(rt: GpuRuntime, key: string, outN: number, rows: number, params: Param[], body: string,
  logits: TensorRef, targets: TensorRef): GpuTensor {
  const out = rt.output(outN);
  if (outN === 0) return out;
  const kernel = rt.pipeline(key, () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${ro(2, 't')}\n${paramDecl(params, 3)}
${entry()}
${ROW_STATS}
${body}
}`);
  rt.dispatch(kernel, [out.buf, buf(logits), buf(targets)], grid(rows), packParams(params));
  return out;
}

export function softmaxCrossEntropy(rt: GpuRuntime, logits: TensorRef, targets: TensorRef): GpuTensor {
  const [n, c] = [logits.shape[0]!, logits.shape[1]!];
  // -sum t (x - lse), skipping zero targets so that they never meet an infinite logit.
  return run(rt, 'sce', c ? n : 0, n, [u('n', n), u('c', c)], `  let lse = mx + log(se);
  var loss = 0.0;
  for (var j = 0u; j < p.c; j++) {
    let tj = t[b + j];
    if (tj != 0.0) { loss -= tj * (x[b + j] - lse); }
  }
  out[i] = loss;`, logits, targets);
}

export function softmaxCrossEntropyGrad(rt: GpuRuntime, logits: TensorRef, targets: TensorRef, scale: number): GpuTensor {
  const [n, c] = [logits.shape[0]!, logits.shape[1]!];
  // d/dx of -sum(t * logSoftmax(x)) = softmax(x) * sum(t) - t (targets need not sum to 1).
  return run(rt, 'sceGrad', n * c, n, [u('n', n), u('c', c), f('scale', scale)], `  var ts = 0.0;
  for (var j = 0u; j < p.c; j++) { ts += t[b + j]; }
  let k = ts / se;
  for (var j = 0u; j < p.c; j++) {
    out[b + j] = (exp(x[b + j] - mx) * k - t[b + j]) * p.scale;
  }`, logits, targets);
}
