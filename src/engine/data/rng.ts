// A small seeded random number generator (mulberry32), shared by the data generators, the
// split and the training loop. Same seed → same sequence, bit for bit, on every platform:
// it uses only 32-bit integer arithmetic (Math.imul) and one exact division by 2^32.

const TWO_POW_32 = 4294967296;

/** Mixes any number (negative, fractional, > 2^32) into a 32-bit state, so nearby seeds
 *  (0, 1, 2 …) start far apart. */
function mixSeed(seed: number): number {
  const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const lo = s >>> 0;
  const hi = Math.floor(s / TWO_POW_32) >>> 0;
  let h = (lo ^ Math.imul(hi, 0x9e3779b1) ^ 0x6d2b79f5) >>> 0;
  // murmur3 finaliser: avalanches every input bit.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private state: number;

  /** `stream` picks an independent sequence for the same seed, so one user-facing seed can
   *  drive several uses without correlating them. In use: shuffle_seed → 0 the split, 1000
   *  the generators; train.seed → 1 weight init, 2 batch order, 3 dropout. */
  constructor(seed: number, stream = 0) {
    this.state = stream === 0 ? mixSeed(seed) : mixSeed(mixSeed(seed) + Math.trunc(stream) * 0x9e3779b9);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box–Muller). No cached spare value, so each call consumes exactly two
   *  uniforms and the stream never depends on how calls were interleaved before. */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.next(); // (0, 1]: log never sees 0
    const u2 = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Shuffles in place (Fisher–Yates) and returns the same array. */
  shuffle<T extends { length: number; [i: number]: any }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A shuffled 0 … n-1. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}
