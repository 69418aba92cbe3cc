// The fuzz suite's one source of randomness: a seeded generator (mulberry32), so a failing
// case is reproduced by running again with the seed it printed (FUZZ_SEED=N npm run test:fuzz).
export const SEED = Number(process.env.FUZZ_SEED ?? 13) >>> 0;

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** A generator for one stream of cases: `stream` keeps suites independent of each other's counts. */
export function rng(stream: string, seed = SEED): Rng {
  let s = seed ^ hash(stream);
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Printed once per suite file, so any failure's output names the seed that made it. */
export function announceSeed(suite: string): void {
  console.log(`# fuzz ${suite}: seed ${SEED} (reproduce: FUZZ_SEED=${SEED} npm run test:fuzz)`);
}
