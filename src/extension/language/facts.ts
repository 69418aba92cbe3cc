// What can be known about a network file's data without loading it: input features and
// training samples of the built-in sets (cheap: from the file alone), else from the last
// run's start event. Used by the code lens and the layer hover.
import type { NetworkSpec } from '../../engine/netfile/spec';
import type { StartEvent } from '../../engine/train/events';

const FIXED_FEATURES: Record<string, number> = { iris: 4, mnist: 784, moons: 2, circles: 2, spiral: 2, xor: 2, poly: 1 };
const FIXED_SAMPLES: Record<string, number> = { iris: 150, mnist: 10_000 };
/** Generators' default `samples` (src/engine/data/options.ts). */
const DEFAULT_SAMPLES: Record<string, number> = { poly: 5 };
const GENERATED = new Set(['blobs', 'moons', 'circles', 'spiral', 'xor', 'classification', 'poly']);

export interface DataFacts {
  features?: number;
  trainSamples?: number;
  /** Validation samples (known whenever trainSamples is). */
  validationSamples?: number;
  /** Where the numbers come from, for the hover. */
  from: 'file' | 'last run' | 'unknown';
}

export function dataFacts(spec: NetworkSpec, last?: StartEvent): DataFacts {
  const d = spec.data;
  const opt = (k: string) => (typeof d.options[k] === 'number' ? (d.options[k] as number) : undefined);
  if (d.builtin) {
    const features = FIXED_FEATURES[d.source] ?? opt('features') ?? 2;
    let n = FIXED_SAMPLES[d.source] ?? (GENERATED.has(d.source) ? opt('samples') ?? DEFAULT_SAMPLES[d.source] ?? 300 : undefined);
    if (n === undefined) return { features, from: 'file' };
    if (d.limit !== undefined) n = Math.min(n, d.limit);
    const held = (f: number | string) => (typeof f === 'number' && f > 0 ? Math.max(1, Math.round(n! * f)) : 0);
    return { features, trainSamples: Math.max(0, n - held(d.validation) - held(d.test)), validationSamples: held(d.validation), from: 'file' };
  }
  if (last) return { features: last.features, trainSamples: last.samples.train, validationSamples: last.samples.validation, from: 'last run' };
  return { features: d.features?.length, from: d.features ? 'file' : 'unknown' };
}
