// Feature normalisation, x' = (x - offset) / scale per feature. The statistics come from the
// training split only (using validation or test data to fit them would leak it into
// training), then the same offset and scale are applied to every split.
import type { Normalize } from '../netfile/spec';
import type { Dataset, Splits } from './dataset';

export type Normalization = Splits['normalization'];

/** `standard`: mean and population standard deviation; `minmax`: min and range; `none`:
 *  0 and 1. A constant feature gets scale 1 (not 0), so it maps to 0 instead of NaN. */
export function fitNormalization(kind: Normalize, train: Dataset): Normalization {
  const f = train.features;
  const offset = new Float32Array(f);
  const scale = new Float32Array(f).fill(1);
  if (kind === 'none' || train.n === 0) return { kind, offset, scale };
  const { x, n } = train;
  // Row-major passes (not column by column) so that wide inputs like MNIST stay cache-friendly.
  const a = new Float64Array(f);
  const b = new Float64Array(f);
  if (kind === 'standard') {
    for (let base = 0; base < n * f; base += f) for (let k = 0; k < f; k++) a[k] += x[base + k];
    for (let k = 0; k < f; k++) a[k] /= n;
    for (let base = 0; base < n * f; base += f) {
      for (let k = 0; k < f; k++) { const d = x[base + k] - a[k]; b[k] += d * d; }
    }
    for (let k = 0; k < f; k++) {
      const std = Math.sqrt(b[k] / n);
      offset[k] = a[k];
      scale[k] = std > 1e-8 * Math.max(1, Math.abs(a[k])) ? std : 1;
    }
  } else {
    a.fill(Infinity);
    b.fill(-Infinity);
    for (let base = 0; base < n * f; base += f) {
      for (let k = 0; k < f; k++) { const v = x[base + k]; if (v < a[k]) a[k] = v; if (v > b[k]) b[k] = v; }
    }
    for (let k = 0; k < f; k++) { offset[k] = a[k]; scale[k] = b[k] > a[k] ? b[k] - a[k] : 1; }
  }
  return { kind, offset, scale };
}

/** Applies `norm` to `d.x` in place. */
export function applyNormalization(d: Dataset, norm: Normalization): void {
  if (norm.kind === 'none') return;
  const f = d.features;
  const { x } = d;
  for (let base = 0; base < x.length; base += f) {
    for (let k = 0; k < f; k++) x[base + k] = (x[base + k] - norm.offset[k]) / norm.scale[k];
  }
}
