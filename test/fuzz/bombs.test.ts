// Resource bombs: sizes far past the limits (samples, layer width, features, epochs, layers,
// batch, classes) must be refused by `check` and `train` at once, on the offending value,
// before anything big is allocated; sizes at the limits must not hang `check`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertSane, buildOnce, inPairs, runCli } from './cli';
import { announceSeed } from './rng';
import { fuzzWorkspace } from './workspace';

const OUT = 'model:\n  - dense: 2\n    activation: softmax\n';
const layers = (n: number, units: number) => `model:\n${'  - dense: UNITS\n    activation: relu\n'.replace('UNITS', String(units)).repeat(n)}  - dense: 2\n    activation: softmax\n`;

/** [name, text, the refused value's line (0: any line; undefined: accepted but bounded)]. */
const BOMBS: [string, string, number?][] = [
  ['a trillion samples', `data: {source: moons, samples: 1000000000000}\n${OUT}`, 1],
  ['a billion samples', `data: {source: moons, samples: 1000000000}\n${OUT}`, 1],
  ['samples 1e400', `data: {source: moons, samples: 1e400}\n${OUT}`, 1],
  ['a billion units', `data: moons\nmodel:\n  - dense: 1000000000\n    activation: relu\n  - dense: 2\n    activation: softmax\n`, 3],
  ['20,000 generated features', `data: {source: classification, features: 20000}\n${OUT}`, 1],
  ['classification at the work limit', `data: {source: classification, samples: 1000000, features: 1000}\n${OUT}`, 1],
  ['epochs 1e12', `data: moons\n${OUT}train: {epochs: 1000000000000}\n`, 5],
  ['batch size 1e12 (the whole set per step), accepted', `data: moons\n${OUT}train: {batch_size: 1000000000000}\n`],
  ['a billion classes', `data: {source: blobs, classes: 1000000000}\n${OUT}`, 1],
  ['4096 layers of 4096', `data: moons\n${layers(4096, 4096)}`.slice(0, 60_000), 0],
  ['parameters past the limit', `data: mnist\n${layers(3, 4096)}`, 0],
  ['a million samples, accepted', `data: {source: moons, samples: 1000000}\n${OUT}`],
  ['patience 1e12', `data: moons\n${OUT}train: {early_stopping: {patience: 1000000000000}}\n`],
  ['learning rate 1e308', `data: moons\n${OUT}optimizer: {type: sgd, learning_rate: 1e308}\n`],
];

describe('fuzz: resource bombs', () => {
  const ws = fuzzWorkspace();
  before(() => { buildOnce(); announceSeed('resource bombs'); });
  after(() => ws.cleanup());

  it(`${BOMBS.length} bombs: refused on the value by check and train (or bounded), fast, small`, { timeout: 120_000 }, async () => {
    const jobs = BOMBS.flatMap(([name, text, at], i) => ['check', 'train'].map((command) => async () => {
      const file = ws.write(`bomb-${i}.nn.yaml`, text);
      const r = await runCli([command, file, '--no-save', '--backend', 'cpu', '--quiet', '--epochs', '1'], { cwd: ws.dir, timeoutMs: 15_000 });
      const label = `${name} (${command})`;
      assertSane(r, label, at === undefined ? [0, 1, 2] : [2]);
      if (at !== undefined) assert.match(r.stderr, new RegExp(`bomb-${i}\\.nn\\.yaml:${at || '\\d+'}:\\d+: error: `), `${label}: ${r.stderr}`);
      if (at !== undefined) assert.ok(r.ms < 5000 && (r.rssMiB ?? 0) < 300, `${label}: refused only after ${r.ms.toFixed(0)} ms, ${r.rssMiB?.toFixed(0)} MiB`);
      return { label, r };
    }));
    const { done } = await inPairs(jobs, performance.now() + 60_000);
    assert.equal(done.length, jobs.length);
    const slowest = done.reduce((a, b) => (a.r.ms > b.r.ms ? a : b));
    console.log(`# ${done.length} runs; slowest ${slowest.label} ${slowest.r.ms.toFixed(0)} ms; peak ${Math.max(...done.map((d) => d.r.rssMiB ?? 0)).toFixed(0)} MiB`);
  });
});
