// The training process's model tasks (what Evaluate run, Predict… and Export model… in VS Code
// send): the run's own numbers back, files written, and a missing run refused, not a crash.
import assert from 'node:assert/strict';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { ModelRequest, WorkerMessage } from '../../src/shared/worker-protocol';
import { networkFile } from '../helpers/run';

function ask(req: Omit<ModelRequest, 'type'>): Promise<WorkerMessage[]> {
  const child = fork('dist/worker.js', [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const got: WorkerMessage[] = [];
  child.on('message', (m: WorkerMessage) => got.push(m));
  child.send({ type: 'model', ...req });
  return new Promise((resolve) => child.on('exit', () => resolve(got)));
}

const resultOf = (msgs: WorkerMessage[]) => {
  const m = msgs.find((x) => x.type === 'model_result');
  assert.ok(m && m.type === 'model_result', JSON.stringify(msgs));
  return m.result;
};

describe('model tasks in the training process', () => {
  let file: string;
  let run: string;
  let end: { final: { validation: { loss: number; accuracy: number } } };

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
    file = networkFile('data: iris\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 3\n    activation: softmax\ntrain:\n  epochs: 20\n  backend: cpu\n');
    const r = spawnSync(process.execPath, ['bin/backprop.js', 'train', file, '--jsonl'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    end = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const runs = path.join(path.dirname(file), '.backprop', 'runs');
    run = path.join(runs, readdirSync(runs)[0]);
  });

  it('evaluate: the run\'s validation loss and accuracy, the confusion matrix and its report', async () => {
    const msgs = await ask({ task: 'evaluate', file, run });
    const r = resultOf(msgs);
    assert.equal(r.n, 30);
    assert.equal(r.loss, end.final.validation.loss);
    assert.equal(r.accuracy, end.final.validation.accuracy);
    assert.equal(r.confusion!.flat().reduce((a, b) => a + b, 0), 30);
    assert.match(r.text, /on the validation split of net\.nn\.yaml: 30 samples/);
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
  });

  it('predict writes <input>.predictions.csv beside the input; export writes a Keras script', async () => {
    const input = path.join(path.dirname(file), 'rows.csv');
    writeFileSync(input, 'sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n6.3,3.3,6.0,2.5,virginica\n');
    const p = resultOf(await ask({ task: 'predict', file, run, input }));
    assert.equal(p.out, path.join(path.dirname(file), 'rows.predictions.csv'));
    assert.equal(readFileSync(p.out!, 'utf8').trim().split('\n').length, 3);
    assert.match(p.text, /2 predictions .* accuracy on its labels/);
    const e = resultOf(await ask({ task: 'export', file, run, format: 'keras' }));
    assert.equal(e.out, path.join(run, 'train_keras.py'));
    assert.match(readFileSync(e.out!, 'utf8'), /layers\.Dense\(8, activation='tanh'.*name='dense_0'\)/);
  });

  it('a folder without weights is refused with a message', async () => {
    const msgs = await ask({ task: 'evaluate', file, run: path.dirname(file) });
    const refused = msgs.find((m) => m.type === 'refused');
    assert.ok(refused && refused.type === 'refused');
    assert.match(refused.message, /holds no model\.safetensors or weights\.json/);
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'failed' });
  });
});
