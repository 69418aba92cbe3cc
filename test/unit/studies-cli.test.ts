// `backprop diagnose FILE`: the --jsonl stream and the terminal report, end to end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { StudyEvent, StudySummaryEvent } from '../../src/engine/studies/types';
import { networkFile } from '../helpers/run';

const file = networkFile(`data: { source: circles, samples: 120, validation: 0.3 }
model:
  - dense: 2
    activation: softmax
optimizer: { type: adam, learning_rate: 0.05 }
train: { epochs: 500 }
`);

function diagnose(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'diagnose', file, '--backend', 'cpu', '--seeds', '1', '--bootstraps', '3', '--epochs', '20', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('backprop diagnose', () => {
  it('--jsonl: one study line per study, then the summary; progress on stderr only', () => {
    const r = diagnose('--jsonl', '--studies', 'learning_curve,bootstrap');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as StudyEvent | StudySummaryEvent);
    assert.deepEqual(lines.map((l) => l.type), ['study', 'study', 'study_summary']);
    assert.deepEqual(lines.slice(0, 2).map((l) => (l as StudyEvent).kind), ['learning_curve', 'bootstrap']);
    const last = lines[2] as StudySummaryEvent;
    assert.equal(last.status, 'completed');
    assert.equal(last.options.epochs, 20);
    assert.equal(last.summary?.dominant, 'bias');
    assert.match(last.cache_key, /^[0-9a-f]{64}$/);
    assert.match(r.err, /bootstrap: 3 trainings/);
  });

  it('prints tables, the summary and the quick fix; exits 2 without a validation split', () => {
    const r = diagnose('--studies', 'model_size');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Model size/);
    assert.match(r.out, /as in the file \(no hidden layer\) \*/);
    assert.match(r.out, /Quick fix: Add a hidden layer of \d+ units/);
    const none = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'diagnose', networkFile('data: { source: circles, validation: 0 }\nmodel:\n  - dense: 2\n    activation: softmax\n'), '--backend', 'cpu'], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /validation split/);
  });
});
