// Fused softmax cross-entropy: the forward loss per row and the gradient of the mean loss,
// each one dispatch with one invocation per row (rows are short: the class count).
import type { TensorRef } from '../../backend';
import type { GpuRuntime, GpuTensor } from '../runtime';
import { entry, f32Lit, grid, ro, rw } from '../wgsl';

const buf = (t: TensorRef): GPUBuffer => (t.handle as GpuTensor).buf;

/** Row max and log-sum-exp of x[b .. b+c), shared by both kernels. */
function rowStats(c: number): string {
  return `  let b = i * ${c}u;
  var mx = x[b];
  for (var j = 1u; j < ${c}u; j++) { mx = max(mx, x[b + j]); }
  var se = 0.0;
  for (var j = 0u; j < ${c}u; j++) { se += exp(x[b + j] - mx); }`;
}

export function softmaxCrossEntropy(rt: GpuRuntime, logits: TensorRef, targets: TensorRef): GpuTensor {
  const [n, c] = [logits.shape[0]!, logits.shape[1]!];
  const out = rt.output(n);
  if (n === 0 || c === 0) return out;
  // -sum t * (x - mx - log se), written so that a zero target never meets an infinite logit.
  const kernel = rt.pipeline(`sce:${n}:${c}`, () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${ro(2, 't')}
${entry(n)}
${rowStats(c)}
  let lse = mx + log(se);
  var loss = 0.0;
  for (var j = 0u; j < ${c}u; j++) {
    let tj = t[b + j];
    if (tj != 0.0) { loss -= tj * (x[b + j] - lse); }
  }
  out[i] = loss;
}`);
  rt.dispatch(kernel, [out.buf, buf(logits), buf(targets)], grid(n));
  return out;
}

export function softmaxCrossEntropyGrad(rt: GpuRuntime, logits: TensorRef, targets: TensorRef, scale: number): GpuTensor {
  const [n, c] = [logits.shape[0]!, logits.shape[1]!];
  const out = rt.output(n * c);
  if (n === 0 || c === 0) return out;
  const kernel = rt.pipeline(`sceGrad:${n}:${c}:${scale}`, () => `${rw(0, 'out')}\n${ro(1, 'x')}\n${ro(2, 't')}
${entry(n)}
${rowStats(c)}
  // d/dx of -sum(t * logSoftmax(x)) = softmax(x) * sum(t) - t (targets need not sum to 1).
  var ts = 0.0;
  for (var j = 0u; j < ${c}u; j++) { ts += t[b + j]; }
  let k = ${f32Lit(scale)} * ts / se;
  for (var j = 0u; j < ${c}u; j++) {
    out[b + j] = exp(x[b + j] - mx) * k - t[b + j] * ${f32Lit(scale)};
  }
}`);
  rt.dispatch(kernel, [out.buf, buf(logits), buf(targets)], grid(n));
  return out;
}
