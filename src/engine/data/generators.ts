// Synthetic data sets, in the spirit of scikit-learn's make_* functions. Every generator is a
// pure function of its options and an Rng, so the same shuffle_seed gives the same points.
// Where the class is chosen, sample i belongs to class i % classes, so `limit` keeps balance.
import { DataError, numberedNames, type Dataset } from './dataset';
import { readOptions } from './options';
import { Rng } from './rng';

type Opts = Record<string, number>;

/** A classification set whose row i is written by `fill`, which returns its class. */
function classSet(n: number, features: number, classes: number,
  fill: (i: number, row: Float32Array) => number): Dataset {
  const x = new Float32Array(n * features);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = fill(i, x.subarray(i * features, (i + 1) * features));
  return { x, y, n, features, targets: 1, task: 'classification', classes,
    classNames: Array.from({ length: classes }, (_, c) => String(c)), featureNames: numberedNames(features) };
}

/** Gaussian clusters around centres drawn uniformly from [-10, 10]^features. */
function blobs(o: Opts, rng: Rng, written: Record<string, unknown>): Dataset {
  const std = written.cluster_std !== undefined ? o.cluster_std : o.noise;
  const centres = Array.from({ length: o.classes }, () => Array.from({ length: o.features }, () => rng.uniform(-10, 10)));
  return classSet(o.samples, o.features, o.classes, (i, row) => {
    const c = i % o.classes;
    for (let f = 0; f < o.features; f++) row[f] = centres[c][f] + rng.normal(0, std);
    return c;
  });
}

/** Two interleaving half circles: class 0 the upper one, class 1 the lower, shifted. */
function moons(o: Opts, rng: Rng): Dataset {
  return classSet(o.samples, 2, 2, (i, row) => {
    const c = i % 2;
    const t = rng.uniform(0, Math.PI);
    row[0] = (c === 0 ? Math.cos(t) : 1 - Math.cos(t)) + rng.normal(0, o.noise);
    row[1] = (c === 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + rng.normal(0, o.noise);
    return c;
  });
}

/** Class 0 on the circle of radius 1, class 1 on the circle of radius `factor`. */
function circles(o: Opts, rng: Rng): Dataset {
  return classSet(o.samples, 2, 2, (i, row) => {
    const c = i % 2;
    const r = c === 0 ? 1 : o.factor;
    const t = rng.uniform(0, 2 * Math.PI);
    row[0] = r * Math.cos(t) + rng.normal(0, o.noise);
    row[1] = r * Math.sin(t) + rng.normal(0, o.noise);
    return c;
  });
}

/** `classes` arms winding out from the origin; noise perturbs the angle (as in CS231n). */
function spiral(o: Opts, rng: Rng): Dataset {
  return classSet(o.samples, 2, o.classes, (i, row) => {
    const c = i % o.classes;
    const r = rng.next();
    const t = (2 * Math.PI * c) / o.classes + 4 * r + rng.normal(0, o.noise);
    row[0] = r * Math.sin(t);
    row[1] = r * Math.cos(t);
    return c;
  });
}

/** Points uniform in [-1, 1]²; class 1 where exactly one coordinate is positive. The label
 *  comes from the clean point, then noise jitters it. */
function xor(o: Opts, rng: Rng): Dataset {
  return classSet(o.samples, 2, 2, (_, row) => {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    row[0] = a + rng.normal(0, o.noise);
    row[1] = b + rng.normal(0, o.noise);
    return (a > 0) !== (b > 0) ? 1 : 0;
  });
}

/** One Gaussian cluster per class at distinct vertices of the hypercube [±class_sep]^features,
 *  each with a random linear mix (a random covariance); then a fraction `flip_y` of labels is
 *  replaced by a random class (which may be the same one). All features are informative. */
function classification(o: Opts, rng: Rng): Dataset {
  const f = o.features;
  if (f < 31 && o.classes > 2 ** f) {
    throw new DataError(`classification with ${f} feature(s) has room for at most ${2 ** f} classes`, 'data.classes');
  }
  const seen = new Set<string>();
  const centres: number[][] = [];
  while (centres.length < o.classes) {
    const v = Array.from({ length: f }, () => (rng.next() < 0.5 ? -o.class_sep : o.class_sep));
    if (!seen.has(v.join())) { seen.add(v.join()); centres.push(v); }
  }
  const mixes = centres.map(() => Array.from({ length: f * f }, () => rng.uniform(-1, 1)));
  const z = new Float64Array(f);
  const d = classSet(o.samples, f, o.classes, (i, row) => {
    const c = i % o.classes;
    for (let k = 0; k < f; k++) z[k] = rng.normal();
    for (let r = 0; r < f; r++) {
      let s = centres[c][r];
      for (let k = 0; k < f; k++) s += mixes[c][r * f + k] * z[k];
      row[r] = s;
    }
    return c;
  });
  for (let i = 0; i < d.n; i++) if (rng.next() < o.flip_y) d.y[i] = rng.int(o.classes);
  return d;
}

/** Regression: `samples` evenly spaced x in [-1, 1] on a random polynomial of `degree`
 *  (degree 1: y = a x + b, the overfitting lesson's five dots), plus Gaussian noise. */
function poly(o: Opts, rng: Rng): Dataset {
  const coef = Array.from({ length: o.degree + 1 }, () => rng.uniform(-1, 1));
  // A clearly visible slope/curvature: the leading coefficient has magnitude in [0.5, 1.5).
  if (o.degree > 0) coef[o.degree] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.5);
  const n = o.samples;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const xi = n === 1 ? 0 : -1 + (2 * i) / (n - 1);
    let v = 0;
    for (let k = o.degree; k >= 0; k--) v = v * xi + coef[k];
    x[i] = xi;
    y[i] = v + rng.normal(0, o.noise);
  }
  return { x, y, n, features: 1, targets: 1, task: 'regression', classes: 0, featureNames: ['x'] };
}

const GENERATORS: Record<string, (o: Opts, rng: Rng, written: Record<string, unknown>) => Dataset> = {
  blobs, moons, circles, spiral, xor, classification, poly,
};

export const GENERATOR_NAMES = Object.keys(GENERATORS);

/** Stream of the Rng that generates points (the split uses stream 0 of the same seed). Far
 *  from the small streams training draws from train.seed, so equal seeds stay uncorrelated. */
export const GENERATOR_STREAM = 1000;

/** Runs the generator `name` with the options written in the network file. */
export function generate(name: string, options: Record<string, unknown>, seed: number): Dataset {
  const gen = GENERATORS[name];
  if (!gen) throw new DataError(`"${name}" is not a generator`, 'data.source');
  return gen(readOptions(name, options), new Rng(seed, GENERATOR_STREAM), options);
}
