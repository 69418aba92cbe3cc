// Random and range constructors for code networks (torch.randn / rand / linspace / arange).
// One seeded stream for the library, so `manualSeed(1)` makes a script repeatable.
import { Rng } from '../data/rng';
import { tensor, type Tensor } from '../tensor';

let rng = new Rng(0, 7);

/** Reseed the library's random stream (torch.manual_seed). */
export function manualSeed(seed: number): void {
  rng = new Rng(seed, 7);
}

/** The library's random stream (layers' initialisers and dropout draw from it). */
export function libraryRng(): Rng {
  return rng;
}

export interface RandomOptions { requiresGrad?: boolean }

function filled(shape: number[], draw: () => number, opts: RandomOptions): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`shape [${shape}] is not a list of whole numbers ≥ 0`);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = draw();
  return tensor(v, { shape, requiresGrad: opts.requiresGrad });
}

/** Standard normal values (times `std`, plus `mean`). */
export function randn(shape: number[], opts: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  return filled(shape, () => rng.normal(opts.mean ?? 0, opts.std ?? 1), opts);
}

/** Uniform values in [low, high) — [0, 1) by default. */
export function rand(shape: number[], opts: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  return filled(shape, () => rng.uniform(opts.low ?? 0, opts.high ?? 1), opts);
}

/** Whole numbers in [low, high), as float32 values. */
export function randint(low: number, high: number, shape: number[]): Tensor {
  if (!(high > low)) throw new RangeError(`randint: high (${high}) must be above low (${low})`);
  return filled(shape, () => low + rng.int(high - low), {});
}

/** A random permutation of 0 … n-1 (as plain numbers: indices for gather). */
export function randperm(n: number): number[] {
  return rng.shuffle(Array.from({ length: n }, (_, i) => i));
}

/** `num` evenly spaced values from start to stop, both included (numpy/torch linspace). */
export function linspace(start: number, stop: number, num: number, opts: RandomOptions = {}): Tensor {
  if (!(Number.isInteger(num) && num >= 1)) throw new RangeError(`linspace: num must be a whole number ≥ 1, not ${num}`);
  const v = new Float32Array(num);
  const step = num === 1 ? 0 : (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) v[i] = start + step * i;
  if (num > 1) v[num - 1] = stop;
  return tensor(v, { shape: [num], requiresGrad: opts.requiresGrad });
}

/** start, start+step, … below stop; `arange(n)` is 0 … n-1 (numpy/torch arange). */
export function arange(start: number, stop?: number, step = 1): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new RangeError('arange: step must be a finite number other than 0');
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + i * step;
  return tensor(v, { shape: [n] });
}
