// Reading the run store back: the one JSONL parser (engine and extension alike) keeps every
// intact event of a run cut by a crash, and the summary of such a run says `interrupted`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunEvents, summarizeRun } from '../../src/engine/runstore';
import type { EpochEvent, StartEvent } from '../../src/engine/train/events';

const start = {
  type: 'start', file: '/w/iris.nn.yaml', name: 'iris', backend: { name: 'cpu', adapter: 'cpu', reason: 'asked' },
  parameters: 35, samples: { train: 120, validation: 30, test: 0 }, layers: [], task: 'classification', classes: 3,
  features: 4, epochs: 10, batchSize: 16, seed: 1, time: '2024-05-01T10:00:00.000Z',
} satisfies StartEvent;
const epoch = (n: number, valLoss: number, valAccuracy: number): EpochEvent => ({
  type: 'epoch', epoch: n, train: { loss: 1 / n, accuracy: 0.5 }, validation: { loss: valLoss, accuracy: valAccuracy },
  seconds: 0.1, learning_rate: 0.01, layers: [],
});

describe('run store reader', () => {
  it('parses up to a line cut by a crash, skipping blank lines: 3 intact events, nothing after the cut', () => {
    const lines = [start, epoch(1, 0.9, 0.6), epoch(2, 0.7, 0.8)].map((e) => JSON.stringify(e));
    const cut = JSON.stringify(epoch(3, 0.5, 0.9)).slice(0, 25);
    const events = parseRunEvents(`${lines.join('\n')}\n\n${cut}\n${JSON.stringify(epoch(4, 0.4, 0.9))}\n`);
    assert.deepEqual(events.map((e) => (e.type === 'epoch' ? e.epoch : e.type)), ['start', 1, 2]);
    assert.equal(parseRunEvents('').length, 0);
  });

  it('summarizes a run with no end event as interrupted (running when live), with its best validation numbers', () => {
    const events = [start, epoch(1, 0.9, 0.6), epoch(2, 0.4, 0.8), epoch(3, 0.6, 0.7)];
    const summary = summarizeRun('/w/runs/2024-05-01_10-00-00_iris', events);
    assert.deepEqual(summary, {
      id: '2024-05-01_10-00-00_iris', dir: '/w/runs/2024-05-01_10-00-00_iris', file: '/w/iris.nn.yaml', name: 'iris',
      startedAt: '2024-05-01T10:00:00.000Z', status: 'interrupted', verdict: null, epochs: 3,
      bestValidationAccuracy: 0.8, bestValidationLoss: 0.4, backend: 'cpu',
    });
    assert.equal(summarizeRun('/w/runs/x', events, true)?.status, 'running');
    assert.equal(summarizeRun('/w/runs/x', [epoch(1, 1, 0.5)]), null);
  });
});
