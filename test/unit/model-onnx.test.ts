// ONNX export checked by a real runtime: onnxruntime-node runs the exported graph on the raw
// validation rows, and its outputs equal Backprop's predictions within 1e-5.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { init, prepareRun, train } from '../../src/engine';
import { modelFromSaved } from '../../src/engine/model-io/load';
import { normalizeInputs } from '../../src/engine/model-io/inputs';
import { rawSplit } from '../../src/engine/model-io/locate';
import { toOnnx } from '../../src/engine/model-io/onnx';
import { predict } from '../../src/engine/model-io/predict';
import { readSavedModel } from '../../src/engine/model-io/saved-model';
import { networkFile } from '../helpers/run';

async function compare(yaml: string) {
  const backend = await init({ backend: 'cpu' });
  const file = networkFile(yaml);
  const p = await prepareRun(file);
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  const modelPath = path.join(path.dirname(file), 'model.safetensors');
  const end = await train({ spec: p.spec, splits: p.splits, backend, modelPath, onEvent: () => {} });
  assert.equal(end.status === 'failed', false, end.error);
  const saved = readSavedModel(modelPath);
  const raw = await rawSplit(p.spec, 'validation');
  const model = modelFromSaved(saved);
  const ours = await predict(model, saved, p.spec.loss, normalizeInputs(raw.x, saved), raw.n);
  model.dispose();
  const session = await ort.InferenceSession.create(toOnnx(saved, p.spec.loss));
  const result = await session.run({ input: new ort.Tensor('float32', raw.x, [raw.n, raw.features]) });
  const theirs = result.output.data as Float32Array;
  assert.deepEqual(result.output.dims, [raw.n, ours.width]);
  let worst = 0;
  for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(theirs[i] - ours.values[i]));
  assert.ok(worst <= 1e-5, `largest difference ${worst}`);
  return { end, ours, theirs, raw, file };
}

describe('ONNX export', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('Iris (standardised inputs, tanh, softmax): the same probabilities, hence the run\'s validation accuracy', async () => {
    const { end, theirs, raw, ours } = await compare('data:\n  source: iris\nmodel:\n  - dense: 16\n    activation: tanh\n  - dropout: 0.2\n  - dense: 3\n    activation: softmax\noptimizer: { type: adam, learning_rate: 0.01 }\ntrain:\n  epochs: 40\n');
    let right = 0;
    for (let i = 0; i < raw.n; i++) {
      const row = Array.from(theirs.subarray(i * 3, i * 3 + 3));
      if (row.indexOf(Math.max(...row)) === raw.y[i]) right++;
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
    assert.equal(right / raw.n, end.final!.validation!.accuracy);
    assert.equal(ours.width, 3);
  });

  it('every activation (relu, gelu, leaky_relu, sigmoid, a separate activation layer) and a binary cross-entropy head', async () => {
    await compare('data:\n  source: moons\n  samples: 300\n  normalize: minmax\nmodel:\n  - dense: 12\n    activation: relu\n  - dense: 12\n    activation: gelu\n  - dense: 8\n    activation: leaky_relu\n  - dense: 8\n  - activation: sigmoid\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\ntrain:\n  epochs: 15\n');
  });

  it('regression (mse) values, and the CLI writes model.onnx next to the run', async () => {
    await compare('data:\n  source: poly\n  samples: 200\nmodel:\n  - dense: 16\n    activation: tanh\n  - dense: 1\nloss: mse\ntrain:\n  epochs: 20\n');
    const file = networkFile('data:\n  source: iris\nmodel:\n  - dense: 4\n    activation: relu\n  - dense: 3\n    activation: softmax\ntrain:\n  epochs: 3\n');
    assert.equal(spawnSync(process.execPath, ['bin/backprop.js', 'train', file, '--backend', 'cpu', '--quiet']).status, 0);
    const out = path.join(path.dirname(file), 'iris.onnx');
    const r = spawnSync(process.execPath, ['bin/backprop.js', 'export', file, '--format', 'onnx', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /iris\.onnx: ONNX \(opset 17; input "input" \[batch, 4\]/);
    const session = await ort.InferenceSession.create(readFileSync(out));
    assert.deepEqual([session.inputNames, session.outputNames], [['input'], ['output']]);
  });
});
