// `backprop predict` and `backprop evaluate` on a real saved run: the numbers equal the run's
// own, and predictions on raw rows go through the normalisation stored with the weights.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { rawSplit, readSpec } from '../../src/engine/model-io/locate';
import { readSavedModel } from '../../src/engine/model-io/saved-model';
import { networkFile } from '../helpers/run';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/backprop.js', ...args], { encoding: 'utf8', timeout: 120_000 });

function trainRun(yaml: string) {
  const file = networkFile(yaml);
  const r = cli('train', file, '--backend', 'cpu', '--jsonl');
  assert.equal(r.status, 0, r.stderr);
  const end = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { file, end };
}

const IRIS = 'data:\n  source: iris\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 3\n    activation: softmax\noptimizer: { type: adam, learning_rate: 0.01 }\ntrain:\n  epochs: 25\n';

describe('predict and evaluate', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('evaluate on the validation split gives the run\'s own validation loss and accuracy, and a confusion matrix that agrees', () => {
    const { file, end } = trainRun(IRIS);
    const r = cli('evaluate', file, '--backend', 'cpu', '--jsonl');
    assert.equal(r.status, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.n, 30);
    assert.equal(e.accuracy, end.final.validation.accuracy);
    assert.equal(e.loss, end.final.validation.loss);
    const diagonal = e.confusion.reduce((s: number, row: number[], k: number) => s + row[k], 0);
    assert.equal(e.confusion.flat().reduce((a: number, b: number) => a + b, 0), 30);
    assert.equal(diagonal / 30, e.accuracy);
    // The people's report shows the same numbers.
    const text = cli('evaluate', file, '--backend', 'cpu', '--split', 'train').stdout;
    assert.match(text, /on the train split of net\.nn\.yaml: 120 samples/);
    assert.match(text, /confusion matrix[^]*setosa +\d+ +\d+ +\d+/);
  });

  it('predict on the raw validation rows (CSV with a label column) reproduces the run\'s accuracy, with probabilities summing to 1', async () => {
    const { file, end } = trainRun(IRIS);
    const saved = readSavedModel(path.join(path.dirname(file), '.backprop', 'runs', readRunDir(file)));
    const val = await rawSplit(await readSpec(file), 'validation');
    const header = [...saved.featureNames!, 'species'].join(',');
    const rows = Array.from({ length: val.n }, (_, i) => [...val.x.subarray(i * 4, i * 4 + 4), saved.classes![val.y[i]]].join(','));
    const csv = path.join(path.dirname(file), 'rows.csv');
    writeFileSync(csv, `${header}\n${rows.join('\n')}\n`);
    const out = path.join(path.dirname(file), 'pred.json');
    const r = cli('predict', file, '--backend', 'cpu', '--input', csv, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const preds = JSON.parse(readFileSync(out, 'utf8')) as { class: string; probabilities: Record<string, number> }[];
    assert.equal(preds.length, 30);
    const right = preds.filter((p, i) => p.class === saved.classes![val.y[i]]).length;
    assert.equal(right / 30, end.final.validation.accuracy);
    assert.match(r.stderr, new RegExp(`accuracy on the 30 labelled rows: ${(100 * right / 30).toFixed(1)}%`));
    for (const p of preds) {
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `probabilities sum to ${sum}`);
      assert.equal(p.class, Object.entries(p.probabilities).sort((a, b) => b[1] - a[1])[0][0]);
    }
  });

  it('evaluates a regression run (loss only) and predicts values from a JSON file', async () => {
    const { file, end } = trainRun('data:\n  source: poly\n  samples: 200\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 1\nloss: mse\ntrain:\n  epochs: 10\n');
    const e = JSON.parse(cli('evaluate', file, '--backend', 'cpu', '--jsonl').stdout);
    assert.equal(e.loss, end.final.validation.loss);
    assert.equal(e.accuracy, undefined);
    const val = await rawSplit(await readSpec(file), 'validation');
    const items = Array.from({ length: val.n }, (_, i) => ({ input: Array.from(val.x.subarray(i * val.features, (i + 1) * val.features)), output: val.y[i] }));
    const data = path.join(path.dirname(file), 'val.json');
    writeFileSync(data, JSON.stringify(items));
    const onFile = JSON.parse(cli('evaluate', file, '--backend', 'cpu', '--jsonl', '--data', data).stdout);
    assert.equal(onFile.n, val.n);
    assert.ok(Math.abs(onFile.loss - e.loss) < 1e-6 * Math.max(1, e.loss), `${onFile.loss} vs ${e.loss}`);
    const lines = cli('predict', file, '--backend', 'cpu', '--jsonl', '--input', data).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, val.n);
    const mse = lines.reduce((s, l, i) => s + (l.values[0] - val.y[i]) ** 2, 0) / val.n;
    assert.ok(Math.abs(mse - e.loss) < 1e-5 * Math.max(1, e.loss), `${mse} vs ${e.loss}`);
  });

  it('says what to do when there is no saved run, or the input does not fit', () => {
    const file = networkFile(IRIS);
    const r = cli('evaluate', file, '--backend', 'cpu');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no saved run of net\.nn\.yaml .* train it first/);
    assert.match(cli('predict', file).stderr, /predict needs --input/);
    const { file: trained } = trainRun(IRIS);
    const bad = path.join(path.dirname(trained), 'bad.csv');
    writeFileSync(bad, 'a,b\n1,2\n');
    const p = cli('predict', trained, '--backend', 'cpu', '--input', bad);
    assert.equal(p.status, 2);
    assert.match(p.stderr, /bad\.csv has 2 columns; the model takes 4 features/);
  });
});

function readRunDir(file: string): string {
  return readdirSync(path.join(path.dirname(file), '.backprop', 'runs'))[0];
}
