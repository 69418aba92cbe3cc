// Writes the benchmark's data files (cases/data/) once, from a fixed seed:
// `node --import tsx test/verdicts/make-data.ts`. The files are committed; rerunning gives the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(__dirname, 'cases', 'data');

/** mulberry32: a small seeded generator, enough for test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * next();
  return { next, normal, uniform };
}

const fmt = (v: number) => v.toFixed(4);
function csv(name: string, header: string[], rows: (number | string)[][]): void {
  const text = [header.join(','), ...rows.map((r) => r.map((v) => (typeof v === 'number' ? fmt(v) : v)).join(','))].join('\n');
  writeFileSync(path.join(DIR, name), `${text}\n`);
}
function json(name: string, items: { input: number[]; output: number | string }[]): void {
  const rows = items.map((it) => JSON.stringify({ input: it.input.map((v) => Number(fmt(v))), output: typeof it.output === 'number' ? Number(fmt(it.output)) : it.output }));
  writeFileSync(path.join(DIR, name), `[\n${rows.join(',\n')}\n]\n`);
}

mkdirSync(DIR, { recursive: true });

// A rare class (6 %) in the middle of a ring of the common class: no straight line separates
// them, so a linear model predicts "common" everywhere; a small MLP separates them cleanly.
{
  const r = rng(1);
  const rows: (number | string)[][] = [];
  for (let i = 0; i < 1000; i++) {
    const rare = i % 50 < 3;
    const t = r.uniform(0, 2 * Math.PI);
    const rad = rare ? Math.abs(r.normal()) * 0.3 : 2 + r.normal() * 0.25;
    rows.push([rad * Math.cos(t), rad * Math.sin(t), rare ? 'rare' : 'common']);
  }
  csv('ring-imbalanced.csv', ['x1', 'x2', 'kind'], rows);
}

// Four well separated Gaussian classes in 4 features, in proportions 50/30/15/5 %.
{
  const r = rng(2);
  const centres = [[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0], [0, 0, 0, 3]];
  const rows: (number | string)[][] = [];
  for (let i = 0; i < 800; i++) {
    const k = i % 20;
    const c = k < 10 ? 0 : k < 16 ? 1 : k < 19 ? 2 : 3;
    rows.push([...centres[c].map((m) => m + r.normal() * 0.6), c]);
  }
  csv('four-classes-imbalanced.csv', ['a', 'b', 'c', 'd', 'class'], rows);
}

// Regression, a bowl: y = x1² + x2² + noise. Symmetric, so a linear model explains nothing.
{
  const r = rng(3);
  const rows: number[][] = [];
  for (let i = 0; i < 600; i++) {
    const x1 = r.uniform(-2, 2);
    const x2 = r.uniform(-2, 2);
    rows.push([x1, x2, x1 * x1 + x2 * x2 + r.normal() * 0.2]);
  }
  csv('bowl.csv', ['x1', 'x2', 'y'], rows);
}

// Regression, mostly noise: y = x + noise of the same variance as the signal (R² ≈ 0.5 at best).
{
  const r = rng(4);
  const rows: number[][] = [];
  for (let i = 0; i < 500; i++) {
    const x = r.uniform(-1.7, 1.7);
    rows.push([x, r.normal(), x + r.normal()]);
  }
  csv('noisy-line.csv', ['x', 'distractor', 'y'], rows);
}

// JSON classification: three Gaussian classes in 5 features, named.
{
  const r = rng(5);
  const names = ['red', 'green', 'blue'];
  const centres = [[2, 0, 0, 1, 0], [0, 2, 0, 0, 1], [0, 0, 2, -1, 0]];
  json('three-colours.json', Array.from({ length: 450 }, (_, i) => ({
    input: centres[i % 3].map((m) => m + r.normal() * 0.7), output: names[i % 3],
  })));
}

// JSON regression: a sine wave with a little noise, y = sin(3x) + 0.1·noise.
{
  const r = rng(6);
  json('sine.json', Array.from({ length: 300 }, () => {
    const x = r.uniform(-2, 2);
    return { input: [x], output: Math.sin(3 * x) + r.normal() * 0.1 };
  }));
}
