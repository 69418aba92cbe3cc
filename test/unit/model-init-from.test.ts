// train.init_from / --init-from: training resumes from saved weights, and weights that do not
// fit are an error on the line of the layer they do not fit.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import { lineOf, networkFile } from '../helpers/run';

const layers = (hidden: number) => `model:\n  - dense: ${hidden}\n    activation: tanh\n  - dense: 3\n    activation: softmax\n`;

async function trainSaved(yaml: string, file = networkFile(yaml)) {
  const backend = await init({ backend: 'cpu' });
  const p = await prepareRun(file);
  if (!p.ok) throw new Error(JSON.stringify(p.diagnostics));
  const dir = path.dirname(file);
  const end = await train({ spec: p.spec, splits: p.splits, backend, weightsPath: path.join(dir, 'weights.json'), modelPath: path.join(dir, 'model.safetensors'), onEvent: () => {} });
  return { dir, end };
}

describe('init_from', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('starts from the saved weights: one epoch at a negligible learning rate ends where the saved run ended', async () => {
    const first = await trainSaved(`data:\n  source: iris\n${layers(8)}optimizer: { type: adam, learning_rate: 0.02 }\ntrain:\n  epochs: 30\n`);
    const again = (from: string) => `data:\n  source: iris\n${layers(8)}optimizer: { type: sgd, learning_rate: 0.00000001 }\ntrain:\n  epochs: 1\n  seed: 7\n${from}`;
    const resumed = await trainSaved(again(`  init_from: ${first.dir}\n`));
    const scratch = await trainSaved(again(''));
    const val = first.end.final!.validation!;
    assert.ok(Math.abs(resumed.end.final!.validation!.loss - val.loss) < 1e-5, `${resumed.end.final!.validation!.loss} vs ${val.loss}`);
    assert.equal(resumed.end.final!.validation!.accuracy, val.accuracy);
    assert.ok(scratch.end.final!.validation!.loss > val.loss + 0.3, `from scratch: ${scratch.end.final!.validation!.loss}`);
  });

  it('a model whose shapes differ is an error on the layer\'s line, naming the layer and the init_from line', async () => {
    const first = await trainSaved(`data:\n  source: iris\n${layers(8)}train:\n  epochs: 2\n`);
    const yaml = `data:\n  source: iris\n${layers(5)}train:\n  epochs: 2\n  init_from: ${path.join(first.dir, 'model.safetensors')}\n`;
    const p = await prepareRun(networkFile(yaml));
    assert.equal(p.ok, false);
    const errors = p.diagnostics.filter((d) => d.code === 'init_from_mismatch');
    assert.equal(errors.length, 2, JSON.stringify(p.diagnostics));
    assert.equal(errors[0].line, lineOf(yaml, '- dense: 5'));
    assert.match(errors[0].message, new RegExp(`line ${lineOf(yaml, 'init_from')}\\).*model\\[0\\] is dense 4 → 5 here, but its weights in .*model\\.safetensors \\(layer 0\\) are 4 → 8`));
    assert.equal(errors[1].line, lineOf(yaml, '- dense: 3'));
    assert.match(errors[1].message, /model\[1\] is dense 5 → 3 here, .* are 8 → 3/);

    const deeper = `data:\n  source: iris\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 8\n  - dense: 3\n    activation: softmax\ntrain:\n  init_from: ${first.dir}\n`;
    const q = await prepareRun(networkFile(deeper));
    assert.equal(q.ok, false);
    assert.ok(q.diagnostics.some((d) => d.code === 'init_from_mismatch' && d.line === 6 && /model\[1\] is dense 8 → 8 here/.test(d.message)), JSON.stringify(q.diagnostics));
  });

  it('a path with no weights is an error on the init_from line; the CLI reports it as FILE:LINE:COL and --init-from resumes a run', async () => {
    const yaml = `data:\n  source: iris\n${layers(8)}train:\n  init_from: no-such-run\n`;
    const file = networkFile(yaml);
    const r = spawnSync(process.execPath, ['bin/backprop.js', 'train', file, '--backend', 'cpu', '--no-save'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`net\\.nn\\.yaml:${lineOf(yaml, 'init_from')}:\\d+: error: cannot start from the saved weights .*no-such-run does not exist`));

    const first = await trainSaved(`data:\n  source: iris\n${layers(8)}train:\n  epochs: 20\n`);
    const plain = networkFile(`data:\n  source: iris\n${layers(8)}optimizer: { type: sgd, learning_rate: 0.00000001 }\ntrain:\n  epochs: 1\n`);
    const ok = spawnSync(process.execPath, ['bin/backprop.js', 'train', plain, '--backend', 'cpu', '--no-save', '--jsonl', '--init-from', path.relative(process.cwd(), first.dir)], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const end = JSON.parse(ok.stdout.trim().split('\n').pop()!);
    assert.ok(Math.abs(end.final.validation.loss - first.end.final!.validation!.loss) < 1e-5);
  });
});
