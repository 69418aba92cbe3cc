// `backprop export --format pytorch|keras`: the scripts' text against golden files, their
// layer lists against a trained run's model.safetensors, and (when python3 exists) that they
// compile. UPDATE_GOLDENS=1 rewrites the goldens after a deliberate change.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadData } from '../../src/engine/data';
import { readSpec } from '../../src/engine/model-io/locate';
import { decodeSafetensors } from '../../src/engine/model-io/safetensors';
import type { SavedLayer, SavedModel } from '../../src/engine/model-io/saved-model';
import { kerasScript } from '../../src/engine/model-io/script-keras';
import { dataPython } from '../../src/engine/model-io/script-data';
import { pytorchScript } from '../../src/engine/model-io/script-pytorch';
import type { NetworkSpec } from '../../src/engine/netfile/spec';
import { networkFile } from '../helpers/run';

const GOLDENS = path.resolve('test/fixtures/scripts');
const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/backprop.js', ...args], { encoding: 'utf8', timeout: 120_000 });
const hasPython = spawnSync('python3', ['--version']).status === 0;
const hasNumpy = hasPython && spawnSync('python3', ['-c', 'import numpy']).status === 0;

/** A saved model with the spec's layers and zero weights: only the architecture matters here. */
function savedFor(spec: NetworkSpec, features: number, classes: string[] | null, featureNames: string[]): SavedModel {
  let width = features;
  const layers: SavedLayer[] = spec.model.map((l, index) => {
    if (l.kind !== 'dense') return { index, kind: l.kind, units: width, rate: l.kind === 'dropout' ? l.rate : undefined, activation: l.kind === 'activation' ? l.activation : undefined };
    const inputs = width;
    width = l.units;
    return { index, kind: 'dense', units: l.units, inputs, activation: l.activation, w: new Float32Array(inputs * l.units), b: new Float32Array(l.units) };
  });
  return {
    file: 'model.safetensors', name: spec.name, epoch: 7, loss: spec.loss, task: classes ? 'classification' : 'regression',
    features, featureNames, classes, normalization: { kind: 'standard', offset: new Float32Array(features), scale: new Float32Array(features).fill(1) }, layers,
  };
}

/** Network files with fixed paths (the goldens hold paths relative to the script's folder). */
const CASES: { name: string; yaml: string; features: number; classes: string[] | null; featureNames: string[] }[] = [
  { name: 'iris', yaml: readFileSync('examples/iris.nn.yaml', 'utf8'), features: 4, classes: ['setosa', 'versicolor', 'virginica'],
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] },
  { name: 'csv-regression', features: 2, classes: null, featureNames: ['height', 'width'],
    yaml: 'name: sizes\ndata:\n  source: data/flowers.csv\n  target: color code\n  features: [height, width]\n  task: regression\n  validation: 0.25\n  normalize: minmax\n'
      + 'model:\n  - dense: 8\n    activation: gelu\n  - dense: 8\n  - activation: leaky_relu\n  - dropout: 0.1\n  - dense: 1\nloss: mae\n'
      + 'optimizer: { type: momentum, learning_rate: 0.05, momentum: 0.8, weight_decay: 0.001 }\ntrain:\n  epochs: 30\n  batch_size: 4\n' },
  { name: 'mnist', yaml: readFileSync('examples/mnist.nn.yaml', 'utf8'), features: 784, classes: Array.from({ length: 10 }, (_, i) => String(i)),
    featureNames: Array.from({ length: 784 }, (_, i) => `x${i + 1}`) },
  { name: 'moons-binary', features: 2, classes: ['0', '1'], featureNames: ['x1', 'x2'],
    yaml: 'data:\n  source: moons\n  samples: 200\n  noise: 0.2\n  test: 0.1\nmodel:\n  - dense: 16\n    activation: relu\n  - dense: 1\n    activation: sigmoid\n'
      + 'loss: binary_cross_entropy\noptimizer: { type: sgd, learning_rate: 0.1 }\ntrain:\n  epochs: 50\n  early_stopping: { monitor: val_accuracy, patience: 5 }\n' },
];

/** The network file written at a fixed place, so the scripts' relative data paths are stable. */
async function specOf(c: (typeof CASES)[number]): Promise<NetworkSpec> {
  const dir = path.join('/tmp', 'backprop-script-goldens');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 'flowers.csv'), readFileSync('test/fixtures/data/flowers.csv'));
  const file = path.join(dir, `${c.name}.nn.yaml`);
  writeFileSync(file, c.yaml);
  return readSpec(file);
}

function golden(name: string, text: string): void {
  const file = path.join(GOLDENS, name);
  if (process.env.UPDATE_GOLDENS || !existsSync(file)) {
    mkdirSync(GOLDENS, { recursive: true });
    writeFileSync(file, text);
  }
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDENS=1 after a deliberate change)`);
}

/** The tensors a PyTorch script's nn.Sequential holds: '<module>.weight' [out, in], '.bias' [out]. */
function pytorchTensors(script: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of script.matchAll(/model\.add_module\('(\w+)', nn\.Linear\((\d+), (\d+)\)\)/g)) {
    out.set(`${m[1]}.weight`, [Number(m[3]), Number(m[2])]);
    out.set(`${m[1]}.bias`, [Number(m[3])]);
  }
  return out;
}

/** The tensors a Keras script's Dense layers take: kernel [in, out] transposed to '<i>.weight' [out, in]. */
function kerasTensors(script: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let width = Number(/keras\.Input\(shape=\((\d+),\)\)/.exec(script)![1]);
  for (const m of script.matchAll(/layers\.Dense\((\d+), .*name='dense_(\d+)'\)/g)) {
    out.set(`${m[2]}.weight`, [Number(m[1]), width]);
    out.set(`${m[2]}.bias`, [Number(m[1])]);
    width = Number(m[1]);
  }
  return out;
}

describe('PyTorch and Keras scripts', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  for (const c of CASES) {
    it(`${c.name}: the script text equals the golden files`, async () => {
      const spec = await specOf(c);
      const saved = savedFor(spec, c.features, c.classes, c.featureNames);
      const runDir = path.join(path.dirname(spec.file), '.backprop', 'runs', 'run1');
      golden(`${c.name}.pytorch.py`, pytorchScript(spec, saved, spec.loss, runDir));
      golden(`${c.name}.keras.py`, kerasScript(spec, saved, spec.loss, runDir));
    });
  }

  it('a trained run: the scripts\' layers have exactly model.safetensors\' tensor names and shapes', () => {
    const file = networkFile('data:\n  source: moons\n  samples: 120\nmodel:\n  - dense: 12\n    activation: relu\n  - dropout: 0.2\n  - dense: 6\n    activation: gelu\n'
      + '  - activation: tanh\n  - dense: 2\n    activation: softmax\ntrain:\n  epochs: 3\n');
    assert.equal(cli('train', file, '--backend', 'cpu', '--quiet').status, 0);
    const runs = path.join(path.dirname(file), '.backprop', 'runs');
    const run = path.join(runs, readdirSync(runs).find((d) => d !== 'studies')!);
    for (const format of ['pytorch', 'keras']) {
      const r = cli('export', file, '--format', format);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`train_${format}\\.py: ${format === 'pytorch' ? 'PyTorch' : 'Keras'} script`));
    }
    const { tensors } = decodeSafetensors(readFileSync(path.join(run, 'model.safetensors')), 'model.safetensors');
    const stored = new Map(tensors.map((t) => [t.name, t.shape]));
    assert.deepEqual([...stored.keys()].sort(), ['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    assert.deepEqual(stored.get('2.weight'), [6, 12]);
    for (const [format, parse] of [['pytorch', pytorchTensors], ['keras', kerasTensors]] as const) {
      const script = readFileSync(path.join(run, `train_${format}.py`), 'utf8');
      assert.deepEqual(new Map([...parse(script)].sort()), new Map([...stored].sort()), format);
    }
  });

  it('exported elsewhere (--out), the script gets model.safetensors beside it', () => {
    const file = networkFile('data: iris\nmodel:\n  - dense: 5\n    activation: relu\n  - dense: 3\n    activation: softmax\ntrain:\n  epochs: 2\n');
    assert.equal(cli('train', file, '--backend', 'cpu', '--quiet').status, 0);
    const out = path.join(path.dirname(file), 'elsewhere', 'iris_torch.py');
    mkdirSync(path.dirname(out));
    assert.equal(cli('export', file, '--format', 'pytorch', '--out', out).status, 0);
    const names = decodeSafetensors(readFileSync(path.join(path.dirname(out), 'model.safetensors')), 'x').tensors.map((t) => t.name).sort();
    assert.deepEqual(names, ['0.bias', '0.weight', '1.bias', '1.weight']);
    assert.match(readFileSync(out, 'utf8'), /Run: {3}python iris_torch\.py/);
  });

  it('the golden scripts are valid Python (python3 compiles them; nothing is written)', { skip: hasPython ? false : 'python3 is not installed here' }, () => {
    const files = readdirSync(GOLDENS).filter((f) => f.endsWith('.py')).map((f) => path.join(GOLDENS, f));
    assert.ok(files.length >= 8);
    const r = spawnSync('python3', ['-c', 'import sys\nfor f in sys.argv[1:]: compile(open(f).read(), f, "exec")', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});

/** Runs the scripts' data section with real numpy: its rows of the file's source, and the
 *  train rows normalised with the stored statistics. */
function pythonData(spec: NetworkSpec, saved: SavedModel, scriptDir: string): { x: number[][]; y: number[]; normalized: number[][] } {
  const program = `import json, os\nimport numpy as np\nHERE = ${JSON.stringify(scriptDir)}\n${dataPython(spec, saved, 'pytorch', scriptDir)}
meta = {'normalization': ${JSON.stringify(JSON.stringify({ offset: Array.from(saved.normalization.offset), scale: Array.from(saved.normalization.scale) }))}}
x, y = load_source()
print(json.dumps({'x': x.tolist(), 'y': y.reshape(-1).tolist(), 'normalized': normalize(x, meta).tolist()}))`;
  const r = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('the scripts\' data loader, run by python3 with numpy', { skip: hasNumpy ? false : 'python3 with numpy is not installed here' }, () => {
  const rowsOf = (x: ArrayLike<number>, y: ArrayLike<number>, f: number) =>
    Array.from({ length: y.length }, (_, i) => [...Array.from(x).slice(i * f, (i + 1) * f), y[i]].join(',')).sort();

  for (const [kind, write] of [
    ['CSV with text classes and a chosen target', (dir: string) => {
      writeFileSync(path.join(dir, 'd.csv'), 'a;label;b\n1.5;cat;2\n-3;dog;0.25\n7;cat;1e3\n0;bird;4\n');
      return 'data:\n  source: d.csv\n  target: label\n  features: [b, a]\n';
    }],
    ['JSON rows', (dir: string) => {
      writeFileSync(path.join(dir, 'd.json'), readFileSync('test/fixtures/data/points.json'));
      return 'data:\n  source: d.json\n';
    }],
    ['an IDX pair', (dir: string) => {
      const idx = (dims: number[], bytes: number[]) => Buffer.concat([Buffer.from([0, 0, 8, dims.length]), ...dims.map((d) => { const b = Buffer.alloc(4); b.writeUInt32BE(d); return b; }), Buffer.from(bytes)]);
      writeFileSync(path.join(dir, 'train-images.idx3-ubyte'), idx([3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 200, 100, 50, 25]));
      writeFileSync(path.join(dir, 'train-labels.idx1-ubyte'), idx([3], [2, 0, 1]));
      return 'data:\n  images: train-images.idx3-ubyte\n  labels: train-labels.idx1-ubyte\n';
    }],
  ] as const) {
    it(`${kind}: the same rows as Backprop reads, normalised as Backprop does`, async () => {
      const file = networkFile('model:\n  - dense: 2\n');
      const dir = path.dirname(file);
      writeFileSync(file, `${write(dir)}  validation: 0\n  normalize: standard\nmodel:\n  - dense: 3\n`);
      const spec = await readSpec(file);
      const splits = await loadData(spec.data, file);
      const d = splits.train;
      const saved = savedFor(spec, d.features, d.classNames ?? null, d.featureNames ?? []);
      saved.normalization = splits.normalization;
      const scriptDir = path.join(dir, '.backprop', 'runs', 'r');
      mkdirSync(scriptDir, { recursive: true });
      const py = pythonData(spec, saved, scriptDir);
      // Backprop's rows are normalised and shuffled: compare the normalised rows as sets.
      const f = d.features;
      const ours = rowsOf(d.x, d.y, f).map((r) => r.split(',').map(Number));
      const theirs = rowsOf(py.normalized.flat(), py.y, f).map((r) => r.split(',').map(Number));
      assert.equal(theirs.length, d.n);
      theirs.forEach((row, i) => row.forEach((v, k) => assert.ok(Math.abs(v - ours[i][k]) < 1e-5, `row ${i} col ${k}: ${v} vs ${ours[i][k]}`)));
    });
  }
});
