// The PyTorch scripts `backprop export --format pytorch` writes, run under the real PyTorch
// (Debian's python3-torch and python3-sklearn, installed by scripts/setup.sh; the safetensors
// package is not in Debian's archive, so test/fixtures/python stands in for it, see its
// README). For a classifier with softmax, a binary one with a sigmoid, and a regression with
// gelu / leaky_relu / dropout / minmax inputs: the script's model, loaded strictly from the
// run's weights, predicts what `backprop predict` predicts; and its own main() trains on
// and saves weights that `backprop predict --run` reads back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const PYTHON = '/usr/bin/python3';
const STAND_IN = path.resolve('test/fixtures/python');
const cli = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [path.resolve('bin/backprop.js'), ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `backprop ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
};
const python = (cwd: string, ...args: string[]) => {
  const r = spawnSync(PYTHON, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, PYTHONPATH: STAND_IN } });
  assert.equal(r.status, 0, `python ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
};

interface Case { name: string; yaml: string; header: string; rows: number[][]; data?: string }
const CASES: Case[] = [
  { name: 'iris', yaml: readFileSync('examples/iris.nn.yaml', 'utf8'), header: 'sepal_length,sepal_width,petal_length,petal_width',
    rows: [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3], [5.9, 2.8, 4.3, 1.3], [6.3, 2.5, 4.9, 1.5]] },
  { name: 'moons-binary', header: 'x1,x2', rows: [[0, 0.5], [1, -0.4], [-0.8, 0.6], [1.9, 0.2], [0.5, 0.25]],
    yaml: 'data:\n  source: moons\n  samples: 300\n  noise: 0.2\nmodel:\n  - dense: 16\n    activation: relu\n  - dense: 1\n    activation: sigmoid\n'
      + 'loss: binary_cross_entropy\noptimizer: { type: adam, learning_rate: 0.02 }\ntrain:\n  epochs: 40\n' },
  { name: 'regression', header: 'height,width', rows: [[1.2, 0.4], [3.3, 1.1], [0.5, 2.5]], data: 'test/fixtures/data/flowers.csv',
    yaml: 'data:\n  source: flowers.csv\n  target: color code\n  features: [height, width]\n  task: regression\n  validation: 0.25\n  normalize: minmax\n'
      + 'model:\n  - dense: 8\n    activation: gelu\n  - dense: 8\n  - activation: leaky_relu\n  - dropout: 0.1\n  - dense: 1\nloss: mae\n'
      + 'optimizer: { type: momentum, learning_rate: 0.05, momentum: 0.8, weight_decay: 0.001 }\ntrain:\n  epochs: 30\n  batch_size: 4\n' },
];

/** Our predictions as plain numbers per row: the class probabilities in class order, or the values. */
function ours(file: string): number[][] {
  return (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[]).map((p) => {
    if (p.probabilities) return Object.values(p.probabilities as Record<string, number>);
    if (typeof p.probability === 'number') return [p.probability];
    return [p.values, p.value].flat().filter((v): v is number => typeof v === 'number');
  });
}

describe('exported PyTorch scripts under the real PyTorch', () => {
  it('Debian\'s PyTorch is installed for the system Python (bash scripts/setup.sh python)', () => {
    const r = spawnSync(PYTHON, ['-c', 'import torch, sklearn; print(torch.__version__)'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  for (const c of CASES) {
    it(`${c.name}: the script's model predicts what Backprop predicts, and its training run saves weights Backprop reads`, { timeout: 300_000 }, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'torch-script-'));
      if (c.data) copyFileSync(c.data, path.join(dir, path.basename(c.data)));
      writeFileSync(path.join(dir, `${c.name}.nn.yaml`), c.yaml);
      cli(dir, 'train', `${c.name}.nn.yaml`, '--backend', 'cpu', '--quiet');
      // exported/ does not exist yet: export makes it.
      cli(dir, 'export', `${c.name}.nn.yaml`, '--format', 'pytorch', '--out', 'exported/train_pytorch.py');
      writeFileSync(path.join(dir, 'rows.csv'), [c.header, ...c.rows.map((r) => r.join(','))].join('\n') + '\n');
      writeFileSync(path.join(dir, 'rows.json'), JSON.stringify(c.rows));
      cli(dir, 'predict', `${c.name}.nn.yaml`, '--input', 'rows.csv', '--out', 'ours.json');
      const want = ours(path.join(dir, 'ours.json'));
      const got = JSON.parse(python(dir, path.join(STAND_IN, 'predict_with_script.py'), 'exported/train_pytorch.py', 'exported/model.safetensors', 'rows.json')) as number[][];
      assert.equal(got.length, want.length);
      got.forEach((row, r) => {
        assert.equal(row.length, want[r].length, `row ${r}: ${JSON.stringify(row)} vs ${JSON.stringify(want[r])}`);
        row.forEach((v, k) => assert.ok(Math.abs(v - want[r][k]) <= 1e-5 + 1e-4 * Math.abs(want[r][k]), `row ${r}, output ${k}: PyTorch ${v}, Backprop ${want[r][k]}`));
      });
      // The script's own run: epoch 0 is the loaded weights, then 2 epochs on, saved beside it.
      const printed = python(dir, 'exported/train_pytorch.py', '--epochs', '2');
      assert.match(printed, /^epoch 0: loss \d/m);
      assert.match(printed, /^epoch 2: loss \d/m);
      cli(dir, 'predict', `${c.name}.nn.yaml`, '--run', 'exported/model-continued.safetensors', '--input', 'rows.csv', '--out', 'continued.json');
      const continued = ours(path.join(dir, 'continued.json'));
      assert.equal(continued.length, c.rows.length);
      assert.ok(continued.flat().every(Number.isFinite), JSON.stringify(continued));
    });
  }
});
