// Code networks (issue 17): a *.nn.ts / *.nn.mjs file compiled on the fly, trained by the
// standard loop or its own `fit`, emitting the network-file event stream with findings on
// lines of the user's code, and the user's errors reported at their own file and line.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as engine from '../../src/engine';
import { loadCodeNetwork } from '../../src/engine/code/load';
import { trainCode } from '../../src/engine/code/trainer';
import type { DiagnosticEvent, EndEvent, EpochEvent, SamplesEvent, StartEvent, TrainEvent } from '../../src/engine/train/events';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'code');

async function run(file: string, overrides: { epochs?: number } = {}) {
  const net = await loadCodeNetwork(file, engine as unknown as Record<string, unknown>);
  const backend = await engine.init({ backend: 'cpu' });
  const events: TrainEvent[] = [];
  const end = await trainCode({ net, file, backend, onEvent: (e) => events.push(e), ...overrides });
  return { events, end };
}

function lineOf(file: string, text: string): number {
  const lines = require('node:fs').readFileSync(file, 'utf8').split('\n') as string[];
  const i = lines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${file}`);
  return i + 1;
}

describe('code networks', () => {
  it('trains a TypeScript MyNet class on Iris: the event stream, layers named and placed on their lines', async () => {
    const file = path.join(FIXTURES, 'iris-class.nn.ts');
    const { events, end } = await run(file);
    const start = events.find((e): e is StartEvent => e.type === 'start')!;
    assert.deepEqual(start.layers.map((l) => [l.name, l.units, l.parameters, l.line]), [
      ['fc1', 16, 4 * 16 + 16, lineOf(file, 'fc1 = new nn.Linear')],
      ['out', 3, 16 * 3 + 3, lineOf(file, 'out = new nn.Linear')],
    ]);
    assert.equal(start.parameters, 131);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    assert.deepEqual(epochs.map((e) => e.epoch), Array.from({ length: 16 }, (_, i) => i));
    assert.ok(epochs[0].validation!.accuracy! < 0.7, 'epoch 0 is the untrained model');
    assert.ok(end.final!.validation!.accuracy! >= 0.9, `validation accuracy ${end.final!.validation!.accuracy}`);
    assert.ok(epochs[5].layers.every((l) => l.grad_norm > 0 && l.update_ratio > 0), 'gradients per layer');
    // As a network file's run: the samples a confusion cell lists, then a matrix per epoch
    // carrying their predictions, and the end's matrix agreeing with the final accuracy.
    const samples = events.find((e): e is SamplesEvent => e.type === 'samples')!;
    assert.deepEqual(samples.classNames, ['setosa', 'versicolor', 'virginica']);
    const listed = samples.validation!.labels.length;
    assert.equal(listed, start.samples.validation);
    for (const e of [epochs[0], epochs[15]]) {
      const m = e.confusion!.validation!;
      assert.equal(Buffer.from(m.predicted!, 'base64').length, listed);
      assert.equal(m.matrix.flat().reduce((a, b) => a + b, 0), listed);
    }
    const final = end.confusion!.validation!;
    const right = final.matrix.reduce((sum, row, k) => sum + row[k], 0);
    assert.equal(right / listed, end.final!.validation!.accuracy);
    const predicted = Buffer.from(final.predicted!, 'base64');
    assert.equal(predicted.filter((k, i) => k === samples.validation!.labels[i]).length, right, 'the listed predictions are the matrix\'s');
    assert.equal(end.status, 'completed');
    const verdict = events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === end.verdict)!;
    assert.ok(verdict, 'the verdict is a diagnostic');
    // A good fit or underfitting concerns the model: where it is created, not its class line.
    assert.equal(verdict.line, lineOf(file, 'model: () => new MyNet()'));
  });

  it('places overfitting on the network() call, and a custom fit loop reports its own epochs and log() metrics', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    const file = path.join(dir, 'dots.nn.mjs');
    // The overfitting lesson's picture: a big model on a handful of noisy points, trained long.
    writeFileSync(file, `import { network, nn, optim, F, loadData, log } from 'backprop/engine';
const model = new nn.Sequential(new nn.Linear(1, 64), new nn.Tanh(), new nn.Linear(64, 64), new nn.Tanh(), new nn.Linear(64, 1));
export default network({
  data: () => loadData('poly', { samples: 12, noise: 0.6, degree: 1, validation: 0.5, seed: 3 }),
  model,
  async fit({ model, data, epochs, epochEnd }) {
    const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
    for (let epoch = 1; epoch <= epochs; epoch++) {
      opt.zeroGrad();
      const loss = F.mseLoss(model.forward(data.train.x), data.train.y);
      loss.backward();
      opt.step();
      log('my_loss', await loss.item());
      await epochEnd(epoch);
    }
  },
  train: { epochs: 400 },
});
`);
    const { events, end } = await run(file);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    assert.equal(epochs.length, 401);
    assert.equal(typeof epochs[10].metrics?.my_loss, 'number');
    assert.equal(end.verdict, 'overfitting', `verdict ${end.verdict}; final ${JSON.stringify(end.final)}`);
    const over = events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === 'overfitting')!;
    assert.equal(over.line, 3, 'on the network() call');
  });

  it('reports an error in the user\'s code at its own file and line, and a bad export clearly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    const file = path.join(dir, 'broken.nn.ts');
    writeFileSync(file, `import { network, nn, loadData } from 'backprop/engine';
const width: number = 8;
export default network({
  data: () => loadData('iris'),
  model: () => new nn.Sequential(new nn.Linear(3, width), new nn.Linear(width, 3)),
  train: { epochs: 2 },
});
`);
    const { end, events } = await run(file);
    assert.equal(end.status, 'failed');
    assert.match(end.error!, /Linear\(3, 8\) got input of shape \[\d+,4\]/);
    const thrown = events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === 'code_error')!;
    assert.equal(thrown.line, 3, 'on the user\'s line (the network() call that the training loop runs for it)');
    // The model built by the file's own code throws: the user's line, a failed end, no crash.
    const builds = path.join(dir, 'builds.nn.ts');
    writeFileSync(builds, `import { network, nn, loadData } from 'backprop/engine';
function make(): nn.Module {
  throw new RangeError('no such width');
}
export default network({ data: () => loadData('iris'), model: () => make() });
`);
    const built = await run(builds);
    assert.equal(built.end.status, 'failed');
    assert.equal(built.end.error, 'no such width');
    const where = built.events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === 'code_error')!;
    assert.equal(where.line, 3, 'the throw in make()');
    // So is the optimizer the file makes (a negative learning rate is refused by optim.SGD).
    const badOpt = path.join(dir, 'opt.nn.ts');
    writeFileSync(badOpt, `import { network, nn, optim, loadData } from 'backprop/engine';
export default network({
  data: () => loadData('iris'), model: () => new nn.Sequential(new nn.Linear(4, 3)),
  train: { optimizer: (p) => new optim.SGD(p, { lr: -1 }) },
});
`);
    const opt = await run(badOpt);
    assert.equal(opt.end.status, 'failed');
    assert.match(opt.end.error!, /lr must be a positive number/);
    assert.equal(opt.events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === 'code_error')!.line, 4);
    const syntax = path.join(dir, 'syntax.nn.ts');
    writeFileSync(syntax, 'export default network({\n  data: ,\n});\n');
    await assert.rejects(loadCodeNetwork(syntax, engine as never), (err: Error & { line?: number }) => err.line === 2);
    const noExport = path.join(dir, 'plain.nn.mjs');
    writeFileSync(noExport, 'export const x = 1;\n');
    await assert.rejects(loadCodeNetwork(noExport, engine as never), /export default network/);
  });

  it('saves the weights as model.safetensors (PyTorch names and layout) and loadWeights restores them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    const file = path.join(FIXTURES, 'iris-class.nn.ts');
    const net = await loadCodeNetwork(file, engine as never);
    const modelPath = path.join(dir, 'model.safetensors');
    const end = await trainCode({ net, file, backend: await engine.init({ backend: 'cpu' }), onEvent: () => undefined, modelPath });
    const { decodeSafetensors } = await import('../../src/engine/model-io/safetensors');
    const saved = decodeSafetensors(new Uint8Array(require('node:fs').readFileSync(modelPath)));
    assert.deepEqual(saved.tensors.map((t) => `${t.name}:${t.shape}`), ['fc1.weight:16,4', 'fc1.bias:16', 'out.weight:3,16', 'out.bias:3']);
    assert.equal(saved.metadata.format, 'backprop-code');
    // A fresh model from the same code, given the saved weights, scores what the run ended with.
    const fresh = (net.model as () => engine.nn.Module)();
    engine.loadWeights(fresh, modelPath);
    const data = await engine.loadData('iris');
    fresh.eval();
    const acc = await engine.F.accuracy(fresh.forward(data.validation!.x), data.validation!.y);
    assert.equal(acc, end.final!.validation!.accuracy);
    const wrong = new engine.nn.Sequential(new engine.nn.Linear(4, 5));
    assert.throws(() => engine.loadWeights(wrong, modelPath), /no tensor "0.weight"/);
  });

  it('bundles the local files a network imports (`./x.js` meaning x.ts, as TypeScript writes it)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    writeFileSync(path.join(dir, 'blocks.ts'), "import { nn } from 'backprop';\nexport const mlp = (i: number, o: number) => new nn.Sequential(new nn.Linear(i, 8), new nn.ReLU(), new nn.Linear(8, o));\n");
    const file = path.join(dir, 'uses.nn.ts');
    writeFileSync(file, "import { network, loadData } from 'backprop/engine';\nimport { mlp } from './blocks.js';\nexport default network({ data: () => loadData('iris'), model: (d) => mlp(d.features, d.classes), train: { epochs: 2 } });\n");
    const { end, events } = await run(file);
    assert.equal(end.status, 'completed');
    assert.equal((events[0] as StartEvent).parameters, 4 * 8 + 8 + 8 * 3 + 3);
  });

  it('measures dead ReLU units per Linear, as a network file\'s run does, and warns on the line that builds the layer', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    const file = path.join(dir, 'dead.nn.ts');
    // fc1's bias pushed far below zero: every one of its 16 ReLU units outputs 0 for every
    // input, so none learns. fc2 (fused ReLU) stays alive.
    writeFileSync(file, `import { network, nn, loadData, tensor } from 'backprop/engine';
class Net extends nn.Module {
  fc1 = new nn.Linear(4, 16);
  act = new nn.ReLU();
  fc2 = new nn.Linear(16, 8, { activation: 'relu' });
  out = new nn.Linear(8, 3);
  constructor() {
    super();
    this.fc1.bias = tensor(new Float32Array(16).fill(-1000), { shape: [16], requiresGrad: true });
  }
  forward(x: nn.Tensor) { return this.out.forward(this.fc2.forward(this.act.forward(this.fc1.forward(x)))); }
}
export default network({ data: () => loadData('iris'), model: () => new Net(), train: { epochs: 3 } });
`);
    const { events } = await run(file);
    // fc1 feeds the nn.ReLU field (seen on the tape), fc2 has its own ReLU, out none.
    assert.deepEqual((events[0] as StartEvent).layers.map((l) => l.activation), ['relu', 'relu', 'linear']);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    const [fc1, fc2, out] = epochs[2].layers;
    assert.equal(fc1.dead_fraction, 1);
    assert.ok(fc2.dead_fraction !== undefined && fc2.dead_fraction < 1, `fc2 ${fc2.dead_fraction}`);
    assert.equal(out.dead_fraction, undefined, 'no ReLU after the output layer');
    const dead = events.find((e): e is DiagnosticEvent => e.type === 'diagnostic' && e.kind === 'dead_units')!;
    assert.ok(dead, 'a dead_units warning');
    assert.equal(dead.line, lineOf(file, 'fc1 = new nn.Linear'));
    assert.match(dead.message, /100% of the units of layer fc1 are dead/);
  });

  it('stack frames of the user\'s TypeScript map to its own lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-net-'));
    const file = path.join(dir, 'throws.nn.ts');
    copyFileSync(path.join(FIXTURES, 'iris-class.nn.ts'), path.join(dir, 'unused.nn.ts'));
    writeFileSync(file, `import { network, loadData } from 'backprop/engine';
type Shape = { a: number };
const s: Shape = { a: 1 };
function build(): never {
  throw new Error('no model ' + s.a);
}
export default network({ data: () => loadData('iris'), model: () => build() });
`);
    const net = await loadCodeNetwork(file, engine as never);
    try {
      (net.model as () => unknown)();
      assert.fail('should throw');
    } catch (err) {
      assert.match((err as Error).stack!, new RegExp(`${path.basename(file).replace('.', '\\.')}:5:`));
    }
  });
});
