// Stored results read back when damaged or crafted: a run's events stop at the first line
// that is cut, not JSON or of the wrong types (with the line and the field said), a cached
// study result that does not fit is "unreadable" with its file and reason, and a real run
// (a diverged one included) reads back whole.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseRunEventsChecked } from '../../src/engine/runstore';
import { checkStudyResult } from '../../src/engine/studies/schema';
import type { StudyResult } from '../../src/engine/studies/types';
import type { StartEvent } from '../../src/engine/train/events';
import { latestCached, readCached } from '../../src/extension/studies/cache';
import { readRun } from '../../src/extension/runs/store';
import { networkFile, trainFile } from '../helpers/run';

const start = {
  type: 'start', file: '/w/a.nn.yaml', name: 'a', backend: { name: 'cpu', adapter: 'cpu', reason: 'asked' },
  parameters: 1, samples: { train: 1, validation: 0, test: 0 }, layers: [], task: 'classification', classes: 2,
  features: 1, epochs: 1, batchSize: 1, seed: 0, time: '2024-05-01T10:00:00.000Z',
} satisfies StartEvent;
const epoch = (n: number) => ({ type: 'epoch', epoch: n, train: { loss: 0.5 }, validation: null, seconds: 0.1, learning_rate: 0.01, layers: [] });
const lines = (...events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');

describe('run events read back', () => {
  it('stop at a line of the wrong types and say which line and field', () => {
    const r = parseRunEventsChecked(`${lines(start, epoch(1), { ...epoch(2), train: { loss: 'x' } }, epoch(3))}\n`);
    assert.deepEqual(r.events.map((e) => e.type), ['start', 'epoch']);
    assert.equal(r.problem, 'line 3: train.loss is "x", not a number');
    assert.equal(parseRunEventsChecked(lines({ ...start, time: 5 })).problem, 'line 1: time is 5, not text');
    assert.equal(parseRunEventsChecked(lines({ ...start, layers: [{ index: 0, kind: 'conv' }] })).problem,
      'line 1: layers[0].kind is "conv", not one of dense, dropout, activation');
    assert.equal(parseRunEventsChecked(lines(start, { ...epoch(1), type: 'end' })).problem, 'line 2: status is missing');
  });

  it('say a cut last line and a garbage line apart, and keep what comes before', () => {
    const whole = `${lines(start, epoch(1))}\n`;
    assert.deepEqual(parseRunEventsChecked(`${whole}{"type":"epo`), { events: parseRunEventsChecked(whole).events, problem: 'line 3 is cut short' });
    assert.equal(parseRunEventsChecked(`${whole}\u0000\u0001garbage\n${lines(epoch(2))}\n`).problem, 'line 3 is not JSON');
    assert.deepEqual(parseRunEventsChecked('PK\u0003\u0004 not a run at all'), { events: [], problem: 'line 1 is cut short' });
    assert.deepEqual(parseRunEventsChecked(`${whole}\n\n`), { events: parseRunEventsChecked(whole).events });
  });

  it('read a real run back whole, a diverged one (NaN losses written as null) included', async () => {
    const file = networkFile('data: { source: moons, samples: 100 }\nmodel:\n  - dense: 8\n    activation: relu\n  - dense: 2\n    activation: softmax\noptimizer: { type: sgd, learning_rate: 1e30 }\ntrain: { epochs: 3, backend: cpu }\n');
    const { events, end } = await trainFile(file, 'cpu');
    const text = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
    assert.ok(text.includes('null'), 'a diverged loss is written as null');
    const r = parseRunEventsChecked(text);
    assert.equal(r.problem, undefined);
    assert.equal(r.events.length, events.length);
    assert.equal(end.status, 'failed');
  });

  it('from a run folder, in the extension: a missing file is no events and no problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'run-'));
    assert.deepEqual(await readRun(dir), { events: [] });
    writeFileSync(path.join(dir, 'events.jsonl'), `${lines(start, { ...epoch(1), seconds: 'slow' })}\n`);
    assert.deepEqual(await readRun(dir), { events: [start], problem: 'line 2: seconds is "slow", not a number' });
  });
});

const fixture = JSON.parse(readFileSync(path.join(__dirname, '../webview/fixtures/study-circles-linear.json'), 'utf8')) as StudyResult;

describe('cached study results read back', () => {
  it('a real result fits; a crafted one says what is wrong', () => {
    assert.equal(checkStudyResult(fixture), undefined);
    // Cached before the depth study existed: no depthChanges, still readable.
    const { depthChanges: _d, ...options } = fixture.options;
    assert.equal(checkStudyResult({ ...fixture, options }), undefined);
    const bad = structuredClone(fixture);
    (bad.summary as unknown as Record<string, unknown>)['dominant'] = 'x';
    assert.equal(checkStudyResult(bad), 'summary.dominant is "x", not one of bias, variance, neither');
    const edits = structuredClone(fixture);
    (edits.studies[1] as { quickFix: unknown }).quickFix = { title: 't', edits: [{ op: 'run', command: 'rm -rf /' }], from: 0.5, to: 0.1 };
    assert.equal(checkStudyResult(edits), 'studies[1].quickFix.edits[0].op is "run", not one of set, insert_layer, remove_layer');
  });

  it('the newest file of a network file is unreadable (file and reason), an older good one is not shown over it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'studies-'));
    const mine = '/w/circles.nn.yaml';
    const good = { ...fixture, file: mine };
    const keys = ['a', 'b', 'c', 'd'].map((c) => c.repeat(64));
    writeFileSync(path.join(dir, `${keys[0]}.json`), JSON.stringify(good));
    writeFileSync(path.join(dir, `${keys[1]}.json`), JSON.stringify({ ...good, summary: { ...good.summary, dominant: 'x' } }));
    writeFileSync(path.join(dir, `${keys[2]}.json`), '{"format":"backprop-studies","vers'); // cut: whose it is cannot be told
    writeFileSync(path.join(dir, `${keys[3]}.json`), JSON.stringify({ ...good, file: '/w/other.nn.yaml', studies: 'x' })); // another file's
    keys.forEach((k, i) => utimesSync(path.join(dir, `${k}.json`), 1000 + i, 1000 + i));
    assert.deepEqual(await latestCached(dir, mine), { key: keys[1], unreadable: { file: `${keys[1]}.json`, reason: 'summary.dominant is "x", not one of bias, variance, neither' } });
    assert.equal(await readCached(dir, keys[1]!), undefined, 'a damaged entry is not a cache hit');
    assert.deepEqual(await readCached(dir, keys[0]!), good);
    assert.deepEqual(await latestCached(dir, '/w/other.nn.yaml'), { key: keys[3], unreadable: { file: `${keys[3]}.json`, reason: 'studies is "x", not a list' } });
  });
});
