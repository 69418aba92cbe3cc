// Central finite differences for any scalar function of tensors, used to check autograd.
import { tensor, type Tensor } from '../../src/engine';

export interface GradCheckResult { maxAbsError: number; maxRelError: number; worst: string }

/**
 * Compare autograd's gradient of `f(...inputs)` with central differences. Inputs are given
 * as flat values + shapes; `eps` is the step. Returns the largest errors found.
 */
export async function gradCheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: { values: number[]; shape: number[] }[],
  eps = 1e-2,
): Promise<GradCheckResult> {
  const xs = inputs.map((i) => tensor(Float32Array.from(i.values), { shape: i.shape, requiresGrad: true }));
  const out = f(...xs);
  out.backward();
  let maxAbsError = 0, maxRelError = 0, worst = '';
  for (let k = 0; k < inputs.length; k++) {
    const analytic = xs[k].grad ? await xs[k].grad!.data() : new Float32Array(inputs[k].values.length);
    for (let i = 0; i < inputs[k].values.length; i++) {
      const at = (delta: number) => {
        const vals = inputs.map((inp, j) => {
          const v = Float32Array.from(inp.values);
          if (j === k) v[i] += delta;
          return tensor(v, { shape: inp.shape });
        });
        return f(...vals).data().then((d) => d[0]);
      };
      const numeric = ((await at(eps)) - (await at(-eps))) / (2 * eps);
      const abs = Math.abs(numeric - analytic[i]);
      const rel = abs / Math.max(1, Math.abs(numeric));
      if (rel > maxRelError) worst = `input ${k}[${i}]: autograd ${analytic[i]}, finite differences ${numeric}`;
      maxAbsError = Math.max(maxAbsError, abs);
      maxRelError = Math.max(maxRelError, rel);
    }
  }
  return { maxAbsError, maxRelError, worst };
}

/** Deterministic pseudo-random values in [lo, hi). */
export function values(n: number, seed: number, lo = -1, hi = 1): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return lo + ((s >>> 8) / 16777216) * (hi - lo);
  });
}
