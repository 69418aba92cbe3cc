// The run store when the disk is hostile: a dangling link in the runs folder, names too long
// for a folder, events that cannot be written; and the weights checkpointed as training goes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { init, prepareRun, train } from '../../src/engine';
import { listRuns } from '../../src/engine/runstore';
import { folderName, RunRecorder } from '../../src/engine/runstore/recorder';
import type { StartEvent } from '../../src/engine/train/events';
import { networkFile } from '../helpers/run';

const start = {
  type: 'start', file: '/w/a.nn.yaml', name: 'a', backend: { name: 'cpu', adapter: 'cpu', reason: 'asked' },
  parameters: 1, samples: { train: 1, validation: 0, test: 0 }, layers: [], task: 'classification', classes: 2,
  features: 1, epochs: 1, batchSize: 1, seed: 0, time: '2024-05-01T10:00:00.000Z',
} satisfies StartEvent;

describe('run store: hostile disk', () => {
  it('lists the runs past a dangling link and an unreadable entry', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'runs-'));
    const rec = new RunRecorder(root, 'a');
    rec.append(start);
    symlinkSync(path.join(root, 'gone'), path.join(root, 'dangling'));
    mkdirSync(path.join(root, 'events-is-a-folder', 'events.jsonl'), { recursive: true });
    assert.deepEqual(listRuns(root).map((r) => r.name), ['a']);
    assert.deepEqual(listRuns(path.join(root, 'dangling')), []);
  });

  it('bounds the folder name taken from any name, and keeps it safe', () => {
    assert.equal(folderName('n'.repeat(300)).length, 60);
    assert.equal(folderName('iris'), 'iris');
    assert.equal(folderName('../../etc'), '__.._etc'); // no slash, no leading dots
    assert.equal(folderName('..'), '_');
    assert.equal(folderName('日本語'), '_');
    const root = mkdtempSync(path.join(tmpdir(), 'runs-'));
    const rec = new RunRecorder(root, 'ü'.repeat(300));
    assert.ok(path.basename(rec.dir).length <= 90);
  });

  it('an event that cannot be written is kept as a failure, not thrown', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'runs-'));
    const rec = new RunRecorder(root, 'a');
    rec.append(start);
    rmSync(rec.dir, { recursive: true });
    writeFileSync(rec.dir, ''); // the folder replaced by a file: every append fails
    assert.doesNotThrow(() => rec.append(start));
    assert.match(rec.failure ?? '', /ENOTDIR|EEXIST|ENOENT/);
  });

  it('checkpoints the best weights while training, so a killed run keeps them', async () => {
    const file = networkFile('data: { source: moons, samples: 200 }\nmodel:\n  - dense: 8\n    activation: tanh\n  - dense: 2\n    activation: softmax\ntrain: { epochs: 6, backend: cpu }\n');
    const p = await prepareRun(file);
    assert.ok(p.ok);
    const weightsPath = path.join(path.dirname(file), 'weights.json');
    const backend = await init({ backend: 'cpu' });
    const seen: (number | null)[] = [];
    let bestValLoss = Infinity;
    let bestEpoch = 0;
    await train({
      spec: p.spec, splits: p.splits, backend, weightsPath, checkpointSeconds: 0,
      onEvent: (e) => {
        if (e.type !== 'epoch' || e.epoch === 0) return; // epoch 0 is the initial weights: nothing trained to keep yet
        // What a kill -9 now would leave: the checkpoint of the epoch before (written after
        // its event), which is the best epoch up to then.
        try { seen.push(JSON.parse(readFileSync(weightsPath, 'utf8')).epoch); } catch { seen.push(null); }
        assert.equal(seen.at(-1), e.epoch === 1 ? null : bestEpoch);
        if (e.validation!.loss < bestValLoss) { bestValLoss = e.validation!.loss; bestEpoch = e.epoch; }
      },
    });
    assert.equal(seen.length, 6);
    assert.ok(seen.slice(1).every((s) => typeof s === 'number' && s >= 1), JSON.stringify(seen));
  });
});
