// The train / validation / test split. Always shuffled with `shuffle_seed`; for
// classification each class contributes in proportion to its size (stratified), so a 0.2
// split of Iris holds out exactly 10 flowers of each species.
import { DataError, subsetRows, type Dataset } from './dataset';
import { Rng } from './rng';

/** How many of each group to hold out for a fraction `f`: round(n·f) in all (at least 1
 *  when f > 0), shared out by largest remainder of count·f, and never taking a group's
 *  last sample (`room` says how many each group can still give). */
function allocate(counts: number[], room: number[], f: number): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  if (f <= 0 || n === 0) return counts.map(() => 0);
  const ideal = counts.map((c) => c * f);
  const take = ideal.map((v, g) => Math.min(Math.floor(v + 1e-9), room[g]));
  let left = Math.max(1, Math.round(n * f)) - take.reduce((a, b) => a + b, 0);
  const order = counts.map((_, g) => g).sort((a, b) => (ideal[b] - Math.floor(ideal[b])) - (ideal[a] - Math.floor(ideal[a])) || a - b);
  while (left > 0) {
    let gave = false;
    for (const g of order) {
      if (left > 0 && take[g] < room[g]) { take[g]++; left--; gave = true; }
    }
    if (!gave) break;
  }
  return take;
}

export interface SplitIndices { train: number[]; validation: number[]; test: number[] }

/** Row indices of each split, each list in shuffled order. */
export function splitIndices(d: Dataset, validation: number, test: number, seed: number): SplitIndices {
  if (validation + test >= 1) {
    throw new DataError(`validation (${validation}) and test (${test}) together leave no training data`, 'data.test');
  }
  const groupOf = (i: number) => (d.task === 'classification' ? d.y[i] : 0);
  const groups = d.task === 'classification' ? d.classes : 1;
  const counts = new Array<number>(groups).fill(0);
  for (let i = 0; i < d.n; i++) counts[groupOf(i)]++;
  const room = counts.map((c) => Math.max(0, c - 1));
  const testQuota = allocate(counts, room, test);
  const valQuota = allocate(counts, room.map((r, g) => r - testQuota[g]), validation);
  const out: SplitIndices = { train: [], validation: [], test: [] };
  const taken = counts.map(() => ({ test: 0, validation: 0 }));
  for (const i of new Rng(seed).permutation(d.n)) {
    const g = groupOf(i);
    if (taken[g].test < testQuota[g]) { taken[g].test++; out.test.push(i); }
    else if (taken[g].validation < valQuota[g]) { taken[g].validation++; out.validation.push(i); }
    else out.train.push(i);
  }
  return out;
}

/** Splits `d` by fractions; a fraction of 0 gives null for that split. */
export function splitDataset(d: Dataset, validation: number, test: number, seed: number) {
  const idx = splitIndices(d, validation, test, seed);
  return {
    train: subsetRows(d, idx.train),
    validation: idx.validation.length ? subsetRows(d, idx.validation) : null,
    test: idx.test.length ? subsetRows(d, idx.test) : null,
  };
}
