// The training process as the extension uses it: forked, one request in, events out over
// IPC, every event stored in the run store as it comes, and cancel ending the run cleanly.
import assert from 'node:assert/strict';
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { listRuns, readRunEvents } from '../../src/engine/runstore';
import { STUDY_KINDS } from '../../src/engine/studies/types';
import type { WorkerMessage, WorkerRequest } from '../../src/shared/worker-protocol';
import { networkFile } from '../helpers/run';

function startWorker(req: WorkerRequest, onMessage?: (m: WorkerMessage, send: (r: WorkerRequest) => void) => void): Promise<WorkerMessage[]> {
  const child = fork('dist/worker.js', [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const got: WorkerMessage[] = [];
  child.on('message', (m: WorkerMessage) => { got.push(m); onMessage?.(m, (r) => child.send(r)); });
  child.send(req);
  return new Promise((resolve) => child.on('exit', () => resolve(got)));
}

describe('training worker', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('trains, streams events and stores them in the run store', async () => {
    const runsDir = mkdtempSync(path.join(tmpdir(), 'runs-'));
    const msgs = await startWorker({ type: 'train', file: path.resolve('examples/iris.nn.yaml'), runsDir, backend: 'cpu', epochs: 12 });
    const events = msgs.filter((m) => m.type === 'event').map((m) => (m as { event: { type: string } }).event);
    assert.equal(events[0].type, 'start');
    assert.equal(events.at(-1)!.type, 'end');
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
    const runs = listRuns(runsDir);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].epochs, 12);
    assert.deepEqual(readRunEvents(runs[0].dir), events);
  });

  it('reports an invalid file as diagnostics, not a crash', async () => {
    const file = networkFile('data: iris\nmodel:\n  - dense: 3\n    activation: softmaxx\n');
    const msgs = await startWorker({ type: 'train', file, backend: 'cpu' });
    const invalid = msgs.find((m) => m.type === 'invalid') as Extract<WorkerMessage, { type: 'invalid' }>;
    assert.equal(invalid.diagnostics[0].line, 4);
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'invalid' });
  });

  it('trains a code network from the editor\'s (unsaved) text, and reports its compile errors on their line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code-'));
    const file = path.join(dir, 'net.nn.ts');
    writeFileSync(file, 'this is not what the editor holds');
    const text = "import { network, nn, loadData } from 'backprop/engine';\nexport default network({\n  data: () => loadData('iris'),\n  model: () => new nn.Sequential(new nn.Linear(4, 3)),\n});\n";
    const runsDir = path.join(dir, 'runs');
    const msgs = await startWorker({ type: 'train', file, text, runsDir, backend: 'cpu', epochs: 3 });
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
    assert.equal(listRuns(runsDir)[0].epochs, 3);
    const broken = await startWorker({ type: 'train', file, text: text.replace("loadData('iris'),", "loadData('iris')),"), backend: 'cpu' });
    const invalid = broken.find((m) => m.type === 'invalid') as Extract<WorkerMessage, { type: 'invalid' }>;
    assert.equal(invalid.diagnostics[0].code, 'code_error');
    assert.equal(invalid.diagnostics[0].line, 3);
  });

  it('ends with status cancelled on cancel, keeping the epochs it finished', async () => {
    const runsDir = mkdtempSync(path.join(tmpdir(), 'runs-'));
    let asked = false;
    const msgs = await startWorker({ type: 'train', file: path.resolve('examples/iris.nn.yaml'), runsDir, backend: 'cpu', epochs: 100000 }, (m, send) => {
      if (!asked && m.type === 'event' && m.event.type === 'epoch' && m.event.epoch === 3) { asked = true; send({ type: 'cancel' }); }
    });
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'cancelled' });
    const run = listRuns(runsDir)[0];
    assert.equal(run.status, 'cancelled');
    assert.ok(run.epochs >= 3);
  });

  it('runs the bias/variance studies, streams each study and caches the result under its key', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'studies-'));
    const msgs = await startWorker({ type: 'diagnose', file: path.resolve('examples/circles-linear.nn.yaml'), backend: 'cpu', seeds: 1, cacheDir });
    const studies = msgs.filter((m) => m.type === 'study');
    assert.deepEqual(studies.map((m) => (m as Extract<WorkerMessage, { type: 'study' }>).study.kind), [...STUDY_KINDS]);
    const result = msgs.find((m) => m.type === 'study_result') as Extract<WorkerMessage, { type: 'study_result' }>;
    assert.equal(result.result.summary?.dominant, 'bias');
    assert.ok(existsSync(path.join(cacheDir, `${result.cacheKey}.json`)));
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
  });

  it('keeps the newest 200 cached results, deleting the oldest', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'studies-'));
    const old = (i: number) => path.join(cacheDir, `${i.toString(16).padStart(64, '0')}.json`);
    for (let i = 0; i < 200; i++) {
      writeFileSync(old(i), '{}');
      utimesSync(old(i), 1_000_000 + i, 1_000_000 + i); // i = 0 is the oldest
    }
    const msgs = await startWorker({ type: 'diagnose', file: path.resolve('examples/circles-linear.nn.yaml'), backend: 'cpu', seeds: 1, bootstraps: 2, cacheDir });
    const result = msgs.find((m) => m.type === 'study_result') as Extract<WorkerMessage, { type: 'study_result' }>;
    const left = readdirSync(cacheDir);
    assert.equal(left.length, 200);
    assert.ok(left.includes(`${result.cacheKey}.json`));
    assert.ok(!existsSync(old(0)) && existsSync(old(1)));
  });

  it('still reports the result when the cache cannot be written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'studies-')), 'a-file');
    writeFileSync(file, '');
    const msgs = await startWorker({ type: 'diagnose', file: path.resolve('examples/circles-linear.nn.yaml'), backend: 'cpu', seeds: 1, bootstraps: 2, cacheDir: path.join(file, 'studies') });
    assert.ok(msgs.some((m) => m.type === 'study_result'));
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
  });

  it('tries the fixes of a verdict: progress per training (the file first), then the measured result', async () => {
    const msgs = await startWorker({ type: 'try_fixes', file: path.resolve('examples/overfitting-5-points.nn.yaml'), backend: 'cpu' });
    const progress = msgs.filter((m): m is Extract<WorkerMessage, { type: 'trial_progress' }> => m.type === 'trial_progress');
    const result = msgs.find((m): m is Extract<WorkerMessage, { type: 'trial_result' }> => m.type === 'trial_result')?.result;
    assert.ok(result, 'a trial result');
    assert.equal(progress[0]!.message, 'the file as written');
    assert.equal(progress.at(-1)!.done, result.trials.length + 1);
    assert.equal(result.before.verdict, 'overfitting');
    assert.ok(result.best && result.best.validation!.loss < result.before.validation!.loss);
    assert.deepEqual(msgs.at(-1), { type: 'done', status: 'completed' });
  });
});
