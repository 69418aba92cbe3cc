// "Try it": each fix of a verdict trained on an edited copy with the same seed, and only the
// ones that measured better kept as advice (the engine in-process, and `backprop try`).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { init } from '../../src/engine';
import { compare, tryFixes } from '../../src/engine/advice';

const FIVE = 'examples/overfitting-5-points.nn.yaml';

describe('measured advice (Try it)', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('trains every overfitting fix of the 5 dots and keeps the best that measured better', async () => {
    const backend = await init({ backend: 'cpu' });
    const r = await tryFixes(FIVE, { text: readFileSync(FIVE, 'utf8'), backend });
    assert.equal(r.before.verdict, 'overfitting');
    assert.ok(r.trials.length >= 3, `${r.trials.length} trials`);
    for (const t of r.trials) {
      assert.notEqual(t.status, 'failed', t.reason);
      assert.equal(t.status, compare(r.before, t, 20), t.title);
    }
    assert.ok(r.best, 'a fix measured better');
    assert.equal(r.best.status, 'better');
    assert.ok(r.best.validation!.loss < r.before.validation!.loss * 0.99);
    // The best is the lowest validation loss of the better ones.
    for (const t of r.trials.filter((x) => x.status === 'better')) assert.ok(r.best.validation!.loss <= t.validation!.loss);
    assert.match(r.best.title, /^Set epochs to \d+/);
  });

  it('compares by validation loss, and one extra mistake on classification counts as worse', () => {
    const m = (loss: number, accuracy?: number) => ({ verdict: null, train: null, epochs: 1, validation: accuracy === undefined ? { loss } : { loss, accuracy } });
    assert.equal(compare(m(0.2), m(0.1), 20), 'better');
    assert.equal(compare(m(0.2), m(0.3), 20), 'worse');
    assert.equal(compare(m(0.2), m(0.2005), 20), 'same');
    assert.equal(compare(m(0.2, 0.9), m(0.15, 0.85), 20), 'worse');
    assert.equal(compare(m(0.2, 0.9), m(0.21, 0.95), 20), 'same');
    assert.equal(compare({ ...m(0.2), validation: null }, m(0.1), 0), 'unmeasured');
  });

  it('`backprop try --jsonl` prints one trial per fix and a summary naming the best', () => {
    const r = spawnSync(process.execPath, ['bin/backprop.js', 'try', FIVE, '--jsonl', '--backend', 'cpu'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const trials = lines.filter((l) => l.type === 'trial');
    const summary = lines.at(-1);
    assert.ok(trials.length >= 3);
    assert.equal(summary.type, 'trial_summary');
    assert.equal(summary.best, trials.filter((t) => t.status === 'better').sort((a, b) => a.validation.loss - b.validation.loss)[0].title);
  });
});
